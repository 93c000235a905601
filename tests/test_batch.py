"""Batches: reading many articles, both engines, every format, failures, resume."""

from __future__ import annotations

import io
import json
import signal
import subprocess
import sys
import time

import numpy as np
import pandas as pd
import pytest
from test_cli import geomap

from conftest import SHARED
from geomap.batch import read_articles, run_batch
from geomap.errors import InputError, OutputError
from geomap.table import read_table

STORIES = {
    "kabul": "date 2023-05-02\nA car bomb exploded outside a hotel in Kabul on Monday, killing nine people.",
    "lima": "Protesters clashed with police in Lima, Peru, after the vote.",
    "quake": "An earthquake struck near Kathmandu in Nepal. India sent rescue teams.",
}


def _write_stories(folder, stories=STORIES):
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in stories.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    return folder


def _corpus_texts(n: int) -> list[str]:
    texts = []
    for name in ("geowebnews.jsonl", "trnews.jsonl"):
        path = SHARED / "eval" / name
        if not path.exists():
            pytest.skip("shared eval corpora not available")
        texts += [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [texts[i % len(texts)] for i in range(n)]


def _same_points(a, b) -> bool:
    return np.allclose(a.geometry.x, b.geometry.x, equal_nan=True) and np.allclose(
        a.geometry.y, b.geometry.y, equal_nan=True
    )


def _sorted(gdf):
    return gdf.sort_values(["article", "place"]).reset_index(drop=True)


# -- reading ----------------------------------------------------------------------------------


def test_read_articles_from_files_folders_globs_and_tables(tmp_path):
    _write_stories(tmp_path / "news" / "deep")
    (tmp_path / "news" / ".hidden").mkdir()
    (tmp_path / "news" / ".hidden" / "skip.txt").write_text("Paris.", encoding="utf-8")
    (tmp_path / "one.txt").write_text("Floods hit Dhaka.", encoding="utf-8")
    rows = [
        {"id": "r1", "text": "A fire broke out in Oslo.", "date": "2024-01-05", "title": "Fire"},
        {"text": "Riots in Dakar."},
        {"id": "bad-date", "text": "Storm in Manila.", "date": "yesterday"},
    ]
    (tmp_path / "t.jsonl").write_text("\n".join(json.dumps(r) for r in rows) + "\n{broken\n", encoding="utf-8")
    pd.DataFrame({"id": ["c1"], "text": ["Shelling in Kharkiv."], "date": ["2022-03-01"]}).to_csv(
        tmp_path / "t.csv", index=False
    )
    arts, failures = read_articles(
        [tmp_path / "news", str(tmp_path / "one.*"), tmp_path / "t.jsonl", tmp_path / "t.csv"]
    )
    ids = [a.id for a in arts]
    assert ids == ["kabul", "lima", "quake", "one", "r1", "t:2", "c1"]
    by_id = {a.id: a for a in arts}
    assert by_id["kabul"].date == "2023-05-02"  # the header of the file
    assert by_id["r1"].date == "2024-01-05" and by_id["r1"].title == "Fire"
    assert by_id["c1"].date == "2022-03-01"
    assert {f.article for f in failures} == {"bad-date", "t:4"}


def test_read_articles_from_stdin_and_unique_ids():
    arts, _ = read_articles(["-"], stdin=io.StringIO('{"id": "a", "text": "Rome."}\n{"id": "a", "text": "Oslo."}\n'))
    assert [a.id for a in arts] == ["a", "a~2"]
    arts, _ = read_articles(["-"], stdin=io.StringIO("A flood hit Dhaka."))
    assert [a.id for a in arts] == ["stdin"]


def test_read_articles_rejects_missing_inputs(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        read_articles([tmp_path / "missing.txt"])
    with pytest.raises(InputError, match="nothing matches"):
        read_articles([str(tmp_path / "*.txt")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no articles"):
        read_articles([tmp_path / "empty"])
    (tmp_path / "x.csv").write_text("id,body\n1,Rome\n", encoding="utf-8")
    with pytest.raises(InputError, match="'text' column"):
        read_articles([tmp_path / "x.csv"])


# -- running ----------------------------------------------------------------------------------


@pytest.mark.parametrize("ext", [".geojson", ".geojsonl", ".gpkg", ".parquet", ".csv"])
def test_batch_writes_one_table_per_format_equal_to_single_articles(tmp_path, ext, parse):
    folder = _write_stories(tmp_path / "news")
    out = tmp_path / f"places{ext}"
    result = run_batch([folder], out, jobs=1, progress=False)
    assert result.processed == 3 and not result.failures and not (tmp_path / f".places{ext}.partial").exists()
    table = read_table(out)
    assert list(dict.fromkeys(table["article"])) == ["kabul", "lima", "quake"]  # input order
    assert result.places == len(table)
    for name, text in STORIES.items():
        one = parse(text, id=name)
        got = table[table["article"] == name].reset_index(drop=True)
        assert list(got["place"]) == list(one["place"]) and list(got["role"]) == list(one["role"])
        assert _same_points(got, one)


def test_batch_keeps_going_past_failures_and_refuses_to_overwrite(tmp_path):
    folder = _write_stories(tmp_path / "news")
    (folder / "latin1.txt").write_bytes("Caf\xe9 attack in S\xe3o Paulo".encode("latin-1"))
    (folder / "blank.txt").write_text("   \n", encoding="utf-8")
    out = tmp_path / "out.geojson"
    r = geomap("batch", folder, "-o", out, "-j", "1")
    assert r.returncode == 6, r.stderr
    assert "2 articles failed" in r.stderr and "latin1" in r.stderr and "blank" in r.stderr
    assert "Traceback" not in r.stderr
    assert set(read_table(out)["article"]) == {"kabul", "lima", "quake"}
    before = out.read_bytes()
    r = geomap("batch", folder, "-o", out)
    assert r.returncode == 5 and "--force" in r.stderr and out.read_bytes() == before


def test_batch_resume_maps_only_what_is_left(tmp_path):
    folder = _write_stories(tmp_path / "news")
    out = tmp_path / "out.gpkg"
    first = run_batch([folder / "kabul.txt"], out, jobs=1, progress=False)
    assert first.processed == 1 and first.places > 0
    (folder / "new.txt").write_text("A dam burst near Derna in Libya.", encoding="utf-8")
    again = run_batch([folder], out, jobs=1, progress=False, resume=True)
    assert again.skipped == 1 and again.processed == 3
    table = read_table(out)
    assert set(table["article"]) == {"kabul", "lima", "quake", "new"}
    assert (table["article"] == "kabul").sum() == first.places  # kept once, not mapped again
    with pytest.raises(OutputError, match="resume=True"):  # the library names its parameter, the CLI --resume
        run_batch([folder], out, jobs=1, progress=False)


def test_interrupted_batch_resumes_where_it_stopped(tmp_path):
    texts = _corpus_texts(120)
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"d{i:03d}", "text": t}) + "\n" for i, t in enumerate(texts)))
    out = tmp_path / "out.parquet"
    cmd = [sys.executable, "-m", "geomap.cli", "batch", str(corpus), "-o", str(out), "-j", "2", "--chunk-size", "4"]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    partial = tmp_path / ".out.parquet.partial"
    deadline = time.time() + 120
    while time.time() < deadline and len(list(partial.glob("_geomap_done/*.json"))) < 3:
        time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert not out.exists() and partial.is_dir()
    r = geomap("batch", corpus, "-o", out, "--resume", "-j", "2")
    assert r.returncode == 0, r.stderr
    done_before = int(r.stderr.split(" done before")[0].rsplit(", ", 1)[1])
    assert 12 <= done_before < 120
    assert read_table(out)["article"].nunique() > 100 and not partial.exists()


@pytest.fixture(scope="module")
def thousand(tmp_path_factory):
    folder = tmp_path_factory.mktemp("thousand") / "news"
    folder.mkdir()
    for i, text in enumerate(_corpus_texts(1000)):
        (folder / f"a{i:04d}.txt").write_text(text, encoding="utf-8")
    return folder


def test_thousand_articles_with_a_progress_bar(thousand, tmp_path):
    out = tmp_path / "places.gpkg"
    r = geomap("batch", thousand, "-o", out, "-j", "2", "--chunk-size", "16")
    assert r.returncode == 0, r.stderr
    assert "1000/1000" in r.stderr  # the progress bar's last state
    table = read_table(out)
    assert table["article"].nunique() >= 950 and table.crs.to_epsg() == 4326


@pytest.mark.parametrize("ext", [".geojson", ".geojsonl", ".parquet", ".csv"])
def test_thousand_articles_in_every_format_fast_mode(thousand, tmp_path, ext):
    # the full pipeline runs once above; the other formats use the fast mode (same batch machinery, 20x faster)
    out = tmp_path / f"places{ext}"
    r = geomap("batch", thousand, "-o", out, "-j", "2", "--chunk-size", "100", "--fast")
    assert r.returncode == 0, r.stderr
    assert "1000/1000" in r.stderr
    table = read_table(out)
    assert table["article"].nunique() >= 900 and set(table["article"]) <= {f"a{i:04d}" for i in range(1000)}


def test_dask_engine_gives_the_local_table(tmp_path):
    pytest.importorskip("dask.distributed")
    folder = _write_stories(tmp_path / "news")
    local = run_batch([folder], tmp_path / "local.parquet", jobs=1, progress=False)
    dask_out = tmp_path / "dask-places"
    result = run_batch([folder], dask_out, engine="dask", jobs=2, chunk_size=1, progress=False)
    assert result.processed == local.processed == 3
    assert len(list(dask_out.glob("part-*.parquet"))) == 3  # partitioned GeoParquet, one part a chunk
    a, b = _sorted(read_table(dask_out)), _sorted(read_table(tmp_path / "local.parquet"))
    pd.testing.assert_frame_equal(a.drop(columns="geometry"), b.drop(columns="geometry"))
    assert _same_points(a, b)
    assert len(gpd_read(dask_out)) == len(b)  # plain geopandas reads the dataset too


def gpd_read(path):
    import geopandas as gpd

    return gpd.read_parquet(path)
