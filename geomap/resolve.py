"""Choose one place for each mention, in the context of the whole article.

A candidate's score adds a population prior, a feature prior (countries and capitals are
what news names most), how the name matched (a main name beats an alternate one), the
article's country context (countries named, directly or by demonym, and the countries of
places already resolved) and the admin hierarchy written in the text ("Paris, Texas").
Mentions that resolve to the same entry become one :class:`Place`.

Venues that no gazetteer knows are placed at the place the text locates them by ("Crocus
City Hall on the outskirts of Moscow" -> Moscow), with a ``precision_km`` that says how rough
that is, and a low confidence.
"""

from __future__ import annotations

import bisect
import math
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from .gazetteer import ABBR, ALT, DEMONYM, NAME, Entry, Gazetteer, NameMatch
from .lexicon import lexicon
from .mentions import EMBEDDED, Mention
from .signals import AREA_POPULATION, LARGE_CITY, METROPOLIS, renown

LEX = lexicon()

_FEATURE_PRIOR = {
    "country": 0.5,
    "admin1": 0.3,
    "admin2": 0.2,
    "region": 0.3,
    "water": 0.3,
    "city": 0.15,
    "venue": 0.4,
    "other": 0.2,
}
_KIND_PRIOR = {ALT: 0.0, ABBR: 0.15, DEMONYM: 0.15}
_FINENESS = {"venue": 0, "other": 1, "city": 2, "admin2": 3, "admin1": 4, "region": 5, "water": 5, "country": 6}


@dataclass
class Place:
    """A distinct place of the article with all its mentions.

    Attributes mirror the places table (see ``schema.md``): ``name``, ``feature``,
    ``country``, ``gazetteer_id``, ``lat``/``lon`` (None when unresolved), ``precision_km``
    and ``confidence``. ``anchor`` names the place a venue was located by.
    """

    name: str
    feature: str
    country: str | None
    gazetteer_id: str | None
    lat: float | None
    lon: float | None
    precision_km: float | None
    confidence: float
    mentions: list[Mention] = field(default_factory=list)
    admin1: str | None = None
    anchor: str | None = None
    #: how far from its anchor the text puts the place ("70 km south-west of Marrakesh"): not inside it
    anchor_km: float | None = None
    capital: bool = False

    @property
    def fineness(self) -> int:
        """Smaller is finer: venue < city < admin1 < country."""
        return _FINENESS.get(self.feature, 5)

    def contains(self, other: Place) -> bool:
        """Whether this place plausibly contains ``other`` (a country its cities, a city its venues)."""
        if other is self or self.lat is None or other.lat is None or self.fineness <= other.fineness:
            return False
        if self.feature == "country":
            return other.country == self.country
        if self.feature == "admin1" and self.admin1 and other.admin1:
            return other.country == self.country and other.admin1 == self.admin1
        from ._geo import haversine_km

        return haversine_km(self.lat, self.lon, other.lat, other.lon) <= max(self.precision_km or 0, 1.0) * 2.5


def _score(m: NameMatch, context: Counter, total: float, parents: set[str], regions: set = frozenset()) -> float:
    e = m.entry
    population = e.population or (AREA_POPULATION if e.feature in ("region", "water") else 0)
    s = 0.45 * min(1.0, math.log10(population + 1) / 7.0)
    s += _FEATURE_PRIOR.get(e.feature, 0.2) + (0.2 if e.capital else 0.0)
    s += _KIND_PRIOR.get(m.kind, 0.15)
    if total and e.country:
        s += 0.35 * context[e.country] / max(total, 2.0)  # one city named once is thin evidence
    if parents and (e.country in parents or (e.admin1 or "").lower() in parents):
        s += 0.6
    if e.feature != "admin1" and (e.country, e.admin1) in regions:
        s += 0.3  # "the village of Hrabove ... over the Donetsk region"
    return s


_LOCAL = ("city", "admin2", "admin1")


def _neighbour_bonus(e: Entry, key: str, near: dict[tuple, set[tuple[int, str]]]) -> float:
    """Places in the same first-level division as the article's other places are preferred.

    "Edmonton" in a story about Enfield and Tottenham is the London one; "London" in a story
    about Sarnia and Windsor is the Ontario one. The places chosen for the same name (``key``)
    do not count: "Aleppo" the city does not make "Aleppo" the governorate a neighbour.
    """
    if e.feature not in _LOCAL or not e.admin1:
        return 0.0
    others = {pid for pid, k in near.get((e.country, e.admin1), set()) if k != key and pid != e.id}
    return 0.15 * min(len(others), 2)


def _homonym_bonus(m: Mention) -> dict[int, float]:
    """Cities that news means by a name they share with a division: the capital, the metropolis.

    "Washington" is the capital, not the state; "New York" the city of 8 million, not the state
    it lies in (unless the text says "New York state", see ``LEX.admin_words``).
    """
    divisions = {c.entry.country for c in m.candidates if c.entry.feature == "admin1" and c.kind == NAME}
    if not divisions or any(c.entry.feature == "country" and c.kind == NAME for c in m.candidates):
        return {}  # "Mexico" is the country before its capital or its state
    return {
        c.entry.id: 0.45
        for c in m.candidates
        if c.entry.feature == "city"
        and c.kind in (NAME, ALT)
        and c.entry.country in divisions
        and (c.entry.capital or c.entry.population >= METROPOLIS)
    }


#: a namesake this many times smaller than a well-known place of the same name needs the text's support
_NAMESAKE_RATIO = 100


def _well_known_over_namesake(
    scored: list, context: Counter, parents: set[str], elsewhere: frozenset, key: str, near: dict
) -> NameMatch:
    """The best-scored candidate, unless context alone made a small namesake beat a well-known place.

    Country context, neighbours and divisions named elsewhere add up to more than a hundredfold
    in population: without this, "the Pacific" in a Missouri story is Pacific, Missouri, and
    "Queensland" in a Canadian story a hamlet in Alberta. A namesake a hundred times
    smaller keeps the name only when the text supports it: written as its container's ("Paris,
    Ky."), or in a division the text names or among the text's other places ("Moscow" in a story
    about Idaho, "EDMONTON" over a story about Barren County, Kentucky), unless the text also names
    the well-known place's country ("in France ... Paris' Champs-Elysees"). A sea or a region never
    yields to a namesake town without "Atlantic, Iowa".
    """
    best = scored[0][1]
    e = best.entry
    if e.feature not in ("city", "admin2", "other") or renown(best):
        return best
    if e.country in parents or (e.admin1 or "").lower() in parents:
        return best
    local = (e.country, e.admin1) in elsewhere or _neighbour_bonus(e, key, near) > 0
    for _, c in scored[1:]:
        if renown(c) <= e.population * _NAMESAKE_RATIO:
            continue
        if local and c.entry.feature not in ("region", "water") and not context[c.entry.country]:
            continue
        return c
    return best


def _division_capital(doc, m: Mention, places: dict[str, Place], gazetteer: Gazetteer, focus: str | None):
    """'the state capital', 'the provincial capital': the capital of the division the text is in.

    A city in apposition ("Belo Horizonte, the state capital") is that capital: its key in
    ``places`` is returned. Otherwise the division is the last one the text named before (or,
    failing that, the one most of the story's towns lie in), and its capital its largest city.
    """
    key_of = {id(x): k for k, p in places.items() for x in p.mentions}
    at = {t: x for p in places.values() for x in p.mentions for t in range(x.tok_start, x.tok_end)}
    head = doc[m.tok_end - 1]
    linked = [head.head] if head.dep_ == "appos" else []
    linked += [c for c in head.children if c.dep_ == "appos"]
    for t in linked:
        x = at.get(t.i)
        if x is not None and places[key_of[id(x)]].feature == "city":
            return key_of[id(x)]
    divisions = sorted(
        (x.tok_start, p) for p in places.values() if p.feature == "admin1" and p.lat is not None for x in p.mentions
    )
    before = [p for t, p in divisions if t < m.tok_start]
    if before or divisions:
        division = (before or [divisions[0][1]])[-1 if before else 0]
        return gazetteer.largest_city(division.country, division.admin1) if division.admin1 else None
    votes = Counter(
        (p.country, p.admin1)
        for p in places.values()
        if p.feature in ("city", "admin2") and p.admin1 and (focus is None or p.country == focus)
        for _ in p.mentions
    )
    if not votes:
        return None
    cc, admin1 = votes.most_common(1)[0][0]
    return gazetteer.largest_city(cc, admin1)


def _river_wording(doc, m: Mention) -> int:
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


def _water_wording(c: NameMatch, wording: int) -> float:
    """How much likelier a sea or river is from the way the text writes its name (see :func:`_river_wording`)."""
    if c.entry.feature != "water":
        return 0.0
    if wording:
        return 0.2 * wording
    return -0.35 if c.kind == ALT else 0.0


def _sentence_countries(doc, mention: Mention, demonyms: list[Mention]) -> set[str]:
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


def _parents(doc, mention: Mention, by_token: dict[int, Mention]) -> set[str]:
    """Names written right after a mention as its container: 'Paris, Texas', 'Aleppo, Syria'."""
    j = mention.tok_end
    if j < len(doc) and doc[j].text == ",":
        nxt = by_token.get(j + 1)
        if nxt is not None:
            if _names_country(mention) and _names_country(nxt):
                return set()  # "in Russia, U.S. officials said": two countries in a row, not Russia, Ohio
            out = set()
            for c in nxt.candidates:
                if c.entry.feature == "country" and c.entry.country:
                    out.add(c.entry.country)
                elif c.entry.feature == "admin1":
                    out.add(c.entry.name.lower())
            return out
    return set()


def _names_country(mention: Mention) -> bool:
    return any(c.entry.feature == "country" and c.kind in (NAME, ABBR) for c in mention.candidates)


def _confidence(scores: list[float], kind: str) -> float:
    if not scores:
        return 0.0
    best = scores[0]
    second = scores[1] if len(scores) > 1 else best - 1.0
    margin = 1.0 / (1.0 + math.exp(-6.0 * (best - second)))
    base = 0.95 if kind in ("name", "demonym") else 0.8
    return round(base * margin, 3) if len(scores) > 1 else base


def _place_from_entry(e: Entry, confidence: float) -> Place:
    return Place(
        e.name,
        e.feature,
        e.country,
        e.gazetteer_id,
        e.lat,
        e.lon,
        e.precision_km,
        confidence,
        admin1=e.admin1,
        capital=e.capital,
    )


def focus_country(places: list[Place]) -> str | None:
    """The country the article is about: the one most often named, directly or through its places."""
    votes: Counter = Counter()
    for p in places:
        if p.country and p.lat is not None:
            for m in p.mentions:
                votes[p.country] += 2.0 if m.start < 600 else 1.0
    if not votes:
        return None
    return votes.most_common(1)[0][0]


class _Around(NamedTuple):
    """What the text says around a mention (``elsewhere``, the divisions it names, is revised after pass 1)."""

    parents: set[str]
    elsewhere: frozenset
    admin_word: bool
    wording: int
    key: str
    #: the mention's name, kind, candidates, parents, admin word and wording
    own: tuple

    @property
    def sig(self) -> tuple:
        """Mentions that agree in all of this are scored once a pass ("U.S." ten times)."""
        return (*self.own, self.elsewhere)


def _state_namesake(m: Mention, country: str) -> bool:
    """Whether a country's name is also a division's of another country ("Georgia")."""
    return any(c.entry.feature == "admin1" and c.kind == NAME and c.entry.country != country for c in m.candidates)


def _choose(m: Mention, ctx: Counter, total: float, around: _Around, homonyms: dict, near: dict):
    """The candidate a mention means, and how sure that is, given what the text says around it."""
    parents, elsewhere, admin_word, wording, key, _ = around
    scored = sorted(
        (
            (
                _score(c, ctx, total, parents, elsewhere)
                + homonyms.get(c.entry.id, 0.0)
                + _neighbour_bonus(c.entry, key, near)
                + (0.5 if admin_word and c.entry.feature == "admin1" else 0)
                + _water_wording(c, wording),
                c,
            )
            for c in m.candidates
        ),
        key=lambda x: (-round(x[0], 6), x[1].kind),  # on a tie, a place's own name before an alias
    )
    best = _well_known_over_namesake(scored, ctx, parents, elsewhere, key, near)
    return best, _confidence([s for s, _ in scored], m.kind)


def resolve(doc, mentions: list[Mention], gazetteer: Gazetteer) -> list[Place]:
    """Resolve mentions to places.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed article.
    mentions : list of Mention
        From :func:`geomap.mentions.find_mentions`.
    gazetteer : Gazetteer
        For capitals ("the capital").

    Returns
    -------
    list of Place
        In order of first mention; unresolved places have ``lat``/``lon`` None.
    """
    # a place named inside an organisation's name is no place of the story: see resolve_embedded
    mentions = [m for m in mentions if m.kind != EMBEDDED]
    by_token = {m.tok_start: m for m in mentions}
    named = [m for m in mentions if m.candidates]

    # first-level divisions the text names: places inside them are preferred
    regions = {
        id(m): (c.entry.country, c.entry.admin1) for m in named for c in m.candidates if c.entry.feature == "admin1"
    }
    # pass 1 without context, pass 2 with the countries pass 1 found
    context: Counter = Counter()
    near: dict[tuple, set[tuple[int, str]]] = {}  # (country, admin1) -> the places pass 1 chose there, by name
    choice: dict[int, tuple[NameMatch, float]] = {}
    # what the text says around each mention
    demonyms = sorted((m for m in named if m.kind == "demonym"), key=lambda m: m.tok_start)
    around: dict[int, _Around] = {}
    for m in named:
        parents = _parents(doc, m, by_token)
        if not _names_country(m):
            # "an Australian who grew up in Grafton"; but "Mexico" near "American" is still the country
            parents |= _sentence_countries(doc, m, demonyms)
        # the divisions named elsewhere (a mention does not vouch for itself)
        elsewhere = frozenset(r for k, r in regions.items() if k != id(m))
        admin_word = m.tok_end < len(doc) and doc[m.tok_end].lower_ in LEX.admin_words
        wording = _river_wording(doc, m)
        key = m.key
        own = (key, m.kind, tuple((c.entry.id, c.kind) for c in m.candidates), frozenset(parents), admin_word, wording)
        around[id(m)] = _Around(parents, elsewhere, admin_word, wording, key, own)
    homonyms = {id(m): {} if around[id(m)].admin_word else _homonym_bonus(m) for m in named}
    own: dict[str, Counter] = {}  # the countries each name's own mentions voted for
    for step in range(2):
        new_context: Counter = Counter()
        new_own: dict[str, Counter] = {}
        done: dict[tuple, tuple[NameMatch, float]] = {}
        contexts: dict[str, tuple[Counter, float]] = {}
        for m in named:
            key, sig = around[id(m)].key, around[id(m)].sig
            if sig not in done:
                if key not in contexts:
                    # the story's countries without this name's own votes: "London" four times does not
                    # make a story about Canada a British one
                    ctx = context - own.get(key, Counter())
                    contexts[key] = (ctx, float(sum(ctx.values())))
                done[sig] = _choose(m, *contexts[key], around[id(m)], homonyms[id(m)], near)
            choice[id(m)] = done[sig]
            best = done[sig][0]
            if best.entry.country:
                vote = 1.0 if best.entry.feature == "country" else 0.5
                new_context[best.entry.country] += vote
                # a country named ten times is what the story is about; but "Georgia" ten times does
                # not make the state the country
                if best.entry.feature != "country" or _state_namesake(m, best.entry.country):
                    new_own.setdefault(key, Counter())[best.entry.country] += vote
        context, own = new_context, new_own
        near = {}
        for m in named:
            best = choice[id(m)][0]
            if best.entry.feature in _LOCAL and best.entry.admin1:
                near.setdefault((best.entry.country, best.entry.admin1), set()).add((best.entry.id, around[id(m)].key))
        if step == 0:
            # the divisions the text names are those pass 1 read as divisions: "Washington" the capital does
            # not put "Geneva" in Washington state
            named_divisions = {
                id(m): (b.entry.country, b.entry.admin1)
                for m in named
                for b in [choice[id(m)][0]]
                if b.entry.feature == "admin1"
            }
            for m in named:
                a = around[id(m)]
                elsewhere = frozenset(r for k, r in named_divisions.items() if k != id(m))
                around[id(m)] = a._replace(elsewhere=elsewhere)

    places: dict[str, Place] = {}
    order: list[str] = []

    def add(key: str, make, mention: Mention) -> Place:
        if key not in places:
            places[key] = make()
            order.append(key)
        places[key].mentions.append(mention)
        return places[key]

    for m in named:
        match, conf = choice[id(m)]
        e = match.entry
        add(e.gazetteer_id, lambda e=e, conf=conf: _place_from_entry(e, conf), m)

    resolved = [places[k] for k in order]
    focus = focus_country(resolved)
    for m in mentions:
        if m.kind == "capital" and m.label == "admin1":
            found = _division_capital(doc, m, places, gazetteer, focus)
            if isinstance(found, str):
                places[found].mentions.append(m)
            elif found is not None:
                add(found.gazetteer_id, lambda e=found: _place_from_entry(e, 0.6), m)
        elif m.kind == "capital":
            cc = m.country_hint or focus
            e = gazetteer.capital(cc) if cc else None
            if e is not None:
                add(e.gazetteer_id, lambda e=e: _place_from_entry(e, 0.7), m)
        elif m.kind == "name" and not m.candidates and m.label not in _SETTLEMENT_LABELS:
            add("text:" + m.key, lambda m=m: Place(m.text, "other", None, None, None, None, None, 0.0), m)

    # venues, natural features and settlements that no gazetteer knows: placed by what the text says
    by_text = [m for m in mentions if m.kind in _BY_TEXT and not m.candidates]
    by_text += [m for m in mentions if m.kind == "name" and not m.candidates and m.label in _SETTLEMENT_LABELS]
    # natural features first (they place venues: "the Skyway Bridge over Tampa Bay"), then venues
    for m in sorted(by_text, key=lambda m: (m.kind not in ("water", "region"), -(m.end - m.start))):
        key = _text_key(m, places)
        if key in places:
            places[key].mentions.append(m)
            continue
        anchor, extra, offset = _venue_anchor(doc, m, mentions, places)
        conf = 0.55
        salient = _salient_place(places, focus) if anchor is None and m.label != "settlement" else None
        # a venue named for a place is often elsewhere ("Liverpool Academy" in a Cairo story): its name
        # places it only when the story has no place of its own
        inner = None if m.kind == "venue" and salient is not None else _inner_anchor(m, places, focus, anchor)
        if inner is not None and (anchor is None or anchor.feature == "country"):
            anchor, offset = inner, None  # "the Noto peninsula in Japan": Noto in Japan, finer than Japan
        elif m.kind == "venue" and anchor is not None and offset is None and anchor.feature in _DIVISIONS:
            # "a bar on Clarksville Street in this northeast Texas town": the story's city, if in that division
            city = _salient_place(places, focus)
            if city is not None and city.feature == "city" and anchor.contains(city):
                anchor = city
        if anchor is None and m.label != "settlement":
            anchor = salient or (places.get(_country_key(places, focus)) if focus else None)
            conf, extra, offset = 0.3, 0.0, None
        feature = m.kind if m.kind in _BY_TEXT else "city" if m.label == "settlement" else "other"
        extra += _FEATURE_EXTRA_KM.get(feature, 0.0)
        if anchor is None or anchor.lat is None:
            place = Place(m.text, feature, None, None, None, None, None, 0.0)
        else:
            lat, lon = anchor.lat, anchor.lon
            if offset is not None:  # "70 km south-west of Marrakesh"
                lat, lon, km = _moved(lat, lon, *offset)
                extra += km
            precision = round(max(anchor.precision_km or 0.0, 2.0) + extra, 1)
            place = Place(
                m.text,
                feature,
                anchor.country,
                None,
                lat,
                lon,
                precision,
                conf,
                admin1=anchor.admin1,
                anchor=anchor.name,
                anchor_km=offset[0] if offset else None,
            )
        add(key, lambda place=place: place, m)
    return sorted((places[k] for k in order), key=lambda p: p.mentions[0].start)


def drop_lone_words(places: list[Place]) -> list[Place]:
    """Leave out places that are one word only the language model called a place, and nothing located.

    "Nollywood", "Levi", "Wavepiston": on the news corpora three in four single words that the
    model alone calls a place, and that no gazetteer knows, are not places; those that are, nothing
    could put on the map. Run after any online geocoder, which may still locate them.

    Parameters
    ----------
    places : list of Place
        Resolved places.

    Returns
    -------
    list of Place
        The same, without unlocated places whose every mention is such a word.
    """

    def lone_word(m: Mention) -> bool:
        return m.kind == "name" and not m.candidates and m.label in ("GPE", "LOC") and m.tok_end - m.tok_start == 1

    return [p for p in places if p.lat is not None or not all(lone_word(m) for m in p.mentions)]


def resolve_embedded(mentions: list[Mention], places: list[Place]) -> list[Place]:
    """Locate the places named inside organisations' names ("the Washington Post", "Kentucky State Police").

    They are resolved in the context of the story's places, and are the same place when the
    story names it elsewhere ("Kentucky" in "Kentucky State Police" after "Adair County,
    Kentucky"), but stay out of ``places``: an organisation's name does not put its place on
    the map, nor give it a role.

    Parameters
    ----------
    mentions : list of Mention
        From :func:`geomap.mentions.find_mentions`; those of kind ``embedded`` are resolved.
    places : list of Place
        The story's places, from :func:`resolve`.

    Returns
    -------
    list of Place
        One per place named inside organisations' names, holding only those mentions, in order
        of first mention.
    """
    context: Counter = Counter()
    for p in places:
        if p.country and p.lat is not None:
            context[p.country] += len(p.mentions) * (1.0 if p.feature == "country" else 0.5)
    total = float(sum(context.values()))
    named = {p.gazetteer_id for p in places if p.gazetteer_id}
    # "London Police" in a story about Middlesex and Sarnia: the London in the story's divisions
    near = Counter((p.country, p.admin1) for p in places if p.admin1 and p.feature in _LOCAL)
    out: dict[str, Place] = {}
    for m in mentions:
        if m.kind != EMBEDDED or not m.candidates:
            continue
        homonyms = _homonym_bonus(m)
        scored = sorted(
            (
                (
                    _score(c, context, total, set())
                    + homonyms.get(c.entry.id, 0.0)
                    + (1.0 if c.entry.gazetteer_id in named else 0.0)
                    + (0.15 * min(near[(c.entry.country, c.entry.admin1)], 2) if c.entry.feature in _LOCAL else 0.0),
                    c,
                )
                for c in m.candidates
            ),
            key=lambda x: (-round(x[0], 6), x[1].kind),
        )
        e = scored[0][1].entry
        if e.gazetteer_id not in out:
            out[e.gazetteer_id] = _place_from_entry(e, _confidence([sc for sc, _ in scored], "name"))
        out[e.gazetteer_id].mentions.append(m)
    return list(out.values())


_BY_TEXT = ("venue", "water", "region")
#: a venue the text puts only in one of these lands at the story's city there (not in a country: the city may be far)
_DIVISIONS = ("admin1", "admin2")
#: names no gazetteer knows that are still placed by what the text says: "the village of Hrabove", a part of the
#: city, and a span given from outside as a place name (label None: a caller's own recogniser, the gold spans
#: of an evaluation). A name only the language model calls a place stays unresolved (an online geocoder may try).
_SETTLEMENT_LABELS = ("settlement", "city-part", None)
_FEATURE_EXTRA_KM = {"water": 15.0, "region": 30.0}


def _inner_anchor(m: Mention, places: dict[str, Place], focus: str | None, anchor: Place | None) -> Place | None:
    """The place named inside a natural feature's or a venue's name ("Tampa Bay", "Catania airport") that places it.

    Of several places of that name, the one in the country the text puts the feature in (its
    anchor), else in a country of the story, else the largest.
    """
    countries = {p.country for p in places.values() if p.lat is not None and p.country}
    inner = m.inner
    if m.kind == "venue":
        # a venue's name is no sure sign: only a place of the story's countries, or a large city, places it
        inner = [c for c in inner if c.entry.country in countries or c.entry.population >= LARGE_CITY]
    if not inner:
        return None
    if anchor is not None and anchor.feature == "country":
        inside = [c for c in inner if c.entry.country == anchor.country]
        if not inside:
            return None
        return _place_from_entry(max(inside, key=lambda c: c.entry.population).entry, 0.5)
    best = max(inner, key=lambda c: (c.entry.country == focus, c.entry.country in countries, c.entry.population))
    return _place_from_entry(best.entry, 0.5)


def _text_key(m: Mention, places: dict) -> str:
    """Places named only by the text are one place per name; 'Key Bridge' is 'Francis Scott Key Bridge'."""
    name = m.key.removeprefix("the ")
    for key in places:
        if key.startswith("text:") and (key[5:] == name or key[5:].endswith(" " + name)):
            return key
    return "text:" + name


def _country_key(places: dict[str, Place], cc: str) -> str | None:
    for k, p in places.items():
        if p.feature == "country" and p.country == cc:
            return k
    return None


def _salient_place(places: dict[str, Place], focus: str | None = None) -> Place | None:
    """The finest place the story is about, to put a venue at that the text does not place.

    The city it names most (in its country when it names one there); with no city, its county;
    with no county, its state or province (in its country).
    """
    for feature in ("city", "admin2", "admin1"):
        found = [
            p
            for p in places.values()
            if p.feature == feature and p.lat is not None and (feature == "city" or not focus or p.country == focus)
        ]
        if found:
            return max(found, key=lambda p: (p.country == focus, len(p.mentions)))
    return None


def _held_place(doc, feature: Mention, mentions: list[Mention], place_of: dict) -> list[Mention]:
    """'the town of Lahaina on the island of Maui': the place a natural feature's phrase hangs on lies in it."""
    start_of = {t: m for m in mentions if id(m) in place_of for t in range(m.tok_start, m.tok_end)}
    tok = doc[feature.tok_end - 1]
    for _ in range(5):
        if tok.dep_ not in ("pobj", "prep") or tok.head is tok:
            break
        tok = tok.head
        m = start_of.get(tok.i)
        if m is not None and m is not feature and m.tok_end <= feature.tok_start:
            return [m]
    return []


def _venue_anchor(doc, venue: Mention, mentions: list[Mention], places: dict[str, Place]):
    """The place the text locates a venue by, the extra km its wording implies, and a distance it gives.

    Returns
    -------
    (Place or None, float, (km, bearing) or None)
        The anchor, the km its wording adds ("near", "outskirts"), and the distance and bearing
        of a phrase such as "about 70 km south-west of" before it (see :func:`_distance_phrase`).
    """
    place_of = {id(m): p for p in places.values() for m in p.mentions}
    inside = [m for m in mentions if m is not venue and venue.tok_start <= m.tok_start and m.tok_end <= venue.tok_end]
    near = [
        m
        for m in mentions
        if m is not venue
        and m.kind != "venue"
        and id(m) in place_of
        and m.tok_start >= venue.tok_end
        and doc[m.tok_start].sent.start == doc[venue.tok_start].sent.start
    ]
    head = doc[venue.tok_end - 1]
    subtree = {t.i for t in head.subtree}

    # prefer a place inside the venue's name, then one in the phrase that modifies it, then the next one
    def finest(ms):
        return sorted(ms, key=lambda m: place_of[id(m)].fineness)

    ranked = finest([m for m in inside if id(m) in place_of])
    if venue.kind in ("water", "region"):
        ranked += _held_place(doc, venue, mentions, place_of)
    ranked += finest([m for m in near if m.tok_start in subtree])
    ranked += [m for m in near if m.tok_start - venue.tok_end <= 8]
    if venue.label == "settlement":
        # "Ighil, a village in Al Haouz province about 70 km south-west of Marrakesh": a distance places it
        ranked += [m for m in near if any(t.lower_ in LEX.near_words for t in doc[venue.tok_end : m.tok_start])]
    # a distance from a town ("about 70 km south-west of Marrakesh") wins when it places it more tightly
    # than the area it is said to be in ("a village in Al Haouz province")
    measured = [
        (place_of[id(m)], offset)
        for m in near
        if place_of[id(m)].lat is not None
        and (offset := _distance_phrase(doc[venue.tok_end : m.tok_start])) is not None
    ]
    for m in ranked:
        p = place_of[id(m)]
        if p.lat is None or p.feature == "venue":
            continue
        between = doc[venue.tok_end : m.tok_start]
        extra = 20.0 if any(t.lower_ in LEX.near_words for t in between) else 0.0
        for q, offset in measured:
            if (q.precision_km or 0.0) + 0.4 * offset[0] < (p.precision_km or 0.0) + extra or q is p:
                return q, 0.0, offset
        return p, extra, None
    return None, 0.0, None


def _distance_phrase(between) -> tuple[float, float | None] | None:
    """The distance and bearing of "about 70 km south-west of", "20 miles from", right before a place.

    Parameters
    ----------
    between : spacy.tokens.Span
        The words between a place named by the text and the place that locates it.

    Returns
    -------
    (km, bearing) or None
        ``bearing`` in degrees from north, None when the text gives no direction; None when the
        words end in no distance phrase.
    """
    words = [t for t in between if t.text != "-"]
    if len(words) < 3 or words[-1].lower_ not in ("of", "from"):
        return None
    for k in range(len(words) - 2, 0, -1):
        unit = LEX.distance_units_km.get(words[k].lower_)
        if unit is None:
            continue
        try:
            km = float(words[k - 1].text.replace(",", "")) * unit
        except ValueError:
            return None
        direction = "".join(t.lower_ for t in words[k + 1 : -1])
        if direction and direction not in LEX.bearings:
            return None  # "70 km of road", "two miles inland from"
        return (km, LEX.bearings.get(direction)) if 0 < km < 2000 else None
    return None


def _moved(lat: float, lon: float, km: float, bearing: float | None) -> tuple[float, float, float]:
    """The point ``km`` from (lat, lon) towards ``bearing``, and the km of uncertainty that adds.

    An eight-point bearing is good to about ±22.5 degrees and a distance in the news is rounded:
    the place lies within about 0.4 times the distance of the point. With no direction, the
    point stays and the uncertainty is the whole distance.
    """
    if bearing is None:
        return lat, lon, km
    from geopy.distance import geodesic

    to = geodesic(kilometers=km).destination((lat, lon), bearing)
    return to.latitude, to.longitude, 0.4 * km
