"""The engines that run the chunks: a process pool here, or a Dask cluster; and stopping them.

Both run the same function on each chunk (:func:`geomap.batch.process_chunk`, given as
``work``) and call ``advance`` with each chunk's report as it finishes. Workers exit when the
batch's process is gone, however it ended; SIGTERM stops a batch as Ctrl-C does.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..article import Article
from ..errors import GeomapError, InputError, Terminated
from .inputs import Failure
from .parts import ChunkReport

if TYPE_CHECKING:
    from concurrent.futures import Future

#: what a worker runs on a chunk: (articles, options, folder) -> report
Work = Callable[[list[Article], dict, str], ChunkReport]
#: what the batch is told after each chunk: (report, articles in the chunk)
Advance = Callable[[ChunkReport, int], None]


def in_chunks(articles: list[Article], size: int) -> list[list[Article]]:
    """``articles`` in chunks of ``size`` (the last one shorter)."""
    return [articles[i : i + size] for i in range(0, len(articles), size)]


def _watch_parent(parent: int) -> None:
    """In a worker: exit when the batch's main process is gone (even killed with SIGKILL)."""

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)
            threading.Event().wait(0.5)

    threading.Thread(target=watch, name="geomap-watch-parent", daemon=True).start()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process stops the workers itself


def run_local(
    work: Work, chunks: list[list[Article]], options: dict, folder: Path, jobs: int, advance: Advance
) -> list[ChunkReport]:
    """Run ``work`` on each chunk in a pool of ``jobs`` processes (1: in this process), calling ``advance`` after each.

    Stopped in any way (Ctrl-C, SIGTERM, an error), the workers stop at once; what they finished is kept.
    """
    reports: list[ChunkReport] = []
    if jobs <= 1:
        for chunk in chunks:
            reports.append(work(chunk, options, str(folder)))
            advance(reports[-1], len(chunk))
        return reports
    import multiprocessing as mp
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    # "spawn": a clean interpreter per worker (forking a process with threads is unsafe)
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=mp.get_context("spawn"), initializer=_watch_parent, initargs=(os.getpid(),)
    )
    try:
        pending: dict[Future, list[Article]] = {}
        queue = list(reversed(chunks))
        while queue or pending:
            while queue and len(pending) < jobs * 2:  # a bounded queue: memory stays flat
                chunk = queue.pop()
                pending[pool.submit(work, chunk, options, str(folder))] = chunk
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for fut in finished:
                chunk = pending.pop(fut)
                reports.append(_report(fut, chunk))
                advance(reports[-1], len(chunk))
        pool.shutdown()
    except BaseException as exc:
        # stopped (Ctrl-C, SIGTERM, an error): the workers stop now, not after their chunks;
        # a chunk they were writing counts only once its record of finished ids is written
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        pool.shutdown(wait=True, cancel_futures=True)
        if isinstance(exc, BrokenProcessPool):
            raise GeomapError(
                "a worker process stopped abruptly (out of memory?); what is done is kept: run again with resume=True"
            ) from None
        raise
    return reports


def _report(fut: Any, chunk: list[Article]) -> ChunkReport:
    """A finished chunk's report; a chunk whose worker died or could not write: its articles failed."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return fut.result()
    except (GeomapError, BrokenProcessPool):
        raise
    except Exception as exc:  # a worker died or could not write: the chunk's articles failed
        return ChunkReport([], 0, [Failure(a.id, f"{type(exc).__name__}: {exc}") for a in chunk])


def run_dask(
    work: Work,
    chunks: list[list[Article]],
    options: dict,
    folder: Path,
    jobs: int,
    scheduler: str | None,
    advance: Advance,
) -> list[ChunkReport]:
    """Run ``work`` on each chunk on a Dask cluster (``scheduler``, else a local one of ``jobs`` workers)."""
    try:
        from dask.distributed import Client, LocalCluster, as_completed
    except ImportError:
        raise InputError("the dask engine needs dask.distributed: pip install 'geomap[dask]'") from None
    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout="20s")
        else:
            cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None)
            client = Client(cluster)
    except OSError as exc:
        raise InputError(f"cannot reach the Dask scheduler {scheduler!r}: {exc}") from None
    reports: list[ChunkReport] = []
    try:
        futures = {client.submit(work, chunk, options, str(folder), pure=False): chunk for chunk in chunks}
        for fut in as_completed(futures):
            reports.append(_report(fut, futures[fut]))
            advance(reports[-1], len(futures[fut]))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return reports


@contextlib.contextmanager
def stop_on_sigterm() -> Iterator[None]:
    """SIGTERM (a plain ``kill``) stops the batch as Ctrl-C does: workers stopped, finished chunks kept."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum: int, frame: object) -> None:
        raise Terminated("terminated")

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
