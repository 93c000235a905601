"""The annotated Folium map of a places table.

The map is built from small pieces, each a folium element: one layer per role (markers
coloured by role, a dashed halo of ``precision_km`` around imprecise places), lines from
origin to incident site and from site to destination, a legend, a title and a scale bar.
Everything that comes from the article is HTML-escaped before it reaches the page, and none of
it is ever template source: every element is one of :mod:`geomap._elements`, which render their
own template once and hand the page literal text. The data behind the map is credited
(:mod:`geomap.credits`).

==================  ==========================================================================
:mod:`.markers`     one place: marker shapes, halo, name label, tooltip, popup; movement lines
:mod:`.controls`    the legend, the title, the time slider, the credits
:mod:`.outlines`    outlines: the offline basemap, the story's countries and divisions shaded
:mod:`.stacks`      places at one point: stacked, spread out on a click; clusters of several stories
:mod:`.assets`      Leaflet and its plugins inlined: no network for code
==================  ==========================================================================

This module lays the map out: the view, a layer per role (one story) or per story (several),
the panes that keep the more important roles on top.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import folium
import geopandas as gpd

from .. import _elements as el
from .. import credits
from ..profile import Profile, load_profile
from ..table import require_table
from .assets import leaflet_assets, markercluster_assets
from .controls import Attribution, Legend, TimeSlider, add_time_slider, legend_items, title_html
from .markers import add_lines, add_place, esc, popup_html, role_rank, shape_svg, uncertain
from .outlines import add_basemap, shade_places
from .stacks import add_stacks, marker_cluster, show_stacks

if TYPE_CHECKING:
    from ..gazetteer import Gazetteer

_MAX_LABELS = 15


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
    gazetteer: Gazetteer | None = None,
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
        Draw a circle of radius ``precision_km`` around imprecise places (not around a place whose
        outline is shaded: the outline shows its extent).
    countries : bool, default True
        Shade the story's countries, and its states and provinces where the gazetteer has their
        outlines, in the colour of their role.
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
    m = _new_map(location, zoom, tiles, width, height)
    outlined: set = set()
    if tiles is None or countries:
        from ..gazetteer import Gazetteer

        gaz = gazetteer or Gazetteer.open()
        if tiles is None:
            add_basemap(m, gaz)
        if countries:
            outlined = shade_places(m, gaz, located, prof)
    articles, groups = _place_layers(m, located, prof, in_view, halos=halos, outlined=outlined)
    drew_lines = _movement(m, located, prof, articles, groups) if lines else False
    faded = sum(uncertain(row) for _, row in located.iterrows())
    Legend(legend_items(located, prof), lines=drew_lines, uncertain=faded).add_to(m)
    Attribution(credits.html_links()).add_to(m)
    if title and (t := title_html(gdf)) is not None:
        m.get_root().html.add_child(el.Raw(t))
    if len(articles) > 1:
        add_time_slider(m, located, groups)
    el.LayerControl(collapsed=True).add_to(m)
    el.FitView(bounds=bounds, location=location, zoom=zoom).add_to(m)
    _number_elements(m.get_root(), _drawing_key(gdf, prof, tiles, lines, halos, countries, title))
    return m


def _drawing_key(gdf: gpd.GeoDataFrame, *what) -> str:
    """16 hex digits that name one drawing: the table and how it is drawn."""
    import hashlib

    data = gdf.to_json(default=str) + repr([getattr(w, "name", w) for w in what])
    return hashlib.blake2b(data.encode(), digest_size=8).hexdigest()


def _number_elements(root, key: str) -> None:
    """Give every element of the page an id from the drawing and its place in the page, not a random one.

    The same table drawn the same way gives the same page, byte for byte: a map kept in a
    repository or a report changes only when what it shows changes. Two maps of different tables
    embedded in one page still have ids of their own.
    """
    seen, todo, n = set(), [root], 0
    while todo:
        element = todo.pop(0)
        if id(element) in seen or not hasattr(element, "_children"):
            continue
        seen.add(id(element))
        element._id = key + format(n, "016x")
        n += 1
        todo.extend(element._children.values())
        todo.extend(getattr(element, attr) for attr in ("header", "html", "script") if hasattr(element, attr))


def _new_map(location: list[float], zoom: int, tiles: str | None, width: str | int, height: str | int) -> folium.Map:
    """An empty map at ``location``, with its tiles (if any) and Leaflet inlined."""
    m = el.Map(location=location, zoom_start=zoom, tiles=None, control_scale=True, width=width, height=height)
    m.options["maxZoom"] = 18  # set on the map itself: with no tiles, clustering needs it
    if tiles is not None:
        el.TileLayer(tiles).add_to(m)
    # Leaflet is inlined; folium's CDN links (jQuery, Bootstrap, Font Awesome) are not needed
    m.default_js, m.default_css = [], []
    m.get_root().header.add_child(el.Raw(leaflet_assets()), name="leaflet_inline", index=0)
    return m


def _place_layers(
    m: folium.Map,
    located: gpd.GeoDataFrame,
    prof: Profile,
    in_view: gpd.GeoDataFrame,
    *,
    halos: bool,
    outlined: set,
) -> tuple[list[str], dict]:
    """The places' layers: a layer per role (one story) or per story (several).

    Places get a halo (if ``halos``) unless their outline is drawn (``outlined``: index labels).

    Returns the stories' ids and their layers (empty for one story).
    """
    for rank in range(len(prof.roles)):
        # one pane per role, the more important above: the site is never hidden under its city
        el.CustomPane(f"role-{rank}", z_index=650 - rank, pointer_events=True).add_to(m)
    articles = list(dict.fromkeys(located["article"])) if not located.empty else []
    labels = _labels(located, prof, in_view) if len(located) <= _MAX_LABELS else {}
    if len(articles) > 1:
        return articles, _story_layers(m, located, prof, articles, halos=halos, outlined=outlined, labels=labels)
    return articles, _role_layers(m, located, prof, halos=halos, outlined=outlined, labels=labels)


def _movement(m: folium.Map, located: gpd.GeoDataFrame, prof: Profile, articles: list[str], groups: dict) -> bool:
    """Each story's movement lines, in its layer (or a layer "Movement"); True if any was drawn."""
    drew_lines = False
    for article in articles:
        target = groups.get(article) or el.FeatureGroup(name="Movement", show=True)
        drawn = add_lines(target, located[located["article"] == article], prof)
        if drawn and article not in groups:
            target.add_to(m)
        drew_lines |= drawn
    return drew_lines


def _labels(located: gpd.GeoDataFrame, prof: Profile, view: gpd.GeoDataFrame | None = None) -> dict:
    """Permanent name labels, one per place; places at the same point share a side.

    Returns index -> (name, side). A point's labels go to the left of its markers when a more
    important point lies just beside it (within about a twentieth of the first view, ``view``),
    so that the two names do not cover each other. Places at one point are stacked on a single
    story's map, and the stack shows their names together (:mod:`.stacks`).
    """
    order = prof.order
    spots: dict[tuple, list] = {}
    for idx, row in located.iterrows():
        spots.setdefault((round(row.geometry.y, 6), round(row.geometry.x, 6)), []).append((idx, row))
    view = located if view is None or view.empty else view
    xs, ys = view.geometry.x, view.geometry.y
    near = 0.05 * max(float(xs.max() - xs.min()), float(ys.max() - ys.min()))
    out, placed = {}, []
    for (y, x), rows in sorted(spots.items(), key=lambda kv: min(order.get(r["role"], 99) for _, r in kv[1])):
        crowded = any(abs(y - py) < near and abs(x - px) < 4 * near for py, px in placed)
        out.update((idx, (str(row["place"]), "left" if crowded else "right")) for idx, row in rows)
        placed.append((y, x))
    return out


def _role_layers(
    m: folium.Map, located: gpd.GeoDataFrame, prof: Profile, *, halos: bool, outlined: set, labels: dict
) -> dict:
    """One layer per role (a single story); markers that would cover each other are stacked (:mod:`.stacks`).

    Each layer's markers are a sub-group of the stacks, so the layer control still shows and
    hides a role with its markers. Markers are ordered by role, then as in the table: a stack
    looks like its first place and names its places in that order.
    """
    stacks = add_stacks(m, pane="role-0")
    order = 0
    for rank, role in enumerate(prof.roles):
        rows = located[located["role"] == role.name]
        if rows.empty:
            continue
        group = el.FeatureGroup(name=esc(f"{role.label} ({len(rows)})"), show=True)
        markers = el.FeatureGroupSubGroup(stacks, control=False).add_to(group)
        for idx, row in rows.iterrows():
            marker = add_place(
                group,
                row,
                role,
                prof,
                f"role-{rank}",
                halos=halos and idx not in outlined,
                label=labels.get(idx),
                markers=markers,
            )
            marker.options["stackOrder"] = order
            order += 1
        group.add_to(m)
    show_stacks(m, stacks)
    return {}


def _story_layers(
    m: folium.Map,
    located: gpd.GeoDataFrame,
    prof: Profile,
    articles: list[str],
    *,
    halos: bool,
    outlined: set,
    labels: dict,
) -> dict:
    """One layer per story (several stories on one map); markers keep their role colours.

    The markers of all stories are clustered together (Leaflet.markercluster, inlined): stories
    that share a city do not pile their markers on each other; a cluster opens on a click or a
    zoom. Each story's markers are a sub-group of that cluster inside the story's layer, so the
    layer control and the time slider still show and hide a story with its markers.
    """
    cluster = marker_cluster(m, maxClusterRadius=40)
    groups = {}
    for article in articles:
        rows = located[located["article"] == article]
        first = rows.iloc[0]
        name = f"{first['title'] or article}" + (f" ({first['date']})" if first["date"] else "")
        group = el.FeatureGroup(name=esc(name), show=True)
        markers = el.FeatureGroupSubGroup(cluster, control=False).add_to(group)
        for idx, row in rows.iterrows():
            rank = role_rank(prof, row["role"])
            add_place(
                group,
                row,
                prof.roles[rank],
                prof,
                f"role-{rank}",
                halos=halos and idx not in outlined,
                label=labels.get(idx),
                markers=markers,
            )
        group.add_to(m)
        groups[article] = group
    return groups


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


def _view(located: gpd.GeoDataFrame) -> tuple[list[float], int, list[list[float]] | None]:
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


def fragment(m: folium.Map | str, *, height: int = 480, title: str = "Map") -> str:
    """An HTML snippet that embeds the map in a page or report: a sandboxed ``<iframe srcdoc>``.

    The whole map (scripts, styles, data) travels inside the snippet, so it needs no other file.
    ``m`` is the map, or its page already rendered (``m.get_root().render()``: not rendered again).
    """
    doc = m if isinstance(m, str) else m.get_root().render()
    return (
        f'<iframe title="{esc(title)}" srcdoc="{html.escape(doc, quote=True)}" '
        f'style="width:100%;height:{int(height)}px;border:0" loading="lazy" '
        'sandbox="allow-scripts allow-popups"></iframe>\n'
    )


__all__ = [
    "Legend",
    "TimeSlider",
    "fragment",
    "leaflet_assets",
    "markercluster_assets",
    "popup_html",
    "render",
    "shape_svg",
]
