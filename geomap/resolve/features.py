"""Named features of a candidate place, and the one scorer that weighs them (weights in ``weights.yaml``).

A candidate's score is ``sum(weight[f] * f(candidate, around, story))`` over the features a
scorer uses: :data:`STORY_FEATURES` for the story's own places, :data:`EMBEDDED_FEATURES` for
places named inside organisations' names. A reason to prefer a candidate is a feature here and
a weight in the data file; a rule that overrides the sum is a policy
(:mod:`geomap.resolve.policies`).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from .._yaml import safe_load
from ..gazetteer import ABBR, ALT, DEMONYM, NAME, Entry, Feature, NameMatch
from ..signals import AREA_POPULATION

#: features of places near each other: a town, a county, a state
LOCAL = (Feature.CITY, Feature.ADMIN2, Feature.ADMIN1)
#: the kinds of place with a weight of their own (any other weighs as ``feature_other``)
_KNOWN = (Feature.COUNTRY, Feature.ADMIN1, Feature.ADMIN2, Feature.REGION, Feature.WATER, Feature.CITY, Feature.VENUE)


@dataclass(frozen=True, slots=True)
class Around:
    """What the text says around one mention (``elsewhere`` is revised after the first pass).

    Attributes
    ----------
    parents : frozenset of str
        Containers written after it ("Paris, Texas": "texas") or countries a demonym in its
        sentence points to: country codes and lowercase division names.
    elsewhere : frozenset of (str, str)
        (country, admin1) of the first-level divisions the rest of the text names.
    admin_word : bool
        Written with a division's kind after it ("Al Haouz province").
    town_word : bool
        Written after a town's kind and "of" ("the port of Aqaba", "the city of Hodeidah").
    wording : int
        How plainly it is written as a sea or river: 0, 1 ("the Dnipro"), 2 ("the north Atlantic").
    key : str
        Its folded name.
    homonyms : frozenset of int
        Entry ids of capitals or metropolises that share the name with their division.
    own : tuple
        Everything of the mention itself that its choice depends on.
    """

    parents: frozenset[str] = frozenset()
    elsewhere: frozenset = frozenset()
    admin_word: bool = False
    town_word: bool = False
    wording: int = 0
    key: str = ""
    homonyms: frozenset[int] = frozenset()
    own: tuple = ()

    @property
    def sig(self) -> tuple:
        """Mentions that agree in all of this are scored once a pass ("U.S." ten times)."""
        return (*self.own, self.elsewhere)


@dataclass(slots=True)
class Story:
    """What the rest of the story says, for one name.

    Attributes
    ----------
    countries : Counter
        Votes for each country from the story's other places (not this name's own mentions).
    total : float
        Their sum.
    neighbours : callable
        ``neighbours(entry, key) -> int``: the story's places in the entry's first-level
        division, not counting those of the same name.
    named : frozenset of str
        Gazetteer ids of the story's places.
    """

    countries: Counter = field(default_factory=Counter)
    total: float = 0.0
    neighbours: Callable[[Entry, str], int] = lambda e, key: 0
    named: frozenset[str] = frozenset()


def _population(c: NameMatch, a: Around, s: Story) -> float:
    e = c.entry
    population = e.population or (AREA_POPULATION if e.feature in ("region", "water") else 0)
    return min(1.0, math.log10(population + 1) / 7.0)


def _is_feature(feature: str) -> Callable[[NameMatch, Around, Story], float]:
    def is_feature(c: NameMatch, a: Around, s: Story) -> float:
        return 1.0 if c.entry.feature == feature else 0.0

    return is_feature


def _other_feature(c: NameMatch, a: Around, s: Story) -> float:
    return 0.0 if c.entry.feature in _KNOWN else 1.0


def _is_kind(*kinds: int) -> Callable[[NameMatch, Around, Story], float]:
    def is_kind(c: NameMatch, a: Around, s: Story) -> float:
        return 1.0 if c.kind in kinds else 0.0

    return is_kind


def _country_context(c: NameMatch, a: Around, s: Story) -> float:
    if not s.total or not c.entry.country:
        return 0.0
    return s.countries[c.entry.country] / max(s.total, 2.0)  # one city named once is thin evidence


def _written_parent(c: NameMatch, a: Around, s: Story) -> float:
    e = c.entry
    return 1.0 if a.parents and (e.country in a.parents or (e.admin1 or "").lower() in a.parents) else 0.0


def _division_named(c: NameMatch, a: Around, s: Story) -> float:
    return 1.0 if c.entry.feature != "admin1" and (c.entry.country, c.entry.admin1) in a.elsewhere else 0.0


def _neighbours(c: NameMatch, a: Around, s: Story) -> float:
    e = c.entry
    return float(min(s.neighbours(e, a.key), 2)) if e.feature in LOCAL else 0.0


def _water_wording(c: NameMatch, a: Around, s: Story) -> float:
    return float(a.wording) if c.entry.feature == "water" else 0.0


def _water_by_other_name(c: NameMatch, a: Around, s: Story) -> float:
    return 1.0 if c.entry.feature == "water" and not a.wording and c.kind == ALT else 0.0


#: every feature by name: ``f(candidate, around, story) -> value``
FEATURES: dict[str, Callable[[NameMatch, Around, Story], float]] = {
    "population": _population,
    **{f"feature_{f}": _is_feature(f) for f in _KNOWN},
    "feature_other": _other_feature,
    "capital": lambda c, a, s: 1.0 if c.entry.capital else 0.0,
    "kind_name": _is_kind(NAME),
    "kind_abbreviation": _is_kind(ABBR),
    "kind_demonym": _is_kind(DEMONYM),
    "kind_alternate": _is_kind(ALT),
    "country_context": _country_context,
    "written_parent": _written_parent,
    "division_named": _division_named,
    "capital_over_division": lambda c, a, s: 1.0 if c.entry.id in a.homonyms else 0.0,
    "named_in_story": lambda c, a, s: 1.0 if c.entry.gazetteer_id in s.named else 0.0,
    "neighbours": _neighbours,
    "division_word": lambda c, a, s: 1.0 if a.admin_word and c.entry.feature == "admin1" else 0.0,
    "town_word": lambda c, a, s: 1.0 if a.town_word and c.entry.feature == "city" else 0.0,
    "water_wording": _water_wording,
    "water_by_other_name": _water_by_other_name,
}

_PRIORS = (
    "population",
    "feature_country",
    "feature_admin1",
    "feature_admin2",
    "feature_region",
    "feature_water",
    "feature_city",
    "feature_venue",
    "feature_other",
    "capital",
    "kind_name",
    "kind_abbreviation",
    "kind_demonym",
    "kind_alternate",
    "country_context",
)
#: the features of the candidate alone (its entry, how its name matched): every scorer sums them first
OWN = tuple(f for f in _PRIORS if f != "country_context")
#: the features of the story's own places, in the order they are summed
STORY_FEATURES = (
    *_PRIORS,
    "written_parent",
    "division_named",
    "capital_over_division",
    "neighbours",
    "division_word",
    "town_word",
    "water_wording",
    "water_by_other_name",
)
#: the features of places named inside organisations' names
EMBEDDED_FEATURES = (*_PRIORS, "capital_over_division", "named_in_story", "neighbours")


@cache
def settings() -> dict:
    """The weights and confidence settings (``weights.yaml``), loaded once."""
    text = resources.files(__package__).joinpath("weights.yaml").read_text(encoding="utf-8")
    data = safe_load(text)
    unknown = set(data["weights"]) ^ set(FEATURES)
    if unknown:
        raise ValueError(f"weights.yaml and the features disagree on {sorted(unknown)}")
    return data


@dataclass(frozen=True, slots=True)
class Scored:
    """A candidate, its score and each feature's contribution (weight x value, non-zero only)."""

    score: float
    match: NameMatch
    terms: tuple[tuple[str, float], ...]


def score(c: NameMatch, around: Around, story: Story, features: tuple[str, ...] = STORY_FEATURES) -> Scored:
    """Weigh one candidate by the named features.

    Parameters
    ----------
    c : NameMatch
        The candidate.
    around : Around
        What the text says around the mention.
    story : Story
        What the rest of the story says.
    features : tuple of str
        The features to use, in the order they are summed.

    Returns
    -------
    Scored
    """
    weights = settings()["weights"]
    total, terms = 0.0, []
    for name, value in _own_values(c):
        term = weights[name] * value
        if term:
            total += term
            terms.append((name, term))
    for name in _of_the_text(features):
        value = FEATURES[name](c, around, story)
        term = weights[name] * value if value else 0.0
        if term:
            total += term
            terms.append((name, term))
    return Scored(total, c, tuple(terms))


_OWN_VALUES: dict[tuple[Entry, int], tuple[tuple[str, float], ...]] = {}


def _own_values(c: NameMatch) -> tuple[tuple[str, float], ...]:
    """The non-zero values of a candidate's :data:`OWN` features, worked out once per entry and kind of match."""
    key = (c.entry, c.kind)
    found = _OWN_VALUES.get(key)
    if found is None:
        if len(_OWN_VALUES) > 200_000:  # a long batch: start again rather than grow without end
            _OWN_VALUES.clear()
        around, story = Around(), Story()  # a candidate's own features read neither
        found = _OWN_VALUES[key] = tuple((n, v) for n in OWN if (v := FEATURES[n](c, around, story)))
    return found


@cache
def _of_the_text(features: tuple[str, ...]) -> tuple[str, ...]:
    """A scorer's features beyond :data:`OWN` (every scorer starts with them), in its order."""
    if features[: len(OWN)] != OWN:
        raise ValueError("a scorer's features start with the candidate's own (OWN)")
    return features[len(OWN) :]


def ranked(candidates: list[NameMatch], around: Around, story: Story, features=STORY_FEATURES) -> list[Scored]:
    """Candidates best first; on a tie, a place's own name before an alias."""
    scored = [score(c, around, story, features) for c in candidates]
    return sorted(scored, key=lambda x: (-round(x.score, 6), x.match.kind))


#: a candidate's odds beyond this say no more (a name with one candidate is ``single`` instead)
_MAX_LOG_ODDS = 10.0


def confidence_inputs(scores: list[float], kind: str, chosen: int = 0, isolated: bool = False) -> list[float]:
    """What the confidence is a function of: log-odds, one candidate, kind of words, the story's support.

    The chosen candidate's log-odds, whether the name had one candidate only, whether its words are a
    name or a demonym, and whether no other place of the story vouches for it (:func:`isolated`).

    Parameters
    ----------
    scores : list of float
        The candidates' scores, best first (the scores are a conditional logit's: the softmax
        over them is each candidate's probability).
    kind : str
        The mention's :class:`~geomap.mentions.MentionKind`.
    chosen : int, default 0
        The chosen candidate's index (not the best scored when a policy overrode the score).
    isolated : bool, default False
        The chosen place is a town that no other place of the story vouches for (:func:`isolated`).

    Returns
    -------
    list of float
        ``[log_odds, single, other_kind, isolated]``, in the order of the ``confidence`` weights.
    """
    if len(scores) < 2:
        log_odds, single = 0.0, 1.0
    else:
        rest = sum(math.exp(s - scores[chosen]) for i, s in enumerate(scores) if i != chosen)
        log_odds, single = min(-math.log(rest), _MAX_LOG_ODDS), 0.0
    return [log_odds, single, 0.0 if kind in ("name", "demonym") else 1.0, float(isolated)]


#: the confidence's inputs, in the order of :func:`confidence_inputs` (their weights in ``weights.yaml``)
CONFIDENCE_INPUTS = ("log_odds", "single", "other_kind", "isolated")


def isolated(c: NameMatch, story: Story) -> bool:
    """A town or county in a country none of the story's other places is in: "Point", Texas, in an Australian story.

    In the dev corpora such places were right about one time in three. A story that names no other
    place says nothing either way.
    """
    town = c.entry.feature in (Feature.CITY, Feature.ADMIN2)
    return town and story.total > 0 and not story.countries[c.entry.country]


def confidence(scores: list[float], kind: str, chosen: int = 0, isolated: bool = False) -> float:
    """How likely the chosen candidate is right: a logistic model fitted on the dev splits (``weights.yaml``).

    ``tools/fit_resolution.py`` fits it on held-out scores, so that of the places given 0.8, about
    four in five are right (the README shows the reliability table).
    """
    if not scores:
        return 0.0
    conf = settings()["confidence"]
    inputs = confidence_inputs(scores, kind, chosen, isolated)
    z = conf["intercept"] + sum(conf[name] * v for name, v in zip(CONFIDENCE_INPUTS, inputs, strict=True))
    return round(1.0 / (1.0 + math.exp(-z)), 3)


def fixed_confidence(rule: str) -> float:
    """The confidence of a place chosen by a rule (``capital_reference``, ``placed_by_text``...)."""
    return settings()["confidence"][rule]
