"""What the text says around a mention, read once before its candidates are weighed (:class:`Around`)."""

from __future__ import annotations

import bisect

from ..gazetteer import ABBR, ALT, NAME
from ..lexicon import lexicon
from ..mentions import Mention
from ..signals import METROPOLIS
from .features import Around

LEX = lexicon()


def river_wording(doc, m: Mention) -> int:
    """How plainly a name is written as a river's or a sea's: 0 not, 1 "the Dnipro", 2 "the tropical Atlantic".

    English gives rivers and seas the article; words that describe a part of it ("the north
    Atlantic", "the eastern Pacific") or a water word after it ("Dnipro river") say so plainly. A
    bare short name stands for a town of that name ("in Dnipro" is the city).
    """
    k = m.tok_start - 1
    while k >= 0 and m.tok_start - k <= 3 and doc[k].pos_ == "ADJ" and not doc[k].text[:1].isupper():
        k -= 1
    if m.tok_end < len(doc) and doc[m.tok_end].lower_ in LEX.water_words:
        return 2
    if k >= 0 and doc[k].lower_ == "the":
        return 2 if k < m.tok_start - 1 else 1
    return 0


def sentence_countries(doc, mention: Mention, demonyms: list[Mention]) -> set[str]:
    """Countries a demonym in the same sentence points to: 'an Australian who grew up in Grafton'.

    ``demonyms`` are the article's demonym mentions, in text order.
    """
    sent = doc[mention.tok_start].sent
    lo = bisect.bisect_left(demonyms, sent.start, key=lambda m: m.tok_start)
    out = set()
    for m in demonyms[lo:]:
        if m.tok_start >= sent.end:
            break
        if m is not mention:
            out.update(c.entry.country for c in m.candidates)
    return out


def names_country(mention: Mention) -> bool:
    """Whether a mention may name a country by its name or abbreviation."""
    return any(c.entry.feature == "country" and c.kind in (NAME, ABBR) for c in mention.candidates)


def parents(doc, mention: Mention, by_token: dict[int, Mention]) -> set[str]:
    """Names written right after a mention as its container: 'Paris, Texas', 'Aleppo, Syria'."""
    j = mention.tok_end
    if j < len(doc) and doc[j].text == ",":
        nxt = by_token.get(j + 1)
        if nxt is not None:
            if names_country(mention) and names_country(nxt):
                return set()  # "in Russia, U.S. officials said": two countries in a row, not Russia, Ohio
            out = set()
            for c in nxt.candidates:
                if c.entry.feature == "country" and c.entry.country:
                    out.add(c.entry.country)
                elif c.entry.feature == "admin1":
                    out.add(c.entry.name.lower())
            return out
    return set()


def homonyms(m: Mention) -> frozenset[int]:
    """Cities that news means by a name they share with a division: the capital, the metropolis.

    "Washington" is the capital, not the state; "New York" the city of 8 million, not the state
    it lies in (unless the text says "New York state": see :attr:`Around.admin_word`).
    """
    divisions = {c.entry.country for c in m.candidates if c.entry.feature == "admin1" and c.kind == NAME}
    if not divisions or any(c.entry.feature == "country" and c.kind == NAME for c in m.candidates):
        return frozenset()  # "Mexico" is the country before its capital or its state
    return frozenset(
        c.entry.id
        for c in m.candidates
        if c.entry.feature == "city"
        and c.kind in (NAME, ALT)
        and c.entry.country in divisions
        and (c.entry.capital or c.entry.population >= METROPOLIS)
    )


def read_around(doc, mentions: list[Mention], named: list[Mention], regions: dict) -> dict[tuple, Around]:
    """What the text says around each mention with candidates, by the mention's :attr:`~Mention.ref`.

    ``regions`` holds the first-level division each mention may name; a mention does not vouch
    for itself.
    """
    by_token = {m.tok_start: m for m in mentions}
    demonyms = sorted((m for m in named if m.kind == "demonym"), key=lambda m: m.tok_start)
    out = {}
    for m in named:
        found = parents(doc, m, by_token)
        if not names_country(m):
            # "an Australian who grew up in Grafton"; but "Mexico" near "American" is still the country
            found |= sentence_countries(doc, m, demonyms)
        elsewhere = frozenset(r for k, r in regions.items() if k != m.ref)
        admin_word = m.tok_end < len(doc) and doc[m.tok_end].lower_ in LEX.admin_words
        town_word = (
            m.tok_start >= 2
            and doc[m.tok_start - 1].lower_ == "of"
            and (doc[m.tok_start - 2].lemma_.lower() in LEX.town_kinds)
        )
        wording = river_wording(doc, m)
        candidates = tuple((c.entry.id, c.kind) for c in m.candidates)
        own = (m.key, m.kind, candidates, frozenset(found), admin_word, town_word, wording)
        out[m.ref] = Around(
            parents=frozenset(found),
            elsewhere=elsewhere,
            admin_word=admin_word,
            town_word=town_word,
            wording=wording,
            key=m.key,
            homonyms=frozenset() if admin_word else homonyms(m),
            own=own,
        )
    return out
