"""A place of the story: one gazetteer entry (or a name the text places) with all its mentions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from ..gazetteer import Entry, Feature
from ..mentions import Mention

#: smaller is finer
_FINENESS = {
    Feature.VENUE: 0,
    Feature.OTHER: 1,
    Feature.CITY: 2,
    Feature.ADMIN2: 3,
    Feature.ADMIN1: 4,
    Feature.REGION: 5,
    Feature.WATER: 5,
    Feature.COUNTRY: 6,
}


@dataclass(slots=True, kw_only=True)
class Place:
    """A distinct place of the article with all its mentions.

    Attributes mirror the places table (the schema in the README): ``name``, ``feature``,
    ``country``, ``gazetteer_id``, ``lat``/``lon`` (None when unresolved), ``precision_km``
    and ``confidence``. ``anchor`` names the place a venue was located by.
    """

    name: str
    feature: str
    country: str | None = None
    gazetteer_id: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision_km: float | None = None
    confidence: float = 0.0
    mentions: list[Mention] = field(default_factory=list)
    admin1: str | None = None
    anchor: str | None = None
    #: how far from its anchor the text puts the place ("70 km south-west of Marrakesh"): not inside it
    anchor_km: float | None = None
    capital: bool = False
    #: other places the name may be (:meth:`geomap.resolve.choose.Choice.alternatives`)
    alternatives: list[dict] = field(default_factory=list)
    #: the rule that placed it when no score chose it (``placed_by_text``, ``capital_reference``...)
    rule: str | None = None

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
        if self.country and other.country and other.country != self.country:
            return False  # near is not inside: Majorca does not hold a town in Algeria
        from .._geo import haversine_km

        return haversine_km(self.lat, self.lon, other.lat, other.lon) <= max(self.precision_km or 0, 1.0) * 2.5


def place_from_entry(e: Entry, confidence: float, alternatives: list[dict] | None = None) -> Place:
    """The place a gazetteer entry is, with the confidence of its choice and the other places it may be."""
    return Place(
        name=e.name,
        feature=e.feature,
        country=e.country,
        gazetteer_id=e.gazetteer_id,
        lat=e.lat,
        lon=e.lon,
        precision_km=e.precision_km,
        confidence=confidence,
        admin1=e.admin1,
        capital=e.capital,
        alternatives=alternatives or [],
    )


def place_by_rule(e: Entry, rule: str) -> Place:
    """The place a rule chose (a key of the ``confidence`` settings in ``weights.yaml``), with its confidence."""
    from .features import fixed_confidence

    place = place_from_entry(e, fixed_confidence(rule))
    place.rule = rule
    return place


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


def named_most_before(places: list[Place], token: int, features) -> Place | None:
    """The place of these ``features`` the text names most often before token ``token``, the latest on a tie.

    What "the city" refers back to: the story's city, not one named in passing.
    """
    counts: dict[int, tuple[int, int]] = {}
    for k, p in enumerate(places):
        before = [m.tok_start for m in p.mentions if m.tok_end <= token]
        if p.feature in features and before:
            counts[k] = (len(before), max(before))
    return places[max(counts, key=counts.__getitem__)] if counts else None


@dataclass
class Places:
    """The story's places by key (a gazetteer id, or ``text:NAME``), in order of first mention."""

    by_key: dict[str, Place] = field(default_factory=dict)
    order: list[str] = field(default_factory=list)

    def add(self, key: str, make: Callable[[], Place], mention: Mention) -> Place:
        """Add ``mention`` to the place of ``key``, made by ``make()`` if it is new."""
        if key not in self.by_key:
            self.by_key[key] = make()
            self.order.append(key)
        self.by_key[key].mentions.append(mention)
        return self.by_key[key]

    def listed(self) -> list[Place]:
        """The places in order of first mention."""
        return [self.by_key[k] for k in self.order]
