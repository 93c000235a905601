"""The places table in every export format: GeoJSON (lines, sequences), GeoPackage, CSV, GeoParquet.

:func:`write_table` and :func:`read_table` choose the format from the file's extension, as
geopandas' ``to_file``/``read_file`` choose a driver.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..errors import InputError
from .files import atomic_path, atomic_write, format_for, json_lines
from .geojson import from_geojson_dict, geojson_lines, read_geojson, to_geojson
from .schema import ALTERNATIVE_FIELDS, CRS, LIST_COLUMNS, SCHEMA, from_flat, require_table


def flat_table(gdf):
    """The table with list columns as JSON text, for formats without list types (GPKG, CSV, Parquet)."""
    out = gdf.copy()
    for c in LIST_COLUMNS:
        out[c] = [json.dumps(v, ensure_ascii=False) if v is not None else None for v in out[c]]
    return out


def _arrow_types() -> dict:
    """The Parquet types of the list columns: lists of text and of records, not JSON text."""
    import pyarrow as pa

    mention = pa.struct([("text", pa.string()), ("start", pa.int64()), ("end", pa.int64()), ("kind", pa.string())])
    evidence = pa.struct(
        [
            ("role", pa.string()),
            ("text", pa.string()),
            ("start", pa.int64()),
            ("end", pa.int64()),
            ("mention", pa.string()),
            ("mention_start", pa.int64()),
            ("trigger", pa.string()),
            ("confidence", pa.float64()),
        ]
    )
    numbers = ("lat", "lon", "probability")
    alternative = pa.struct([(f, pa.float64() if f in numbers else pa.string()) for f in ALTERNATIVE_FIELDS])
    return {
        "mentions": pa.list_(mention),
        "roles": pa.list_(pa.string()),
        "evidence": pa.list_(evidence),
        "alternatives": pa.list_(alternative),
    }


def _write_geoparquet(gdf, path: str) -> None:
    """GeoParquet with every column of a fixed Arrow type.

    The list columns are native lists (of text, of records) that DuckDB, Polars and Spark read as
    such; text columns are strings. Fixed types also give every part of a partitioned dataset
    one schema (a column all null in one part would otherwise get Arrow's null type). geopandas
    writes the other columns (and the GeoParquet metadata); the lists are added with their types.
    """
    import io as _io

    import pyarrow as pa
    import pyarrow.parquet as pq

    lists = _arrow_types()
    rest = gdf.drop(columns=list(lists))
    for c, (kind, _) in SCHEMA.items():
        if c not in lists and kind.startswith("str"):
            rest[c] = rest[c].astype("string")
    buffer = _io.BytesIO()
    rest.to_parquet(buffer, index=False)
    table = pq.read_table(pa.BufferReader(buffer.getvalue()))
    for c, kind in lists.items():
        values = pa.array([v if v is not None else [] for v in gdf[c]], type=kind)
        table = table.add_column(list(gdf.columns).index(c), c, values)
    pq.write_table(table, path)


def write_table(gdf, path: str | os.PathLike, *, fmt: str | None = None, overwrite: bool = False) -> Path:
    """Write the places table to ``path`` in ``fmt`` (or the format of its extension).

    Formats: ``geojson`` (RFC 7946), ``geojsonseq`` (RFC 8142), ``gpkg`` (GeoPackage),
    ``csv`` (WKT geometry, lon/lat columns) and ``parquet`` (GeoParquet). GeoParquet keeps the
    list columns as Parquet lists (of text, of records); GeoPackage and CSV, which have no list
    type, as JSON text. An existing file is kept (:class:`~geomap.errors.OutputError`) unless
    ``overwrite=True``, as the command line asks for ``--force``; :func:`to_geojson` does the same.
    The file is written whole or not at all.
    """
    fmt = format_for(path, fmt)
    require_table(gdf)
    if fmt == "geojson":
        return atomic_write(path, to_geojson(gdf) + "\n", overwrite=overwrite)
    if fmt in ("geojsonl", "geojsonseq"):
        return atomic_write(path, geojson_lines(gdf, rs=fmt == "geojsonseq"), overwrite=overwrite)
    flat = flat_table(gdf)
    if fmt == "gpkg":
        return atomic_path(
            path, lambda tmp: flat.to_file(tmp, driver="GPKG", layer="places", engine="pyogrio"), overwrite=overwrite
        )
    if fmt == "parquet":
        return atomic_path(path, lambda tmp: _write_geoparquet(gdf, tmp), overwrite=overwrite)
    return atomic_write(path, frame_text(flat, "csv"), overwrite=overwrite)


def frame_text(gdf, fmt: str) -> str:
    """A GeoDataFrame with plain columns (no lists) as text: GeoJSON, one Feature a line, or CSV.

    CSV has the point as ``lon`` and ``lat`` columns (empty when there is none), after the others.
    """
    if fmt == "csv":
        located = [g is not None and not g.is_empty for g in gdf.geometry]
        return (
            gdf.drop(columns="geometry")
            .assign(
                lon=[g.x if ok else None for g, ok in zip(gdf.geometry, located, strict=True)],
                lat=[g.y if ok else None for g, ok in zip(gdf.geometry, located, strict=True)],
            )
            .to_csv(index=False)
        )
    data = json.loads(gdf.to_crs("EPSG:4326").to_json(drop_id=True, na="null"))
    if fmt == "geojson":
        return json.dumps({"type": "FeatureCollection", "features": data["features"]}, ensure_ascii=False) + "\n"
    if fmt in ("geojsonl", "geojsonseq"):
        start = "\x1e" if fmt == "geojsonseq" else ""
        return "".join(start + json.dumps(f, ensure_ascii=False) + "\n" for f in data["features"])
    raise InputError(f"format {fmt!r} is binary: pass a file as output=")


def write_frame(gdf, path: str | os.PathLike, *, fmt: str | None = None, overwrite: bool = False) -> Path:
    """Write a GeoDataFrame with plain columns (the mentions table) in any export format."""
    fmt = format_for(path, fmt)
    if fmt == "gpkg":
        return atomic_path(
            path, lambda tmp: gdf.to_file(tmp, driver="GPKG", layer="mentions", engine="pyogrio"), overwrite=overwrite
        )
    if fmt == "parquet":
        return atomic_path(path, lambda tmp: gdf.to_parquet(tmp, index=False), overwrite=overwrite)
    return atomic_write(path, frame_text(gdf, fmt), overwrite=overwrite)


def read_table(path: str | os.PathLike, *, fmt: str | None = None):
    """Read a places table back from any format :func:`write_table` writes.

    A folder is read as a partitioned GeoParquet dataset (what ``geomap batch --engine dask``
    writes). List columns stored as JSON text come back as lists.

    Raises
    ------
    InputError
        If the file is missing, unreadable, or not a geomap places table.
    """
    import geopandas as gpd
    import pandas as pd

    p = Path(path)
    if not p.exists():
        raise InputError(f"no such file: {str(p)!r}")
    fmt = format_for(p, "parquet" if p.is_dir() else fmt)
    if fmt == "geojson":
        return read_geojson(p)
    try:
        if fmt in ("geojsonl", "geojsonseq"):
            lines = json_lines(p.read_text(encoding="utf-8").replace("\x1e", "\n"))
            features = [json.loads(line) for line in lines if line.strip()]
            return from_geojson_dict({"type": "FeatureCollection", "features": features})
        if fmt == "parquet":
            gdf = gpd.read_parquet(p)
        elif fmt == "gpkg":
            gdf = gpd.read_file(p, layer="places", engine="pyogrio")
        else:
            df = pd.read_csv(p, dtype=str, keep_default_na=False, na_values=[""])
            lon, lat = pd.to_numeric(df.pop("lon")), pd.to_numeric(df.pop("lat"))
            gdf = gpd.GeoDataFrame(df, geometry=gpd.points_from_xy(lon, lat), crs=CRS)
            gdf.loc[lon.isna() | lat.isna(), "geometry"] = None
        return from_flat(gdf)
    except InputError as exc:
        raise InputError(f"{str(p)!r}: {exc}") from None
    except Exception as exc:  # every reader has its own errors: report them as bad input
        raise InputError(f"cannot read {str(p)!r} as {fmt}: {exc}") from None
