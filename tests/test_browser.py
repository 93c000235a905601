"""The map in a real browser (Debian's Chromium driven by Playwright), with the network blocked."""

from __future__ import annotations

from pathlib import Path

import pytest

from geomap.webmap import render


def _open(browser, html_path, width: int = 1280, height: int = 800):
    page = browser.new_page(viewport={"width": width, "height": height})
    requests, errors = [], []
    page.route(
        "**/*",
        lambda route: (
            route.continue_()
            if route.request.url.startswith("file:")
            else (requests.append(route.request.url), route.abort())
        ),
    )
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(html_path.as_uri())
    page.wait_for_timeout(500)
    return page, requests, errors


def _places_shown(where) -> int:
    """How many places a map (a page or a frame) shows: its lone markers, and the places its stacks hold."""
    held = where.locator(".gm-stack-count").all_inner_texts()
    return where.locator(".gm-marker").count() + sum(int(n) for n in held)


def _click_place(page, role: str) -> None:
    """Click the first marker of ``role``, spreading the stack it leads first if it is in one."""
    stack = page.locator(f".gm-stack-role-{role}")
    if stack.count():
        stack.first.click()
    page.locator(f".gm-role-{role}").first.click()


def test_seed_map_works_offline(browser, parse, seed_path, tmp_path):
    gdf = parse(seed_path)
    path = tmp_path / "seed.html"
    path.write_text(render(gdf, tiles=None).get_root().render(), encoding="utf-8")
    page, requests, errors = _open(browser, path)
    located = gdf[gdf.geometry.notna()]
    assert _places_shown(page) == len(located)
    assert page.locator(".gm-legend").is_visible()
    assert errors == [] and requests == []
    # click the origin marker: its popup shows the evidence sentence
    page.locator(".gm-role-origin").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    assert "citizens of" in popup.inner_text() and popup.locator("mark").count() >= 1
    shot = page.screenshot()
    from io import BytesIO

    from PIL import Image

    img = Image.open(BytesIO(shot)).convert("L")
    colors = img.getcolors(maxcolors=1 << 20)
    assert colors is not None and len(colors) > 20, "the screenshot is blank"


HOSTILE_GAZETTEER = 'name,lat,lon,aliases\n"Hall <img src=x onerror=""window.__pwned=1"">",6.45,3.39,The Hall\n'
HOSTILE_TEXT = (
    "date 2024-05-01\n"
    'Blast at <script>window.__pwned=2</script> "Hall" \u2019quoted\u2019 \U0001f4a5 '
    "{{7*7}} {% if 1 %}yes{% endif %} {#\n\n"
    'An explosion hit The Hall in Lagos on Friday, killing 12 <b>people</b> {{7*7}} {# \u2014 "officials" said '
    '<img src=x onerror="window.__pwned=3">. Gunmen from Niger fled to Chad. '
    "\u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627 Ghana condemned the attack "
    "\U0001f4a5 `${window.__pwned=4}`."
)


def test_a_popup_opened_near_the_top_shows_its_name_below_the_title(browser, parse, tmp_path):
    # the Beirut port's popup is tall: opened, the map pans it below the story's title bar
    gdf = parse(Path(__file__).parents[1] / "data/articles/beirut-port-explosion-2020-08-08.txt")
    path = tmp_path / "beirut.html"
    path.write_text(render(gdf, tiles=None).get_root().render(), encoding="utf-8")
    page, _, errors = _open(browser, path)
    _click_place(page, "incident_site")  # the port, stacked with Beirut and the places the story puts there
    heading = page.locator(".leaflet-popup-content h4")
    heading.wait_for(timeout=3000)
    page.wait_for_timeout(600)  # the pan's animation
    title = page.locator(".gm-title").bounding_box()
    assert heading.bounding_box()["y"] >= title["y"] + title["height"] and errors == []


def test_hostile_article_renders_as_text_and_runs_nothing(browser, parse, tmp_path):
    from playwright.sync_api import expect

    gaz = tmp_path / "hostile.csv"
    gaz.write_text(HOSTILE_GAZETTEER, encoding="utf-8")
    gdf = parse(HOSTILE_TEXT, user_gazetteer=gaz)
    assert any("<img" in p for p in gdf["place"])  # the hostile name is really on the map
    path = tmp_path / "hostile.html"
    path.write_text(render(gdf, self_contained=True).get_root().render(), encoding="utf-8")
    page, requests, errors = _open(browser, path)
    assert page.evaluate("window.__pwned === undefined")
    assert errors == [] and requests == []
    title = page.locator(".gm-title").inner_text()
    assert "<script>window.__pwned=2</script>" in title and "{{7*7}} {% if 1 %}yes{% endif %} {#" in title
    assert "GeoNames" in page.locator(".leaflet-control-attribution").inner_text()
    label = page.locator(".gm-label", has_text="onerror")
    expect(label).to_have_count(1)  # once the map's first zoom (its stacks' animation) is over
    assert "<img src=x" in label.inner_text()
    _click_place(page, "incident_site")
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for(timeout=3000)
    text = popup.inner_text()
    assert '<img src=x onerror="window.__pwned=3">' in text
    assert "<b>people</b> {{7*7}} {#" in text and "\u201cofficials\u201d" not in text and '"officials"' in text
    assert page.evaluate("window.__pwned === undefined")


def test_several_stories_one_map_with_a_time_slider(browser, parse, tmp_path):
    import pandas as pd

    a = parse("date 2024-01-05\nA bomb exploded in Kabul on Friday.", id="kabul")
    b = parse("date 2024-02-11\nFloods swept through Dhaka on Sunday.", id="dhaka")
    gdf = pd.concat([a, b], ignore_index=True)
    path = tmp_path / "two.html"
    path.write_text(render(gdf, self_contained=True).get_root().render(), encoding="utf-8")
    page, _, errors = _open(browser, path)
    assert errors == []
    assert page.locator(".gm-marker").count() == 2
    slider = page.locator(".gm-slider input")
    slider.fill("0")  # up to the first date: only Kabul
    page.wait_for_timeout(200)
    assert page.locator(".gm-marker").count() == 1
    assert "2024-01-05" in page.locator(".gm-slider-label").inner_text()
    slider.fill("1")
    page.wait_for_timeout(200)
    assert page.locator(".gm-marker").count() == 2


def test_fragment_embeds_a_working_map(browser, parse, seed_path, tmp_path):
    from geomap.webmap import fragment

    gdf = parse(seed_path)
    page_html = "<html><body><h1>Report</h1>" + fragment(render(gdf, self_contained=True)) + "</body></html>"
    path = tmp_path / "report.html"
    path.write_text(page_html, encoding="utf-8")
    page, requests, errors = _open(browser, path)
    page.wait_for_timeout(500)
    assert _places_shown(page.frames[1]) == int(gdf.geometry.notna().sum())
    assert errors == [] and requests == []


def _late_page(browser, gdf):
    """A page that embeds the map's fragment and is laid out late: its stylesheet is slow to come."""
    import time

    from geomap.webmap import fragment

    page_html = '<html><head><link rel="stylesheet" href="slow.css"></head><body><h1>Report</h1>'
    page_html += fragment(render(gdf, self_contained=True)) + "</body></html>"

    def serve(route):
        if route.request.url.endswith("slow.css"):
            time.sleep(0.6)
            route.fulfill(body="body{margin:8px}", content_type="text/css")
        elif route.request.url.endswith("/page.html"):
            route.fulfill(body=page_html, content_type="text/html")
        else:
            route.abort()

    page = browser.new_page(viewport={"width": 1000, "height": 700})
    page.route("**/*", serve)
    page.goto("http://geomap.test/page.html")
    page.wait_for_timeout(1000)
    return page


def test_an_embedded_map_fits_its_places_when_its_page_is_laid_out_late(browser, parse):
    # the map in the page's <iframe srcdoc> runs before the page is laid out, 0 pixels wide: fitting
    # the bounds then zoomed to the closest zoom, over no place, and clusters drew no marker
    import pandas as pd

    one = parse(
        "date 2020-08-08\nAn explosion destroyed the port of Beirut. The ship had sailed from Batumi "
        "and was bound for Beira, Mozambique."
    )
    page = _late_page(browser, one)
    frame = page.frames[1]
    zoom = frame.evaluate(
        "(() => { const k = Object.keys(window).find(k => k.startsWith('map_')); return window[k].getZoom(); })()"
    )
    assert 2 <= zoom <= 6  # the Mediterranean to Mozambique: not one street, not the whole world
    assert _places_shown(frame) == int(one.geometry.notna().sum())
    page.close()
    a = parse("date 2024-01-05\nA bomb exploded in Kabul on Friday.", id="first")
    b = parse("date 2024-02-12\nFloods swept through Dhaka on Monday.", id="second")
    page = _late_page(browser, pd.concat([a, b], ignore_index=True))
    assert page.frames[1].locator(".gm-marker").count() == 2  # several stories: clustered markers, drawn
    page.close()


def test_a_map_whose_box_gets_its_size_late_draws_its_place(browser, parse, tmp_path):
    # geomap serve's page in Chromium 150: the map's script ran while its box had no size yet and the
    # window never resized after; a one-place map (a view, no bounds to fit) drew no marker
    gdf = parse("date 2024-03-04\nA fire destroyed a warehouse in Lyon on Monday.")
    assert int(gdf.geometry.notna().sum()) == 1
    page_html = render(gdf, self_contained=True).get_root().render()
    late = '<style id="late">.folium-map{height:0 !important}</style>'
    late += "<script>setTimeout(function () { document.getElementById('late').remove(); }, 300);</script>"
    path = tmp_path / "late.html"
    path.write_text(page_html.replace("</head>", late + "</head>", 1), encoding="utf-8")
    page, requests, errors = _open(browser, path)
    page.wait_for_timeout(500)
    assert _places_shown(page) == 1
    zoom = page.evaluate(
        "(() => { const k = Object.keys(window).find(k => k.startsWith('map_')); return window[k].getZoom(); })()"
    )
    assert 8 <= zoom <= 12  # the town, as a map whose box had its size at once shows it
    assert errors == [] and requests == []
    page.close()


def test_stories_in_one_city_cluster_and_the_slider_still_hides_a_story(browser, parse, tmp_path):
    import pandas as pd
    from playwright.sync_api import expect

    a = parse("date 2024-01-05\nA bomb exploded in Kabul on Friday.", id="first")
    b = parse("date 2024-02-11\nA second bomb exploded in Kabul on Sunday.", id="second")
    c = parse("date 2024-02-12\nFloods swept through Dhaka on Monday.", id="third")
    path = tmp_path / "three.html"
    path.write_text(render(pd.concat([a, b, c], ignore_index=True), self_contained=True).get_root().render())
    page, requests, errors = _open(browser, path)
    assert errors == [] and requests == []  # the clustering code is inlined
    cluster, markers = page.locator(".marker-cluster"), page.locator(".gm-marker")
    expect(cluster).to_have_count(1)  # the two Kabul stories (animations settle first)
    expect(cluster).to_have_text("2")
    expect(markers).to_have_count(1)  # Dhaka, alone
    page.locator(".gm-slider input").fill("0")  # up to the first story's date
    expect(cluster).to_have_count(0)
    expect(markers).to_have_count(1)
    page.locator(".gm-slider input").fill("2")
    expect(cluster).to_have_count(1)
    cluster.click()  # a click zooms in and opens the cluster
    expect(markers).not_to_have_count(1)


def test_on_a_phone_the_legend_starts_folded_and_its_title_opens_it(browser, parse, seed_path, tmp_path):
    path = tmp_path / "seed.html"
    path.write_text(render(parse(seed_path), tiles=None).get_root().render(), encoding="utf-8")
    wide, _, errors = _open(browser, path)
    assert wide.locator("details.gm-legend").evaluate("d => d.open") and errors == []
    phone, _, errors = _open(browser, path, width=390, height=700)
    legend = phone.locator("details.gm-legend")
    assert not legend.evaluate("d => d.open") and errors == []
    phone.locator("details.gm-legend > summary").click()
    assert legend.evaluate("d => d.open") and phone.locator(".gm-legend-item").first.is_visible()


#: the opacity a marker's shape is drawn with: its own times its ancestors', up to the marker's pane
_SHAPE_OPACITY = """marker => {
  let opacity = 1;
  for (let e = marker.querySelector("svg"); !e.classList.contains("leaflet-pane"); e = e.parentElement) {
    opacity *= +getComputedStyle(e).opacity;
  }
  return opacity;
}"""


def test_a_faded_place_stays_faded_when_leaflet_sets_its_marker_s_opacity(browser, co_located, tmp_path):
    # marker clusters show a marker by setting its opacity (a style of the marker's own): it must not undo the fading
    path = tmp_path / "faded.html"
    alone = co_located[co_located["place"].isin(["Linwood", "Wellington"])]
    path.write_text(render(alone, tiles=None).get_root().render(), encoding="utf-8")
    page, _, errors = _open(browser, path)
    faded, clear = page.locator(".gm-marker.gm-uncertain"), page.locator(".gm-marker:not(.gm-uncertain)")
    assert faded.evaluate(_SHAPE_OPACITY) == pytest.approx(0.45) and clear.evaluate(_SHAPE_OPACITY) == 1
    page.evaluate(
        "() => { const map = window[Object.keys(window).find(k => k.startsWith('map_'))];"
        " map.eachLayer(l => { if (l.setOpacity && l.getLatLng) l.setOpacity(1); }); }"
    )
    assert faded.evaluate(_SHAPE_OPACITY) == pytest.approx(0.45) and errors == []


def test_places_at_one_point_spread_on_a_click_each_with_its_own_label_and_popup(browser, co_located, tmp_path):
    # three places at one point (a city, and two places the story puts there) and one elsewhere
    from playwright.sync_api import expect

    path = tmp_path / "stacked.html"
    path.write_text(render(co_located, tiles=None).get_root().render(), encoding="utf-8")
    page, requests, errors = _open(browser, path)
    stack, markers = page.locator(".gm-stack"), page.locator(".gm-marker")
    labels = page.locator(".leaflet-tooltip.gm-label")
    # one stack: the most important place's star, how many places it holds, and all their names
    expect(stack).to_have_count(1)
    assert "gm-stack-role-incident_site" in stack.get_attribute("class")
    assert stack.locator(".gm-stack-count").inner_text() == "3"
    assert stack.locator(".gm-stack-label").inner_text() == "Al Noor Mosque, Linwood, Christchurch"
    lone = page.locator(".gm-role-response")  # Wellington, alone: a marker and its label, as ever
    expect(markers).to_have_count(1)
    assert labels.all_inner_texts() == ["Wellington"]
    where, look = lone.bounding_box(), lone.get_attribute("class")
    stack.click()  # spreads the three markers around the point, each with its own name
    expect(markers).to_have_count(4)
    expect(stack.locator(".gm-stack-label")).to_be_hidden()
    assert sorted(labels.all_inner_texts()) == ["Al Noor Mosque", "Christchurch", "Linwood", "Wellington"]
    assert page.locator(".gm-marker.gm-uncertain").evaluate(_SHAPE_OPACITY) == pytest.approx(0.45)
    opened = []
    for marker in (*page.locator(".gm-role-incident_site").all(), page.locator(".gm-role-incident_area")):
        marker.click()
        opened.append(page.locator(".leaflet-popup-content h4").inner_text())
        page.locator(".leaflet-popup-close-button").click()
        expect(page.locator(".leaflet-popup")).to_have_count(0)
    assert sorted(opened) == ["Al Noor Mosque", "Christchurch", "Linwood"]
    assert lone.bounding_box() == where and lone.get_attribute("class") == look
    page.locator(".leaflet-container").click(position={"x": 150, "y": 300})  # a click beside closes the stack
    expect(markers).to_have_count(1)
    expect(stack.locator(".gm-stack-label")).to_be_visible()
    assert errors == [] and requests == []


def test_the_layer_control_hides_a_role_s_markers_stacked_or_not(browser, co_located, tmp_path):
    from playwright.sync_api import expect

    path = tmp_path / "stacked.html"
    path.write_text(render(co_located, tiles=None).get_root().render(), encoding="utf-8")
    page, _, errors = _open(browser, path)
    page.locator(".leaflet-control-layers").hover()
    page.locator(".leaflet-control-layers-overlays label", has_text="Incident site").click()
    # the two sites leave the stack: Christchurch stands alone, as Wellington does
    expect(page.locator(".gm-stack")).to_have_count(0)
    expect(page.locator(".gm-marker")).to_have_count(2)
    page.locator(".leaflet-control-layers-overlays label", has_text="Incident site").click()
    expect(page.locator(".gm-stack-count")).to_have_text("3")
    assert errors == []
