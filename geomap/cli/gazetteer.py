"""``geomap gazetteer``: build or inspect the offline gazetteer."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .options import command, common


def add(sub: argparse._SubParsersAction) -> None:
    """Add the command to the parser's subcommands."""
    p = command(
        sub,
        "gazetteer",
        help="build or inspect the offline gazetteer",
        description="The embedded offline gazetteer (GeoNames and Natural Earth data).",
        examples="""  geomap gazetteer build                         (re)build the offline gazetteer
  geomap gazetteer info                          where it is and what it holds""",
    )
    p.add_argument("action", choices=["build", "info"])
    p.add_argument("--path", help="gazetteer file (default: $GEOMAP_GAZETTEER or the user cache)")
    common(p)


def run(args: argparse.Namespace) -> None:
    """Run ``geomap gazetteer``."""
    from ..gazetteer import Gazetteer, default_path
    from ..gazetteer.build import build

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
