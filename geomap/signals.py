"""What several stages read from a name or a line, defined once: prominence, datelines, demonym or name.

- **Prominence**: how well known the place a name may mean is. Recognition keeps a lone word
  only when it may name a well-known place (:func:`prominent`), a place inside an
  organisation's name counts only when it is well known by its own name
  (:func:`well_known_by_name`), and resolution lets a small namesake beat a famous place only
  with the text's support (:func:`renown`). The population thresholds are defined here only.
- **Datelines**: "LAGOS, Nigeria —", "ROME --", "DOHA (Reuters) -": where a story was filed
  (:func:`dateline_next`, :func:`at_dateline`, :func:`dateline_match`).
- **The lead and its dateline**: the first two sentences (:func:`lead_end`), and the places
  that say where the story was filed (:func:`dateline_mentions`).
- **Demonym or name**: "Spanish rescuers" is Spain's adjective, not Spanish, Ontario
  (:func:`demonym_or_name`).

They work on a spaCy ``Doc`` and on the fast mode's ``TextDoc`` alike.
"""

from __future__ import annotations

from .docdata import once
from .gazetteer import ABBR, ALT, DEMONYM, NAME, NameMatch
from .lexicon import lexicon

LEX = lexicon()

#: a city this large is well known: known by its other names too ("KIEV"), and named in a venue's name it
#: may place the venue in a story about another country ("Catania airport")
LARGE_CITY = 100_000
#: a city this large, or a national capital, is what its name means unless the text says otherwise
METROPOLIS = 1_000_000
#: regions and seas have no population: they weigh as a metropolis would ("Middle East" is not a hamlet)
AREA_POPULATION = 1_000_000


def other_name(m: NameMatch) -> bool:
    """Whether a city matched by a name unlike its own: "Julia" for Plovdiv, not "Misrata" for Misratah."""
    return m.kind == ALT and m.entry.feature == "city" and not m.spelling


def prominent(matches: list[NameMatch]) -> bool:
    """Whether a name may mean a well-known place: a country, division, region or sea, a capital, a large city.

    A city known by a name unlike its own counts only if it is a capital or a metropolis
    ("Bombay", "Saigon"): GeoNames' alternate names hold first names and surnames ("Julia" is one
    of Plovdiv's) that must not make a person a well-known place. Spellings of its own name
    ("Misrata" for Misratah, "Douma" for Dūmā) count as the name.
    """
    return any(
        m.entry.feature in ("country", "admin1", "region", "water")
        or m.entry.capital
        or m.entry.population >= METROPOLIS
        or (m.entry.population >= LARGE_CITY and not other_name(m))
        for m in matches
    )


def well_known_by_name(matches: list[NameMatch]) -> bool:
    """Whether a name is a well-known place by its own name: a country, region, capital or large place, or a demonym.

    Stricter than :func:`prominent`: a first-level division or a sea does not count, and an
    alternate name only for a country or a capital. "Federal" in "Federal Reserve" or "Inc." is
    not one.
    """
    return any(
        m.kind in (DEMONYM, ABBR)
        or (m.kind == ALT and (m.entry.feature == "country" or m.entry.capital))
        or (
            m.kind == NAME
            and m.entry.feature != "water"
            and (m.entry.feature in ("country", "region") or m.entry.capital or m.entry.population >= LARGE_CITY)
        )
        for m in matches
    )


def renown(c: NameMatch) -> float:
    """How well known the place a name may mean is, as a population: 0 for an ordinary place.

    Countries, first-level divisions, regions and seas, national capitals and cities of a
    million are what a name means unless the text says otherwise.
    """
    e = c.entry
    if c.kind == DEMONYM:
        return 0.0
    if e.feature in ("region", "water"):
        return float(AREA_POPULATION)
    if e.feature in ("country", "admin1"):
        return float(e.population)
    if e.feature == "city" and c.kind == NAME and (e.capital or e.population >= METROPOLIS):
        return float(e.population)
    return 0.0


def mission(name: str) -> bool:
    """Whether a venue's name is a state's mission abroad ("the US Embassy", "Consulate of Japan": ``mission_words``).

    It stands in the country that hosts it, not in the one its name holds.
    """
    return any(w in LEX.mission_words for w in name.lower().split())


def dateline_next(word: str, spaced: bool) -> bool:
    """Whether ``word`` may follow a dateline's place: "LAGOS, Nigeria —", "ROME --", "DOHA (Reuters) -".

    A dash must stand apart (``spaced``: whitespace before it): "UN-backed" is no dateline.
    """
    return word in (",", "(") or (word in LEX.dashes and spaced)


def at_dateline(doc, start: int, end: int) -> bool:
    """Whether tokens [start, end) open a line or sentence as a dateline's place does ("LAGOS, Nigeria — ...")."""
    first = start == 0 or doc[start].is_sent_start or doc[start - 1].is_space
    return first and end < len(doc) and dateline_next(doc[end].text, bool(doc[end - 1].whitespace_))


def dateline_match(m: NameMatch, text: str) -> bool:
    """A place a capitalised dateline word may be: by its name ("ROME"), or a large city's other ("KIEV").

    Not a three-letter code among a city's other names: "PKK, the group, said..." is not Pakokku.
    """
    return m.kind in (NAME, ABBR) or (m.kind == ALT and len(text) > 3 and m.entry.population >= LARGE_CITY)


def demonym_or_name(matches: list[NameMatch], *, adjective: bool | None) -> tuple[str, list[NameMatch]]:
    """Whether a word is a people's adjective ("Ukrainian") or a place's name, and the matches that say so.

    Parameters
    ----------
    matches : list of NameMatch
        What the word matched in the gazetteer.
    adjective : bool or None
        What the parse says: the word is an adjective or a nationality ("Spanish rescuers"); None
        with no parse (the fast mode), where a well-known place of that name wins ("Georgia").

    Returns
    -------
    (str, list of NameMatch)
        ``"demonym"`` and the demonym matches, or ``"name"`` and the others.
    """
    demonyms = [m for m in matches if m.kind == DEMONYM]
    names = [m for m in matches if m.kind != DEMONYM]
    if demonyms and (not names or (adjective if adjective is not None else not prominent(names))):
        return "demonym", demonyms
    return "name", names


def lead_end(doc) -> int:
    """Where the lead ends (a character offset): the first two sentences with words."""
    return once(doc, "lead end", _lead_end)


def _lead_end(doc) -> int:
    sents = []
    for s in doc.sents:
        if any(t.is_alpha for t in s):
            sents.append(s)
            if len(sents) == 2:
                break
    return sents[-1].end_char if sents else 0


def dateline_mentions(doc, mentions: list) -> set[tuple]:
    """The mentions of the story's dateline, by their ``ref``: "JAKARTA, Indonesia — A ferry sank off Buton island".

    The places that open a line of the lead, before a dash or a bracket ("LONDON (Reuters) -"), say
    where the story was filed: the parse makes them part of the first sentence, but they are no
    party to it. A headline above may open with a place too ("Indonesia ferry sinks").
    """
    mentions = sorted(mentions, key=lambda m: m.tok_start)
    end = lead_end(doc)
    for first in mentions:
        if first.start >= end:
            break
        if first.tok_start > 0 and not doc[first.tok_start - 1].is_space:
            continue  # not at the start of a line
        chunk = [first]
        j = first.tok_end
        nxt = next((m for m in mentions if m.tok_start == j + 1), None)
        if j < len(doc) and doc[j].text == "," and nxt is not None:
            chunk.append(nxt)  # "PARIS, Texas —"
            j = nxt.tok_end
        if j < len(doc) and (doc[j].text in LEX.dashes or doc[j].text == "("):
            return {m.ref for m in chunk}
    return set()
