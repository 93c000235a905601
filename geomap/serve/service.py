"""The work behind the server: a pool of worker processes, their readiness, and the answers kept for download.

The event loop never runs the pipeline: each request's work goes to a
:class:`concurrent.futures.ProcessPoolExecutor` of ``workers`` processes, each of which loaded the
model and the gazetteer once (:func:`geomap.serve.worker.init`), and the request waits for it
without blocking other requests. While the workers load, the service is not ready (503);
a request that waits longer than ``timeout`` seconds gets 504.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import multiprocessing as mp
import os
import secrets
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import Any

from . import worker
from .inputs import ApiError

_log = logging.getLogger("geomap")

#: how long the workers may take to load the model and the gazetteer (a first run builds the gazetteer: ~20 s)
LOAD_TIMEOUT = 600.0


class Service:
    """The worker pool of one server: started by the app's lifespan, shared by every request.

    Parameters
    ----------
    workers : int
        Worker processes, each with its own copy of the model (about 300 MB each).
    timeout : float
        Seconds a request may wait for its answer (queueing included) before it gets 504.
    on_ready : callable, optional
        Called with a line to show when every worker has loaded.
    on_fatal : callable, optional
        Called with the error when the workers cannot load (no model, no gazetteer): the command
        stops the server with it.
    """

    def __init__(
        self,
        workers: int,
        timeout: float,
        *,
        on_ready: Callable[[str], None] | None = None,
        on_fatal: Callable[[BaseException], None] | None = None,
    ):
        self.workers = workers
        self.timeout = timeout
        self.on_ready, self.on_fatal = on_ready, on_fatal
        self.ready = False
        self.error: BaseException | None = None
        self.started: float | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._warming: asyncio.Task | None = None
        self._barrier: Any = None

    def start(self) -> None:
        """Start the workers and load them in the background; :attr:`ready` turns True once all have loaded."""
        ctx = mp.get_context("spawn")  # a clean interpreter per worker: forking a process with threads is unsafe
        self._barrier = ctx.Barrier(self.workers)
        self.ready, self.error, self.started = False, None, time.monotonic()
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers, mp_context=ctx, initializer=worker.init, initargs=(os.getpid(), self._barrier)
        )
        self._warming = asyncio.get_running_loop().create_task(self._warm(self._pool))

    async def _warm(self, pool: ProcessPoolExecutor) -> None:
        """Run one warm-up job per worker; each waits for the others, so all have loaded when they return."""
        try:
            jobs = [asyncio.wrap_future(pool.submit(worker.warm, LOAD_TIMEOUT)) for _ in range(self.workers)]
            results = await asyncio.gather(*jobs, return_exceptions=True)
        except BrokenProcessPool as exc:
            results = [exc]
        errors = [r for r in results if isinstance(r, BaseException)]
        if errors:  # the load failed: report it (the worker's own error, not the others' broken barrier)
            exc = next((e for e in errors if not isinstance(e, threading.BrokenBarrierError)), errors[0])
            self.error = exc
            if self.on_fatal is not None:
                self.on_fatal(exc)
            else:
                _log.error("error: the workers could not load: %s", exc)
            return
        self.ready = True
        if self.on_ready is not None:
            plural = "" if self.workers == 1 else "s"
            self.on_ready(f"ready: {self.workers} worker{plural} loaded in {self.loading:.1f} s")

    @property
    def loading(self) -> float:
        """Seconds since the workers were started."""
        return 0.0 if self.started is None else time.monotonic() - self.started

    async def stop(self) -> None:
        """Stop the workers now: queued jobs are dropped and running ones ended (the server is going away)."""
        warming, self._warming = self._warming, None
        if warming is not None and not warming.done():
            warming.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await warming
        pool, self._pool, self.ready = self._pool, None, False
        if pool is None:
            return
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        # the pool's own thread notices its workers gone at once; waiting for it frees its queues and locks
        await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)
        # and their semaphores are released now, not at exit: uvicorn ends a SIGTERM by raising it again,
        # which skips exit handlers (the resource tracker would then warn of leaked semaphores)
        self._barrier = pool = None
        gc.collect()

    async def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        """Run ``fn(*args)`` in a worker and wait for its answer without blocking the event loop.

        Raises
        ------
        ApiError
            503 while the workers load (or after a worker died: the pool is restarted), 504 past
            the timeout (a job still queued is dropped; one already running finishes in its worker,
            since a process cannot be stopped safely in the middle of the pipeline).
        """
        pool = self._pool
        if not self.ready or pool is None:
            raise self.not_ready()
        future = None
        try:
            future = pool.submit(fn, *args)
            return await asyncio.wait_for(asyncio.wrap_future(future), self.timeout)
        except TimeoutError:
            future.cancel()
            raise ApiError(504, f"no answer within {self.timeout:g} s (the server's timeout)") from None
        except BrokenProcessPool:
            if self._pool is pool:  # the first request to see it restarts the workers
                await self._restart()
            raise ApiError(503, "a worker process stopped; the workers are restarting, try again shortly") from None

    async def check(self) -> None:
        """Restart the workers if one has died since the last request (``/healthz`` then says 503)."""
        if self.ready and self._pool is not None and getattr(self._pool, "_broken", False):
            await self._restart()

    async def _restart(self) -> None:
        _log.error("error: a worker process stopped abruptly (out of memory?); restarting the workers")
        await self.stop()
        self.start()

    def not_ready(self) -> ApiError:
        """The error of a request that comes while the workers load (or could not load)."""
        if self.error is not None:
            return ApiError(503, f"the workers could not load: {self.error}")
        return ApiError(503, f"loading the model and the gazetteer ({self.loading:.0f} s so far); try again shortly")


@dataclass
class Answer:
    """One answer page's results, kept for its download links."""

    geojson: str
    html: str
    profile: str
    created: float = field(default_factory=time.monotonic)
    converted: dict[str, bytes] = field(default_factory=dict)

    @property
    def size(self) -> int:
        """Bytes kept (about)."""
        return len(self.geojson) + len(self.html) + sum(len(b) for b in self.converted.values())


class Answers:
    """The answers of recent pages, by an unguessable token: the newest ``entries``, for ``ttl`` seconds.

    The download links of an answer page point here; an old answer is dropped (its links then
    answer 404), and so are the oldest ones when they hold more than ``max_bytes``.
    """

    def __init__(self, entries: int = 32, ttl: float = 3600.0, max_bytes: int = 256_000_000):
        self.entries, self.ttl, self.max_bytes = entries, ttl, max_bytes
        self._items: OrderedDict[str, Answer] = OrderedDict()

    def add(self, answer: Answer) -> str:
        """Keep an answer; returns its token."""
        token = secrets.token_urlsafe(16)
        self._items[token] = answer
        self._trim()
        return token

    def get(self, token: str) -> Answer | None:
        """The answer of a token, if it is still kept."""
        self._trim()
        return self._items.get(token)

    def _trim(self) -> None:
        now = time.monotonic()
        for token in [t for t, a in self._items.items() if now - a.created > self.ttl]:
            del self._items[token]
        while len(self._items) > self.entries or (
            len(self._items) > 1 and sum(a.size for a in self._items.values()) > self.max_bytes
        ):
            self._items.popitem(last=False)
