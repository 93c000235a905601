"""The gazetteer recogniser of the full mode: runs of capitalised words the gazetteer knows, judged by the parse.

Every run of capitalised tokens (up to eight, with "of", "and", "de"... inside) is looked up in
the offline gazetteer, longest first. A match is kept as a place when the language model's
entity over it, its words and the vetoes agree (:func:`accept`); a well-known place inside an
organisation's name is kept as ``embedded`` (:func:`embedded`); a town the model took for
something else gets a second chance where the text puts something ("in", "around") and the
story names its country (:func:`second_chance`).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..docdata import column, home_country, tokens
from ..gazetteer import ABBR, ALT, DEMONYM, NAME, Gazetteer, NameMatch, normalize
from ..lexicon import lexicon
from ..signals import at_dateline, dateline_match, demonym_or_name, prominent, well_known_by_name
from .mention import EntityLabel as L
from .mention import Mention, MentionKind
from .vetoes import (
    after_definite_article,
    capitalised_common_word,
    given_names,
    language_name,
    named_for_a_person,
    org_name,
    person,
    person_names,
    saint_s_name,
    street_name,
    vehicle_name,
)
from .words import (
    DIRECTIONS,
    capitalised,
    entity_at,
    first_conjunct,
    is_cap,
    listed,
    locative,
    lowercase_direction,
    not_a_code,
    not_by_direction,
)

LEX = lexicon()

#: the longest run of tokens looked up as one name
MAX_TOKENS = 8
#: entity labels that make words no place unless they are a lone, well-known place name
#: (spaCy's labels, typed: the list once held a misspelt "WORK_OF_ARG" that never matched. Spelt right,
#: WORK_OF_ART changed nothing worth a rule on the dev splits (GeoWebNews F1 -0.0003, TR-News +0.0007), so a
#: place inside a title is judged like any other: the label is left out by measurement, not by a typo.)
_NOT_PLACE_LABELS = frozenset({L.PERSON, L.ORG, L.PRODUCT, L.LAW, L.EVENT, L.FAC})
#: what the language model may call a town it does not know: "upriver around Mirebalais" (a PRODUCT)
_OTHER_LABELS = frozenset({None, L.WORK_OF_ART}) | _NOT_PLACE_LABELS
_NUMERIC_LABELS = frozenset({L.DATE, L.TIME, L.MONEY, L.PERCENT, L.QUANTITY, L.CARDINAL, L.ORDINAL})
#: what a town the language model calls something else may be, and how large it must be to be taken:
#: "lawmakers in Congress" is not Congress, Arizona (2,000 people); "around Amizmiz" (14,000) is the town
LOCAL_FEATURES = ("city", "admin1", "admin2")
_SECOND_CHANCE_POP = 5_000


def state_institution(doc, start: int, end: int, matches: list[NameMatch]) -> bool:
    """'the US State Department', 'U.S. Trade Representative': a country's institution names the country."""
    if not any(m.entry.feature == "country" and m.kind != DEMONYM for m in matches):
        return False
    if start > 0 and is_cap(doc[start - 1]) and doc[start - 1].lower_ != "the":
        return False  # "Air Canada", "DeSmog Canada": the country ends some other name
    return end < len(doc) and is_cap(doc[end]) and doc[end].lower_ in LEX.state_institution_words


def _whole_town_name(doc, ent, start: int, end: int, matches: list[NameMatch]) -> bool:
    """'Bad Neuenahr-Ahrweiler': a town's whole own name of several words, taken for a building."""
    return (
        ent.label_ == "FAC"
        and (ent.start + (doc[ent.start].lower_ == "the"), ent.end) == (start, end)
        and end - start > 1
        and doc[end - 1].lower_ not in LEX.venue_words
        and any(m.kind == NAME and m.entry.feature == "city" for m in matches)
    )


def _entity_over(doc, start: int, end: int):
    ent = entity_at(doc, start, end)
    if ent is not None and any(doc[t].lower_ in ("in", "near", "outside") for t in range(ent.start, start)):
        return None  # "[President's House in Colombo]": an entity run on over the phrase that places it
    if ent is not None and ent.label_ in (L.DATE, L.TIME) and not _date_words(ent):
        return None  # "the regime in [Niger]" tagged a date: no number, month or day in it
    return ent


_DATE_WORDS = LEX.month_names | LEX.date_words


def _date_words(ent) -> bool:
    """Whether an entity has what a date or a time is written with: a number, a month, a day, a unit of time."""
    return any(any(c.isdigit() for c in t.text) or t.like_num or t.lower_ in _DATE_WORDS for t in ent)


def _towns_without_article(matches: list[NameMatch]) -> bool:
    """Whether every candidate is a town or county whose own name does not begin with "The"."""
    return all(m.entry.feature in ("city", "admin2") and not m.entry.name.startswith("The ") for m in matches)


def accept(doc, start: int, end: int, matches: list[NameMatch]) -> tuple[bool, str | None]:
    """Decide whether a gazetteer match over tokens [start, end) is a place mention, and the entity label over it."""
    ent = _entity_over(doc, start, end)
    label = ent.label_ if ent is not None else None
    known = prominent(matches)
    if not known and (street_name(doc, start, end) if ent is not None else False):
        return False, label  # "2700 North Fourth Street": a street's name, neither North nor Street, England
    if named_for_a_person(doc, start, end) or saint_s_name(doc, start, end):
        return False, label  # "Marjory Stoneman Douglas High School", "St. Mary's Cathedral": not Douglas, nor Mary
    if capitalised_common_word(doc, start, end) and (not known or all(m.kind == ALT for m in matches)):
        return False, label  # "Strong earthquake hits...", "Gunmen opened fire", "Island watches" (not Iceland)
    if not known and after_definite_article(doc, start, end) and _towns_without_article(matches):
        return False, label  # "near the Circle" (a roundabout in Accra), not Circle, Montana
    if state_institution(doc, start, end, matches):
        return True, label
    if ent is not None and _whole_town_name(doc, ent, start, end, matches):
        return True, label
    if label in _NOT_PLACE_LABELS:
        # taken for a person or organisation: only a lone, well-known place name survives
        lone = ent.end <= end and all(doc[t].lower_ == "the" or doc[t].like_num for t in range(ent.start, start))
        return (lone and known and not org_name(doc, start, end)), label
    if label in _NUMERIC_LABELS or org_name(doc, start, end):
        return False, label
    if label == "NORP" and not known and not any(m.kind == DEMONYM or m.entry.feature != "city" for m in matches):
        return False, label  # "Christian", "Republican": a group, not the town of that name (but "Omdurman")
    if label in ("GPE", "LOC", "NORP") and ent.start <= start and ent.end >= end:
        # "North West Point", "Miami-Dade": a small place's name inside a longer one is not that place
        return known or not _inside_longer_name(doc, ent, start, end), label
    if all(m.kind == DEMONYM for m in matches) and language_name(doc, start, end):
        return False, label  # "speaking in French": a language
    if any(m.kind in (DEMONYM, ABBR) for m in matches):
        return True, label
    # no entity says so: accept well-known places written as proper nouns
    inner = range(start + 1, end - 1)
    first = start + lowercase_direction(doc[start])  # "southern Africa"
    joins = LEX.connectors | LEX.dashes  # "Rio de Janeiro", "Aix-en-Provence"
    if not all(doc[t].pos_ == "PROPN" or (t in inner and doc[t].lower_ in joins) for t in range(first, end)):
        return False, label
    # "East Palestine": a name of several words the gazetteer knows as a place's own is that place
    whole = end - first > 1 and any(m.kind == NAME for m in matches)
    return known or whole or label in ("GPE", "LOC"), label


#: words an entity may hold beside a place's name and still be that place ("the Donetsk region", "Gaza City")
_BESIDE_A_NAME = LEX.connectors | LEX.admin_words | LEX.town_kinds | LEX.city_parts | DIRECTIONS


def _inside_longer_name(doc, ent, start: int, end: int) -> bool:
    """Whether an entity holds words beside tokens [start, end) that make it another name ("North West Point")."""
    return any(
        not (t.is_punct or t.lower_ in _BESIDE_A_NAME or "." in t.text)
        for t in doc[ent.start : ent.end]
        if not start <= t.i < end
    )


def embedded(doc, start: int, end: int, matches: list[NameMatch], label: str | None) -> bool:
    """Whether a rejected gazetteer match is a well-known place inside an organisation's name.

    "The Washington Post", "Kentucky State Police", "Air Zimbabwe", "the Syrian Observatory for
    Human Rights": the language model calls the name an organisation, or its words make it one,
    and the place is well known by its own name. So is the country of a currency in an amount
    ("59.2 billion US dollars").
    """
    if label == "MONEY":
        return well_known_by_name(matches)  # "59.2 billion US dollars": the currency's country
    if label not in ("ORG", "GPE", "LOC", "NORP", None):
        return False  # a person's, an event's or a building's name
    if label != "ORG" and not org_name(doc, start, end):
        return False
    return well_known_by_name(matches)


def shares_word(key: str, name: str) -> bool:
    """Whether a folded name and a place's main name have a word in common ("White House", "Whitehouse")."""
    main = normalize(name)
    words, own = key.replace("-", " ").split(), main.replace("-", " ").split()
    if any(w.startswith(o) or o.startswith(w) for w in words for o in own if min(len(w), len(o)) >= 4):
        return True  # "European Union" and Europe
    return bool(set(words) & set(own)) or key.replace(" ", "") == main.replace(" ", "")


def candidate_spans(doc) -> dict[tuple[int, int], str]:
    """Runs of capitalised tokens (connectors inside) that may be names, with their folded keys.

    A run after a lowercase direction is also taken with it ("southern Africa"): the gazetteer says
    whether that is a region's name.
    """
    n, toks = len(doc), tokens(doc)
    texts, spaced, lows = column(doc, "text"), column(doc, "text_with_ws"), column(doc, "lower_")
    space, starts = column(doc, "is_space"), column(doc, "is_sent_start")
    caps = [capitalised(t) for t in texts]

    def text(i: int, j: int) -> str:  # doc[i:j].text, from the words already read
        return "".join(spaced[i : j - 1]) + texts[j - 1]

    spans: dict[tuple[int, int], str] = {}
    for i in range(n):
        if not caps[i] or space[i]:
            continue
        for j in range(i + 1, min(n, i + MAX_TOKENS) + 1):
            last = j - 1
            if space[last] or (last > i and starts[last]):
                break
            if last > i and not caps[last] and lows[last] not in LEX.connectors and texts[last] not in {"-", "'s"}:
                break
            if caps[last]:
                spans[(i, j)] = normalize(text(i, j))
                if i > 0 and lowercase_direction(toks[i - 1]):
                    spans[(i - 1, j)] = normalize(text(i - 1, j))  # "southern Africa": a region's name
    return spans


@dataclass(slots=True)
class _Text:
    """What the whole text says about its names, read once before they are judged one by one."""

    found: dict[str, list[NameMatch]]
    #: names the text shows to be a ship's or a plane's: that everywhere in the text
    vehicles: set[str]
    #: names the text calls divisions ("Al Haouz province"): that everywhere, whatever the model took them for
    divisions: set[str]
    people: set[str]
    given: set[str]


def _read_text(doc, spans: dict, gaz: Gazetteer) -> _Text:
    found = gaz.lookup_many(spans.values())
    n = len(doc)
    vehicles = {key for (i, j), key in spans.items() if key in found and vehicle_name(doc, i, j, prominent(found[key]))}
    divisions = {
        key
        for (i, j), key in spans.items()
        if key in found
        and j + 1 < n
        and doc[j].lower_ in LEX.admin_words
        and not is_cap(doc[j + 1])
        and any(m.kind in (NAME, ALT) and m.entry.feature in ("admin1", "admin2") for m in found[key])
    }
    return _Text(found, vehicles, divisions, person_names(doc), given_names(doc))


def _acronym_matches(doc, i: int, j: int, text: str, matches: list[NameMatch]) -> list[NameMatch] | None:
    """What a word in capitals may be: a dateline's place, a known abbreviation; None: not a place at all."""
    if not (text.replace(".", "").isupper() and len(text) <= 5):
        return matches
    if at_dateline(doc, i, j):
        return [m for m in matches if dateline_match(m, text)]
    # an acronym ("PKK", "MOW") is a place only as a known abbreviation ("US", "UAE"), or written
    # with dots as a capital's other name ("D.C.") or a city's initials ("L.A."), not "P.A."
    letters = text.replace(".", "")
    kept = [
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
        return None  # "in 44 BC"; not "two US soldiers", "a billion US dollars"
    return kept


def _part_of_longer_name(doc, i: int, j: int) -> bool:
    """'Mar-a-Lago': the first word of a longer hyphenated name, not "Mar" (Maracaibo)."""
    n = len(doc)
    return (
        j + 2 < n
        and doc[j].text == "-"
        and not doc[j - 1].whitespace_
        and doc[j + 1].is_lower
        and doc[j + 2].text == "-"
    )


def _mention(doc, i: int, j: int, kind: str, label: str | None, matches: list[NameMatch]) -> Mention:
    return Mention.from_span(doc[i:j], kind, label, candidates=matches, source="gazetteer")


def _venue_by_name(doc, i: int, j: int, key: str, label_at, matches: list[NameMatch]):
    """A venue the gazetteer places, or a building of a name that is a town's by translation; else the matches left.

    "Toronto Pearson International Airport", "the Kremlin": a venue the gazetteer knows, also for
    who sits there ("the Kremlin denied"). "White House" is an alternate name of Casablanca (a
    translation): a phrase of several words stands for a place by another name only when the
    language model, too, calls it a place.
    """
    known = [m for m in matches if m.entry.feature == "venue"]
    if known and not org_name(doc, i, j):
        return _mention(doc, i, j, MentionKind.VENUE, label_at, known), matches
    if j - i > 1 and label_at not in ("GPE", "LOC"):
        kept = [m for m in matches if m.kind != ALT or m.entry.feature != "city" or shares_word(key, m.entry.name)]
        if len(kept) < len(matches) and not prominent(kept) and doc[j - 1].lower_ in LEX.venue_words | {"house"}:
            return _mention(doc, i, j, MentionKind.VENUE, label_at, []), matches  # "the White House"
        return None, kept
    return None, matches


def find_names(doc, gaz: Gazetteer) -> list[Mention]:
    """Gazetteer matches judged by the parse: places, venues the gazetteer knows, and ``embedded`` places.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed article.
    gaz : Gazetteer
        Where names are looked up.

    Returns
    -------
    list of Mention
        Longest names first; ``embedded`` mentions may overlap others.
    """
    n = len(doc)
    spans = candidate_spans(doc)
    text = _read_text(doc, spans, gaz)
    out: list[Mention] = []
    taken = [False] * n
    inside_org = [False] * n
    second: list[tuple] = []
    for (i, j), key in sorted(spans.items(), key=lambda kv: (-(kv[0][1] - kv[0][0]), kv[0][0])):
        if key not in text.found or key in text.vehicles or any(taken[i:j]):
            continue
        words = doc[i:j].text
        if j - i == 1 and doc[i].is_stop and not doc[i].text.isupper():
            continue  # "The", "Of": alternate names that are English words
        if person(doc, i, j, people=text.people, given=text.given, known_place=prominent(text.found[key])):
            continue
        if _part_of_longer_name(doc, i, j):
            continue
        # "Red Deer, Alta." where the tokenizer split the abbreviation's dot off
        dotted = j < n and doc[j].text == "." and not doc[j - 1].whitespace_ and not words.endswith(".")
        matches = _acronym_matches(doc, i, j, words, [m for m in text.found[key] if m.accepts(words + "." * dotted)])
        if matches is None:
            continue
        label_at = doc[i].ent_type_ or None
        venue, matches = _venue_by_name(doc, i, j, key, label_at, matches)
        if venue is not None:
            taken[i:j] = [True] * (j - i)
            out.append(venue)
            continue
        if not is_cap(doc[i]):  # "southern Africa": a direction begins only a region's name, not "south Sudan"
            matches = [m for m in matches if m.entry.feature == "region"]
        matches = not_by_direction(key, not_a_code(words, matches))
        if not matches:
            continue
        kind, matches = demonym_or_name(matches, adjective=doc[i].pos_ == "ADJ" or doc[i].ent_type_ == "NORP")
        ok, label = accept(doc, i, j, matches)
        if not ok and key in text.divisions and label in ("PERSON", None) and not org_name(doc, i, j):
            ok = True
            matches = [m for m in matches if m.entry.feature in ("admin1", "admin2")] or matches
        if not ok and not any(inside_org[i:j]) and label in _OTHER_LABELS:
            # "deaths recorded in Chichaoua and Ouarzazate", "crews from Larissa, Volos and Katerini"
            where = locative(doc, i, j)
            if where or (listed(doc[j - 1]) and not embedded(doc, i, j, matches, label)):
                second.append((i, j, kind, label, matches, where))
                continue
        if not ok and (any(inside_org[i:j]) or not embedded(doc, i, j, matches, label)):
            continue
        if dotted and any((m.surface or "").endswith(".") for m in matches):
            j += 1
        if not ok:
            # "the Washington Post": the place inside the name; its tokens stay open to a place
            # mention inside it (find_mentions keeps that one instead)
            inside_org[i:j] = [True] * (j - i)
            out.append(_mention(doc, i, j, MentionKind.EMBEDDED, label, matches))
            continue
        taken[i:j] = [True] * (j - i)
        out.append(_mention(doc, i, j, kind, label, matches))
    return out + second_chance(doc, out, second, taken)


def second_chance(doc, found: list[Mention], waiting: list[tuple], taken: list[bool]) -> list[Mention]:
    """A town the language model took for something else, where the text puts something ("in", "around").

    Or names its division ("Taroudant province"): a place when it lies in a country the story names
    (or the publication's home region is in, ``near=``: "officials in Keene said" in a New Hampshire
    paper), and is large enough not to be a word's namesake. A name coordinated with a place the text
    names ("in Mirebalais and Grande Saline", "crews from Larissa, Volos and Katerini") is a place of
    that place's country, however small. ``waiting`` holds ``(start, end, kind, label, matches,
    where)``; ``where``: the text puts something there (only a list vouches for the others).
    """
    countries = {
        m.entry.country
        for x in found
        if x.kind != MentionKind.EMBEDDED
        for m in x.candidates
        if m.entry.feature == "country"
    } | ({home} if (home := home_country(doc)) else set())
    out = []
    for i, j, kind, label, matches, where in waiting:
        partners = _coordinated_countries(doc, i, j, found, LOCAL_FEATURES if where else ("city",))
        # a name only listed ("crews from Larissa, Volos and Katerini") needs a town of the list to vouch for
        # it ("HOLLIDAY, Mo." is no list), and to be a town's own name (not "Alta." for Alberta)
        local = [
            m
            for m in matches
            if m.entry.feature in LOCAL_FEATURES
            and (
                (m.entry.country in partners and (where or m.kind == NAME))
                or (where and m.entry.country in countries and _not_small(m))
                or (where and _division_by_its_own_name(doc, j, m))
            )
        ]
        if local and not any(taken[i:j]):
            taken[i:j] = [True] * (j - i)
            out.append(_mention(doc, i, j, kind, label, local))
    return out


def _division_by_its_own_name(doc, end: int, m: NameMatch) -> bool:
    """A division whose own name ends in its kind ("Tangipahoa Parish", "Cherokee County"): the words say what it is."""
    return m.kind == NAME and m.entry.feature in ("admin1", "admin2") and doc[end - 1].lower_ in LEX.admin_words


def _not_small(m: NameMatch) -> bool:
    """A division, or a town large enough not to be a word's namesake ("Congress", Arizona: 2,000 people)."""
    return m.entry.feature != "city" or m.entry.population >= _SECOND_CHANCE_POP


def _coordinated_countries(doc, i: int, j: int, found: list[Mention], features=LOCAL_FEATURES) -> set[str]:
    """The countries of the places of these features the text names in one list with tokens [i, j) ("X, Y and Z")."""
    first = first_conjunct(doc[j - 1])
    members = {t.i for t in first.sent if first_conjunct(t) == first}
    out: set[str] = set()
    for x in found:
        if x.kind != MentionKind.EMBEDDED and any(x.tok_start <= t < x.tok_end for t in members):
            out |= {m.entry.country for m in x.candidates if m.entry.feature in features}
    return out
