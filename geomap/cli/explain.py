"""``geomap explain``: why each mention became the place it did."""

from __future__ import annotations

import argparse
import json
import sys

from .options import article_options, command, common, emit, output_options, read_article, report_setup


def add(sub: argparse._SubParsersAction) -> None:
    """Add the command to the parser's subcommands."""
    p = command(
        sub,
        "explain",
        help="why each place was chosen: candidates and each feature's contribution",
        description="Geoparse an article and print, for each mention, its candidate places with each named "
        "feature's contribution to their score (weight x value, weights in geomap/resolve/weights.yaml), "
        "the winner, and any policy that overrode the best score.",
        examples="""  geomap explain story.txt                       every mention
  geomap explain story.txt --place Paris         the mentions of one place (or of one name)
  geomap explain story.txt --json | jq .         JSON Lines, one mention a line""",
    )
    article_options(p)
    p.add_argument("--place", metavar="NAME", help="only the mentions of this place or name")
    p.add_argument("--top", type=int, default=5, metavar="N", help="candidates shown per mention (default 5)")
    p.add_argument("--json", action="store_true", help="JSON Lines instead of a report")
    output_options(p)
    common(p)


def run(args: argparse.Namespace) -> None:
    """Run ``geomap explain``."""
    from ..explain import explain, report
    from .options import geocoder

    report_setup(args)
    records = explain(
        read_article(args),
        place=args.place,
        top=args.top,
        profile=args.profile,
        user_gazetteer=args.gazetteer,
        geocoder=geocoder(args),
        fast=args.fast,
        near=args.near,
    )
    if not records and args.place:
        print(f"geomap: no mention of {args.place!r}", file=sys.stderr)
    if args.json:
        emit("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), args)
    else:
        emit(report(records) + ("\n" if records else ""), args)
