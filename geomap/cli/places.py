"""``geomap places``: a readable table of an article's places and their roles."""

from __future__ import annotations

import argparse
import sys

from .options import article_options, command, common, geoparse_article, report_setup


def add(sub: argparse._SubParsersAction) -> None:
    """Add the command to the parser's subcommands."""
    p = command(
        sub,
        "places",
        help="a readable table of the places and their roles",
        description="Geoparse an article and print its places.",
        examples="""  geomap places story.txt                        a readable table of places and roles
  geomap places story.txt --evidence             with the sentence behind each role""",
    )
    article_options(p)
    p.add_argument("--evidence", action="store_true", help="show the sentence behind each role")
    common(p)


def run(args: argparse.Namespace) -> None:
    """Run ``geomap places``."""
    from rich.console import Console
    from rich.table import Table

    report_setup(args)
    gdf = geoparse_article(args)
    console = Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 160)
    first = gdf.iloc[0] if len(gdf) else None
    head = args.article
    if first is not None:
        head = first["article"] + (f" ({first['date']})" if first["date"] else "")
    from rich.markup import escape

    table = Table(title=escape(f"{head}: {len(gdf)} places"), title_justify="left")
    for col, kw in (
        ("place", {}),
        ("roles", {}),
        ("feature", {}),
        ("country", {}),
        ("lat", {"justify": "right"}),
        ("lon", {"justify": "right"}),
        ("± km", {"justify": "right"}),
        ("conf", {"justify": "right"}),
        ("mentions", {}),
    ):
        table.add_column(col, **kw)
    for row in gdf.itertuples(index=False):
        g = row.geometry
        located = g is not None and not g.is_empty
        table.add_row(
            escape(row.place),
            ", ".join(row.roles),
            row.feature,
            row.country or "",
            f"{g.y:.4f}" if located else "-",
            f"{g.x:.4f}" if located else "-",
            f"{row.precision_km:g}" if located else "-",
            f"{row.confidence:.2f}",
            escape(", ".join(dict.fromkeys(m["text"] for m in row.mentions))),
        )
    console.print(table)
    if args.evidence:
        for row in gdf.itertuples(index=False):
            console.print(f"[bold]{escape(row.place)}[/bold]")
            for e in row.evidence:
                console.print(f"  {e['role']}: {escape(e['text'])}")
