"""Why each mention became the place it did: its candidates, each feature's contribution, the winner.

>>> import geomap.explain
>>> for m in geomap.explain.explain("Floods hit Paris, Texas on Monday."):   # doctest: +SKIP
...     print(m["text"], m["place"], [c["score"] for c in m["candidates"]])

``geomap explain ARTICLE [--place NAME]`` prints the same as a readable report (or JSON Lines
with ``--json``).
"""

from __future__ import annotations

import os

from .pipeline import Analysis, analyse

#: candidates shown per mention, best first, unless asked for more
TOP = 5


def _candidate(scored, chosen) -> dict:
    e = scored.match.entry
    return {
        "name": e.name,
        "feature": e.feature,
        "country": e.country,
        "admin1": e.admin1,
        "population": e.population,
        "gazetteer_id": e.gazetteer_id,
        "matched_as": ("name", "alternate name", "abbreviation", "demonym")[scored.match.kind],
        "score": round(scored.score, 4),
        "features": {name: round(term, 4) for name, term in scored.terms},
        "chosen": scored.match is chosen,
    }


def _how(m, place) -> str:
    """How a mention was placed when no score chose it."""
    if place is None:
        return "left out (one word only the language model calls a place, not located)"
    if m.kind == "embedded":
        return "inside an organisation's name: located, but not a place of the story"
    if place.anchor:
        return f"placed by the text at {place.anchor}"
    if m.kind == "capital":
        return "a capital, by reference"
    return "unresolved: no gazetteer knows it" if place.lat is None else "placed by rule"


def explain_analysis(a: Analysis, *, place: str | None = None, top: int = TOP) -> list[dict]:
    """Explain the resolution of an analysed article.

    Parameters
    ----------
    a : Analysis
        From :func:`geomap.pipeline.analyse`.
    place : str, optional
        Only the mentions of places whose name or mention text is this (case-insensitive).
    top : int, default 5
        Candidates shown per mention, best first (the chosen one always).

    Returns
    -------
    list of dict
        One per mention, in text order: ``text``, ``start``, ``end``, ``kind``, ``place`` (the
        name chosen), ``confidence``, ``policy`` (a rule that overrode the best score),
        ``how`` and ``candidates`` (each with its ``score`` and ``features``: weight x value).
    """
    place_of = {m.ref: p for p in (*a.places, *a.embedded) for m in p.mentions}
    wanted = place.casefold() if place else None
    out = []
    for m in sorted(a.mentions, key=lambda m: m.start):
        p = place_of.get(m.ref)
        if wanted and wanted not in (m.text.casefold(), (p.name if p else "").casefold()):
            continue
        choice = a.choices.get(m.ref)
        record = {
            "text": m.text,
            "start": m.start,
            "end": m.end,
            "kind": str(m.kind),
            "place": p.name if p else None,
            "country": p.country if p else None,
            "confidence": p.confidence if p else None,
            "policy": choice.policy if choice else None,
            "how": "chosen by score" if choice else _how(m, p),
            "candidates": [],
        }
        if choice is not None:
            shown = [s for i, s in enumerate(choice.ranked) if i < top or s.match is choice.match]
            record["candidates"] = [_candidate(s, choice.match) for s in shown]
            record["candidates_total"] = len(choice.ranked)
            if choice.policy:
                record["how"] = f"overridden by the policy: {choice.policy}"
        out.append(record)
    return out


def explain(source: str | os.PathLike, *, place: str | None = None, top: int = TOP, **options) -> list[dict]:
    """Explain how each place of an article was chosen.

    Parameters
    ----------
    source : str or path-like or Article
        The article, as for :func:`geomap.geoparse`.
    place : str, optional
        Only the mentions of this place.
    top : int, default 5
        Candidates shown per mention.
    **options
        As for :func:`geomap.geoparse` (``profile``, ``gazetteer``, ``user_gazetteer``, ``fast``...).

    Returns
    -------
    list of dict
        See :func:`explain_analysis`.
    """
    return explain_analysis(analyse(source, **options), place=place, top=top)


def report(records: list[dict]) -> str:
    """The explanation as readable text: each mention, then its candidates and their features."""
    lines = []
    for r in records:
        where = f"{r['place']} ({r['country']})" if r["place"] and r["country"] else r["place"] or "-"
        conf = f", confidence {r['confidence']}" if r["confidence"] is not None else ""
        lines.append(f"{r['text']!r} at {r['start']}-{r['end']} ({r['kind']}) -> {where}{conf}: {r['how']}")
        for c in r["candidates"]:
            mark = "*" if c["chosen"] else " "
            where = ", ".join(x for x in (c["admin1"], c["country"]) if x)
            terms = " ".join(f"{k}={v:+g}" for k, v in c["features"].items())
            lines.append(f"  {mark} {c['score']:7.3f}  {c['name']} [{c['feature']}, {where}] as {c['matched_as']}")
            lines.append(f"             {terms}")
        more = r.get("candidates_total", 0) - len(r["candidates"])
        if more > 0:
            lines.append(f"    ... and {more} more candidate{'s' * (more > 1)}")
    return "\n".join(lines)
