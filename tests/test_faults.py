"""Hostile and broken input: one line and a documented exit code, never a traceback.

The fuzz tests (hypothesis) feed random text and bytes to the command and the API; the others
are the cases a fuzz run found, each named for what a user would have seen.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geomap import cli
from geomap.article import Article
from geomap.errors import GazetteerError, GeomapError, InputError

EXIT_CODES = {0, 1, 2, 3, 4, 5, 6, 130}


def run_cli(args, data: bytes, monkeypatch, capsys) -> tuple[int, str, str]:
    """The command in this process, with ``data`` on standard input."""
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def geomap(*args, stdin: bytes = b"", env=None):
    return subprocess.run(
        [sys.executable, "-m", "geomap", *map(str, args)],
        input=stdin,
        capture_output=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


# --- one reading rule for every way in ---------------------------------------------------------


def test_crlf_offsets_index_the_file_and_the_headline_is_kept(tmp_path, parse):
    raw = b"date 2024-03-01\r\nBlast in the capital\r\n\r\nA bomb exploded in Kabul on Friday.\r\n"
    path = tmp_path / "crlf.txt"
    path.write_bytes(raw)
    gdf = parse(path)
    assert gdf["title"].iloc[0] == "Blast in the capital" and gdf["date"].iloc[0] == "2024-03-01"
    m = gdf["mentions"].iloc[0][0]
    assert raw.decode()[m["start"] : m["end"]] == "Kabul"
    assert gdf["role"].iloc[0] == "incident_site"


def test_standard_input_reads_the_bytes_as_a_file_does(monkeypatch, capsys):
    raw = b"date 2024-03-01\r\nBlast\r\n\r\nA bomb exploded in Kabul.\r\n"
    code, out, _ = run_cli(["export", "-", "--fast"], raw, monkeypatch, capsys)
    assert code == 0
    import json

    props = json.loads(out)["features"][0]["properties"]
    assert props["title"] == "Blast" and props["mentions"][0]["start"] == raw.decode().index("Kabul")


@pytest.mark.parametrize(
    "text, message",
    [
        ("date tomorrow\nA bomb exploded in Kabul.", "not a date"),
        ("date 2024-3-1\nA bomb exploded in Kabul.", "use 'date YYYY-MM-DD'"),
        ("date: 1 March 2024\nA bomb exploded in Kabul.", "not a date"),
        ("A bomb exploded\x00 in Kabul.", "NUL"),
        ("A bomb exploded in Kabul \ud800.", "lone surrogate"),
    ],
)
def test_text_that_is_no_article_is_refused(text, message):
    with pytest.raises(InputError, match=message):
        Article.from_text(text)


def test_a_first_line_about_a_date_is_still_a_headline():
    assert Article.from_text("Date night in Paris\n\nA bomb exploded in Paris.").title == "Date night in Paris"


@pytest.mark.parametrize("fast", [[], ["--fast"]])
@pytest.mark.parametrize("data", [b"A bomb in Kabul \xff\xfe.\n", b"A bomb in Kabul.\x00\n"])
def test_bad_bytes_on_standard_input(data, fast, monkeypatch, capsys):
    code, out, err = run_cli(["export", "-", *fast], data, monkeypatch, capsys)
    assert code == 2 and out == "" and err.count("\n") == 1 and "standard input" in err


def test_api_errors_are_geomap_errors(parse):
    from geomap.table import to_geojson
    from geomap.webmap import render

    with pytest.raises(InputError):
        parse("A bomb exploded in Kabul \udc80.")
    with pytest.raises(InputError):
        render(None)
    with pytest.raises(InputError):
        to_geojson(None)


def test_ids_are_text_not_markup(monkeypatch, capsys):
    code, out, _ = run_cli(
        ["places", "-", "--fast", "--id", "[/oops]"], b"A bomb exploded in Kabul.", monkeypatch, capsys
    )
    assert code == 0 and "[/oops]" in out


# --- the gazetteer -----------------------------------------------------------------------------


def test_a_damaged_gazetteer_is_exit_3(tmp_path, gazetteer):
    bad = tmp_path / "damaged.sqlite"
    shutil.copy(gazetteer.path, bad)
    size = bad.stat().st_size
    with open(bad, "r+b") as f:  # the header stays valid; pages in the middle are overwritten
        for offset in range(4096 * 4, size, 4096 * 3):
            f.seek(offset)
            f.write(b"\xde\xad" * 200)
    r = geomap("export", "-", "--fast", stdin=b"A bomb exploded in Kabul, Afghanistan.", env={"GEOMAP_GAZETTEER": bad})
    assert r.returncode == 3 and b"damaged" in r.stderr and b"Traceback" not in r.stderr


def test_a_gazetteer_path_that_is_a_folder_is_exit_3_at_once(tmp_path):
    from geomap.gazetteer import Gazetteer

    r = geomap("export", "-", "--fast", stdin=b"A bomb exploded in Kabul.", env={"GEOMAP_GAZETTEER": tmp_path})
    assert r.returncode == 3 and b"not a file" in r.stderr and b"Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(GazetteerError):
        Gazetteer(tmp_path)


@pytest.mark.parametrize(
    "entry",
    [
        5,
        "x",
        {"lat": "north", "lon": 3, "name": "X"},
        {"lat": 91, "lon": 3, "name": "X"},
        {"lat": 1, "lon": 3, "name": "X", "bbox": [1, 2]},
        {"lat": 1, "lon": 3, "name": ["X"]},
        {"lat": 1, "lon": 3, "name": "X", "extra": 1},
    ],
)
def test_a_damaged_geocoder_cache_entry_is_a_miss(entry):
    from geomap.geocoders.online import Result

    with pytest.raises(ValueError):
        Result.from_dict(entry)
    good = Result.from_dict({"lat": 1, "lon": 3, "name": "X", "bbox": [0, 2, 2, 4]})
    assert good.bbox == (0.0, 2.0, 2.0, 4.0)


# --- fuzz -------------------------------------------------------------------------------------

_WORDS = st.sampled_from(
    ["Kabul", "Paris", "Texas", "the capital", "{{7*7}}", "{#", "<script>", "$x$", "date", "2024-03-01", "\r\n"]
)
_TEXT = st.lists(st.one_of(_WORDS, st.text(max_size=12)), max_size=30).map(" ".join)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=200), _TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_fuzz_the_command_on_standard_input(data, monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    code, out, err = run_cli(["export", "-", "--fast"], data, monkeypatch, capsys)
    assert code in EXIT_CODES and "Traceback" not in err
    if code == 0:
        import json

        assert json.loads(out)["type"] == "FeatureCollection"
    else:
        assert out == "" and err.startswith("geomap: error: ") and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []  # nothing written beside the run


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_TEXT)
def test_fuzz_the_api(text, gazetteer):
    from geomap import geoparse

    try:
        gdf = geoparse(text, fast=True, gazetteer=gazetteer)
    except GeomapError:
        return
    assert gdf.crs.to_epsg() == 4326
    for mentions in gdf["mentions"]:
        for m in mentions:
            assert text[m["start"] : m["end"]] == m["text"]


# --- outputs ----------------------------------------------------------------------------------


@pytest.fixture
def mounted(tmp_path):
    """A small file system of our own (a full disk, a read-only one); skipped where mounting is not allowed."""
    made = []

    def mount(options: str):
        where = tmp_path / f"fs{len(made)}"
        where.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True)
        if done.returncode != 0:
            pytest.skip("cannot mount a file system here")
        made.append(where)
        return where

    yield mount
    for where in made:
        subprocess.run(["umount", str(where)], capture_output=True)


STORY_FILE = "data/articles/beirut-port-explosion-2020-08-08.txt"


def test_a_read_only_folder_is_exit_5_before_the_work(mounted):
    from pathlib import Path

    ro = mounted("ro,size=1m")
    r = geomap("export", Path(__file__).parents[1] / STORY_FILE, "-o", ro / "places.geojson")
    assert r.returncode == 5 and b"cannot write in" in r.stderr and b"Traceback" not in r.stderr


@pytest.mark.parametrize("name", ["places.gpkg", "places.parquet", "places.geojson"])
def test_a_full_disk_is_exit_5_and_leaves_nothing(mounted, name):
    from pathlib import Path

    full = mounted("size=4k")
    r = geomap("export", Path(__file__).parents[1] / STORY_FILE, "--fast", "-o", full / name)
    assert r.returncode == 5 and r.stderr.count(b"\n") == 1 and b"Traceback" not in r.stderr
    assert list(full.iterdir()) == []  # no half-written file, no temporary file


def test_a_replaced_output_keeps_its_mode_and_a_new_one_follows_the_umask(tmp_path):
    from geomap.table import atomic_write

    private = tmp_path / "private.geojson"
    private.write_text("{}")
    private.chmod(0o600)
    atomic_write(private, "{}\n", overwrite=True)
    assert private.stat().st_mode & 0o777 == 0o600
    old = os.umask(0o027)
    try:
        atomic_write(tmp_path / "new.geojson", "{}\n")
    finally:
        os.umask(old)
    assert (tmp_path / "new.geojson").stat().st_mode & 0o777 == 0o640


def test_json_lines_split_at_newlines_only(tmp_path, gazetteer):
    import json

    from geomap.evaluation import evaluate_corpus

    text = "A bomb exploded in Kabul\u0085 on Friday.\u2028 Police said so."
    doc = {"id": "d1", "text": text, "toponyms": [{"start": 19, "end": 24, "name": "Kabul", "lat": 34.5, "lon": 69.2}]}
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps(doc, ensure_ascii=False) + "\n", encoding="utf-8")
    reports = evaluate_corpus(corpus, fast=True, gazetteer=gazetteer)
    assert reports["all"].docs == 1


_YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=12,
)
_PROFILE_KEYS = st.sampled_from(["name", "roles", "triggers", "lexicon", "events", "default_role", "aid_roles"])


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.dictionaries(_PROFILE_KEYS, _YAML_VALUES, max_size=5))
def test_fuzz_profiles(data, tmp_path):
    import yaml

    from geomap.errors import ProfileError
    from geomap.profile import Profile, load_profile

    path = tmp_path / "p.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    try:
        assert isinstance(load_profile(path), Profile)
    except ProfileError as exc:
        assert "\n" not in str(exc)
