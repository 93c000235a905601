"""What the map shows besides its places: the legend, the title, the time slider, the data's credits.

Each is one of :mod:`geomap._elements`' inert elements: its template is compiled once, and the
text it shows (escaped) is a variable of it, never template source.
"""

from __future__ import annotations

import folium
import geopandas as gpd
from jinja2 import Template

from .. import _elements as el
from ..profile import Profile
from .assets import stylesheet
from .markers import esc, shape_svg

_LEGEND = Template("""
{% macro html(this, kwargs) %}
<details class="gm-legend" id="{{ this.dom_id }}" open role="region" aria-label="Legend">
  <summary class="gm-legend-title">{{ this.heading }}</summary>
  {% for swatch, label, count in this.items %}
  <div class="gm-legend-item">
    <span class="gm-swatch">{{ swatch }}</span>{{ label }} ({{ count }})
  </div>
  {% endfor %}
  {% if this.lines %}
  <div class="gm-legend-item"><span class="gm-line"></span>movement (origin &rarr; site &rarr; destination)</div>
  {% endif %}
  {% if this.uncertain %}
  <div class="gm-legend-item">faded: uncertain place ({{ this.uncertain }}); its popup names what else it
    may be, if anything</div>
  {% endif %}
</details>
<style>{{ this.css }}</style>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {  // on a phone-sized map the legend starts folded: its title opens it
  var legend = document.getElementById({{ this.dom_id|tojson }});
  if (legend && {{ this._parent.get_name() }}.getSize().x < {{ this.fold_below }}) { legend.open = false; }
})();
{% endmacro %}
""")


#: a map narrower than this (in CSS pixels: a phone) starts with its legend folded
LEGEND_FOLD_BELOW = 560


class Legend(el.Inert):
    """A legend of the roles shown: colour swatch, label and count (escaped)."""

    _template = _LEGEND

    def __init__(
        self,
        items: list[tuple[str, str, int]],
        *,
        heading: str = "Role in the story",
        lines: bool = False,
        uncertain: int = 0,
    ):
        """``items``: (SVG swatch, label, count) per role shown; ``uncertain``: how many places are drawn faded."""
        super().__init__()
        self._name = "Legend"
        self.heading = esc(heading)
        self.items = [(swatch, esc(label), int(count)) for swatch, label, count in items]
        self.lines = lines
        self.uncertain = int(uncertain)
        self.fold_below = LEGEND_FOLD_BELOW
        self.css = stylesheet()

    @property
    def dom_id(self) -> str:
        """The legend's element id, from the element's own (read when the page is rendered)."""
        return f"gm-legend-{self._id}"


def legend_items(located: gpd.GeoDataFrame, prof: Profile) -> list[tuple[str, str, int]]:
    """(swatch, label, count) of each role of the profile that a place of ``located`` has, in the profile's order."""
    return [
        (shape_svg(r.shape, r.color, 14), r.label, int((located["role"] == r.name).sum()))
        for r in prof.roles
        if not located.empty and (located["role"] == r.name).any()
    ]


class Attribution(el.Inert):
    """Credit the data behind the map in Leaflet's attribution control (beside the tiles' own)."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.attributionControl.addAttribution({{ this.html|tojson }});
{% endmacro %}
""")

    def __init__(self, html_text: str):
        super().__init__()
        self._name = "Attribution"
        self.html = html_text


def title_html(gdf: gpd.GeoDataFrame) -> str | None:
    """The map's title: the article's title (or id) and date, or how many articles it shows; None if none."""
    if gdf.empty:
        return None
    first = gdf.iloc[0]
    articles = gdf["article"].dropna().unique()
    name = first["title"] or first["article"] if len(articles) == 1 else f"{len(articles)} articles"
    date = first["date"] if len(articles) == 1 and first["date"] else ""
    return f'<div class="gm-title">{esc(name)}{" <small>" + esc(date) + "</small>" if date else ""}</div>'


_SLIDER = Template("""
{% macro html(this, kwargs) %}
<div class="gm-slider" role="group" aria-label="Time">
  <input type="range" min="0" max="{{ this.n - 1 }}" value="{{ this.n - 1 }}" step="1" aria-label="Show stories up to">
  <span class="gm-slider-label"></span>
</div>
{% endmacro %}
{% macro script(this, kwargs) %}
(function () {
  var map = {{ this._parent.get_name() }};
  var dates = {{ this.dates|tojson }};
  var layers = { {%- for article, group in this.layers %}{{ article|tojson }}: {{ group.get_name() }},{% endfor -%} };
  var byDate = {{ this.by_date|tojson }};
  var box = document.querySelector(".gm-slider"), input = box.querySelector("input"),
      label = box.querySelector(".gm-slider-label");
  L.DomEvent.disableClickPropagation(box);
  function show() {
    var upto = dates[+input.value];
    label.textContent = "up to " + upto;
    Object.keys(byDate).forEach(function (article) {
      var on = byDate[article] === null || byDate[article] <= upto;
      if (on && !map.hasLayer(layers[article])) { map.addLayer(layers[article]); }
      if (!on && map.hasLayer(layers[article])) { map.removeLayer(layers[article]); }
    });
  }
  input.addEventListener("input", show);
  show();
})();
{% endmacro %}
""")


class TimeSlider(el.Inert):
    """A slider that shows only the stories dated up to the chosen day."""

    _template = _SLIDER

    def __init__(self, by_date: dict[str, str | None], layers: dict[str, folium.FeatureGroup]):
        super().__init__()
        self._name = "TimeSlider"
        self.dates = sorted({d for d in by_date.values() if d})
        self.n = len(self.dates)
        self.by_date = by_date
        self.layers = list(layers.items())  # named when the page is rendered (the ids are the drawing's)


def add_time_slider(m: folium.Map, located: gpd.GeoDataFrame, groups: dict) -> None:
    """A :class:`TimeSlider` over the stories' layers (``groups``), when they have more than one date."""
    by_date = {a: (located[located["article"] == a]["date"].iloc[0] or None) for a in groups}
    if len({d for d in by_date.values() if d}) > 1:
        TimeSlider(by_date, groups).add_to(m)
