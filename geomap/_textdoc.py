"""The fast mode's document: words and sentences found by regular expressions, no language model.

:class:`TextDoc` offers the part of spaCy's ``Doc`` API that geomap's resolver, evaluator and
places table read (``len``, indexing and slicing into tokens and spans with text and offsets,
``sents``, ``ents``, ``char_span``, geomap's ``doc._`` attributes), so the fast mode runs the same code after
its own matching. Tokens carry no part of speech, lemma (the lowercase word stands in),
dependency or entity; ``doc.ents`` is empty.

Tokenisation follows spaCy's where names are concerned: punctuation is a token of its own,
"U.S." is one token, the possessive "'s" is split off ("Russia's" -> "Russia", "'s").
A sentence ends at ".", "!" or "?" (with any closing quotes or brackets after it) unless the
word before is a title or a one-letter initial ("Mr.", "Gen.", "J."), and at a line break.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator

from .docdata import namespace
from .lexicon import lexicon

LEX = lexicon()

_TOKEN = re.compile(
    r"(?:[A-Za-z]\.){2,}"  # U.S., U.K.
    r"|['’]s\b"  # the possessive 's
    r"|[^\W_]+(?:['’](?!s\b)[^\W_]+)*"  # words, O'Brien
    r"|\S"  # any other character
)
_ENDERS = frozenset(".!?…")
_CLOSERS = frozenset("\"'’”)]")


class TextToken:
    """One word of a :class:`TextDoc` (the attributes of a spaCy ``Token`` that geomap reads)."""

    __slots__ = ("doc", "i")
    pos_ = tag_ = dep_ = ent_type_ = ""
    ent_iob_ = "O"
    children: tuple = ()

    def __init__(self, doc: TextDoc, i: int) -> None:
        self.doc, self.i = doc, i

    @property
    def text(self) -> str:
        """The word as written."""
        return self.doc.words[self.i]

    @property
    def idx(self) -> int:
        """Its offset in the text."""
        return self.doc.starts[self.i]

    @property
    def lower_(self) -> str:
        """The word in lowercase."""
        return self.doc.words[self.i].lower()

    lemma_ = lower_

    @property
    def is_space(self) -> bool:
        """Never: whitespace is not a token here."""
        return False

    @property
    def is_alpha(self) -> bool:
        """Whether the word is letters only."""
        return self.doc.words[self.i].isalpha()

    @property
    def whitespace_(self) -> str:
        """A space if any whitespace follows the word before the next one (as spaCy's, for spacing tests)."""
        d, i = self.doc, self.i
        return " " if i + 1 < len(d.words) and d.starts[i + 1] > d.starts[i] + len(d.words[i]) else ""

    @property
    def is_sent_start(self) -> bool:
        """Whether a sentence starts here."""
        return self.doc.sent_start[self.i]

    @property
    def sent(self) -> TextSpan:
        """The sentence of this word."""
        return self.doc.sentence_of(self.i)

    @property
    def head(self) -> TextToken:
        """No parse: every word is its own head."""
        return self

    @property
    def subtree(self) -> list[TextToken]:
        """No parse: just this word."""
        return [self]

    def __len__(self) -> int:
        return len(self.doc.words[self.i])

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


class TextSpan:
    """Words ``start`` to ``end`` (exclusive) of a :class:`TextDoc`."""

    __slots__ = ("doc", "start", "end")
    label_ = ""

    def __init__(self, doc: TextDoc, start: int, end: int) -> None:
        self.doc, self.start, self.end = doc, start, end

    @property
    def start_char(self) -> int:
        """Offset of its first character."""
        return self.doc.starts[self.start] if self.end > self.start else 0

    @property
    def end_char(self) -> int:
        """Offset after its last character."""
        if self.end <= self.start:
            return self.start_char
        return self.doc.starts[self.end - 1] + len(self.doc.words[self.end - 1])

    @property
    def text(self) -> str:
        """The text it covers."""
        return self.doc.text[self.start_char : self.end_char]

    @property
    def root(self) -> TextToken:
        """No parse: its last word."""
        return self.doc[self.end - 1]

    @property
    def sent(self) -> TextSpan:
        """The sentence of its first word."""
        return self.doc.sentence_of(self.start)

    def __len__(self) -> int:
        return self.end - self.start

    def __iter__(self) -> Iterator[TextToken]:
        return (TextToken(self.doc, i) for i in range(self.start, self.end))

    def __getitem__(self, k):
        if isinstance(k, slice):
            a, b, _ = k.indices(len(self))
            return TextSpan(self.doc, self.start + a, self.start + max(a, b))
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        return TextToken(self.doc, self.start + k)

    def __str__(self) -> str:
        return self.text

    __repr__ = __str__


class TextDoc:
    """A text split into words and sentences, with spaCy's ``Doc`` interface where geomap needs it.

    Parameters
    ----------
    text : str
        The text; every offset points into it.
    """

    ents: tuple = ()

    def __init__(self, text: str) -> None:
        self.text = text
        self._ = namespace()  # geomap's attributes, as on a spaCy Doc (see geomap.docdata)
        found = list(_TOKEN.finditer(text))
        self.words = words = [m.group() for m in found]
        self.starts = starts = [m.start() for m in found]
        self.sent_start = _sentence_starts(text, words, starts)
        self._firsts = [i for i, s in enumerate(self.sent_start) if s]

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self) -> Iterator[TextToken]:
        return (TextToken(self, i) for i in range(len(self.words)))

    def __getitem__(self, k):
        if isinstance(k, slice):
            a, b, _ = k.indices(len(self.words))
            return TextSpan(self, a, max(a, b))
        if k < 0:
            k += len(self.words)
        if not 0 <= k < len(self.words):
            raise IndexError(k)
        return TextToken(self, k)

    def sentence_of(self, i: int) -> TextSpan:
        """The sentence that holds word ``i``."""
        k = bisect_right(self._firsts, i) - 1
        end = self._firsts[k + 1] if k + 1 < len(self._firsts) else len(self.words)
        return TextSpan(self, self._firsts[k], end)

    @property
    def sents(self) -> Iterator[TextSpan]:
        """The sentences, in order."""
        ends = [*self._firsts[1:], len(self.words)]
        return (TextSpan(self, a, b) for a, b in zip(self._firsts, ends, strict=True))

    def char_span(self, start: int, end: int, label: str = "", alignment_mode: str = "strict") -> TextSpan | None:
        """The words that characters ``start`` to ``end`` cover (``"expand"``: any word they touch)."""
        first = bisect_right(self.starts, start) - 1
        if first < 0 or self.starts[first] + len(self.words[first]) <= start:
            first += 1
        last = bisect_right(self.starts, end - 1)
        if first >= last:
            return None
        span = TextSpan(self, first, last)
        if alignment_mode != "expand" and (span.start_char != start or span.end_char != end):
            return None
        return span


def _sentence_starts(text: str, words: list[str], starts: list[int]) -> list[bool]:
    n = len(words)
    out = [False] * n
    if not n:
        return out
    out[0] = True
    # a line break ends a sentence (a headline, a paragraph); no word holds one
    newline = text.find("\n")
    while newline != -1:
        i = bisect_right(starts, newline)
        if i == n:
            break
        out[i] = True
        newline = text.find("\n", starts[i])
    lines = out.copy()
    # after a full stop (not an abbreviation's), a question or exclamation mark and any closing
    # quotes, the next word on the same line starts a sentence
    for k in [k for k, w in enumerate(words) if w in _ENDERS]:
        if words[k] == "." and k >= 1 and _abbreviation(words[k - 1]):
            continue
        j = k + 1
        while j < n and not lines[j] and (words[j] in _ENDERS or words[j] in _CLOSERS):
            j += 1
        if j < n:
            out[j] = True
    return out


def _abbreviation(word: str) -> bool:
    return word.lower() in LEX.abbreviations or (len(word) == 1 and word.isupper())


class TextTokenizer:
    """Makes :class:`TextDoc` objects, with the ``__call__``/``pipe`` interface of a spaCy pipeline."""

    pipe_names: tuple = ()

    def __call__(self, text: str) -> TextDoc:
        """Split ``text``."""
        return TextDoc(text)

    def pipe(self, texts: Iterable[str], batch_size: int = 0) -> Iterator[TextDoc]:
        """Split each text, lazily."""
        return (TextDoc(t) for t in texts)
