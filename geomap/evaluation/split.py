"""The one rule that splits a gold set into a development part and a validation part.

Rules and weights are developed on ``dev``; ``validation`` is only run to report a figure.
The split is a hash of each document's id, so it is the same on every machine and never
changes when documents are added.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

from .._yaml import YAMLError, safe_load
from ..errors import InputError

#: a story folder's split rule (beside its articles, above ``gold/``): ``seed`` and ``validation_fifths`` of
#: :func:`split_of`
SPLIT_FILE = "split.yaml"


def split_of(doc_id: str, *, seed: str = "", validation_fifths: int = 1) -> str:
    """``"validation"`` or ``"dev"`` for one document.

    Parameters
    ----------
    doc_id : str
        The document's id (a corpus record's ``id``, a story's file stem).
    seed : str, default ""
        Prepended to the id before hashing: a gold set's own seed gives it its own split.
    validation_fifths : int, default 1
        How many fifths of the documents go to validation (the corpora: 1; the stories: 2).

    Examples
    --------
    >>> split_of("doc-1") in ("dev", "validation")
    True
    """
    return "validation" if int(hashlib.md5((seed + doc_id).encode()).hexdigest(), 16) % 5 < validation_fifths else "dev"


def folder_split(gold_folder: str | os.PathLike) -> Callable[[str], str]:
    """The split rule of a folder of gold files: ``split_of`` with the ``split.yaml`` beside their articles.

    Stories without the file are stories rules were developed on: all ``dev``.

    Raises
    ------
    InputError
        If ``split.yaml`` cannot be read or holds other keys than ``seed`` and ``validation_fifths``.
    """
    path = Path(gold_folder).parent / SPLIT_FILE
    if not path.is_file():
        return lambda doc_id: "dev"
    try:
        spec = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError) as exc:
        raise InputError(f"cannot read {str(path)!r}: {exc}") from None
    if not isinstance(spec, dict) or set(spec) - {"seed", "validation_fifths"}:
        raise InputError(f"{str(path)!r}: expected the keys seed and validation_fifths")
    fifths = spec.get("validation_fifths", 1)
    if not isinstance(fifths, int) or not 0 <= fifths <= 5:
        raise InputError(f"{str(path)!r}: validation_fifths must be a whole number from 0 to 5")
    return partial(split_of, seed=str(spec.get("seed", "")), validation_fifths=fifths)
