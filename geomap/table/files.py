"""Writing files safely: atomic writes, the export formats' names, JSON Lines.

Every file is written to a temporary file beside the target and renamed into place, so an
interrupted run never leaves half a file, and an existing file is replaced only when asked.
Light: it imports neither pandas nor geopandas.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import GeomapError, InputError, MissingExtra, OutputError

#: file extension -> format name
EXTENSIONS = {
    ".geojson": "geojson",
    ".json": "geojson",
    ".geojsons": "geojsonseq",
    ".geojsonseq": "geojsonseq",
    ".geojsonl": "geojsonl",
    ".geojsonld": "geojsonl",
    ".jsonl": "geojsonl",
    ".ndjson": "geojsonl",
    ".gpkg": "gpkg",
    ".csv": "csv",
    ".parquet": "parquet",
    ".geoparquet": "parquet",
}
#: geojsonl: one Feature a line (newline-delimited, as GDAL writes .geojsonl); geojsonseq: RFC 8142
#: GeoJSON Text Sequences, each Feature after an RS character (.geojsons)
FORMATS = ("geojson", "geojsonl", "geojsonseq", "gpkg", "csv", "parquet")


def check_target(path: str | os.PathLike, overwrite: bool) -> None:
    """Raise `OutputError` if ``path`` cannot be written.

    It exists and ``overwrite`` is false, it is a folder, its folder is missing, or nothing can
    be created in its folder (read-only, no permission, a read-only file system): found out by
    creating and removing a temporary file there, so the answer comes before any work.
    """
    path = Path(path)
    if path.exists() and not overwrite:
        raise OutputError(f"{str(path)!r} exists; pass overwrite=True to replace it")
    if path.exists() and path.is_dir():
        raise OutputError(f"{str(path)!r} is a folder")
    if not path.parent.is_dir():
        raise OutputError(f"no such folder: {str(path.parent)!r}")
    try:
        fd, probe = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".probe", dir=path.parent)
        os.close(fd)
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(f"cannot write in {str(path.parent)!r}: {exc.strerror or exc}") from None


def _mode_for(path: Path) -> int:
    """The permission bits a new output gets: those of the file it replaces, else what the umask allows."""
    try:
        return path.stat().st_mode & 0o7777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def atomic_path(path: str | os.PathLike, write: Callable[[str], None], *, overwrite: bool = True) -> Path:
    """Call ``write(tmp_path)`` then move the temporary file to ``path`` (atomically)."""
    path = Path(path)
    check_target(path, overwrite)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=path.parent)
        os.close(fd)
        os.unlink(tmp)  # some writers (GDAL) refuse an existing file
        write(tmp)
        os.chmod(tmp, _mode_for(path))
        if not overwrite and path.exists():
            raise OutputError(f"{str(path)!r} appeared while writing; not replaced")
        os.replace(tmp, path)
    except GeomapError:
        raise
    except Exception as exc:  # a full disk, a lost folder: OSError, or a writer's own error (GDAL, Arrow)
        text = str(exc).strip()
        reason = getattr(exc, "strerror", None) or (text.splitlines()[-1] if text else type(exc).__name__)
        raise OutputError(f"cannot write {str(path)!r}: {reason}") from None
    finally:
        if tmp and os.path.exists(tmp):
            os.unlink(tmp)
    return path


def atomic_write(path: str | os.PathLike, data: str | bytes, *, overwrite: bool = True) -> Path:
    """Write text or bytes to ``path`` atomically."""

    def write(tmp: str) -> None:
        mode = "wb" if isinstance(data, bytes) else "w"
        with open(tmp, mode, **({} if isinstance(data, bytes) else {"encoding": "utf-8"})) as fh:
            fh.write(data)

    return atomic_path(path, write, overwrite=overwrite)


def json_lines(text: str) -> list[str]:
    r"""The lines of a JSON Lines text: split at ``\n`` only.

    ``str.splitlines`` also splits at characters JSON strings may hold unescaped (U+0085,
    U+2028, U+2029, form feeds...), which would cut a record in two. A ``\r`` before the
    ``\n`` is JSON whitespace and harmless.
    """
    return text.split("\n")


def format_for(path: str | os.PathLike, fmt: str | None = None) -> str:
    """The export format: ``fmt`` if given, else from the file extension.

    Raises
    ------
    InputError
        If the format is unknown.
    MissingExtra
        If it is GeoParquet and pyarrow is not installed: said before any work is done.
    """
    if fmt:
        if fmt not in FORMATS:
            raise InputError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    else:
        ext = Path(path).suffix.lower()
        if ext not in EXTENSIONS:
            raise InputError(
                f"cannot tell the format of {str(path)!r} from its extension {ext!r}; "
                f"use one of {', '.join(sorted(EXTENSIONS))} or pass fmt="
            )
        fmt = EXTENSIONS[ext]
    if fmt == "parquet":
        needs_pyarrow()
    return fmt


def needs_pyarrow() -> None:
    """GeoParquet needs pyarrow, the ``parquet`` extra (which pandas imports whenever it is installed: 50 MB)."""
    MissingExtra.check("GeoParquet", "parquet", "pyarrow")
