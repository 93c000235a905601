"""The named passes that give roles, in the order :data:`PASSES` writes them."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..docdata import tokens_where
from ..lexicon import lexicon
from ..profile import Profile
from ..resolve import Place
from ..resolve.place import named_most_before
from ..signals import dateline_mentions
from .evidence import Evidence, RoledPlace, make_evidence
from .site import _CITY, incident, story_of
from .triggers import event_names, mention_roles

LEX = lexicon()


@dataclass
class _Pronoun:
    text: str
    start: int
    end: int
    tok_start: int
    tok_end: int
    kind: str = "pronoun"


def _pronouns(doc, out: list[RoledPlace]):
    """Possessive pronouns ('its', 'their') and the place they stand for: the last one named before them."""
    mentions = sorted(
        ((m, rp) for rp in out for m in rp.place.mentions if rp.place.feature in ("country", "city", "admin1")),
        key=lambda x: x[0].tok_start,
    )
    for tok in tokens_where(doc, "lower_", ("its", "their").__contains__):
        if tok.dep_ != "poss":
            continue
        before = [(m, rp) for m, rp in mentions if m.tok_end <= tok.i and m.tok_start >= tok.sent.start]
        if before:
            yield before[-1][1], _Pronoun(tok.text, tok.idx, tok.idx + len(tok), tok.i, tok.i + 1)


def _anaphors(doc, out: list[RoledPlace], profile: Profile):
    """Definite nouns that refer back to a place ('the city', 'the country') and the place they stand for.

    The place is the one of the features the profile's ``anaphors`` allow for the noun that the text has
    named most often before it (the story's city, not one named in passing), the latest on a tie.
    "The city of X" names X instead, and "the Indian city" or "a city" are no references back.
    """
    if not profile.anaphors:
        return
    taken = {i for rp in out for m in rp.place.mentions for i in range(m.tok_start, m.tok_end)}
    places = [rp.place for rp in out]
    by_place = {id(p): rp for p, rp in zip(places, out, strict=True)}
    for tok in tokens_where(doc, "lower_", profile.anaphors.__contains__):
        features = profile.anaphors[tok.lower_]
        if tok.pos_ != "NOUN" or tok.i in taken or tok.i == 0:
            continue
        det = doc[tok.i - 1]
        if det.lower_ != "the" or det.head.i != tok.i:
            continue  # "the Indian city", "a city", "the city's" with another word between
        if tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of":
            continue
        place = named_most_before(places, det.i, features)
        if place is not None:
            rp = by_place[id(place)]
            span = doc[det.i : tok.i + 1]
            yield rp, _Pronoun(span.text, span.start_char, span.end_char, det.i, tok.i + 1, "anaphor")


def _event_name(doc, rp: RoledPlace, profile: Profile) -> bool:
    """A place named only by the name of the event ('Maria' after 'Hurricane Maria') is no place of the story."""
    kinds = set().union(*(t.words for t in profile.triggers if t.role == "event" and t.rel == "clause"))
    names = event_names(doc)
    return all(names.get(m.text.lower(), set()) & kinds for m in rp.place.mentions)


def _background_institution(rp: RoledPlace, profile: Profile) -> bool:
    """A university or hospital named only in passing is an organisation here, not a place of the story."""
    p = rp.place
    last = p.name.lower().split()[-1] if p.name else ""
    roles = {e.role for e in rp.evidence}
    return (
        p.feature == "venue"
        and p.gazetteer_id is None
        and last in LEX.institution_words
        and roles <= {profile.default_role}
    )


def _aid(out: list[RoledPlace], site: RoledPlace | None, profile: Profile) -> None:
    """Give the roles that depend on the incident's country (``split_roles``).

    Help sent from inside it is a response, from abroad a reaction; troops of that country respond,
    foreign troops come from somewhere.
    """
    home = site.place.country if site else None
    for rp in out:
        domestic = home is not None and rp.place.country == home
        evidence = []
        for e in rp.evidence:
            split = profile.split_roles.get(e.role)
            if split is None:
                evidence.append(e)
            elif role := split.get("domestic" if domestic else "foreign"):
                evidence.append(e.as_role(role))
        rp.evidence = evidence


def _government_and_inside_roles(out: list[RoledPlace], site: RoledPlace | None, profile: Profile) -> None:
    """A capital speaking for its government lends those roles to its country; insiders respond."""
    countries = {rp.place.country: rp for rp in out if rp.place.feature == "country"}
    for rp in out:
        if rp.place.capital and rp.place.country in countries:
            country = countries[rp.place.country]
            country.evidence += [e for e in rp.evidence if e.role in profile.government_roles]
    if site is None:
        return
    mapping = profile.inside_roles
    for rp in out:
        # a place that contains the site and reacts is responding; the site is not 'harmed elsewhere'
        # (a neighbourhood placed at the site's city is not known to contain it)
        if rp is not site and not (rp.place.contains(site.place) and rp.place.fineness >= _CITY):
            continue
        rp.evidence = [
            e.as_role(mapping[e.role]) if e.role in mapping else e
            for e in rp.evidence
            if e.role not in mapping or mapping[e.role] is not None
        ]


def _harm_reaches_the_town(out: list[RoledPlace], profile: Profile) -> None:
    """A venue hit elsewhere ("a minaret toppled into the square") is damage in the town the text placed it in."""
    role = profile.other_event_role
    if role == profile.default_role:
        return
    by_name = {rp.place.name: rp for rp in out}
    for rp in out:
        town = by_name.get(rp.place.anchor) if rp.place.feature == "venue" and rp.place.anchor else None
        if town is None or town is rp or any(e.role == role for e in town.evidence):
            continue
        town.evidence += [e for e in rp.evidence if e.role == role][:1]


@dataclass
class RoleState:
    """What the passes share: the story's places with their evidence so far, and what they found."""

    doc: object
    out: list[RoledPlace]
    profile: Profile
    year: int | None
    #: each place's evidence of where the incident happened, by :attr:`RoledPlace.key`
    events: dict[int, list[Evidence]] = field(default_factory=dict)
    #: the dateline's mentions, by ``ref``
    dateline: set = field(default_factory=set)
    site: RoledPlace | None = None
    #: the article's month (1-12): a bare month name of another month is another event's ("in March, when")
    month: int | None = None

    def add(self, rp: RoledPlace, m, found) -> None:
        """Keep the roles a mention shows (:func:`~geomap.roles.triggers.mention_roles`) as evidence."""
        for role, tok, depth in found:
            ev = make_evidence(self.doc, m, role, tok, 0.85 - 0.1 * depth)
            if role == "event":
                self.events.setdefault(rp.key, []).append(ev)
            else:
                rp.evidence.append(ev)


def mentions_pass(state: RoleState) -> None:
    """Each mention's roles through the parse; a place written inside another shares its links."""
    doc, profile, year, month = state.doc, state.profile, state.year, state.month
    ending_at = {m.tok_end: m for rp in state.out for m in rp.place.mentions}
    for rp in state.out:
        for m in rp.place.mentions:
            if m.ref in state.dateline:
                continue  # where the story was filed; it is the site only if nothing else is (see the site pass)
            found = mention_roles(doc, m, profile, year=year, month=month)
            before = m.tok_start - 1
            while before > 0 and doc[before].dep_ == "amod" and doc[before].head.i >= m.tok_start:
                before -= 1  # "Tobruk in EASTERN Libya"
            if not found and before >= 1 and doc[before].lower_ in ("in", ","):
                # "to Beira in Mozambique", "Aleppo, Syria": the container shares the place's part
                inner = ending_at.get(before)
                if inner is not None:
                    found = list(mention_roles(doc, inner, profile, year=year, month=month))
            state.add(rp, m, found)


def pronouns_pass(state: RoleState) -> None:
    """'Bangladesh said about 20 of ITS sailors were hurt': a pronoun's roles are its place's."""
    profile = state.profile
    for rp, pronoun in _pronouns(state.doc, state.out):
        found = mention_roles(state.doc, pronoun, profile, year=state.year, month=state.month)
        state.add(rp, pronoun, [f for f in found if f[0] in profile.pronoun_roles])


def anaphors_pass(state: RoleState) -> None:
    """'hundreds of injured people were treated in THE CITY's hospitals': the noun's roles are its place's."""
    for rp, noun in _anaphors(state.doc, state.out, state.profile):
        state.add(rp, noun, mention_roles(state.doc, noun, state.profile, year=state.year, month=state.month))


def site_pass(state: RoleState) -> None:
    """The incident site (the finest place where it happened) and area (the places that contain it)."""
    # the site the ranking chose decides what is at home and what abroad, not a second site named first
    state.site = incident(story_of(state.doc, state.out, state.events, state.profile, state.dateline, state.year))


def split_roles_pass(state: RoleState) -> None:
    """Roles that depend on the incident's country: help from inside it responds, from abroad reacts."""
    _aid(state.out, state.site, state.profile)


def harm_pass(state: RoleState) -> None:
    """A venue hit elsewhere is damage in the town the text placed it in."""
    _harm_reaches_the_town(state.out, state.profile)


def government_pass(state: RoleState) -> None:
    """A capital speaking for its government lends those roles to its country; insiders respond."""
    _government_and_inside_roles(state.out, state.site, state.profile)


def not_places_pass(state: RoleState) -> None:
    """Institutions named in passing and names of events ('Maria' after 'Hurricane Maria') are no places."""
    doc, profile = state.doc, state.profile
    state.out = [
        rp for rp in state.out if not _background_institution(rp, profile) and not _event_name(doc, rp, profile)
    ]


def order_pass(state: RoleState) -> None:
    """The default role only for a place with no other; roles and evidence in the profile's order."""
    profile, order = state.profile, state.profile.order
    for rp in state.out:
        roles = {e.role for e in rp.evidence}
        if not roles - {profile.default_role}:
            if not roles:
                rp.evidence.append(make_evidence(state.doc, rp.place.mentions[0], profile.default_role, None, 0.5))
        else:
            rp.evidence = [e for e in rp.evidence if e.role != profile.default_role]
        rp.evidence.sort(key=lambda e: (order.get(e.role, 99), e.start))
        rp.roles = sorted({e.role for e in rp.evidence}, key=lambda r: order.get(r, 99))


#: the passes, in the order they run: each reads what the ones before found
PASSES = (
    ("mentions", mentions_pass),
    ("pronouns", pronouns_pass),
    ("anaphors", anaphors_pass),
    ("incident site", site_pass),
    ("split roles", split_roles_pass),
    ("harm reaches the town", harm_pass),
    ("government and inside roles", government_pass),
    ("not places", not_places_pass),
    ("order", order_pass),
)


def assign_roles(
    doc, places: list[Place], profile: Profile, *, year: int | None = None, month: int | None = None
) -> list[RoledPlace]:
    """Give every place its roles and their evidence, by running :data:`PASSES` in order.

    Parameters
    ----------
    doc : spacy.tokens.Doc
        The parsed article.
    places : list of Place
        From :func:`geomap.resolve.resolve`.
    profile : Profile
        The role vocabulary and triggers.
    year : int, optional
        The article's year: events of other years ("the 1980 disaster") are not this incident.
    month : int, optional
        The article's month: a bare month name of another month ("in March, when gunmen killed") dates
        another event.

    Returns
    -------
    list of RoledPlace
        One per place, in the same order.
    """
    out = [RoledPlace(p, key=k) for k, p in enumerate(places)]
    state = RoleState(
        doc,
        out,
        profile,
        year,
        dateline=dateline_mentions(doc, [m for rp in out for m in rp.place.mentions]),
        month=month,
    )
    for _name, run in PASSES:
        run(state)
    return state.out
