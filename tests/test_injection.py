"""Text from an article, a user gazetteer or a profile is data: no map form runs it as a template.

Each story, gazetteer and profile here carries Jinja2 payloads: an expression, a statement, an
unclosed comment (which does not even compile) and one that would reach the ``os`` module and
make a folder. Every map form must show them literally and make no folder.
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import resources

import pandas as pd
import pytest
from branca.element import Element, Figure

from geomap import _elements as el
from geomap.webmap import fragment, render

EXPR, STMT, COMMENT = "{{7*7}}", "{% if 1 %}yes{% endif %}", "{#"


def _os_payload(folder) -> str:
    return "{{ cycler.__init__.__globals__.os.mkdir('" + str(folder) + "') }}"


@pytest.fixture
def hostile(tmp_path):
    """A story, a user gazetteer and a profile, all carrying payloads; and the folder they would make."""
    folder = tmp_path / "pwned"
    os_payload = _os_payload(folder)
    story = tmp_path / "story.txt"
    story.write_text(
        f"date 2024-03-01\nBlast {EXPR} at The Hall {STMT} {COMMENT}\n\n"
        f"A bomb exploded at The Hall in Kabul, Afghanistan on Friday {EXPR} {os_payload}. "
        f"Gunmen from Pakistan fled {STMT} {COMMENT} the scene, police said.\n",
        encoding="utf-8",
    )
    gaz = tmp_path / "venues.csv"
    gaz.write_text(
        f'name,lat,lon,aliases,id\n"Hall {EXPR} {STMT} {COMMENT}",34.53,69.17,The Hall,"{EXPR}{COMMENT}"\n',
        encoding="utf-8",
    )
    text = resources.files("geomap.resources").joinpath("profiles/incident.yaml").read_text(encoding="utf-8")
    profile = tmp_path / "profile.yaml"
    profile.write_text(
        text.replace("label: Incident site", f'label: "Site {EXPR} {STMT} {COMMENT}"')
        .replace("label: Origin", f"label: 'Origin {os_payload.replace(chr(39), chr(39) * 2)}'")
        .replace("title: Incident", f'title: "Incident {EXPR}"'),
        encoding="utf-8",
    )
    return story, gaz, profile, folder


def _literal(html: str, folder) -> None:
    """Every payload shows as written, none was evaluated, and no folder was made."""
    assert EXPR in html and STMT in html and COMMENT in html
    assert "Blast 49" not in html and "yes{% endif" not in html.replace(STMT, "")
    assert "cycler.__init__.__globals__.os.mkdir" in html
    assert not folder.exists()


def test_every_html_form_shows_payloads_literally(parse, hostile):
    story, gaz, profile, folder = hostile
    gdf = parse(story, user_gazetteer=gaz)
    assert any(EXPR in p for p in gdf["place"])  # the gazetteer's hostile name is really a place
    assert gdf["gazetteer_id"].str.contains(COMMENT, regex=False).any()
    assert gdf["roles"].apply(lambda rs: "origin" in rs).any()  # the hostile origin label is drawn
    for kw in ({}, {"self_contained": True}):
        m = render(gdf, profile=profile, **kw)
        html = m.get_root().render()
        _literal(html, folder)
        assert f"Site {EXPR} {STMT} {COMMENT}" in html  # the profile's label, in legend and layers
        _literal(fragment(m), folder)
        saved = story.with_suffix(".html")
        m.save(str(saved))
        _literal(saved.read_text(encoding="utf-8"), folder)


def test_several_stories_on_one_map(parse, hostile):
    story, gaz, profile, folder = hostile
    a = parse(story, user_gazetteer=gaz, id=f"a{EXPR}")
    b = parse(f"date 2024-03-09\nFloods {STMT} {COMMENT}\n\nFloods swept through Dhaka on Sunday.", id="b")
    html = render(pd.concat([a, b], ignore_index=True), profile=profile).get_root().render()
    _literal(html, folder)
    assert f"Floods {STMT} {COMMENT}" in html  # the second story's layer name


def test_images_draw_payloads_and_dollars_as_written(parse, hostile, tmp_path):
    from geomap.image import render_image

    story, gaz, profile, folder = hostile
    gdf = parse(story, user_gazetteer=gaz)
    gdf["title"] = gdf["title"] + " cost $5 and $6"
    svg = render_image(gdf, tmp_path / "map.svg", profile=profile).read_text(encoding="utf-8")
    drawn = re.sub(r"<!--.*?-->", "", svg, flags=re.S)  # the text drawn, not matplotlib's comments
    assert f"Blast {EXPR}" in drawn and "$5 and $6" in drawn  # text stays text in SVG; no mathtext
    assert render_image(gdf, tmp_path / "map.png", profile=profile).stat().st_size > 10_000
    assert not folder.exists()


def test_cli_map_forms(hostile, tmp_path):
    story, gaz, profile, folder = hostile
    base = [sys.executable, "-m", "geomap.cli", "map", str(story), "--gazetteer", str(gaz), "--profile", str(profile)]
    frag = subprocess.run([*base, "--fragment"], capture_output=True, text=True, timeout=300)
    assert frag.returncode == 0, frag.stderr
    _literal(frag.stdout, folder)
    for extra in ([], ["--self-contained"]):
        out = tmp_path / f"cli{len(extra)}.html"
        done = subprocess.run([*base, *extra, "-o", str(out)], capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        _literal(out.read_text(encoding="utf-8"), folder)


def _tree(element):
    yield element
    if isinstance(element, Figure):
        for section in (element.header, element.html, element.script):
            yield from _tree(section)
    for child in list(element._children.values()):
        yield from _tree(child)


def test_every_element_on_a_map_is_inert(parse, hostile):
    """An audit: after rendering, nothing on the page compiles what it renders as a template."""
    story, gaz, profile, _ = hostile
    a = parse(story, user_gazetteer=gaz)
    b = parse("date 2024-03-09\nFloods swept through Dhaka on Sunday.", id="b")
    for gdf, kw in ((a, {}), (pd.concat([a, b], ignore_index=True), {"self_contained": True})):
        m = render(gdf, profile=profile, **kw)
        m.get_root().render()
        kinds = {type(e).__name__ for e in _tree(m.get_root())}
        assert {"Marker", "FeatureGroup", "LayerControl", "Legend"} <= kinds
        for e in _tree(m.get_root()):
            # branca's sections, the Figure's fixed meta tag, and what NAME_ONLY elements render
            plain = type(e) is Element
            assert isinstance(e, (el.Inert, el.Raw, Figure, *el.NAME_ONLY)) or plain, type(e)
            if plain and e._template_str is not None and "charset" not in e._template_str:
                assert re.fullmatch(r"[\s\w.();]*", e._template_str), e._template_str
