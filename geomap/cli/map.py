"""``geomap map``: an annotated map of one or more articles: HTML, or PNG/SVG/PDF."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .options import (
    article_options,
    command,
    common,
    emit,
    geoparse_article,
    output_options,
    read_article,
    report_setup,
)


def add(sub: argparse._SubParsersAction) -> None:
    """Add the command to the parser's subcommands."""
    p = command(
        sub,
        "map",
        help="annotated map: HTML (interactive), or PNG/SVG/PDF",
        description="Geoparse one or more articles and draw their places on a map. Several articles make one "
        "map with a layer per story and a time slider.",
        examples="""  geomap map story.txt -o story.html             interactive map (tiles load online)
  geomap map story.txt --no-tiles -o story.html  no basemap tiles
  geomap map story.txt > story.html""",
    )
    article_options(p, many=True)
    output_options(p)
    p.add_argument(
        "--self-contained",
        action="store_true",
        help="a map that opens with no network at all (no tiles: an offline basemap of country outlines)",
    )
    p.add_argument("--no-tiles", action="store_true", help="no basemap tiles (the offline basemap instead)")
    p.add_argument("--fragment", action="store_true", help="an HTML snippet (<iframe srcdoc>) to paste in a page")
    common(p)


def run(args: argparse.Namespace) -> None:
    """Run ``geomap map``."""
    import pandas as pd

    report_setup(args)
    frames = []
    for name in args.article:
        one = argparse.Namespace(**{**vars(args), "article": name, "id": args.id if len(args.article) == 1 else None})
        frames.append(geoparse_article(args, read_article(one)))
    gdf = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    if args.output and Path(args.output).suffix.lower() in (".png", ".svg", ".pdf"):
        from ..image import render_image

        render_image(gdf, args.output, profile=args.profile, overwrite=args.force)
        if not args.quiet:
            print(f"geomap: wrote {args.output}", file=sys.stderr)
        return
    from ..webmap import fragment, render

    m = render(
        gdf,
        profile=args.profile,
        tiles=None if args.no_tiles else "OpenStreetMap",
        self_contained=args.self_contained,
    )
    emit(fragment(m) if args.fragment else m.get_root().render(), args)
