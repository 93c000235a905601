"""The places table: its schema, its GeoJSON form, its file formats, and safe writing, in one home.

==================  ==========================================================================
:mod:`.schema`      the columns (:data:`SCHEMA`), building and checking a table, the mentions table
:mod:`.geojson`     RFC 7946 GeoJSON, lossless both ways; one Feature a line
:mod:`.formats`     :func:`write_table` / :func:`read_table` in every format, by file extension
:mod:`.files`       atomic writes, format names (light: no pandas)
==================  ==========================================================================

Dependencies run one way: files <- schema <- geojson <- formats. Names are imported lazily
(``from geomap.table import FORMATS`` does not import geopandas).
"""

from __future__ import annotations

from importlib import import_module

#: public name -> the submodule that defines it
_HOMES = {
    **dict.fromkeys(
        ("CRS", "SCHEMA", "COLUMNS", "MENTION_COLUMNS", "require_table", "empty_frame", "build_frame", "from_flat",
         "mentions_table"),
        "schema",
    ),
    **dict.fromkeys(
        ("to_geojson", "to_geojson_dict", "read_geojson", "from_geojson_dict", "geojson_lines"), "geojson"
    ),
    **dict.fromkeys(("write_table", "read_table", "write_frame", "frame_text", "flat_table"), "formats"),
    **dict.fromkeys(
        ("FORMATS", "EXTENSIONS", "format_for", "atomic_write", "atomic_path", "check_target", "json_lines"), "files"
    ),
}  # fmt: skip

__all__ = sorted(_HOMES)


def __getattr__(name: str):
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'geomap.table' has no attribute {name!r}")
    return getattr(import_module(f".{home}", __name__), name)
