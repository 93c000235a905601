"""Article: the text of a news story, with its optional ``date YYYY-MM-DD`` header and title.

Character offsets everywhere in geomap are offsets into :attr:`Article.text`, the text as it
was read, so a user can slice the original file with them. One reading rule for every way in
(a file, standard input, a batch, a table of articles, Python): UTF-8, a byte-order mark
dropped, line breaks kept as they are (CRLF stays CRLF: offsets index the file), no
NUL characters and no lone surrogates (text that is not Unicode).
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .lexicon import lexicon

LEX = lexicon()

_DATE = re.compile(r"\A\s*date[:\s]\s*(\S+)[ \t]*(?:\r?\n)?", re.IGNORECASE)
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}\Z")
# a date header that is not ISO: "date 2024-3-1", "date: 1 March 2024", "date tomorrow"
_DATE_LIKE = re.compile(r"\A\s*date(?::[ \t]*|[ \t]+)(\S+(?:[ \t]+\S+){0,2})[ \t]*(?:\r?\n|\Z)", re.IGNORECASE)
_TITLE = re.compile(r"\A(?:[ \t\r]*\n)*[ \t]*([^\r\n]{3,200})\r?\n[ \t\r]*\n")  # blank lines may come first
#: what no text holds: a NUL character or a lone surrogate
NOT_TEXT = re.compile(r"[\x00\ud800-\udfff]")
# a line with no final punctuation before a blank line is a headline: end it for the parser
_HEADLINE_END = re.compile(r"(?<=[^\s.!?:;\"'\u201d])\r?\n(?=[ \t\r]*\n)")


def iso_date(text: str) -> str:
    """The date ``text`` writes as ``YYYY-MM-DD``, checked ("2024-02-30" is none).

    Raises
    ------
    ValueError
        When ``text`` is not a date written so.
    """
    if not _ISO.match(text):
        raise ValueError(f"{text!r} is not a date YYYY-MM-DD")
    return _dt.date.fromisoformat(text).isoformat()


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
        if bad := NOT_TEXT.search(text):
            what = "a NUL character" if bad.group() == "\x00" else "a lone surrogate (not Unicode text)"
            raise InputError(f"article {id!r} holds {what} at offset {bad.start()}")
        date = None
        start = 0
        m = _DATE.match(text)
        if m and _ISO.match(m.group(1)):
            try:
                date = iso_date(m.group(1))
            except ValueError:
                raise InputError(f"article {id!r}: {m.group(1)!r} in the date header is not a valid date") from None
            start = m.end()
        elif (
            (d := _DATE_LIKE.match(text)) and re.search(r"\d", d.group(1)) or m and m.group(1).lower() in LEX.day_words
        ):
            shown = (d or m).group(1)
            raise InputError(f"article {id!r}: the date header {shown!r} is not a date; use 'date YYYY-MM-DD'")
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
        return cls.from_bytes(raw, id=id or p.stem, source=repr(str(p)))

    @classmethod
    def from_bytes(cls, raw: bytes, *, id: str = "article", source: str | None = None) -> Article:
        """Read an article from the bytes of a file or a stream: UTF-8, line breaks as they are.

        Parameters
        ----------
        raw : bytes
            The article's bytes (a UTF-8 byte-order mark is dropped).
        id : str, default "article"
            The id to give it.
        source : str, optional
            What to call the bytes in an error message (default: the article's id).

        Raises
        ------
        InputError
            If the bytes are not UTF-8 text, or the text is not an article (see :meth:`from_text`).
        """
        where = source or f"article {id!r}"
        if b"\x00" in raw[:8192]:
            raise InputError(f"{where} is not a text file")
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"{where} is not UTF-8 text (byte {exc.start})") from None
        return cls.from_text(text, id=id)

    @property
    def nlp_text(self) -> str:
        """The text the language model reads: the date header blanked out, offsets kept.

        Its line break stays: the model reads a long run of spaces before the first word worse
        ("Slave Lake" was no place after one).
        """
        header = re.sub(r"[^\n]", " ", self.text[: self.body_start])
        body = _HEADLINE_END.sub(lambda m: "." + " " * (len(m.group()) - 1), self.text[self.body_start :])
        # "\r\n" is read as " \n": the model and the sentence rules see one kind of line break
        return header + body.replace("\r", " ")
