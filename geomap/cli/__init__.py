"""The ``geomap`` command: a thin layer over the Python API, one module per command (as rasterio's ``rio``).

Data goes to standard output (so ``geomap export story.txt | jq`` works), messages to standard
error. Errors are one line and a non-zero exit code (see ``EXIT CODES`` in ``--help``); the
library's messages name Python parameters, and :func:`geomap.cli.messages.cli_message` says them
as the options that set them.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import re
import sys
import time

from .._version import __version__
from ..errors import GeomapError
from . import batch, completion, evaluate, evaluate_roles, explain, export, gazetteer, places, serve
from . import map as map_command
from .messages import cli_message
from .options import EXIT_CODES, _log

#: the commands, in the order ``--help`` lists them: each module has ``add(subparsers)`` and ``run(args)``
COMMANDS = {
    "export": export,
    "map": map_command,
    "places": places,
    "explain": explain,
    "batch": batch,
    "serve": serve,
    "evaluate": evaluate,
    "evaluate-roles": evaluate_roles,
    "gazetteer": gazetteer,
    "completion": completion,
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


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``geomap`` command."""
    parser = _Parser(
        prog="geomap",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Map the places of a news story and their roles in it (offline).",
        epilog="examples:\n  geomap export story.txt > story.geojson\n  geomap map story.txt -o story.html\n"
        "  geomap places story.txt\n\n" + EXIT_CODES,
    )
    parser.add_argument("--version", action="version", version=f"geomap {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for module in COMMANDS.values():
        module.add(sub)
    return parser


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
                from ..table.files import check_target

                check_target(args.output, args.force)  # before the work, not after it
            COMMANDS[args.command].run(args)
            _log.info("done in %.2f s", time.perf_counter() - start)
    except GeomapError as exc:
        print(f"geomap: error: {cli_message(exc)}", file=sys.stderr)
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
