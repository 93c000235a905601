"""What the commands share: options defined once, reading an article, geoparsing it, writing output."""

from __future__ import annotations

import argparse
import logging
import sys
import time

from ..errors import InputError

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


def command(
    sub: argparse._SubParsersAction, name: str, *, help: str, description: str, examples: str
) -> argparse.ArgumentParser:
    """A subcommand's parser, with its examples and the exit codes after its options."""
    epilog = f"examples:\n{examples}\n\n{EXIT_CODES}" if examples else EXIT_CODES
    return sub.add_parser(
        name, help=help, description=description, epilog=epilog, formatter_class=argparse.RawDescriptionHelpFormatter
    )


def common(p: argparse.ArgumentParser) -> None:
    """-v and -q."""
    p.add_argument("-v", "--verbose", action="count", default=0, help="say more on standard error")
    p.add_argument("-q", "--quiet", action="store_true", help="say nothing but errors")


def article_options(p: argparse.ArgumentParser, *, many: bool = False) -> None:
    """The article (or articles), its id, and the pipeline's options."""
    what = "article text file (UTF-8; may start with 'date YYYY-MM-DD'), or - for standard input"
    if many:
        p.add_argument("article", nargs="+", help=what + "; several make one map")
    else:
        p.add_argument("article", help=what)
    p.add_argument("--id", help="article id (default: the file stem)")
    fast_option(p)
    pipeline_options(p)


def fast_option(p: argparse.ArgumentParser) -> None:
    """--fast."""
    p.add_argument(
        "--fast",
        action="store_true",
        help="fast mode: gazetteer matching only, no parser or NER (about 20x faster, less accurate; "
        "roles: incident site and area from the lead, the rest context)",
    )


def pipeline_options(p: argparse.ArgumentParser) -> None:
    """Options of the pipeline itself, shared by every command that maps articles."""
    p.add_argument("--profile", help="role profile: incident (default), disaster, or a YAML file")
    p.add_argument(
        "--near",
        metavar="PLACE",
        help="the publication's home region, a prior for a local story's places: 'Texas', "
        "'Keene, New Hampshire', 'Richmond, BC' (what the text says still wins)",
    )
    user_gazetteer_option(p)
    geocoder_options(p)


def user_gazetteer_option(p: argparse.ArgumentParser) -> None:
    """--gazetteer FILE."""
    p.add_argument(
        "--gazetteer",
        metavar="FILE",
        help="your own places, added to or overriding the offline gazetteer: a CSV (name, lat, lon, aliases...) "
        "or any vector file GDAL reads (GeoJSON, GeoPackage, Shapefile...; any CRS)",
    )


class _Providers:
    """The online geocoders' names, looked up when argparse first needs them (help, completion, ``--geocoder``).

    Their module brings HTTP and certificate machinery that a command not asking for a geocoder
    never uses, so building the parser does not import it.
    """

    def _names(self) -> list[str]:
        from ..geocoders.online import PROVIDERS

        return list(PROVIDERS)

    def __contains__(self, name: object) -> bool:
        return name in self._names()

    def __iter__(self):
        return iter(self._names())


def geocoder_options(p: argparse.ArgumentParser) -> None:
    """Opt-in online geocoder options (see README, "Online geocoders")."""
    g = p.add_argument_group("online geocoder (opt-in; only for places the offline gazetteer cannot place)")
    g.add_argument(
        "--geocoder",
        choices=_Providers(),
        metavar="NAME",
        help="ask this online geocoder: %(choices)s (default: offline only)",
    )
    g.add_argument("--geocoder-url", metavar="URL", help="a self-hosted service, e.g. http://localhost:8080")
    g.add_argument("--user-agent", metavar="UA", help="identify yourself to the service (default: $GEOMAP_USER_AGENT)")
    g.add_argument("--geocoder-key", metavar="KEY", help="API key (default: $GEOMAP_<NAME>_KEY, $GEOMAP_GEOCODER_KEY)")
    g.add_argument("--geocoder-cache", metavar="FILE", help="answers cache (default: under ~/.cache/geomap)")
    g.add_argument("--no-geocoder-cache", action="store_true", help="do not read or write the answers cache")
    g.add_argument("--geocoder-delay", type=float, metavar="S", help="seconds between requests (public services: 1)")
    g.add_argument("--geocoder-timeout", type=float, default=10.0, metavar="S", help="seconds to wait for an answer")


def geocoder_spec(args: argparse.Namespace) -> dict | None:
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


def geocoder(args: argparse.Namespace):
    """The online geocoder the options ask for (checked now, before any article), or None."""
    spec = geocoder_spec(args)
    if spec is None:
        return None
    from ..geocoders.locate import as_geocoder

    return as_geocoder(spec)


def output_options(p: argparse.ArgumentParser, what: str = "write here instead of standard output") -> None:
    """-o FILE and --force."""
    p.add_argument("-o", "--output", metavar="FILE", help=what + " (- for standard output)")
    p.add_argument("--force", action="store_true", help="replace the output file if it exists")


def read_article(args: argparse.Namespace):
    """The article of the command line: a file, or standard input for ``-``."""
    from ..article import Article

    if args.article == "-":
        return Article.from_bytes(sys.stdin.buffer.read(), id=args.id or "stdin", source="standard input")
    return Article.from_file(args.article, id=args.id)


_log = logging.getLogger("geomap")


def report_setup(args: argparse.Namespace) -> None:
    """With -v: which gazetteer, model, profile and options the articles are mapped with."""
    if not _log.isEnabledFor(logging.INFO):
        return
    from ..gazetteer import default_path
    from ..nlp import DEFAULT_MODEL

    gaz = default_path()
    size = f"{gaz.stat().st_size / 1e6:.0f} MB" if gaz.is_file() else "not built yet"
    _log.info("gazetteer: %s (%s)", gaz, size)
    _log.info("model: %s", "none (fast mode: gazetteer matching only)" if args.fast else DEFAULT_MODEL)
    _log.info("profile: %s", args.profile or "incident")
    if args.gazetteer:
        _log.info("user gazetteer: %s", args.gazetteer)
    if getattr(args, "near", None):
        _log.info("home region: %s", args.near)
    if getattr(args, "geocoder", None):
        _log.info("online geocoder: %s", args.geocoder)


def geoparse_article(args: argparse.Namespace, article=None):
    """Geoparse one article of the command line (``args.article`` unless given), reporting with -v."""
    from ..pipeline import geoparse

    article = article if article is not None else read_article(args)
    start = time.perf_counter()
    gdf = geoparse(
        article,
        profile=args.profile,
        user_gazetteer=args.gazetteer,
        geocoder=geocoder(args),
        fast=args.fast,
        near=args.near,
    )
    _log.info("%s: %s in %.2f s", article.id, plural(len(gdf), "place"), time.perf_counter() - start)
    return gdf


def emit(text: str, args: argparse.Namespace) -> None:
    """Write text to ``-o FILE`` (atomically) or standard output."""
    if args.output:
        from ..table import atomic_write

        atomic_write(args.output, text, overwrite=args.force)
        if not args.quiet:
            print(f"geomap: wrote {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(text)


def plural(count: int, noun: str) -> str:
    """'1 place', '2 places'."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def write_jsonl(args: argparse.Namespace, records: list[dict]) -> None:
    """Per-item evaluation results to ``-o FILE`` (JSON Lines), if asked for."""
    if args.output:
        import json

        from ..table import atomic_write

        lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
        atomic_write(args.output, lines, overwrite=args.force)
