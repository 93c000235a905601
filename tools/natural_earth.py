"""Derive geomap's compact Natural Earth files (``geomap/resources/ne_*.geojson``) from Natural Earth.

    python tools/natural_earth.py DIR

``DIR`` holds Natural Earth layers in any format GDAL reads, under their own names (the GeoJSON
of github.com/martynafford/natural-earth-geojson, or the shapefiles of naturalearthdata.com):

- ``ne_50m_admin_1_states_provinces``: the outlines of the first-level divisions Natural Earth
  draws at 1:50m (the states and provinces of the United States, Canada, Australia and Brazil),
  written to ``ne_admin1.geojson`` as ISO 3166-2 code, name and simplified outline;
- ``ne_10m_geography_regions_polys``: islands, archipelagos, peninsulas, deserts, mountain
  ranges, plateaus, plains, basins, deltas and valleys, written to ``ne_regions.csv`` as name,
  other names, kind, country (an island's, peninsula's, delta's or valley's, when one country
  holds most of its label area; a range or desert may span several), its label point and a
  precision (the radius of a circle of its label area, at least the kind's own). Natural
  Earth's labels are cartographic: capitals are undone, abbreviations written out ("Long I." ->
  "Long Island"), an okina or apostrophe inside a word also dropped ("O'ahu" -> "Oahu"); a name
  made only of direction and kind words ("Central Highlands", "Coastal Plain") is left out:
  news uses those of many places.

Natural Earth is in the public domain (https://www.naturalearthdata.com/about/terms-of-use/).
The gazetteer build reads the derived files; nothing reads Natural Earth at run time.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from pathlib import Path

import geopandas as gpd
import shapely

OUT = Path(__file__).resolve().parent.parent / "geomap" / "resources"
#: degrees: the outlines' simplification (about 5 km) and coordinate grid
TOLERANCE, GRID = 0.05, 0.01


def _layer(folder: Path, name: str) -> gpd.GeoDataFrame:
    """The layer ``name`` in ``folder``, whatever GDAL format it is in."""
    for path in sorted(folder.glob(name + ".*")):
        if path.suffix.lower() in {".json", ".geojson", ".shp", ".gpkg", ".zip"}:
            return gpd.read_file(path).to_crs(4326)
    raise SystemExit(f"natural_earth: no {name} layer in {folder}")


def _outline(geom) -> dict:
    """A simplified outline on a 0.01 degree grid, as a GeoJSON geometry."""
    g = shapely.set_precision(shapely.simplify(geom, TOLERANCE, preserve_topology=True), GRID)
    return json.loads(shapely.to_geojson(g))


def admin1(folder: Path) -> dict:
    """The first-level divisions of the 1:50m layer, keyed by ISO 3166-2 code."""
    layer = _layer(folder, "ne_50m_admin_1_states_provinces")
    features = []
    for r in layer.sort_values("iso_3166_2").itertuples():
        code = str(r.iso_3166_2 or "")
        if len(code) < 4 or "~" in code or r.geometry is None:  # "AU-X02~": no ISO code
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": r.name},
                "geometry": _outline(r.geometry),
            }
        )
    return {
        "type": "FeatureCollection",
        "source": "Natural Earth 1:50m admin-1 (public domain), simplified by tools/natural_earth.py",
        "features": features,
    }


#: Natural Earth's kinds of region kept, and the gazetteer's word for each in the ``kind`` column
KINDS = {
    "Island": "island",
    "Island group": "islands",
    "Pen/cape": "peninsula",
    "Peninsula": "peninsula",
    "Desert": "desert",
    "Range/mtn": "mountains",
    "Plateau": "plateau",
    "Plain": "plain",
    "Basin": "basin",
    "Delta": "delta",
    "Valley": "valley",
    "Geoarea": "area",
}
#: km: the least precision of each kind (Natural Earth's polygons are label areas, often smaller than the place)
LEAST_KM = {"island": 10, "islands": 50, "peninsula": 50, "delta": 50, "valley": 50, "mountains": 100}
ONE_COUNTRY = {"island", "islands", "peninsula", "delta", "valley"}
DEFAULT_LEAST_KM = 200  # deserts, plateaus, plains, basins, areas
#: label abbreviations, written out
_ABBREVIATIONS = {
    "I.": "Island",
    "Is.": "Islands",
    "Isands": "Islands",
    "Mts.": "Mountains",
    "Mt.": "Mount",
    "Ra.": "Range",
    "Pen.": "Peninsula",
    "Pén.": "Péninsule",
    "Plat.": "Plateau",
    "Arch.": "Archipelago",
    "N.": "North",
    "S.": "South",
    "E.": "East",
    "W.": "West",
}
_SMALL = {"of", "de", "des", "du", "la", "le", "el", "al", "and", "the", "da", "do", "dos", "del"}
#: words that say where or what, not which: a name of these alone is no one place
_GENERIC = {
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "coastal",
    "great", "greater", "lesser", "upper", "lower", "island", "islands", "mountains", "range", "desert",
    "plateau", "plain", "plains", "lowland", "upland", "highlands", "coast", "valley", "basin", "delta",
    "peninsula", "slope", "sea", "shield", "dome", "land", "steppe",
}  # fmt: skip
_INNER_APOSTROPHE = re.compile(r"(?<=\w)[‘’'](?=\w)")


def clean_name(label: str) -> str:
    """A Natural Earth label as news writes the name: "LONG I." -> "Long Island", "ALPS" -> "Alps"."""
    words = label.split()
    if label.isupper():  # capitals carry a macron as an umlaut: "HONSHÜ" is Honshū
        words = [w.replace("Ü", "Ū").replace("Ö", "Ō") for w in words]
        words = [w.lower() if i and w.lower() in _SMALL else w.capitalize() for i, w in enumerate(words)]
    return " ".join(_ABBREVIATIONS.get(w, _ABBREVIATIONS.get(w.capitalize(), w)) for w in words)


def _generic(name: str) -> bool:
    return all(w in _GENERIC for w in re.findall(r"\w+", name.lower()))


def regions(folder: Path) -> list[dict]:
    """Natural Earth's physical regions as rows of ``ne_regions.csv``."""
    from geomap.gazetteer import Gazetteer

    layer = _layer(folder, "ne_10m_geography_regions_polys")
    layer = layer[layer.featurecla.isin(KINDS)]
    countries = gpd.GeoDataFrame(
        [{"cc": cc, "geometry": shapely.from_geojson(g)} for cc, _, g in Gazetteer.open().shapes()], crs=4326
    )
    equal_area = "+proj=cea"  # for areas
    rows, seen = [], set()
    for r in layer.sort_values(["scalerank", "name"]).itertuples():
        name = clean_name(r.name)
        if _generic(name) or name.lower() in seen or r.geometry is None:
            continue
        seen.add(name.lower())
        aliases = [clean_name(a) for a in str(r.namealt or "").split("|") if a and a != "None" and a != "nan"]
        aliases += [_INNER_APOSTROPHE.sub("", n) for n in [name, *aliases] if _INNER_APOSTROPHE.search(n)]
        shape = gpd.GeoSeries([r.geometry], crs=4326)
        area = float(shape.to_crs(equal_area).area.iloc[0])
        share = countries.intersection(r.geometry).to_crs(equal_area).area / max(area, 1.0)
        kind = KINDS[r.featurecla]
        one_country = kind in ONE_COUNTRY and len(share) and share.max() >= 0.5
        cc = countries.cc[share.idxmax()] if one_country else ""
        point = r.geometry.representative_point()
        rows.append(
            {
                "name": name,
                "aliases": "|".join(dict.fromkeys(a for a in aliases if a != name)),
                "kind": kind,
                "cc": cc if len(cc) == 2 else "",
                "lat": round(point.y, 4),
                "lon": round(point.x, 4),
                "precision_km": round(max(LEAST_KM.get(kind, DEFAULT_LEAST_KM), (area / 3.14159) ** 0.5 / 1000), 1),
            }
        )
    return rows


def _write_csv(rows: list[dict], name: str) -> None:
    path = OUT / name
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(
            "# Natural Earth 1:10m physical regions (public domain), derived by tools/natural_earth.py: do not edit.\n"
            "# The label point; precision_km: the radius of a circle of the label area, at least the kind's least.\n"
        )
        w = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    print(f"natural_earth: wrote {path} ({len(rows)} rows, {path.stat().st_size // 1024} KB)")


def _write(data: dict, name: str) -> None:
    path = OUT / name
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"natural_earth: wrote {path} ({len(data['features'])} features, {path.stat().st_size // 1024} KB)")


def main() -> None:
    """Write the derived files."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path, help="a folder of Natural Earth layers")
    args = ap.parse_args()
    _write(admin1(args.folder), "ne_admin1.geojson")
    _write_csv(regions(args.folder), "ne_regions.csv")


if __name__ == "__main__":
    main()
