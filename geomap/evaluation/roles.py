"""Role scores against gold stories.

:func:`evaluate_roles` scores roles on folders of gold files in the format of
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

from .._yaml import YAMLError, safe_load
from ..errors import InputError
from ..gazetteer import normalize
from .split import folder_split

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
        gold = safe_load(path.read_text(encoding="utf-8"))
    except (OSError, YAMLError) as exc:
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


#: a story's place the other side lacks, in the confusion table
ABSENT = "-"


@dataclass
class RoleReport:
    """The result of :func:`evaluate_roles`: counts over its stories, each a :func:`score_story` record."""

    per_role: dict[str, Counts] = field(default_factory=dict)
    micro: Counts = field(default_factory=Counts)
    stories: list[dict] = field(default_factory=list)

    @classmethod
    def of(cls, stories: list[dict]) -> RoleReport:
        """The counts of these stories."""
        report = cls(stories=list(stories))
        for story in report.stories:
            for role, correct, required in story["pairs"]:
                for counts in (report.per_role.setdefault(role, Counts()), report.micro):
                    counts.tp += bool(correct)
                    counts.fp += correct is False
                    counts.fn += correct is None
                    counts.gold += bool(required)
        return report

    def part(self, split: str) -> RoleReport:
        """The report of one split's stories (``"dev"`` or ``"validation"``)."""
        return RoleReport.of([s for s in self.stories if s.get("split") == split])

    @property
    def splits(self) -> list[str]:
        """The splits of the stories, dev first."""
        return sorted({s.get("split", "dev") for s in self.stories})

    @property
    def site_accuracy(self) -> float:
        """Share of stories whose incident site is right (see :func:`score_story`)."""
        return sum(s["site_correct"] for s in self.stories) / len(self.stories) if self.stories else 0.0

    @property
    def site_wrong_country(self) -> int:
        """Stories with a predicted incident site in a country none of the gold sites is in."""
        return sum(bool(s["site_wrong_country"]) for s in self.stories)

    @property
    def strays(self) -> tuple[int, int]:
        """Predicted places more than 1,000 km from where the gold puts them, and the stories that have any."""
        per_story = [len(s.get("strays", ())) for s in self.stories]
        return sum(per_story), sum(n > 0 for n in per_story)

    def confusion(self) -> Counter:
        """(gold role, predicted role) of every place, each side's main role (:data:`ABSENT` for none)."""
        return Counter(tuple(pair) for s in self.stories for pair in s["confusion"])


def _main_role(roles, order: tuple[str, ...]) -> str:
    # roles the profile lacks tie: their names break it (a set's order changes from run to run)
    ranked = sorted(roles, key=lambda r: (order.index(r) if r in order else len(order), r))
    return ranked[0] if ranked else ABSENT


def score_story(gold: dict, gdf, *, site_role: str = "incident_site", order: tuple[str, ...] = ()) -> dict:
    """Score one story: (place, role) pairs, whether the incident site is right, and each place's main roles.

    The site is right when every predicted site is a gold site (``roles`` or ``also_ok``) and
    at least one required gold site is predicted (an ``also_ok`` one when the gold requires
    none). ``order`` ranks the roles (the profile's), to name each place's main role in the
    confusion pairs.
    """
    pairs = []  # (role, correct: bool | None for a miss, required)
    confusion = []  # (gold main role, predicted main role)
    matched = {}
    for gp in gold["places"]:
        row = match_place(gp, gdf)
        required = set(gp.get("roles") or [])
        ok = required | set(gp.get("also_ok") or [])
        got = set(row["roles"]) if row is not None else set()
        if row is not None:
            matched[row.name] = gp
        for role in sorted(got):  # sorted: the same story gives the same record in every run
            pairs.append((role, role in ok, role in required))
        for role in sorted(required - got):
            pairs.append((role, None, True))
        confusion.append((_main_role(required, order), _main_role(got, order)))
    for idx, row in gdf.iterrows():
        if idx not in matched:
            pairs += [(role, False, False) for role in row["roles"]]
            if len(row["roles"]):
                confusion.append((ABSENT, _main_role(row["roles"], order)))
    sites = gdf[gdf["roles"].apply(lambda rs: site_role in rs)]
    allowed = [gp for gp in gold["places"] if site_role in (gp.get("roles") or []) + (gp.get("also_ok") or [])]
    needed = [gp for gp in allowed if site_role in (gp.get("roles") or [])] or allowed
    site_correct = (
        len(sites) > 0
        and all(matched.get(idx) in allowed for idx in sites.index)
        and any((r := match_place(gp, gdf)) is not None and site_role in r["roles"] for gp in needed)
    )
    gold_countries = {gp.get("country") for gp in allowed}
    return {
        "strays": _strays(gold, gdf, matched),
        "article": gold.get("article"),
        "pairs": pairs,
        "site_correct": bool(site_correct),
        "sites": list(sites["place"]),
        # a site in no country (unlocated, or a sea) lies in no wrong one
        "site_wrong_country": bool(allowed)
        and any(isinstance(c, str) and c not in gold_countries for c in sites["country"]),
        "confusion": confusion,
    }


def _strays(gold: dict, gdf, matched: dict) -> list[str]:
    """The predicted places far from where the gold puts them: what a reader notices first on the map.

    A place matched to a gold place more than :data:`~geomap.evaluation.corpus.GROSS_KM` from its gold
    point; a place the gold lacks, in none of the gold's countries, that far from every gold point.
    """
    from .._geo import haversine_km
    from .corpus import GROSS_KM

    points = [(gp["lat"], gp["lon"]) for gp in gold["places"] if gp.get("lat") is not None]
    countries = {gp.get("country") for gp in gold["places"]}
    out = []
    for idx, row in gdf.iterrows():
        point = row.get("geometry")
        if point is None or point.is_empty:
            continue
        gp = matched.get(idx)
        if gp is not None:
            far = gp.get("lat") is not None and haversine_km(gp["lat"], gp["lon"], point.y, point.x) > GROSS_KM
        else:
            far = row["country"] not in countries and all(
                haversine_km(lat, lon, point.y, point.x) > GROSS_KM for lat, lon in points
            )
        if far:
            out.append(row["place"])
    return out


def evaluate_roles(
    gold_dir: str | os.PathLike | list,
    *,
    profile=None,
    gazetteer=None,
    progress=None,
    fast: bool = False,
    user_gazetteer=None,
    splits=None,
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
    splits : iterable of str, optional
        Score only the stories of these splits (``"dev"``, ``"validation"``; see
        :func:`~geomap.evaluation.split.folder_split`): while rules change, run ``dev`` only.

    Returns
    -------
    RoleReport
        Every story's record carries its ``split``; :meth:`RoleReport.part` gives one split's counts.
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
    rules = {folder: folder_split(folder) for folder in {path.parent for path in files}}
    stories = []
    for path in files:
        split = rules[path.parent](path.stem)
        if splits is not None and split not in splits:
            continue
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
        story = score_story(gold, gdf, order=tuple(r.name for r in profile.roles))
        story["split"] = split
        stories.append(story)
    return RoleReport.of(stories)
