"""Batches that cannot lose or double a row: locks, resumes, signals, odd inputs."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from geomap import batch
from geomap.batch import read_articles, run_batch
from geomap.batch.output import OutputLock
from geomap.batch.parts import DONE
from geomap.errors import InputError, OutputError
from geomap.table import read_table

CITIES = ["Kabul", "Dhaka", "Lagos", "Lima", "Hanoi", "Quito", "Accra", "Nairobi"]


def _news(folder: Path, n: int, start: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(start, start + n):
        (folder / f"story-{i:05d}.txt").write_text(f"A bomb exploded in {CITIES[i % len(CITIES)]} on day {i}.\n")
    return folder


def test_resume_is_idempotent_however_often_it_is_interrupted(tmp_path, monkeypatch):
    news = _news(tmp_path / "news", 6)
    out = tmp_path / "places.geojson"
    run_batch([news], out, jobs=1, progress=False, fast=True)
    first = read_table(out)
    _news(news, 4, start=6)
    real = batch.process_chunk

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    for _ in range(2):  # a resume onto the finished output, interrupted in its first chunk, twice
        monkeypatch.setattr(batch, "process_chunk", interrupted)
        with pytest.raises(KeyboardInterrupt):
            run_batch([news], out, jobs=1, progress=False, resume=True, fast=True, chunk_size=2)
    monkeypatch.setattr(batch, "process_chunk", real)
    result = run_batch([news], out, jobs=1, progress=False, resume=True, fast=True, chunk_size=2)
    table = read_table(out)
    assert result.processed == 4 and len(table) == len(first) + 4
    assert not table.duplicated(["article", "place"]).any()
    again = run_batch([news], out, jobs=1, progress=False, resume=True, fast=True)
    assert again.processed == 0 and len(read_table(out)) == len(table)


def test_a_second_batch_on_the_same_output_is_refused(tmp_path):
    news = _news(tmp_path / "news", 2)
    out = tmp_path / "places.gpkg"
    with OutputLock(out):
        for resume, force in ((False, False), (True, False), (False, True)):
            with pytest.raises(OutputError, match=rf"a batch is writing .* \(pid {os.getpid()}\)"):
                run_batch([news], out, jobs=1, progress=False, fast=True, resume=resume, overwrite=force)
    assert not out.exists() and not (tmp_path / ".places.gpkg.partial").exists()


def test_a_lock_left_by_a_dead_batch_is_taken_over(tmp_path):
    news = _news(tmp_path / "news", 2)
    out = tmp_path / "places.geojson"
    (tmp_path / ".places.geojson.lock").write_text("999999\n")  # a killed batch's file, not held
    assert run_batch([news], out, jobs=1, progress=False, fast=True).processed == 2
    assert not (tmp_path / ".places.geojson.lock").exists()


def test_each_file_once_through_symlink_loops(tmp_path):
    news = _news(tmp_path / "news", 2)
    (news / "loop").symlink_to(news, target_is_directory=True)
    (news / "deeper").mkdir()
    (news / "deeper" / "back").symlink_to(news, target_is_directory=True)
    for inputs in ([news], [str(news / "**" / "*.txt")], [news, news / "story-00000.txt"]):
        articles, failures = read_articles(inputs)
        assert sorted(a.id for a in articles) == ["story-00000", "story-00001"] and failures == []


def test_json_lines_records_may_hold_any_unicode_line_separator(tmp_path):
    table = tmp_path / "articles.jsonl"
    records = [
        {"id": "a", "text": "A bomb exploded in Kabul\u0085 on Friday.\u2028Police said so."},
        {"id": "b", "text": "Floods in Dhaka."},
    ]
    table.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    articles, failures = read_articles([table])
    assert [a.id for a in articles] == ["a", "b"] and failures == []
    assert articles[0].text == records[0]["text"]


def test_a_csv_with_an_unbalanced_quote_is_refused_not_merged(tmp_path):
    table = tmp_path / "articles.csv"
    table.write_text('id,text\n1,"A bomb exploded in Kabul.\n2,Floods in Dhaka.\n3,"More floods, in Sylhet."\n')
    with pytest.raises(InputError, match="unbalanced quote"):
        read_articles([table])


def test_crlf_files_keep_their_offsets_in_a_batch(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    raw = b"date 2024-03-01\r\nBlast\r\n\r\nA bomb exploded in Kabul.\r\n"
    (news / "crlf.txt").write_bytes(raw)
    out = tmp_path / "places.geojson"
    run_batch([news], out, jobs=1, progress=False, fast=True)
    row = read_table(out).iloc[0]
    m = row["mentions"][0]
    assert raw.decode()[m["start"] : m["end"]] == "Kabul" and row["title"] == "Blast"


def test_a_failed_resume_leaves_no_partial_folder(tmp_path):
    news = _news(tmp_path / "news", 2)
    out = tmp_path / "places.csv"
    out.write_text("not,a,geomap,table\n1,2,3,4\n")
    with pytest.raises(InputError):
        run_batch([news], out, jobs=1, progress=False, fast=True, resume=True)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news", "places.csv"]


# --- signals: a real batch in another process --------------------------------------------------


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with open(task / "children") as f:
            found |= {int(c) for c in f.read().split()}
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().split(") ")[1][0] != "Z"
    except OSError:
        return False


def _all_gone(pids: set[int], seconds: float = 10) -> bool:
    """Whether every process in ``pids`` has ended within ``seconds`` (workers, multiprocessing's tracker)."""
    deadline = time.monotonic() + seconds
    while any(_alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not any(_alive(p) for p in pids)


def _start_batch(tmp_path):
    news = _news(tmp_path / "news", 3000)
    out = tmp_path / "places.geojson"
    proc = subprocess.Popen(
        [sys.executable, "-m", "geomap", "batch", str(news), "-o", str(out), "--fast", "-j", "2", "--chunk-size", "10"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    done = tmp_path / ".places.geojson.partial" / DONE
    deadline = time.monotonic() + 120
    while not (done.is_dir() and any(done.glob("part-*.json"))):
        assert proc.poll() is None and time.monotonic() < deadline, proc.stderr.read() if proc.poll() else "slow"
        time.sleep(0.05)
    return proc, news, out, _children(proc.pid)


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_sigterm_stops_the_workers_keeps_the_work_and_resume_finishes(tmp_path):
    proc, news, out, workers = _start_batch(tmp_path)
    assert workers
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143, err
    assert "terminated" in err and "--resume" in err and "Traceback" not in err
    assert _all_gone(workers)
    assert not out.exists() and (tmp_path / ".places.geojson.partial").is_dir()
    result = run_batch([news], out, progress=False, resume=True, fast=True, jobs=1, chunk_size=200)
    assert result.skipped > 0 and result.skipped + result.processed == 3000
    table = read_table(out)
    assert len(table) == 3000 and table["article"].is_unique


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs /proc")
def test_workers_do_not_outlive_a_killed_batch(tmp_path):
    proc, _, _, workers = _start_batch(tmp_path)
    assert workers
    proc.kill()
    proc.wait(timeout=30)
    assert _all_gone(workers)
