"""The ``geomap`` command: a thin layer over the Python API.

Data goes to standard output (so ``geomap export story.txt | jq`` works), messages to standard
error. Errors are one line and a non-zero exit code (see ``EXIT CODES`` in ``--help``).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import re
import sys
import time
from pathlib import Path

from . import __version__
from .errors import GeomapError, InputError
from .io import FORMATS

EXIT_CODES = """exit codes:
  0  success
  1  other error
  2  bad input: missing, unreadable or malformed article, gazetteer or profile; bad options
  3  the offline gazetteer or the language model cannot be opened
  4  an online geocoder failed
  5  an output file cannot be written, or exists (use --force)
  6  batch: some articles failed (listed on standard error; the others are written)
  130 interrupted (Ctrl-C)
  143 terminated (SIGTERM); a batch keeps what it finished: go on with --resume"""

_EXAMPLES = {
    "export": """examples:
  geomap export story.txt > story.geojson        GeoJSON to standard output
  geomap export story.txt -o story.gpkg          GeoPackage (format from the extension)
  geomap export story.txt -o places.csv --force  replace an existing file
  geomap export - < story.txt | jq '.features[].properties.place'""",
    "map": """examples:
  geomap map story.txt -o story.html             interactive map (tiles load online)
  geomap map story.txt --no-tiles -o story.html  no basemap tiles
  geomap map story.txt > story.html""",
    "places": """examples:
  geomap places story.txt                        a readable table of places and roles
  geomap places story.txt --evidence             with the sentence behind each role""",
    "batch": """examples:
  geomap batch news/ -o week.gpkg                all *.txt under news/, one GeoPackage
  geomap batch 'news/2024-03-*.txt' -o march.parquet --jobs 4
  geomap batch articles.jsonl -o places.geojsonl id, text, date per line; GeoJSON Sequence
  geomap batch news/ -o week.gpkg --resume       go on after an interruption
  geomap batch archive.csv --engine dask -o archive-places/            partitioned GeoParquet, local cluster
  geomap batch archive.csv --engine dask --scheduler tcp://10.0.0.5:8786 -o /shared/places/""",
    "gazetteer": """examples:
  geomap gazetteer build                         (re)build the offline gazetteer
  geomap gazetteer info                          where it is and what it holds""",
}


class _Parser(argparse.ArgumentParser):
    """argparse with no abbreviated options ("--form" is not "--format") and "did you mean" hints."""

    def __init__(self, *args, **kwargs):
        kwargs["allow_abbrev"] = False
        super().__init__(*args, **kwargs)

    def _option_strings(self) -> list[str]:
        """Every option of this parser and its subcommands."""
        found = list(self._option_string_actions)
        for action in self._actions:
            if isinstance(action, argparse._SubParsersAction):
                for sub in action.choices.values():
                    found += list(sub._option_string_actions)
        return found

    def error(self, message: str):
        """Print usage and the error with a suggestion for a near miss, and exit 2."""
        import difflib

        hint = ""
        choice = re.search(r"invalid choice: '([^']*)' \(choose from (.*)\)", message)
        if choice:
            options = re.findall(r"'?([\w.-]+)'?", choice.group(2))
            close = difflib.get_close_matches(choice.group(1), options, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
        elif "unrecognized arguments:" in message:
            for token in message.split(":", 1)[1].split():
                close = difflib.get_close_matches(token.split("=")[0], self._option_strings(), n=1)
                if token.startswith("-") and close:
                    hint = f" (did you mean {close[0]!r}?)"
                    break
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {message}{hint}\n")


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("-v", "--verbose", action="count", default=0, help="say more on standard error")
    p.add_argument("-q", "--quiet", action="store_true", help="say nothing but errors")


def _article_options(p: argparse.ArgumentParser, *, many: bool = False) -> None:
    what = "article text file (UTF-8; may start with 'date YYYY-MM-DD'), or - for standard input"
    if many:
        p.add_argument("article", nargs="+", help=what + "; several make one map")
    else:
        p.add_argument("article", help=what)
    p.add_argument("--id", help="article id (default: the file stem)")
    _fast_option(p)
    _pipeline_options(p)


def _fast_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--fast",
        action="store_true",
        help="fast mode: gazetteer matching only, no parser or NER (about 20x faster, less accurate; "
        "roles: incident site and area from the lead, the rest context)",
    )


def _pipeline_options(p: argparse.ArgumentParser) -> None:
    """Options of the pipeline itself, shared by every command that maps articles."""
    p.add_argument("--profile", help="role profile: incident (default), disaster, or a YAML file")
    _user_gazetteer_option(p)
    _geocoder_options(p)


def _user_gazetteer_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--gazetteer",
        metavar="FILE",
        help="your own places, added to or overriding the offline gazetteer: a CSV (name, lat, lon, aliases...) "
        "or any vector file GDAL reads (GeoJSON, GeoPackage, Shapefile...; any CRS)",
    )


def _geocoder_options(p: argparse.ArgumentParser) -> None:
    """Opt-in online geocoder options (see README, "Online geocoders")."""
    from .geocoders.online import PROVIDERS

    g = p.add_argument_group("online geocoder (opt-in; only for places the offline gazetteer cannot place)")
    g.add_argument("--geocoder", choices=list(PROVIDERS), help="ask this online geocoder (default: offline only)")
    g.add_argument("--geocoder-url", metavar="URL", help="a self-hosted service, e.g. http://localhost:8080")
    g.add_argument("--user-agent", metavar="UA", help="identify yourself to the service (default: $GEOMAP_USER_AGENT)")
    g.add_argument("--geocoder-key", metavar="KEY", help="API key (default: $GEOMAP_<NAME>_KEY, $GEOMAP_GEOCODER_KEY)")
    g.add_argument("--geocoder-cache", metavar="FILE", help="answers cache (default: under ~/.cache/geomap)")
    g.add_argument("--no-geocoder-cache", action="store_true", help="do not read or write the answers cache")
    g.add_argument("--geocoder-delay", type=float, metavar="S", help="seconds between requests (public services: 1)")
    g.add_argument("--geocoder-timeout", type=float, default=10.0, metavar="S", help="seconds to wait for an answer")


def _geocoder_spec(args) -> dict | None:
    """The online geocoder the options ask for, as plain values (``geocoder=`` of the pipeline), or None."""
    name = getattr(args, "geocoder", None)
    if not name:
        given = [o for o in ("geocoder_url", "user_agent", "geocoder_key", "geocoder_cache") if getattr(args, o, None)]
        if given:
            raise InputError(f"--{given[0].replace('_', '-')} needs --geocoder NAME")
        return None
    return {
        "name": name,
        "url": args.geocoder_url,
        "user_agent": args.user_agent,
        "key": args.geocoder_key,
        "timeout": args.geocoder_timeout,
        "delay": args.geocoder_delay,
        "cache": None if args.no_geocoder_cache else (args.geocoder_cache or True),
    }


def _geocoder(args):
    """The online geocoder the options ask for (checked now, before any article), or None."""
    spec = _geocoder_spec(args)
    if spec is None:
        return None
    from .geocoders.locate import as_geocoder

    return as_geocoder(spec)


def _output_options(p: argparse.ArgumentParser, what: str = "write here instead of standard output") -> None:
    p.add_argument("-o", "--output", metavar="FILE", help=what + " (- for standard output)")
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``geomap`` command."""
    fmt = argparse.RawDescriptionHelpFormatter
    parser = _Parser(
        prog="geomap",
        formatter_class=fmt,
        description="Map the places of a news story and their roles in it (offline).",
        epilog="examples:\n  geomap export story.txt > story.geojson\n  geomap map story.txt -o story.html\n"
        "  geomap places story.txt\n\n" + EXIT_CODES,
    )
    parser.add_argument("--version", action="version", version=f"geomap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "export",
        help="places table as GeoJSON (or GeoJSONSeq, GPKG, CSV, GeoParquet)",
        formatter_class=fmt,
        epilog=_EXAMPLES["export"] + "\n\n" + EXIT_CODES,
        description="Geoparse an article and write its places table.",
    )
    _article_options(p)
    _output_options(p)
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: from the extension of -o, else geojson)",
    )
    p.add_argument("--indent", type=int, default=None, help="pretty-print GeoJSON with this indent")
    p.add_argument(
        "--mentions",
        action="store_true",
        help="one row per mention instead (article, place, gazetteer_id, role, text, start, end, kind, point)",
    )
    _common(p)

    p = sub.add_parser(
        "map",
        help="annotated map: HTML (interactive), or PNG/SVG/PDF",
        formatter_class=fmt,
        epilog=_EXAMPLES["map"] + "\n\n" + EXIT_CODES,
        description="Geoparse one or more articles and draw their places on a map. Several articles make one "
        "map with a layer per story and a time slider.",
    )
    _article_options(p, many=True)
    _output_options(p)
    p.add_argument(
        "--self-contained",
        action="store_true",
        help="a map that opens with no network at all (no tiles: an offline basemap of country outlines)",
    )
    p.add_argument("--no-tiles", action="store_true", help="no basemap tiles (the offline basemap instead)")
    p.add_argument("--fragment", action="store_true", help="an HTML snippet (<iframe srcdoc>) to paste in a page")
    _common(p)

    p = sub.add_parser(
        "places",
        help="a readable table of the places and their roles",
        formatter_class=fmt,
        epilog=_EXAMPLES["places"] + "\n\n" + EXIT_CODES,
        description="Geoparse an article and print its places.",
    )
    _article_options(p)
    p.add_argument("--evidence", action="store_true", help="show the sentence behind each role")
    _common(p)

    p = sub.add_parser(
        "batch",
        help="map many articles (files, folders, globs, JSONL/CSV) into one table, on all cores",
        formatter_class=fmt,
        epilog=_EXAMPLES["batch"] + "\n\n" + EXIT_CODES,
        description="Geoparse many articles in parallel into one places table with an 'article' column. "
        "Articles that fail are listed at the end; the others are written. An interrupted batch goes on "
        "where it stopped with --resume.",
    )
    p.add_argument(
        "inputs",
        nargs="+",
        metavar="INPUT",
        help="article files, folders (their *.txt), globs, tables of articles (.jsonl, .csv: text and optional "
        "id, date, title), or - for standard input",
    )
    _fast_option(p)
    _pipeline_options(p)
    _output_options(p, "the places table (format from the extension); default: GeoJSON to standard output")
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
    _common(p)

    p = sub.add_parser(
        "evaluate",
        help="geoparsing accuracy on a corpus with gold toponyms (recognition, resolution)",
        formatter_class=fmt,
        epilog="examples:\n  geomap evaluate ../shared/eval/geowebnews.jsonl\n"
        "  geomap evaluate ../shared/eval/trnews.jsonl -o trnews-docs.jsonl\n\n" + EXIT_CODES,
        description="Recognition precision/recall/F1 (exact and overlapping spans) and resolution accuracy "
        "within 161 km, mean and median error and AUC, end to end and given the gold spans, for the whole "
        "corpus and for its fixed dev and validation splits (Gritta et al. 2019).",
    )
    p.add_argument("corpus", help="JSON Lines: {id, text, toponyms: [{start, end, name, lat, lon}]}")
    _output_options(p, "per-document results (JSON Lines)")
    p.add_argument("--limit", type=int, help="only the first N documents")
    _fast_option(p)
    _user_gazetteer_option(p)
    _common(p)

    p = sub.add_parser(
        "evaluate-roles",
        help="score roles against a folder of gold files",
        formatter_class=fmt,
        epilog="examples:\n  geomap evaluate-roles data/roles-dev/gold\n"
        "  geomap evaluate-roles ../shared/articles/gold data/articles/gold data/roles-dev/gold\n"
        "  geomap evaluate-roles ../shared/articles/gold -o per-story.jsonl\n\n" + EXIT_CODES,
        description="Role precision, recall and F1 per role and micro-averaged over (place, role) pairs; "
        "a predicted role counts as right if it is in the gold roles or also_ok.",
    )
    p.add_argument(
        "gold_dir", nargs="+", help="folders of NAME.yaml gold files (articles: ../NAME.txt), scored as one set"
    )
    p.add_argument("--profile", help="role profile: incident (default), disaster, or a YAML file")
    _user_gazetteer_option(p)
    _fast_option(p)
    _output_options(p, "per-story results (JSON Lines) for error analysis")
    _common(p)

    p = sub.add_parser(
        "gazetteer",
        help="build or inspect the offline gazetteer",
        formatter_class=fmt,
        epilog=_EXAMPLES["gazetteer"] + "\n\n" + EXIT_CODES,
        description="The embedded offline gazetteer (GeoNames and Natural Earth data).",
    )
    p.add_argument("action", choices=["build", "info"])
    p.add_argument("--path", help="gazetteer file (default: $GEOMAP_GAZETTEER or the user cache)")
    _common(p)

    p = sub.add_parser(
        "completion",
        help="print a shell completion script (bash, zsh, fish)",
        formatter_class=fmt,
        description="Print a script that completes geomap's commands, options and files in your shell.",
        epilog='examples:\n  eval "$(geomap completion bash)"           in ~/.bashrc\n'
        '  eval "$(geomap completion zsh)"            in ~/.zshrc\n'
        "  geomap completion fish > ~/.config/fish/completions/geomap.fish",
    )
    p.add_argument("shell", choices=["bash", "zsh", "fish"])
    return parser


def _read_article(args):
    from .article import Article

    if args.article == "-":
        return Article.from_bytes(sys.stdin.buffer.read(), id=args.id or "stdin", source="standard input")
    return Article.from_file(args.article, id=args.id)


_log = logging.getLogger("geomap")


def _report_setup(args) -> None:
    """With -v: which gazetteer, model, profile and options the articles are mapped with."""
    if not _log.isEnabledFor(logging.INFO):
        return
    from .gazetteer import default_path
    from .nlp import DEFAULT_MODEL

    gaz = default_path()
    size = f"{gaz.stat().st_size / 1e6:.0f} MB" if gaz.is_file() else "not built yet"
    _log.info("gazetteer: %s (%s)", gaz, size)
    _log.info("model: %s", "none (fast mode: gazetteer matching only)" if args.fast else DEFAULT_MODEL)
    _log.info("profile: %s", args.profile or "incident")
    if args.gazetteer:
        _log.info("user gazetteer: %s", args.gazetteer)
    if getattr(args, "geocoder", None):
        _log.info("online geocoder: %s", args.geocoder)


def _geoparse(args, article=None):
    """Geoparse one article of the command line (``args.article`` unless given), reporting with -v."""
    from .pipeline import geoparse

    article = article if article is not None else _read_article(args)
    start = time.perf_counter()
    gdf = geoparse(
        article,
        profile=args.profile,
        user_gazetteer=args.gazetteer,
        geocoder=_geocoder(args),
        fast=args.fast,
    )
    _log.info("%s: %s in %.2f s", article.id, _n(len(gdf), "place"), time.perf_counter() - start)
    return gdf


def _emit(text: str, args) -> None:
    if args.output:
        from .io import atomic_write

        atomic_write(args.output, text, overwrite=args.force)
        if not args.quiet:
            print(f"geomap: wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)


def _cmd_export(args) -> None:
    from .frame import to_geojson
    from .io import format_for, write_table

    _report_setup(args)
    gdf = _geoparse(args)
    fmt = format_for(args.output, args.format) if args.output else (args.format or "geojson")
    if args.mentions:
        from .frame import mentions_table
        from .io import frame_text, write_frame

        table = mentions_table(gdf)
        if args.output:
            write_frame(table, args.output, fmt=fmt, overwrite=args.force)
            if not args.quiet:
                print(f"geomap: wrote {_n(len(table), 'mention')} to {args.output}", file=sys.stderr)
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
        from .io import geojson_lines

        sys.stdout.write(geojson_lines(gdf, rs=fmt == "geojsonseq"))
    elif fmt == "csv":
        from .io import flat_table, frame_text

        sys.stdout.write(frame_text(flat_table(gdf), "csv"))
    else:
        raise InputError(f"format {fmt!r} is binary: give a file with -o")


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _cmd_batch(args) -> None:
    from .batch import run_batch

    spec = _geocoder_spec(args)  # plain values: each worker builds its own geocoder from them
    if spec is not None:
        from .geocoders.locate import as_geocoder

        as_geocoder(spec)  # a bad option fails now, before any worker starts

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
    )
    if not args.quiet:
        where = f" to {result.output}" if result.output else ""
        skipped = f", {result.skipped} done before" if result.skipped else ""
        print(
            f"geomap: {_n(result.processed, 'article')} mapped{skipped}, {_n(result.places, 'place')} written{where}",
            file=sys.stderr,
        )
    if result.failures:
        shown = result.failures[:20]
        print(f"geomap: {_n(len(result.failures), 'article')} failed:", file=sys.stderr)
        for f in shown:
            print(f"  {f.article}: {f.error}", file=sys.stderr)
        if len(result.failures) > len(shown):
            print(f"  ... and {len(result.failures) - len(shown)} more", file=sys.stderr)
        raise SystemExit(6)


def _cmd_map(args) -> None:
    import pandas as pd

    _report_setup(args)
    frames = []
    for name in args.article:
        one = argparse.Namespace(**{**vars(args), "article": name, "id": args.id if len(args.article) == 1 else None})
        frames.append(_geoparse(args, _read_article(one)))
    gdf = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    if args.output and Path(args.output).suffix.lower() in (".png", ".svg", ".pdf"):
        from .image import render_image

        render_image(gdf, args.output, profile=args.profile, overwrite=args.force)
        if not args.quiet:
            print(f"geomap: wrote {args.output}", file=sys.stderr)
        return
    from .webmap import fragment, render

    m = render(
        gdf,
        profile=args.profile,
        tiles=None if args.no_tiles else "OpenStreetMap",
        self_contained=args.self_contained,
    )
    _emit(fragment(m) if args.fragment else m.get_root().render(), args)


def _cmd_places(args) -> None:
    from rich.console import Console
    from rich.table import Table

    _report_setup(args)
    gdf = _geoparse(args)
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


def _cmd_gazetteer(args) -> None:
    from .gazetteer import Gazetteer, default_path
    from .gazetteer.build import build

    path = Path(args.path) if args.path else default_path()
    if args.action == "build":
        build(path, verbose=not args.quiet)
        return
    if not path.is_file():
        print(f"no gazetteer at {path} yet; 'geomap gazetteer build' makes it", file=sys.stderr)
        raise SystemExit(3)
    names, features = Gazetteer(path).stats()
    print(f"{path}  ({path.stat().st_size / 1e6:.1f} MB, {names} names)")
    for feature, n in features.items():
        print(f"  {feature:8} {n}")


def _write_jsonl(args, records: list[dict]) -> None:
    """Per-item evaluation results to ``-o FILE`` (JSON Lines), if asked for."""
    if args.output:
        import json

        from .io import atomic_write

        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        atomic_write(args.output, lines, overwrite=args.force)


def _cmd_evaluate_roles(args) -> None:
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from .evaluation import evaluate_roles

    with Progress(console=Console(stderr=True), transient=True, disable=args.quiet) as bar:
        task = bar.add_task("stories", total=sum(len(list(Path(d).glob("*.yaml"))) for d in args.gold_dir) or None)
        report = evaluate_roles(
            args.gold_dir,
            profile=args.profile,
            progress=lambda _: bar.advance(task),
            fast=args.fast,
            user_gazetteer=args.gazetteer,
        )
    table = Table(title=f"roles on {len(report.stories)} stories ({', '.join(args.gold_dir)})", title_justify="left")
    for col in ("role", "precision", "recall", "F1", "predicted", "gold"):
        table.add_column(col, justify="left" if col == "role" else "right")
    for role, c in [*sorted(report.per_role.items()), ("micro", report.micro)]:
        recall, f1 = (f"{c.recall:.3f}", f"{c.f1:.3f}") if c.gold else ("-", "-")
        table.add_row(role, f"{c.precision:.3f}", recall, f1, str(c.tp + c.fp), str(c.gold))
    Console(highlight=False).print(table)
    right = sum(s["site_correct"] for s in report.stories)
    print(f"incident site right in {right}/{len(report.stories)} stories")
    _write_jsonl(args, report.stories)


def _cmd_evaluate(args) -> None:
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from .evaluation import evaluate_corpus

    path = Path(args.corpus)
    if not path.is_file():
        raise InputError(f"no such file: {args.corpus!r}")
    from .io import json_lines

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
    _write_jsonl(args, reports["documents"])


def _cmd_completion(args) -> None:
    import argcomplete

    sys.stdout.write(argcomplete.shellcode(["geomap"], shell=args.shell))


_COMMANDS = {
    "completion": _cmd_completion,
    "evaluate": _cmd_evaluate,
    "batch": _cmd_batch,
    "export": _cmd_export,
    "map": _cmd_map,
    "places": _cmd_places,
    "gazetteer": _cmd_gazetteer,
    "evaluate-roles": _cmd_evaluate_roles,
}


@contextlib.contextmanager
def _logging(args):
    """Send the package's messages to standard error, one line each; -q: errors only, -v: more, -vv: all.

    The ``geomap`` logger is left as it was found: ``main`` may run inside a notebook or a test.
    """
    log = logging.getLogger("geomap")
    saved = (log.level, log.propagate)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("geomap: %(message)s"))
    log.addHandler(handler)
    log.propagate = False
    levels = (logging.WARNING, logging.INFO, logging.DEBUG)
    log.setLevel(logging.ERROR if getattr(args, "quiet", False) else levels[min(getattr(args, "verbose", 0), 2)])
    try:
        yield
    finally:
        log.removeHandler(handler)
        log.setLevel(saved[0])
        log.propagate = saved[1]


def main(argv: list[str] | None = None) -> int:
    """Run the ``geomap`` command; returns the exit code."""
    parser = build_parser()
    if "_ARGCOMPLETE" in os.environ:  # the shell asks for completions (geomap completion SHELL)
        import argcomplete

        argcomplete.autocomplete(parser)
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return 2
    if getattr(args, "output", None) == "-":
        args.output = None  # "-o -": standard output, as without -o
    elif args.command == "map" and not args.output and sys.stdout.isatty():
        print("geomap: error: a map is HTML, not for a terminal: give -o FILE (or -o - to print it)", file=sys.stderr)
        return 2
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    start = time.perf_counter()
    try:
        with _logging(args):
            if getattr(args, "output", None) and args.command != "batch":  # batch checks with --resume in mind
                from .io import check_target

                check_target(args.output, args.force)  # before the work, not after it
            _COMMANDS[args.command](args)
            _log.info("done in %.2f s", time.perf_counter() - start)
    except GeomapError as exc:
        print(f"geomap: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except SystemExit as exc:
        return int(exc.code or 0)
    except KeyboardInterrupt:
        print("geomap: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        return 0
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
