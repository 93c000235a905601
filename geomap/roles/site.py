"""The incident site and area: the finest place where it happened, and the places that contain it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from ..lexicon import lexicon
from ..profile import Profile
from ..resolve import Place
from ..resolve.place import focus_country
from ..signals import lead_end, mission
from . import site_rank
from .evidence import Evidence, RoledPlace, make_evidence
from .triggers import event_words, of_another_year

LEX = lexicon()

_CITY = 2  # Place.fineness of a town or city

_CLOSE = 0.75  # confidence of a link at most one step from the mention

#: nouns that name a kind of place: "Anbar PROVINCE", "the VILLAGE of Shuangyu", "Soma, a coal TOWN"
_KIND_NOUNS = LEX.admin_words | LEX.city_parts | LEX.town_kinds | LEX.large_area_kinds | LEX.settlement_words

_NATURAL = ("water", "region")  # rivers, bays, valleys: what a bridge or a town lies on, not beside


@dataclass
class _Story:
    """What the site pass reads: the located places, which were hit, the lead, what lies inside what."""

    doc: object
    events: dict[int, list[Evidence]]
    profile: Profile
    said_inside: set[tuple[int, int]]
    #: every place of the story, and those of them a gazetteer or the text located
    places: list[RoledPlace] = field(default_factory=list)
    located: list[RoledPlace] = field(default_factory=list)
    #: the dateline's mentions, by ``ref``
    dateline: set = field(default_factory=set)
    year: int | None = None
    #: each place's score as the incident site, by key (:func:`~geomap.roles.site_rank.ranked`)
    scores: dict[int, float] = field(default_factory=dict)

    def contains(self, outer: RoledPlace, inner: RoledPlace) -> bool:
        """Known to contain it, said to ("X's Y"), or an island or region placed at it."""
        return (
            outer.place.contains(inner.place)
            or (outer.key, inner.key) in self.said_inside
            or (outer.place.anchor == inner.place.name and _fineness(self.doc, outer.place) > inner.place.fineness)
        )

    def fineness(self, rp: RoledPlace) -> int:
        """How fine the place is, as the text calls it (:func:`_fineness`)."""
        return _fineness(self.doc, rp.place)

    @property
    def event_words(self) -> frozenset[str]:
        """The words of the profile's ``event`` triggers."""
        return event_words(self.profile)

    @cached_property
    def focus(self) -> str | None:
        """The country the story is most about."""
        return focus_country([rp.place for rp in self.located])


def _lead_places_inside(story: _Story, located, cands, dateline: set, year: int | None) -> None:
    """A finer place the lead names inside where it happened is where it happened too.

    "the deadliest railway accident in India": the station the lead names is the site. Not in a
    sentence about another year ("The 1970 Bhola cyclone killed 300,000").
    """
    doc, end = story.doc, lead_end(story.doc)
    for rp in located:
        m = rp.place.mentions[0]
        lead = rp.key not in story.events and not rp.evidence and m.start < end and m.ref not in dateline
        lead = lead and not of_another_year(doc[m.tok_start], year)
        if lead and any(story.contains(c, rp) for c in cands):
            story.events[rp.key] = [make_evidence(doc, m, "event", None, 0.5)]
            cands.append(rp)


def _place_around(story: _Story, rp: RoledPlace, site: RoledPlace, where: RoledPlace) -> None:
    """The role of a place other than the site: beside it, containing it, or hit elsewhere.

    ``where`` is the site, or for a site with no point the place that stands for it (:func:`_where_unlocated`).
    """
    profile, events, doc = story.profile, story.events, story.doc
    # two places the text only put at the same town ("a mosque in Linwood" and "Al Noor Mosque", both
    # placed at Christchurch) are side by side, not one inside the other: where it happened too
    beside = (
        rp.key in events
        and rp.place.anchor is not None
        and rp.place.anchor == site.place.anchor
        and rp.place.feature not in _NATURAL
        and (rp.key, site.key) not in story.said_inside
    )
    if beside:
        rp.evidence += [e.as_role(profile.elsewhere_role) for e in events[rp.key]]
    elif (
        story.contains(rp, site)
        or (where is not site and (rp is where or story.contains(rp, where)))
        or (site.place.anchor and rp.place.name == site.place.anchor and site.place.anchor_km is None)
    ):
        evs = events.get(rp.key)
        if evs:
            rp.evidence += [e.as_role(profile.area_role) for e in evs]
        elif rp.place.feature in _NATURAL and not _said_to_hold(story, rp, where):
            pass  # a continent or a sea around the site, named for something else: no part in it
        else:
            # the text locates the site in it ("on the outskirts of Moscow"), or it contains the site
            m = _mention_near(rp.place, site.place) or rp.place.mentions[0]
            rp.evidence.append(make_evidence(doc, m, profile.area_role, None, 0.6))
    elif rp.key in events and (
        profile.elsewhere_role != profile.site_role
        or (rp.place.fineness == site.place.fineness and site_rank.second_site(story.scores, rp, site))
        or _also_there(story, rp, site)
    ):
        # another place hit: a second site (incidents) that ranks close to the site, or damage elsewhere (disasters)
        rp.evidence += [e.as_role(profile.elsewhere_role) for e in events[rp.key]]
    elif rp.key in events:
        # hit too, elsewhere ("at least 20 people died in Belgium"): when the event word is close to the
        # mention and the place has no part of its own
        for e in events[rp.key]:
            hit = e.confidence >= _CLOSE and not rp.evidence and not _a_new_event(doc, e)
            rp.evidence.append(e.as_role(profile.other_event_role if hit else profile.default_role))


def _a_new_event(doc, e: Evidence) -> bool:
    """The event word, or its verb's subject, is indefinite: "a suicide bombing at a mosque in Kuwait City".

    Away from the site, an event the text introduces with "a" or "an" is another one than the story's
    (which is definite, "the attack", or at the site); "a second blast" is the story's still.
    """
    word = next(_trigger_words(doc, e), None)
    if word is None:
        return False
    words = [word, *(c for c in word.children if c.dep_ in ("nsubj", "nsubjpass") and word.pos_ in ("VERB", "AUX"))]
    for w in words:
        kids = {c.lower_ for c in w.children if c.dep_ in ("det", "amod", "nummod")}
        if kids & {"a", "an"} and not kids & LEX.ordinal_words:
            return True
    return False


def _trigger_words(doc, e: Evidence):
    """The words of the evidence's sentence written as its trigger word (the evidence keeps the word's text)."""
    sent = doc.char_span(e.start, e.end, alignment_mode="expand") if e.trigger else None
    return (t for t in sent or () if t.text == e.trigger)


def story_of(
    doc,
    out: list[RoledPlace],
    events: dict[int, list[Evidence]],
    profile: Profile,
    dateline: set,
    year: int | None = None,
) -> _Story:
    """The story as the site ranking reads it: its places, and the lead's places inside where it happened.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed article.
    out : list of RoledPlace
        The story's places.
    events : dict
        Each place's evidence of where the incident happened, by :attr:`RoledPlace.key`; it gains the
        lead's places inside the places hit.
    profile : Profile
        Names the site, area and other roles.
    dateline : set
        The dateline's mentions (by ``ref``).
    year : int, optional
        The article's year.
    """
    located = [rp for rp in out if rp.place.lat is not None]
    story = _Story(doc, events, profile, _said_inside(doc, out), list(out), located, dateline, year)
    _lead_places_inside(story, located, [rp for rp in located if rp.key in events], dateline, year)
    return story


def incident(story: _Story) -> RoledPlace | None:
    """Give the incident site (the best ranked place, :mod:`~geomap.roles.site_rank`) and the area around it.

    Parameters
    ----------
    story : _Story
        From :func:`story_of`; the site and area evidence is added to its places.

    Returns
    -------
    RoledPlace or None
        The site (the one the ranking chose, not any second site); None when the story has no place.
    """
    doc, events, profile = story.doc, story.events, story.profile
    ranking = site_rank.ranked(story)
    if not ranking:
        return None
    story.scores = {rp.key: score for score, rp in ranking}
    site = _dateline_site(story, ranking) or ranking[0][1]
    if site.key in events:
        site.evidence += [e.as_role(profile.site_role) for e in events[site.key]]
    else:
        site.evidence += [make_evidence(doc, site.place.mentions[0], profile.site_role, None, 0.5)]
    where = (_where_unlocated(story, ranking, site) if site.place.lat is None else None) or site
    for rp in story.located:
        if rp is not site:
            _place_around(story, rp, site, where)
    return site


def _where_unlocated(story: _Story, ranking, site: RoledPlace) -> RoledPlace | None:
    """Where a site with no point is: the finest located place the text puts it in, else the best ranked one hit.

    "Near the town of Tahta ... beside the village of Sawamaa Sharq": the village no gazetteer knows is the
    site, Tahta and what holds Tahta are the area around it.
    """
    said = [rp for rp in story.located if (rp.key, site.key) in story.said_inside]
    if said:
        return min(said, key=story.fineness)
    return next(
        (rp for _, rp in ranking if rp is not site and rp.place.lat is not None and rp.key in story.events), None
    )


def _dateline_site(story: _Story, ranking: list[tuple[float, RoledPlace]]) -> RoledPlace | None:
    """Where it happened when no sentence says so: in the dateline's place ("NIAMEY, Niger (AP) —").

    The roles' rule for datelines: the place takes roles from what the text says of it, and when
    the story names no other place for the event, it is where it happened: its finest place, or
    the best ranked place inside that ("the port of Aqaba" under "AQABA, Jordan"), which is finer.
    No other place is named for it when no trigger places the event and no event word stands in
    the sentences of the best ranked place ("turned away from Paris" in a coup story).
    """
    feature = site_rank.FEATURES
    if story.events or feature["event_sentence"](story, ranking[0][1]):
        return None
    held = [rp for rp in story.located if feature["dateline"](story, rp)]
    if not held:
        return None
    town = min(held, key=story.fineness)  # "NIAMEY, Niger": Niamey
    return next((rp for _, rp in ranking if rp is town or story.contains(town, rp)), town)


def _also_there(story: _Story, rp: RoledPlace, site: RoledPlace) -> bool:
    """The text adds it to where it happened: "Clashes were ALSO reported in Brest" (a second site).

    An additive adverb on the event word that places the event there, or on the verb it is the
    subject of ("clashes were also reported"), in the site's country (a country is no second site).
    """
    if rp.place.feature == "country" or rp.place.country is None or rp.place.country != site.place.country:
        return False
    for e in story.events[rp.key]:
        if e.confidence < _CLOSE:
            continue  # an event word further up ("the tragedy has also raised the stakes in a conflict that...")
        for word in _trigger_words(story.doc, e):
            if any(
                c.lower_ in LEX.additive_adverbs and c.dep_ == "advmod" for w in (word, word.head) for c in w.children
            ):
                return True
    return False


def _said_to_hold(story: _Story, outer: RoledPlace, site: RoledPlace) -> bool:
    """Whether the text puts the site in this place ("a village in the Atlas mountains"), not just its map."""
    return (outer.key, site.key) in story.said_inside or site.place.anchor == outer.place.name


def _fineness(doc, place: Place) -> int:
    """How fine a place is (:attr:`Place.fineness`), corrected by what the text calls it.

    A name no gazetteer knows that the text calls an island or a region ("the island of Maui") is coarser
    than a town, wherever the text placed it.
    """
    for m in place.mentions:
        called = doc[m.tok_start - 2].lemma_.lower() if m.tok_start >= 2 else ""
        if place.gazetteer_id is None and doc[m.tok_start - 1].lower_ == "of" and called in LEX.large_area_kinds:
            return max(place.fineness, _CITY + 1)
    return place.fineness


def _said_inside(doc, out: list[RoledPlace]) -> set[tuple[int, int]]:
    """Pairs (outer, inner) of places the text puts one inside the other.

    "Lahore's Model Town", "Model Town in Lahore", "Model Town, Lahore": ids of the two places. A kind
    noun stands for the place it names: "Shuangyu in Wenzhou's Lucheng district", "Soma, a coal town in
    Manisa province", "the village of Shuangyu in the district of Lucheng".
    """
    at = {i: rp for rp in out for m in rp.place.mentions for i in range(m.tok_start, m.tok_end)}

    def named(tok):
        """The place a word names: a mention, or a kind noun with its name ("the island of Maui")."""
        if tok.i in at:
            return at[tok.i]
        names = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children]
        found = next((at[g.i] for g in names if g.dep_ == "pobj" and g.i in at), None)
        if found is None and tok.lower_ in _KIND_NOUNS:
            # "Anbar province", "Soma, a coal town": the name beside the kind noun, or the name it describes
            beside = [c for c in tok.children if c.dep_ == "compound"] + ([tok.head] if tok.dep_ == "appos" else [])
            found = next((at[c.i] for c in beside if c.i in at), None)
        return found

    pairs = set()
    for rp in out:
        for m in rp.place.mentions:
            root = doc[m.tok_start : m.tok_end].root
            of_noun = root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.pos_ == "NOUN"
            if of_noun and root.head.head.lower_ not in LEX.bearings:
                # "the island of Maui": the phrase of the kind noun (not "60 km south-west of Marrakesh")
                root = root.head.head
            elif root.dep_ == "compound" and root.head.lower_ in _KIND_NOUNS:
                root = root.head  # "Anbar province": the phrase of the kind noun
            head = root.head
            if root.dep_ in ("poss", "appos"):
                inner = named(head)
            elif root.dep_ == "pobj" and head.lower_ in ("in", "of", "on") and head.head.i != head.i:
                inner = named(head.head)
            else:
                inner = None
            if (
                inner is not None
                and inner is not rp
                and not (rp.place.feature == "country" and inner.place.feature == "venue" and mission(inner.place.name))
                and (inner.place.fineness <= rp.place.fineness or rp.place.anchor == inner.place.name)
            ):
                pairs.add((rp.key, inner.key))
    # what holds a place holds what it holds: "the village of Pingtan in Fuzhou's Minhou district"
    while more := {(a, d) for a, b in pairs for c, d in pairs if b == c and a != d} - pairs:
        pairs |= more
    return pairs


def _mention_near(container: Place, site: Place):
    """The container's mention closest to one of the site's (the one that locates it)."""
    best, dist = None, None
    for m in container.mentions:
        for s in site.mentions:
            d = abs(m.start - s.start)
            if dist is None or d < dist:
                best, dist = m, d
    return best
