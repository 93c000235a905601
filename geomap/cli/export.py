"""``geomap export``: geoparse an article and write its places table."""

from __future__ import annotations

import argparse
import sys

from ..errors import InputError
from ..table.files import FORMATS
from .options import article_options, command, common, geoparse_article, output_options, plural, report_setup


def add(sub: argparse._SubParsersAction) -> None:
    """Add the command to the parser's subcommands."""
    p = command(
        sub,
        "export",
        help="places table as GeoJSON (or GeoJSONSeq, GPKG, CSV, GeoParquet)",
        description="Geoparse an article and write its places table.",
        examples="""  geomap export story.txt > story.geojson        GeoJSON to standard output
  geomap export story.txt -o story.gpkg          GeoPackage (format from the extension)
  geomap export story.txt -o places.csv --force  replace an existing file
  geomap export - < story.txt | jq '.features[].properties.place'""",
    )
    article_options(p)
    output_options(p)
    p.add_argument("--format", choices=FORMATS, help="output format (default: from the extension of -o, else geojson)")
    p.add_argument("--indent", type=int, default=None, help="pretty-print GeoJSON with this indent")
    p.add_argument(
        "--mentions",
        action="store_true",
        help="one row per mention instead (article, place, gazetteer_id, role, text, start, end, kind, point)",
    )
    common(p)


def run(args: argparse.Namespace) -> None:
    """Run ``geomap export``."""
    from ..table import format_for, to_geojson, write_table

    fmt = format_for(args.output, args.format) if args.output else (args.format or "geojson")  # before any work
    report_setup(args)
    gdf = geoparse_article(args)
    if args.mentions:
        from ..table import frame_text, mentions_table, write_frame

        table = mentions_table(gdf)
        if args.output:
            write_frame(table, args.output, fmt=fmt, overwrite=args.force)
            if not args.quiet:
                print(f"geomap: wrote {plural(len(table), 'mention')} to {args.output}", file=sys.stderr)
        else:
            sys.stdout.write(frame_text(table, fmt))
        return
    if args.output:
        write_table(gdf, args.output, fmt=fmt, overwrite=args.force)
        if not args.quiet:
            print(f"geomap: wrote {len(gdf)} places to {args.output}", file=sys.stderr)
    elif fmt == "geojson":
        sys.stdout.write(to_geojson(gdf, indent=args.indent) + "\n")
    elif fmt in ("geojsonl", "geojsonseq"):
        from ..table import geojson_lines

        sys.stdout.write(geojson_lines(gdf, rs=fmt == "geojsonseq"))
    elif fmt == "csv":
        from ..table import flat_table, frame_text

        sys.stdout.write(frame_text(flat_table(gdf), "csv"))
    else:
        raise InputError(f"format {fmt!r} is binary: give a file with -o")
