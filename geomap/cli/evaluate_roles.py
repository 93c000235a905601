"""``geomap evaluate-roles``: role precision, recall and F1 against gold files."""

from __future__ import annotations

import argparse

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
  geomap evaluate-roles data/stories/gold --split dev   while changing rules: never read validation
  geomap evaluate-roles ../shared/articles/gold -o per-story.jsonl""",
    )
    p.add_argument(
        "gold_dir", nargs="+", help="folders of NAME.yaml gold files (articles: ../NAME.txt), scored as one set"
    )
    p.add_argument("--profile", help="role profile: incident (default), disaster, or a YAML file")
    p.add_argument(
        "--split",
        choices=["all", "dev", "validation"],
        default="all",
        help="score only this split's stories (a story folder's split.yaml; while rules change, run dev only)",
    )
    user_gazetteer_option(p)
    fast_option(p)
    output_options(p, "per-story results (JSON Lines) for error analysis")
    common(p)


def run(args: argparse.Namespace) -> None:
    """Run ``geomap evaluate-roles``."""
    from rich.console import Console
    from rich.progress import Progress

    from ..evaluation import evaluate_roles

    splits = None if args.split == "all" else [args.split]
    with Progress(console=Console(stderr=True), transient=True, disable=args.quiet) as bar:
        task = bar.add_task("stories", total=None)
        report = evaluate_roles(
            args.gold_dir,
            profile=args.profile,
            progress=lambda _: bar.advance(task),
            fast=args.fast,
            user_gazetteer=args.gazetteer,
            splits=splits,
        )
    console = Console(highlight=False)
    parts = [(s, report.part(s)) for s in report.splits]
    for name, part in parts if len(parts) > 1 else [(parts[0][0] if parts else "all", report)]:
        _print_part(console, f"{name}: {len(part.stories)} stories ({', '.join(args.gold_dir)})", part)
    write_jsonl(args, report.stories)


def _print_part(console, title: str, report) -> None:
    """One split's per-role table, its incident-site figures and its confusion table."""
    from rich.console import Console
    from rich.table import Table

    from ..evaluation.roles import ABSENT

    table = Table(title=title, title_justify="left")
    for col in ("role", "precision", "recall", "F1", "predicted", "gold"):
        table.add_column(col, justify="left" if col == "role" else "right")
    for role, c in [*sorted(report.per_role.items()), ("micro", report.micro)]:
        recall, f1 = (f"{c.recall:.3f}", f"{c.f1:.3f}") if c.gold else ("-", "-")
        table.add_row(role, f"{c.precision:.3f}", recall, f1, str(c.tp + c.fp), str(c.gold))
    console.print(table)
    right, n = sum(s["site_correct"] for s in report.stories), len(report.stories)
    console.print(f"incident site right in {right}/{n} stories; in a wrong country in {report.site_wrong_country}")
    strays, stories = report.strays
    console.print(f"stray markers (more than 1,000 km from where the gold puts them): {strays}, in {stories} stories")
    confusion = report.confusion()
    roles = sorted({g for g, _ in confusion} | {p for _, p in confusion}, key=lambda r: (r == ABSENT, r))
    matrix = Table(title="places by main role: gold (rows) x predicted (columns); - = not there", title_justify="left")
    matrix.add_column("gold \\ predicted")
    for r in roles:
        matrix.add_column(r, justify="right")
    for g in roles:
        matrix.add_row(g, *(str(confusion.get((g, p), "")) for p in roles))
    wide = Console(highlight=False, width=max(console.width, 18 + 15 * len(roles)))  # a row per line, even piped
    wide.print(matrix)
