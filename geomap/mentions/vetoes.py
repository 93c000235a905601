"""Vetoes: named tests that words are not a place, whatever the gazetteer says.

Each veto is a predicate over tokens [start, end) of a ``Doc`` with a name, what it needs from
the parse, and examples of words it refuses (tested in ``tests/test_vetoes.py``).
:data:`VETOES` lists them; a new "this is not a place" rule is a new veto here, not a branch in
a recogniser.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..docdata import cache, column, entities, tokens_where
from ..lexicon import lexicon
from .words import (
    POSSESSIVE,
    common_word_first,
    entity_at,
    is_cap,
    locative,
    propn_chunk,
    saint_before,
    sentence_first,
    state_possessive,
)

LEX = lexicon()


@dataclass(frozen=True, slots=True, kw_only=True)
class Veto:
    """A reason why words are not a place name.

    Attributes
    ----------
    name : str
    test : callable
        ``test(doc, start, end) -> bool``: True when tokens [start, end) are not a place.
    plain : callable or None
        The same from the words alone (no parse), if it can be said without one.
    needs : frozenset of str
        What it reads from the parse: ``pos``, ``dep``, ``ent``.
    examples : tuple of (str, str)
        Sentences and the words in them it refuses.
    """

    name: str
    test: Callable[..., bool]
    needs: frozenset[str]
    examples: tuple[tuple[str, str], ...]
    #: the same test from the words alone, for a doc with no parse (the fast mode), if there is one
    plain: Callable[..., bool] | None = None


def org_phrase(doc, start: int) -> bool:
    """'Organization for Security and Co-operation in Europe': an org word earlier in the same name."""
    k, seen = start - 1, 0
    while k >= 0 and seen < 8:
        t = doc[k]
        if t.lower_ in LEX.org_words and is_cap(t) and not (t.is_sent_start and t.pos_ != "PROPN"):
            return True  # but "Police in Perth said": a sentence's first word is capitalised anyway
        joined = k > 0 and doc[k - 1].text == "-"  # "Co-operation"
        if not (is_cap(t) or joined or t.lower_ in ("for", "of", "and", "in", "on", "the") or t.text == "-"):
            return False
        k, seen = k - 1, seen + 1
    return False


def vehicle_name(doc, start: int, end: int, known_place: bool = False) -> bool:
    """'the container ship Dali', 'The Dali, a 300-metre vessel', 'the Rhosus, an ageing freighter'.

    A well-known place (``known_place``), or what the language model calls one, before the word is
    whose the vehicle is, not its name: "the UK flag carrier", "a US aircraft carrier".
    """
    root = doc[start:end].root
    if start > 0 and doc[start - 1].lower_ in LEX.vehicle_words:
        return True
    if root.head.lemma_.lower() in LEX.vehicle_words and (
        root.dep_ == "appos" or (root.dep_ == "compound" and not known_place and root.ent_type_ != "GPE")
    ):
        return True
    return any(
        c.dep_ == "appos"
        and any(t.lemma_.lower() in LEX.vehicle_words for t in c.subtree)
        # "JAKARTA, Indonesia — A passenger ferry sank": a dateline, not "the Rhosus, an ageing freighter"
        and not any(doc[k].text in LEX.dashes for k in range(end, c.left_edge.i))
        for c in root.children
    )


def _bracketed_acronym(doc, i: int, j: int, start: int, end: int) -> bool:
    """'Islamic State Khorasan Province (ISIS-K)': a longer name with an acronym in brackets after it."""
    if j >= len(doc) or doc[j].text != "(":
        return False
    k = j + 1
    while k < len(doc) and k < j + 5 and doc[k].text != ")":
        k += 1
    acronym = doc[j + 1 : k].text.replace("-", "")
    return acronym.isupper() and 2 <= len(acronym) <= 8 and (i < start or j > end)


def org_name(doc, start: int, end: int) -> bool:
    """Whether tokens [start, end) are part of an organisation's (or a vehicle's) name."""
    if org_phrase(doc, start) or vehicle_name(doc, start, end):
        return True
    i, j = propn_chunk(doc, start, end)
    if _bracketed_acronym(doc, i, j, start, end):
        return True
    for t in range(i, j):
        if start <= t < end:
            continue
        ent = doc[t].ent_type_
        if ent == "ORG" or doc[t].lower_ in LEX.org_words:
            return True
        if t < start and ent in ("NORP", "PERSON"):
            # "Islamic State Sahel Province": a name that starts with a people or person is not a place's
            return True
    return False


def street_name(doc, start: int, end: int) -> bool:
    """'2700 North Fourth Street': words inside a longer entity that ends in a street word."""
    ent = entity_at(doc, start, end)
    return (
        ent is not None
        and ent.end - ent.start > 1
        and (ent.start, ent.end) != (start, end)
        and doc[ent.end - 1].lower_ in LEX.street_words
    )


def person_names(doc) -> set[str]:
    """Surnames the text gives to people: 'Brian Paterson' makes a later lone 'Paterson' a person."""
    return {ent[-1].lower_ for ent in entities(doc) if ent.label_ == "PERSON" and len(ent) > 1}


def given_names(doc) -> set[str]:
    """First names of the text's people that the text never uses as a place's.

    "Eleven-year-old Georgia Thompson ... Georgia began skating at four": after the full name, a lone
    "Georgia" is the girl, however often the language model calls it a place, if the text uses it
    more often as a person's (the subject of a verb, a possessive) than as a place's (after a
    preposition, before a noun: "Georgia officials"), and never before the person's, nor where
    things are ("in Georgia"), nor as what a state has ("Georgia's government").
    """
    first: dict[str, int] = {}
    full_names: set[int] = set()  # the words of the people's full names
    for ent in entities(doc):
        if ent.label_ == "PERSON" and len(ent) > 1 and is_cap(ent[0]):
            first.setdefault(ent[0].lower_, ent.start)
            full_names.update(range(ent.start, ent.end))
    if not first:
        return set()
    votes: Counter = Counter()  # > 0: used as a person's ("Georgia said", "Georgia's father")
    placed = set()
    for tok in tokens_where(doc, "lower_", first.__contains__):
        low = tok.lower_
        if tok.i in full_names or low in placed:
            continue
        if tok.i < first[low] or locative(doc, tok.i, tok.i + 1) or state_possessive(tok):
            placed.add(low)
        elif tok.dep_ in ("pobj", "compound"):
            votes[low] -= 1
        elif tok.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "appos"):
            votes[low] += 1
    return {low for low in first if low not in placed and votes[low] > 0}


def person(doc, start: int, end: int, *, people: set[str], given: set[str], known_place: bool) -> bool:
    """Whether a one-word name is a person's in this text ("Mr Bush", or "Bush" after "George Bush").

    A surname the text gives to someone stays a person's even where the language model calls it a
    place ("Claude Dubreuil, a builder ... Dubreuil had a canal dug"), unless it is a well-known place
    (``known_place``: "Washington" after "George Washington"); so does a first name the text never
    uses as a place's (``given``, see :func:`given_names`).
    """
    if end - start != 1:
        return False
    if doc[start].lower_ in given:
        return True
    place_label = doc[start].ent_type_ in ("GPE", "LOC")
    if doc[start].lower_ in people:
        return not (place_label and known_place)
    if _word_at(doc, start) in LEX.honorifics:
        return True  # "Col. Maj. Amadou Abdramane": a title itself (Maj, Majuro's other name)
    return not place_label and start > 0 and _word_at(doc, start - 1) in LEX.honorifics


def _word_at(doc, i: int) -> str:
    """The word at token ``i``, lowercase, with the dot the tokenizer split off it ("Col" "." -> "col.")."""
    if doc[i].text == "." and i > 0 and not doc[i - 1].whitespace_:
        i -= 1  # the dot of the word before
    word = doc[i].lower_
    dot = i + 1 < len(doc) and doc[i + 1].text == "." and not doc[i].whitespace_
    return word + "." if dot and not word.endswith(".") else word


def capitalised_common_word(doc, start: int, end: int) -> bool:
    """'Strong earthquake hits...', 'Gunmen opened fire': a sentence's first word, capitalised as such.

    Also a sentence's first word that the article writes elsewhere in lowercase ("Island watches in
    horror", in a story of "the island's hospital"), whatever the parse took it for.
    """
    if end - start != 1:
        return False
    tok = doc[start]
    if common_word_first(tok):
        return True
    return sentence_first(tok) and tok.lower_ in _lowercase_words(doc)


def named_for_a_person_in_words(doc, start: int, end: int) -> bool:
    """'Marjory Stoneman Douglas High School': the last word of a person's full name, in a venue named for them.

    Two capitalised names right before it (not a title, not a direction, not a sentence's first word)
    and a venue's word soon after it, from the words alone.
    """
    if start < 2 or any(not is_cap(doc[k]) or doc[k].is_sent_start for k in (start - 2, start - 1)):
        return False
    before = {doc[k].lower_.rstrip(".") for k in (start - 2, start - 1)}
    if before & (LEX.name_titles | LEX.compass_adjectives | LEX.venue_words | LEX.org_words):
        return False
    return any(doc[k].lower_ in LEX.venue_words for k in range(end, min(end + 3, len(doc))))


def named_for_a_person(doc, start: int, end: int) -> bool:
    """:func:`named_for_a_person_in_words`, the two names before it proper nouns."""
    return named_for_a_person_in_words(doc, start, end) and all(doc[k].pos_ == "PROPN" for k in (start - 2, start - 1))


def saint_s_name(doc, start: int, end: int) -> bool:
    """'St. Mary's Cathedral', 'Saint Peter's Square': a saint's name before "'s" names a building, not a town."""
    return saint_before(doc, start) and end < len(doc) and doc[end].lower_ in POSSESSIVE


def after_definite_article(doc, start: int, end: int) -> bool:
    """'near the Circle', 'outside the Mall': one capitalised word after a lowercase "the", heading its phrase.

    A town's name does not take the article in English ("in Circle", "in Hope"), unless the article
    is part of its name ("The Hague"): the words name a landmark, a venue, a region. A name that
    modifies a noun after it does take it ("the Fredericton area", "the Parkland students"). Read
    with the candidates (a town's only: :func:`~geomap.mentions.names.accept`), since countries and
    regions take it too ("the Gambia", "the Sahel").
    """
    if end - start != 1 or start == 0 or doc[start - 1].text != "the":
        return False
    return end == len(doc) or doc[end].pos_ not in ("NOUN", "PROPN", "ADJ") and doc[end].text not in ("'s", "’s")


def language_name(doc, start: int, end: int) -> bool:
    """'speaking in French', 'a sign in Arabic': a people's adjective alone after "in" names a language.

    Read with the candidates (demonyms only: :func:`~geomap.mentions.names.accept`): "in Ghana" is
    a place, and "in French Guiana", "in Chinese waters" go on with a name or a noun.
    """
    if end - start != 1 or start == 0 or doc[start - 1].lower_ != "in":
        return False
    return end == len(doc) or doc[end].pos_ not in ("NOUN", "PROPN", "ADJ")


def _lowercase_words(doc) -> frozenset[str]:
    known = cache(doc, "lowercase")
    if "words" not in known:
        known["words"] = frozenset(t for t in column(doc, "text") if t.islower())
    return known["words"]


def _person_in_text(doc, start: int, end: int) -> bool:
    known = cache(doc, "people")
    if "people" not in known:
        known["people"], known["given"] = person_names(doc), given_names(doc)
    return person(doc, start, end, people=known["people"], given=known["given"], known_place=False)


def titled(doc, start: int, end: int) -> bool:
    """'Mr Jordan', 'President Wilson': a title before the name, read from the words alone."""
    return start > 0 and doc[start - 1].lower_.rstrip(".") in LEX.name_titles


def org_word_beside(doc, start: int, end: int) -> bool:
    """'Kenya Airways', 'Syria Civil Defence': an organisation's word right after the name, from the words alone."""
    return end < len(doc) and doc[end].lower_ in LEX.org_words and is_cap(doc[end])


def vetoed(doc, start: int, end: int, parsed: bool) -> str | None:
    """The name of the first veto that refuses tokens [start, end), or None.

    Parameters
    ----------
    doc : spacy.tokens.Doc or geomap._textdoc.TextDoc
        The article.
    start, end : int
        Token offsets of the words.
    parsed : bool
        The doc has a parse: each veto's own test; else its test from the words alone, if it has one.
    """
    for v in VETOES.values():
        test = v.test if parsed else v.plain
        if test is not None and test(doc, start, end):
            return v.name
    return None


VETOES: dict[str, Veto] = {
    v.name: v
    for v in (
        Veto(
            name="organisation",
            test=org_name,
            plain=org_word_beside,
            needs=frozenset({"pos", "ent"}),
            examples=(
                ("The Kenya Football Federation said on Monday.", "Kenya"),
                ("Islamic State Khorasan Province (ISIS-K) claimed it.", "Khorasan"),
            ),
        ),
        Veto(
            name="vehicle",
            test=vehicle_name,
            needs=frozenset({"dep"}),
            examples=(("The container ship Dali lost power.", "Dali"),),
        ),
        Veto(
            name="person",
            test=_person_in_text,
            plain=titled,
            needs=frozenset({"ent", "dep"}),
            examples=(("Police said Mr Paterson was arrested.", "Paterson"),),
        ),
        Veto(
            name="capitalised common word",
            test=capitalised_common_word,
            needs=frozenset({"pos"}),
            examples=(("Gunmen opened fire on the crowd.", "Gunmen"),),
        ),
        Veto(
            name="named for a person",
            test=named_for_a_person,
            plain=named_for_a_person_in_words,
            needs=frozenset({"pos"}),
            examples=(("Students at Marjory Stoneman Douglas High School walked out.", "Douglas"),),
        ),
        Veto(
            name="saint's name",
            test=saint_s_name,
            plain=saint_s_name,
            needs=frozenset(),
            examples=(("A blast hit St. Mary's Cathedral in Sydney.", "Mary"),),
        ),
        Veto(
            name="street",
            test=street_name,
            needs=frozenset({"ent"}),
            examples=(("A fire broke out at 2700 North Fourth Street on Sunday.", "North"),),
        ),
    )
}
