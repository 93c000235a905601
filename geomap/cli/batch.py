"""``geomap batch``: map many articles into one table, on all cores."""

from __future__ import annotations

import argparse
import sys

from ..table.files import FORMATS
from .options import command, common, fast_option, geocoder, geocoder_spec, output_options, pipeline_options, plural


def add(sub: argparse._SubParsersAction) -> None:
    """Add the command to the parser's subcommands."""
    p = command(
        sub,
        "batch",
        help="map many articles (files, folders, globs, JSONL/CSV) into one table, on all cores",
        description="Geoparse many articles in parallel into one places table with an 'article' column. "
        "Articles that fail are listed at the end; the others are written. An interrupted batch goes on "
        "where it stopped with --resume.",
        examples="""  geomap batch news/ -o week.gpkg                all *.txt under news/, one GeoPackage
  geomap batch 'news/2024-03-*.txt' -o march.parquet --jobs 4
  geomap batch articles.jsonl -o places.geojsonl id, text, date per line; GeoJSON Sequence
  geomap batch news/ -o week.gpkg --resume       go on after an interruption
  geomap batch archive.csv --engine dask -o archive-places/            partitioned GeoParquet, local cluster
  geomap batch archive.csv --engine dask --scheduler tcp://10.0.0.5:8786 -o /shared/places/""",
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="article files, folders (their *.txt), globs, tables of articles (.jsonl, .csv: text and optional "
        "id, date, title), or - for standard input",
    )
    fast_option(p)
    pipeline_options(p)
    output_options(p, "the places table (format from the extension); default: GeoJSON to standard output")
    p.add_argument("--format", choices=FORMATS, help="output format")
    p.add_argument("--resume", action="store_true", help="skip the articles an earlier run of this output finished")
    p.add_argument("-j", "--jobs", type=int, metavar="N", help="worker processes (default: every core)")
    p.add_argument(
        "--engine",
        choices=["local", "dask"],
        default="local",
        help="local: a process pool on this machine (default); dask: a Dask cluster, writing partitioned GeoParquet",
    )
    p.add_argument("--scheduler", metavar="ADDRESS", help="Dask scheduler (tcp://host:8786); default: a local cluster")
    p.add_argument("--chunk-size", type=int, default=8, metavar="N", help="articles per unit of work (default 8)")
    common(p)


def run(args: argparse.Namespace) -> None:
    """Run ``geomap batch``."""
    from ..batch import run_batch

    geocoder(args)  # a bad option fails now, before any worker starts
    spec = geocoder_spec(args)  # plain values: each worker builds its own geocoder from them

    result = run_batch(
        args.inputs,
        args.output,
        fmt=args.format,
        engine=args.engine,
        jobs=args.jobs,
        scheduler=args.scheduler,
        resume=args.resume,
        overwrite=args.force,
        chunk_size=args.chunk_size,
        progress=not args.quiet,
        profile=args.profile,
        user_gazetteer=args.gazetteer,
        geocoder=spec,
        fast=args.fast,
        near=args.near,
    )
    if not args.quiet:
        where = f" to {result.output}" if result.output else ""
        skipped = f", {result.skipped} done before" if result.skipped else ""
        mapped, written = plural(result.processed, "article"), plural(result.places, "place")
        print(f"geomap: {mapped} mapped{skipped}, {written} written{where}", file=sys.stderr)
    if result.failures:
        shown = result.failures[:20]
        print(f"geomap: {plural(len(result.failures), 'article')} failed:", file=sys.stderr)
        for f in shown:
            print(f"  {f.article}: {f.error}", file=sys.stderr)
        if len(result.failures) > len(shown):
            print(f"  ... and {len(result.failures) - len(shown)} more", file=sys.stderr)
        raise SystemExit(6)
