"""Fit the incident-site weights (geomap/roles/site_weights.yaml) on the dev stories, and only on them.

    pip install -e ".[fit]"
    python tools/fit_site.py                  # cross-validated accuracy of the fit, nothing written
    python tools/fit_site.py --write          # and write the weights fitted on every dev story

The model is a conditional logit: in each story, the probability that a place is the incident
site is softmax(weights . features) over the story's places, and the fit maximises the
probability of the gold sites (the places whose gold roles require ``incident_site``), with an
L2 penalty chosen by leave-one-story-out cross-validation. Stories of the validation split are
never read: ``folder_split`` drops them before anything runs.
"""

from __future__ import annotations

import argparse
import datetime
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from condlogit import fit as fit_sets
from condlogit import top_right

from geomap import analyse
from geomap.article import Article
from geomap.evaluation.roles import load_gold, match_place
from geomap.evaluation.split import folder_split
from geomap.profile import load_profile
from geomap.roles.evidence import RoledPlace
from geomap.roles.passes import PASSES, RoleState
from geomap.roles.site import story_of
from geomap.roles.site_rank import FEATURES, candidates, feature_values, second_site_margin, weights
from geomap.signals import dateline_mentions

ROOT = Path(__file__).resolve().parent.parent
GOLD = [ROOT / "data/stories/gold", ROOT / "data/roles-dev/gold", ROOT / "data/articles/gold"]
OUT = ROOT / "geomap/roles/site_weights.yaml"
SITE = "incident_site"
MARGINS = (0.0, 0.25, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 100.0)


def story_rows(gold_path: Path, profile) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """Feature rows of one story's candidate places, which are a required gold site, which an allowed one."""
    gold = load_gold(gold_path)
    a = analyse(Article.from_file(gold["_article_path"]), profile=profile)
    out = [RoledPlace(p, key=k) for k, p in enumerate(a.places)]
    year, month = (int(a.article.date[:4]), int(a.article.date[5:7])) if a.article.date else (None, None)
    mentions = [m for rp in out for m in rp.place.mentions]
    state = RoleState(a.doc, out, profile, year, dateline=dateline_mentions(a.doc, mentions), month=month)
    for name, run in PASSES:
        if name == "incident site":
            break
        run(state)
    story = story_of(a.doc, state.out, state.events, profile, state.dateline, year)
    places = candidates(story)
    if not places:
        return None
    table = pd.DataFrame(
        {
            "place": [rp.place.name for rp in places],
            "mentions": [[{"text": m.text} for m in rp.place.mentions] for rp in places],
            "feature": [rp.place.feature for rp in places],
            "country": [rp.place.country for rp in places],
        }
    )
    required, allowed = np.zeros(len(table), bool), np.zeros(len(table), bool)
    # a required site the story's places lack (not found, or placed elsewhere): no choice is right
    needs_site = any(SITE in (gp.get("roles") or []) for gp in gold["places"])
    for gp in gold["places"]:
        row = match_place(gp, table)
        if row is None:
            continue
        if SITE in (gp.get("roles") or []):
            required[row.name] = True
        if SITE in (gp.get("roles") or []) + (gp.get("also_ok") or []):
            allowed[row.name] = True
    X = np.array([[feature_values(story, rp)[f] for f in FEATURES] for rp in places])
    fine = np.array([story.fineness(rp) for rp in places])
    hit = np.array([rp.key in story.events for rp in places])
    # the fit learns from the required sites, or the allowed ones when no required one is there;
    # "right" is the pipeline's rule (evaluate-roles): a required site chosen when the gold has one
    return X, (required if required.any() else allowed), allowed, fine, hit, (required if needs_site else allowed)


def fit(stories: list, l2: float) -> np.ndarray:
    """The site weights fitted on ``stories`` (a conditional logit over each story's places)."""
    return fit_sets(stories, l2, len(FEATURES))


def top_allowed(w: np.ndarray, story) -> bool:
    """Whether the best ranked place is an allowed site."""
    X, _, allowed, *_ = story
    return top_right(w, X, allowed)


def sites_right(w: np.ndarray, margin: float, story) -> bool:
    """Whether the sites chosen are right by ``score_story``'s rule.

    The sites: the best place, and every place hit as fine as it that scored within ``margin`` of it
    (:func:`geomap.roles.site_rank.second_site`).
    """
    X, _, allowed, fine, hit, needed = story
    s = X @ w
    top = int(np.argmax(s))
    chosen = (np.arange(len(s)) == top) | (hit & (fine == fine[top]) & (s >= s[top] - margin))
    return bool(allowed[chosen].all() and needed[chosen].any())


def main(argv: list[str] | None = None) -> int:
    """Fit, report the cross-validated accuracy, and with ``--write`` write the weights."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write {OUT.relative_to(ROOT)}")
    parser.add_argument("--l2", type=float, nargs="*", default=[0.01, 0.03, 0.1, 0.3, 1.0, 3.0])
    args = parser.parse_args(argv)
    profile = load_profile("incident")
    stories, names, unlearnable = [], [], 0
    for folder in GOLD:
        split = folder_split(folder)
        for path in sorted(folder.glob("*.yaml")):
            if split(path.stem) != "dev":
                continue  # the validation stories are never read
            rows = story_rows(path, profile)
            if rows is None or not rows[1].any():
                unlearnable += 1  # no gold site among its places: nothing to rank
                continue
            stories.append(rows)
            names.append(path.stem)
    missing = sum(not s[5].any() for s in stories)
    print(
        f"{len(stories)} dev stories with a gold site among its places; {unlearnable} without; in {missing} "
        "of them only an allowed site is there, the required one is missing (never right whatever the weights)",
        file=sys.stderr,
    )
    best = None
    for l2 in args.l2:
        right = sum(top_allowed(fit(stories[:i] + stories[i + 1 :], l2), s) for i, s in enumerate(stories))
        print(f"l2 {l2}: leave-one-story-out top-1 {right}/{len(stories)}", file=sys.stderr)
        if best is None or right > best[1]:
            best = (l2, right)
    l2, right = best
    held_out = [fit(stories[:i] + stories[i + 1 :], l2) for i in range(len(stories))]
    margins = {m: sum(sites_right(w, m, s) for w, s in zip(held_out, stories, strict=True)) for m in MARGINS}
    for m, n in margins.items():
        print(f"second-site margin {m}: sites right in {n}/{len(stories)} held out", file=sys.stderr)
    margin = max(margins, key=lambda m: (margins[m], -m))
    shipped = np.array([weights()[f] for f in FEATURES])
    now = sum(sites_right(shipped, second_site_margin(), s) for s in stories)
    print(
        f"the shipped weights: top-1 {sum(top_allowed(shipped, s) for s in stories)}/{len(stories)}, "
        f"sites right {now}/{len(stories)} (in sample for them)",
        file=sys.stderr,
    )
    w = fit(stories, l2)
    in_sample = sum(top_allowed(w, s) for s in stories)
    n = len(stories)
    print(f"chosen l2 {l2}: cross-validated {right}/{n}, in sample {in_sample}; margin {margin}", file=sys.stderr)
    for f, v in zip(FEATURES, w, strict=True):
        print(f"  {f:22s} {v:+.3f}", file=sys.stderr)
    if args.write:
        lines = [
            "# Weights of the incident-site ranking (geomap.roles.site_rank): a place's score is the sum of",
            "# weight x value; the best scored place is the site. Fitted by tools/fit_site.py, never by hand:",
            f"# a conditional logit on {n} dev stories ({', '.join(str(f.relative_to(ROOT)) for f in GOLD)};",
            f"# validation stories never read), L2 {l2} chosen by leave-one-story-out cross-validation",
            f"# (top-1 right in {right}/{len(stories)} held out, {in_sample} in sample); {datetime.date.today()}.",
            "# Another place the text says it happened at, as fine as the best, is a site too when its score is",
            f"# within this of the best's (chosen the same way: sites right in {margins[margin]}/{n} held out).",
            f"second_site_margin: {margin}",
            "weights:",
            *(f"  {f}: {v:.4f}" for f, v in zip(FEATURES, w, strict=True)),
        ]
        OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote {OUT.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
