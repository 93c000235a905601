"""Regions: the continents of GeoNames, and our lists of regions, seas and landmarks.

Our lists (``geomap/resources``): ``regions.csv`` (regions and water bodies), ``landmarks.csv``
(places news names for who sits there: "the Kremlin"), ``region_names.csv`` (the regions'
other names: "the EU", "European"). Natural Earth's physical regions (``ne_regions.csv``,
derived by ``tools/natural_earth.py``): islands, archipelagos, peninsulas, deserts, ranges.
"""

from __future__ import annotations

from .._names import normalize
from .writer import ALT, KINDS, NAME, Builder, resource_rows, slug


def add_regions(b: Builder, continents: dict[str, dict]) -> None:
    """Add the continents (GeoNames), our regions, seas and landmarks, and the regions' other names."""
    for c in continents.values():
        b.place(
            f"geonames:{c['geonameId']}",
            c["name"],
            "region",
            None,
            None,
            float(c["lat"]),
            float(c["lng"]),
            int(c.get("population") or 0),
            2500.0,
        )
    for r in resource_rows("regions.csv") + resource_rows("landmarks.csv"):
        pid = b.place(
            f"geomap:{r['feature']}:{slug(r['name'])}",
            r["name"],
            r["feature"],
            r["cc"] or None,
            None,
            float(r["lat"]),
            float(r["lon"]),
            0,
            float(r["precision_km"]),
        )
        # our own list's other names of a region are those news gives it ("Gaza" for the Gaza Strip), not
        # a gazetteer's alternates of every kind (surnames, old spellings): its names. A river's or a sea's
        # other name stays one: written as a town would be, "Dnipro" is the city (water_by_other_name)
        for alias in filter(None, r["aliases"].split("|")):
            b.name(alias, pid, ALT if r["feature"] == "water" else NAME)
    ids: dict[str, int] = {}
    for pid, name in b.con.execute("SELECT id, name FROM places WHERE feature = 'region' ORDER BY id"):
        ids.setdefault(normalize(name), pid)
    for row in resource_rows("region_names.csv"):
        pid = ids.get(normalize(row["region"]))
        if pid is not None:
            b.name(row["name"], pid, KINDS[row["kind"]])


#: a place this populous keeps its name to itself: no region of Natural Earth is added under it
_TAKEN_POPULATION = 100_000


def add_natural_regions(b: Builder) -> None:
    """Add Natural Earth's islands, archipelagos, peninsulas, deserts and ranges that the gazetteer lacks.

    A region is left out when a place the gazetteer has already goes by one of its names and is
    a country, a region or water body, or a division or city of 100,000 or more in the region's
    own country (any country, for a region that spans several): "Japan" the archipelago is the
    country, "Tasmania" the island is the state, "Gold Coast" is the city. "Long Island" the
    island of New York comes in beside the district of the Bahamas.
    """
    b.flush()
    for r in resource_rows("ne_regions.csv"):
        names = [r["name"], *filter(None, r["aliases"].split("|"))]
        if any(_taken(b, name, r["cc"] or None) for name in names):
            continue
        pid = b.place(
            f"naturalearth:{r['kind']}:{slug(r['name'])}",
            r["name"],
            "region",
            r["cc"] or None,
            None,
            float(r["lat"]),
            float(r["lon"]),
            0,
            float(r["precision_km"]),
        )
        for alias in names[1:]:
            b.name(alias, pid, ALT)


def _taken(b: Builder, name: str, cc: str | None) -> bool:
    """Whether a place the gazetteer has goes by ``name`` and keeps it (see :func:`add_natural_regions`)."""
    rows = b.con.execute(
        "SELECT p.feature, p.cc, p.population FROM names n JOIN places p ON p.id = n.place "
        "WHERE n.key = ? AND n.kind IN (?, ?)",
        (normalize(name), NAME, ALT),
    ).fetchall()
    for feature, place_cc, population in rows:
        if feature in ("country", "region", "water"):
            return True
        if (cc is None or place_cc == cc) and (feature in ("admin1", "admin2") or population >= _TAKEN_POPULATION):
            return True
    return False
