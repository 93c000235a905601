"""geomap serve under load: requests per second and latency at 1, 4 and 8 concurrent clients.

    python bench/serve.py                       # full mode, 64 requests per level, 2 workers
    python bench/serve.py --fast --requests 200 # fast mode
    python bench/serve.py --json serve.json
    python bench/serve.py --articles            # whole news articles (data/articles) instead of briefs

Starts ``python -m geomap serve`` from this checkout on a free loopback port, waits until it is
ready, then sends ``POST /api/geoparse`` with short texts of our own from 1, 4 and 8 client
threads (each with its own keep-alive connection); every request is timed from send to the
whole answer. The baseline is ``geomap.geoparse`` called in this process on the same texts, one
after another (the model loaded and warmed first), on one BLAS thread like each worker. Traffic
goes to 127.0.0.1 only, a bounded number of requests.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
# the baseline on one BLAS thread, as each of the server's workers runs (numpy reads these when first imported)
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

#: short news texts of our own (two or three sentences, as a wire brief)
TEXTS = [
    "A fire destroyed a warehouse in Lyon on Monday. Firefighters from Villeurbanne and Grenoble fought "
    "the blaze for six hours, the prefecture said.",
    "Floods swept through the Ahr valley in western Germany on Thursday. Rescue teams from the Netherlands "
    "and Belgium joined the search near Bad Neuenahr.",
    "An earthquake of magnitude 6.1 struck off the coast of Sumatra, Indonesia, early on Sunday. Buildings "
    "shook in Padang and Medan; no damage was reported in Kuala Lumpur.",
    "Police in Nairobi said on Friday that two men from Mombasa had been arrested after a bank robbery in "
    "the Westlands district. Kenya's interior minister praised the officers.",
    "A train derailed near Zagreb on Tuesday, injuring 14 passengers travelling from Ljubljana to Belgrade. "
    "Croatian railways said the line would reopen on Thursday.",
    "Wildfires forced the evacuation of three villages on the island of Rhodes, Greece. Tourists were taken "
    "by boat to Lindos, and planes from Italy and Cyprus helped fight the flames.",
    "A cargo ship ran aground in the Suez Canal on Wednesday, blocking traffic between Port Said and Suez. "
    "Egypt's canal authority sent tugboats from Ismailia.",
    "Protesters gathered outside parliament in Lima, Peru, on Saturday. Similar marches were held in Cusco "
    "and Arequipa, and the government in Washington called for calm.",
]


def _start(workers: int) -> tuple[subprocess.Popen, str]:
    cmd = [sys.executable, "-m", "geomap", "serve", "--port", "0", "--workers", str(workers)]
    proc = subprocess.Popen(cmd, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    threading.Thread(target=lambda: [lines.append(x) for x in proc.stderr], daemon=True).start()
    deadline = time.monotonic() + 120
    while not (found := re.search(r"http://127\.0\.0\.1:\d+", "".join(lines))):
        if proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError("the server did not start:\n" + "".join(lines))
        time.sleep(0.1)
    url = found.group()
    while httpx.get(url + "/healthz").status_code != 200:
        if time.monotonic() > deadline:
            raise RuntimeError("the server did not become ready:\n" + "".join(lines))
        time.sleep(0.2)
    return proc, url


def _stats(latencies: list[float], wall: float) -> dict:
    q = statistics.quantiles(latencies, n=20, method="inclusive")
    return {
        "requests": len(latencies),
        "rps": len(latencies) / wall,
        "p50_ms": 1000 * statistics.median(latencies),
        "p95_ms": 1000 * q[18],
    }


def baseline(texts: list[str], n: int, fast: bool) -> dict:
    """``geomap.geoparse`` in this process, one call after another."""
    import geomap

    for text in texts:  # load and warm
        geomap.geoparse(text, fast=fast)
    latencies = []
    start = time.perf_counter()
    for i in range(n):
        t0 = time.perf_counter()
        geomap.geoparse(texts[i % len(texts)], fast=fast)
        latencies.append(time.perf_counter() - t0)
    return _stats(latencies, time.perf_counter() - start)


def load(texts: list[str], url: str, clients: int, n: int, fast: bool) -> dict:
    """``n`` requests from ``clients`` threads, each with its own connection."""
    local = threading.local()

    def one(i: int) -> float:
        if not hasattr(local, "client"):
            local.client = httpx.Client(base_url=url, timeout=120)
        t0 = time.perf_counter()
        r = local.client.post("/api/geoparse", json={"text": texts[i % len(texts)], "fast": fast})
        r.raise_for_status()
        r.json()
        return time.perf_counter() - t0

    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(one, range(clients * 2)))  # connections open, workers warm
        start = time.perf_counter()
        latencies = list(pool.map(one, range(n)))
        wall = time.perf_counter() - start
    return _stats(latencies, wall)


def main() -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=64, help="requests per concurrency level")
    parser.add_argument("--workers", type=int, default=2, help="the server's worker processes")
    parser.add_argument("--fast", action="store_true", help="fast mode (no parser or NER)")
    parser.add_argument("--json", help="also write the figures here")
    parser.add_argument(
        "--articles", action="store_true", help="whole news articles (data/articles, 400-700 words) instead of briefs"
    )
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "data/articles").glob("*.txt"))]
    texts = texts if args.articles else TEXTS
    rows = {"in-process geomap.geoparse (1 caller)": baseline(texts, args.requests, args.fast)}
    proc, url = _start(args.workers)
    try:
        for clients in (1, 4, 8):
            rows[f"geomap serve, {clients} concurrent client{'s' if clients > 1 else ''}"] = load(
                texts, url, clients, args.requests, args.fast
            )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    mode = ("fast mode" if args.fast else "full mode") + (", whole articles" if args.articles else ", briefs")
    print(f"\n{mode}, {args.workers} server workers, {os.cpu_count()} cores, {args.requests} requests per row\n")
    print("| run | requests/s | p50 ms | p95 ms |")
    print("|---|---|---|---|")
    for name, r in rows.items():
        print(f"| {name} | {r['rps']:.1f} | {r['p50_ms']:.0f} | {r['p95_ms']:.0f} |")
    if args.json:
        Path(args.json).write_text(json.dumps({"mode": mode, "workers": args.workers, "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
