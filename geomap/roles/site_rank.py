"""The incident site as a ranking: named features of each place, weighed by weights fitted on the dev stories.

Each place of a story (located or not: a village no gazetteer knows may be where it happened)
gets the values of :data:`FEATURES` (each a function of the story and the place, most of them 0
or 1); its score is the sum of weight x value, with the weights of ``site_weights.yaml``. The
place with the highest score is the incident site. The weights are fitted by
``tools/fit_site.py`` on the dev split of the project's stories only (a conditional logit: the
probability of the gold site among the story's places), never set by hand; the profile's
``event`` triggers remain what a user edits, and the features read what they found.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from .._yaml import safe_load
from ..docdata import text_length
from ..signals import lead_end
from .triggers import of_another_year, sentence_lemmas

if TYPE_CHECKING:
    from .evidence import RoledPlace
    from .site import _Story

_CLOSE = 0.75  # confidence of an event link at most one step from the mention


def _events(story: _Story, rp: RoledPlace) -> list:
    return story.events.get(rp.key, [])


def _event(story: _Story, rp: RoledPlace) -> float:
    """A sentence says it happened there (an ``event`` trigger of the profile)."""
    return float(rp.key in story.events)


def _event_close(story: _Story, rp: RoledPlace) -> float:
    """The event word is the one the mention hangs on ("an explosion IN the port"), not further up."""
    return float(any(e.confidence >= _CLOSE for e in _events(story, rp)))


def _event_count(story: _Story, rp: RoledPlace) -> float:
    """How many sentences say it happened there: log(1 + n)."""
    return math.log1p(len({e.start for e in _events(story, rp)}))


def _finest_event(story: _Story, rp: RoledPlace) -> float:
    """The finest of the places where a sentence says it happened."""
    hit = [story.fineness(o) for o in story.places if o.key in story.events]
    return float(rp.key in story.events and story.fineness(rp) == min(hit))


def _feature(*kinds: str) -> Callable[[_Story, RoledPlace], float]:
    def value(story: _Story, rp: RoledPlace) -> float:
        return float(rp.place.feature in kinds)

    value.__doc__ = f"The place is a {' or '.join(kinds)}."
    return value


def _contains_event_place(story: _Story, rp: RoledPlace) -> float:
    """It contains another place where it happened: an area, not the site."""
    return float(any(o is not rp and o.key in story.events and story.contains(rp, o) for o in story.located))


def _inside_event_place(story: _Story, rp: RoledPlace) -> float:
    """It lies inside another place where it happened: a finer site."""
    return float(any(o is not rp and o.key in story.events and story.contains(o, rp) for o in story.located))


def _in_lead(story: _Story, rp: RoledPlace) -> float:
    """Named in the headline or the lead (the first two sentences), not only as the dateline."""
    end = lead_end(story.doc)
    return float(any(m.start < end and m.ref not in story.dateline for m in rp.place.mentions))


def _dateline(story: _Story, rp: RoledPlace) -> float:
    """Where the story was filed ("BEIRUT, Lebanon —")."""
    return float(any(m.ref in story.dateline for m in rp.place.mentions))


def _mentions(story: _Story, rp: RoledPlace) -> float:
    """How often the story names it: log(1 + n)."""
    return math.log1p(len(rp.place.mentions))


def _earliness(story: _Story, rp: RoledPlace) -> float:
    """How early the story first names it: 1 at the start, 0 at the end."""
    n = max(text_length(story.doc), 1)
    return 1.0 - min(m.start for m in rp.place.mentions) / n


def _party(story: _Story, rp: RoledPlace) -> float:
    """Its mentions show other roles (origin, reaction, aid...): a party to the story."""
    return float(any(e.role != story.profile.default_role for e in rp.evidence))


def _past(story: _Story, rp: RoledPlace) -> float:
    """Every sentence naming it is about another year ("the 1979 quake near Shkodër")."""
    return float(all(of_another_year(story.doc[m.tok_start], story.year) for m in rp.place.mentions))


def _event_sentence(story: _Story, rp: RoledPlace) -> float:
    """The share of its mentions in a sentence with an event word, linked to it or not."""
    words = story.event_words
    hits = sum(bool(words & sentence_lemmas(story.doc[m.tok_start].sent)) for m in rp.place.mentions)
    return hits / len(rp.place.mentions)


def _focus_country(story: _Story, rp: RoledPlace) -> float:
    """In the country the story is most about (its places' countries, counted)."""
    return float(rp.place.country is not None and rp.place.country == story.focus)


def _text_placed(story: _Story, rp: RoledPlace) -> float:
    """No gazetteer knows it, and the text placed it (a venue at the town it names)."""
    return float(rp.place.gazetteer_id is None and rp.place.lat is not None)


def _unlocated(story: _Story, rp: RoledPlace) -> float:
    """Neither a gazetteer nor the text says where it is (it is in the table, not on the map)."""
    return float(rp.place.lat is None)


#: the named features of a place as a candidate incident site, in the order of ``site_weights.yaml``
FEATURES: dict[str, Callable[[_Story, RoledPlace], float]] = {
    "event": _event,
    "event_close": _event_close,
    "event_count": _event_count,
    "finest_event": _finest_event,
    "venue": _feature("venue", "other"),
    "town": _feature("city"),
    "division": _feature("admin2", "admin1"),
    "large_area": _feature("region", "water"),
    "country": _feature("country"),
    "contains_event_place": _contains_event_place,
    "inside_event_place": _inside_event_place,
    "in_lead": _in_lead,
    "dateline": _dateline,
    "mentions": _mentions,
    "earliness": _earliness,
    "party": _party,
    "past": _past,
    "event_sentence": _event_sentence,
    "focus_country": _focus_country,
    "text_placed": _text_placed,
    "unlocated": _unlocated,
}


@cache
def _settings() -> dict:
    text = resources.files(__package__).joinpath("site_weights.yaml").read_text(encoding="utf-8")
    data = safe_load(text)
    if differ := set(data["weights"]) ^ set(FEATURES):
        raise ValueError(f"site_weights.yaml and the features disagree on {sorted(differ)}")
    return data


def weights() -> dict[str, float]:
    """The fitted weights (``site_weights.yaml``), loaded once."""
    return {k: float(v) for k, v in _settings()["weights"].items()}


def second_site_margin() -> float:
    """How close to the site's score another place hit must score to be a site too (fitted with the weights)."""
    return float(_settings()["second_site_margin"])


def second_site(scores: dict[int, float], rp: RoledPlace, site: RoledPlace) -> bool:
    """Whether another place hit, as fine as the site, scored within :func:`second_site_margin` of the site."""
    return scores[rp.key] >= scores[site.key] - second_site_margin()


def feature_values(story: _Story, rp: RoledPlace) -> dict[str, float]:
    """Every feature's value for one place."""
    return {name: f(story, rp) for name, f in FEATURES.items()}


def score(values: dict[str, float], w: dict[str, float] | None = None) -> float:
    """Weight x value, summed."""
    w = weights() if w is None else w
    return sum(w[k] * v for k, v in values.items())


def _party_roles(profile) -> frozenset[str]:
    """The roles of a party elsewhere (origin, destination, accused, reaction): none of where it happened."""
    p = profile
    near = {p.site_role, p.area_role, p.elsewhere_role, p.other_event_role, p.default_role}
    near |= {split.get("domestic") for split in p.split_roles.values()}
    return frozenset(r.name for r in profile.roles) - near


def candidates(story: _Story) -> list[RoledPlace]:
    """The places that may be the site: not a party elsewhere that no sentence says it happened at.

    "the boat had set out from near Tobruk": an origin, not where the boat sank, even when the
    place it sank at is one the story does not name or no gazetteer knows.
    """
    party = _party_roles(story.profile)
    return [rp for rp in story.places if rp.key in story.events or not any(e.role in party for e in rp.evidence)]


def ranked(story: _Story) -> list[tuple[float, RoledPlace]]:
    """The candidate places (:func:`candidates`), best for the incident site first, with their scores.

    Ties go to the finer place, then to the one named first.
    """
    out = [(score(feature_values(story, rp)), rp) for rp in candidates(story)]
    out.sort(key=lambda x: (-x[0], story.fineness(x[1]), x[1].place.mentions[0].start))
    return out
