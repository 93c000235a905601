"""Sources of places besides the embedded gazetteer.

- :class:`UserGazetteer` (``user.py``): your own places, CSV or any vector file GDAL reads,
  matched before the offline gazetteer.
- Online geocoders through geopy, opt-in: one class per provider in ``online.py``
  (:data:`PROVIDERS`, :func:`get_geocoder`), their shared base in ``service.py`` (rate
  limits, timeouts, retries), answers as :class:`Result` (``result.py``) and an on-disk cache
  (``cache.py``).
- :func:`geocode_places` (``locate.py``): the pipeline step that asks an online geocoder
  about the places the offline gazetteer could not place.

Only ``UserGazetteer`` is imported eagerly; the rest (and geopy) when first used.
"""

from __future__ import annotations

from .user import UserGazetteer

__all__ = ["PROVIDERS", "GeocodeCache", "OnlineGeocoder", "Result", "UserGazetteer", "geocode_places", "get_geocoder"]

_LAZY = {
    "PROVIDERS": "online",
    "OnlineGeocoder": "online",
    "Result": "online",
    "get_geocoder": "online",
    "GeocodeCache": "cache",
    "geocode_places": "locate",
}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
