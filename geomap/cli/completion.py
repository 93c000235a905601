"""``geomap completion``: print a shell completion script."""

from __future__ import annotations

import argparse
import sys

from .options import command


def add(sub: argparse._SubParsersAction) -> None:
    """Add the command to the parser's subcommands."""
    p = command(
        sub,
        "completion",
        help="print a shell completion script (bash, zsh, fish)",
        description="Print a script that completes geomap's commands, options and files in your shell.",
        examples="""  eval "$(geomap completion bash)"           in ~/.bashrc
  eval "$(geomap completion zsh)"            in ~/.zshrc
  geomap completion fish > ~/.config/fish/completions/geomap.fish""",
    )
    p.add_argument("shell", choices=["bash", "zsh", "fish"])


def run(args: argparse.Namespace) -> None:
    """Run ``geomap completion``."""
    import argcomplete

    sys.stdout.write(argcomplete.shellcode(["geomap"], shell=args.shell))
