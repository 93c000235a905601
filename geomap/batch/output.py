"""The output of a batch: one batch at a time on it, the folder of its parts, and the table assembled.

The local engine writes its parts in a hidden folder beside the output (``.NAME.partial``), then
assembles them into the output and removes the folder; the Dask engine's output folder holds
the parts themselves. ``resume`` goes on in that folder, and onto a finished output: its rows
are adopted as one part.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from ..article import Article
from ..errors import OutputError
from .parts import DONE, PART, read_parts

ADOPTED = "part-adopted"  # the rows of a finished output that --resume adds to: one part, whatever happens


class OutputLock:
    """One batch at a time on an output: a lock file beside it (``.NAME.lock``) for the batch's life.

    The lock is an ``flock`` on that file, which the system lets go when the process ends, however
    it ends: a lock file left behind by a killed batch is free and is taken over. The file holds
    the PID of the batch that holds it, for the message another batch gets.
    """

    def __init__(self, out: Path | None) -> None:
        self.out = out
        self.path = None if out is None else out.parent / f".{out.name}.lock"
        self._fd: int | None = None

    def __enter__(self) -> OutputLock:
        if self.path is None:
            return self
        import fcntl

        if not self.path.parent.is_dir():
            raise OutputError(f"no such folder: {str(self.path.parent)!r}")
        while True:
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise OutputError(f"cannot lock {str(self.out)!r}: {exc.strerror or exc}") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pid = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
                os.close(fd)
                raise OutputError(f"a batch is writing {str(self.out)!r} (pid {pid}); wait for it or stop it") from None
            try:  # the file may have been removed and made anew between open and lock: hold the one there
                current = os.stat(self.path).st_ino == os.fstat(fd).st_ino
            except FileNotFoundError:
                current = False
            if current:
                break
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            os.close(self._fd)
            self._fd = None


def work_folder(out: Path | None, engine: str, resume: bool, overwrite: bool) -> tuple[Path, bool]:
    """Where the parts go, and whether that folder is ours to delete on failure."""
    if out is None:
        folder = Path(tempfile.mkdtemp(prefix="geomap-batch-"))
        (folder / DONE).mkdir()
        return folder, True
    if not out.parent.exists():
        raise OutputError(f"no such folder: {str(out.parent)!r}")
    folder = out if engine == "dask" else out.parent / f".{out.name}.partial"
    if engine == "dask" and out.exists() and not out.is_dir():
        raise OutputError(f"{str(out)!r} is a file; the dask engine writes a folder")
    if engine == "local" and out.exists() and out.is_dir():
        raise OutputError(f"{str(out)!r} is a folder")
    exists = out.exists() and (engine == "local" or any(out.iterdir()))
    if not resume:
        if exists and not overwrite:
            raise OutputError(f"{str(out)!r} exists; pass overwrite=True to replace it or resume=True to add to it")
        if folder.exists() and not overwrite and engine == "local":
            raise OutputError(
                f"an interrupted batch left {str(folder)!r}: "
                "pass resume=True to go on, or overwrite=True to start again"
            )
        if folder.exists():
            shutil.rmtree(folder)
    created = not folder.exists()
    folder.mkdir(exist_ok=True)
    (folder / DONE).mkdir(exist_ok=True)
    if resume and engine == "local" and out.exists():
        try:
            _adopt(out, folder)
        except BaseException:
            if created:
                shutil.rmtree(folder, ignore_errors=True)
            raise
    return folder, False


def _adopt(out: Path, folder: Path) -> None:
    """Resuming onto a finished output: its articles count as done, its rows are kept.

    Its rows become one part of a fixed name, and the record of that part is written last: an
    earlier ``--resume`` that adopted the output (and was interrupted later) already holds them,
    so however often a resume is interrupted, the output's rows are counted once.
    """
    from ..table import atomic_write, read_table, write_table

    record = folder / DONE / f"{ADOPTED}.json"
    if record.exists():
        return
    table = read_table(out)
    if len(table):
        write_table(table, folder / f"{ADOPTED}{PART['local']}", overwrite=True)
    atomic_write(record, json.dumps(sorted(set(table["article"]))), overwrite=False)


def assemble(
    folder: Path, articles: list[Article], out: Path | None, fmt: str | None, overwrite: bool, stdout: TextIO | None
) -> tuple[int, Path | None]:
    """Write the finished parts as one table, in the order of ``articles``: to ``out``, else to ``stdout``.

    Returns the rows written and the file (None for standard output).
    """
    from ..table import geojson_lines, write_table

    table = read_parts(folder)
    order = {a.id: i for i, a in enumerate(articles)}
    if len(table):
        key = table["article"].map(lambda a: order.get(a, len(order)))
        table = table.iloc[key.argsort(kind="stable")].reset_index(drop=True)
    if out is not None:
        write_table(table, out, fmt=fmt, overwrite=overwrite)
        return len(table), out
    from ..table import to_geojson

    stream = stdout or sys.stdout
    if fmt in ("geojsonl", "geojsonseq"):
        stream.write(geojson_lines(table, rs=fmt == "geojsonseq"))
    else:
        stream.write(to_geojson(table) + "\n")
    return len(table), None
