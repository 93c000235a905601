"""What one place looks like on the map: its marker, halo, name label, tooltip and popup; movement lines.

Markers are inline SVG shapes in the colour of the place's role (:func:`shape_svg`, also the
legend's swatches). Every text from the article is HTML-escaped (:func:`esc`) and bound to its
layer as a JSON string (:class:`Bind`), never as template source.
"""

from __future__ import annotations

import html
import math
from typing import Any

import folium
import geopandas as gpd
from jinja2 import Template

from .. import _elements as el
from ..profile import Profile, Role

_SIZE = {"venue": 20, "city": 18, "admin2": 18, "admin1": 20, "region": 20, "water": 20, "country": 22, "other": 16}
_HALO_MAX_KM = 400.0
#: a place the name may not be (other places of the name are in its ``alternatives``) is drawn faded when
#: its confidence is below this: on the dev corpora, about half of such places are right (README, "Confidence")
UNCERTAIN_BELOW = 0.7
#: any place a gazetteer chose is drawn faded below this, with or without another of its name: more likely
#: wrong than right ("Chui", Uruguay, as the one place of its name, in a story of Kyrgyzstan)
LIKELY_WRONG_BELOW = 0.5


def uncertain(row: Any) -> bool:
    """Whether a place is drawn as uncertain: another place of its name is nearly as likely, or it is likely wrong.

    A place the text placed (a venue at its town) is imprecise, not uncertain: its halo says so.
    """
    confidence = row.get("confidence")
    if confidence is None or math.isnan(confidence):
        return False
    if row.get("alternatives"):
        return confidence < UNCERTAIN_BELOW
    return not row.get("located_by") and confidence < LIKELY_WRONG_BELOW


def _alternatives_html(row: Any) -> str:
    """The other places the name may be, escaped: "may also be: Paris, Texas, US (0.31)"."""
    alts = row.get("alternatives") or []
    if not alts:
        return ""
    names = "; ".join(
        f"{esc(', '.join(str(v) for v in (a.get('place'), a.get('admin1'), a.get('country')) if v))}"
        f" ({float(a.get('probability') or 0):.2f})"
        for a in alts
    )
    return f'<div class="gm-meta gm-alt">may also be: {names}</div>'


def _star(n: int, outer: float, inner: float) -> str:
    """The points of an ``n``-pointed star in the 20x20 box (``inner`` = ``outer`` cos(pi/n): a polygon)."""
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
    body = _SHAPES_SVG.get(shape, _SHAPES_SVG["circle"]).replace("{c}", esc(color))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 20 20" '
        f'style="filter:drop-shadow(0 0 1px rgba(0,0,0,.6))" aria-hidden="true">{body}</svg>'
    )


def esc(value: Any) -> str:
    """``value`` as HTML text, quotes escaped (None: empty)."""
    return html.escape("" if value is None else str(value), quote=True)


def role_rank(prof: Profile, name: str) -> int:
    """The rank of the role called ``name`` in ``prof`` (0 the most important; an unknown role ranks last)."""
    order = prof.order
    return order.get(name, len(order) - 1)


def role_label(prof: Profile, name: str | None) -> str | None:
    """The label of the role called ``name`` (an unknown role: its name)."""
    return next((r.label for r in prof.roles if r.name == name), name)


def evidence_parts(ev: dict) -> tuple[str, str, str] | None:
    """An evidence sentence split around its mention by their offsets: (before, mention, after), or None."""
    text = ev.get("text") or ""
    off = (ev.get("mention_start") or 0) - (ev.get("start") or 0)
    mention = ev.get("mention") or ""
    if off >= 0 and text[off : off + len(mention)] == mention and mention:
        return text[:off], mention, text[off + len(mention) :]
    return None


def _highlight(ev: dict) -> str:
    """The evidence sentence, escaped, with the mention marked."""
    parts = evidence_parts(ev)
    if parts is None:
        return esc(ev.get("text") or "")
    before, mention, after = parts
    return f"{esc(before)}<mark>{esc(mention)}</mark>{esc(after)}"


def popup_html(row: Any, profile: Profile) -> str:
    """The popup of one place: name, roles, evidence with the mention highlighted, location."""
    colors = {r.name: r.color for r in profile.roles}
    roles = " ".join(
        f'<span class="gm-role" style="background:{colors.get(r, "#777")}">{esc(role_label(profile, r))}</span>'
        for r in (row["roles"] or [])
    )
    evidence = "".join(
        f"<li><b>{esc(role_label(profile, e.get('role')))}</b>"
        f"{' (' + esc(e['trigger']) + ')' if e.get('trigger') else ''}: {_highlight(e)}</li>"
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
    located_by = f" (placed at {esc(row['located_by'])})" if row.get("located_by") else ""
    source = esc(row["gazetteer_id"] or ("text" if row.get("located_by") else "unresolved"))
    return (
        f'<div class="gm-popup"><h4>{esc(row["place"])}</h4>'
        f'<div class="gm-meta">{esc(row["feature"])}{", " + esc(row["country"]) if row["country"] else ""}</div>'
        f"<div>{roles}</div><ul>{evidence}</ul>{_alternatives_html(row)}"
        f'<div class="gm-meta">{where}{prec}{located_by} &middot; confidence {row["confidence"]:.2f}'
        f"{' (uncertain)' if uncertain(row) else ''}"
        f" &middot; source {source} &middot; article {esc(row['article'])}</div></div>"
    )


class Bind(el.Inert):
    """Bind a popup or tooltip to its parent layer with a JSON-encoded HTML string.

    folium's own Popup needs jQuery and its Tooltip puts text into a JavaScript template
    literal; this needs neither, and ``tojson`` keeps any text inert inside the script.
    """

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.{{ this.method }}({{ this.html|tojson }}, {{ this.options|tojson }});
{% endmacro %}
""")

    def __init__(self, method: str, html_text: str, **options: Any):
        super().__init__()
        self._name = "Bind"
        self.method = method
        self.html = html_text
        self.options = options


def add_place(
    group: folium.FeatureGroup,
    row: Any,
    role: Role,
    prof: Profile,
    pane: str,
    *,
    halos: bool,
    label: tuple[str, str] | None,
    markers: folium.FeatureGroup | None = None,
) -> el.Marker:
    """Add the marker of one place (into ``markers`` if given, else ``group``), its halo, label and popup.

    Parameters
    ----------
    group : FeatureGroup
        The layer of the place (its halo goes there).
    row : pandas.Series
        The place (a row of a places table, located).
    role : Role
        The role whose shape and colour the marker has.
    prof : Profile
        The profile of the roles' labels.
    pane : str
        The map pane of the marker (one per role: the more important above).
    halos : bool
        Whether to draw a circle of ``precision_km`` around an imprecise place.
    label : (str, str) or None
        A permanent name label and its side (``"left"``, ``"right"``); None: a tooltip on hover.
    markers : FeatureGroup, optional
        Where the marker goes instead of ``group`` (a sub-group of a marker cluster).

    Returns
    -------
    Marker
        The place's marker.
    """
    lat, lon = row.geometry.y, row.geometry.x
    if halos:
        _add_halo(group, row, (lat, lon), role.color)
    size = _SIZE.get(row["feature"], 18) + (4 if role.shape == "star" else 0)
    marker = el.Marker(
        (lat, lon),
        icon=el.DivIcon(
            html=shape_svg(role.shape, role.color, size),
            icon_size=(size, size),
            icon_anchor=(size // 2, size // 2),
            class_name=f"gm-marker gm-role-{row['role']}{' gm-uncertain' if uncertain(row) else ''}",
        ),
    )
    marker.options["pane"] = pane
    if label:
        # a permanent name label; the role shows on hover in the popup and legend
        marker.add_child(_name_label(*label))
    else:
        tooltip = esc(f"{row['place']} \u2014 {', '.join(role_label(prof, r) for r in row['roles'] or [])}")
        marker.add_child(Bind("bindTooltip", tooltip, sticky=True))
    # opened near the top, a popup pans below the story's title bar, not under it
    marker.add_child(
        Bind("bindPopup", popup_html(row, prof), maxWidth=380, minWidth=260, autoPanPaddingTopLeft=[10, 64])
    )
    return marker.add_to(group if markers is None else markers)


def _add_halo(group: folium.FeatureGroup, row: Any, point: tuple[float, float], color: str) -> None:
    """A dashed circle of radius ``precision_km`` around an imprecise place (not a country, not too large)."""
    precision = row["precision_km"]
    if row["feature"] != "country" and precision and not math.isnan(precision) and 1.0 < precision <= _HALO_MAX_KM:
        el.Circle(
            point,
            radius=float(precision) * 1000,
            color=color,
            weight=1,
            dash_array="4 4",
            fill=True,
            fill_opacity=0.07,
            interactive=False,
        ).add_to(group)


def _name_label(text: str, side: str) -> Bind:
    """A permanent name label beside a marker, on ``side``."""
    return Bind(
        "bindTooltip",
        esc(text),
        permanent=True,
        direction=side,
        offset=[8 if side == "right" else -8, 0],
        className="gm-label",
    )


def add_lines(group: folium.FeatureGroup, located: gpd.GeoDataFrame, prof: Profile) -> bool:
    """Add dashed lines origin -> site and site -> destination into ``group``; True if any was drawn."""
    if located.empty:
        return False
    site = _having(located, prof.site_role)
    if site.empty:
        return False
    s = site.iloc[0].geometry
    drew = False
    for role, outward in (("origin", False), ("destination", True)):
        if role not in prof.order:
            continue
        color = prof.role(role).color
        for _, row in _having(located, role).iterrows():
            p = row.geometry
            if p.equals(s):
                continue
            pts = [(s.y, s.x), (p.y, p.x)] if outward else [(p.y, p.x), (s.y, s.x)]
            label = f"{row['place']} \u2192 site" if not outward else f"site \u2192 {row['place']}"
            line = el.PolyLine(pts, color=color, weight=2.5, opacity=0.8, dash_array="8 6")
            line.add_child(Bind("bindTooltip", esc(label), sticky=True))
            line.add_to(group)
            drew = True
    return drew


def _having(located: gpd.GeoDataFrame, role: str) -> gpd.GeoDataFrame:
    """The places that have ``role`` among their roles."""
    return located[located["roles"].apply(lambda rs: role in (rs or []))]
