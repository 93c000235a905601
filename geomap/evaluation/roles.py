"""Role scores against gold stories.

:func:`evaluate_roles` scores roles on folders of gold files in the format of
``shared/articles/gold`` (see the README, "Evaluation"): per role and micro-averaged over
(place, role) pairs. A predicted role is correct when it is in the gold ``roles`` or
``also_ok``; a gold ``roles`` entry not predicted is a miss; roles of a place the gold does not
list are all wrong."""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..errors import InputError
from ..gazetteer import normalize

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
    from ..lexicon import lexicon

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
    from ..article import Article
    from ..pipeline import _options, geoparse

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
