"""Article: the text of a news story, with its optional ``date YYYY-MM-DD`` header and title.

Character offsets everywhere in geomap are offsets into :attr:`Article.text`, the text as it
was read, so a user can slice the original file with them.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError

_DATE = re.compile(r"\A\s*date[:\s]\s*(\S+)[ \t]*\n?", re.IGNORECASE)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
_TITLE = re.compile(r"\A(?:[ \t]*\n)*[ \t]*([^\n]{3,200})\n[ \t]*\n")  # blank lines may come first
# a line with no final punctuation before a blank line is a headline: end it for the parser
_HEADLINE_END = re.compile(r"(?<=[^\s.!?:;\"'\u201d])\n(?=[ \t]*\n)")


@dataclass(frozen=True)
class Article:
    """A news article.

    Attributes
    ----------
    id : str
        The article's id (the file stem, or given).
    text : str
        The full text as read, header included; all offsets point into it.
    date : str or None
        ISO date from the ``date YYYY-MM-DD`` header, if any.
    title : str or None
        The headline: a short first line (blank lines before it aside) followed by a blank line, if any.
    body_start : int
        Offset where the text after the date header begins.
    """

    id: str
    text: str
    date: str | None = None
    title: str | None = None
    body_start: int = 0

    @classmethod
    def from_text(cls, text: str, *, id: str = "article") -> Article:
        """Parse an article from its text.

        Parameters
        ----------
        text : str
            The article, optionally starting with a ``date YYYY-MM-DD`` line.
        id : str, default "article"
            The id to give it.

        Raises
        ------
        InputError
            If the text is empty or the date header is not a real date.
        """
        if not isinstance(text, str):
            raise InputError(f"article text must be a str, not {type(text).__name__}")
        if not text.strip():
            raise InputError(f"article {id!r} is empty")
        date = None
        start = 0
        m = _DATE.match(text)
        if m and _ISO.match(m.group(1)):
            try:
                date = _dt.date.fromisoformat(m.group(1)).isoformat()
            except ValueError:
                raise InputError(f"article {id!r}: {m.group(1)!r} in the date header is not a valid date") from None
            start = m.end()
        if not text[start:].strip():
            raise InputError(f"article {id!r} has a date and no text")
        title = None
        t = _TITLE.match(text[start:])
        if t and not t.group(1).rstrip().endswith((".", ":", ";", ",")):
            title = t.group(1).strip()
        return cls(id=id, text=text, date=date, title=title, body_start=start)

    @classmethod
    def from_file(cls, path: str | os.PathLike, *, id: str | None = None) -> Article:
        """Read an article from a UTF-8 text file; its id is the file stem unless given.

        Raises
        ------
        InputError
            If the file is missing, not a file, unreadable, not UTF-8 text or empty.
        """
        p = Path(path)
        if not p.exists():
            raise InputError(f"no such file: {str(p)!r}")
        if not p.is_file():
            raise InputError(f"not a file: {str(p)!r}")
        try:
            raw = p.read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read {str(p)!r}: {exc.strerror or exc}") from None
        if b"\x00" in raw[:8192]:
            raise InputError(f"{str(p)!r} is not a text file")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{str(p)!r} is not UTF-8 text") from None
        return cls.from_text(text, id=id or p.stem)

    @property
    def nlp_text(self) -> str:
        """The text the language model reads: the date header blanked out, offsets kept.

        Its line break stays: the model reads a long run of spaces before the first word worse
        ("Slave Lake" was no place after one).
        """
        header = re.sub(r"[^\n]", " ", self.text[: self.body_start])
        return header + _HEADLINE_END.sub(".", self.text[self.body_start :])
