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

==================  ==========================================================================
:mod:`.inputs`      the articles: files, folders, globs, JSON Lines and CSV tables, stdin
:mod:`.parts`       the unit of work: a chunk mapped and written as a part, with its record
:mod:`.output`      the lock on the output, the folder of parts, the table assembled
:mod:`.engines`     the process pool, the Dask cluster, stopping on SIGTERM
==================  ==========================================================================
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ..article import Article
from ..errors import InputError, Terminated
from .engines import Advance, in_chunks, run_dask, run_local, stop_on_sigterm
from .inputs import Failure, read_articles, unique_ids
from .output import OutputLock, assemble, work_folder
from .parts import PART, ChunkReport, dataset_rows, done_ids, process_chunk

if TYPE_CHECKING:
    from rich.progress import Progress

ENGINES = ("local", "dask")


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


def _progress(total: int, enabled: bool) -> Progress:
    """A progress bar on standard error (off unless ``enabled``)."""
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
    stdout: TextIO | None = None,
    **options: Any,
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
    fmt = _checked_format(output, fmt, engine=engine, scheduler=scheduler, resume=resume)
    jobs = max(1, jobs or os.cpu_count() or 1)

    found, failures = read_articles(inputs) if inputs else ([], [])
    found = unique_ids([*(articles or []), *found])
    if not found and not failures:
        raise InputError("no articles to map")

    out = Path(output) if output is not None else None
    with OutputLock(out), stop_on_sigterm():  # one batch per output; SIGTERM stops it as Ctrl-C does
        folder, temporary = work_folder(out, engine, resume, overwrite)
        result = BatchResult(articles=len(found), failures=list(failures))
        with _kept_for_resume(folder, temporary, result):
            done = done_ids(folder)
            todo = [a for a in found if a.id not in done]
            result.skipped = len(found) - len(todo)
            if todo:
                options = _prepared(options)
            with _progress(len(todo), progress) as bar:
                advance = _tally(result, bar, len(todo))
                chunked = in_chunks(todo, max(1, chunk_size))
                work = functools.partial(process_chunk, part=PART[engine])
                if engine == "dask":
                    run_dask(work, chunked, options, folder, jobs, scheduler, advance)
                else:
                    run_local(work, chunked, options, folder, jobs, advance)
            if engine == "dask":
                result.places, result.output = dataset_rows(folder), folder
            else:
                result.places, result.output = assemble(folder, found, out, fmt, overwrite or resume, stdout)
                shutil.rmtree(folder, ignore_errors=True)
        return result


def _checked_format(
    output: str | os.PathLike | None, fmt: str | None, *, engine: str, scheduler: str | None, resume: bool
) -> str | None:
    """The output's format, once the settings of a batch are known to go together.

    Raises
    ------
    InputError
        If they do not.
    """
    from ..table import format_for
    from ..table.files import needs_pyarrow

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
    if engine == "dask":
        needs_pyarrow()
    if output is not None and engine == "local":
        fmt = format_for(output, fmt)
    if output is None and fmt not in (None, "geojson", "geojsonl", "geojsonseq"):
        raise InputError(f"{fmt} cannot go to standard output: pass a file as output=")
    return fmt


def _tally(result: BatchResult, bar: Progress, total: int) -> Advance:
    """What to do as each chunk finishes: count it into ``result`` and move the progress bar on."""
    task = bar.add_task("mapping", total=total, rate="-")

    def advance(report: ChunkReport, n: int) -> None:
        result.processed += len(report.done)
        result.failures.extend(report.failures)
        bar.advance(task, n)
        elapsed = bar.tasks[0].elapsed or 0
        done_n = bar.tasks[0].completed
        bar.update(task, rate=f"{done_n / elapsed:.1f}" if elapsed else "-")

    return advance


@contextlib.contextmanager
def _kept_for_resume(folder: Path, temporary: bool, result: BatchResult) -> Iterator[None]:
    """A batch that fails removes its folder of parts if it is temporary, else keeps it for ``resume``.

    Terminated (SIGTERM), a batch says how many articles it kept, and where.
    """
    try:
        yield
    except BaseException as exc:
        if temporary:
            shutil.rmtree(folder, ignore_errors=True)
        elif isinstance(exc, Terminated):
            raise Terminated(
                f"terminated; {result.processed} articles mapped by this run are kept in {str(folder)!r}: "
                "run again with resume=True"
            ) from None
        raise


def _prepared(options: dict) -> dict:
    """The options, once here before the workers start (not once in each worker or chunk).

    The offline gazetteer is built if missing (workers find it where this process does:
    ``$GEOMAP_GAZETTEER`` is inherited), and the home region (``near``) is looked up: a name no
    place has fails now, and the workers get its gazetteer entry.
    """
    from ..gazetteer import Gazetteer
    from ..resolve import home_place

    gazetteer = Gazetteer.open()
    if isinstance(options.get("near"), str):
        return {**options, "near": home_place(gazetteer, options["near"])}
    return options


__all__ = ["BatchResult", "ChunkReport", "Failure", "process_chunk", "read_articles", "run_batch"]
