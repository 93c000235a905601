"""Folium elements that never compile their output as a template.

branca renders a ``MacroElement`` by calling its macros and wrapping each result in
``Element(result)``, which compiles the *rendered* text as a Jinja2 template a second time;
``Element(text)`` does the same to any text it is given. Text from an article, a user
gazetteer or a profile that holds ``{{``, ``{%`` or ``{#`` is then run as template code
(``{{ cycler.__init__.__globals__.os... }}`` reaches the ``os`` module) or fails to compile.

Every element geomap puts on a map is one of these instead: each template is written here or
in folium, is compiled once, and receives untrusted text only as a variable. What a macro
renders is added to the page as :class:`Raw` text, which is never parsed again.
"""

from __future__ import annotations

import folium
from branca.element import Element, Figure, MacroElement
from folium.plugins.feature_group_sub_group import FeatureGroupSubGroup as _SubGroup
from folium.plugins.marker_cluster import MarkerCluster as _MarkerCluster
from jinja2 import Template


class Raw(Element):
    """Literal HTML, CSS or JavaScript: rendered as given, never compiled as a template."""

    def __init__(self, text: str):
        super().__init__()
        self._name = "Raw"
        self.text = str(text)

    def render(self, **kwargs) -> str:
        """The text as given."""
        return self.text


class Inert(MacroElement):
    """A ``MacroElement`` whose rendered macros are added to the page as :class:`Raw` text.

    Mixed in after a folium class (``class Marker(folium.Marker, Inert)``) it takes the place of
    ``MacroElement.render`` in that class's method order, so the folium class's own ``render``
    (which adds its children first) still runs.
    """

    def render(self, **kwargs) -> None:
        """Render the macros once; their output goes to the page as literal text."""
        figure = self.get_root()
        if not isinstance(figure, Figure):
            raise TypeError(f"{type(self).__name__} can be rendered only inside a Figure")
        module = self._template.module.__dict__
        for part in ("header", "html", "script"):
            macro = module.get(part)
            if macro is not None:
                getattr(figure, part).add_child(Raw(macro(self, kwargs)), name=self.get_name())
        for child in self._children.values():
            child.render(**kwargs)


class Map(folium.Map, Inert):
    """``folium.Map`` rendered inertly."""


class TileLayer(folium.TileLayer, Inert):
    """``folium.TileLayer`` rendered inertly."""


class FeatureGroup(folium.FeatureGroup, Inert):
    """``folium.FeatureGroup`` rendered inertly; its name reaches the page only as data."""


class Marker(folium.Marker, Inert):
    """``folium.Marker`` rendered inertly."""


class DivIcon(folium.DivIcon, Inert):
    """``folium.DivIcon`` rendered inertly."""


class Circle(folium.Circle, Inert):
    """``folium.Circle`` rendered inertly."""


class PolyLine(folium.PolyLine, Inert):
    """``folium.PolyLine`` rendered inertly."""


class CustomPane(folium.map.CustomPane, Inert):
    """``folium.map.CustomPane`` rendered inertly."""


class LayerControl(folium.LayerControl, Inert):
    """``folium.LayerControl`` rendered inertly: layer names (story titles, role labels) are data."""


class MarkerCluster(_MarkerCluster, Inert):
    """``folium.plugins.MarkerCluster`` rendered inertly, with no CDN links (the map inlines its code)."""

    default_js: list = []
    default_css: list = []


class FeatureGroupSubGroup(_SubGroup, Inert):
    """``folium.plugins.FeatureGroupSubGroup`` rendered inertly, with no CDN link (the map inlines its code)."""

    default_js: list = []


class FitView(Inert):
    """The map's first view, set again when the map's size changes, until the reader touches the map.

    The view is the bounds of the places shown (fitted with ``padding``), or, for one place or a
    few at one spot, a centre and a zoom. A map in an ``<iframe srcdoc>`` (the embed snippet,
    ``geomap serve``'s page) may run before the page around it is laid out, while that page's
    stylesheet still loads: the map is then 0 pixels wide (or the 300 of an unstyled frame).
    Leaflet keeps the size it read then, so the bounds fitted are the wrong view, and layers
    that draw only what is in view (the stacks, the clusters of several stories) draw nothing.
    So each time the map's container changes size (a ``ResizeObserver``; the window's
    ``resize`` and ``load`` events where there is none) the map reads its size again, the view
    is set again until the reader first touches the map, and those layers are told to draw.

    Parameters
    ----------
    bounds : list of two [lat, lon] pairs, optional
        South-west and north-east corners to show.
    location : [lat, lon], optional
        The centre, when there are no bounds.
    zoom : int, default 10
        The zoom at ``location``.
    padding : tuple of int, default (30, 30)
        Pixels kept free around ``bounds``.
    """

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            (function (map) {
                var box = map.getContainer(), touched = false, late = false;
                function fit() {
                    map.invalidateSize(false);
                    var size = map.getSize();
                    if (touched || !(size.x > 0 && size.y > 0)) return;
                    {% if this.bounds %}
                    map.fitBounds({{ this.bounds|tojson }}, {{ this.options|tojson }});
                    {% else %}
                    map.setView({{ this.location|tojson }}, {{ this.zoom|tojson }});
                    {% endif %}
                    if (late) map.fire("moveend");
                }
                ["mousedown", "touchstart", "wheel", "keydown"].forEach(function (name) {
                    box.addEventListener(name, function () { touched = true; }, {passive: true, once: true});
                });
                fit();
                late = true;
                if (window.ResizeObserver) {
                    new ResizeObserver(fit).observe(box);
                } else {
                    window.addEventListener("resize", fit);
                    window.addEventListener("load", fit);
                }
            })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        *,
        bounds: list[list[float]] | None = None,
        location: list[float] | None = None,
        zoom: int = 10,
        padding: tuple[int, int] = (30, 30),
    ):
        super().__init__()
        if bounds is None and location is None:
            raise ValueError("FitView needs bounds or a location")
        self._name = "FitView"
        self.bounds = bounds
        self.location = location
        self.zoom = int(zoom)
        self.options = {"padding": list(padding)}


#: folium elements that folium adds by itself while rendering, whose templates hold nothing
#: but generated variable names (checked by the tests that walk a rendered map)
NAME_ONLY = (folium.elements.ElementAddToElement, folium.Marker.SetIcon)
