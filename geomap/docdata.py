"""What geomap keeps on a document, as typed extensions (spaCy's ``Doc._``), not ``user_data`` strings.

=====================  =========================================================================
``doc._.geomap_source``       the article as read (CRLF kept): offsets index it; None means ``doc.text``
``doc._.geomap_body_start``   where the body starts after a ``date`` header (evidence never quotes it)
``doc._.geomap_mentions``     the place mentions (:class:`geomap.mentions.Mention`), in text order
``doc.spans["geomap"]``       the same as spans, labelled with their kind (spaCy's span group)
``doc._.geomap_cache``        per-document caches of the rules (entities, lemmas, event names, tokens)
``doc._.geomap_home``         the country of the publication's home region (``near=``), or None
=====================  =========================================================================

The fast mode's :class:`~geomap._textdoc.TextDoc` has the same attributes under ``doc._``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from types import SimpleNamespace

#: the extensions and their defaults
EXTENSIONS = {
    "geomap_source": None,
    "geomap_body_start": 0,
    "geomap_mentions": None,
    "geomap_cache": None,
    "geomap_home": None,
}
#: the span group that holds the mentions
SPAN_GROUP = "geomap"


def register() -> None:
    """Register the ``Doc`` extensions with spaCy (once; safe to call again)."""
    from spacy.tokens import Doc

    for name, default in EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def namespace() -> SimpleNamespace:
    """The same attributes for a document that is not spaCy's (the fast mode's)."""
    return SimpleNamespace(**EXTENSIONS)


def ours(doc):
    """The document's ``doc._`` with geomap's attributes (registered on first use for a spaCy ``Doc``)."""
    underscore = doc._
    if not hasattr(underscore, "geomap_cache"):
        register()
    return underscore


def source(doc) -> str:
    """The article as read: what offsets index (``doc.text`` when not set)."""
    return ours(doc).geomap_source or doc.text


def body_start(doc) -> int:
    """Where the article's body starts."""
    return ours(doc).geomap_body_start


#: the document the rules last asked about, and its caches, per thread: the rules ask tens of
#: thousands of times an article, and each ``doc._`` makes a new object
_CURRENT = threading.local()


def _caches(doc) -> dict:
    if getattr(_CURRENT, "doc", None) is doc:
        return _CURRENT.caches
    underscore = ours(doc)
    if underscore.geomap_cache is None:
        underscore.geomap_cache = {}
    _CURRENT.doc, _CURRENT.caches = doc, underscore.geomap_cache
    return _CURRENT.caches


def cache(doc, name: str) -> dict:
    """A per-document cache of one rule, made on first use."""
    caches = _caches(doc)
    known = caches.get(name)
    if known is None:
        known = caches[name] = {}
    return known


def once(doc, name: str, make: Callable):
    """A value of the whole document, ``make(doc)``, worked out on its first use and kept."""
    known = cache(doc, "values")
    if name not in known:
        known[name] = make(doc)
    return known[name]


def tokens(doc) -> list:
    """The document's tokens as one list, made once.

    ``doc[i]`` and ``for t in doc`` make a new ``Token`` object each time: the rules read the
    whole document several times over, and made millions of them.
    """
    return once(doc, "tokens", list)


def column(doc, attr: str) -> list:
    """One attribute of every token (``"lower_"``, ``"text"``, ``"dep_"``...), read once per document."""
    return once(doc, f"column {attr}", lambda d: [getattr(t, attr) for t in tokens(d)])


def tokens_where(doc, attr: str, test: Callable[[object], bool]) -> list:
    """The tokens whose ``attr`` passes ``test``: a rule that looks for a few words reads the rest no further."""
    toks = tokens(doc)
    return [toks[i] for i, v in enumerate(column(doc, attr)) if test(v)]


def entities(doc) -> tuple:
    """``doc.ents``, made once: spaCy builds every entity's ``Span`` anew each time it is asked."""
    return once(doc, "entities", lambda d: tuple(d.ents))


def text_length(doc) -> int:
    """``len(doc.text)``, from the last token (spaCy joins ``doc.text`` anew from every token)."""
    if not len(doc):
        return 0
    last = doc[-1]
    with_ws = getattr(last, "text_with_ws", None)  # the fast mode's document keeps its text as it is
    return len(doc.text) if with_ws is None else last.idx + len(with_ws)


def release(doc) -> None:
    """Drop the per-document caches once the rules are done.

    Some hold the document's own tokens and spans, which refer back to it: left in place, they
    would keep every finished document alive until the garbage collector's next full pass.
    """
    ours(doc).geomap_cache = None
    if getattr(_CURRENT, "doc", None) is doc:
        _CURRENT.doc = _CURRENT.caches = None


def set_article(doc, text: str, start: int) -> None:
    """Keep the article as read on its document."""
    underscore = ours(doc)
    underscore.geomap_source = text
    underscore.geomap_body_start = start


def set_home(doc, country: str | None) -> None:
    """Keep the country of the publication's home region (``near=``) on its document."""
    ours(doc).geomap_home = country


def home_country(doc) -> str | None:
    """The country of the publication's home region, if one was given."""
    return ours(doc).geomap_home
