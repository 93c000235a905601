"""The geomap command, run as a user would."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from geomap.table import read_geojson


def geomap(*args, stdin=None, cwd=None):
    env = dict(os.environ)
    return subprocess.run(
        [sys.executable, "-m", "geomap.cli", *map(str, args)],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )


def test_export_writes_geojson_to_stdout(seed_path):
    r = geomap("export", seed_path)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["type"] == "FeatureCollection" and len(data["features"]) >= 5
    assert "Traceback" not in r.stderr


def test_export_from_stdin_and_to_file(tmp_path):
    r = geomap("export", "-", "-o", tmp_path / "out.geojson", stdin="A bomb exploded in Kabul on Friday.")
    assert r.returncode == 0, r.stderr
    gdf = read_geojson(tmp_path / "out.geojson")
    assert list(gdf["place"]) == ["Kabul"] and gdf["role"].iloc[0] == "incident_site"


def test_map_and_places(seed_path, tmp_path):
    out = tmp_path / "crocus.html"
    r = geomap("map", seed_path, "-o", out)
    assert r.returncode == 0, r.stderr
    assert out.read_text().count('"gm-marker gm-role-') >= 5
    r = geomap("places", seed_path)
    assert r.returncode == 0 and "Tajikistan" in r.stdout and "origin" in r.stdout


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["export", "no/such/file.txt"], 2, "no such file"),
        (["map", "."], 2, "not a file"),
        (["export", "--profile", "nope.yaml", "-"], 2, "no such profile"),
        (["frobnicate"], 2, "invalid choice"),
    ],
)
def test_bad_input_is_a_clear_error_not_a_traceback(args, code, message):
    r = geomap(*args, stdin="Floods in Dhaka.")
    assert r.returncode == code
    assert message in r.stderr
    assert "Traceback" not in r.stderr


def test_existing_output_is_not_overwritten_without_force(tmp_path):
    out = tmp_path / "out.geojson"
    out.write_text("keep me")
    r = geomap("export", "-", "-o", out, stdin="Floods in Dhaka.")
    assert r.returncode == 5 and "--force" in r.stderr
    assert out.read_text() == "keep me"
    r = geomap("export", "-", "-o", out, "--force", stdin="Floods in Dhaka.")
    assert r.returncode == 0 and read_geojson(out)["place"].tolist() == ["Dhaka"]


def test_existing_output_is_refused_before_the_work(tmp_path):
    """A long run (here an evaluation) must not find out at its end that it may not write."""
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text('{"id": "1", "text": "not json')  # would fail as bad input if it were read
    out = tmp_path / "docs.jsonl"
    out.write_text("keep me")
    r = geomap("evaluate", corpus, "-o", out)
    assert r.returncode == 5 and "--force" in r.stderr and "Traceback" not in r.stderr
    assert out.read_text() == "keep me"
    r = geomap("evaluate", corpus, "-o", tmp_path / "no" / "docs.jsonl")
    assert r.returncode == 5 and "no such folder" in r.stderr


def test_help_has_examples_and_version():
    r = geomap("export", "--help")
    assert r.returncode == 0 and "examples:" in r.stdout and "exit codes" in r.stdout
    r = geomap("--version")
    assert r.returncode == 0 and r.stdout.startswith("geomap ")


def test_user_gazetteer_places_a_venue(tmp_path):
    gaz = tmp_path / "venues.csv"
    gaz.write_text("name,lat,lon,aliases,country\nZephyr Arena,6.4474,3.3903,the Zephyr,NG\n", encoding="utf-8")
    r = geomap("export", "-", "--gazetteer", gaz, stdin="A stampede at the Zephyr Arena in Lagos killed four.")
    assert r.returncode == 0, r.stderr
    feats = {f["properties"]["place"]: f for f in json.loads(r.stdout)["features"]}
    arena = feats["Zephyr Arena"]
    assert arena["properties"]["gazetteer_id"] == "user:zephyr-arena"
    assert arena["geometry"]["coordinates"] == [3.3903, 6.4474]
    assert arena["properties"]["role"] == "incident_site"


def test_bad_user_gazetteer(tmp_path):
    gaz = tmp_path / "bad.csv"
    gaz.write_text("name,lat,lon\nNowhere,abc,1\n", encoding="utf-8")
    r = geomap("export", "-", "--gazetteer", gaz, stdin="Floods in Dhaka.")
    assert r.returncode == 2 and "no valid lat/lon" in r.stderr


def test_an_article_longer_than_the_model_takes_is_a_clear_error(tmp_path):
    # over spaCy's 1,000,000 characters: a message and exit 2, no traceback; the fast mode reads it
    big = tmp_path / "big.txt"
    big.write_text("Floods hit Paris on Monday. " * 40_000, encoding="utf-8")
    r = geomap("export", big)
    assert r.returncode == 2 and "at most 1,000,000" in r.stderr and "Traceback" not in r.stderr
    r = geomap("export", big, "--fast")
    assert r.returncode == 0 and "Paris" in r.stdout


def test_batch_lists_an_article_too_long_and_writes_the_others(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "big.txt").write_text("Floods hit Paris on Monday. " * 40_000, encoding="utf-8")
    (folder / "small.txt").write_text("Floods hit Lyon on Monday.", encoding="utf-8")
    out = tmp_path / "places.csv"
    r = geomap("batch", folder, "-o", out, "-j", "1")
    assert r.returncode == 6 and "big" in r.stderr and "at most 1,000,000" in r.stderr
    assert "Lyon" in out.read_text(encoding="utf-8")


STORY = "A bomb exploded in Kabul, Afghanistan on Friday."


def test_python_dash_m_geomap_is_the_command():
    r = subprocess.run([sys.executable, "-m", "geomap", "--version"], capture_output=True, text=True, timeout=60)
    assert r.returncode == 0 and r.stdout.startswith("geomap ")


@pytest.mark.parametrize(
    "args, hint",
    [
        (["exprot", "-"], "did you mean 'export'?"),
        (["export", "-", "--form", "csv"], "did you mean '--format'?"),  # no abbreviated options
        (["export", "-", "--format", "cvs"], "did you mean 'csv'?"),
    ],
)
def test_mistakes_get_a_suggestion_and_exit_2(args, hint):
    r = geomap(*args, stdin=STORY)
    assert r.returncode == 2 and hint in r.stderr and "Traceback" not in r.stderr


def test_dash_o_dash_is_standard_output_and_v_reports_the_setup(tmp_path):
    r = geomap("export", "-", "-o", "-", "--fast", "-v", stdin=STORY, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["features"][0]["properties"]["place"] == "Kabul"
    assert list(tmp_path.iterdir()) == []  # no file called "-"
    for said in ("gazetteer: ", "model: ", "profile: incident", "stdin: 2 places in", "done in"):
        assert said in r.stderr


def test_map_refuses_to_print_html_to_a_terminal(tmp_path):
    import pty

    main, child = pty.openpty()
    try:
        r = subprocess.run(
            [sys.executable, "-m", "geomap", "map", "-", "--fast"],
            input=STORY.encode(),
            stdout=child,
            stderr=subprocess.PIPE,
            timeout=120,
        )
    finally:
        os.close(child)
        os.close(main)
    assert r.returncode == 2 and b"-o FILE" in r.stderr
    piped = geomap("map", "-", "--fast", stdin=STORY)  # not a terminal: the page goes out
    assert piped.returncode == 0 and piped.stdout.startswith("<!DOCTYPE html>")


def test_shell_completion(tmp_path):
    r = geomap("completion", "bash")
    assert r.returncode == 0 and "complete " in r.stdout and "geomap" in r.stdout
    out = tmp_path / "completions"
    env = {
        **os.environ,
        "_ARGCOMPLETE": "1",
        "COMP_LINE": "geomap exp",
        "COMP_POINT": "10",
        "_ARGCOMPLETE_STDOUT_FILENAME": str(out),
    }
    subprocess.run([sys.executable, "-m", "geomap"], env=env, capture_output=True, timeout=60)
    assert sorted(out.read_text().split()) == ["explain", "export"]


def test_gazetteer_info_says_what_it_holds(gazetteer):
    r = geomap("gazetteer", "info", "--path", gazetteer.path)
    assert r.returncode == 0, r.stderr
    counts = dict(line.split() for line in r.stdout.splitlines()[1:])
    assert int(counts["country"]) >= 240 and int(counts["city"]) > 100_000
    missing = geomap("gazetteer", "info", "--path", "/nonexistent/g.sqlite")
    assert missing.returncode == 3 and "geomap gazetteer build" in missing.stderr


def test_evaluate_roles_reports_each_split_apart_and_scores_one_when_asked(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    for name in ("a", "b", "c", "d", "e", "f", "g", "h"):
        (tmp_path / f"{name}.txt").write_text("A fire destroyed a market in Kano, Nigeria, on Monday.\n")
        (gold / f"{name}.yaml").write_text(
            "article: x\nplaces:\n  - {place: Kano, feature: city, country: NG, lat: 12.0, lon: 8.5,"
            " tolerance_km: 25, roles: [incident_site]}\n"
        )
    (tmp_path / "split.yaml").write_text("seed: cli\nvalidation_fifths: 2\n")
    both = geomap("evaluate-roles", gold, "-q")
    assert both.returncode == 0, both.stderr
    assert "dev:" in both.stdout and "validation:" in both.stdout and "gold \\ predicted" in both.stdout
    one = geomap("evaluate-roles", gold, "-q", "--split", "dev", "-o", tmp_path / "dev.jsonl")
    assert one.returncode == 0 and "validation" not in one.stdout
    records = [json.loads(line) for line in (tmp_path / "dev.jsonl").read_text().splitlines()]
    assert records and {r["split"] for r in records} == {"dev"}
    (tmp_path / "split.yaml").write_text("share: 0.4\n")
    bad = geomap("evaluate-roles", gold, "-q")
    assert bad.returncode == 2 and "validation_fifths" in bad.stderr and "Traceback" not in bad.stderr
