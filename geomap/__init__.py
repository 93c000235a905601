"""geomap: map the places of a news story and their roles in it.

>>> import geomap
>>> gdf = geomap.geoparse(open("story.txt").read())      # doctest: +SKIP
>>> m = geomap.render(gdf)                                # doctest: +SKIP
>>> geomap.to_geojson(gdf, "story.geojson")               # doctest: +SKIP

Heavy modules (spaCy, folium) are imported only when the function that needs them is called.
"""

from __future__ import annotations

from ._version import __version__

__all__ = [
    "Article",
    "GeomapError",
    "analyse",
    "geoparse",
    "geoparse_many",
    "analyse_many",
    "load_profile",
    "fragment",
    "explain",
    "mentions_table",
    "read_geojson",
    "read_table",
    "render",
    "to_geojson",
    "write_table",
    "__version__",
]


def __getattr__(name: str):
    # lazy public API: exporting GeoJSON must not import folium, and nothing loads spaCy early
    if name in ("geoparse", "geoparse_many", "analyse", "analyse_many"):
        from . import pipeline

        return getattr(pipeline, name)
    if name in ("render", "fragment"):
        # the map module is geomap.webmap: a submodule named "render" would replace this function
        # on the package the first time it is imported
        from . import webmap

        return getattr(webmap, name)
    if name in ("to_geojson", "read_geojson", "write_table", "read_table", "mentions_table"):
        from . import table

        return getattr(table, name)
    if name == "explain":
        from .explain import explain

        return explain
    if name == "load_profile":
        from .profile import load_profile

        return load_profile
    if name == "Article":
        from .article import Article

        return Article
    if name == "GeomapError":
        from .errors import GeomapError

        return GeomapError
    raise AttributeError(f"module 'geomap' has no attribute {name!r}")
