"""Online geocoders through geopy, opt-in: one small class per provider, and the table of them.

Each class says which geopy geocoder it wraps, where the public service is, whether it needs a
key, which geocode options carry the article's context, and how to read one raw result into a
:class:`~geomap.geocoders.result.Result`. The base class, :class:`OnlineGeocoder`
(:mod:`geomap.geocoders.service`), does the rest: rate limits, timeouts, retries, the on-disk
cache, and geopy's exceptions mapped to :mod:`geomap.errors`.

geopy is imported on the first request, never when no online geocoder is used.
"""

from __future__ import annotations

from typing import Any

from ..errors import GeocoderError
from .result import Result, to_alpha2, to_bbox, to_float
from .service import OnlineGeocoder


def _osm_ident(osm_type: object, osm_id: object) -> str | None:
    """An OSM object's stable id (``way/39196636``) from its type (``W``, ``way``...) and number."""
    kind = {"n": "node", "w": "way", "r": "relation"}.get(str(osm_type or "").lower()[:1])
    return f"{kind}/{osm_id}" if kind and osm_id not in (None, "") else None


class Nominatim(OnlineGeocoder):
    """OpenStreetMap's Nominatim (public service: one request a second, your own user agent)."""

    name = "nominatim"
    geopy_name = "Nominatim"
    public_url = "https://nominatim.openstreetmap.org"
    strict_policy = True

    def _options(self, *, country: str | None, near: tuple[float, float] | None) -> dict:
        opts: dict = {"limit": 5, "addressdetails": True}
        if country:
            opts["country_codes"] = [country]
        return opts

    def _result(self, raw: dict, lat: float, lon: float, address: str) -> Result:
        bb = raw.get("boundingbox") or [None] * 4
        kind = raw.get("category") or raw.get("class")
        return Result(
            lat,
            lon,
            address,
            bbox=to_bbox(*bb[:4]) if len(bb) >= 4 else None,
            country=to_alpha2((raw.get("address") or {}).get("country_code")),
            ident=_osm_ident(raw.get("osm_type"), raw.get("osm_id")),
            kind=f"{kind}:{raw.get('type')}" if kind else None,
        )  # no score: Nominatim's "importance" is how prominent a place is, not how well it matches


class Photon(OnlineGeocoder):
    """Komoot's Photon (OpenStreetMap data; GeoJSON answers)."""

    name = "photon"
    geopy_name = "Photon"
    public_url = "https://photon.komoot.io"

    def _options(self, *, country: str | None, near: tuple[float, float] | None) -> dict:
        opts: dict = {"limit": 5}
        if near:
            opts["location_bias"] = (round(near[0], 4), round(near[1], 4))
        return opts

    def _result(self, raw: dict, lat: float, lon: float, address: str) -> Result:
        p = raw.get("properties") or {}
        ext = p.get("extent")  # [west, north, east, south]
        return Result(
            lat,
            lon,
            address,
            bbox=to_bbox(ext[3], ext[1], ext[0], ext[2]) if isinstance(ext, list) and len(ext) == 4 else None,
            country=to_alpha2(p.get("countrycode")),
            ident=_osm_ident(p.get("osm_type"), p.get("osm_id")),
            kind=f"{p['osm_key']}:{p.get('osm_value')}" if p.get("osm_key") else None,
        )


class ArcGIS(OnlineGeocoder):
    """Esri's ArcGIS World Geocoding Service (anonymous use: its terms forbid storing results, so none are cached)."""

    name = "arcgis"
    storable = False
    geopy_name = "ArcGIS"
    public_url = "https://geocode.arcgis.com"

    def _options(self, *, country: str | None, near: tuple[float, float] | None) -> dict:
        return {"out_fields": ["Country", "Type", "Addr_type"]}

    def _result(self, raw: dict, lat: float, lon: float, address: str) -> Result:
        ext = raw.get("extent") or {}
        attrs = raw.get("attributes") or {}
        score = to_float(raw.get("score"))
        return Result(
            lat,
            lon,
            address,
            bbox=to_bbox(ext.get("ymin"), ext.get("ymax"), ext.get("xmin"), ext.get("xmax")) if ext else None,
            country=to_alpha2(attrs.get("Country")),
            kind=attrs.get("Type") or attrs.get("Addr_type") or None,
            score=score / 100.0 if score is not None else None,
        )


class Pelias(OnlineGeocoder):
    """A Pelias server (self-hosted: give its URL)."""

    name = "pelias"
    geopy_name = "Pelias"
    key_arg = "api_key"

    def _options(self, *, country: str | None, near: tuple[float, float] | None) -> dict:
        return {"countries": [country.upper()]} if country else {}

    def _result(self, raw: dict, lat: float, lon: float, address: str) -> Result:
        p = raw.get("properties") or {}
        bb = raw.get("bbox")  # [west, south, east, north]
        return Result(
            lat,
            lon,
            p.get("label") or address,
            bbox=to_bbox(bb[1], bb[3], bb[0], bb[2]) if isinstance(bb, list) and len(bb) == 4 else None,
            country=to_alpha2(p.get("country_code") or p.get("country_a")),
            ident=p.get("gid"),
            kind=p.get("layer"),
            score=to_float(p.get("confidence")),
        )


class GeocodeEarth(Pelias):
    """Geocode Earth, the hosted Pelias (needs a key)."""

    name = "geocodeearth"
    geopy_name = "GeocodeEarth"
    public_url = "https://api.geocode.earth"
    key_required = True


class OpenCage(OnlineGeocoder):
    """OpenCage (needs a key)."""

    name = "opencage"
    geopy_name = "OpenCage"
    public_url = "https://api.opencagedata.com"
    key_arg = "api_key"
    key_required = True

    def _options(self, *, country: str | None, near: tuple[float, float] | None) -> dict:
        return {"country": country} if country else {}

    def _result(self, raw: dict, lat: float, lon: float, address: str) -> Result:
        b = raw.get("bounds") or {}
        ne, sw = b.get("northeast") or {}, b.get("southwest") or {}
        comp = raw.get("components") or {}
        conf = to_float(raw.get("confidence"))  # 1..10, 10 the most precise
        return Result(
            lat,
            lon,
            address,
            bbox=to_bbox(sw.get("lat"), ne.get("lat"), sw.get("lng"), ne.get("lng")) if b else None,
            country=to_alpha2(comp.get("ISO_3166-1_alpha-2") or comp.get("country_code")),
            kind=comp.get("_type"),
            score=conf / 10.0 if conf is not None else None,
        )


#: provider name -> class (the ``--geocoder`` choices)
PROVIDERS: dict[str, type[OnlineGeocoder]] = {
    cls.name: cls for cls in (Nominatim, Photon, ArcGIS, Pelias, GeocodeEarth, OpenCage)
}


def get_geocoder(name: str, **options: Any) -> OnlineGeocoder:
    """The geocoder called ``name`` (see :data:`PROVIDERS`), with ``options`` as for :class:`OnlineGeocoder`.

    Raises
    ------
    GeocoderError
        If there is no such provider, or its options are not acceptable.
    """
    cls = PROVIDERS.get(str(name).lower())
    if cls is None:
        raise GeocoderError(f"unknown geocoder {name!r}: expected one of {', '.join(PROVIDERS)}")
    return cls(**options)


__all__ = [
    "PROVIDERS",
    "ArcGIS",
    "GeocodeEarth",
    "Nominatim",
    "OnlineGeocoder",
    "OpenCage",
    "Pelias",
    "Photon",
    "Result",
    "get_geocoder",
]
