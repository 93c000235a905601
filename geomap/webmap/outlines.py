"""Outlines on the map: the offline basemap, and the story's countries and divisions shaded by role.

The outlines (Natural Earth, simplified: countries, and the states and provinces the gazetteer
has outlines of) come from the gazetteer; they are drawn in panes of
their own, below the markers, and do not take clicks.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import folium
import geopandas as gpd
from jinja2 import Template

from .. import _elements as el
from ..profile import Profile
from .markers import role_rank

if TYPE_CHECKING:
    from ..gazetteer import Gazetteer

_SHAPE_STYLE = Template("""
{% macro script(this, kwargs) %}
(function () {
  var pane = {{ this._parent.get_name() }}.getPane({{ this.pane|tojson }}) ||
    {{ this._parent.get_name() }}.createPane({{ this.pane|tojson }});
  pane.style.zIndex = {{ this.z_index }};
  pane.style.pointerEvents = "none";
  L.geoJSON({{ this.data|tojson }}, {
    pane: {{ this.pane|tojson }}, interactive: false,
    style: function (f) { return f.properties.style; }
  }).addTo({{ this._parent.get_name() }});
})();
{% endmacro %}
""")


class _Shapes(el.Inert):
    """Polygons drawn in their own pane, below the markers, styled per feature, not clickable."""

    _template = _SHAPE_STYLE

    def __init__(self, features: list[dict], *, pane: str, z_index: int):
        super().__init__()
        self._name = "Shapes"
        self.data = {"type": "FeatureCollection", "features": features}
        self.pane = pane
        self.z_index = int(z_index)


def _feature(geometry: str, style: dict) -> dict:
    """A GeoJSON Feature of ``geometry`` (GeoJSON text) drawn with ``style``."""
    return {"type": "Feature", "geometry": json.loads(geometry), "properties": {"style": style}}


def add_basemap(m: folium.Map, gaz: Gazetteer) -> None:
    """Add country outlines on a sea-blue background: a map that shows coastlines and borders with no tiles."""
    style = {"color": "#8a8a8a", "weight": 0.6, "fillColor": "#f3f1ec", "fillOpacity": 1.0}
    _Shapes([_feature(g, style) for _, _, g in gaz.shapes()], pane="basemap", z_index=150).add_to(m)
    m.get_root().header.add_child(el.Raw("<style>.leaflet-container{background:#cfe2ee}</style>"), name="sea")


def shade_places(m: folium.Map, gaz: Gazetteer, located: gpd.GeoDataFrame, prof: Profile) -> set:
    """Shade the story's countries, and its divisions that have outlines, in the colour of their primary role.

    Returns
    -------
    set
        The index labels of the rows whose outline is drawn (their extent needs no halo).
    """
    shades: dict[str, tuple[tuple, int, str]] = {}  # outline -> (drawing order, rank, colour of its primary role)
    outlined = set()
    for idx, row in located.iterrows():
        outline = gaz.outline(row["feature"], row["country"], row.get("admin1"))
        if outline is None:
            continue
        outlined.add(idx)
        rank = role_rank(prof, row["role"])
        if outline not in shades or rank < shades[outline][1]:
            # countries first, then divisions, each by code: a division's shade lies over its country's
            code = row["country"] if row["feature"] == "country" else gaz.admin1_code(row["country"], row["admin1"])
            shades[outline] = ((row["feature"] != "country", code), rank, prof.roles[rank].color)
    feats = [
        _feature(g, {"color": c, "weight": 1.2, "fillColor": c, "fillOpacity": 0.16})
        for g, (_, _, c) in sorted(shades.items(), key=lambda kv: kv[1][0])
    ]
    if feats:
        _Shapes(feats, pane="countries", z_index=350).add_to(m)
    return outlined
