"""The map in a real browser (Debian's Chromium driven by Playwright), with the network blocked."""

from __future__ import annotations

import os
import shutil

import pytest

from geomap.render import render

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip("playwright is not installed")
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (.ci/run installs it)")
        pytest.skip("chromium is not installed")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield b
        b.close()


def _open(browser, html_path):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
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


def test_seed_map_works_offline(browser, parse, seed_path, tmp_path):
    gdf = parse(seed_path)
    path = tmp_path / "seed.html"
    path.write_text(render(gdf, tiles=None).get_root().render(), encoding="utf-8")
    page, requests, errors = _open(browser, path)
    located = gdf[gdf.geometry.notna()]
    markers = page.locator(".leaflet-marker-pane .gm-marker, .leaflet-pane .gm-marker")
    assert markers.count() == len(located)
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
