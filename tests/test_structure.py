"""The code's shape: small modules and functions, library messages in Python's words."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "geomap"
MODULES = sorted(p for p in PACKAGE.rglob("*.py"))
#: the longest module and function we accept (a data table may be longer: none is today)
MAX_MODULE_LINES, MAX_FUNCTION_LINES = 500, 60


def _functions(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            has_doc = isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant)
            start = body[1].lineno if has_doc and len(body) > 1 else body[0].lineno
            yield node.name, node.end_lineno - start + 1


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_modules_and_functions_are_small(path):
    text = path.read_text(encoding="utf-8")
    assert len(text.splitlines()) <= MAX_MODULE_LINES
    long = [(name, n) for name, n in _functions(ast.parse(text)) if n > MAX_FUNCTION_LINES]
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"


#: a command-line option in a message: "--force", "(-o)"
_OPTION = re.compile(r"(?:^|[\s(])(?:--[a-z]|-o\b)")


@pytest.mark.parametrize("path", [p for p in MODULES if "cli" not in p.relative_to(PACKAGE).parts])
def test_library_messages_name_parameters_not_options(path):
    # the command line says them as options (geomap.cli.messages.cli_message); Python users call with parameters
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Raise) and node.exc is not None:
            texts = [c.value for c in ast.walk(node.exc) if isinstance(c, ast.Constant) and isinstance(c.value, str)]
            assert not any(_OPTION.search(t) for t in texts), (path.name, node.lineno, texts)


def test_the_command_line_says_options_where_the_library_names_parameters():
    from geomap.cli.messages import CLI_WORDS, cli_message
    from geomap.errors import OutputError

    assert cli_message(OutputError("'x.csv' exists; pass overwrite=True to replace it")) == (
        "'x.csv' exists; use --force to replace it"
    )
    assert all(_OPTION.search(command) and not _OPTION.search(library) for library, command in CLI_WORDS)
