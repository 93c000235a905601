"""Measure geomap against gold annotations.

- :func:`evaluate_roles` (``roles.py``): roles on folders of gold stories.
- :func:`evaluate_corpus` (``corpus.py``): recognition and resolution on corpora with gold spans.
- :func:`split_of` (``split.py``): the one rule that keeps a validation part apart.
"""

from __future__ import annotations

from .corpus import GeoReport, evaluate_corpus, evaluate_document
from .roles import Counts, RoleReport, evaluate_roles, load_gold, match_place, name_keys, score_story
from .split import split_of

__all__ = [
    "Counts",
    "GeoReport",
    "RoleReport",
    "evaluate_corpus",
    "evaluate_document",
    "evaluate_roles",
    "load_gold",
    "match_place",
    "name_keys",
    "score_story",
    "split_of",
]
