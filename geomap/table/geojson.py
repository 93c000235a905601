"""The places table as RFC 7946 GeoJSON (lon/lat order, no ``crs`` member, lists as JSON arrays).

:func:`to_geojson` and :func:`read_geojson` round-trip the table exactly; :func:`geojson_lines`
writes one Feature a line (``.geojsonl``), or after an RS character (RFC 8142, ``.geojsons``).
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

import geopandas as gpd
import pandas as pd

from ..errors import InputError
from .files import atomic_write
from .schema import SCHEMA, build_frame, require_table


def _jsonable(value):
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def to_geojson_dict(gdf: gpd.GeoDataFrame) -> dict:
    """The table as an RFC 7946 FeatureCollection (a dict)."""
    require_table(gdf)
    features = []
    for row in gdf.itertuples(index=False):
        props = {c: _jsonable(getattr(row, c)) for c in SCHEMA}
        geom = row.geometry
        geometry = None if geom is None or geom.is_empty else {"type": "Point", "coordinates": [geom.x, geom.y]}
        features.append({"type": "Feature", "properties": props, "geometry": geometry})
    return {"type": "FeatureCollection", "features": features}


def to_geojson(
    gdf: gpd.GeoDataFrame, path: str | os.PathLike | None = None, *, overwrite: bool = False, indent: int | None = None
) -> str | None:
    """Write the table as RFC 7946 GeoJSON.

    Parameters
    ----------
    gdf : GeoDataFrame
        A places table.
    path : path-like, optional
        Where to write; if omitted the GeoJSON text is returned.
    overwrite : bool, default False
        Replace an existing file; if False, an existing file is kept (:class:`geomap.errors.OutputError`).
    indent : int, optional
        Pretty-print with this indent.

    Returns
    -------
    str or None
        The GeoJSON text when ``path`` is None.
    """
    text = json.dumps(to_geojson_dict(gdf), ensure_ascii=False, indent=indent, allow_nan=False)
    if path is None:
        return text
    atomic_write(path, text + "\n", overwrite=overwrite)
    return None


def from_geojson_dict(data) -> gpd.GeoDataFrame:
    """Read a places table back from a FeatureCollection dict."""
    if (
        not isinstance(data, dict)
        or data.get("type") != "FeatureCollection"
        or not isinstance(data.get("features"), list)
    ):
        raise InputError("not a GeoJSON FeatureCollection")
    rows = []
    for i, f in enumerate(data["features"]):
        props = (f or {}).get("properties") or {}
        missing = [c for c in ("place", "role") if c not in props]
        if missing:
            raise InputError(f"feature {i} is not a geomap place (no {', '.join(missing)})")
        geom = f.get("geometry")
        row = dict(props)
        if geom:
            if geom.get("type") != "Point" or len(geom.get("coordinates") or []) < 2:
                raise InputError(f"feature {i}: geometry must be a Point")
            row["lon"], row["lat"] = geom["coordinates"][:2]
        rows.append(row)
    return build_frame(rows)


def read_geojson(source: str | os.PathLike) -> gpd.GeoDataFrame:
    """Read a places table from a GeoJSON file written by :func:`to_geojson`.

    Raises
    ------
    InputError
        If the file is missing, not JSON, or not a geomap places table.
    """
    p = Path(source)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(f"no such file: {str(p)!r}") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read {str(p)!r} as GeoJSON: {exc}") from None
    try:
        return from_geojson_dict(data)
    except InputError as exc:
        raise InputError(f"{str(p)!r}: {exc}") from None


def geojson_lines(gdf, *, rs: bool = False) -> str:
    """The table as one GeoJSON Feature a line; ``rs``: each after an RS character (RFC 8142)."""
    start = "\x1e" if rs else ""
    feats = to_geojson_dict(gdf)["features"]
    return "".join(start + json.dumps(f, ensure_ascii=False, allow_nan=False) + "\n" for f in feats)
