"""Geoparsing scores on corpora with gold toponym spans (``shared/eval`` format): recognition and resolution."""

from __future__ import annotations

import functools
import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from .roles import Counts
from .split import split_of

_FAR_KM = 20039.0  # half the Earth's circumference: the largest possible error
#: a toponym this close to its gold point (or a country or division whose outline holds it) is right: acc@161
NEAR_KM = 161.0
#: an error past this is gross: a marker in another region or on another continent
GROSS_KM = 1000.0


@dataclass
class GeoReport:
    """Recognition and resolution scores of one corpus (or one part of it)."""

    exact: Counts = field(default_factory=Counts)
    overlap: Counts = field(default_factory=Counts)
    errors_km: list[float] = field(default_factory=list)  # end to end, matched toponyms with coordinates
    gold_span_errors_km: list[float] = field(default_factory=list)  # resolution alone, given gold spans
    #: the same two, with 0 km for a country or division whose outline holds the gold point
    outline_errors_km: list[float] = field(default_factory=list)
    gold_span_outline_errors_km: list[float] = field(default_factory=list)
    #: end to end, (confidence, right by outline) of each located toponym: how well confidence is calibrated
    calibration: list[tuple[float, bool]] = field(default_factory=list)
    docs: int = 0

    @staticmethod
    def _acc(errors: list[float]) -> float:
        return sum(e <= NEAR_KM for e in errors) / len(errors) if errors else 0.0

    @staticmethod
    def _gross(errors: list[float]) -> float:
        return sum(e > GROSS_KM for e in errors) / len(errors) if errors else 0.0

    def calibration_error(self, bins: int = 10) -> float:
        """Expected calibration error: the mean gap between confidence and the share right, over bins by confidence."""
        if not self.calibration:
            return 0.0
        edges = [b / bins for b in range(bins)] + [math.inf]
        return sum(n * abs(mean - right) for *_, n, mean, right in reliability(self.calibration, edges)) / len(
            self.calibration
        )

    @staticmethod
    def _auc(errors: list[float]) -> float:
        import math

        return sum(math.log1p(e) for e in errors) / (len(errors) * math.log1p(_FAR_KM)) if errors else 0.0

    def summary(self) -> dict:
        """The figures the literature reports (Gritta et al. 2019)."""
        import statistics

        out = {"docs": self.docs}
        for name, c in (("exact", self.exact), ("overlap", self.overlap)):
            out[f"{name}_precision"] = round(c.precision, 4)
            out[f"{name}_recall"] = round(c.recall, 4)
            out[f"{name}_f1"] = round(c.f1, 4)
        # the corpora put a country at one conventional point (GeoNames': the US at 39.76 N 98.5 W); "by
        # outline" counts a country (or a division Natural Earth outlines) right when its outline holds the
        # gold point, the plain figure beside it
        for name, errs, outline in (
            ("e2e", self.errors_km, self.outline_errors_km),
            ("gold_spans", self.gold_span_errors_km, self.gold_span_outline_errors_km),
        ):
            out[f"{name}_resolved"] = len(errs)
            out[f"{name}_acc161_by_outline"] = round(self._acc(outline), 4)
            out[f"{name}_acc161"] = round(self._acc(errs), 4)
            out[f"{name}_gross_by_outline"] = round(self._gross(outline), 4)
            out[f"{name}_mean_km"] = round(statistics.fmean(errs), 1) if errs else None
            out[f"{name}_median_km"] = round(statistics.median(errs), 1) if errs else None
            out[f"{name}_auc"] = round(self._auc(errs), 4)
        out["e2e_calibration_error"] = round(self.calibration_error(), 4)
        return out


def reliability(points: list[tuple[float, bool]], edges: list[float]) -> list[tuple[float, float, int, float, float]]:
    """How well confidence is calibrated: per bin of confidence, the points in it and the share right.

    Parameters
    ----------
    points : list of (float, bool)
        (confidence, right) of each located toponym.
    edges : list of float
        The bins' edges, ascending: bin ``k`` holds the confidences in ``[edges[k], edges[k + 1])``.

    Returns
    -------
    list of tuple
        ``(low, high, count, mean confidence, share right)`` of each bin that holds any point.
    """
    rows = []
    for lo, hi in zip(edges, edges[1:], strict=False):
        inside = [(c, r) for c, r in points if lo <= c < hi]
        if inside:
            n = len(inside)
            rows.append((lo, hi, n, sum(c for c, _ in inside) / n, sum(r for _, r in inside) / n))
    return rows


def _gold_span_mentions(doc, toponyms, gazetteer):
    """Mentions made from gold spans, with gazetteer candidates, for resolution alone."""
    from ..mentions import Mention
    from ..signals import demonym_or_name

    out = []
    for t in toponyms:
        span = doc.char_span(t["start"], t["end"], alignment_mode="expand")
        if span is None:
            continue
        cands = [c for c in gazetteer.lookup(t["name"]) if c.accepts(t["name"])]
        # as the recogniser does: "Spanish rescuers" is Spain's adjective, not Spanish, Ontario
        adjective = span[0].pos_ == "ADJ" or span[0].ent_type_ == "NORP"
        kind, cands = demonym_or_name(cands, adjective=adjective)
        out.append(
            Mention(
                text=t["name"],
                start=t["start"],
                end=t["end"],
                tok_start=span.start,
                tok_end=span.end,
                kind=kind,
                candidates=cands,
                source="gold",
            )
        )
    return out


@functools.lru_cache(maxsize=512)
def _shape(geojson: str):
    """An outline's geometry, parsed once (the same countries come back toponym after toponym)."""
    import shapely

    return shapely.from_geojson(geojson)


def errors_km(gazetteer, t: dict, place) -> tuple[float, float]:
    """A toponym's error in km, and by outline: 0 for a country or division whose outline holds the gold point.

    ``place`` is what the toponym was taken for: a :class:`~geomap.resolve.Place` or a gazetteer
    :class:`~geomap.gazetteer.Entry` (its ``lat``, ``lon``, ``feature``, ``country`` and ``admin1``).
    Countries are outlined everywhere; first-level divisions where Natural Earth's 1:50m layer
    draws them (:meth:`~geomap.gazetteer.Gazetteer.outline`).
    """
    import shapely

    from .._geo import haversine_km

    error = float(haversine_km(t["lat"], t["lon"], place.lat, place.lon))
    if error <= NEAR_KM:
        return error, error
    outline = gazetteer.outline(place.feature, place.country, place.admin1)
    inside = outline is not None and _shape(outline).intersects(shapely.Point(t["lon"], t["lat"]))
    return error, 0.0 if inside else error


def evaluate_document(record: dict, *, gazetteer, fast: bool = False, user_gazetteer=None) -> dict:
    """Score one corpus document end to end and with gold spans."""
    from ..pipeline import analyse
    from ..resolve import resolve

    text = record["text"]
    a = analyse(text, id=str(record.get("id", "doc")), gazetteer=gazetteer, fast=fast, user_gazetteer=user_gazetteer)
    # (start, end, place) of each mention; a place inside an organisation's name counts, off the map though it is
    predicted = [(m.start, m.end, p) for p in a.places + a.embedded for m in p.mentions]
    gold = record["toponyms"]
    exact_hits = {(s, e) for s, e, _ in predicted} & {(t["start"], t["end"]) for t in gold}
    result = {"id": record.get("id"), "predicted": len(predicted), "gold": len(gold), "exact": len(exact_hits)}
    overlap_gold, overlap_pred, errors, outline, toponyms = 0, 0, [], [], []
    for t in gold:
        hits = [p for p in predicted if p[0] < t["end"] and t["start"] < p[1]]
        # of nested mentions ("U.S." inside "the U.S. capital"), the one with the gold span first
        hits.sort(key=lambda p: (p[0], p[1]) != (t["start"], t["end"]))
        row = {"name": t.get("name"), "start": t["start"], "end": t["end"], "found": bool(hits), "place": None}
        if hits:
            overlap_gold += 1
            located = [p for _, _, p in hits if p.lat is not None]
            row["place"] = hits[0][2].name
            if t.get("lat") is not None and located:
                error, by_outline = errors_km(gazetteer, t, located[0])
                errors.append(error)
                outline.append(by_outline)
                row["error_km"] = round(error, 1)
                row["right"] = by_outline <= NEAR_KM
                if located[0].confidence is not None:
                    row["confidence"] = located[0].confidence
                if by_outline < error:
                    row["inside_outline"] = True
        toponyms.append(row)
    spurious = [text[p[0] : p[1]] for p in predicted if not any(p[0] < t["end"] and t["start"] < p[1] for t in gold)]
    overlap_pred = len(predicted) - len(spurious)
    result.update({"overlap_gold": overlap_gold, "overlap_pred": overlap_pred, "errors_km": errors})
    result["outline_errors_km"] = outline
    # for error analysis: each gold toponym with what we made of it, and what we found that the gold lacks
    result.update({"toponyms": toponyms, "spurious": spurious})
    # resolution alone: the gold spans are the mentions (of the same parse)
    doc = a.doc
    mentions = _gold_span_mentions(doc, gold, gazetteer)
    places = resolve(doc, mentions, gazetteer)
    where = {(m.start, m.end): p for p in places for m in p.mentions}
    span_errors, span_outline = [], []
    for t, row in zip(gold, toponyms, strict=True):
        if t.get("lat") is None:
            continue
        p = where.get((t["start"], t["end"]))
        row["gold_span_place"] = p.name if p is not None else None
        if p is None or p.lat is None:
            error, by_outline = _FAR_KM, _FAR_KM
        else:
            error, by_outline = errors_km(gazetteer, t, p)
        span_errors.append(error)
        span_outline.append(by_outline)
        row["gold_span_error_km"] = round(error, 1)
    result["gold_span_errors_km"] = span_errors
    result["gold_span_outline_errors_km"] = span_outline
    return result


def evaluate_corpus(
    path: str | os.PathLike,
    *,
    gazetteer=None,
    progress=None,
    limit: int | None = None,
    fast: bool = False,
    user_gazetteer=None,
) -> dict:
    """Geoparsing scores of a JSON Lines corpus (``shared/eval`` format), overall and per split.

    ``fast=True`` scores the fast mode (:mod:`geomap.fast`) instead of the full pipeline;
    ``user_gazetteer`` adds the user's own places to the end-to-end run.

    Returns
    -------
    dict
        ``{"all": GeoReport, "dev": GeoReport, "validation": GeoReport, "documents": [...]}``
    """
    import json

    from ..pipeline import _options
    from ..table import json_lines

    _, gaz, user = _options(None, gazetteer, user_gazetteer)
    p = Path(path)
    try:
        lines = json_lines(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(f"cannot read corpus {str(p)!r}: {exc}") from None
    reports = {"all": GeoReport(), "dev": GeoReport(), "validation": GeoReport()}
    documents = []
    for n, line in enumerate(lines[:limit] if limit else lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            record["text"], record["toponyms"]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError(f"{p.name}, line {n}: not a corpus record ({exc})") from None
        r = evaluate_document(record, gazetteer=gaz, fast=fast, user_gazetteer=user)
        r["split"] = split_of(str(record.get("id", n)))
        documents.append(r)
        for rep in (reports["all"], reports[r["split"]]):
            rep.docs += 1
            rep.exact.tp += r["exact"]
            rep.exact.fp += r["predicted"] - r["exact"]
            rep.exact.gold += r["gold"]
            rep.exact.fn += r["gold"] - r["exact"]
            rep.overlap.tp += r["overlap_pred"]
            rep.overlap.fp += r["predicted"] - r["overlap_pred"]
            rep.overlap.gold += r["gold"]
            rep.overlap.fn += r["gold"] - r["overlap_gold"]
            rep.errors_km += r["errors_km"]
            rep.gold_span_errors_km += r["gold_span_errors_km"]
            rep.outline_errors_km += r["outline_errors_km"]
            rep.gold_span_outline_errors_km += r["gold_span_outline_errors_km"]
            rep.calibration += [(t["confidence"], t["right"]) for t in r["toponyms"] if "confidence" in t]
        if progress:
            progress(r)
    reports["documents"] = documents
    return reports
