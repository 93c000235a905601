"""Measure geomap against gold annotations.

:func:`evaluate_roles` scores roles on a folder of gold files in the format of
``shared/articles/gold`` (see the README, "Evaluation"): per role and micro-averaged over
(place, role) pairs. A predicted role is correct when it is in the gold ``roles`` or
``also_ok``; a gold ``roles`` entry not predicted is a miss; roles of a place the gold does not
list are all wrong.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import InputError
from .gazetteer import normalize

_ADMIN = (" oblast", " province", " region", " governorate", " state", " county", " district", " prefecture")


def name_keys(name: str) -> set[str]:
    """A name's folded forms: 'the Donetsk region' and 'Donetsk Oblast' both give 'donetsk'."""
    key = normalize(name).removeprefix("the ")
    out = {key}
    for suffix in _ADMIN:
        if key.endswith(suffix):
            out.add(key[: -len(suffix)])
    return out


def match_place(gold_place: dict, gdf):
    """The row of a places table that is this gold place, or None.

    Countries match by ISO code; other places by any name they go by (their name, a
    mention, a gold alias).
    """
    if gold_place["feature"] == "country":
        rows = gdf[(gdf["feature"] == "country") & (gdf["country"] == gold_place["country"])]
        return rows.iloc[0] if len(rows) else None
    names = set().union(*(name_keys(n) for n in [gold_place["place"], *gold_place.get("aliases", [])]))
    for _, row in gdf.iterrows():
        texts = set().union(*(name_keys(t) for t in [row["place"], *(m["text"] for m in row["mentions"])]))
        if row["feature"] != "country" and (
            names & texts or (gold_place["feature"] == row["feature"] == "venue" and _same_venue(names, texts))
        ):
            return row
    return None


def _same_venue(a: set[str], b: set[str]) -> bool:
    # a venue named with more or fewer kind words: 'Kramatorsk station' is 'Kramatorsk railway station'
    # (same head noun, the words of one all in the other), 'Jemaa el-Fnaa' is 'Jemaa el-Fnaa square'
    from .lexicon import lexicon

    LEX = lexicon()

    for x in a:
        for y in b:
            wx, wy = x.split(), y.split()
            if len(wx) > 1 and len(wy) > 1 and wx[-1] == wy[-1] and (set(wx) <= set(wy) or set(wy) <= set(wx)):
                return True
            short, long = sorted((wx, wy), key=len)
            if short and long[:-1] == short and long[-1] in LEX.venue_words:
                return True
    return False


def load_gold(path: str | os.PathLike) -> dict:
    """Read a gold file; its article is ``../NAME.txt`` beside the gold folder."""
    path = Path(path)
    try:
        gold = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read gold file {str(path)!r}: {exc}") from None
    if not isinstance(gold, dict) or not isinstance(gold.get("places"), list):
        raise InputError(f"{str(path)!r} is not a gold file (no 'places' list)")
    gold["_article_path"] = path.parent.parent / f"{path.stem}.txt"
    return gold


@dataclass
class Counts:
    """True positives, false positives and misses of one role (or of all)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        """Right predictions over all predictions."""
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        """Required gold roles found over all required gold roles."""
        return (self.gold - self.fn) / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class RoleReport:
    """The result of :func:`evaluate_roles`."""

    per_role: dict[str, Counts] = field(default_factory=dict)
    micro: Counts = field(default_factory=Counts)
    stories: list[dict] = field(default_factory=list)

    @property
    def site_accuracy(self) -> float:
        """Share of stories whose predicted incident site is a gold incident site."""
        return sum(s["site_correct"] for s in self.stories) / len(self.stories) if self.stories else 0.0


def score_story(gold: dict, gdf, *, site_role: str = "incident_site") -> dict:
    """Score one story: (place, role) pairs, and whether the incident site is right."""
    pairs = []  # (role, correct: bool | None for a miss)
    matched = set()
    for gp in gold["places"]:
        row = match_place(gp, gdf)
        required = set(gp.get("roles") or [])
        ok = required | set(gp.get("also_ok") or [])
        got = set(row["roles"]) if row is not None else set()
        if row is not None:
            matched.add(row.name)
        for role in sorted(got):  # sorted: the same story gives the same record in every run
            pairs.append((role, role in ok, role in required))
        for role in sorted(required - got):
            pairs.append((role, None, True))
    for idx, row in gdf.iterrows():
        if idx not in matched:
            pairs += [(role, False, False) for role in row["roles"]]
    sites = gdf[gdf["roles"].apply(lambda rs: site_role in rs)]
    gold_sites = [gp for gp in gold["places"] if site_role in (gp.get("roles") or []) + (gp.get("also_ok") or [])]
    site_correct = (
        any((r := match_place(gp, gdf)) is not None and site_role in r["roles"] for gp in gold_sites) and len(sites) > 0
    )
    return {
        "article": gold.get("article"),
        "pairs": pairs,
        "site_correct": bool(site_correct),
        "sites": list(sites["place"]),
    }


def evaluate_roles(
    gold_dir: str | os.PathLike | list,
    *,
    profile=None,
    gazetteer=None,
    progress=None,
    fast: bool = False,
    user_gazetteer=None,
) -> RoleReport:
    """Score role assignment on every gold file in ``gold_dir``.

    Parameters
    ----------
    gold_dir : path-like or list of path-like
        A folder of ``NAME.yaml`` gold files, each article ``NAME.txt`` in the parent folder; or
        several such folders, scored as one set.
    profile : str or Profile, optional
        The role profile (default: incident).
    gazetteer : Gazetteer, optional
        The offline gazetteer (default: the embedded one).
    progress : callable, optional
        Called with each gold file's path as it is scored.
    fast : bool, default False
        Score the fast mode (:mod:`geomap.fast`) instead of the full pipeline.
    user_gazetteer : path-like or UserGazetteer, optional
        The user's own places, as for :func:`geomap.geoparse`.

    Returns
    -------
    RoleReport
    """
    from .article import Article
    from .pipeline import _options, geoparse

    profile, gazetteer, user_gazetteer = _options(profile, gazetteer, user_gazetteer)  # read once, not per story

    folders = [gold_dir] if isinstance(gold_dir, (str, os.PathLike)) else list(gold_dir)
    files = []
    for folder in folders:
        found = sorted(Path(folder).glob("*.yaml"))
        if not found:
            raise InputError(f"no gold files (*.yaml) in {str(folder)!r}")
        files += found
    report = RoleReport()
    roles = Counter()
    for path in files:
        if progress:
            progress(path)
        gold = load_gold(path)
        if not gold["_article_path"].is_file():
            raise InputError(f"{path.name}: no article {str(gold['_article_path'])!r}")
        gdf = geoparse(
            Article.from_file(gold["_article_path"]),
            profile=profile,
            gazetteer=gazetteer,
            fast=fast,
            user_gazetteer=user_gazetteer,
        )
        story = score_story(gold, gdf)
        report.stories.append(story)
        for role, correct, required in story["pairs"]:
            c = report.per_role.setdefault(role, Counts())
            roles[role] += 1
            for counts in (c, report.micro):
                if correct is None:
                    counts.fn += 1
                    counts.gold += 1
                    continue
                if correct:
                    counts.tp += 1
                else:
                    counts.fp += 1
                if required:
                    counts.gold += 1
    return report


# --- geoparsing: recognition and resolution on corpora with gold toponym spans -------------

_FAR_KM = 20039.0  # half the Earth's circumference: the largest possible error


@dataclass
class GeoReport:
    """Recognition and resolution scores of one corpus (or one part of it)."""

    exact: Counts = field(default_factory=Counts)
    overlap: Counts = field(default_factory=Counts)
    errors_km: list[float] = field(default_factory=list)  # end to end, matched toponyms with coordinates
    gold_span_errors_km: list[float] = field(default_factory=list)  # resolution alone, given gold spans
    #: end to end, toponyms more than 161 km off that we resolved to the country whose outline holds the gold point
    inside_country: int = 0
    docs: int = 0

    @staticmethod
    def _acc(errors: list[float]) -> float:
        return sum(e <= 161 for e in errors) / len(errors) if errors else 0.0

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
        for name, errs in (("e2e", self.errors_km), ("gold_spans", self.gold_span_errors_km)):
            out[f"{name}_resolved"] = len(errs)
            out[f"{name}_acc161"] = round(self._acc(errs), 4)
            out[f"{name}_mean_km"] = round(statistics.fmean(errs), 1) if errs else None
            out[f"{name}_median_km"] = round(statistics.median(errs), 1) if errs else None
            out[f"{name}_auc"] = round(self._auc(errs), 4)
        # the corpora put a country at one conventional point (GeoNames': the US at 39.76 N 98.5 W); with a
        # country counted right when its outline holds the gold point, the figure shows what that convention costs
        if self.errors_km:
            out["e2e_acc161_country_by_area"] = round(
                self._acc(self.errors_km) + self.inside_country / len(self.errors_km), 4
            )
        return out


def _split(doc_id: str) -> str:
    """A fixed validation split (about a fifth of the documents), the same on every machine."""
    import hashlib

    return "validation" if int(hashlib.md5(doc_id.encode()).hexdigest(), 16) % 5 == 0 else "dev"


def _gold_span_mentions(doc, toponyms, gazetteer):
    """Mentions made from gold spans, with gazetteer candidates, for resolution alone."""
    from .mentions import Mention
    from .signals import demonym_or_name

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


def _inside_country(gazetteer, code: str | None, lat: float, lon: float) -> bool:
    """Whether the outline of the country ``code`` (Natural Earth, simplified) holds the point."""
    import shapely

    rows = gazetteer.shapes([code]) if code else []
    return bool(rows) and shapely.from_geojson(rows[0][2]).intersects(shapely.Point(lon, lat))


def evaluate_document(record: dict, *, gazetteer, fast: bool = False, user_gazetteer=None) -> dict:
    """Score one corpus document end to end and with gold spans."""
    from ._geo import haversine_km
    from .pipeline import analyse
    from .resolve import resolve

    text = record["text"]
    a = analyse(text, id=str(record.get("id", "doc")), gazetteer=gazetteer, fast=fast, user_gazetteer=user_gazetteer)
    predicted = []
    for p in a.places + a.embedded:  # a place inside an organisation's name counts, off the map though it is
        for m in p.mentions:
            predicted.append((m.start, m.end, p.lat, p.lon, p.name, p.feature, p.country))
    gold = record["toponyms"]
    exact_hits = {(s, e) for s, e, *_ in predicted} & {(t["start"], t["end"]) for t in gold}
    result = {"id": record.get("id"), "predicted": len(predicted), "gold": len(gold), "exact": len(exact_hits)}
    overlap_gold, overlap_pred, errors, toponyms = 0, 0, [], []
    for t in gold:
        hits = [p for p in predicted if p[0] < t["end"] and t["start"] < p[1]]
        row = {"name": t.get("name"), "start": t["start"], "end": t["end"], "found": bool(hits), "place": None}
        if hits:
            overlap_gold += 1
            located = [h for h in hits if h[2] is not None]
            row["place"] = hits[0][4]
            if t.get("lat") is not None and located:
                errors.append(float(haversine_km(t["lat"], t["lon"], located[0][2], located[0][3])))
                row["error_km"] = round(errors[-1], 1)
                if errors[-1] > 161 and located[0][5] == "country":
                    row["inside_country"] = _inside_country(gazetteer, located[0][6], t["lat"], t["lon"])
        toponyms.append(row)
    spurious = [text[p[0] : p[1]] for p in predicted if not any(p[0] < t["end"] and t["start"] < p[1] for t in gold)]
    overlap_pred = len(predicted) - len(spurious)
    result.update({"overlap_gold": overlap_gold, "overlap_pred": overlap_pred, "errors_km": errors})
    # for error analysis: each gold toponym with what we made of it, and what we found that the gold lacks
    result.update({"toponyms": toponyms, "spurious": spurious})
    # resolution alone: the gold spans are the mentions (of the same parse)
    doc = a.doc
    mentions = _gold_span_mentions(doc, gold, gazetteer)
    places = resolve(doc, mentions, gazetteer)
    where = {(m.start, m.end): (p.lat, p.lon, p.name) for p in places for m in p.mentions}
    span_errors = []
    for t, row in zip(gold, toponyms, strict=True):
        if t.get("lat") is None:
            continue
        lat, lon, row["gold_span_place"] = where.get((t["start"], t["end"]), (None, None, None))
        span_errors.append(_FAR_KM if lat is None else float(haversine_km(t["lat"], t["lon"], lat, lon)))
        row["gold_span_error_km"] = round(span_errors[-1], 1)
    result["gold_span_errors_km"] = span_errors
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

    from .pipeline import _options
    from .table import json_lines

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
        r["split"] = _split(str(record.get("id", n)))
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
            rep.inside_country += sum(1 for t in r["toponyms"] if t.get("inside_country"))
        if progress:
            progress(r)
    reports["documents"] = documents
    return reports
