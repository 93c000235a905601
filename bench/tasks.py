"""One benchmark measurement, run in a fresh process by ``bench/run.py``.

    python bench/tasks.py TASK [--docs N] [--jobs N]

prints one JSON object on standard output. Times are process CPU seconds (``cpu``) and wall
seconds (``wall``); ``rss_mb`` is this process's peak resident memory.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = Path(os.environ.get("GEOMAP_EVAL_DIR", ROOT.parent / "shared" / "eval"))
CORPORA = ("geowebnews.jsonl", "trnews.jsonl")
WARMUP = 8
BATCH = 8  # documents per nlp.pipe batch, as geomap.pipeline.analyse_many
#: a task name's suffix for a run as pip installs geomap, without the parquet extra (pyarrow)
AS_INSTALLED = "@installed"
BATCH_COPIES = 2  # the all-cores runs read the corpus twice: a batch long enough to pay for the workers' start
START = 0.0
sys.path.insert(0, str(ROOT))


def corpus_records(limit: int | None = None) -> list[dict]:
    """The evaluation corpora's documents (GeoWebNews, then TR-News), the first ``limit``."""
    out = []
    for name in CORPORA:
        with open(EVAL / name, encoding="utf-8") as f:
            out += [json.loads(line) for line in f if line.strip()]
    return out[:limit] if limit else out


def texts(limit: int | None = None) -> list[str]:
    """The corpus texts."""
    return [r["text"] for r in corpus_records(limit)]


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(run, n: int) -> dict:
    c0, w0 = time.process_time(), time.perf_counter()
    run()
    cpu, wall = time.process_time() - c0, time.perf_counter() - w0
    return {"docs": n, "cpu": cpu, "wall": wall, "docs_per_cpu_s": n / cpu, "docs_per_s": n / wall}


# --- throughput, one process ----------------------------------------------------------------

#: what the parser+NER baselines switch off: the tagger and lemmas, and geomap's own components
_SPACY_PARSER_NER = ["tagger", "attribute_ruler", "lemmatizer", "geomap_attributes", "geomap_paragraphs"]


def _spacy_pipe(disable: list[str], tuned: bool, n: int, n_process: int = 1, copies: int = 1) -> dict:
    from geomap.nlp import load_model

    nlp = load_model(tuned=tuned)
    docs = texts(n) * copies
    with nlp.select_pipes(disable=[p for p in disable if p in nlp.pipe_names]):
        list(nlp.pipe(docs[:WARMUP]))
        out = _timed(lambda: list(nlp.pipe(docs, batch_size=BATCH, n_process=n_process)), len(docs))
        out["pipes"] = nlp.pipe_names
    return out


def task_spacy_full(n: int) -> dict:
    """spaCy's nlp.pipe with every component geomap uses (tagger, parser, attribute_ruler, lemmatizer, ner)."""
    return _spacy_pipe([], False, n)


def task_spacy_parser_ner(n: int) -> dict:
    """spaCy's nlp.pipe with the parser and NER only (and the tok2vec they need)."""
    return _spacy_pipe(_SPACY_PARSER_NER, False, n)


#: documents per chunk of a paired run: about a second of each system's time
CHUNK = 16


def task_paired(n: int) -> dict:
    """geomap and spaCy on the same texts in one process, chunk by chunk, each chunk in turn.

    A shared machine's speed drifts over seconds to minutes, so runs in separate processes
    disagree by 20%. Here every chunk of :data:`CHUNK` texts is read by each system in turn (the
    order alternating from chunk to chunk): a loop of ``geomap.geoparse(text)`` against a loop of
    ``nlp(text)``, and ``geomap.geoparse_many(chunk)`` against ``nlp.pipe(chunk)``, spaCy with the
    parser and NER only, stock and on geomap's BLAS. Each system's CPU time is summed over the
    chunks; the ratios are time per document, geomap over spaCy.
    """
    import geomap
    from geomap.nlp import load_model

    stock, tuned = load_model(tuned=False), load_model(tuned=True)
    off = {m: [p for p in _SPACY_PARSER_NER if p in m.pipe_names] for m in (stock, tuned)}

    def spacy_loop(nlp):
        def run(chunk):
            with nlp.select_pipes(disable=off[nlp]):
                for t in chunk:
                    nlp(t)

        return run

    def spacy_pipe(nlp):
        def run(chunk):
            with nlp.select_pipes(disable=off[nlp]):
                for _ in nlp.pipe(chunk, batch_size=BATCH):
                    pass

        return run

    systems = {
        "geomap-geoparse": lambda chunk: [geomap.geoparse(t) for t in chunk],
        "spacy-loop": spacy_loop(stock),
        "spacy-loop-tuned": spacy_loop(tuned),
        "geomap-geoparse-many": geomap.geoparse_many,
        "spacy-pipe": spacy_pipe(stock),
        "spacy-pipe-tuned": spacy_pipe(tuned),
    }
    docs = texts(n)
    for run in systems.values():
        run(docs[:WARMUP])
    cpu = dict.fromkeys(systems, 0.0)
    names = list(systems)
    for k in range(0, len(docs), CHUNK):
        chunk = docs[k : k + CHUNK]
        for name in names if (k // CHUNK) % 2 == 0 else names[::-1]:
            c0 = time.process_time()
            systems[name](chunk)
            cpu[name] += time.process_time() - c0
    out = {name: {"cpu": c, "docs_per_cpu_s": len(docs) / c} for name, c in cpu.items()}
    out["docs"] = len(docs)
    return out


def task_spacy_tokenizer(n: int) -> dict:
    """spaCy's blank English tokenizer and sentencizer: the floor of the fast mode."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    docs = texts(n)
    list(nlp.pipe(docs[:WARMUP]))
    return _timed(lambda: list(nlp.pipe(docs, batch_size=256)), len(docs))


def _geomap(n: int, fast: bool, frames: bool = False) -> dict:
    from geomap.article import Article
    from geomap.pipeline import analyse_many

    arts = [Article.from_text(t, id=str(i)) for i, t in enumerate(texts(n))]
    list(analyse_many(arts[:WARMUP], fast=fast))

    def run():
        for a in analyse_many(arts, fast=fast):
            if frames:
                a.to_frame()

    out = _timed(run, len(arts))
    out["rss_mb"] = peak_rss_mb()
    return out


def task_geomap_full(n: int) -> dict:
    """geomap's full pipeline over the corpus (analyse_many: model, mentions, places, roles)."""
    return _geomap(n, False)


def task_geomap_full_frames(n: int) -> dict:
    """The same, and a GeoDataFrame per article."""
    return _geomap(n, False, frames=True)


def task_geomap_fast(n: int) -> dict:
    """geomap's fast mode over the corpus."""
    return _geomap(n, True)


def task_geomap_geoparse_many(n: int) -> dict:
    """``geomap.geoparse_many(texts)``: one GeoDataFrame for the corpus, the model batched."""
    import geomap

    docs = texts(n)
    geomap.geoparse_many(docs[:WARMUP])
    out = _timed(lambda: geomap.geoparse_many(docs), len(docs))
    out["rss_mb"] = peak_rss_mb()
    return out


# --- all cores --------------------------------------------------------------------------------


def task_batch(n: int, jobs: int) -> dict:
    """geomap batch (geomap.batch.run_batch, a process pool) over the corpus, to GeoJSON Lines."""
    import tempfile

    from geomap.article import Article

    arts = [Article.from_text(t, id=f"doc{i}") for i, t in enumerate(texts(n) * BATCH_COPIES)]
    try:
        from geomap.batch import run_batch
    except ImportError:
        return _own_pool(arts, jobs)
    with tempfile.TemporaryDirectory() as tmp:
        c0, w0 = _cpu_all(), time.perf_counter()
        result = run_batch(articles=arts, output=Path(tmp) / "places.geojsonl", jobs=jobs, progress=False)
        wall, cpu = time.perf_counter() - w0, _cpu_all() - c0  # workers are reaped: their CPU is counted
    failed = len(getattr(result, "failures", []) or [])
    return {
        "docs": len(arts),
        "wall": wall,
        "cpu": cpu,
        "docs_per_s": len(arts) / wall,
        "cpu_per_doc": cpu / len(arts),
        "jobs": jobs,
        "failed": failed,
        "engine": "geomap.batch.run_batch",
    }


def _cpu_all() -> float:
    """CPU seconds of this process and of its finished children (the batch's workers)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _pool_chunk(chunk) -> int:
    from geomap.pipeline import analyse_many

    return sum(1 for _ in analyse_many(chunk))


def _own_pool(arts, jobs: int) -> dict:
    from multiprocessing import Pool

    chunks = [arts[i : i + 16] for i in range(0, len(arts), 16)]
    c0, w0 = _cpu_all(), time.perf_counter()
    with Pool(jobs) as pool:
        done = sum(pool.imap_unordered(_pool_chunk, chunks))
    wall, cpu = time.perf_counter() - w0, _cpu_all() - c0
    return {
        "docs": done,
        "wall": wall,
        "cpu": cpu,
        "docs_per_s": done / wall,
        "cpu_per_doc": cpu / done,
        "jobs": jobs,
        "engine": "multiprocessing.Pool",
    }


def task_spacy_full_cores(n: int, jobs: int) -> dict:
    """spaCy's nlp.pipe(n_process=jobs) with geomap's components: the all-cores baseline."""
    w0 = time.perf_counter()
    out = _spacy_pipe([], False, n, n_process=jobs, copies=BATCH_COPIES)
    out["wall_with_load"] = time.perf_counter() - w0
    out["jobs"] = jobs
    return out


# --- gazetteer ------------------------------------------------------------------------------


def _keys(n: int) -> list[str]:
    """Folded capitalised n-grams of the corpus: what the matcher looks up."""
    import re

    from geomap.gazetteer import normalize

    words = re.compile(r"[A-Z][\w'.-]*(?:\s+(?:of|de|the|and\s+)?[A-Z][\w'.-]*){0,2}")
    keys: dict[str, None] = {}
    for t in texts(n):
        for m in words.finditer(t):
            keys[normalize(m.group(0))] = None
    return list(keys)


def task_gazetteer(n: int) -> dict:
    """Open the gazetteer (first time in this process, then again); look names up, cold and cached."""
    global START
    START = time.perf_counter()
    import sqlite3

    from geomap.gazetteer import Gazetteer, default_path

    path = default_path()
    t0 = time.perf_counter()
    g = Gazetteer(path)
    first_open = time.perf_counter() - t0
    import_and_open = time.perf_counter() - START
    keys = _keys(n)
    reopen = []
    for _ in range(20):
        t0 = time.perf_counter()
        Gazetteer(path)
        reopen.append(time.perf_counter() - t0)
    t0 = time.perf_counter()
    g.lookup_many(keys)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    g.lookup_many(keys)
    warm = time.perf_counter() - t0
    single = []
    fresh = Gazetteer(path)  # its cache is empty
    for k in keys[-200:]:
        t0 = time.perf_counter()
        fresh.lookup(k)
        single.append(time.perf_counter() - t0)
    # baseline: the same file and query in plain sqlite3, no Python objects made
    t0 = time.perf_counter()
    con = sqlite3.connect(f"file:{path}?mode=ro&immutable=1", uri=True)
    con.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
    raw_open = time.perf_counter() - t0
    t0 = time.perf_counter()
    for i in range(0, len(keys), 500):
        chunk = keys[i : i + 500]
        marks = ",".join("?" * len(chunk))
        sql = f"SELECT n.key, p.* FROM names n JOIN places p ON p.id = n.place WHERE n.key IN ({marks})"
        con.execute(sql, chunk).fetchall()
    raw_lookup = time.perf_counter() - t0
    return {
        "first_open_ms": first_open * 1e3,
        "import_and_open_ms": import_and_open * 1e3,
        "reopen_ms": sorted(reopen)[len(reopen) // 2] * 1e3,
        "raw_open_ms": raw_open * 1e3,
        "keys": len(keys),
        "lookup_us": cold / len(keys) * 1e6,
        "lookup_cached_us": warm / len(keys) * 1e6,
        "single_lookup_us": sorted(single)[len(single) // 2] * 1e6,
        "raw_lookup_us": raw_lookup / len(keys) * 1e6,
    }


# --- peer: geotext ----------------------------------------------------------------------------


def task_geotext(n: int) -> dict:
    """geotext over the corpus: speed (its whole API call per document)."""
    from geotext import GeoText

    docs = texts(n)
    for t in docs[:WARMUP]:
        GeoText(t)
    out = _timed(lambda: [GeoText(t) for t in docs], len(docs))
    out["rss_mb"] = peak_rss_mb()
    return out


def task_accuracy(n: int, system: str) -> dict:
    """Geoparsing scores of ``system`` (geomap, geomap-fast, geotext) on each corpus with the project's evaluator."""
    from peer import evaluate

    return evaluate(system, EVAL, CORPORA, n)


def task_roles(system: str) -> dict:
    """Role scores (micro F1, incident site) on the project's gold folders, full or fast mode."""
    from geomap.evaluation import evaluate_roles

    out = {}
    for gold in ("data/articles/gold", "data/roles-dev/gold"):
        r = evaluate_roles(ROOT / gold, fast=system == "geomap-fast")
        out[gold] = {
            "micro_f1": round(r.micro.f1, 3),
            "site_right": sum(s["site_correct"] for s in r.stories),
            "stories": len(r.stories),
        }
    return out


TASKS = {
    "spacy-full": task_spacy_full,
    "spacy-parser-ner": task_spacy_parser_ner,
    "spacy-tokenizer": task_spacy_tokenizer,
    "paired": task_paired,
    "geomap-full": task_geomap_full,
    "geomap-full-frames": task_geomap_full_frames,
    "geomap-fast": task_geomap_fast,
    "geomap-geoparse-many": task_geomap_geoparse_many,
    "gazetteer": task_gazetteer,
    "geotext": task_geotext,
}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("task")
    p.add_argument("--docs", type=int, default=None)
    p.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    p.add_argument("--system", default="geomap")
    a = p.parse_args()
    if a.task.endswith(AS_INSTALLED):
        # as `pip install geomap` installs it: no pyarrow (the parquet extra), which pandas imports when it can
        sys.modules["pyarrow"] = None  # import pyarrow fails, as where it is not installed
        a.task = a.task.removesuffix(AS_INSTALLED)
    if a.task == "batch":
        out = task_batch(a.docs, a.jobs)
    elif a.task == "spacy-full-cores":
        out = task_spacy_full_cores(a.docs, a.jobs)
    elif a.task == "accuracy":
        sys.path.insert(0, str(Path(__file__).parent))
        out = task_accuracy(a.docs, a.system)
    elif a.task == "roles":
        out = task_roles(a.system)
    else:
        out = TASKS[a.task](a.docs)
    out.setdefault("rss_mb", peak_rss_mb())
    print(json.dumps(out))


if __name__ == "__main__":
    main()
