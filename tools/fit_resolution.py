"""Fit the resolution weights and the confidence (geomap/resolve/weights.yaml) on the corpora's dev splits only.

    pip install -e ".[fit]"
    python tools/fit_resolution.py            # cross-validated accuracy and calibration, nothing written
    python tools/fit_resolution.py --write    # and write the weights and the confidence fitted on all dev documents

Each gold toponym of a dev document (``geomap.evaluation.split_of``; validation documents are
dropped before anything runs) is a choice among its gazetteer candidates, seen as the resolver
sees them in its second pass (gold spans as the mentions, the story's other places as context).
The right candidates are those within 161 km of the gold point, or the country or first-level
division whose outline holds it (``geomap.evaluation.corpus.errors_km``). The weights are a
conditional logit's (``tools/condlogit.py``), the L2 penalty chosen by five-fold
cross-validation over documents. The confidence is then fitted on the held-out
folds: a logistic model of "the best candidate is right" on the log-odds of its softmax
probability and whether the name had one candidate only, so that a confidence of 0.8 is right
about four times in five. Toponyms with no right candidate count there (they are wrong whatever
is chosen) but not in the weights' fit. A place that a rule placed, with no score (a venue at the
town the text names, "the capital"), has its rule's confidence: the share of such places right
end to end on the dev documents, shrunk towards the hand-set value as if that had been seen on
ten places (a rule seen once on dev keeps about its prior).

Run it twice after a change to the features: the story's context in the second pass depends on
the first pass's choices, which depend on the weights.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import sys
from pathlib import Path

import numpy as np
import yaml
from condlogit import fit as fit_sets
from condlogit import top_right
from reliability import table as reliability_table
from scipy.optimize import minimize

import geomap.resolve.choose as choose_module
from geomap import analyse
from geomap.evaluation.corpus import NEAR_KM, _gold_span_mentions, errors_km
from geomap.evaluation.split import split_of
from geomap.gazetteer import Gazetteer
from geomap.resolve import resolve
from geomap.resolve.features import (
    CONFIDENCE_INPUTS,
    FEATURES,
    STORY_FEATURES,
    confidence_inputs,
    isolated,
    settings,
)

ROOT = Path(__file__).resolve().parent.parent
CORPORA = [ROOT.parent / "shared/eval/geowebnews.jsonl", ROOT.parent / "shared/eval/trnews.jsonl"]
OUT = ROOT / "geomap/resolve/weights.yaml"
#: the weights as they were set by hand (the fit's prior): kept beside the tool, never rewritten
PRIOR = Path(__file__).resolve().parent / "resolution_prior.yaml"
#: how many places a rule's hand-set confidence counts for against the dev corpora's
PRIOR_COUNT = 10
FOLDS = 5


class Recorder:
    """Records what the resolver's last pass saw of each mention it scored (its :class:`Around` and :class:`Story`)."""

    def __init__(self) -> None:
        self.seen: dict = {}
        self._pass, self._choose = choose_module._pass, choose_module.choose

    def __enter__(self) -> Recorder:
        def one_pass(*args):
            self.seen.clear()  # only the second pass counts
            return self._pass(*args)

        def choose(m, around, story):
            self.seen[m.ref] = (m, around, story)
            return self._choose(m, around, story)

        choose_module._pass, choose_module.choose = one_pass, choose
        return self

    def __exit__(self, *exc) -> None:
        choose_module._pass, choose_module.choose = self._pass, self._choose


def document_sets(record: dict, gazetteer, rules: dict) -> list[tuple]:
    """One choice set per gold toponym with a point: (X, right, kind, document id, isolated).

    ``rules`` counts, end to end, the toponyms of the places each fixed rule placed and how many
    are right: ``{rule: [right, all]}``.
    """
    a = analyse(record["text"], id=str(record["id"]), gazetteer=gazetteer)
    for t in record["toponyms"]:
        for p in a.places:
            if not (p.rule and p.lat is not None and t.get("lat") is not None):
                continue
            if any(m.start < t["end"] and t["start"] < m.end for m in p.mentions):
                count = rules.setdefault(p.rule, [0, 0])
                count[0] += _right(p, t, gazetteer)
                count[1] += 1
    gold = {(t["start"], t["end"]): t for t in record["toponyms"] if t.get("lat") is not None}
    mentions = _gold_span_mentions(a.doc, record["toponyms"], gazetteer)
    with Recorder() as rec:
        resolve(a.doc, mentions, gazetteer)
    sets = []
    for m, around, story in rec.seen.values():
        t = gold.get((m.start, m.end))
        if t is None or not m.candidates:
            continue
        X = np.array([[FEATURES[f](c, around, story) for f in STORY_FEATURES] for c in m.candidates])
        right = np.array([_right(c.entry, t, gazetteer) for c in m.candidates])
        alone = np.array([isolated(c, story) for c in m.candidates])
        sets.append((X, right, m.kind, str(record["id"]), alone))
    return sets


def _right(e, t: dict, gazetteer) -> bool:
    """Whether a candidate entry (or a place) is the gold toponym's place, as ``geomap evaluate`` counts it."""
    return errors_km(gazetteer, t, e)[1] <= NEAR_KM


def _folds(sets: list) -> list[int]:
    """Each set's fold, by a hash of its document (a document's toponyms stay together)."""
    import zlib

    return [zlib.crc32(s[3].encode()) % FOLDS for s in sets]


def fit(sets: list, l2: float) -> np.ndarray:
    """Weights fitted on the sets that have a right candidate, shrunk towards the hand-set weights' proportions."""
    prior = np.array([_hand_weights()[f] for f in STORY_FEATURES])
    return fit_sets([s for s in sets if s[1].any()], l2, len(STORY_FEATURES), prior)


def held_out_scores(sets: list, folds: list[int], l2: float) -> list[np.ndarray]:
    """Each set's candidate scores under weights fitted on the other folds."""
    out: list = [None] * len(sets)
    for k in range(FOLDS):
        w = fit([s for s, f in zip(sets, folds, strict=True) if f != k], l2)
        for i, (s, f) in enumerate(zip(sets, folds, strict=True)):
            if f == k:
                out[i] = s[0] @ w
    return out


def _inputs(scores: np.ndarray, s: tuple) -> list[float]:
    """The confidence's inputs for a set's best scored candidate."""
    return confidence_inputs(list(np.sort(scores)[::-1]), s[2], 0, bool(s[4][int(np.argmax(scores))]))


def calibrate(scores: list[np.ndarray], sets: list) -> np.ndarray:
    """The confidence model's coefficients, fitted on held-out scores: P(best candidate right)."""
    Z = np.array([_inputs(s, s_) for s, s_ in zip(scores, sets, strict=True)])
    y = np.array([bool(s_[1][int(np.argmax(s))]) for s, s_ in zip(scores, sets, strict=True)], float)
    Z = np.column_stack([Z, np.ones(len(Z))])

    def nll(b):
        z = Z @ b
        p = 1 / (1 + np.exp(-z))
        return -(y * np.log(p + 1e-12) + (1 - y) * np.log(1 - p + 1e-12)).sum() + 1e-3 * b @ b, Z.T @ (p - y) + 2e-3 * b

    return minimize(nll, np.zeros(Z.shape[1]), jac=True, method="L-BFGS-B").x


def main(argv: list[str] | None = None) -> int:
    """Fit, report cross-validated accuracy and calibration, and with ``--write`` write ``weights.yaml``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(ROOT)}")
    parser.add_argument("--l2", type=float, nargs="*", default=[0.3, 1.0, 3.0, 10.0])
    parser.add_argument("--limit", type=int, help="documents per corpus (a quick look)")
    args = parser.parse_args(argv)
    gaz = Gazetteer.open()
    sets: list = []
    rules: dict = {}
    for corpus in CORPORA:
        records = [json.loads(line) for line in corpus.read_text(encoding="utf-8").splitlines() if line.strip()]
        dev = [r for r in records if split_of(str(r["id"])) == "dev"][: args.limit]  # validation is never read
        for r in dev:
            sets += document_sets(r, gaz, rules)
        print(f"{corpus.name}: {len(dev)} dev documents", file=sys.stderr)
    learnable = sum(s[1].any() for s in sets)
    print(f"{len(sets)} toponyms with a point, {learnable} with a right candidate", file=sys.stderr)
    current = np.array([settings()["weights"][f] for f in STORY_FEATURES])
    now = sum(top_right(current, s[0], s[1]) for s in sets)
    print(f"weights now: best candidate right for {now}/{len(sets)}", file=sys.stderr)
    folds = _folds(sets)
    best = None
    for l2 in args.l2:
        scores = held_out_scores(sets, folds, l2)
        right = sum(bool(s[1][int(np.argmax(sc))]) for s, sc in zip(sets, scores, strict=True))
        print(f"l2 {l2}: {FOLDS}-fold held out, best candidate right for {right}/{len(sets)}", file=sys.stderr)
        if best is None or right > best[1]:
            best = (l2, right, scores)
    l2, right, scores = best
    coef = calibrate(scores, sets)
    conf = np.array([_conf(coef, sc, s) for sc, s in zip(scores, sets, strict=True)])
    hit = np.array([bool(s[1][int(np.argmax(sc))]) for s, sc in zip(sets, scores, strict=True)])
    print("held-out reliability (bin, n, mean confidence, share right):", file=sys.stderr)
    for row in reliability_table(list(zip(conf, hit, strict=True))):
        print(f"  {row[0]}  {row[1]:5d}  {row[2]:.3f}  {row[3]:.3f}", file=sys.stderr)
    w = fit(sets, l2)
    in_sample = sum(top_right(w, s[0], s[1]) for s in sets)
    print(f"chosen l2 {l2}: held out {right}/{len(sets)}, in sample {in_sample}", file=sys.stderr)
    for f, v in zip(STORY_FEATURES, w, strict=True):
        print(f"  {f:24s} {v:+.3f}", file=sys.stderr)
    # a rule's confidence: the share of its places that are right, shrunk towards the hand-set value
    prior = yaml.safe_load(PRIOR.read_text(encoding="utf-8"))["confidence"]
    fixed = {rule: round((k + PRIOR_COUNT * prior[rule]) / (n + PRIOR_COUNT), 2) for rule, (k, n) in rules.items()}
    for rule, (k, n) in sorted(rules.items()):
        print(f"  rule {rule:20s} right {k}/{n} -> confidence {fixed[rule]}", file=sys.stderr)
    if args.write:
        _write(dict(zip(STORY_FEATURES, w, strict=True)), coef, l2, right, len(sets), fixed)
    return 0


def _conf(coef: np.ndarray, scores: np.ndarray, s: tuple) -> float:
    z = np.append(_inputs(scores, s), 1.0) @ coef
    return float(1 / (1 + np.exp(-z)))


def _hand_weights() -> dict:
    """The weights set by hand before any fit (the prior), from :data:`PRIOR`."""
    return yaml.safe_load(PRIOR.read_text(encoding="utf-8"))["weights"]


def _write(weights: dict, coef: np.ndarray, l2: float, right: int, n: int, fixed: dict) -> None:
    """Write weights.yaml: a new header, the fitted numbers, the comment on each weight kept.

    A weight the fit does not see (``named_in_story``, used for places inside organisations'
    names only) is its hand-set value times the scale of the fitted weights to the hand-set ones.
    """
    hand = _hand_weights()
    w, p = np.array([weights[f] for f in STORY_FEATURES]), np.array([hand[f] for f in STORY_FEATURES])
    scale = float(w @ p / (p @ p))
    weights = {**{f: v * scale for f, v in hand.items()}, **weights}
    lines = OUT.read_text(encoding="utf-8").splitlines()
    lines = lines[next(i for i, line in enumerate(lines) if line.startswith("weights:")) :]
    section = None
    out = [
        "# How resolution weighs what it knows about a candidate place (geomap.resolve.features).",
        "# A candidate's score is the sum of weight x value over the features below; the best score wins,",
        "# unless a named policy overrides it (geomap.resolve.choose). `geomap explain ARTICLE` prints",
        "# every feature's contribution. The scores are a conditional logit's: the softmax over a name's",
        "# candidates is each one's probability. Fitted by tools/fit_resolution.py, never by hand, on the",
        f"# dev splits of GeoWebNews and TR-News ({n} gold toponyms; validation never read): L2 {l2}",
        "# towards the proportions of the hand-set weights (tools/resolution_prior.yaml), chosen by",
        f"# five-fold cross-validation (best candidate right for {right} held out); {datetime.date.today()}.",
    ]
    names = (*CONFIDENCE_INPUTS, "intercept")
    for line in lines:
        m = re.match(r"^(\w+):", line)
        if m:
            section = m.group(1)
        m = re.match(r"^  (\w+): (-?[\d.]+)$", line)
        if m and section == "weights" and m.group(1) in weights:
            line = f"  {m.group(1)}: {weights[m.group(1)]:.4f}"
        elif m and section == "confidence" and m.group(1) in names:
            line = f"  {m.group(1)}: {coef[names.index(m.group(1))]:.4f}"
        elif m and section == "confidence" and m.group(1) in fixed:
            line = f"  {m.group(1)}: {fixed[m.group(1)]}"
        out.append(line)
    OUT.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)


if __name__ == "__main__":
    raise SystemExit(main())
