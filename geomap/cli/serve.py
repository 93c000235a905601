"""``geomap serve``: a web page and a JSON API over the pipeline, on this machine by default."""

from __future__ import annotations

import argparse
import re
import sys

from ..errors import MissingExtra
from .options import command, common

#: what the command needs beyond geomap itself: modules, or (module, the package pip installs it from)
NEEDS = ("starlette", "uvicorn", ("python_multipart", "python-multipart"))
_ORIGIN = re.compile(r"\Ahttps?://[^/\s]+\Z")


def add(sub: argparse._SubParsersAction) -> None:
    """Add the command to the parser's subcommands."""
    from ..serve.config import ServeConfig, default_workers

    d = ServeConfig()
    p = command(
        sub,
        "serve",
        help="a web page and a JSON API: paste a story, get its map (needs the 'serve' extra)",
        description="Serve a page (paste a story or drop .txt files, get the annotated map, the places and "
        "downloads) and a JSON API (/api/geoparse, /api/map, /api/batch; described at /docs). Each worker "
        "process loads the model once; requests wait for a free worker without blocking each other.",
        examples="""  geomap serve                                  http://127.0.0.1:8000/ (this machine only)
  geomap serve --port 9000 --workers 1
  geomap serve --host 0.0.0.0 --cors https://newsroom.example.org   reachable from elsewhere (warned)""",
    )
    p.add_argument("--host", default=d.host, help="address to listen on (default: %(default)s, this machine only)")
    p.add_argument("--port", type=_port, default=d.port, help="port (default: %(default)s; 0: a free one)")
    p.add_argument(
        "--workers",
        type=_positive(int),
        default=default_workers(),
        metavar="N",
        help="worker processes, each with its own model (~300 MB) (default: %(default)s)",
    )
    p.add_argument(
        "--max-bytes",
        type=_positive(int),
        default=d.max_bytes,
        metavar="N",
        help="largest request body taken, in bytes; larger ones get 413 (default: %(default)s)",
    )
    p.add_argument(
        "--timeout",
        type=_positive(float),
        default=d.timeout,
        metavar="S",
        help="seconds a request may wait for its answer, queueing included; then 504 (default: %(default)g)",
    )
    p.add_argument(
        "--cors",
        action="append",
        type=_origin,
        metavar="ORIGIN",
        help="let pages from this origin (https://host[:port], or *) call the API; repeat for more "
        "(default: no CORS headers)",
    )
    common(p)


def _port(text: str) -> int:
    value = int(text) if text.isdigit() else -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"not a port: {text!r} (0 to 65535)")
    return value


def _positive(kind: type):
    def parse(text: str):
        try:
            value = kind(text)
        except ValueError:
            value = 0
        if not value > 0:
            raise argparse.ArgumentTypeError(f"not a positive number: {text!r}")
        return value

    parse.__name__ = kind.__name__
    return parse


def _origin(text: str) -> str:
    if text != "*" and not _ORIGIN.match(text):
        raise argparse.ArgumentTypeError(f"not an origin: {text!r} (scheme://host[:port], or *)")
    return text.rstrip("/")


def run(args: argparse.Namespace) -> None:
    """Run ``geomap serve`` until Ctrl-C or SIGTERM."""
    MissingExtra.check("geomap serve", "serve", *NEEDS)
    from ..serve import ServeConfig, serve

    config = ServeConfig(
        host=args.host,
        port=args.port,
        workers=args.workers,
        max_bytes=args.max_bytes,
        timeout=args.timeout,
        cors=tuple(args.cors or ()),
    )
    if not config.local:
        print(
            f"geomap: warning: listening on {config.host}, not only this machine: anyone who can reach it can use "
            "the server (there is no login); put it behind a reverse proxy (see the README)",
            file=sys.stderr,
        )

    def announce(line: str) -> None:
        if not args.quiet:
            print(f"geomap: {line}", file=sys.stderr, flush=True)

    serve(config, verbose=args.verbose, announce=announce)
