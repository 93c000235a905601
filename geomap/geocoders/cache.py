"""An on-disk cache of online geocoder answers (SQLite), so that a place is asked once.

Answers are stored as the provider gave them (a list of results, possibly empty for "not
found"), keyed by provider, endpoint, normalised query and parameters; whether an answer is
plausible for an article is decided afterwards, so one answer serves every article. Failures
are never stored. Several processes may share the file: it is in WAL mode and every write is
one short transaction. The file also holds each endpoint's last request time, so that several
processes (``geomap batch``) keep one rate limit between them.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sqlite3
import time
import unicodedata
from pathlib import Path

from ..errors import GeocoderError

SCHEMA_VERSION = 1


def default_cache_path() -> Path:
    """Where the geocoder cache lives: ``$GEOMAP_CACHE_DIR``, else ``~/.cache/geomap`` (or ``$XDG_CACHE_HOME``)."""
    base = os.environ.get("GEOMAP_CACHE_DIR")
    if not base:
        xdg = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        base = os.path.join(xdg, "geomap")
    return Path(base) / f"geocoder-v{SCHEMA_VERSION}.sqlite"


def normalize_query(query: str) -> str:
    """The cache form of a query: Unicode NFC, case-folded, runs of white space made one space."""
    return " ".join(unicodedata.normalize("NFC", query).casefold().split())


def cache_key(provider: str, endpoint: str, query: str, params: dict | None = None) -> str:
    """A stable key for one question to one endpoint (SHA-256 of its parts)."""
    parts = [provider, endpoint.rstrip("/"), normalize_query(query), json.dumps(params or {}, sort_keys=True)]
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class GeocodeCache:
    """Geocoder answers on disk.

    Parameters
    ----------
    path : path-like, optional
        The SQLite file (default: :func:`default_cache_path`). Its folder is created.

    Raises
    ------
    GeocoderError
        If the file cannot be created or opened.
    """

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        self.path = Path(path) if path is not None else default_cache_path()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._con = sqlite3.connect(self.path, timeout=30.0, isolation_level=None, check_same_thread=False)
            self._con.execute("PRAGMA journal_mode=WAL")
            self._con.execute(
                "CREATE TABLE IF NOT EXISTS answers (key TEXT PRIMARY KEY, provider TEXT NOT NULL, "
                "query TEXT NOT NULL, results TEXT NOT NULL, created REAL NOT NULL)"
            )
            self._con.execute("CREATE TABLE IF NOT EXISTS slots (endpoint TEXT PRIMARY KEY, last REAL NOT NULL)")
        except (OSError, sqlite3.Error) as exc:
            raise GeocoderError(f"cannot open the geocoder cache {str(self.path)!r}: {exc}") from None

    def get(self, key: str) -> list[dict] | None:
        """The stored answer (a list of results, ``[]`` meaning "not found"), or None if never asked."""
        try:
            row = self._con.execute("SELECT results FROM answers WHERE key = ?", (key,)).fetchone()
        except sqlite3.Error:
            return None  # a cache that cannot be read is a cache miss
        if row is None:
            return None
        try:
            results = json.loads(row[0])
        except json.JSONDecodeError:
            return None
        return results if isinstance(results, list) else None

    def put(self, key: str, provider: str, query: str, results: list[dict]) -> None:
        """Store an answer (one short transaction; a cache that cannot be written is skipped)."""
        with contextlib.suppress(sqlite3.Error):
            self._con.execute(
                "INSERT OR REPLACE INTO answers (key, provider, query, results, created) VALUES (?, ?, ?, ?, ?)",
                (key, provider, query, json.dumps(results, ensure_ascii=False), time.time()),
            )

    def take_slot(self, endpoint: str, delay: float, now: float) -> float:
        """Take the next request slot of ``endpoint``, shared by every process that uses this file.

        Returns 0 if the slot is taken (go ahead), else the seconds to wait before asking
        again. ``now`` is a clock common to the processes (``time.monotonic`` is, on one
        machine); a clock that went backwards (a reboot) frees the slot.
        """
        try:
            self._con.execute("BEGIN IMMEDIATE")
            try:
                row = self._con.execute("SELECT last FROM slots WHERE endpoint = ?", (endpoint,)).fetchone()
                if row is not None and 0.0 <= now - row[0] < delay:
                    return delay - (now - row[0])
                self._con.execute("INSERT OR REPLACE INTO slots (endpoint, last) VALUES (?, ?)", (endpoint, now))
                return 0.0
            finally:
                self._con.execute("COMMIT")
        except sqlite3.Error:
            return 0.0  # no shared limit then; the process's own limiter still holds

    def __len__(self) -> int:
        return self._con.execute("SELECT count(*) FROM answers").fetchone()[0]

    def close(self) -> None:
        """Close the database."""
        self._con.close()


class MemoryCache:
    """The same interface, in memory, for one run: for providers whose terms forbid storing results."""

    path = None

    def __init__(self) -> None:
        self._answers: dict[str, list[dict]] = {}

    def get(self, key: str) -> list[dict] | None:
        """The answer given earlier in this run, or None."""
        return self._answers.get(key)

    def put(self, key: str, provider: str, query: str, results: list[dict]) -> None:
        """Keep an answer for the rest of the run."""
        self._answers[key] = results

    def take_slot(self, endpoint: str, delay: float, now: float) -> float:
        """No limit shared with other processes (the process's own limiter holds)."""
        return 0.0

    def __len__(self) -> int:
        return len(self._answers)
