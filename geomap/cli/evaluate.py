"""``geomap evaluate``: geoparsing accuracy on a corpus with gold toponyms."""

from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import InputError
from .options import command, common, fast_option, output_options, user_gazetteer_option, write_jsonl


def add(sub: argparse._SubParsersAction) -> None:
    """Add the command to the parser's subcommands."""
    p = command(
        sub,
        "evaluate",
        help="geoparsing accuracy on a corpus with gold toponyms (recognition, resolution)",
        description="Recognition precision/recall/F1 (exact and overlapping spans) and resolution accuracy "
        "within 161 km, mean and median error and AUC, end to end and given the gold spans, for the whole "
        "corpus and for its fixed dev and validation splits (Gritta et al. 2019).",
        examples="""  geomap evaluate ../shared/eval/geowebnews.jsonl
  geomap evaluate ../shared/eval/trnews.jsonl -o trnews-docs.jsonl""",
    )
    p.add_argument("corpus", help="JSON Lines: {id, text, toponyms: [{start, end, name, lat, lon}]}")
    output_options(p, "per-document results (JSON Lines)")
    p.add_argument("--limit", type=int, help="only the first N documents")
    fast_option(p)
    user_gazetteer_option(p)
    common(p)


def run(args: argparse.Namespace) -> None:
    """Run ``geomap evaluate``."""
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from ..evaluation import evaluate_corpus

    path = Path(args.corpus)
    if not path.is_file():
        raise InputError(f"no such file: {args.corpus!r}")
    from ..table import json_lines

    total = sum(1 for line in json_lines(path.read_text(encoding="utf-8")) if line.strip())
    with Progress(console=Console(stderr=True), transient=True, disable=args.quiet) as bar:
        task = bar.add_task("documents", total=min(total, args.limit or total))
        reports = evaluate_corpus(
            path, limit=args.limit, progress=lambda _: bar.advance(task), fast=args.fast, user_gazetteer=args.gazetteer
        )
    table = Table(title=f"{path.name}", title_justify="left")
    table.add_column("figure")
    parts = [k for k in ("all", "dev", "validation") if reports[k].docs]
    for k in parts:
        table.add_column(k, justify="right")
    summaries = {k: reports[k].summary() for k in parts}
    for key in summaries["all"]:
        table.add_row(key, *(str(summaries[k][key]) for k in parts))
    Console(highlight=False).print(table)
    write_jsonl(args, reports["documents"])
