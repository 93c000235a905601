"""Choosing each mention's place in the context of the whole story: two passes, and the policies over the score.

Pass 1 weighs every mention's candidates with what the text says around it; pass 2 again, with
the countries, divisions and neighbours pass 1 found. Mentions that agree in everything are
scored once a pass. A :data:`POLICIES` entry may override the best score (a named rule, not a
weight).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..gazetteer import NAME, Entry, NameMatch
from ..mentions import Mention
from ..signals import renown
from .features import LOCAL, Around, Scored, Story, confidence, isolated, ranked

#: a candidate this far from the chosen place is another place the name may be (an alternative)
ALTERNATIVE_KM = 161.0
#: ...when it is at least this likely
ALTERNATIVE_P = 0.05
#: the most alternatives kept for a place
ALTERNATIVES = 2
#: a namesake this many times smaller than a well-known place of the same name needs the text's support
NAMESAKE_RATIO = 100


@dataclass(frozen=True, slots=True)
class Choice:
    """The place chosen for a mention, how sure, the ranked candidates, and the policy that overrode them."""

    match: NameMatch
    confidence: float
    ranked: tuple[Scored, ...]
    policy: str | None = None

    def alternatives(self) -> list[dict]:
        """The other places the name may be, most likely first: candidates far from the choice, not unlikely.

        A candidate counts when it lies more than :data:`ALTERNATIVE_KM` from the chosen place and
        from the alternatives before it, outside the chosen place (not France's Réunion), and its
        probability (the softmax of the scores, which are a conditional logit's; not the
        calibrated ``confidence``) is at least :data:`ALTERNATIVE_P`; at most :data:`ALTERNATIVES`.

        Returns
        -------
        list of dict
            ``{place, feature, country, admin1, lat, lon, probability}`` per alternative
            (:data:`geomap.table.schema.ALTERNATIVE_FIELDS`).
        """
        import math

        from .._geo import haversine_km
        from ..table.schema import ALTERNATIVE_FIELDS

        if len(self.ranked) < 2:
            return []
        top = self.ranked[0].score
        weights = [math.exp(s.score - top) for s in self.ranked]
        total = sum(weights)
        chosen = self.match.entry
        out, taken = [], [chosen]
        for s, w in zip(self.ranked, weights, strict=True):  # ranked best first
            e = s.match.entry
            if w / total < ALTERNATIVE_P or len(out) >= ALTERNATIVES:
                break
            if _inside(e, chosen) or any(haversine_km(e.lat, e.lon, t.lat, t.lon) <= ALTERNATIVE_KM for t in taken):
                continue
            taken.append(e)
            values = (e.name, e.feature, e.country, e.admin1, round(e.lat, 6), round(e.lon, 6), round(w / total, 3))
            out.append(dict(zip(ALTERNATIVE_FIELDS, values, strict=True)))
        return out


def _inside(e: Entry, chosen: Entry) -> bool:
    """Whether a candidate lies in the chosen country or division (a French overseas region for France)."""
    if chosen.feature == "country":
        return e.country == chosen.country
    return chosen.feature == "admin1" and (e.country, e.admin1) == (chosen.country, chosen.admin1)


def well_known_over_namesake(scored: list[Scored], around: Around, story: Story) -> NameMatch | None:
    """A well-known place, where context alone made a small namesake beat it; None to keep the best score.

    Country context, neighbours and divisions named elsewhere add up to more than a hundredfold
    in population: without this, "the Pacific" in a Missouri story is Pacific, Missouri, and
    "Queensland" in a Canadian story a hamlet in Alberta. A namesake a hundred times
    smaller keeps the name only when the text supports it: written as its container's ("Paris,
    Ky."), or in a division the text names or among the text's other places ("Moscow" in a story
    about Idaho), unless the text also names the well-known place's country ("in France ...
    Paris' Champs-Elysees"). A sea or a region never yields to a namesake town without "Atlantic, Iowa".
    """
    best = scored[0].match
    e = best.entry
    if e.feature not in ("city", "admin2", "other") or renown(best):
        return None
    if e.country in around.parents or (e.admin1 or "").lower() in around.parents:
        return None
    local = (e.country, e.admin1) in around.elsewhere or (e.feature in LOCAL and story.neighbours(e, around.key) > 0)
    for s in scored[1:]:
        c = s.match
        if renown(c) <= e.population * NAMESAKE_RATIO:
            continue
        if local and c.entry.feature not in ("region", "water") and not story.countries[c.entry.country]:
            continue
        return c
    return None


#: rules that may override the best score, by name, in the order they are tried
POLICIES: dict[str, Callable[[list[Scored], Around, Story], NameMatch | None]] = {
    "well-known place over a namesake": well_known_over_namesake,
}


def choose(m: Mention, around: Around, story: Story) -> Choice:
    """The candidate a mention means, and how sure that is, given what the text says around it."""
    scored = ranked(m.candidates, around, story)
    scores = [s.score for s in scored]
    for name, policy in POLICIES.items():
        chosen = policy(scored, around, story)
        if chosen is not None:
            at = next(i for i, s in enumerate(scored) if s.match is chosen)
            return Choice(chosen, confidence(scores, m.kind, at, isolated(chosen, story)), tuple(scored), name)
    return Choice(scored[0].match, confidence(scores, m.kind, 0, isolated(scored[0].match, story)), tuple(scored))


def state_namesake(m: Mention, country: str) -> bool:
    """Whether a country's name is also a division's of another country ("Georgia")."""
    return any(c.entry.feature == "admin1" and c.kind == NAME and c.entry.country != country for c in m.candidates)


def _neighbours_in(near: dict[tuple, set[tuple[int, str]]]) -> Callable[[Entry, str], int]:
    """The story's places in an entry's division, chosen for other names than ``key``."""
    counted: dict[tuple, int] = {}

    def neighbours(e: Entry, key: str) -> int:
        if not e.admin1:
            return 0
        found = counted.get((e.id, e.country, e.admin1, key))
        if found is None:
            places = near.get((e.country, e.admin1), ())
            found = counted[e.id, e.country, e.admin1, key] = len({p for p, k in places if k != key and p != e.id})
        return found

    return neighbours


def _pass(named: list[Mention], around: dict, context: Counter, own: dict, near: dict) -> dict[tuple, Choice]:
    done: dict[tuple, Choice] = {}
    stories: dict[str, Story] = {}
    neighbours = _neighbours_in(near)
    choice = {}
    for m in named:
        a = around[m.ref]
        if a.sig not in done:
            if a.key not in stories:
                # the story's countries without this name's own votes: "London" four times does not
                # make a story about Canada a British one
                ctx = context - own.get(a.key, Counter())
                stories[a.key] = Story(ctx, float(sum(ctx.values())), neighbours)
            done[a.sig] = choose(m, a, stories[a.key])
        choice[m.ref] = done[a.sig]
    return choice


def _votes(named: list[Mention], around: dict, choice: dict) -> tuple[Counter, dict, dict]:
    """The countries the story's choices vote for, each name's own votes, and the places chosen per division."""
    context: Counter = Counter()
    own: dict[str, Counter] = {}
    near: dict[tuple, set[tuple[int, str]]] = {}
    for m in named:
        best, key = choice[m.ref].match.entry, around[m.ref].key
        if best.country:
            vote = 1.0 if best.feature == "country" else 0.5
            context[best.country] += vote
            # a country named ten times is what the story is about; but "Georgia" ten times does
            # not make the state the country
            if best.feature != "country" or state_namesake(m, best.country):
                own.setdefault(key, Counter())[best.country] += vote
    for m in named:
        best = choice[m.ref].match.entry
        if best.feature in LOCAL and best.admin1:
            near.setdefault((best.country, best.admin1), set()).add((best.id, around[m.ref].key))
    return context, own, near


#: the id the home region goes by among the story's places (no gazetteer entry has it)
_HOME = -1


def _home_prior(home: Entry | None) -> tuple[Counter, frozenset, dict]:
    """The home region as if the story named it once: a country vote, a division named, a neighbour."""
    if home is None or not home.country:
        return Counter(), frozenset(), {}
    votes = Counter({home.country: 1.0 if home.feature == "country" else 0.5})
    division = frozenset({(home.country, home.admin1)}) if home.admin1 else frozenset()
    # the home place neighbours every place in its division, itself included ("Paris" in a Paris, Texas paper)
    near = {(home.country, home.admin1): {(_HOME, "")}} if home.admin1 and home.feature in LOCAL else {}
    return votes, division, near


def choose_all(named: list[Mention], around: dict[tuple, Around], home: Entry | None = None) -> dict[tuple, Choice]:
    """Each mention's choice, by its :attr:`~geomap.mentions.Mention.ref`, after two passes.

    ``home``, the publication's home region (:mod:`geomap.resolve.home`), counts as a place the
    story names: its country votes, its division is named, and it neighbours the places in it.
    """
    votes, division, home_near = _home_prior(home)
    if division:
        for m in named:
            around[m.ref] = replace(around[m.ref], elsewhere=around[m.ref].elsewhere | division)
    choice = _pass(named, around, votes, {}, {k: set(v) for k, v in home_near.items()})
    context, own, near = _votes(named, around, choice)
    context += votes
    for k, v in home_near.items():
        near.setdefault(k, set()).update(v)
    # the divisions the text names are those pass 1 read as divisions: "Washington" the capital does
    # not put "Geneva" in Washington state
    divisions = {
        m.ref: (b.country, b.admin1) for m in named for b in [choice[m.ref].match.entry] if b.feature == "admin1"
    }
    for m in named:
        elsewhere = frozenset(r for k, r in divisions.items() if k != m.ref) | division
        around[m.ref] = replace(around[m.ref], elsewhere=elsewhere)
    return one_place_per_name(named, around, _pass(named, around, context, own, near))


#: two choices of one name this close (or one inside the other's division) are one place, not two
SAME_PLACE_KM = 50.0


def one_place_per_name(named: list[Mention], around: dict, choice: dict[tuple, Choice]) -> dict[tuple, Choice]:
    """A name the story repeats is one place: its mentions take the surest mention's choice.

    "Yabucoa" in the headline (the municipality) and "the town of Yabucoa" in the text (the town)
    are the same place, read best where the text says most. Choices far apart in other divisions
    stay apart: a story may name two places of one name ("Perth, named after the Scottish town").
    """
    from .._geo import haversine_km

    by_name: dict[str, list[Mention]] = {}
    for m in named:
        by_name.setdefault(around[m.ref].key, []).append(m)
    out = dict(choice)
    for mentions in by_name.values():
        surest = max((choice[m.ref] for m in mentions), key=lambda c: c.confidence)
        best = surest.match.entry
        for m in mentions:
            e = choice[m.ref].match.entry
            if e is best or e.country != best.country:
                continue
            same_division = e.admin1 is not None and e.admin1 == best.admin1
            if same_division or haversine_km(e.lat, e.lon, best.lat, best.lon) <= SAME_PLACE_KM:
                out[m.ref] = surest
    return out
