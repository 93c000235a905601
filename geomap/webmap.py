"""The annotated Folium map of a places table.

The map is built from small pieces, each a folium element: one layer per role (markers
coloured by role, a dashed halo of ``precision_km`` around imprecise places), lines from
origin to incident site and from site to destination, a legend, a title and a scale bar.
Everything that comes from the article is HTML-escaped before it reaches the page, and none of
it is ever template source: every element is one of :mod:`geomap._elements`, which render their
own template once and hand the page literal text. The data behind the map is credited
(:mod:`geomap.credits`).
"""

from __future__ import annotations

import base64
import html
import json
import math
import re
from functools import lru_cache
from importlib import resources

import folium
import geopandas as gpd
from jinja2 import Template

from . import _elements as el
from . import credits
from .profile import Profile, Role, load_profile
from .table import require_table

_SIZE = {"venue": 20, "city": 18, "admin2": 18, "admin1": 20, "region": 20, "water": 20, "country": 22, "other": 16}
_HALO_MAX_KM = 400.0
_MAX_LABELS = 15


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


def _star(n: int, outer: float, inner: float) -> str:
    pts = []
    for k in range(2 * n):
        r = outer if k % 2 == 0 else inner
        a = math.pi / n * k - math.pi / 2
        pts.append(f"{10 + r * math.cos(a):.2f},{10 + r * math.sin(a):.2f}")
    return " ".join(pts)


_SHAPES_SVG = {
    "circle": '<circle cx="10" cy="10" r="7.5" fill="{c}" stroke="#fff" stroke-width="1.8"/>',
    "dot": '<circle cx="10" cy="10" r="5" fill="{c}" stroke="#fff" stroke-width="1.5"/>',
    "ring": '<circle cx="10" cy="10" r="6.5" fill="#fff" stroke="{c}" stroke-width="3.6"/>',
    "square": '<rect x="3" y="3" width="14" height="14" fill="{c}" stroke="#fff" stroke-width="1.8"/>',
    "diamond": '<polygon points="10,1.5 18.5,10 10,18.5 1.5,10" fill="{c}" stroke="#fff" stroke-width="1.8"/>',
    "triangle": '<polygon points="10,1.8 18.8,17.5 1.2,17.5" fill="{c}" stroke="#fff" stroke-width="1.8"/>',
    "star": f'<polygon points="{_star(5, 9.6, 4.2)}" fill="{{c}}" stroke="#fff" stroke-width="1.4"/>',
    "pentagon": f'<polygon points="{_star(5, 8.8, 8.8 * math.cos(math.pi / 5))}" fill="{{c}}" stroke="#fff" '
    'stroke-width="1.8"/>',
    "cross": '<polygon points="7,2 13,2 13,7 18,7 18,13 13,13 13,18 7,18 7,13 2,13 2,7 7,7" fill="{c}" '
    'stroke="#fff" stroke-width="1.5"/>',
}


def shape_svg(shape: str, color: str, size: int = 18) -> str:
    """An inline SVG marker of the given shape and colour (the map's markers and legend swatches)."""
    body = _SHAPES_SVG.get(shape, _SHAPES_SVG["circle"]).replace("{c}", _esc(color))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 20 20" '
        f'style="filter:drop-shadow(0 0 1px rgba(0,0,0,.6))" aria-hidden="true">{body}</svg>'
    )


def _esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _highlight(ev: dict) -> str:
    """The evidence sentence, escaped, with the mention marked."""
    text = ev.get("text") or ""
    off = (ev.get("mention_start") or 0) - (ev.get("start") or 0)
    mention = ev.get("mention") or ""
    if off >= 0 and text[off : off + len(mention)] == mention and mention:
        return f"{_esc(text[:off])}<mark>{_esc(mention)}</mark>{_esc(text[off + len(mention) :])}"
    return _esc(text)


def popup_html(row, profile: Profile) -> str:
    """The popup of one place: name, roles, evidence with the mention highlighted, location."""
    labels = {r.name: r for r in profile.roles}
    roles = " ".join(
        f'<span class="gm-role" style="background:{labels[r].color if r in labels else "#777"}">'
        f"{_esc(labels[r].label if r in labels else r)}</span>"
        for r in (row["roles"] or [])
    )
    evidence = "".join(
        f"<li><b>{_esc(labels[e['role']].label if e.get('role') in labels else e.get('role'))}</b>"
        f"{' (' + _esc(e['trigger']) + ')' if e.get('trigger') else ''}: {_highlight(e)}</li>"
        for e in (row["evidence"] or [])
    )
    geom = row["geometry"]
    where = f"{geom.y:.4f}, {geom.x:.4f}" if geom is not None and not geom.is_empty else "not located"
    precision = row["precision_km"]
    prec = (
        ""
        if precision is None or (isinstance(precision, float) and math.isnan(precision))
        else f" &plusmn; {precision:g} km"
    )
    located_by = f" (placed at {_esc(row['located_by'])})" if row.get("located_by") else ""
    source = _esc(row["gazetteer_id"] or ("text" if row.get("located_by") else "unresolved"))
    return (
        f'<div class="gm-popup"><h4>{_esc(row["place"])}</h4>'
        f'<div class="gm-meta">{_esc(row["feature"])}{", " + _esc(row["country"]) if row["country"] else ""}</div>'
        f"<div>{roles}</div><ul>{evidence}</ul>"
        f'<div class="gm-meta">{where}{prec}{located_by} &middot; confidence {row["confidence"]:.2f}'
        f" &middot; source {source} &middot; article {_esc(row['article'])}</div></div>"
    )


_LEGEND = Template("""
{% macro html(this, kwargs) %}
<div class="gm-legend" role="region" aria-label="Legend">
  <div class="gm-legend-title">{{ this.heading }}</div>
  {% for swatch, label, count in this.items %}
  <div class="gm-legend-item">
    <span class="gm-swatch">{{ swatch }}</span>{{ label }} ({{ count }})
  </div>
  {% endfor %}
  {% if this.lines %}
  <div class="gm-legend-item"><span class="gm-line"></span>movement (origin &rarr; site &rarr; destination)</div>
  {% endif %}
</div>
<style>{{ this.css }}</style>
{% endmacro %}
""")


class Legend(el.Inert):
    """A legend of the roles shown: colour swatch, label and count (escaped)."""

    _template = _LEGEND

    def __init__(self, items: list[tuple[str, str, int]], *, heading: str = "Role in the story", lines: bool = False):
        """``items``: (SVG swatch, label, count) per role shown."""
        super().__init__()
        self._name = "Legend"
        self.heading = _esc(heading)
        self.items = [(swatch, _esc(label), int(count)) for swatch, label, count in items]
        self.lines = lines
        self.css = resources.files("geomap.static").joinpath("geomap.css").read_text(encoding="utf-8")


class _Bind(el.Inert):
    """Bind a popup or tooltip to its parent layer with a JSON-encoded HTML string.

    folium's own Popup needs jQuery and its Tooltip puts text into a JavaScript template
    literal; this needs neither, and ``tojson`` keeps any text inert inside the script.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.{{ this.method }}({{ this.html|tojson }}, {{ this.options|tojson }});
{% endmacro %}
""")

    def __init__(self, method: str, html_text: str, **options):
        super().__init__()
        self._name = "Bind"
        self.method = method
        self.html = html_text
        self.options = options


class _Attribution(el.Inert):
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


def _title_html(gdf: gpd.GeoDataFrame) -> str | None:
    if gdf.empty:
        return None
    first = gdf.iloc[0]
    articles = gdf["article"].dropna().unique()
    name = first["title"] or first["article"] if len(articles) == 1 else f"{len(articles)} articles"
    date = first["date"] if len(articles) == 1 and first["date"] else ""
    return f'<div class="gm-title">{_esc(name)}{" <small>" + _esc(date) + "</small>" if date else ""}</div>'


def render(
    gdf: gpd.GeoDataFrame,
    *,
    profile: str | Profile | None = None,
    tiles: str | None = "OpenStreetMap",
    self_contained: bool = False,
    lines: bool = True,
    halos: bool = True,
    countries: bool = True,
    title: bool = True,
    gazetteer=None,
    width: str | int = "100%",
    height: str | int = "100%",
) -> folium.Map:
    """Draw a places table as an annotated Folium map.

    Parameters
    ----------
    gdf : GeoDataFrame
        A places table (:func:`geomap.geoparse`); rows of several articles make one map with a
        layer per story (and a time slider when they have dates).
    profile : str or Profile, optional
        The role profile whose colours and labels to use (default: incident).
    tiles : str or None, default "OpenStreetMap"
        Basemap tiles (loaded online by the browser); None draws the offline basemap of
        country outlines instead.
    self_contained : bool, default False
        A map that needs no network at all: no tiles, offline basemap. (Scripts and styles are
        always inlined.)
    lines : bool, default True
        Draw lines from origin places to the incident site and from it to destinations.
    halos : bool, default True
        Draw a circle of radius ``precision_km`` around imprecise places.
    countries : bool, default True
        Shade the countries of the story in the colour of their role (real outlines).
    title : bool, default True
        Show the article's title and date on the map.
    gazetteer : Gazetteer, optional
        Where country outlines come from (default: the embedded gazetteer).
    width, height : str or int
        Size of the map.

    Returns
    -------
    folium.Map
    """
    require_table(gdf)
    prof = load_profile(profile)
    if self_contained:
        tiles = None
    located = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty] if not gdf.empty else gdf
    in_view = _in_view(located, prof.map_outside_view)
    location, zoom, bounds = _view(in_view)
    m = el.Map(location=location, zoom_start=zoom, tiles=None, control_scale=True, width=width, height=height)
    m.options["maxZoom"] = 18  # set on the map itself: with no tiles, clustering needs it
    if tiles is not None:
        el.TileLayer(tiles).add_to(m)
    # Leaflet is inlined; folium's CDN links (jQuery, Bootstrap, Font Awesome) are not needed
    m.default_js, m.default_css = [], []
    m.get_root().header.add_child(el.Raw(leaflet_assets()), name="leaflet_inline", index=0)
    if tiles is None or countries:
        from .gazetteer import Gazetteer

        gaz = gazetteer or Gazetteer.open()
        if tiles is None:
            _basemap(m, gaz)
        if countries:
            _shade_countries(m, gaz, located, prof)
    for rank in range(len(prof.roles)):
        # one pane per role, the more important above: the site is never hidden under its city
        el.CustomPane(f"role-{rank}", z_index=650 - rank, pointer_events=True).add_to(m)
    articles = list(dict.fromkeys(located["article"])) if not located.empty else []
    labels = _labels(located, prof, in_view) if len(located) <= _MAX_LABELS else {}
    if len(articles) > 1:
        groups = _story_layers(m, located, prof, articles, halos=halos, labels=labels)
    else:
        groups = _role_layers(m, located, prof, halos=halos, labels=labels)
    drew_lines = False
    if lines:
        for article in articles:
            target = groups.get(article) or el.FeatureGroup(name="Movement", show=True)
            drawn = _add_lines(target, located[located["article"] == article], prof)
            if drawn and article not in groups:
                target.add_to(m)
            drew_lines |= drawn
    counts = [
        (shape_svg(r.shape, r.color, 14), r.label, int((located["role"] == r.name).sum()))
        for r in prof.roles
        if not located.empty and (located["role"] == r.name).any()
    ]
    Legend(counts, lines=drew_lines).add_to(m)
    _Attribution(credits.html_links()).add_to(m)
    if title and (t := _title_html(gdf)) is not None:
        m.get_root().html.add_child(el.Raw(t))
    if len(articles) > 1:
        _time_slider(m, located, groups)
    el.LayerControl(collapsed=True).add_to(m)
    if bounds is not None:
        el.FitBounds(bounds, padding=(30, 30)).add_to(m)
    return m


def _labels(located: gpd.GeoDataFrame, prof: Profile, view: gpd.GeoDataFrame | None = None) -> dict:
    """Permanent name labels: places at the same point share one ("Crocus City Hall, Moscow").

    Returns index -> (text, side). A label goes to the left of its marker when a more important
    place lies just beside it (within about a twentieth of the first view, ``view``), so that
    the two names do not cover each other.
    """
    order = prof.order
    spots: dict[tuple, list] = {}
    for idx, row in located.iterrows():
        spots.setdefault((round(row.geometry.y, 2), round(row.geometry.x, 2)), []).append((idx, row))
    for rows in spots.values():
        rows.sort(key=lambda ir: order.get(ir[1]["role"], 99))
    view = located if view is None or view.empty else view
    xs, ys = view.geometry.x, view.geometry.y
    near = 0.05 * max(float(xs.max() - xs.min()), float(ys.max() - ys.min()))
    out, placed = {}, []
    for (y, x), rows in sorted(spots.items(), key=lambda kv: order.get(kv[1][0][1]["role"], 99)):
        crowded = any(abs(y - py) < near and abs(x - px) < 4 * near for py, px in placed)
        out[rows[0][0]] = (", ".join(dict.fromkeys(r["place"] for _, r in rows)), "left" if crowded else "right")
        placed.append((y, x))
    return out


def _role_layers(m: folium.Map, located: gpd.GeoDataFrame, prof: Profile, *, halos: bool, labels: dict) -> dict:
    """One layer per role (a single story)."""
    for rank, role in enumerate(prof.roles):
        rows = located[located["role"] == role.name]
        if rows.empty:
            continue
        group = el.FeatureGroup(name=_esc(f"{role.label} ({len(rows)})"), show=True)
        for idx, row in rows.iterrows():
            _add_place(group, row, role, prof, f"role-{rank}", halos=halos, label=labels.get(idx))
        group.add_to(m)
    return {}


def _story_layers(
    m: folium.Map, located: gpd.GeoDataFrame, prof: Profile, articles: list[str], *, halos: bool, labels: dict
) -> dict:
    """One layer per story (several stories on one map); markers keep their role colours.

    The markers of all stories are clustered together (Leaflet.markercluster, inlined): stories
    that share a city do not pile their markers on each other; a cluster opens on a click or a
    zoom. Each story's markers are a sub-group of that cluster inside the story's layer, so the
    layer control and the time slider still show and hide a story with its markers.
    """
    m.get_root().header.add_child(el.Raw(markercluster_assets()), name="markercluster_inline")
    cluster = el.MarkerCluster(control=False, maxClusterRadius=40).add_to(m)
    order = prof.order
    groups = {}
    for article in articles:
        rows = located[located["article"] == article]
        first = rows.iloc[0]
        name = f"{first['title'] or article}" + (f" ({first['date']})" if first["date"] else "")
        group = el.FeatureGroup(name=_esc(name), show=True)
        markers = el.FeatureGroupSubGroup(cluster, control=False).add_to(group)
        for idx, row in rows.iterrows():
            rank = order.get(row["role"], len(order) - 1)
            _add_place(
                group, row, prof.roles[rank], prof, f"role-{rank}", halos=halos, label=labels.get(idx), markers=markers
            )
        group.add_to(m)
        groups[article] = group
    return groups


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
    return {"type": "Feature", "geometry": json.loads(geometry), "properties": {"style": style}}


def _basemap(m: folium.Map, gaz) -> None:
    """Country outlines on a sea-blue background: a map that shows coastlines and borders with no tiles."""
    style = {"color": "#8a8a8a", "weight": 0.6, "fillColor": "#f3f1ec", "fillOpacity": 1.0}
    _Shapes([_feature(g, style) for _, _, g in gaz.shapes()], pane="basemap", z_index=150).add_to(m)
    m.get_root().header.add_child(el.Raw("<style>.leaflet-container{background:#cfe2ee}</style>"), name="sea")


def _shade_countries(m: folium.Map, gaz, located: gpd.GeoDataFrame, prof: Profile) -> None:
    """The countries of the story, shaded in the colour of their primary role."""
    countries = located[located["feature"] == "country"] if not located.empty else located
    if countries.empty:
        return
    color = {}
    order = prof.order
    for _, row in countries.iterrows():
        rank = order.get(row["role"], len(order) - 1)
        if row["country"] not in color or rank < color[row["country"]][0]:
            color[row["country"]] = (rank, prof.roles[rank].color)
    feats = [
        _feature(g, {"color": color[cc][1], "weight": 1.2, "fillColor": color[cc][1], "fillOpacity": 0.16})
        for cc, _, g in gaz.shapes(color)
    ]
    _Shapes(feats, pane="countries", z_index=350).add_to(m)


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
  var layers = { {%- for article, name in this.layers %}{{ article|tojson }}: {{ name }},{% endfor -%} };
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

    def __init__(self, by_date: dict[str, str | None], layers: dict):
        super().__init__()
        self._name = "TimeSlider"
        self.dates = sorted({d for d in by_date.values() if d})
        self.n = len(self.dates)
        self.by_date = by_date
        self.layers = [(article, group.get_name()) for article, group in layers.items()]


def _time_slider(m: folium.Map, located: gpd.GeoDataFrame, groups: dict) -> None:
    by_date = {a: (located[located["article"] == a]["date"].iloc[0] or None) for a in groups}
    if len({d for d in by_date.values() if d}) > 1:
        TimeSlider(by_date, groups).add_to(m)


def _add_place(
    group, row, role: Role, prof: Profile, pane: str, *, halos: bool, label: str | None, markers=None
) -> None:
    """The marker of one place (into ``markers`` if given, else ``group``), its halo, label and popup."""
    color = role.color
    lat, lon = row.geometry.y, row.geometry.x
    precision = row["precision_km"]
    if (
        halos
        and row["feature"] != "country"
        and precision
        and not math.isnan(precision)
        and 1.0 < precision <= _HALO_MAX_KM
    ):
        el.Circle(
            (lat, lon),
            radius=float(precision) * 1000,
            color=color,
            weight=1,
            dash_array="4 4",
            fill=True,
            fill_opacity=0.07,
            interactive=False,
        ).add_to(group)
    labels = {r.name: r.label for r in prof.roles}
    tooltip = _esc(f"{row['place']} \u2014 {', '.join(labels.get(r, r) for r in row['roles'] or [])}")
    size = _SIZE.get(row["feature"], 18) + (4 if role.shape == "star" else 0)
    marker = el.Marker(
        (lat, lon),
        icon=el.DivIcon(
            html=shape_svg(role.shape, role.color, size),
            icon_size=(size, size),
            icon_anchor=(size // 2, size // 2),
            class_name=f"gm-marker gm-role-{row['role']}",
        ),
    )
    marker.options["pane"] = pane
    if label:
        # a permanent name label; the role shows on hover in the popup and legend
        text, side = label
        marker.add_child(
            _Bind(
                "bindTooltip",
                _esc(text),
                permanent=True,
                direction=side,
                offset=[8 if side == "right" else -8, 0],
                className="gm-label",
            )
        )
    else:
        marker.add_child(_Bind("bindTooltip", tooltip, sticky=True))
    marker.add_child(_Bind("bindPopup", popup_html(row, prof), maxWidth=380, minWidth=260))
    marker.add_to(group if markers is None else markers)


def _add_lines(group, located: gpd.GeoDataFrame, prof: Profile) -> bool:
    """Dashed lines origin -> site and site -> destination into ``group``; True if any was drawn."""
    if located.empty:
        return False
    site = located[located["roles"].apply(lambda rs: prof.site_role in (rs or []))]
    if site.empty:
        return False
    s = site.iloc[0].geometry
    drew = False
    for role, outward in (("origin", False), ("destination", True)):
        if role not in prof.order:
            continue
        color = prof.role(role).color
        for _, row in located[located["roles"].apply(lambda rs, role=role: role in (rs or []))].iterrows():
            p = row.geometry
            if p.equals(s):
                continue
            pts = [(s.y, s.x), (p.y, p.x)] if outward else [(p.y, p.x), (s.y, s.x)]
            label = f"{row['place']} \u2192 site" if not outward else f"site \u2192 {row['place']}"
            line = el.PolyLine(pts, color=color, weight=2.5, opacity=0.8, dash_array="8 6")
            line.add_child(_Bind("bindTooltip", _esc(label), sticky=True))
            line.add_to(group)
            drew = True
    return drew


def _in_view(located: gpd.GeoDataFrame, outside: frozenset[str]) -> gpd.GeoDataFrame:
    """The places the map's first view shows.

    Places whose primary role is in ``outside`` (the profile's ``map_outside_view``: a reaction
    from Washington to floods in Germany, context) are left out when any other place is left;
    the map still holds them.
    """
    if located.empty:
        return located
    core = located[~located["role"].isin(outside)]
    return core if not core.empty else located


def _view(located: gpd.GeoDataFrame):
    """Centre, zoom and bounds that show every place of ``located``."""
    if located.empty:
        return [20.0, 0.0], 2, None
    ys, xs = located.geometry.y, located.geometry.x
    if len(located) == 1 or (ys.max() - ys.min() < 0.05 and xs.max() - xs.min() < 0.05):
        zoom = 5 if (located["feature"] == "country").all() else 10
        return [float(ys.mean()), float(xs.mean())], zoom, None
    return (
        [float(ys.mean()), float(xs.mean())],
        4,
        [[float(ys.min()), float(xs.min())], [float(ys.max()), float(xs.max())]],
    )


def fragment(m: folium.Map, *, height: int = 480, title: str = "Map") -> str:
    """An HTML snippet that embeds the map in a page or report: a sandboxed ``<iframe srcdoc>``.

    The whole map (scripts, styles, data) travels inside the snippet, so it needs no other file.
    """
    doc = m.get_root().render()
    return (
        f'<iframe title="{_esc(title)}" srcdoc="{html.escape(doc, quote=True)}" '
        f'style="width:100%;height:{int(height)}px;border:0" loading="lazy" '
        'sandbox="allow-scripts allow-popups"></iframe>\n'
    )
