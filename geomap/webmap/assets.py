"""Leaflet and its plugins inlined in the page: a map needs no network for its code."""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def leaflet_assets() -> str:
    """Leaflet's CSS and JS, inlined (images as data URIs): maps need no network for code."""
    root = resources.files("geomap.static").joinpath("leaflet")
    css = root.joinpath("leaflet.css").read_text(encoding="utf-8")

    def data_uri(match: re.Match) -> str:
        name = match.group(1)
        f = root.joinpath("images/" + name)
        if not f.is_file():
            return "url()"
        return "url(data:image/png;base64," + base64.b64encode(f.read_bytes()).decode("ascii") + ")"

    css = re.sub(r"url\(images/([\w.-]+)\)", data_uri, css)
    js = root.joinpath("leaflet.js").read_text(encoding="utf-8").replace("</script", "<\\/script")
    return f"<style>{css}</style>\n<script>{js}</script>"


@lru_cache(maxsize=1)
def markercluster_assets() -> str:
    """Leaflet.markercluster and Leaflet.FeatureGroup.SubGroup, inlined: multi-story maps cluster with no network."""
    root = resources.files("geomap.static").joinpath("markercluster")

    def read(name: str) -> str:
        return root.joinpath(name).read_text(encoding="utf-8").replace("</script", "<\\/script")

    css = read("MarkerCluster.css") + "\n" + read("MarkerCluster.Default.css")
    js = read("leaflet.markercluster.js") + "\n" + read("leaflet.featuregroup.subgroup.js")
    return f"<style>{css}</style>\n<script>{js}</script>"


def stylesheet() -> str:
    """The CSS of geomap's own elements (popups, labels, legend, title, slider)."""
    return resources.files("geomap.static").joinpath("geomap.css").read_text(encoding="utf-8")
