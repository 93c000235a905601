"""``geomap serve``: a web page and a JSON API over the pipeline (Starlette and uvicorn).

==================  ==========================================================================
:mod:`.app`         the Starlette app (routes, limits, CORS), and the uvicorn server that runs it
:mod:`.service`     the worker pool (model and gazetteer loaded once per process), answers kept for download
:mod:`.worker`      what the worker processes run: plain geomap, no web code
:mod:`.inputs`      what a request may ask for, checked before any work is queued (400, 422)
:mod:`.limits`      the body size limit (413) and the security headers of every response
:mod:`.api`         ``/healthz`` and the JSON API
:mod:`.pages`       the page: a form, the answer with its map, table, downloads and embed snippet
:mod:`.config`      the server's settings and their defaults
==================  ==========================================================================

Needs the ``serve`` extra (``pip install 'geomap[serve]'``): Starlette, uvicorn and python-multipart.
"""

from __future__ import annotations

__all__ = ["ServeConfig", "create_app", "serve"]


def __getattr__(name: str):
    # lazy: the command line reads the defaults (.config) without importing Starlette
    if name in ("create_app", "serve"):
        from . import app

        return getattr(app, name)
    if name == "ServeConfig":
        from .config import ServeConfig

        return ServeConfig
    raise AttributeError(f"module 'geomap.serve' has no attribute {name!r}")
