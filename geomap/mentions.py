"""Find the place mentions of an article.

Three recognisers work together on one spaCy parse:

- gazetteer matching: every run of capitalised tokens (up to six, with "of", "and", "de"...
  inside) is looked up in the offline gazetteer, longest first; this adds the recall that NER
  alone lacks (the small model calls Kyiv a PERSON and Tajikistan a NORP);
- NER: GPE, LOC and FAC entities the gazetteer does not know are kept (unresolved, or placed
  later), and entities vote on ambiguous gazetteer matches;
- patterns: demonyms and adjectives ("Ukrainian operatives" -> Ukraine), references such as
  "the capital" or "the Turkish capital", and venues ("Crocus City Hall", "Westgate mall").

A name that is part of an organisation's name ("Islamic State Khorasan Province") is not a
place mention.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .gazetteer import ABBR, ALT, DEMONYM, NAME, Gazetteer, NameMatch, normalize
from .lexicon import lexicon

LEX = lexicon()

_MAX_TOKENS = 8
_PROMINENT_POP = 100_000
_ALT_PROMINENT_POP = 1_000_000
#: lowercase particles inside a proper name ("Córrego do Feijão", "Jemaa el-Fnaa", "Port bin Qasim")
_PARTICLES = LEX.connectors | LEX.name_particles


@dataclass
class Mention:
    """One place mention in the text.

    Attributes
    ----------
    text : str
        The surface form as written ("Ukrainian", "the capital").
    start, end : int
        Character offsets into the article text.
    tok_start, tok_end : int
        Token offsets into the spaCy ``Doc``.
    kind : str
        ``name`` (a place name), ``demonym``, ``capital`` ("the capital"), ``venue``, or a natural
        feature the gazetteer lacks: ``water`` ("Tampa Bay") or ``region`` ("the Drina valley").
        ``embedded``: a well-known place named inside an organisation's name ("the Washington
        Post", "Kentucky State Police"); it is resolved, but is no place of the story by itself.
    label : str or None
        The NER label of the entity over it, if any.
    candidates : list of NameMatch
        Gazetteer entries this mention may refer to.
    country_hint : str or None
        For ``capital`` references with a demonym ("the Turkish capital"): that country.
    inner : list of NameMatch
        For natural features: the places named inside the name ("Tampa" in "Tampa Bay").
    """

    text: str
    start: int
    end: int
    tok_start: int
    tok_end: int
    kind: str = "name"
    label: str | None = None
    candidates: list[NameMatch] = field(default_factory=list)
    country_hint: str | None = None
    inner: list[NameMatch] = field(default_factory=list)

    @property
    def key(self) -> str:
        """The folded name."""
        return normalize(self.text)


def _is_cap(tok) -> bool:
    return tok.text[:1].isupper() or (tok.text[:1].isdigit() is False and tok.text.isupper())


def _name_token(tok) -> bool:
    """A capitalised word of a name: a proper noun, or a capitalised word inside a sentence."""
    return _is_cap(tok) and (tok.pos_ == "PROPN" or not tok.is_sent_start and tok.pos_ not in ("PUNCT", "NUM"))


def _joiner(doc, t, possessive: bool = False) -> bool:
    """A lowercase particle, a close hyphen, or (in a building's name) "'s" that may join two words of a name."""
    if t.text == "-":
        return t.i > 0 and not doc[t.i - 1].whitespace_ and not t.whitespace_
    if t.lower_ in ("'s", "’s"):
        # "President's House", not "Seoul's Itaewon district"
        return possessive and t.i > 0 and doc[t.i - 1].ent_type_ not in ("GPE", "LOC", "NORP", "ORG", "PERSON")
    return t.text.islower() and t.lower_ in _PARTICLES and t.lower_ not in ("and", "the", "on", "upon", "of")


def _name_start(doc, k: int, taken=(), possessive: bool = False) -> int:
    """Where the name that ends before token ``k`` starts, walking left over its words.

    Lowercase particles and hyphens between two capitalised words belong to the name ("Córrego
    do Feijão", "Jemaa el-Fnaa"), and so does "'s" ("President's House"). A capitalised
    preposition that opens the sentence and has no object ("In Amenas gas plant was attacked")
    is the name's first word.
    """
    i = k
    while i > 0 and (i - 1) not in taken:
        t = doc[i - 1]
        if _is_cap(t) and t.pos_ == "PROPN":
            i -= 1
            continue
        if i < k or (k < len(doc) and _is_cap(doc[k])):
            j = i - 1
            while j >= max(0, i - 3) and j not in taken and _joiner(doc, doc[j], possessive):
                j -= 1
            if j < i - 1 and j >= 0 and j not in taken and _is_cap(doc[j]) and doc[j].pos_ == "PROPN":
                i = j
                continue
            if t.is_sent_start and _is_cap(t) and t.pos_ == "ADP" and not any(True for _ in t.children):
                i -= 1
        break
    return i


def _name_end(doc, j: int, taken=()) -> int:
    """Where the name that starts at token ``j`` ends: its capitalised words and the particles between them."""
    k = j
    while k < len(doc) and k not in taken:
        if _name_token(doc[k]):
            k += 1
            continue
        m = k
        while m < len(doc) and m < k + 3 and m not in taken and _joiner(doc, doc[m]):
            m += 1
        if k > j and m > k and m < len(doc) and m not in taken and _is_cap(doc[m]) and doc[m].pos_ == "PROPN":
            k = m
            continue
        break
    return k


def _propn_chunk(doc, start: int, end: int) -> tuple[int, int]:
    """The run of proper-noun-like tokens around [start, end) (a flat name such as an org's)."""
    i, j = start, end
    while i > 0 and (doc[i - 1].pos_ == "PROPN" or doc[i - 1].text in {"-"}) and doc[i - 1].is_sent_start is False:
        i -= 1
    while j < len(doc) and doc[j].pos_ == "PROPN":
        j += 1
    return i, j


def _entity_at(doc, start: int, end: int):
    """The NER entity that overlaps tokens [start, end), if any."""
    spans = doc.user_data.get("geomap_ents")
    if spans is None:  # doc.ents makes every entity's Span anew: once per article, not once per name
        spans = doc.user_data["geomap_ents"] = [(e.start, e.end, e.label) for e in doc.ents]
    for s, e, label in spans:
        if s < end and start < e:
            from spacy.tokens import Span

            return Span(doc, s, e, label=label)
    return None


def _prominent(matches: list[NameMatch]) -> bool:
    """Whether a name is a well-known place: a country, division, region or sea, a capital, a large city.

    A city known by a name unlike its own counts only if it is a capital or a metropolis
    ("Bombay", "Saigon"): GeoNames' alternate names hold first names and surnames ("Julia" is one
    of Plovdiv's) that must not make a person a well-known place. Spellings of its own name
    ("Misrata" for Misratah, "Douma" for Dūmā) count as the name.
    """
    return any(
        m.entry.feature in ("country", "admin1", "region", "water")
        or m.entry.capital
        or m.entry.population >= _ALT_PROMINENT_POP
        or (m.entry.population >= _PROMINENT_POP and not _other_name(m))
        for m in matches
    )


def _other_name(m: NameMatch) -> bool:
    """Whether a city matched by a name unlike its own: "Julia" for Plovdiv, not "Misrata" for Misratah."""
    return m.kind == ALT and m.entry.feature == "city" and not m.spelling


def _org_phrase(doc, start: int) -> bool:
    """'Organization for Security and Co-operation in Europe': an org word earlier in the same name."""
    k, seen = start - 1, 0
    while k >= 0 and seen < 8:
        t = doc[k]
        if t.lower_ in LEX.org_words and _is_cap(t) and not (t.is_sent_start and t.pos_ != "PROPN"):
            return True  # but "Police in Perth said": a sentence's first word is capitalised anyway
        joined = k > 0 and doc[k - 1].text == "-"  # "Co-operation"
        if not (_is_cap(t) or joined or t.lower_ in ("for", "of", "and", "in", "on", "the") or t.text == "-"):
            return False
        k, seen = k - 1, seen + 1
    return False


def _vehicle_name(doc, start: int, end: int, known_place: bool = False) -> bool:
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


def _org_name(doc, start: int, end: int) -> bool:
    """Whether tokens [start, end) are part of an organisation's (or a vehicle's) name."""
    if _org_phrase(doc, start) or _vehicle_name(doc, start, end):
        return True
    i, j = _propn_chunk(doc, start, end)
    if j < len(doc) and doc[j].text == "(":
        # "Islamic State Khorasan Province (ISIS-K)": a name with an acronym in brackets
        k = j + 1
        while k < len(doc) and k < j + 5 and doc[k].text != ")":
            k += 1
        acronym = doc[j + 1 : k].text.replace("-", "")
        if acronym.isupper() and 2 <= len(acronym) <= 8 and (i < start or j > end):
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


def _state_institution(doc, start: int, end: int, matches: list[NameMatch]) -> bool:
    """'the US State Department', 'U.S. Trade Representative': a country's institution names the country."""
    if not any(m.entry.feature == "country" and m.kind != DEMONYM for m in matches):
        return False
    if start > 0 and _is_cap(doc[start - 1]) and doc[start - 1].lower_ != "the":
        return False  # "Air Canada", "DeSmog Canada": the country ends some other name
    return end < len(doc) and _is_cap(doc[end]) and doc[end].lower_ in LEX.state_institution_words


def _common_word_first(tok) -> bool:
    """A sentence's first word that the parse takes for a common word ("Strong", "Gunmen", "Protesters")."""
    first = tok.is_sent_start or all(t.is_space for t in tok.doc[tok.sent.start : tok.i])
    return first and (tok.pos_ in ("ADJ", "NOUN", "VERB", "ADV", "DET", "PRON") or tok.tag_ in ("NNS", "NNPS"))


def _accept(doc, start: int, end: int, matches: list[NameMatch]) -> tuple[bool, str | None]:
    """Decide whether a gazetteer match over tokens [start, end) is a place mention."""
    ent = _entity_at(doc, start, end)
    if ent is not None and any(doc[t].lower_ in ("in", "near", "outside") for t in range(ent.start, start)):
        ent = None  # "[President's House in Colombo]": an entity run on over the phrase that places it
    label = ent.label_ if ent is not None else None
    if (
        ent is not None
        and ent.end - ent.start > 1
        and (ent.start, ent.end) != (start, end)
        and doc[ent.end - 1].lower_ in LEX.street_words
        and not _prominent(matches)
    ):
        return False, label  # "2700 North Fourth Street": a street's name, neither North nor Street, England
    if end - start == 1 and _common_word_first(doc[start]) and not _prominent(matches):
        return False, label  # "Strong earthquake hits...", "Gunmen opened fire": a capitalised common word
    if _state_institution(doc, start, end, matches):
        return True, label
    kinds = {m.kind for m in matches}
    exact = ent is not None and ent.start <= start and ent.end >= end
    if (
        label == "FAC"
        and (ent.start + (doc[ent.start].lower_ == "the"), ent.end) == (start, end)
        and end - start > 1
        and doc[end - 1].lower_ not in LEX.venue_words
        and any(m.kind == NAME and m.entry.feature == "city" for m in matches)
    ):
        return True, label  # "Bad Neuenahr-Ahrweiler": a town's whole own name, taken for a building
    if label in ("PERSON", "ORG", "WORK_OF_ARG", "PRODUCT", "LAW", "EVENT", "FAC"):
        # taken for a person or organisation: only a lone, well-known place name survives
        lone = ent.end <= end and all(doc[t].lower_ == "the" or doc[t].like_num for t in range(ent.start, start))
        if not (lone and _prominent(matches)):
            return False, label
        if _org_name(doc, start, end):
            return False, label
        return True, label
    if label in ("DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"):
        return False, label
    if _org_name(doc, start, end):
        return False, label
    if label == "NORP" and not any(m.kind == DEMONYM or m.entry.feature != "city" for m in matches):
        return False, label  # "Christian", "Republican": a group, not the town of that name
    if label in ("GPE", "LOC", "NORP") and exact:
        return True, label
    if DEMONYM in kinds or ABBR in kinds:
        return True, label
    # no entity says so: accept well-known places written as proper nouns
    inner = range(start + 1, end - 1)
    if not all(doc[t].pos_ == "PROPN" or (t in inner and doc[t].lower_ in LEX.connectors) for t in range(start, end)):
        return False, label
    return _prominent(matches) or label in ("GPE", "LOC"), label


def _person_names(doc) -> set[str]:
    """Surnames the text gives to people: 'Brian Paterson' makes a later lone 'Paterson' a person."""
    return {ent[-1].lower_ for ent in doc.ents if ent.label_ == "PERSON" and len(ent) > 1}


def dateline_next(word: str, spaced: bool) -> bool:
    """Whether ``word`` may follow a dateline's place: "LAGOS, Nigeria —", "ROME --", "DOHA (Reuters) -".

    A dash must stand apart (``spaced``: whitespace before it): "UN-backed" is no dateline.
    """
    return word in (",", "(") or (word in LEX.dashes and spaced)


def _dateline(doc, start: int, end: int) -> bool:
    """Whether a name opens a sentence as a dateline does ("LAGOS, Nigeria — Gunmen stormed...")."""
    first = start == 0 or doc[start].is_sent_start or doc[start - 1].is_space
    return first and end < len(doc) and dateline_next(doc[end].text, bool(doc[end - 1].whitespace_))


#: a city this large is known by its other names too ("KIEV"), and named in a venue's name may place it in
#: a story about another country ("Catania airport")
LARGE_CITY = 100_000


def _dateline_match(m: NameMatch, text: str) -> bool:
    """A place a capitalised dateline word may be: by its name ("ROME"), or a large city's other ("KIEV").

    Not a three-letter code among a city's other names: "PKK, the group, said..." is not Pakokku.
    """
    return m.kind in (NAME, ABBR) or (m.kind == ALT and len(text) > 3 and m.entry.population >= LARGE_CITY)


def _given_names(doc) -> set[str]:
    """First names of the text's people that the text never uses as a place's.

    "Eleven-year-old Georgia Thompson ... Georgia began skating at four": after the full name, a lone
    "Georgia" is the girl, however often the language model calls it a place, if the text uses it
    more often as a person's (the subject of a verb, a possessive) than as a place's (after a
    preposition, before a noun: "Georgia officials"), and never before the person's, nor where
    things are ("in Georgia"), nor as what a state has ("Georgia's government").
    """
    first: dict[str, int] = {}
    full_names: set[int] = set()  # the words of the people's full names
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1 and _is_cap(ent[0]):
            first.setdefault(ent[0].lower_, ent.start)
            full_names.update(range(ent.start, ent.end))
    if not first:
        return set()
    votes: Counter = Counter()  # > 0: used as a person's ("Georgia said", "Georgia's father")
    placed = set()
    for tok in doc:
        low = tok.lower_
        if low not in first or tok.i in full_names or low in placed:
            continue
        if tok.i < first[low] or _locative(doc, tok.i, tok.i + 1) or _state_possessive(tok):
            placed.add(low)
        elif tok.dep_ in ("pobj", "compound"):
            votes[low] -= 1
        elif tok.dep_ in ("nsubj", "nsubjpass", "poss", "dobj", "appos"):
            votes[low] += 1
    return {low for low in first if low not in placed and votes[low] > 0}


def _state_possessive(tok) -> bool:
    return tok.dep_ == "poss" and tok.head.lemma_.lower() in LEX.state_nouns


def _is_person(doc, start: int, end: int, people: set[str], matches: list[NameMatch], given: set[str]) -> bool:
    """Whether a one-word match is a person's name in this text ("Mr Bush", or "Bush" after "George Bush").

    A surname the text gives to someone stays a person's even where the language model calls it a
    place ("Claude Dubreuil, a builder ... Dubreuil had a canal dug"), unless it is a well-known place
    ("Washington" after "George Washington"); so does a first name the text never uses as a place's
    (``given``, see :func:`_given_names`).
    """
    if end - start != 1:
        return False
    if doc[start].lower_ in given:
        return True
    place_label = doc[start].ent_type_ in ("GPE", "LOC")
    if doc[start].lower_ in people:
        return not (place_label and _prominent(matches))
    return not place_label and start > 0 and doc[start - 1].lower_ in LEX.honorifics


def _gazetteer_matches(doc, gaz: Gazetteer) -> list[Mention]:
    n = len(doc)
    spans: dict[tuple[int, int], str] = {}
    for i in range(n):
        if not _is_cap(doc[i]) or doc[i].is_space:
            continue
        for j in range(i + 1, min(n, i + _MAX_TOKENS) + 1):
            last = doc[j - 1]
            if last.is_space or (j - 1 > i and last.is_sent_start):
                break
            if j - 1 > i and not _is_cap(last) and last.lower_ not in LEX.connectors and last.text not in {"-", "'s"}:
                break
            if _is_cap(last):
                spans[(i, j)] = normalize(doc[i:j].text)
    found = gaz.lookup_many(spans.values())
    # a name the text shows to be a ship's or a plane's is that everywhere in the text
    vehicles = {
        key for (i, j), key in spans.items() if key in found and _vehicle_name(doc, i, j, _prominent(found[key]))
    }
    people, given = _person_names(doc), _given_names(doc)
    # a division the text names with its kind ("Al Haouz province") is that place everywhere in the text
    # ("rescuers worked in Al Haouz"), whatever the language model took it for
    divisions = {
        key
        for (i, j), key in spans.items()
        if key in found
        and j + 1 < n
        and doc[j].lower_ in LEX.admin_words
        and not _is_cap(doc[j + 1])
        and any(m.kind in (NAME, ALT) and m.entry.feature in ("admin1", "admin2") for m in found[key])
    }
    out: list[Mention] = []
    taken = [False] * n
    embedded = [False] * n
    second: list[tuple] = []
    for (i, j), key in sorted(spans.items(), key=lambda kv: (-(kv[0][1] - kv[0][0]), kv[0][0])):
        if key not in found or key in vehicles or any(taken[i:j]):
            continue
        text = doc[i:j].text
        if j - i == 1 and doc[i].is_stop and not doc[i].text.isupper():
            continue  # "The", "Of": alternate names that are English words
        if _is_person(doc, i, j, people, found[key], given):
            continue
        if (
            j + 2 < n
            and doc[j].text == "-"
            and not doc[j - 1].whitespace_
            and doc[j + 1].is_lower
            and doc[j + 2].text == "-"
        ):
            continue  # "Mar-a-Lago": the first word of a longer hyphenated name, not "Mar" (Maracaibo)
        # "Red Deer, Alta." where the tokenizer split the abbreviation's dot off
        dotted = j < n and doc[j].text == "." and not doc[j - 1].whitespace_ and not text.endswith(".")
        matches = [m for m in found[key] if m.accepts(text + "." if dotted else text)]
        if text.replace(".", "").isupper() and len(text) <= 5 and _dateline(doc, i, j):
            matches = [m for m in matches if _dateline_match(m, text)]
        elif text.replace(".", "").isupper() and len(text) <= 5:
            # an acronym ("PKK", "MOW") is a place only as a known abbreviation ("US", "UAE"), or written
            # with dots as a capital's other name ("D.C.") or a city's initials ("L.A."), not "P.A."
            letters = text.replace(".", "")
            matches = [
                m
                for m in matches
                if m.kind == ABBR
                or (
                    "." in text
                    and m.kind == ALT
                    and (m.entry.capital or "".join(w[0] for w in m.entry.name.split()).upper() == letters)
                )
            ]
            if i > 0 and doc[i - 1].like_num and doc[i].ent_type_ not in ("GPE", "LOC", "MONEY"):
                continue  # "in 44 BC"; not "two US soldiers", "a billion US dollars"
        label_at = doc[i].ent_type_ or None
        known = [m for m in matches if m.entry.feature == "venue"]
        if known and not _org_name(doc, i, j):
            # a venue the gazetteer places: an airport by its name ("Toronto Pearson International Airport"),
            # a landmark, also for who sits there ("the White House said", "the Kremlin denied")
            taken[i:j] = [True] * (j - i)
            out.append(Mention(text, doc[i].idx, doc[j - 1].idx + len(doc[j - 1]), i, j, "venue", label_at, known))
            continue
        if j - i > 1 and label_at not in ("GPE", "LOC"):
            # "White House" is an alternate name of Casablanca (a translation): a phrase of several words
            # stands for a place by another name only when the language model, too, calls it a place
            kept = [m for m in matches if m.kind != ALT or m.entry.feature != "city" or _shares_word(key, m.entry.name)]
            if len(kept) < len(matches) and not _prominent(kept) and doc[j - 1].lower_ in LEX.venue_words | {"house"}:
                # "the White House": a building of that name
                taken[i:j] = [True] * (j - i)
                out.append(Mention(text, doc[i].idx, doc[j - 1].idx + len(doc[j - 1]), i, j, "venue", label_at))
                continue
            matches = kept
        if not matches:
            continue
        if any(m.kind == DEMONYM for m in matches) and (
            doc[i].pos_ == "ADJ" or doc[i].ent_type_ == "NORP" or all(m.kind == DEMONYM for m in matches)
        ):
            # "Spanish rescuers": the people's adjective, not Spanish, Ontario
            matches = [m for m in matches if m.kind == DEMONYM]
            kind = "demonym"
        else:
            matches = [m for m in matches if m.kind != DEMONYM]
            kind = "name"
        ok, label = _accept(doc, i, j, matches)
        if not ok and key in divisions and label in ("PERSON", None) and not _org_name(doc, i, j):
            ok = True
            matches = [m for m in matches if m.entry.feature in ("admin1", "admin2")] or matches
        if not ok and not any(embedded[i:j]) and _locative(doc, i, j) and label in (None, "ORG", "PERSON"):
            second.append((i, j, kind, label, matches))  # "deaths recorded in Chichaoua and Ouarzazate"
            continue
        if not ok and (any(embedded[i:j]) or not _embedded(doc, i, j, matches, label)):
            continue
        if dotted and any((m.surface or "").endswith(".") for m in matches):
            j += 1
        if not ok:
            # "the Washington Post": the place inside the name; its tokens stay open to a place
            # mention inside it (find_mentions keeps that one instead)
            embedded[i:j] = [True] * (j - i)
            span = doc[i:j]
            out.append(Mention(span.text, span.start_char, span.end_char, i, j, EMBEDDED, label, matches))
            continue
        for t in range(i, j):
            taken[t] = True
        out.append(Mention(doc[i:j].text, doc[i].idx, doc[j - 1].idx + len(doc[j - 1]), i, j, kind, label, matches))
    # a town the language model took for something else, where the text puts something ("in", "around") or
    # names its division ("Taroudant province"): a place when it lies in a country the story names
    countries = {
        m.entry.country for x in out if x.kind != EMBEDDED for m in x.candidates if m.entry.feature == "country"
    }
    for i, j, kind, label, matches in second:
        local = [
            m
            for m in matches
            if m.entry.country in countries
            and m.entry.feature in _LOCAL_FEATURES
            and (m.entry.feature != "city" or m.entry.population >= _SECOND_CHANCE_POP)
        ]
        if local and not any(taken[i:j]):
            taken[i:j] = [True] * (j - i)
            out.append(Mention(doc[i:j].text, doc[i].idx, doc[j - 1].idx + len(doc[j - 1]), i, j, kind, label, local))
    return out


_LOCAL_FEATURES = ("city", "admin1", "admin2")
#: a town the language model calls something else is taken only if this large: "lawmakers in Congress" is not
#: Congress, Arizona (2,000 people); "around Amizmiz" (14,000) is the town
_SECOND_CHANCE_POP = 5_000


def _locative(doc, start: int, end: int) -> bool:
    """Whether a name is where the text puts something.

    The object of a locative preposition ("around Amizmiz"), one of such names ("in Chichaoua
    and Ouarzazate"), or a division's name ("Taroudant province").
    """
    tok = doc[end - 1]
    if end < len(doc) and tok.dep_ == "compound" and tok.head.i == end and doc[end].lower_ in LEX.admin_words:
        return True
    for _ in range(4):
        if tok.dep_ != "conj" or tok.head is tok:
            break
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.lower_ in LEX.locative_prepositions


#: the kind of a place mention inside an organisation's name ("the Washington Post")
EMBEDDED = "embedded"


def _well_known(matches: list[NameMatch]) -> bool:
    """Whether a name is a well-known place by its own name: a country, region, capital or large place, or a demonym.

    Parameters
    ----------
    matches : list of NameMatch
        The gazetteer entries the name matched.

    Returns
    -------
    bool
        False for a small town or an alternate name ("Federal" in "Federal Reserve", "Inc.").
    """
    return any(
        m.kind in (DEMONYM, ABBR)
        or (m.kind == ALT and (m.entry.feature == "country" or m.entry.capital))
        or (
            m.kind == NAME
            and m.entry.feature != "water"
            and (m.entry.feature in ("country", "region") or m.entry.capital or m.entry.population >= _PROMINENT_POP)
        )
        for m in matches
    )


def _embedded(doc, start: int, end: int, matches: list[NameMatch], label: str | None) -> bool:
    """Whether a rejected gazetteer match is a well-known place inside an organisation's name.

    "The Washington Post", "Kentucky State Police", "Air Zimbabwe", "the Syrian Observatory for
    Human Rights": the language model calls the name an organisation, or its words make it one
    (see :func:`_org_name`), and the place is well known (see :func:`_well_known`). So is the
    country of a currency in an amount ("59.2 billion US dollars").

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed article.
    start, end : int
        Token offsets of the match.
    matches : list of NameMatch
        Its gazetteer entries.
    label : str or None
        The NER label over it.

    Returns
    -------
    bool
    """
    if label == "MONEY":
        return _well_known(matches)  # "59.2 billion US dollars": the currency's country
    if label not in ("ORG", "GPE", "LOC", "NORP", None):
        return False  # a person's, an event's or a building's name
    if label != "ORG" and not _org_name(doc, start, end):
        return False
    return _well_known(matches)


def _shares_word(key: str, name: str) -> bool:
    """Whether a folded name and a place's main name have a word in common ("White House", "Whitehouse")."""
    main = normalize(name)
    words, own = key.replace("-", " ").split(), main.replace("-", " ").split()
    if any(w.startswith(o) or o.startswith(w) for w in words for o in own if min(len(w), len(o)) >= 4):
        return True  # "European Union" and Europe
    return bool(set(words) & set(own)) or key.replace(" ", "") == main.replace(" ", "")


def _generic(doc, start: int, noun) -> bool:
    """'two Christchurch mosques', 'a Kabul hotel': a kind of place in a town, not a named one."""
    before = doc[start - 1] if start > 0 else None
    return noun.tag_ in ("NNS", "NNPS") or (
        before is not None and (before.lower_ in ("a", "an", "another", "one", "every", "each") or before.like_num)
    )


def _town_name(doc, start: int, end: int, gaz: Gazetteer) -> bool:
    """Whether tokens [start, end) are the whole own name of a town, of several words ("Bad Neuenahr-Ahrweiler")."""
    if end - start < 2 or doc[end - 1].lower_ in LEX.venue_words:
        return False
    return any(m.kind == NAME and m.entry.feature == "city" for m in gaz.lookup(doc[start:end].text))


def _named_house(doc, tok) -> bool:
    """'the President's House in Colombo', 'Government House in Bangkok': a building named "House".

    "House" names a venue when the text places it ("in", "at", "near" a capitalised name) or when
    its name is someone's ("President's House"); alone ("the White House said") it is often the
    institution, not the building.
    """
    if tok.text != "House" or tok.i == 0:
        return False
    if doc[tok.i - 1].lower_ in ("'s", "’s"):
        return True
    if not _is_cap(doc[tok.i - 1]) or doc[tok.i - 1].is_sent_start:
        return False
    nxt = tok.i + 1
    return nxt + 1 < len(doc) and doc[nxt].lower_ in ("in", "at", "near") and _is_cap(doc[nxt + 1])


def _venues(doc, gaz: Gazetteer, taken: set[int]) -> list[Mention]:
    """Capitalised names ending in a venue word, and FAC entities."""
    out = []
    for tok in doc:
        street = _is_cap(tok) and tok.lower_ in LEX.street_venues  # "Frenchmen Street", not "a busy street"
        if tok.i in taken or (tok.lower_ not in LEX.venue_words and not street and not _named_house(doc, tok)):
            continue
        # walk left over lowercase nouns of the kind ("railway station", "shopping mall"), then the name
        k = tok.i
        if not _is_cap(tok):
            while k > 0 and doc[k - 1].pos_ == "NOUN" and doc[k - 1].dep_ == "compound" and not _is_cap(doc[k - 1]):
                k -= 1
        i = _name_start(doc, k, taken, possessive=tok.lower_ in LEX.possessive_venues)
        fac = _entity_at(doc, i, tok.i + 1)
        if fac is not None and fac.label_ == "FAC" and fac.start < i and fac.end >= tok.i + 1:
            # "the Alder Hey Children's Hospital": the model's entity holds the whole name
            s0 = fac.start + (doc[fac.start].lower_ == "the")
            if s0 < i and not any(t in taken for t in range(s0, i)):
                i = s0
        if i == k:
            i = tok.i
        end = tok.i + 1
        if _is_cap(tok) and i == tok.i and end + 1 < len(doc) and doc[end].lower_ == "of" and _is_cap(doc[end + 1]):
            # "Port of Beirut", "University of Aleppo"
            end += 1
            while end < len(doc) and _is_cap(doc[end]) and doc[end].pos_ == "PROPN":
                end += 1
            end = end if end > tok.i + 2 else tok.i + 1
        if i == tok.i and end == tok.i + 1:
            continue
        if street and end < len(doc) and _is_cap(doc[end]) and doc[end].lower_ in LEX.org_words:
            continue  # "The Wall Street Journal": a newspaper, not the street
        if not _is_cap(tok) and (i == tok.i or tok.dep_ == "compound" or _generic(doc, i, tok)):
            # "a Christchurch mosque" is a mosque in Christchurch, "the Christchurch mosque massacre" an event;
            # "the Westgate mall" is a name
            continue
        if any(t in taken for t in range(i, end)):
            continue
        span = doc[i:end]
        # "Heathrow airport": a venue the gazetteer knows by that name is placed by it
        known = [m for m in gaz.lookup(span.text) if m.entry.feature == "venue"]
        # "Catania airport", "Port of Beirut": the place named in the venue's name may place it
        own = doc[i:k] if i < k else doc[tok.i + 2 : end]
        inner = [m for m in gaz.lookup(own.text) if m.kind != DEMONYM and m.entry.feature in _LOCAL_FEATURES]
        label = doc[i].ent_type_ or None
        out.append(Mention(span.text, span.start_char, span.end_char, i, end, "venue", label, known, None, inner))
        taken.update(range(i, end))
    for ent in doc.ents:
        if (
            ent.label_ == "FAC"
            and any(_is_cap(t) for t in ent)
            and not any(t in taken for t in range(ent.start, ent.end))
        ):
            s = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
            if s < ent.end and _town_name(doc, s, ent.end, gaz):
                continue  # "Bad Neuenahr-Ahrweiler" is the town of that name
            if s < ent.end and _named_facility(doc[s : ent.end]):
                span = doc[s : ent.end]
                out.append(Mention(span.text, span.start_char, span.end_char, s, ent.end, "venue", "FAC"))
                taken.update(range(s, ent.end))
    return out


def _named_facility(span) -> bool:
    """Whether a FAC entity with no venue word reads as a facility's name.

    Not one word ("Olympic", "Sharia"), not a time or a number first ("11:11pm PDT"; "Interstate
    40" is a road), not a person with a title ("President Park"), and ending in a noun ("Golden
    Globe-nominated" is no building).
    """
    words = [t for t in span if not t.is_punct]
    return (
        len(words) > 1
        and not any(ch.isdigit() for ch in words[0].text)
        and not any(":" in t.text for t in words)
        and words[0].lower_ not in LEX.honorifics
        and (words[-1].pos_ in ("PROPN", "NOUN") or (words[-1].like_num and words[-2].pos_ == "PROPN"))
    )


def _postal_codes(doc, gaz: Gazetteer, mentions: list[Mention], taken: set[int]) -> list[Mention]:
    """'Louisville, KY', 'Perth, WA': a division's postal code, right after a place and a comma."""
    out = []
    for m in mentions:
        j = m.tok_end + 1
        if m.kind != "name" or j >= len(doc) or doc[m.tok_end].text != "," or j in taken:
            continue
        code = doc[j].text
        if len(code) != 2 or not code.isalpha() or not code.isupper():
            continue
        matches = gaz.lookup(f"postal:{code}")
        if matches:
            out.append(Mention(code, doc[j].idx, doc[j].idx + 2, j, j + 1, "name", doc[j].ent_type_ or None, matches))
            taken.add(j)
    return out


def _town_before_division(doc, gaz: Gazetteer, mentions: list[Mention], taken: set[int]) -> list[Mention]:
    """'Innisfail, Alta.', 'Alvin, Texas': a small town the text places in a division or country.

    The town is a mention when the gazetteer has a place of that name there, however small.
    """
    out = []
    for m in mentions:
        k = m.tok_start - 1
        areas = {(c.entry.country, c.entry.admin1) for c in m.candidates if c.entry.feature in ("admin1", "country")}
        if m.kind != "name" or not areas or k < 1 or doc[k].text != "," or k - 1 in taken:
            continue
        i = k
        while i > 0 and k - i < 4 and _is_cap(doc[i - 1]) and doc[i - 1].pos_ == "PROPN" and i - 1 not in taken:
            i -= 1
        for start in range(i, k):  # longest name first
            if any(t.ent_type_ in ("PERSON", "ORG") for t in doc[start:k]):
                continue  # "said Ann Smith, Texas's attorney general"
            found = [
                c
                for c in gaz.lookup(doc[start:k].text)
                if c.kind != DEMONYM
                and c.entry.feature == "city"
                and ((c.entry.country, c.entry.admin1) in areas or (c.entry.country, None) in areas)
            ]
            if found:
                span = doc[start:k]
                out.append(Mention(span.text, span.start_char, span.end_char, start, k, "name", None, found))
                taken.update(range(start, k))
                break
    return out


def _capital_refs(doc, gaz: Gazetteer, taken: set[int]) -> list[Mention]:
    """'the capital', 'the country's capital', 'the Turkish capital'."""
    out = []
    for tok in doc:
        if tok.lower_ != "capital" or tok.pos_ != "NOUN" or tok.i in taken:
            continue
        # walk back over "country's", "Turkish", "nation's" to "the"
        start, hint, label = tok.i - 1, None, None
        while start >= 0 and start > tok.i - 4 and doc[start].lower_ != "the":
            t = doc[start]
            if t.lower_ in LEX.division_adjectives:
                label = "admin1"  # "the state capital", "the provincial capital": a division's, not the nation's
            elif t.lower_ in ("country", "nation", "'s", "’s", "state", "city"):
                pass
            elif _is_cap(t) and (dem := [m for m in gaz.lookup(t.text) if m.kind == DEMONYM]):
                hint = dem[0].entry.country
            else:
                break
            start -= 1
        if start < 0 or doc[start].lower_ != "the":
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.lower_ in ("of", "city") and tok.i + 2 < len(doc) and doc[tok.i + 2].lower_ == "of":
            continue  # "the capital of X" names X's capital through X
        span = doc[start : tok.i + 1]
        out.append(Mention(span.text, span.start_char, span.end_char, start, tok.i + 1, "capital", label, [], hint))
        taken.update(range(start, tok.i + 1))
    return out


def _natural_features(doc, gaz: Gazetteer, taken: set[int]) -> list[Mention]:
    """'Tampa Bay', 'Patapsco River', 'the Drina valley': natural features no gazetteer entry names.

    A name the gazetteer knows in full ("Black Sea") is left to it. The feature's own name
    ("Tampa" in "Tampa Bay") is not a mention of that town, but may place the feature.
    """
    out = []
    for tok in doc:
        low = tok.lower_
        if tok.text in LEX.feature_first and tok.i not in taken and (found := _feature_first(doc, gaz, tok, taken)):
            out += found  # "Lake Toba"; else perhaps the end of a name ("Mono Lake")
            continue
        if low not in LEX.water_words and low not in LEX.terrain_words or tok.i in taken or tok.i == 0:
            continue
        i = _name_start(doc, tok.i, taken)
        before = doc[tok.i - 1]
        # "the Dingle peninsula" with "Dingle" tagged an adjective; but "the Russian coast" is no name
        if (
            i == tok.i
            and _name_token(before)
            and (tok.i - 1) not in taken
            and not any(m.kind == DEMONYM for m in gaz.lookup(before.text))
        ):
            i = _name_start(doc, tok.i - 1, taken)
        if i == tok.i:
            continue
        span = doc[i : tok.i + 1]
        if gaz.lookup(span.text) or _org_name(doc, i, tok.i + 1):
            continue
        if any(gaz.lookup(doc[s : tok.i + 1].text) for s in range(max(0, i - 3), i) if _is_cap(doc[s])):
            continue  # "Caicos Islands" in "the Turks and Caicos Islands": the end of a name the gazetteer knows
        feature = "water" if low in LEX.water_words else "region"
        inner = [m for m in gaz.lookup(doc[i : tok.i].text) if m.kind != DEMONYM]
        out.append(Mention(span.text, span.start_char, span.end_char, i, tok.i + 1, feature, None, [], None, inner))
        taken.update(range(i, tok.i + 1))
    return out


def _feature_first(doc, gaz: Gazetteer, tok, taken: set[int]) -> list[Mention]:
    """'Lake Toba', 'Mount Kenya': a feature whose kind comes first, if the gazetteer does not know it.

    Its name is not a mention of a place of that name ("Victoria" in "Lake Victoria"), nor does it
    place the feature: it is placed by the text. A town ("Lake Charles", "Mount Vernon") is left to
    the gazetteer, and an organisation's or a building's name ("Mount Sinai Hospital") is no feature.
    """
    j = tok.i + 1
    while (
        j < min(len(doc), tok.i + 4)
        and j not in taken
        and _name_token(doc[j])
        and doc[j].ent_type_ != "PERSON"
        and doc[j].lower_ not in LEX.venue_words
        and doc[j].lower_ not in LEX.org_words
    ):
        j += 1
    if j == tok.i + 1 or (j < len(doc) and _is_cap(doc[j])):
        return []
    span = doc[tok.i : j]
    if gaz.lookup(span.text) or _org_name(doc, tok.i, j):
        return []
    taken.update(range(tok.i, j))
    return [Mention(span.text, span.start_char, span.end_char, tok.i, j, LEX.feature_first[tok.text], None, [])]


def _settlement_matches(gaz: Gazetteer | None, name: str) -> list[NameMatch]:
    """What a name the text calls a village or town may be in the gazetteer: a town or division, however small."""
    if gaz is None:
        return []
    return [m for m in gaz.lookup(name) if m.kind != DEMONYM and m.entry.feature in _LOCAL_FEATURES]


def _apposed_settlements(doc, taken: set[int], gaz: Gazetteer | None) -> list[Mention]:
    """'close to Ighil, a village in Al Haouz province': a name the apposition says is a settlement."""
    out = []
    for tok in doc:
        head = tok.head
        if (
            tok.dep_ != "appos"
            or tok.lemma_.lower() not in LEX.apposed_settlements
            or head.i >= tok.i
            or not _is_cap(head)
            or head.pos_ != "PROPN"
            or head.i in taken
            or head.i + 1 >= len(doc)
            or doc[head.i + 1].text != ","
        ):
            continue
        j = _name_start(doc, head.i + 1, taken)
        if j > head.i:
            continue
        span = doc[j : head.i + 1]
        found = _settlement_matches(gaz, span.text)
        out.append(Mention(span.text, span.start_char, span.end_char, j, head.i + 1, "name", "settlement", found))
        taken.update(range(j, head.i + 1))
    return out


def _settlements(doc, taken: set[int], gaz: Gazetteer | None = None) -> list[Mention]:
    """'the village of Hrabove', 'the neighbourhoods of Gemmayzeh and Mar Mikhael', 'the island of Maui'.

    A village or town the gazetteer knows is that place however small it is (the text says it is
    a settlement); an island or a peninsula is a natural feature, placed by the text.
    """
    out = _apposed_settlements(doc, taken, gaz)
    for tok in doc:
        lemma = tok.lemma_.lower()
        island = tok.lower_ in LEX.island_words
        if (lemma not in LEX.settlement_words and not island) or tok.i + 2 >= len(doc) or doc[tok.i + 1].lower_ != "of":
            continue
        j = tok.i + 2
        while j < len(doc):
            if not _is_cap(doc[j]) or doc[j].pos_ != "PROPN" and doc[j].is_sent_start or j in taken:
                break
            k = _name_end(doc, j, taken)
            if k == j:
                break
            span = doc[j:k]
            if island:
                inner = [m for m in gaz.lookup(span.text) if m.kind != DEMONYM] if gaz is not None else []
                island_mention = Mention(span.text, span.start_char, span.end_char, j, k, "region", "island")
                island_mention.inner = inner
                out.append(island_mention)
            else:
                # parts of a city lie in the story's city; a village or town only where the text says
                label = "city-part" if lemma in LEX.city_parts else "settlement"
                found = _settlement_matches(gaz, span.text) if label == "settlement" else []
                out.append(Mention(span.text, span.start_char, span.end_char, j, k, "name", label, found))
            taken.update(range(j, k))
            # "X and Y", "X, Y"
            if k + 1 < len(doc) and doc[k].lower_ in ("and", ",") and _is_cap(doc[k + 1]):
                j = k + 1
            else:
                break
    return out


def _city_parts(doc, mentions: list[Mention], taken: set[int]) -> list[Mention]:
    """'Karachi's Model Colony', 'Seoul's Itaewon district': a named part of the city before it."""
    out = []
    for m in mentions:
        if m.kind != "name" or not any(c.entry.feature == "city" for c in m.candidates):
            continue
        j = m.tok_end + 1
        if j >= len(doc) or doc[m.tok_end].lower_ not in ("'s", "’s"):
            continue
        k = j
        while k < len(doc) and k - j < 4 and k not in taken and _is_cap(doc[k]) and doc[k].pos_ == "PROPN":
            k += 1
        span = doc[j:k]
        if k == j or any(t.ent_type_ in ("PERSON", "NORP") or t.lower_ in LEX.offices for t in span):
            continue
        if doc[k - 1].lower_ in LEX.org_words or doc[k - 1].lower_ in LEX.venue_words:
            continue
        out.append(Mention(span.text, span.start_char, span.end_char, j, k, "name", "city-part"))
        taken.update(range(j, k))
    return out


def _ner_only(doc, taken: set[int]) -> list[Mention]:
    """GPE and LOC entities the gazetteer does not know: kept, unresolved."""
    out = []
    # "wrote to Modi" after "Prime Minister Narendra Modi": a person's name is not a place elsewhere
    people = {t.lower_ for ent in doc.ents if ent.label_ == "PERSON" for t in ent}
    for ent in doc.ents:
        if ent.label_ not in ("GPE", "LOC") or any(t in taken for t in range(ent.start, ent.end)):
            continue
        if all(t.lower_ in people for t in ent if _is_cap(t)):
            continue
        s = ent.start + (1 if doc[ent.start].lower_ == "the" else 0)
        if s >= ent.end or not _is_cap(doc[s]) or _org_name(doc, s, ent.end):
            continue
        if ent.end - s == 1 and _common_word_first(doc[s]):
            continue  # "Protesters occupy...": a capitalised common noun the model took for a place
        span = doc[s : ent.end]
        out.append(Mention(span.text, span.start_char, span.end_char, s, ent.end, "name", ent.label_))
        taken.update(range(s, ent.end))
    return out


def find_mentions(doc, gazetteer: Gazetteer, *, extra_names=None) -> list[Mention]:
    """Find every place mention in a parsed article.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed article text (:attr:`geomap.article.Article.nlp_text`).
    gazetteer : Gazetteer
        Where names are looked up.
    extra_names : callable, optional
        ``extra_names(text) -> list[NameMatch]``, e.g. a user gazetteer; its names are
        matched first and override the offline gazetteer.

    Returns
    -------
    list of Mention
        In text order.
    """
    mentions: list[Mention] = []
    taken: set[int] = set()
    if extra_names is not None:
        mentions += _user_matches(doc, extra_names, taken)
    mentions += _natural_features(doc, gazetteer, taken)
    venues = _venues(doc, gazetteer, set(taken))
    mentions += venues
    in_venue = {t for v in venues for t in range(v.tok_start, v.tok_end)}
    embedded: list[Mention] = []
    for m in _gazetteer_matches(doc, gazetteer):
        if m.kind == EMBEDDED:
            embedded.append(m)
            continue
        if any(t in taken for t in range(m.tok_start, m.tok_end)):
            continue
        if m.kind != "demonym":
            # a venue the gazetteer knows by its whole name (an airport, "Mount Etna") is placed by it,
            # not by the text
            for v in [v for v in venues if m.tok_start <= v.tok_start and v.tok_end <= m.tok_end]:
                mentions.remove(v)
                in_venue.difference_update(range(v.tok_start, v.tok_end))
        # a well-known place inside a venue's name ("Port of Beirut") is a mention that anchors it;
        # a demonym or a small town there is only part of the name ("American University")
        inside = any(t in in_venue for t in range(m.tok_start, m.tok_end))
        if inside and (m.kind == "demonym" or not _prominent(m.candidates)):
            continue
        mentions.append(m)
        taken.update(range(m.tok_start, m.tok_end))
    mentions += _postal_codes(doc, gazetteer, mentions, taken)
    mentions += _town_before_division(doc, gazetteer, mentions, taken)
    for v in venues:
        taken.update(range(v.tok_start, v.tok_end))
    mentions += _capital_refs(doc, gazetteer, taken)
    mentions += _settlements(doc, taken, gazetteer)
    mentions += _city_parts(doc, mentions, taken)
    mentions += _ner_only(doc, taken)
    mentions += _abbreviation_compounds(doc, gazetteer, taken)
    # places inside organisations' names, where no other mention is
    taken.update(t for m in mentions for t in range(m.tok_start, m.tok_end))
    embedded = [m for m in embedded if not any(t in taken for t in range(m.tok_start, m.tok_end))]
    mentions += [_hyphen_pair(doc, m, mentions + embedded) for m in embedded]
    return sorted(mentions, key=lambda m: m.start)


def _abbreviation_compounds(doc, gaz: Gazetteer, taken: set[int]) -> list[Mention]:
    """'the U.S.-led coalition', 'a U.K.-based charity': an abbreviation inside a token the tokenizer kept whole.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed article.
    gaz : Gazetteer
        Where the abbreviation is looked up.
    taken : set of int
        Tokens already in a mention; the tokens found are added.

    Returns
    -------
    list of Mention
        The abbreviations, each a ``name`` mention over part of its token.
    """
    out = []
    for tok in doc:
        head, sep, rest = tok.text.partition(".-")
        if not sep or not rest[:1].islower() or not _is_cap(tok) or tok.i in taken:
            continue
        matches = [m for m in gaz.lookup(head + ".") if m.kind == ABBR and m.accepts(head + ".")]
        if matches:
            out.append(Mention(head + ".", tok.idx, tok.idx + len(head) + 1, tok.i, tok.i + 1, "name", None, matches))
            taken.add(tok.i)
    return out


def _hyphen_pair(doc, m: Mention, mentions: list[Mention]) -> Mention:
    """'EU-Canada trade', 'Turkish-Russian relations': places joined by a hyphen before a common noun are places.

    The language model often calls such a pair an organisation; it is one only when a name
    goes on after it ("the Armenia-Italy Parliamentary Friendship Group").

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed article.
    m : Mention
        A mention of kind ``embedded``.
    mentions : list of Mention
        The article's mentions, ``m`` among them.

    Returns
    -------
    Mention
        ``m`` as a ``name`` or ``demonym`` mention when it is one of such a pair, else ``m`` unchanged.
    """
    i, j = m.tok_start, m.tok_end
    ends = {p.tok_end: p for p in mentions if p.kind in ("name", "demonym", EMBEDDED)}
    starts = {p.tok_start: p for p in mentions if p.kind in ("name", "demonym", EMBEDDED)}

    def close(k: int) -> bool:  # a hyphen at token k written against both its neighbours
        return 0 < k < len(doc) - 1 and doc[k].text == "-" and not doc[k - 1].whitespace_ and not doc[k].whitespace_

    left = ends.get(i - 1) if close(i - 1) else None
    right = starts.get(j + 1) if close(j) else None
    last = right.tok_end if right is not None else j
    if (left is None and right is None) or (last < len(doc) and _is_cap(doc[last])):
        return m
    kind = "demonym" if all(c.kind == DEMONYM for c in m.candidates) else "name"
    return Mention(m.text, m.start, m.end, i, j, kind, m.label, m.candidates)


def _user_matches(doc, extra_names, taken: set[int]) -> list[Mention]:
    out = []
    n = len(doc)
    i = 0
    while i < n:
        hit = None
        for j in range(min(n, i + _MAX_TOKENS), i, -1):
            if not _is_cap(doc[i]):
                break
            matches = extra_names(doc[i:j].text)
            if matches:
                hit = (j, matches)
                break
        if hit:
            j, matches = hit
            span = doc[i:j]
            kind = "venue" if matches[0].entry.feature == "venue" else "name"
            out.append(
                Mention(span.text, span.start_char, span.end_char, i, j, kind, span[0].ent_type_ or None, matches)
            )
            taken.update(range(i, j))
            i = j
        else:
            i += 1
    return out
