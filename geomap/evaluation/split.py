"""The one rule that splits a gold set into a development part and a validation part.

Rules and weights are developed on ``dev``; ``validation`` is only run to report a figure.
The split is a hash of each document's id, so it is the same on every machine and never
changes when documents are added.
"""

from __future__ import annotations

import hashlib


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
