"""The peer, geotext, side by side with geomap on the same texts, scored by geomap's own evaluator.

geotext (https://github.com/elyase/geotext) finds city and country names with a regular
expression and a GeoNames name list; it gives names, not offsets or coordinates. Its mentions
are placed at the offsets its own regular expression matched, so :func:`geomap.evaluation.evaluate_corpus`
scores its recognition exactly as it scores geomap's; it has no resolution to score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

_FIGURES = ("exact_precision", "exact_recall", "exact_f1", "overlap_f1", "e2e_acc161", "gold_spans_acc161")


@dataclass
class _Mention:
    start: int
    end: int


@dataclass
class _Place:
    mentions: list = field(default_factory=list)
    lat: float | None = None
    lon: float | None = None
    name: str = ""
    feature: str = "city"
    country: str | None = None
    confidence: float | None = None  # geotext gives none: it counts in no calibration


@dataclass
class _Analysis:
    places: list
    doc: object
    embedded: list = field(default_factory=list)


def geotext_spans(text: str) -> list[tuple[int, int]]:
    """Where geotext finds a city or a country: its own candidate pattern, kept when its index knows the name."""
    from geotext import GeoText

    index = GeoText.index
    pattern = r"[A-ZÀ-Ú]+[a-zà-ú]+[ \-]?(?:d[a-u].)?(?:[A-ZÀ-Ú]+[a-zà-ú]+)*"  # geotext's city_regex
    out = []
    for m in re.finditer(pattern, text):
        name = m.group(0).strip()
        if name.lower() in index.countries or name.lower() in index.cities:
            start = m.start() + (len(m.group(0)) - len(m.group(0).lstrip()))
            out.append((start, start + len(name)))
    return out


def _geotext_analyse(text, *, id=None, gazetteer=None, **_):
    from geomap.nlp import load_fast_model

    doc = load_fast_model()(text)  # only for the evaluator's gold-span part, which geotext has no answer to
    places = [_Place([_Mention(s, e)]) for s, e in geotext_spans(text)]
    return _Analysis(places, doc)


def evaluate(system: str, eval_dir: Path, corpora, limit: int | None) -> dict:
    """Scores of ``system`` ("geomap", "geomap-fast" or "geotext") per corpus: the evaluator's "all" column."""
    from geomap import pipeline
    from geomap.evaluation import evaluate_corpus

    if system == "geotext":
        pipeline.analyse = _geotext_analyse  # the evaluator asks pipeline.analyse for each document
    out = {}
    for name in corpora:
        summary = evaluate_corpus(Path(eval_dir) / name, limit=limit, fast=system == "geomap-fast")["all"].summary()
        out[name] = {k: summary[k] for k in _FIGURES}
        if system == "geotext":
            out[name]["e2e_acc161"] = out[name]["gold_spans_acc161"] = None  # no coordinates
    return out
