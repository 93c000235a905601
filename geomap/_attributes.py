"""spaCy's ``attribute_ruler`` and ``lemmatizer``, fused and remembered per word.

Both components run per token in Python: the ruler matches ~180 patterns and sets each match
through a ``Span``, the lemmatizer looks every token up again. Together they cost a fifth of
the model's time. What they give a token depends only on its text, tag and dependency label
(and, for a handful of two-word patterns such as "gon na", on its neighbour), so
:class:`FastAttributes` works each answer out once, with the original components' own rules,
and reuses it: the same part of speech, morphology and lemma as the stock pipeline gives.

A model whose ruler uses patterns this module does not know keeps its stock components.
"""

from __future__ import annotations

import operator
import re

import numpy as np
from spacy.attrs import DEP, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens._retokenize import set_token_attrs

#: token attributes the patterns may test, and how to read them from a :class:`_Word`
_READERS = {name: operator.attrgetter(name) for name in ("TAG", "LOWER", "DEP", "IS_SPACE")}


class _Word:
    """What the patterns read of a token, read once (each read of a spaCy token makes a new string)."""

    __slots__ = ("TAG", "LOWER", "DEP", "IS_SPACE")

    def __init__(self, tok) -> None:
        self.TAG, self.LOWER, self.DEP, self.IS_SPACE = tok.tag_, tok.lower_, tok.dep_, tok.is_space


#: what the rules may set: the columns written back, in this order
_WRITTEN = (POS, MORPH, TAG, DEP, LEMMA)
#: rows and words the caches keep (about 0.3 kB each) before they start again
MAX_CACHE = 100_000


def _compile_value(want):
    """A predicate over one attribute value, from a Matcher pattern value (str, bool, IN, NOT_IN, REGEX)."""
    if isinstance(want, (str, bool)):
        return lambda v: v == want
    if not isinstance(want, dict) or not want:
        raise ValueError(f"unsupported pattern value {want!r}")
    tests = []
    for op, arg in want.items():
        if op == "IN":
            allowed = frozenset(arg)
            tests.append(lambda v, a=allowed: v in a)
        elif op == "NOT_IN":
            banned = frozenset(arg)
            tests.append(lambda v, b=banned: v not in b)
        elif op == "REGEX":
            rx = re.compile(arg)
            tests.append(lambda v, r=rx: bool(r.search(v)))
        else:
            raise ValueError(f"unsupported pattern operator {op!r}")
    return lambda v: all(t(v) for t in tests)


def _compile_token(spec: dict):
    """A predicate over a :class:`_Word`, from one token of a Matcher pattern."""
    checks = []
    for key, want in spec.items():
        if key not in _READERS:
            raise ValueError(f"unsupported pattern attribute {key!r}")
        checks.append((_READERS[key], _compile_value(want)))
    if len(checks) == 1:
        read, test = checks[0]
        return lambda w: test(read(w))
    return lambda w: all(test(read(w)) for read, test in checks)


class _Index:
    """Patterns by the exact word or tag their token needs, so that a token is tried on its own few."""

    def __init__(self) -> None:
        self.by_lower: dict[str, list[int]] = {}
        self.by_tag: dict[str, list[int]] = {}
        self.anywhere: list[int] = []

    def add(self, k: int, spec: dict) -> None:
        """Index pattern ``k`` by its token's ``spec``: by the word where there is one (a word has few, a tag many)."""
        if isinstance(spec.get("LOWER"), str):
            self.by_lower.setdefault(spec["LOWER"], []).append(k)
        elif isinstance(spec.get("TAG"), str):
            self.by_tag.setdefault(spec["TAG"], []).append(k)
        else:
            self.anywhere.append(k)

    def maybe(self, w: _Word) -> list[int]:
        """The patterns that may match the word, in their order."""
        return sorted(self.by_tag.get(w.TAG, []) + self.by_lower.get(w.LOWER, []) + self.anywhere)


class FastAttributes:
    """Sets POS, morphology and lemmas exactly as ``attribute_ruler`` + ``lemmatizer`` would.

    Parameters
    ----------
    ruler : spacy.pipeline.AttributeRuler
        The model's attribute ruler (its patterns and attributes are used as they are).
    lemmatizer : spacy.pipeline.Lemmatizer
        The model's rule-based lemmatizer (asked once per new word, tag and morphology).

    Raises
    ------
    ValueError
        If a pattern uses an attribute or operator this class does not implement.
    """

    def __init__(self, ruler, lemmatizer) -> None:
        if getattr(lemmatizer, "overwrite", False) or getattr(lemmatizer, "mode", "rule") != "rule":
            raise ValueError("only a rule lemmatizer that keeps existing lemmas is supported")
        self.lemmatizer = lemmatizer
        # the rule lemmatizer asks "form in index" of a list of thousands of words for every new word:
        # sets answer the same at once (the lemmatizer is this component's own: install() takes it out)
        if lemmatizer.lookups.has_table("lemma_index"):
            index = lemmatizer.lookups.get_table("lemma_index")
            for pos, words in list(index.items()):
                index[pos] = frozenset(words)
        self.single: list[tuple[int, object, dict]] = []  # (rule order, predicate, attrs)
        self.multi: list[tuple[int, list, int, dict]] = []  # (rule order, predicates, target offset, attrs)
        # the patterns by the word or tag their (first) token needs
        self._single_index, self._multi_index = _Index(), _Index()
        for order, (attrs, index) in enumerate(zip(ruler.attrs, ruler.indices, strict=True)):
            if any(a not in _WRITTEN for a in attrs):
                raise ValueError(f"unsupported attribute in {attrs!r}")
            for pattern in ruler.patterns[order]["patterns"]:
                preds = [_compile_token(spec) for spec in pattern]
                target = index if index >= 0 else len(pattern) + index
                if not 0 <= target < len(pattern):
                    raise ValueError(f"index {index} outside pattern {pattern!r}")
                if len(preds) == 1:
                    self._single_index.add(len(self.single), pattern[0])
                    self.single.append((order, preds[0], attrs))
                else:
                    self._multi_index.add(len(self.multi), pattern[0])
                    self.multi.append((order, preds, target, attrs))
        if len(ruler.patterns) != len(ruler.attrs):
            raise ValueError("attribute ruler patterns and attributes disagree")
        # (lower, tag, dep), as a row's bytes -> (rules that hit, multi-word patterns that may start here):
        # what the patterns read (the word in lowercase, its tag and dependency; whether it is space)
        self._hits: dict[bytes, tuple[list, tuple]] = {}
        self._shared: dict[tuple, tuple[list, tuple]] = {}  # (rules, starts) -> the one answer for them
        # a token's columns before -> after (bytes), for tokens no multi-word pattern touches
        self._values: dict[bytes, bytes] = {}
        self._lemmas: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) -> lemma

    def _hits_for(self, key: bytes, tok) -> tuple[list, tuple]:
        """The rules that hit a word not seen before, remembered under ``key``."""
        w = _Word(tok)
        rules = tuple(k for k in self._single_index.maybe(w) if self.single[k][1](w))
        starts = tuple(k for k in self._multi_index.maybe(w) if self.multi[k][1][0](w))
        # words hit by the same rules share one answer: a few hundred answers, not one per word
        hits = self._shared.get((rules, starts))
        if hits is None:
            hits = self._shared[rules, starts] = ([(self.single[k][0], self.single[k][2]) for k in rules], starts)
        self._hits[key] = hits
        return hits

    def _lemma(self, tok, pos: int, morph: int) -> int:
        key = (tok.orth, pos, morph)
        lemma = self._lemmas.get(key)
        if lemma is None:
            # the stock lemmatizer's own answer, on the token as the ruler leaves it
            lemma = self._lemmas[key] = tok.vocab.strings.add(self.lemmatizer.lemmatize(tok)[0])
        return lemma

    def _apply(self, tok, rules: list, before: tuple[int, ...]) -> tuple[int, ...]:
        """Set the rules' attributes on ``tok`` in rule order, then its lemma; the written columns."""
        values = dict(zip(_WRITTEN, before, strict=True))
        for _, attrs in sorted(rules, key=lambda r: r[0]):
            set_token_attrs(tok, attrs)  # what the ruler itself calls
            values.update(attrs)
        if not values[LEMMA]:
            values[LEMMA] = self._lemma(tok, values[POS], values[MORPH])
        return tuple(values[a] for a in _WRITTEN)

    def _written(self, tok, rules: list, row) -> bytes:
        """:meth:`_apply` on a row of :meth:`__call__`'s columns, the written columns as bytes."""
        values = self._apply(tok, rules, tuple(row[3:].tolist()))
        return np.asarray(values, dtype=row.dtype).tobytes()

    def __call__(self, doc):
        """Annotate ``doc`` in place and return it."""
        n = len(doc)
        if not n:
            return doc
        if len(self._hits) > MAX_CACHE or len(self._values) > MAX_CACHE:
            self._hits.clear()
            self._shared.clear()
            self._values.clear()
            self._lemmas.clear()
        cols = doc.to_array([ORTH, TAG, DEP, *_WRITTEN])
        # the cache keys are the rows' bytes, not tuples of Python ints: a fifth of the memory
        raw, width = cols.tobytes(), cols.strides[0]
        keys = [raw[i * width : (i + 1) * width] for i in range(n)]
        words = doc.to_array([LOWER, TAG, DEP])
        raw, width = words.tobytes(), words.strides[0]
        # match first, on the annotations as the tagger and parser left them (as the ruler does)
        hits = []
        for i in range(n):
            word = raw[i * width : (i + 1) * width]
            hits.append(self._hits.get(word) or self._hits_for(word, doc[i]))
        extra: dict[int, list] = {}
        for i, (_, starts) in enumerate(hits):
            for k in starts:
                order, preds, target, attrs = self.multi[k]
                if i + len(preds) <= n and all(p(_Word(doc[i + j])) for j, p in enumerate(preds[1:], start=1)):
                    extra.setdefault(i + target, []).append((order, attrs))
        out = []
        for i, key in enumerate(keys):
            if i in extra:
                out.append(self._written(doc[i], hits[i][0] + extra[i], cols[i]))
                continue
            values = self._values.get(key)  # the columns before too: a lemma set earlier is kept
            if values is None:
                values = self._values[key] = self._written(doc[i], hits[i][0], cols[i])
            out.append(values)
        out = np.frombuffer(b"".join(out), dtype=cols.dtype).reshape(n, len(_WRITTEN))
        doc.from_array(list(_WRITTEN), out)
        return doc


@Language.factory("geomap_attributes")
def _make(nlp: Language, name: str) -> FastAttributes:
    return FastAttributes(nlp.get_pipe("attribute_ruler"), nlp.get_pipe("lemmatizer"))


def install(nlp: Language) -> bool:
    """Replace ``attribute_ruler`` and ``lemmatizer`` by :class:`FastAttributes` in ``nlp``.

    Returns
    -------
    bool
        Whether it was done (a model without those components, or whose patterns this module
        does not implement, is left as it is).
    """
    names = nlp.pipe_names
    if "attribute_ruler" not in names or "lemmatizer" not in names:
        return False
    if names.index("lemmatizer") != names.index("attribute_ruler") + 1:
        return False
    try:
        nlp.add_pipe("geomap_attributes", after="lemmatizer")
    except ValueError:
        return False
    nlp.remove_pipe("attribute_ruler")
    nlp.remove_pipe("lemmatizer")
    return True
