"""The unit of work, a chunk of articles, and the part it writes: a table file and its record.

A chunk's articles go through the pipeline together (the model over them in one ``nlp.pipe``
batch), and its rows become one part, ``part-XXXX.geojsonl`` (the local engine: geomap's
lossless GeoJSON, one place a line) or ``part-XXXX.parquet`` (the Dask engine, whose output is
its parts: a partitioned GeoParquet dataset), beside the record of the ids it finished
(``DONE/part-XXXX.json``). A part counts only once its record is written: an
interrupted chunk leaves nothing that counts as done, and ``resume`` skips what the records hold.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..article import Article
from ..errors import GeocoderError, GeocoderUnavailable, GeomapError
from .inputs import Failure

if TYPE_CHECKING:
    import geopandas as gpd

log = logging.getLogger("geomap.batch")

DONE = "_geomap_done"  # ids of finished articles, per part (a leading "_" hides it from parquet readers)
#: the file extension of a part, by engine
PART = {"local": ".geojsonl", "dask": ".parquet"}


@dataclass(frozen=True)
class ChunkReport:
    """What one chunk did: the articles finished, the rows written, the failures."""

    done: list[str]
    rows: int
    failures: list[Failure]


_STATE: dict = {}


def _pipeline_state(options: dict) -> dict:
    """The pipeline's keyword arguments, the profile and the user gazetteer loaded once per worker process."""
    key = json.dumps(options, sort_keys=True, default=str)
    if key not in _STATE:
        from ..geocoders import UserGazetteer
        from ..profile import load_profile

        opts = dict(options)
        opts["profile"] = load_profile(opts.get("profile"))
        if opts.get("user_gazetteer"):
            opts["user_gazetteer"] = UserGazetteer(opts["user_gazetteer"])
        _STATE.clear()
        _STATE[key] = opts
    return _STATE[key]


def process_chunk(articles: list[Article], options: dict, folder: str, *, part: str = PART["local"]) -> ChunkReport:
    """Map ``articles`` and write them as one part in ``folder``, a file of extension ``part``.

    This is the one function both engines run on their workers. ``options`` are keyword
    arguments of :func:`geomap.pipeline.analyse_many` given as plain values (profile name or
    path, gazetteer path, user gazetteer path, model...). An article that fails is reported,
    not raised. The part is written before the record of the finished ids, both atomically,
    so an interrupted chunk leaves nothing that counts as done.
    """
    import pandas as pd

    from ..pipeline import analyse_many
    from ..table import atomic_write, empty_frame, write_table

    failures: list[Failure] = []

    def failed(article: Article, exc: Exception) -> None:
        if isinstance(exc, GeocoderError) and not isinstance(exc, GeocoderUnavailable):
            raise exc  # a refused key or a bad configuration fails every article: stop the batch
        message = str(exc) if isinstance(exc, GeomapError) else f"{type(exc).__name__}: {exc}"
        failures.append(Failure(article.id, message))

    frames = [a.to_frame() for a in analyse_many(articles, on_error=failed, **_pipeline_state(options))]
    failed_ids = {f.article for f in failures}
    done = [a.id for a in articles if a.id not in failed_ids]
    frames = [f for f in frames if len(f)]
    table = pd.concat(frames, ignore_index=True) if frames else empty_frame()
    name = f"part-{uuid.uuid4().hex[:16]}"
    if len(table):
        write_table(table, Path(folder) / f"{name}{part}", overwrite=False)
    atomic_write(Path(folder) / DONE / f"{name}.json", json.dumps(done), overwrite=False)
    return ChunkReport(done, len(table), failures)


def done_ids(folder: Path) -> set[str]:
    """The ids of the articles the parts in ``folder`` hold (an unreadable record is left out, with a warning)."""
    ids: set[str] = set()
    for f in (folder / DONE).glob("part-*.json"):
        try:
            ids.update(json.loads(f.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            log.warning("ignoring the unreadable record %s", f)
    return ids


def read_parts(folder: Path) -> gpd.GeoDataFrame:
    """The rows of the finished parts in ``folder`` (those whose record of finished ids is written)."""
    from ..table import empty_frame, read_table

    done = {f.stem for f in (folder / DONE).glob("part-*.json")}
    parts = [p for p in sorted(folder.glob("part-*")) if p.stem in done and p.suffix in PART.values()]
    if not parts:
        return empty_frame()
    import pandas as pd

    return pd.concat([read_table(p) for p in parts], ignore_index=True)


def dataset_rows(folder: Path) -> int:
    """The rows of a partitioned GeoParquet dataset (the Dask engine's output); 0 if it has no part."""
    from ..table import read_table

    return len(read_table(folder)) if any(folder.glob("part-*.parquet")) else 0
