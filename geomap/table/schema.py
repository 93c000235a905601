"""The places table: a GeoDataFrame (EPSG:4326) with a fixed, documented schema.

One row per distinct place of an article. Column names are stable (see the README,
"Output schema"). Geometry is a Point at (lon, lat), or missing for a place the text names
but nothing could locate.
"""

from __future__ import annotations

import json
import math

import geopandas as gpd
import pandas as pd
from shapely.geometry import Point

from ..errors import InputError

CRS = "EPSG:4326"

#: the fields of an entry of the ``alternatives`` column (:meth:`geomap.resolve.choose.Choice.alternatives`)
ALTERNATIVE_FIELDS = ("place", "feature", "country", "admin1", "lat", "lon", "probability")

#: column -> (kind, description); the order is the table's column order
SCHEMA: dict[str, tuple[str, str]] = {
    "article": ("str", "id of the source article (file stem, or given)"),
    "date": ("str|null", "the article's date, ISO 8601, when known"),
    "title": ("str|null", "the article's headline, when it has one"),
    "place": ("str", "canonical name of the place"),
    "mentions": ("list", "every mention: {text, start, end, kind} with character offsets into the article"),
    "role": ("str", "primary role (the first in the profile's order that the place holds)"),
    "roles": ("list[str]", "all roles the place holds, most important first"),
    "evidence": ("list", "per role: {role, text, start, end, mention, mention_start, trigger, confidence}"),
    "feature": ("str", "country, admin1, admin2, city, venue, region, water or other"),
    "country": ("str|null", "ISO 3166-1 alpha-2 code of the country that contains the place"),
    "admin1": ("str|null", "first-level division that contains the place, when known"),
    "admin1_code": ("str|null", "ISO 3166-2 code of that division (US-TX, DE-BY), when known"),
    "gazetteer_id": ("str|null", "where the coordinates came from (geonames:524901, user:..., nominatim:...)"),
    "located_by": ("str|null", "for a place no gazetteer knows, placed by the text: the place it was placed at or by"),
    "precision_km": ("float", "radius within which the true location lies (NaN when unresolved)"),
    "geo_precision": (
        "int|null",
        "ACLED-style code: 1 town or finer, 2 part of a region / near a town, 3 region or country",
    ),
    "confidence": ("float", "0..1, how likely the place is right (calibrated on the dev corpora)"),
    "alternatives": (
        "list",
        f"other places the name may be, most likely first: {{{', '.join(ALTERNATIVE_FIELDS)}}}",
    ),
    "incident_date": ("str|null", "the incident's date (ISO) from the article's date and the text ('on Friday')"),
}
COLUMNS = [*SCHEMA, "geometry"]
LIST_COLUMNS = ("mentions", "roles", "evidence", "alternatives")
#: columns added since tables were first written: a file without them is read with them empty
_ADDED_COLUMNS = ("alternatives",)
_FLOAT_COLUMNS = ("precision_km", "confidence")


def require_table(gdf, what: str = "a places table") -> gpd.GeoDataFrame:
    """``gdf`` if it is a places table (a GeoDataFrame with the schema's columns), else an InputError.

    The functions that take a table (maps, images, exports) call it first, so a wrong argument
    (``render(None)``, a plain DataFrame) is one clear error, not an AttributeError deep inside.
    """
    if not isinstance(gdf, gpd.GeoDataFrame):
        raise InputError(f"expected {what} (a GeoDataFrame from geomap.geoparse), got {type(gdf).__name__}")
    missing = [c for c in ("article", "place", "role", "roles") if c not in gdf.columns]
    if missing:
        raise InputError(f"expected {what}: the GeoDataFrame has no {', '.join(map(repr, missing))} column")
    return gdf


def empty_frame() -> gpd.GeoDataFrame:
    """A places table with no rows (and the full schema)."""
    return gpd.GeoDataFrame({c: pd.Series([], dtype=object) for c in SCHEMA}, geometry=gpd.GeoSeries([], crs=CRS))


def build_frame(rows: list[dict]) -> gpd.GeoDataFrame:
    """Make the places table from row dicts holding the schema's columns plus ``lat`` and ``lon``.

    ``lat``/``lon`` of None give a missing geometry. Points are built as (lon, lat): the
    order is fixed here, once. Each column is built whole, with its type, in one step.
    """
    if not rows:
        return empty_frame()
    data: dict = {c: _column(c, [r.get(c) for r in rows]) for c in SCHEMA}
    # 6 decimals (about 0.1 m): what GeoJSON writes is what is read back
    data["geometry"] = gpd.GeoSeries(
        [
            Point(round(float(r["lon"]), 6), round(float(r["lat"]), 6))
            if r.get("lat") is not None and r.get("lon") is not None
            else None
            for r in rows
        ],
        crs=CRS,
    )
    return gpd.GeoDataFrame(data, geometry="geometry", crs=CRS)


def _missing(v) -> bool:
    return v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v))


def _column(name: str, values: list) -> pd.Series | pd.api.extensions.ExtensionArray:
    """One column of the table with its type: floats (NaN when missing), nullable integers, or objects (None)."""
    if name in _FLOAT_COLUMNS:
        return pd.to_numeric(pd.Series(values, dtype=object), errors="coerce").astype("float64")
    if name == "geo_precision":
        return pd.array([None if _missing(v) else int(v) for v in values], dtype="Int64")
    return pd.Series([None if _missing(v) else v for v in values], dtype=object)


def _typed(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    for c in _FLOAT_COLUMNS:
        gdf[c] = pd.to_numeric(gdf[c], errors="coerce").astype("float64")
    gdf["geo_precision"] = pd.array([None if pd.isna(v) else int(v) for v in gdf["geo_precision"]], dtype="Int64")
    for c in SCHEMA:
        if c not in _FLOAT_COLUMNS and c != "geo_precision":
            gdf[c] = gdf[c].astype(object).where(gdf[c].notna(), None)
    return gdf[COLUMNS].reset_index(drop=True)


def from_flat(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The places table from a file's form of it (list columns as JSON text, or as Parquet lists)."""
    gdf = gdf.copy()
    for c in _ADDED_COLUMNS:  # a table written before the column was
        if c not in gdf.columns:
            gdf[c] = None
    missing = [c for c in COLUMNS if c not in gdf.columns]
    if missing:
        raise InputError(f"not a geomap places table (no {', '.join(missing)})")
    for c in LIST_COLUMNS:
        gdf[c] = [json.loads(v) if isinstance(v, str) else _plain(v) for v in gdf[c]]
    if gdf.crs is None:
        gdf = gdf.set_crs(CRS)
    return _typed(gdf.to_crs(CRS))


#: the columns of the mentions table, one row per mention (:func:`mentions_table`)
MENTION_COLUMNS = ("article", "place", "gazetteer_id", "role", "text", "start", "end", "kind")


def mentions_table(gdf: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """One row per mention of a place, for counting and joining: where each name is in the text.

    Columns: ``article``, ``place``, ``gazetteer_id`` and ``role`` of the place the mention is
    of, the mention's ``text``, its ``start`` and ``end`` offsets in the article and its ``kind``
    (name, demonym, capital, venue), and the place's point (EPSG:4326).
    """
    require_table(gdf)
    records, geoms = [], []
    for row in gdf.itertuples(index=False):
        for m in row.mentions or []:
            records.append(
                {
                    "article": row.article,
                    "place": row.place,
                    "gazetteer_id": row.gazetteer_id,
                    "role": row.role,
                    "text": m["text"],
                    "start": int(m["start"]),
                    "end": int(m["end"]),
                    "kind": m["kind"],
                }
            )
            geoms.append(row.geometry)
    df = pd.DataFrame.from_records(records, columns=list(MENTION_COLUMNS))
    return gpd.GeoDataFrame(df, geometry=gpd.GeoSeries(geoms, crs=CRS), crs=CRS)


def _plain(value):
    """A value read from Parquet as plain Python: arrays as lists, NumPy scalars as numbers."""
    if hasattr(value, "tolist") and not isinstance(value, dict):
        value = value.tolist()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value
