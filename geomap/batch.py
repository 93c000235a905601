"""Many articles at once: read them from files, folders, globs or tables, map them on all cores.

The unit of work is a *chunk*: a few articles that one worker runs through the pipeline
(the model over them in one ``nlp.pipe`` batch) and writes as one GeoParquet part, with the
ids of the articles it finished beside it. Both engines run that same function:

- ``local``: a process pool on this machine (each worker loads the model once);
- ``dask``: a ``dask.distributed`` cluster (a local one by default, or a scheduler address).

Parts make a batch resumable: after an interruption, ``resume=True`` skips the articles a
part already holds. The local engine assembles the parts into one file in the format asked
for and then removes them; the Dask engine's output *is* the parts, a partitioned
GeoParquet dataset (read it with ``geomap.table.read_table``, ``geopandas.read_parquet`` or
``dask_geopandas.read_parquet``).
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import fnmatch
import glob
import io
import json
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .article import Article
from .errors import GeocoderError, GeocoderUnavailable, GeomapError, InputError, OutputError, Terminated

log = logging.getLogger(__name__)

ENGINES = ("local", "dask")
_TABLE_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}
_DONE = "_geomap_done"  # ids of finished articles, per part (a leading "_" hides it from parquet readers)
_ADOPTED = "part-adopted"  # the rows of a finished output that --resume adds to: one part, whatever happens


@dataclass(frozen=True)
class Failure:
    """An article that could not be read or mapped, and why."""

    article: str
    error: str


@dataclass
class BatchResult:
    """What a batch did.

    Attributes
    ----------
    articles : int
        Articles in the input (read successfully).
    processed : int
        Articles mapped by this run.
    skipped : int
        Articles already done by an earlier run (``resume``).
    places : int
        Rows of the output table.
    failures : list of Failure
        Articles that could not be read or mapped; the batch went on without them.
    output : Path or None
        The file or folder written (None when the table went to ``stdout``).
    """

    articles: int = 0
    processed: int = 0
    skipped: int = 0
    places: int = 0
    failures: list[Failure] = field(default_factory=list)
    output: Path | None = None


# ---------------------------------------------------------------------------------------------
# reading the input


def _article_from_row(row: dict, default_id: str) -> Article:
    text = row.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError("no text")
    ident = str(row.get("id") or "").strip() or default_id
    art = Article.from_text(text, id=ident)
    date, title = row.get("date"), row.get("title")
    if date and not art.date:
        import datetime as _dt

        try:
            iso = _dt.date.fromisoformat(str(date).strip()[:10]).isoformat()
        except ValueError:
            raise InputError(f"{date!r} is not a date (YYYY-MM-DD)") from None
        art = dataclasses.replace(art, date=iso)
    if title and not art.title:
        art = dataclasses.replace(art, title=str(title).strip())
    return art


def _table_rows(text: str, kind: str, name: str) -> Iterable[tuple[str, dict | Exception]]:
    if kind == "jsonl":
        from .table import json_lines

        for n, line in enumerate(json_lines(text), start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                if not isinstance(row, dict):
                    raise ValueError("not a JSON object")
                yield f"{name}:{n}", row
            except ValueError as exc:
                yield f"{name}:{n}", InputError(f"line {n} is not a JSON object: {exc}")
        return
    csv.field_size_limit(sys.maxsize)
    # strict: a quote that does not close where a field ends ("an "unbalanced quote) is an
    # error, not a field that swallows the records after it
    reader = csv.DictReader(io.StringIO(text, newline=""), strict=True)
    try:
        fields = {(f or "").strip().lower() for f in reader.fieldnames or []}
        if "text" not in fields:
            raise InputError(f"{name}: a CSV of articles needs a 'text' column (and optional id, date, title)")
        for n, row in enumerate(reader, start=2):
            if None in row or None in row.values():  # more or fewer fields than the header
                yield f"{name}:{n}", InputError(f"line {reader.line_num} does not have the header's fields")
                continue
            yield f"{name}:{n}", {(k or "").strip().lower(): v for k, v in row.items()}
    except csv.Error as exc:
        raise InputError(f"{name}: malformed CSV after line {reader.line_num} ({exc}): an unbalanced quote?") from None


def _read_table(text: str, kind: str, name: str, out: list, failures: list) -> None:
    for default_id, row in _table_rows(text, kind, name):
        if isinstance(row, Exception):
            failures.append(Failure(default_id, str(row)))
            continue
        try:
            out.append(_article_from_row(row, default_id))
        except GeomapError as exc:
            failures.append(Failure(str(row.get("id") or default_id), str(exc)))


def _read_path(path: Path, out: list, failures: list) -> None:
    kind = _TABLE_SUFFIXES.get(path.suffix.lower())
    try:
        if not kind:
            out.append(Article.from_file(path))  # the reading rule of every article
            return
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        failures.append(Failure(path.stem, f"{str(path)!r} is not UTF-8 text"))
        return
    except OSError as exc:
        failures.append(Failure(path.stem, f"cannot read {str(path)!r}: {exc.strerror or exc}"))
        return
    except GeomapError as exc:
        failures.append(Failure(path.stem, str(exc)))
        return
    _read_table(text, kind, path.stem, out, failures)


def _glob(pattern: str) -> list[Path]:
    """The files a glob matches (``**`` any folders deep), never following a link to a folder.

    ``glob.glob(recursive=True)`` follows links to folders, so a link back up the tree makes
    it list the same files again and again (exponentially with two such links).
    """
    parts = Path(pattern).parts
    fixed = next((i for i, part in enumerate(parts) if glob.has_magic(part)), len(parts))
    root = Path(*parts[:fixed]) if fixed else Path(".")
    rest = parts[fixed:]
    regex = []
    for i, part in enumerate(rest):
        last = i == len(rest) - 1
        if part == "**":
            regex.append("(?:[^/]+/)*" if not last else ".*")
        else:
            regex.append(fnmatch.translate(part).removeprefix("(?s:").removesuffix(")\\Z").replace(".*", "[^/]*"))
            regex.append("" if last else "/")
    matcher = re.compile("".join(regex) + r"\Z", re.S)
    found = []
    for folder, dirs, files in os.walk(root):  # links to folders are not followed
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in [*files, *dirs]:
            if name.startswith("."):  # hidden files, as a shell's glob
                continue
            path = Path(folder, name)
            if matcher.match(path.relative_to(root).as_posix()):
                found.append(path)
    return sorted(found)


def _expand(item: str) -> list[Path]:
    p = Path(item)
    if p.is_dir():
        found = [f for f in _glob(str(p / "**" / "*.txt")) if f.is_file()]
        if not found:
            raise InputError(f"no articles (*.txt) in the folder {item!r}")
        return found
    if p.exists():
        return [p]
    if glob.has_magic(item):
        matches = _glob(item)
        if not matches:
            raise InputError(f"nothing matches {item!r}")
        return [f for m in matches for f in _expand(str(m))]
    raise InputError(f"no such file or folder: {item!r}")


def read_articles(inputs: Sequence[str | os.PathLike], *, stdin=None) -> tuple[list[Article], list[Failure]]:
    """Read the articles of a batch.

    Parameters
    ----------
    inputs : sequence of str or path-like
        Text files (one article each, id = file stem), folders (their ``*.txt`` files, at any
        depth), globs (``"news/2024-*.txt"``), tables of articles (``.jsonl``/``.ndjson``:
        one JSON object a line; ``.csv``), each with a ``text`` and optional ``id``, ``date``
        (YYYY-MM-DD) and ``title``; or ``"-"``: standard input, a JSON Lines table when it
        starts with ``{``, else one article.
    stdin : file-like, optional
        What ``"-"`` reads (default ``sys.stdin``).

    Returns
    -------
    (list of Article, list of Failure)
        The articles, with unique ids, and the entries that could not be read.

    Raises
    ------
    InputError
        If an input does not exist, matches nothing, or a table lacks a ``text`` column.
    """
    articles: list[Article] = []
    failures: list[Failure] = []
    seen: set[Path] = set()  # each file once: a folder and a file in it, a glob through a symlink loop
    for item in inputs:
        if str(item) == "-":
            stream = stdin or sys.stdin
            raw = getattr(stream, "buffer", None)
            try:
                text = raw.read().decode("utf-8-sig") if raw is not None else stream.read()
            except UnicodeDecodeError:
                failures.append(Failure("stdin", "standard input is not UTF-8 text"))
                continue
            if text.lstrip().startswith("{"):
                _read_table(text, "jsonl", "stdin", articles, failures)
            else:
                try:
                    articles.append(Article.from_text(text, id="stdin"))
                except GeomapError as exc:
                    failures.append(Failure("stdin", str(exc)))
            continue
        for path in _expand(str(item)):
            real = path.resolve()
            if real not in seen:
                seen.add(real)
                _read_path(path, articles, failures)
    return _unique_ids(articles), failures


def _unique_ids(articles: list[Article]) -> list[Article]:
    seen: dict[str, int] = {}
    out = []
    for a in articles:
        n = seen.get(a.id, 0) + 1
        seen[a.id] = n
        if n > 1:
            new = f"{a.id}~{n}"
            log.warning("two articles have the id %r; the later one is %r", a.id, new)
            a = dataclasses.replace(a, id=new)
        out.append(a)
    return out


# ---------------------------------------------------------------------------------------------
# the unit of work: one chunk of articles -> one part


@dataclass(frozen=True)
class ChunkReport:
    """What one chunk did: the articles finished, the rows written, the failures."""

    done: list[str]
    rows: int
    failures: list[Failure]


_STATE: dict = {}


def _pipeline_state(options: dict) -> dict:
    # load the profile, the gazetteer and the user gazetteer once per worker process
    key = json.dumps(options, sort_keys=True, default=str)
    if key not in _STATE:
        from .geocoders import UserGazetteer
        from .profile import load_profile

        opts = dict(options)
        opts["profile"] = load_profile(opts.get("profile"))
        if opts.get("user_gazetteer"):
            opts["user_gazetteer"] = UserGazetteer(opts["user_gazetteer"])
        _STATE.clear()
        _STATE[key] = opts
    return _STATE[key]


def process_chunk(articles: list[Article], options: dict, folder: str) -> ChunkReport:
    """Map ``articles`` and write them as one GeoParquet part in ``folder``.

    This is the one function both engines run on their workers. ``options`` are keyword
    arguments of :func:`geomap.pipeline.analyse_many` given as plain values (profile name or
    path, gazetteer path, user gazetteer path, model...). An article that fails is reported,
    not raised. The part is written before the record of the finished ids, both atomically,
    so an interrupted chunk leaves nothing that counts as done.
    """
    import pandas as pd

    from .pipeline import analyse_many
    from .table import atomic_write, empty_frame, write_table

    failures: list[Failure] = []

    def failed(article: Article, exc: Exception) -> None:
        if isinstance(exc, GeocoderError) and not isinstance(exc, GeocoderUnavailable):
            raise exc  # a refused key or a bad configuration fails every article: stop the batch
        message = str(exc) if isinstance(exc, GeomapError) else f"{type(exc).__name__}: {exc}"
        failures.append(Failure(article.id, message))

    frames = [a.to_frame() for a in analyse_many(articles, on_error=failed, **_pipeline_state(options))]
    failed_ids = {f.article for f in failures}
    done = [a.id for a in articles if a.id not in failed_ids]
    frames = [f for f in frames if len(f)]
    table = pd.concat(frames, ignore_index=True) if frames else empty_frame()
    name = f"part-{uuid.uuid4().hex[:16]}"
    if len(table):
        write_table(table, Path(folder) / f"{name}.parquet", overwrite=False)
    atomic_write(Path(folder) / _DONE / f"{name}.json", json.dumps(done), overwrite=False)
    return ChunkReport(done, len(table), failures)


def _done_ids(folder: Path) -> set[str]:
    ids: set[str] = set()
    for f in (folder / _DONE).glob("part-*.json"):
        try:
            ids.update(json.loads(f.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            log.warning("ignoring the unreadable record %s", f)
    return ids


def _read_parts(folder: Path):
    from .table import empty_frame, read_table

    done = {f.stem for f in (folder / _DONE).glob("part-*.json")}
    parts = [p for p in sorted(folder.glob("part-*.parquet")) if p.stem in done]
    if not parts:
        return empty_frame()
    import pandas as pd

    return pd.concat([read_table(p) for p in parts], ignore_index=True)


# ---------------------------------------------------------------------------------------------
# engines


def _chunks(articles: list[Article], size: int) -> list[list[Article]]:
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


def _run_local(chunks, options, folder, jobs, advance) -> list[ChunkReport]:
    reports = []
    if jobs <= 1:
        for chunk in chunks:
            reports.append(process_chunk(chunk, options, str(folder)))
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
        pending = {}
        queue = list(reversed(chunks))
        while queue or pending:
            while queue and len(pending) < jobs * 2:  # a bounded queue: memory stays flat
                chunk = queue.pop()
                pending[pool.submit(process_chunk, chunk, options, str(folder))] = chunk
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


def _report(fut, chunk: list[Article]) -> ChunkReport:
    from concurrent.futures.process import BrokenProcessPool

    try:
        return fut.result()
    except (GeomapError, BrokenProcessPool):
        raise
    except Exception as exc:  # a worker died or could not write: the chunk's articles failed
        return ChunkReport([], 0, [Failure(a.id, f"{type(exc).__name__}: {exc}") for a in chunk])


def _run_dask(chunks, options, folder, jobs, scheduler, advance) -> list[ChunkReport]:
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
    reports = []
    try:
        futures = {client.submit(process_chunk, chunk, options, str(folder), pure=False): chunk for chunk in chunks}
        for fut in as_completed(futures):
            reports.append(_report(fut, futures[fut]))
            advance(reports[-1], len(futures[fut]))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return reports


def _progress(total: int, enabled: bool):
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} articles/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        disable=not enabled,
    )


def run_batch(
    inputs: Sequence[str | os.PathLike] | None = None,
    output: str | os.PathLike | None = None,
    *,
    articles: list[Article] | None = None,
    fmt: str | None = None,
    engine: str = "local",
    jobs: int | None = None,
    scheduler: str | None = None,
    resume: bool = False,
    overwrite: bool = False,
    chunk_size: int = 8,
    progress: bool = True,
    stdout=None,
    **options,
) -> BatchResult:
    """Map many articles into one places table (with an ``article`` column).

    Parameters
    ----------
    inputs : sequence of str or path-like, optional
        What :func:`read_articles` reads: files, folders, globs, JSONL/CSV tables, ``"-"``.
    output : path-like, optional
        The table to write: format from the extension or ``fmt`` (GeoJSON, GeoJSONSeq,
        GeoPackage, GeoParquet, CSV). With the Dask engine, a folder for a partitioned
        GeoParquet dataset. None writes the table to ``stdout`` (GeoJSON unless ``fmt``).
    articles : list of Article, optional
        Articles already in memory, instead of (or besides) ``inputs``.
    fmt : str, optional
        Output format, when the extension does not tell it (``geomap.table.FORMATS``).
    engine : {"local", "dask"}
        A process pool here, or a Dask cluster.
    jobs : int, optional
        Worker processes (default: every core). 1 runs in this process.
    scheduler : str, optional
        Dask scheduler address (``tcp://host:8786``); default: a local cluster of ``jobs`` workers.
    resume : bool
        Skip the articles an earlier, interrupted run (or an existing Dask output) holds.
    overwrite : bool
        Replace an existing output.
    chunk_size : int
        Articles per unit of work.
    progress : bool
        Show a progress bar on standard error.
    stdout : file-like, optional
        Where the table goes when there is no ``output`` (default ``sys.stdout``).
    **options
        Passed to the pipeline as plain values that pickle: ``profile`` (a name or path),
        ``user_gazetteer`` (a path), ``model``...

    Returns
    -------
    BatchResult

    Raises
    ------
    InputError
        Missing inputs, no articles, an unknown engine or format.
    OutputError
        The output exists (without ``overwrite`` or ``resume``) or cannot be written.
    """
    from .table import format_for

    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if resume and output is None:
        raise InputError("resume=True needs an output file (pass output=)")
    if scheduler and engine != "dask":
        raise InputError("scheduler= is for engine='dask'")
    if engine == "dask" and output is None:
        raise InputError("the dask engine writes a partitioned GeoParquet folder: pass it as output=")
    if engine == "dask" and fmt not in (None, "parquet"):
        raise InputError("the dask engine writes partitioned GeoParquet (fmt='parquet')")
    if output is not None and engine == "local":
        fmt = format_for(output, fmt)
    if output is None and fmt not in (None, "geojson", "geojsonl", "geojsonseq"):
        raise InputError(f"{fmt} cannot go to standard output: pass a file as output=")
    jobs = max(1, jobs or os.cpu_count() or 1)

    found, failures = read_articles(inputs) if inputs else ([], [])
    found = _unique_ids([*(articles or []), *found])
    if not found and not failures:
        raise InputError("no articles to map")

    out = Path(output) if output is not None else None
    with _OutputLock(out), _stop_on_sigterm():  # one batch per output; SIGTERM stops it as Ctrl-C does
        folder, temporary = _work_folder(out, engine, resume, overwrite)
        result = BatchResult(articles=len(found), failures=list(failures))
        try:
            done = _done_ids(folder)
            todo = [a for a in found if a.id not in done]
            result.skipped = len(found) - len(todo)
            if todo:
                _ensure_gazetteer()
            with _progress(len(todo), progress) as bar:
                task = bar.add_task("mapping", total=len(todo), rate="-")

                def advance(report: ChunkReport, n: int) -> None:
                    result.processed += len(report.done)
                    result.failures.extend(report.failures)
                    bar.advance(task, n)
                    elapsed = bar.tasks[0].elapsed or 0
                    done_n = bar.tasks[0].completed
                    bar.update(task, rate=f"{done_n / elapsed:.1f}" if elapsed else "-")

                chunks = _chunks(todo, max(1, chunk_size))
                if engine == "dask":
                    _run_dask(chunks, options, folder, jobs, scheduler, advance)
                else:
                    _run_local(chunks, options, folder, jobs, advance)
            if engine == "dask":
                from .table import read_table

                result.places = len(read_table(folder)) if any(folder.glob("part-*.parquet")) else 0
                result.output = folder
            else:
                result.places, result.output = _assemble(folder, found, out, fmt, overwrite or resume, stdout)
                shutil.rmtree(folder, ignore_errors=True)
        except Terminated:
            if temporary:
                shutil.rmtree(folder, ignore_errors=True)
                raise
            raise Terminated(
                f"terminated; {result.processed} articles mapped by this run are kept in {str(folder)!r}: "
                "run again with resume=True"
            ) from None
        except BaseException:
            if temporary:
                shutil.rmtree(folder, ignore_errors=True)
            raise
        return result


@contextlib.contextmanager
def _stop_on_sigterm():
    """SIGTERM (a plain ``kill``) stops the batch as Ctrl-C does: workers stopped, finished chunks kept."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise Terminated("terminated")

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


class _OutputLock:
    """One batch at a time on an output: a lock file beside it (``.NAME.lock``) for the batch's life.

    The lock is an ``flock`` on that file, which the system lets go when the process ends, however
    it ends: a lock file left behind by a killed batch is free and is taken over. The file holds
    the PID of the batch that holds it, for the message another batch gets.
    """

    def __init__(self, out: Path | None):
        self.out = out
        self.path = None if out is None else out.parent / f".{out.name}.lock"
        self._fd: int | None = None

    def __enter__(self) -> _OutputLock:
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

    def __exit__(self, *exc) -> None:
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            os.close(self._fd)
            self._fd = None


def _work_folder(out: Path | None, engine: str, resume: bool, overwrite: bool) -> tuple[Path, bool]:
    """Where the parts go, and whether that folder is ours to delete on failure."""
    if out is None:
        folder = Path(tempfile.mkdtemp(prefix="geomap-batch-"))
        (folder / _DONE).mkdir()
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
    (folder / _DONE).mkdir(exist_ok=True)
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
    from .table import atomic_write, read_table, write_table

    record = folder / _DONE / f"{_ADOPTED}.json"
    if record.exists():
        return
    table = read_table(out)
    if len(table):
        write_table(table, folder / f"{_ADOPTED}.parquet", overwrite=True)
    atomic_write(record, json.dumps(sorted(set(table["article"]))), overwrite=False)


def _assemble(folder: Path, articles: list[Article], out: Path | None, fmt, overwrite: bool, stdout) -> tuple:
    from .table import geojson_lines, write_table

    table = _read_parts(folder)
    order = {a.id: i for i, a in enumerate(articles)}
    if len(table):
        key = table["article"].map(lambda a: order.get(a, len(order)))
        table = table.iloc[key.argsort(kind="stable")].reset_index(drop=True)
    if out is not None:
        write_table(table, out, fmt=fmt, overwrite=overwrite)
        return len(table), out
    from .table import to_geojson

    stream = stdout or sys.stdout
    if fmt in ("geojsonl", "geojsonseq"):
        stream.write(geojson_lines(table, rs=fmt == "geojsonseq"))
    else:
        stream.write(to_geojson(table) + "\n")
    return len(table), None


def _ensure_gazetteer() -> None:
    # build the offline gazetteer once here, before the workers start (not once in each);
    # workers find it where this process does ($GEOMAP_GAZETTEER is inherited)
    from .gazetteer import Gazetteer

    Gazetteer.open()


__all__ = ["BatchResult", "ChunkReport", "Failure", "process_chunk", "read_articles", "run_batch"]
