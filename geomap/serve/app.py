"""The Starlette app and the uvicorn server that runs it.

:func:`create_app` builds the app (routes, limits, CORS only when asked, the worker pool started
and stopped with the app's lifespan); :func:`serve` binds the address, runs it, and stops it on
Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import contextlib
import logging
import socket
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response

from ..errors import GeomapError
from . import api, pages
from .config import ServeConfig
from .inputs import ApiError
from .limits import BodyLimit, SecurityHeaders
from .service import Answers, Service

_log = logging.getLogger("geomap")


def error_response(path: str, status: int, message: str) -> Response:
    """An error as the client reads it: JSON ``{"error": ...}`` for the API, a page for a browser's form."""
    if pages.is_page(path):
        return pages.error_page(status, message, path)
    return api.error(status, message)


async def _api_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ApiError)
    return error_response(request.url.path, exc.status, exc.message)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    response = error_response(request.url.path, exc.status_code, str(exc.detail))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


def create_app(config: ServeConfig | None = None, *, service: Service | None = None, start: bool = True) -> Starlette:
    """The geomap web app: the page, the JSON API, its OpenAPI description.

    Parameters
    ----------
    config : ServeConfig, optional
        Limits, CORS origins and workers (default: ``geomap serve``'s defaults).
    service : Service, optional
        The worker pool (default: a new one of ``config.workers`` processes).
    start : bool, default True
        Start the workers with the app's lifespan (False: the app stays "loading", for tests).

    Returns
    -------
    starlette.applications.Starlette
        An ASGI app: run it with uvicorn (:func:`serve`) or any ASGI server, in one process.
    """
    config = config or ServeConfig()
    service = service or Service(config.workers, config.timeout)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if start:
            service.start()
        try:
            yield
        finally:
            await service.stop()

    middleware = [
        Middleware(SecurityHeaders),
        Middleware(BodyLimit, max_bytes=config.max_bytes, respond=error_response),
    ]
    if config.cors:
        middleware.append(
            Middleware(CORSMiddleware, allow_origins=list(config.cors), allow_methods=["GET", "POST"],
                       allow_headers=["content-type"], max_age=600)
        )  # fmt: skip
    middleware.append(Middleware(GZipMiddleware, minimum_size=1000))
    app = Starlette(
        routes=api.routes() + pages.routes(),
        middleware=middleware,
        exception_handlers={ApiError: _api_error, HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.state.config, app.state.service, app.state.answers = config, service, Answers()
    return app


def bind(host: str, port: int) -> socket.socket:
    """A socket bound to ``host:port`` (port 0: a free one), for the server to listen on.

    Raises
    ------
    GeomapError
        If the address cannot be used (in use, not this machine's, no permission).
    """
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
        sock = socket.socket(family, kind, proto)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
    except OSError as exc:
        raise GeomapError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.set_inheritable(True)
    return sock


def serve(config: ServeConfig, *, verbose: int = 0, announce=print) -> None:
    """Run the server until Ctrl-C or SIGTERM.

    Parameters
    ----------
    config : ServeConfig
        Where and how to serve.
    verbose : int
        1: uvicorn's messages and one line per request; 0: errors only.
    announce : callable
        Called with the line that says where the server listens.

    Raises
    ------
    GeomapError
        If the address cannot be used, or the workers cannot load the model or the gazetteer (then
        with that error's exit code).
    """
    import uvicorn

    sock = bind(config.host, config.port)
    host, port = sock.getsockname()[:2]
    fatal: list[BaseException] = []
    server: uvicorn.Server | None = None

    def stop(exc: BaseException) -> None:
        fatal.append(exc)
        if server is not None:
            server.should_exit = True

    service = Service(config.workers, config.timeout, on_ready=announce, on_fatal=stop)
    app = create_app(config, service=service)
    level = "info" if verbose else "warning"
    server = uvicorn.Server(
        uvicorn.Config(app, log_level=level, access_log=verbose > 0, timeout_graceful_shutdown=5, lifespan="on")
    )
    shown = f"[{host}]" if ":" in host else host
    announce(f"serving on http://{shown}:{port}/ ({config.workers} worker{'s' if config.workers > 1 else ''})")
    server.run(sockets=[sock])
    if fatal:
        exc = fatal[0]
        raise exc if isinstance(exc, GeomapError) else GeomapError(f"the workers could not load: {exc}")
