"""The server's settings (``geomap serve``'s options), with their defaults in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass

#: the addresses that only this machine reaches: binding elsewhere is warned about
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


def default_workers() -> int:
    """Worker processes by default: one per core, at most two (each holds its own model, ~300 MB)."""
    return max(1, min(2, os.cpu_count() or 1))


@dataclass(frozen=True)
class ServeConfig:
    """How ``geomap serve`` runs.

    Attributes
    ----------
    host, port : str, int
        Where to listen (default 127.0.0.1:8000: this machine only; port 0 picks a free port).
    workers : int
        Worker processes that run the pipeline, each loading the model once.
    max_bytes : int
        The largest request body taken (413 above it).
    timeout : float
        Seconds a request may wait for its answer, queueing included (504 after).
    cors : tuple of str
        Origins allowed to call the API from a browser page elsewhere (no CORS headers when empty).
    """

    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = default_workers()
    max_bytes: int = 1_000_000
    timeout: float = 60.0
    cors: tuple[str, ...] = ()

    @property
    def local(self) -> bool:
        """True when only this machine can reach the server."""
        return self.host in LOCAL_HOSTS or self.host.startswith("127.")
