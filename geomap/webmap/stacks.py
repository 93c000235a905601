"""Places at one point: a stack that looks like its most important place and spreads out on a click.

A story often puts several places at one point: the neighbourhoods and the venue it places at
its town, and the town itself. Drawn one on another, only the top marker could be clicked.
On a single story's map, markers that lie within :data:`STACK_PX` pixels of each other are
gathered in a stack (Leaflet.markercluster, inlined): it shows the marker of its most important
place with a count, labelled with all their names; a click spreads the markers in a circle
around the point, each with its own label, tooltip and popup. Markers farther apart at the zoom
shown are never gathered, so the story's geography looks as it would without stacks.

Leaflet.markercluster is also what gathers the markers of several stories
(:func:`marker_cluster`, with the plugin's own cluster icons).
"""

from __future__ import annotations

import folium
from jinja2 import Template

from .. import _elements as el
from .assets import markercluster_assets

#: markers closer than this (in screen pixels, at the zoom shown) are stacked: they would cover each other
STACK_PX = 8

# The icon of a stack, built in the browser from the markers it holds (their icons, labels and
# ``stackOrder``, set from Python): the first place's marker (its shape, and its classes under a
# stack's names: gm-stack-role-<role>, gm-uncertain), a count, and the places' labels joined in
# order. The labels are the markers' own tooltips, escaped in Python: joined, they stay escaped HTML.
_STACK_ICON = """
function (stack) {
  var places = stack.getAllChildMarkers().sort(function (a, b) {
    return a.options.stackOrder - b.options.stackOrder;
  });
  var icon = places[0].options.icon.options, names = [], side = "right";
  places.forEach(function (place, i) {
    var label = place.getTooltip();
    if (!label || !label.options.permanent) { return; }
    if (i === 0) { side = label.options.direction; }
    if (names.indexOf(label.getContent()) < 0) { names.push(label.getContent()); }
  });
  var n = stack.getChildCount();
  var html = icon.html +
    '<span class="gm-stack-count">' + n + "</span>" +
    (names.length ? '<span class="gm-label gm-stack-label gm-stack-' + side + '">' + names.join(", ") + "</span>" : "");
  return L.divIcon({
    html: html,
    className: icon.className.replace("gm-marker", "gm-stack").replace("gm-role-", "gm-stack-role-"),
    iconSize: icon.iconSize,
    iconAnchor: icon.iconAnchor
  });
}
"""


class _Spreading(el.Inert):
    """While a stack is spread: its own count and label hide, each marker's label points away from its centre.

    A stack spread out is marked ``gm-spread``; a label goes back to its side (:func:`_labels
    <geomap.webmap._labels>`) when the stack closes.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.on("spiderfied unspiderfied", function (e) {
  var map = {{ this.map.get_name() }}, spread = e.type === "spiderfied", icon = e.cluster.getElement();
  var centre = map.latLngToLayerPoint(e.cluster.getLatLng()).x;
  if (icon) { L.DomUtil[spread ? "addClass" : "removeClass"](icon, "gm-spread"); }
  e.markers.forEach(function (marker) {
    var label = marker.getTooltip();
    if (!label || !label.options.permanent) { return; }
    if (label.gmSide === undefined) { label.gmSide = label.options.direction; }
    var left = map.latLngToLayerPoint(marker.getLatLng()).x < centre;
    var side = spread ? (left ? "left" : "right") : label.gmSide;
    label.options.direction = side;
    label.options.offset = [side === "left" ? -8 : 8, 0];
    label.update();
  });
});
{% endmacro %}
""")

    def __init__(self, m: folium.Map):
        super().__init__()
        self._name = "Spreading"
        self.map = m


class _Join(el.Inert):
    """Add a layer to the map at this point of the page's script (a layer made earlier, not shown then)."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this.layer.get_name() }}.addTo({{ this._parent.get_name() }});
{% endmacro %}
""")

    def __init__(self, layer: folium.map.Layer):
        super().__init__()
        self._name = "Join"
        self.layer = layer


def marker_cluster(m: folium.Map, *, show: bool = True, **options) -> el.MarkerCluster:
    """A Leaflet.markercluster group on ``m``, its code inlined in the page.

    Markers join it through :class:`~geomap._elements.FeatureGroupSubGroup` sub-groups, so that
    a layer of the layer control still shows and hides its own markers.

    Parameters
    ----------
    m : folium.Map
        The map.
    show : bool, default True
        Whether the group joins the map at once (else it is only made).
    **options
        The group's options (``maxClusterRadius``, ``icon_create_function``...).

    Returns
    -------
    MarkerCluster
    """
    m.get_root().header.add_child(el.Raw(markercluster_assets()), name="markercluster_inline")
    return el.MarkerCluster(control=False, show=show, **options).add_to(m)


def add_stacks(m: folium.Map, pane: str) -> el.MarkerCluster:
    """The stacks of a single story's map: only markers that would cover each other are gathered.

    A click on a stack spreads its markers at any zoom (it never zooms in), at once: stacks do not
    animate, so none is busy (and deaf to clicks) while the map zooms. Each marker given to
    it needs an option ``stackOrder``: the stack looks like the marker with the lowest, and names
    its places in that order. The stacks are made here and join the map at :func:`show_stacks`,
    once every layer has put its markers in them: each stack is drawn once, from all its places.

    Parameters
    ----------
    m : folium.Map
        The map.
    pane : str
        The map pane of the stacks (the most important role's: a stack lies above lone markers).

    Returns
    -------
    MarkerCluster
    """
    stacks = marker_cluster(
        m,
        show=False,
        icon_create_function=_STACK_ICON,
        maxClusterRadius=STACK_PX,
        spiderfyOnEveryZoom=True,
        zoomToBoundsOnClick=False,
        showCoverageOnHover=False,
        clusterPane=pane,
        animate=False,
    )
    _Spreading(m).add_to(stacks)
    return stacks


def show_stacks(m: folium.Map, stacks: el.MarkerCluster) -> None:
    """Put ``stacks`` (:func:`add_stacks`) on the map, after the layers added to ``m`` so far."""
    _Join(stacks).add_to(m)
