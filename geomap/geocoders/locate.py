"""Place what the offline gazetteer could not, with an online geocoder (the pipeline step).

Only two kinds of place are asked about: names nothing could locate (``lat`` None), and
venues, natural features and settlements placed "by the text" at the place that locates them
(``Place.anchor`` set). The query carries the context ("Crocus City Hall, Moscow, Russia" and
the country code), and an answer is taken only if it is plausible: near the anchor's area when
there is one, else in a country the article is about. Everything else keeps its offline result.
"""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Sequence

from .._geo import haversine_km
from ..errors import GeocoderUnavailable
from ..resolve import Place, focus_country
from .online import OnlineGeocoder, Result, get_geocoder

log = logging.getLogger("geomap.geocoders")

#: least radius (km) around an anchor within which an answer is plausible
MIN_RADIUS_KM = 25.0
#: precision of an answer without a bounding box, by feature
_PRECISION_KM = {"venue": 0.5, "water": 10.0, "region": 30.0, "city": 5.0, "other": 5.0}
#: answer classes that say a place is a settlement (for names the text gave no feature)
_SETTLEMENT_KINDS = {"city", "town", "village", "hamlet", "suburb", "neighbourhood", "quarter", "locality"}

_shared: dict[tuple, OnlineGeocoder] = {}


def as_geocoder(geocoder: str | dict | OnlineGeocoder | None) -> OnlineGeocoder | None:
    """A geocoder from a provider name, a spec, or an object; one object per spec and environment in a process.

    Parameters
    ----------
    geocoder : str, dict, OnlineGeocoder or None
        ``"nominatim"`` (options from the environment); a dict of plain values, ``{"name":
        "nominatim", "url": ..., "user_agent": ...}`` (keyword arguments of
        :func:`~geomap.geocoders.get_geocoder`; picklable, for worker processes); or a geocoder.

    Reusing the object keeps one rate limit across calls (several articles, one limit).
    """
    if geocoder is None or isinstance(geocoder, OnlineGeocoder):
        return geocoder
    if isinstance(geocoder, str):
        geocoder = {"name": geocoder}
    if not isinstance(geocoder, dict):
        return geocoder  # any object with a compatible geocode() method
    name = str(geocoder.get("name", ""))
    env = tuple(
        os.environ.get(k)
        for k in ("GEOMAP_USER_AGENT", "GEOMAP_GEOCODER_KEY", f"GEOMAP_{name.upper()}_KEY", "GEOMAP_CACHE_DIR")
    )
    key = (json.dumps(geocoder, sort_keys=True, default=str), env)
    if key not in _shared:
        _shared[key] = get_geocoder(**geocoder)
    return _shared[key]


def _failing(geocoder) -> tuple[str, int]:
    return getattr(geocoder, "name", "?"), getattr(geocoder, "max_failures", 0)


def _country_name(cc: str | None, places: Sequence[Place], gazetteer) -> str | None:
    if not cc:
        return None
    for p in places:
        if p.feature == "country" and p.country == cc:
            return p.name
    entry = gazetteer.country(cc) if gazetteer is not None else None
    return entry.name if entry is not None else None


def _query(place: Place, places: Sequence[Place], gazetteer, country: str | None) -> str:
    parts = [place.name.removeprefix("the ").removeprefix("The ")]
    if place.anchor and place.anchor not in parts:
        parts.append(place.anchor)
    name = _country_name(country, places, gazetteer)
    if name and name not in parts:
        parts.append(name)
    return ", ".join(parts)


def _plausible(r: Result, place: Place, located: Sequence[Place], countries: set[str]) -> bool:
    if place.lat is not None:  # placed at an anchor: the answer must be in its area
        if r.country and place.country and r.country != place.country:
            return False
        radius = max(1.5 * (place.precision_km or 0.0), MIN_RADIUS_KM)
        return haversine_km(place.lat, place.lon, r.lat, r.lon) <= radius
    if not countries:
        return True
    if r.country:
        return r.country in countries
    return any(
        haversine_km(p.lat, p.lon, r.lat, r.lon) <= max(1.5 * (p.precision_km or 0.0), MIN_RADIUS_KM) for p in located
    )


def _apply(place: Place, r: Result, geocoder: OnlineGeocoder, in_context: bool) -> None:
    provider = getattr(geocoder, "name", "geocoder")
    place.gazetteer_id = f"{provider}:{r.ident}" if r.ident else f"geocoder:{provider}"
    place.lat, place.lon = r.lat, r.lon
    kind = (r.kind or "").split(":")[-1].lower()
    if place.feature == "other" and kind in _SETTLEMENT_KINDS:
        place.feature = "city"
    radius = r.radius_km()
    default = _PRECISION_KM.get(place.feature, 5.0)
    place.precision_km = round(max(radius, 0.05), 2) if radius is not None else default
    if r.country and r.country != place.country:
        place.country, place.admin1 = r.country, None
    base = 0.8 if place.anchor else (0.7 if in_context else 0.45)
    place.confidence = round(base * (0.75 + 0.25 * min(max(r.score, 0.0), 1.0)) if r.score is not None else base, 3)


def geocode_places(places: list[Place], geocoder: str | dict | OnlineGeocoder | None, *, gazetteer=None) -> list[Place]:
    """Place with an online geocoder what the offline gazetteer could not; change nothing else.

    Parameters
    ----------
    places : list of Place
        From :func:`geomap.resolve.resolve`; updated in place.
    geocoder : str, dict, OnlineGeocoder or None
        A provider name (``"nominatim"``...), a spec or a geocoder (see :func:`as_geocoder`),
        or None (nothing is done).
    gazetteer : Gazetteer, optional
        The offline gazetteer, for country names in queries.

    Returns
    -------
    list of Place
        The same list. A place the geocoder placed gets its coordinates, ``gazetteer_id``
        ``<provider>:<id>`` (``nominatim:way/123``) or ``geocoder:<provider>``, a
        ``precision_km`` from the answer's bounding box and a confidence; its ``anchor`` (the
        place the text locates it by, the ``located_by`` column) is kept.

    Raises
    ------
    GeocoderError
        On a configuration or authentication problem. A transient failure (timeout, 429,
        5xx, malformed answer) only logs a warning: that place keeps its offline result.
    """
    geocoder = as_geocoder(geocoder)
    if geocoder is None:
        return places
    todo = [p for p in places if p.lat is None or p.anchor]
    if not todo:
        return places
    located = [p for p in places if p.lat is not None and not p.anchor and p.gazetteer_id]
    countries = {p.country for p in located if p.country}
    focus = focus_country(located)
    for place in todo:
        country = place.country if place.lat is not None else focus
        query = _query(place, places, gazetteer, country)
        near = (place.lat, place.lon) if place.lat is not None else None
        gave_up = getattr(geocoder, "gave_up", False)
        try:
            results = geocoder.geocode(query, country=country, near=near)
        except GeocoderUnavailable as exc:
            (log.info if gave_up else log.warning)("%s; %r keeps its offline placement", exc, place.name)
            if not gave_up and getattr(geocoder, "gave_up", False):
                log.warning("geocoder %s failed for %d places in a row: not asked again this run", *_failing(geocoder))
            continue
        answer = next((r for r in results if _plausible(r, place, located, countries)), None)
        if answer is None:
            if results:
                log.info("geocoder: no plausible answer for %r (%d found elsewhere)", query, len(results))
            continue
        _apply(place, answer, geocoder, bool(countries))
    return places
