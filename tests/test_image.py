"""Static images for reports, and the notebook form of the map."""

from __future__ import annotations

import pytest

from geomap.errors import InputError
from geomap.image import render_image
from geomap.webmap import render


@pytest.fixture(scope="module")
def seed(parse, seed_path):
    return parse(seed_path)


def test_png_shows_the_role_colours(seed, tmp_path):
    from PIL import Image

    path = render_image(seed, tmp_path / "seed.png")
    img = Image.open(path).convert("RGB")
    assert img.width >= 1000
    colors = {c for _, c in img.getcolors(maxcolors=1 << 22)}
    # the incident site's red and the origin's brown are drawn (role colours of the profile)
    assert (0xD6, 0x27, 0x28) in colors
    assert (0x8C, 0x56, 0x4B) in colors


@pytest.mark.parametrize("ext, magic", [("svg", b"<?xml"), ("pdf", b"%PDF")])
def test_svg_and_pdf(seed, tmp_path, ext, magic):
    path = render_image(seed, tmp_path / f"seed.{ext}")
    data = path.read_bytes()
    assert data.startswith(magic)
    if ext == "svg":
        assert b"Tajikistan" in data and b"Incident site" in data


def test_unknown_image_format(seed, tmp_path):
    with pytest.raises(InputError, match="use .png, .svg or .pdf"):
        render_image(seed, tmp_path / "seed.bmp")


def test_map_shows_inline_in_jupyter(seed):
    html = render(seed)._repr_html_()
    assert "<iframe" in html and "gm-marker" in html


def test_a_province_of_the_story_is_tinted_in_its_role_s_colour(parse):
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_hex

    from geomap.image import draw
    from geomap.profile import load_profile

    gdf = parse("A wildfire forced 4,000 people from their homes near Slave Lake in northern Alberta on Tuesday.")
    area = gdf.loc[gdf["place"] == "Alberta", "role"].iloc[0]
    color = {r.name: r.color for r in load_profile().roles}[area]
    fig = draw(gdf)
    shapes = [
        c
        for c in fig.axes[0].collections  # the polygons, not the markers
        if not isinstance(c, PathCollection) and len(c.get_facecolor())
    ]
    tinted = [c for c in shapes if to_hex(c.get_facecolor()[0]).lower() == color.lower()]
    # one shape tinted so, and it is Alberta's: its extent lies in western Canada
    assert len(tinted) == 1
    (x0, y0), (x1, y1) = tinted[0].get_datalim(fig.axes[0].transData).get_points()
    assert -121 < x0 < x1 < -109 and 48 < y0 < y1 < 61
