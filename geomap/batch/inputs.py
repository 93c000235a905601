"""The inputs of a batch: articles from files, folders, globs, JSON Lines and CSV tables, standard input.

Every article is read by the one reading rule (:meth:`geomap.Article.from_file`); each file once,
however it is named (a folder and a file in it, a glob through a link back up the tree); ids
made unique. An entry that cannot be read is a :class:`Failure`, and the batch goes on.
"""

from __future__ import annotations

import csv
import dataclasses
import fnmatch
import glob
import io
import json
import logging
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from ..article import Article
from ..errors import GeomapError, InputError

log = logging.getLogger("geomap.batch")

_TABLE_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv"}


@dataclass(frozen=True)
class Failure:
    """An article that could not be read or mapped, and why."""

    article: str
    error: str


def _article_from_row(row: dict, default_id: str) -> Article:
    """The article of a table's row (``text``, optional ``id``, ``date``, ``title``)."""
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
    """(default id, row or the error of that row) of each row of a JSON Lines or CSV table."""
    if kind == "jsonl":
        from ..table import json_lines

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


def _read_table(text: str, kind: str, name: str, out: list[Article], failures: list[Failure]) -> None:
    """The articles of a table (``kind`` jsonl or csv) into ``out``; its bad rows into ``failures``."""
    for default_id, row in _table_rows(text, kind, name):
        if isinstance(row, Exception):
            failures.append(Failure(default_id, str(row)))
            continue
        try:
            out.append(_article_from_row(row, default_id))
        except GeomapError as exc:
            failures.append(Failure(str(row.get("id") or default_id), str(exc)))


def _read_path(path: Path, out: list[Article], failures: list[Failure]) -> None:
    """One file: an article, or a table of them (by its extension)."""
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
    """The files an input names: itself, a folder's ``*.txt`` files at any depth, a glob's matches."""
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


def read_articles(
    inputs: Sequence[str | os.PathLike], *, stdin: TextIO | None = None
) -> tuple[list[Article], list[Failure]]:
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
            _read_stdin(stdin or sys.stdin, articles, failures)
            continue
        for path in _expand(str(item)):
            real = path.resolve()
            if real not in seen:
                seen.add(real)
                _read_path(path, articles, failures)
    return unique_ids(articles), failures


def _read_stdin(stream: TextIO, out: list[Article], failures: list[Failure]) -> None:
    """Standard input: a JSON Lines table when it starts with ``{``, else one article."""
    raw = getattr(stream, "buffer", None)
    try:
        text = raw.read().decode("utf-8-sig") if raw is not None else stream.read()
    except UnicodeDecodeError:
        failures.append(Failure("stdin", "standard input is not UTF-8 text"))
        return
    if text.lstrip().startswith("{"):
        _read_table(text, "jsonl", "stdin", out, failures)
        return
    try:
        out.append(Article.from_text(text, id="stdin"))
    except GeomapError as exc:
        failures.append(Failure("stdin", str(exc)))


def unique_ids(articles: list[Article]) -> list[Article]:
    """The articles, a later one with an id seen before renamed ``ID~2``, ``ID~3``... (with a warning)."""
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
