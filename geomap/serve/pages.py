"""The page a person uses: a form for a story, and the answer with its map, table and downloads."""

from __future__ import annotations

import html

from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute


def is_page(path: str) -> bool:
    """True for the paths a browser's form posts to, whose errors are pages rather than JSON."""
    return path in ("/", "/map")


def error_page(status: int, message: str, path: str = "/") -> HTMLResponse:
    """An error as a page."""
    return HTMLResponse(f"<!doctype html><title>geomap: error</title><p>{html.escape(message)}</p>", status_code=status)


def routes() -> list[BaseRoute]:
    """The page's routes."""
    return []
