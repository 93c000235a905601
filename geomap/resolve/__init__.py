"""Choose one place for each mention, in the context of the whole story: mentions -> places.

A candidate's score adds named features (:mod:`~geomap.resolve.features`: population, the kind
of place, how the name matched, the story's countries, the container written after it, "Paris,
Texas", the story's divisions and neighbours...) with weights from ``weights.yaml``; named
policies may override the sum (:mod:`~geomap.resolve.choose`). Mentions that resolve to the same
entry become one :class:`Place`. Capitals are found by reference ("the Turkish capital",
:mod:`~geomap.resolve.references`), and venues, natural features and settlements no gazetteer
knows are placed by what the text says (:mod:`~geomap.resolve.by_text`). ``geomap explain``
prints every mention's candidates with each feature's contribution.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from ..gazetteer import Entry, Gazetteer
from ..mentions import EMBEDDED, Mention, MentionKind, Note
from ..signals import prominent
from .around import homonyms, parents, read_around
from .by_text import place_by_text
from .choose import Choice, choose_all
from .features import EMBEDDED_FEATURES, LOCAL, Around, Story, confidence, ranked
from .home import home_place
from .place import Place, Places, focus_country, place_from_entry
from .references import place_references

__all__ = ["Choice", "Place", "drop_lone_words", "focus_country", "home_place", "resolve", "resolve_embedded"]


def resolve(
    doc, mentions: list[Mention], gazetteer: Gazetteer, *, choices: dict | None = None, home: Entry | None = None
) -> list[Place]:
    """Resolve mentions to places.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed article.
    mentions : list of Mention
        From :func:`geomap.mentions.find_mentions`.
    gazetteer : Gazetteer
        For capitals ("the capital").
    choices : dict, optional
        Filled with each mention's :class:`Choice` by its ``ref`` (what ``geomap explain`` prints).
    home : Entry, optional
        The publication's home region, a prior for a local story's places
        (:func:`~geomap.resolve.home.home_place`).

    Returns
    -------
    list of Place
        In order of first mention; unresolved places have ``lat``/``lon`` None.
    """
    # a place named inside an organisation's name is no place of the story: see resolve_embedded
    mentions = [m for m in mentions if m.kind != EMBEDDED]
    by_token = {m.tok_start: m for m in mentions}
    mentions = [_settlement_in(m) if _contradicted(doc, m, by_token) else m for m in mentions]
    named = [m for m in mentions if m.candidates]
    # first-level divisions the text names: places inside them are preferred
    regions = {
        m.ref: (c.entry.country, c.entry.admin1) for m in named for c in m.candidates if c.entry.feature == "admin1"
    }
    chosen = choose_all(named, read_around(doc, mentions, named, regions), home)
    if choices is not None:
        choices.update(chosen)
    places = Places()
    surest: dict[str, Choice] = {}  # a place is as sure as its surest mention ("the Atlantic Ocean" settles "Atlantic")
    for m in named:
        choice = chosen[m.ref]
        e = choice.match.entry
        places.add(e.gazetteer_id, lambda e=e: place_from_entry(e, 0.0), m)
        if e.gazetteer_id not in surest or choice.confidence > surest[e.gazetteer_id].confidence:
            surest[e.gazetteer_id] = choice
    for key, choice in surest.items():
        places.by_key[key].confidence = choice.confidence
        places.by_key[key].alternatives = choice.alternatives()
    focus = focus_country(places.listed())
    place_references(doc, mentions, places, gazetteer, focus)
    place_by_text(doc, mentions, places, focus)
    return sorted(places.listed(), key=lambda p: p.mentions[0].start)


def _contradicted(doc, m: Mention, by_token: dict[int, Mention]) -> bool:
    """Whether the container written after a name rules out every place of that name.

    "Utö, Finland" when the gazetteer's only Uto is in Japan: the town is one no gazetteer knows, in
    Finland. Not for a well-known place, which is meant anyway ("in Gaza, Israel said").
    """
    if not m.candidates or m.kind != MentionKind.NAME or prominent(m.candidates):
        return False
    written = parents(doc, m, by_token)
    return bool(written) and not any(
        c.entry.country in written or (c.entry.admin1 or "").lower() in written for c in m.candidates
    )


def _settlement_in(m: Mention) -> Mention:
    """The mention as a town no gazetteer knows, which the text places (in the container written after it)."""
    return replace(m, candidates=[], label=Note.SETTLEMENT)


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
        return (
            m.kind == MentionKind.NAME
            and not m.candidates
            and m.label in ("GPE", "LOC")
            and m.tok_end - m.tok_start == 1
        )

    return [p for p in places if p.lat is not None or not all(lone_word(m) for m in p.mentions)]


def _embedded_story(places: list[Place]) -> Story:
    """What the story's places say to a place named inside an organisation's name."""
    context: Counter = Counter()
    for p in places:
        if p.country and p.lat is not None:
            context[p.country] += len(p.mentions) * (1.0 if p.feature == "country" else 0.5)
    # "London Police" in a story about Middlesex and Sarnia: the London in the story's divisions
    near = Counter((p.country, p.admin1) for p in places if p.admin1 and p.feature in LOCAL)
    return Story(
        context,
        float(sum(context.values())),
        lambda e, key: near[(e.country, e.admin1)],
        frozenset(p.gazetteer_id for p in places if p.gazetteer_id),
    )


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
    story = _embedded_story(places)
    out: dict[str, Place] = {}
    for m in mentions:
        if m.kind != EMBEDDED or not m.candidates:
            continue
        scored = ranked(m.candidates, Around(key=m.key, homonyms=homonyms(m)), story, EMBEDDED_FEATURES)
        e = scored[0].match.entry
        if e.gazetteer_id not in out:
            out[e.gazetteer_id] = place_from_entry(e, confidence([s.score for s in scored], "name"))
        out[e.gazetteer_id].mentions.append(m)
    return list(out.values())
