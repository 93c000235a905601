"""``geomap evaluate-roles``: role precision, recall and F1 against gold files."""

from __future__ import annotations

import argparse
from pathlib import Path

from .options import command, common, fast_option, output_options, user_gazetteer_option, write_jsonl


def add(sub: argparse._SubParsersAction) -> None:
    """Add the command to the parser's subcommands."""
    p = command(
        sub,
        "evaluate-roles",
        help="score roles against a folder of gold files",
        description="Role precision, recall and F1 per role and micro-averaged over (place, role) pairs; "
        "a predicted role counts as right if it is in the gold roles or also_ok.",
        examples="""  geomap evaluate-roles data/roles-dev/gold
  geomap evaluate-roles ../shared/articles/gold data/articles/gold data/roles-dev/gold
  geomap evaluate-roles ../shared/articles/gold -o per-story.jsonl""",
    )
    p.add_argument(
        "gold_dir", nargs="+", help="folders of NAME.yaml gold files (articles: ../NAME.txt), scored as one set"
    )
    p.add_argument("--profile", help="role profile: incident (default), disaster, or a YAML file")
    user_gazetteer_option(p)
    fast_option(p)
    output_options(p, "per-story results (JSON Lines) for error analysis")
    common(p)


def run(args: argparse.Namespace) -> None:
    """Run ``geomap evaluate-roles``."""
    from rich.console import Console
    from rich.progress import Progress
    from rich.table import Table

    from ..evaluation import evaluate_roles

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
    write_jsonl(args, report.stories)
