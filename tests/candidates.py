"""Synthetic gazetteer candidates for tests of the rules that weigh them."""

from __future__ import annotations

from geomap.gazetteer import NAME, Entry, NameMatch


def candidate(name, kind=NAME, *, feature="city", population=0, capital=False, country="XX", admin1=None, id=None):
    """A gazetteer match of ``name`` (``kind``: NAME, ALT, ABBR or DEMONYM) for a made-up place."""
    e = Entry(
        id=id if id is not None else abs(hash((name, feature, country, admin1))) % 10**8,
        gazetteer_id=f"test:{name}:{feature}:{country}:{admin1}",
        name=name,
        feature=feature,
        country=country,
        admin1=admin1,
        lat=0.0,
        lon=0.0,
        population=population,
        precision_km=5.0,
        capital=capital,
    )
    return NameMatch(e, kind)
