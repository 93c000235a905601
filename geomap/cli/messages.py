"""Library errors as the command line says them: options where the library names Python parameters.

The library's messages speak to Python callers ("pass overwrite=True to replace it"); the
``geomap`` command turns them into its own words at its boundary, in this one table.
"""

from __future__ import annotations

#: how the command line says what a library message names in Python: (the library's words, the command's)
CLI_WORDS = (
    ("pass overwrite=True", "use --force"),
    ("overwrite=True to start again", "--force to start again"),
    ("pass resume=True", "use --resume"),
    ("resume=True", "--resume"),
    ("or pass fmt=", "or --format"),
    ("(fmt='parquet')", "(--format parquet)"),
    ("(pass output=)", "(-o)"),
    ("pass it as output=", "give it with -o"),
    ("pass a file as output=", "give a file with -o"),
    ("scheduler= is for engine='dask'", "--scheduler is for --engine dask"),
    ("give its URL (url=)", "give its URL (--geocoder-url)"),
    ("needs an API key: key=KEY", "needs an API key: --geocoder-key KEY"),
    ("user_agent='", "--user-agent '"),
)


def cli_message(exc: BaseException) -> str:
    """An error's message as the command line says it: options where the library names parameters.

    >>> from geomap.errors import OutputError
    >>> cli_message(OutputError("'x.csv' exists; pass overwrite=True to replace it"))
    "'x.csv' exists; use --force to replace it"
    """
    text = str(exc)
    for library, command in CLI_WORDS:
        text = text.replace(library, command)
    return text
