"""Regions: the continents of GeoNames, and our lists of regions, seas and landmarks.

Our lists (``geomap/resources``): ``regions.csv`` (regions and water bodies), ``landmarks.csv``
(places news names for who sits there: "the Kremlin"), ``region_names.csv`` (the regions'
other names: "the EU", "European").
"""

from __future__ import annotations

from .._names import normalize
from .writer import ALT, KINDS, Builder, resource_rows, slug


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
        for alias in filter(None, r["aliases"].split("|")):
            b.name(alias, pid, ALT)
    ids: dict[str, int] = {}
    for pid, name in b.con.execute("SELECT id, name FROM places WHERE feature = 'region' ORDER BY id"):
        ids.setdefault(normalize(name), pid)
    for row in resource_rows("region_names.csv"):
        pid = ids.get(normalize(row["region"]))
        if pid is not None:
            b.name(row["name"], pid, KINDS[row["kind"]])
