"""The annotated Folium map of a places table.

The map is built from small pieces, each a folium element: one layer per role (markers
coloured by role, a dashed halo of ``precision_km`` around imprecise places), lines from
origin to incident site and from site to destination, a legend, a title and a scale bar.
Everything that comes from the article is HTML-escaped before it reaches the page.
"""

from __future__ import annotations

import base64
import html
import math
import re
from functools import lru_cache
from importlib import resources

import folium
import geopandas as gpd
from branca.element import Element, MacroElement
from jinja2 import Template

from .profile import Profile, load_profile

_RADIUS = {"venue": 9, "city": 8, "admin2": 8, "admin1": 9, "region": 9, "water": 9, "country": 10, "other": 7}
_HALO_MAX_KM = 400.0


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
  {% for color, label, count in this.items %}
  <div class="gm-legend-item">
    <span class="gm-swatch" style="background:{{ color }}"></span>{{ label }} ({{ count }})
  </div>
  {% endfor %}
  {% if this.lines %}
  <div class="gm-legend-item"><span class="gm-line"></span>movement (origin &rarr; site &rarr; destination)</div>
  {% endif %}
</div>
<style>{{ this.css }}</style>
{% endmacro %}
""")


class Legend(MacroElement):
    """A legend of the roles shown: colour swatch, label and count (escaped)."""

    _template = _LEGEND

    def __init__(self, items: list[tuple[str, str, int]], *, heading: str = "Role in the story", lines: bool = False):
        super().__init__()
        self._name = "Legend"
        self.heading = _esc(heading)
        self.items = [(color, _esc(label), int(count)) for color, label, count in items]
        self.lines = lines
        self.css = resources.files("geomap.static").joinpath("geomap.css").read_text(encoding="utf-8")


class _Bind(MacroElement):
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
    lines: bool = True,
    halos: bool = True,
    title: bool = True,
    width: str | int = "100%",
    height: str | int = "100%",
) -> folium.Map:
    """Draw a places table as an annotated Folium map.

    Parameters
    ----------
    gdf : GeoDataFrame
        A places table (:func:`geomap.geoparse`).
    profile : str or Profile, optional
        The role profile whose colours and labels to use (default: incident).
    tiles : str or None, default "OpenStreetMap"
        Basemap tiles; None for no tile layer.
    lines : bool, default True
        Draw lines from origin places to the incident site and from it to destinations.
    halos : bool, default True
        Draw a circle of radius ``precision_km`` around imprecise places.
    title : bool, default True
        Show the article's title and date on the map.
    width, height : str or int
        Size of the map.

    Returns
    -------
    folium.Map
    """
    prof = load_profile(profile)
    located = gdf[gdf.geometry.notna() & ~gdf.geometry.is_empty] if not gdf.empty else gdf
    location, zoom, bounds = _view(located)
    m = folium.Map(location=location, zoom_start=zoom, tiles=tiles, control_scale=True, width=width, height=height)
    # Leaflet is inlined; folium's CDN links (jQuery, Bootstrap, Font Awesome) are not needed
    m.default_js, m.default_css = [], []
    m.get_root().header.add_child(Element(leaflet_assets()), name="leaflet_inline", index=0)
    counts = []
    for rank, role in enumerate(prof.roles):
        rows = located[located["role"] == role.name]
        if rows.empty:
            continue
        counts.append((role.color, role.label, len(rows)))
        # one pane per role, the more important above: the site is never hidden under its city
        pane = f"role-{rank}"
        folium.map.CustomPane(pane, z_index=650 - rank, pointer_events=True).add_to(m)
        group = folium.FeatureGroup(name=_esc(f"{role.label} ({len(rows)})"), show=True)
        for _, row in rows.iterrows():
            _add_place(group, row, role.color, prof, halos, pane)
        group.add_to(m)
    drew_lines = _add_lines(m, located, prof) if lines else False
    Legend(counts, lines=drew_lines).add_to(m)
    if title and (t := _title_html(gdf)) is not None:
        m.get_root().html.add_child(Element(t))
    folium.LayerControl(collapsed=False).add_to(m)
    if bounds is not None:
        m.fit_bounds(bounds, padding=(30, 30))
    return m


def _add_place(group, row, color: str, prof: Profile, halos: bool, pane: str) -> None:
    lat, lon = row.geometry.y, row.geometry.x
    precision = row["precision_km"]
    if (
        halos
        and row["feature"] != "country"
        and precision
        and not math.isnan(precision)
        and 1.0 < precision <= _HALO_MAX_KM
    ):
        folium.Circle(
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
    marker = folium.CircleMarker(
        (lat, lon),
        radius=_RADIUS.get(row["feature"], 8),
        color="#ffffff",
        weight=2,
        fill=True,
        fill_color=color,
        fill_opacity=0.95,
        className=f"gm-marker gm-role-{row['role']}",
    )
    marker.options["pane"] = pane
    marker.add_child(_Bind("bindTooltip", tooltip, sticky=True))
    marker.add_child(_Bind("bindPopup", popup_html(row, prof), maxWidth=380, minWidth=260))
    marker.add_to(group)


def _add_lines(m: folium.Map, located: gpd.GeoDataFrame, prof: Profile) -> bool:
    """Dashed lines origin -> site and site -> destination; True if any was drawn."""
    if located.empty:
        return False
    site = located[located["roles"].apply(lambda rs: prof.site_role in (rs or []))]
    if site.empty:
        return False
    s = site.iloc[0].geometry
    drew = False
    group = folium.FeatureGroup(name="Movement", show=True)
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
            line = folium.PolyLine(pts, color=color, weight=2.5, opacity=0.8, dash_array="8 6")
            line.add_child(_Bind("bindTooltip", _esc(label), sticky=True))
            line.add_to(group)
            drew = True
    if drew:
        group.add_to(m)
    return drew


def _view(located: gpd.GeoDataFrame):
    """Centre, zoom and bounds that show every located place."""
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
