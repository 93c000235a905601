"""Reading the words around a name: capitals, where a name starts and ends, what governs it.

Small functions over a ``Doc`` (spaCy's, or the fast mode's where no parse is needed) that the
recognisers and vetoes share.
"""

from __future__ import annotations

from ..docdata import entities
from ..gazetteer import ALT
from ..lexicon import lexicon

LEX = lexicon()

#: lowercase particles inside a proper name ("Córrego do Feijão", "Jemaa el-Fnaa", "Port bin Qasim")
PARTICLES = LEX.connectors | LEX.name_particles
#: the possessive, as the tokenizers write it
POSSESSIVE = ("'s", "’s")


def is_cap(tok) -> bool:
    """A capitalised word, or one in capitals ("Kyiv", "KYIV"), not a number."""
    return capitalised(tok.text)


def capitalised(text: str) -> bool:
    """:func:`is_cap` of a word's text."""
    return text[:1].isupper() or (text[:1].isdigit() is False and text.isupper())


_NOT_NAME_POS = ("PUNCT", "NUM", "DET", "PRON")


def name_token(tok) -> bool:
    """A capitalised word of a name: a proper noun, or a capitalised word inside a sentence."""
    # not a determiner or a pronoun: "This island is in shock"
    return is_cap(tok) and (tok.pos_ == "PROPN" or not tok.is_sent_start and tok.pos_ not in _NOT_NAME_POS)


def saint_before(doc, i: int) -> bool:
    """'St Sebastian', 'St. Mary', 'Saint Peter': "St" or "Saint" before token ``i``."""
    k = i - 2 if i > 1 and doc[i - 1].text == "." else i - 1  # "St . Mary", as the fast mode splits it
    return k >= 0 and doc[k].lower_.rstrip(".") in ("st", "saint")


def joiner(doc, t, possessive: bool = False) -> bool:
    """A lowercase particle, a close hyphen, or (in a building's name) "'s" that may join two words of a name."""
    if t.text == "-":
        return t.i > 0 and not doc[t.i - 1].whitespace_ and not t.whitespace_
    if t.lower_ in POSSESSIVE:
        # "President's House", not "Seoul's Itaewon district"; a saint's always ("St Mary's Cathedral")
        return (
            possessive
            and t.i > 0
            and (doc[t.i - 1].ent_type_ not in ("GPE", "LOC", "NORP", "ORG", "PERSON") or saint_before(doc, t.i - 1))
        )
    return t.text.islower() and t.lower_ in PARTICLES and t.lower_ not in ("and", "the", "on", "upon", "of")


def name_start(doc, k: int, taken=(), possessive: bool = False) -> int:
    """Where the name that ends before token ``k`` starts, walking left over its words.

    Lowercase particles and hyphens between two capitalised words belong to the name ("Córrego
    do Feijão", "Jemaa el-Fnaa"), and so does "'s" ("President's House"). A capitalised
    preposition that opens the sentence and has no object ("In Amenas gas plant was attacked")
    is the name's first word.
    """
    i = k
    while i > 0 and (i - 1) not in taken:
        t = doc[i - 1]
        if is_cap(t) and t.pos_ == "PROPN":
            i -= 1
            continue
        if i < k or (k < len(doc) and is_cap(doc[k])):
            j = i - 1
            while j >= max(0, i - 3) and j not in taken and joiner(doc, doc[j], possessive):
                j -= 1
            if j < i - 1 and j >= 0 and j not in taken and is_cap(doc[j]) and doc[j].pos_ == "PROPN":
                i = j
                continue
            if t.is_sent_start and is_cap(t) and t.pos_ == "ADP" and not any(True for _ in t.children):
                i -= 1
        break
    return i


def name_end(doc, j: int, taken=()) -> int:
    """Where the name that starts at token ``j`` ends: its capitalised words and the particles between them."""
    k = j
    while k < len(doc) and k not in taken:
        if name_token(doc[k]):
            k += 1
            continue
        m = k
        while m < len(doc) and m < k + 3 and m not in taken and joiner(doc, doc[m]):
            m += 1
        if k > j and m > k and m < len(doc) and m not in taken and is_cap(doc[m]) and doc[m].pos_ == "PROPN":
            k = m
            continue
        break
    return k


def propn_chunk(doc, start: int, end: int) -> tuple[int, int]:
    """The run of proper-noun-like tokens around [start, end) (a flat name such as an org's)."""
    i, j = start, end
    while i > 0 and (doc[i - 1].pos_ == "PROPN" or doc[i - 1].text in {"-"}) and doc[i - 1].is_sent_start is False:
        i -= 1
    while j < len(doc) and doc[j].pos_ == "PROPN":
        j += 1
    return i, j


def entity_at(doc, start: int, end: int):
    """The NER entity that overlaps tokens [start, end), if any."""
    return next((e for e in entities(doc) if e.start < end and start < e.end), None)


def sentence_first(tok) -> bool:
    """The first word of its sentence (or headline), after any spaces or opening quotes."""
    return tok.is_sent_start or all(t.is_space or t.is_quote for t in tok.doc[tok.sent.start : tok.i])


def common_word_first(tok) -> bool:
    """A sentence's first word that the parse takes for a common word ("Strong", "Gunmen", "Protesters")."""
    common = tok.pos_ in ("ADJ", "NOUN", "VERB", "ADV", "DET", "PRON") or tok.tag_ in ("NNS", "NNPS")
    return common and sentence_first(tok)


def locative(doc, start: int, end: int) -> bool:
    """Whether a name is where the text puts something.

    The object of a locative preposition ("around Amizmiz"), one of such names ("in Chichaoua
    and Ouarzazate"), or a division's name ("Taroudant province").
    """
    tok = doc[end - 1]
    if end < len(doc) and tok.dep_ == "compound" and tok.head.i == end and doc[end].lower_ in LEX.admin_words:
        return True
    tok = first_conjunct(tok)
    return tok.dep_ == "pobj" and tok.head.lower_ in LEX.locative_prepositions


#: words that only say where within something: "North", "West", "Northwest", "Central"
DIRECTIONS = LEX.compass_adjectives | frozenset(LEX.bearings)


def direction_only(key: str) -> bool:
    """Whether a folded name is made only of directions ("north west", "west"): a region's name, never a town's."""
    words = key.replace("-", " ").split()
    return bool(words) and all(w in DIRECTIONS for w in words)


#: what a name made only of directions may be: "North West" (South Africa's province), "the West"
_DIRECTION_FEATURES = ("region", "water", "admin1", "admin2")


def not_by_direction(key: str, matches: list) -> list:
    """The matches a name may mean: a name made only of directions is no town's ("North West" is not Northwest, NC)."""
    return [m for m in matches if m.entry.feature in _DIRECTION_FEATURES] if direction_only(key) else matches


#: the longest other name that is taken for a code when it is not written in capitals ("Day": Dayton's airport)
_CODE_LETTERS = 3


def not_a_code(words: str, matches: list) -> list:
    """The matches a word may mean: a short word is no place's other name ("Day", "Gas", "Jul": airport codes).

    Written in capitals, a short name is read as an acronym or an abbreviation elsewhere ("LA", "D.C.").
    """
    letters = "".join(c for c in words if c.isalpha())
    if len(letters) > _CODE_LETTERS or words.isupper():
        return matches
    return [m for m in matches if m.kind != ALT]


def lowercase_direction(tok) -> bool:
    """A direction written in lowercase, which may begin a region's name ("southern" in "southern Africa")."""
    return tok.lower_ in LEX.compass_adjectives and not is_cap(tok)


def _list_link(tok) -> bool:
    """Joined to the name before it in a list: a conjunct, or a list's proper noun parsed as in apposition.

    "in Viña del Mar, Quilpué, Villa Alemana and Limache": "Quilpué" is Viña del Mar's appositive and
    the list goes on from it; "Holliday, Mo." is no list.
    """
    if tok.head is tok:
        return False
    if tok.dep_ == "conj":
        return True
    return (
        tok.dep_ == "appos"
        and tok.pos_ == "PROPN"
        and tok.head.pos_ == "PROPN"
        and any(c.dep_ == "conj" for c in tok.children)
    )


def first_conjunct(tok):
    """The first of the names a token is listed with ("Mentakab" in "Temerloh and Mentakab": Temerloh)."""
    for _ in range(4):
        if not _list_link(tok):
            break
        tok = tok.head
    return tok


def listed(tok) -> bool:
    """Whether a name is one of a list of names ("Larissa, Volos and Katerini")."""
    return _list_link(tok) or any(_list_link(t) for t in tok.children)


def state_possessive(tok) -> bool:
    """'Chad's government', 'Georgia's capital': what a state has, not a person."""
    return tok.dep_ == "poss" and tok.head.lemma_.lower() in LEX.state_nouns


def generic(doc, start: int, noun) -> bool:
    """'two Christchurch mosques', 'a Kabul hotel': a kind of place in a town, not a named one."""
    before = doc[start - 1] if start > 0 else None
    return noun.tag_ in ("NNS", "NNPS") or (
        before is not None and (before.lower_ in ("a", "an", "another", "one", "every", "each") or before.like_num)
    )
