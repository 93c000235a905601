"""What the server's worker processes run: the model and gazetteer loaded once, then one job at a time.

Every function here runs in a worker of the process pool (:mod:`geomap.serve.service`), never
in the server's event loop, and takes and returns plain picklable values: articles in, text or
bytes out. Nothing here imports Starlette: a worker is a plain geomap process.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from ..article import Article
from .inputs import Options

#: set by :func:`init` in each worker: the barrier the warm-up meets at, and an error the load raised
_STATE: dict[str, Any] = {"barrier": None, "error": None}

#: one BLAS thread per worker: the workers already use the cores, and the model's small matrix products run
#: many times slower when two BLAS threads per process wait on each other (a user's setting is kept)
_ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")

#: a sentence of our own that the warm-up maps in both modes, so that the first request finds everything loaded
_WARM_TEXT = "A fire destroyed a warehouse in Lyon on Monday, and firefighters came from Geneva."


def init(parent: int, barrier: Any) -> None:
    """Set up a worker: one BLAS thread, exit with the server, ignore Ctrl-C, load the gazetteer, the model and folium.

    Parameters
    ----------
    parent : int
        The server's process id: the worker exits when that process is gone (even killed).
    barrier : multiprocessing.Barrier
        Where the warm-up jobs meet (:func:`warm`), one per worker.

    A failure is kept and raised by :func:`warm`, so the server reads the real error rather than
    a broken pool.
    """
    if "numpy" not in sys.modules:  # before numpy is imported: its BLAS reads these once
        for name in _ONE_THREAD:
            os.environ.setdefault(name, "1")
    from ..batch.engines import _watch_parent

    _watch_parent(parent)  # and SIGINT ignored: the server stops its workers itself
    _STATE["barrier"] = barrier
    try:
        _load()
    except BaseException as exc:  # noqa: BLE001 - any failure is reported by warm()
        _STATE["error"] = exc


def _load() -> None:
    """Load once what every request needs, and run each path once so that nothing is loaded lazily later."""
    from ..gazetteer import Gazetteer
    from ..pipeline import geoparse
    from ..profile import BUILTIN, load_profile

    Gazetteer.open()
    for name in BUILTIN:
        load_profile(name)
    geoparse(_WARM_TEXT, fast=True)
    gdf = geoparse(_WARM_TEXT)
    from ..webmap import render

    render(gdf, self_contained=True).get_root().render()


def warm(timeout: float) -> int:
    """The warm-up job: raise the load's error, or meet the other workers; returns this worker's process id.

    Each worker blocks at the barrier until all have come, so the pool's ``N`` warm-up jobs run on
    ``N`` different workers: when they return, every worker has loaded.
    """
    if _STATE["error"] is not None:
        barrier = _STATE["barrier"]
        if barrier is not None:
            barrier.abort()
        raise _STATE["error"]
    if _STATE["barrier"] is not None:
        _STATE["barrier"].wait(timeout)
    return os.getpid()


def geoparse_job(articles: list[Article], opts: Options) -> str:
    """The articles' places table as GeoJSON text (as ``geomap export`` writes it)."""
    from ..table import to_geojson

    return to_geojson(_table(articles, opts))


def map_job(articles: list[Article], opts: Options) -> str:
    """The self-contained HTML map of the articles (as ``geomap map --self-contained``)."""
    from ..webmap import render

    return render(_table(articles, opts), profile=opts.profile, self_contained=True).get_root().render()


def page_job(articles: list[Article], opts: Options) -> dict:
    """Everything the answer page shows: GeoJSON, the self-contained map, its embed snippet, the places' rows."""
    from ..table import to_geojson
    from ..webmap import fragment, render

    gdf = _table(articles, opts)
    page = render(gdf, profile=opts.profile, self_contained=True).get_root().render()
    return {
        "geojson": to_geojson(gdf),
        "html": page,
        "fragment": fragment(page, title="Map of the story's places"),
        "rows": place_rows(gdf, opts.profile),
        "articles": len(articles),
    }


def convert_job(geojson: str, fmt: str, profile: str) -> bytes:
    """A places table given as GeoJSON text, in another form: ``gpkg``, ``csv`` or ``png``."""
    import json

    from ..table import flat_table, frame_text, from_geojson_dict, write_table

    gdf = from_geojson_dict(json.loads(geojson))
    if fmt == "csv":
        return frame_text(flat_table(gdf), "csv").encode("utf-8")
    with tempfile.TemporaryDirectory(prefix="geomap-serve-") as folder:
        path = Path(folder) / f"places.{fmt}"
        if fmt == "png":
            from ..image import render_image

            render_image(gdf, path, profile=profile)
        else:
            write_table(gdf, path, fmt=fmt)
        return path.read_bytes()


def _table(articles: list[Article], opts: Options):
    """The places table of the articles, the model batched over them."""
    from ..pipeline import geoparse_many

    return geoparse_many(articles, profile=opts.profile, fast=opts.fast, near=opts.near)


def place_rows(gdf, profile: str) -> list[dict]:
    """The places table as the answer page lists it: plain text values, never markup; the site first.

    Each row: ``article``, ``place``, ``role`` (the profile's label), ``role_name``, ``colour``,
    ``evidence`` as three pieces (the sentence before the mention, the mention, after it) so that
    a template can escape each and mark the mention, and ``lat``/``lon`` (None when unlocated).
    """
    from ..profile import load_profile

    prof = load_profile(profile)
    labels = {r.name: (r.label, r.color) for r in prof.roles}
    rows = []
    for row in gdf.itertuples(index=False):
        geom = row.geometry
        located = geom is not None and not geom.is_empty
        label, colour = labels.get(row.role, (row.role, "#666666"))
        rows.append(
            {
                "article": row.article,
                "place": row.place,
                "role": label,
                "role_name": row.role,
                "colour": colour,
                "evidence": _evidence(row.evidence, row.role),
                "lat": round(geom.y, 5) if located else None,
                "lon": round(geom.x, 5) if located else None,
            }
        )
    # the most important roles first, story by story
    stories = {a: n for n, a in enumerate(dict.fromkeys(r["article"] for r in rows))}
    return sorted(rows, key=lambda r: (stories[r["article"]], prof.order.get(r["role_name"], len(prof.roles))))


def _evidence(evidence: list | None, role: str) -> tuple[str, str, str] | None:
    """The sentence behind a place's primary role, split around its mention: (before, mention, after)."""
    items = [e for e in (evidence or []) if e.get("text")]
    if not items:
        return None
    from ..webmap.markers import evidence_parts

    ev = next((e for e in items if e.get("role") == role), items[0])
    if (parts := evidence_parts(ev)) is not None:
        return parts
    text, mention = ev["text"], ev.get("mention") or ""
    at = text.find(mention) if mention else -1  # offsets that disagree: the mention's first occurrence
    if at < 0:
        return (text, "", "")
    return (text[:at], mention, text[at + len(mention) :])
