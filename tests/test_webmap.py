"""The Folium map: markers, legend, layers, lines, popups, escaping, no CDN scripts."""

from __future__ import annotations

import html
import json
import re

import pytest

from geomap.webmap import render

HOSTILE = (
    "date 2024-05-01\n"
    "Blast at <script>alert(1)</script> Hall\n\n"
    'An explosion hit the Evil<img src=x onerror=alert(2)> Stadium in Lagos on Friday, "officials" said. '
    "Gunmen from Niger fled to Chad. Ghana condemned the attack 💥 and said ‏مرحبا‎ \u202eevil\u202c. "
)


@pytest.fixture(scope="module")
def seed_html(parse, seed_path):
    gdf = parse(seed_path)
    return gdf, render(gdf).get_root().render()


def _script_text(html):
    return "\n".join(re.findall(r"<script>(.*?)</script>", html, flags=re.S))


def test_one_marker_per_located_place_in_a_layer_per_role(seed_html):
    gdf, html = seed_html
    located = gdf[gdf.geometry.notna()]
    assert html.count('"gm-marker gm-role-') == len(located)
    for role in set(located["role"]):
        n = int((located["role"] == role).sum())
        label = role.replace("_", " ").capitalize()
        assert f"{label} ({n})" in html


def test_legend_lines_title_and_scale(seed_html):
    gdf, html = seed_html
    assert 'class="gm-legend"' in html and "Role in the story" in html
    assert "L.polyline(" in html  # origin -> site, site -> destination
    assert 'class="gm-title"' in html and "2024-03-24" in html
    assert "L.control.scale" in html


def test_popup_has_evidence_with_the_mention_marked(seed_html):
    _, html = seed_html
    assert "<mark>Tajikistan</mark>" in html.replace("\\u003c", "<").replace("\\u003e", ">")
    assert "confidence" in html


def test_no_cdn_scripts_leaflet_is_inlined(seed_html):
    _, html = seed_html
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+stylesheet", html)
    assert "L.version" in html or 't.version="1.9.4"' in html


def test_hostile_article_is_escaped(parse):
    gdf = parse(HOSTILE)
    html = render(gdf).get_root().render()
    body = html.split("</style>", 1)[-1]
    scripts = _script_text(html)
    # nothing from the article can open a tag: in scripts it is JSON-escaped, in HTML entity-escaped
    assert "<script>alert(1)" not in body.replace(scripts, "")
    assert "onerror=alert(2)>" not in html.replace("onerror=alert(2)\\u003e", "")
    assert "<img src=x" not in html
    assert "&lt;script&gt;" in html  # the title shows the text, escaped


def test_empty_table_renders_a_world_map(parse):
    gdf = parse("Nothing happened anywhere today.")
    assert len(gdf) == 0
    html = render(gdf).get_root().render()
    assert "gm-marker gm-role-" not in html


def test_the_first_view_is_the_story_not_a_far_reaction(parse):
    gdf = parse(
        "date 2021-07-17\nFloods swept through Schuld and Sinzig in western Germany on Thursday. "
        "Speaking in Washington, the chancellor said she was shocked."
    )
    assert set(gdf.loc[gdf["place"] == "Washington", "role"]) <= {"context", "reaction"}
    html = render(gdf).get_root().render()
    # the map's own call (Leaflet's source has one too: fitWorld)
    (south, west), (north, east) = json.loads(re.findall(r"\.fitBounds\(\s*(\[\[.*?\]\])", html, re.S)[-1])
    assert west > 0 and north < 55  # Germany only: Washington (-77 E) is not in the first view...
    assert html.count('"gm-marker gm-role-') == int(gdf.geometry.notna().sum())  # ...but it is on the map


def test_names_of_places_side_by_side_do_not_cover_each_other(parse):
    gdf = parse("date 2021-07-17\nFloods swept through Sinzig and Bad Neuenahr-Ahrweiler in Germany on Thursday.")
    html = render(gdf).get_root().render()
    sides = re.findall(r'"direction": "(left|right)"', html)
    assert "left" in sides and "right" in sides


def _shaded(html: str) -> list[dict]:
    """The shaded outlines of a map: each feature's style and the first point of its ring."""
    out = []
    for data in re.findall(r"L\.geoJSON\((\{.*?\}), \{\s*pane: \"countries\"", html, re.S):
        for f in json.loads(data)["features"]:
            coords = f["geometry"]["coordinates"]
            while isinstance(coords[0][0], list):
                coords = coords[0]
            out.append({"style": f["properties"]["style"], "point": coords[0]})
    return out


def test_the_story_s_provinces_and_countries_are_shaded_in_their_role_s_colour(parse):
    from geomap.profile import load_profile

    gdf = parse(
        "A wildfire forced 4,000 people from their homes near Slave Lake in northern Alberta on Tuesday. "
        "Crews from Saskatchewan arrived to help, and the United States sent water bombers."
    )
    shaded = _shaded(render(gdf).get_root().render())
    colors = {r.name: r.color for r in load_profile().roles}
    by_colour = {s["style"]["fillColor"] for s in shaded}
    assert len(shaded) == 3  # Alberta, Saskatchewan and the United States; no outline for the town
    area = gdf.loc[gdf["place"] == "Alberta", "role"].iloc[0]
    assert colors[area] in by_colour
    # Alberta's ring lies in western Canada
    assert any(-121 < s["point"][0] < -109 and 48 < s["point"][1] < 61 for s in shaded)
    # a shaded place needs no halo of its precision; the town keeps its own
    html = render(gdf).get_root().render()
    radii = [float(r) for r in re.findall(r'"radius": ([0-9.]+)', html)]
    outlined = gdf[gdf["feature"].isin(["country", "admin1"])]["precision_km"] * 1000
    assert not any(abs(r - p) < 1 for r in radii for p in outlined)
    town = gdf.loc[gdf["place"] == "Slave Lake", "precision_km"].iloc[0] * 1000
    assert any(abs(r - town) < 1 for r in radii)


def test_render_is_callable_again_and_fragment_is_public():
    """A notebook re-runs its cells: geomap.render works every time, whatever was imported before."""
    import subprocess
    import sys

    code = (
        "import geomap\n"
        "gdf = geomap.geoparse('A bomb exploded in Kabul, Afghanistan on Friday.', fast=True)\n"
        "m1 = geomap.render(gdf)\n"
        "import geomap.webmap\n"
        "m2 = geomap.render(gdf)\n"
        "assert m1 is not m2\n"
        "print(geomap.fragment(m2)[:7], callable(geomap.render))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["<iframe", "True"]


def test_a_fragment_of_a_page_already_rendered_is_the_map_s_own(parse):
    from geomap.webmap import fragment

    m = render(parse("A bomb exploded in Kabul, Afghanistan on Friday."), self_contained=True)
    page = m.get_root().render()
    # the page itself, escaped into the frame: not rendered again (folium would add its markers'
    # scripts a second time)
    srcdoc = re.search(r'srcdoc="(.*?)"', fragment(page, title="Kabul"), re.S).group(1)
    assert html.unescape(srcdoc) == page and "<script" not in srcdoc


def test_the_same_table_draws_the_same_page_and_two_tables_have_ids_of_their_own(parse):
    # a map kept in a repository or a report changes only when what it shows changes
    text = "date 2024-05-04\nA bomb exploded in Kano, Nigeria, on Sunday. Ghana condemned the attack."
    gdf = parse(text)
    first, again = render(gdf).get_root().render(), render(gdf).get_root().render()
    assert first == again
    # two maps embedded in one report must not share element ids (their scripts would collide)
    other = render(parse("date 2024-05-04\nA ferry sank off Crete, Greece.")).get_root().render()

    def ids(page):
        return set(re.findall(r"[a-z]_([0-9a-f]{32})\b", page))

    assert ids(first) and not ids(first) & ids(other)


def test_places_at_one_point_each_keep_their_marker_label_and_popup_in_a_stack(co_located):
    # three places at one point and one elsewhere: one story's map stacks only the markers that meet
    page = render(co_located, tiles=None).get_root().render()
    assert page.count('"gm-marker gm-role-') == len(co_located)
    for name in co_located["place"]:
        assert f'bindTooltip("{name}", {{"className": "gm-label"' in page  # its own label...
        assert f"\\u003ch4\\u003e{name}\\u003c/h4\\u003e" in page  # ...and its own popup
    assert "Al Noor Mosque, Linwood" not in page  # names are joined in the browser, by the stack
    assert sorted(int(n) for n in re.findall(r'"stackOrder": (\d+)', page)) == list(range(len(co_located)))
    stacks = re.search(r"L\.markerClusterGroup\((.*?)\);", page, re.S).group(1)
    assert '"maxClusterRadius": 8' in stacks and '"spiderfyOnEveryZoom": true' in stacks
    assert '"zoomToBoundsOnClick": false' in stacks  # a click spreads a stack; it never zooms in
    assert page.count("L.featureGroup.subGroup(") == 3  # a role's layer still holds its markers
    assert not re.search(r"<script[^>]+src=", page)  # the plugin is inlined
    assert page == render(co_located, tiles=None).get_root().render()  # ids are the drawing's


def test_several_stories_are_clustered_as_before_not_stacked(parse, co_located):
    import pandas as pd

    other = parse("date 2024-01-05\nA bomb exploded in Kabul on Friday.", id="kabul")
    page = render(pd.concat([co_located, other], ignore_index=True), tiles=None).get_root().render()
    clusters = re.findall(r"L\.markerClusterGroup\((.*?)\);", page, re.S)
    assert len(clusters) == 1 and '"maxClusterRadius": 40' in clusters[0]
    assert ".options.iconCreateFunction =" not in page and '"stackOrder"' not in page
