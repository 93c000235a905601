"""Small geodesy helpers (great-circle distance on a spherical Earth)."""

from __future__ import annotations

import math

import numpy as np

EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1, lon1, lat2, lon2):
    """Great-circle distance in km; accepts floats or numpy arrays (degrees)."""
    lat1, lon1, lat2, lon2 = (np.radians(np.asarray(v, dtype=float)) for v in (lat1, lon1, lat2, lon2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    d = 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    return float(d) if d.ndim == 0 else d


def city_precision_km(population: int) -> float:
    """Rough radius of a populated place from its population (a village ~2 km, Moscow ~20 km)."""
    return round(min(30.0, 2.0 + math.sqrt(max(population, 0)) / 200.0), 1)


def area_radius_km(area_km2: float) -> float:
    """Radius of a disc with the given area: the precision of a point standing for an area."""
    return round(max(5.0, math.sqrt(max(area_km2, 0.0) / math.pi)), 1)
