"""The JSON API: the places of articles as GeoJSON or a map, ``/healthz``, ``/openapi.json``.

Every error is JSON, ``{"error": "one line"}``, with the status that says whose fault it is
(see :mod:`geomap.serve.inputs` and the OpenAPI description, :mod:`geomap.serve.openapi`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import BaseRoute, Route

from ..errors import GeomapError, InputError, ProfileError
from . import openapi, worker
from .inputs import ApiError, batch_request, geoparse_request, read_json
from .limits import SECURITY_HEADERS
from .service import Service

GEOJSON = "application/geo+json"


def error(status: int, message: str) -> JSONResponse:
    """An error answer: ``{"error": message}`` (and when to come back, for 503)."""
    headers = {"retry-after": "5"} if status == 503 else None
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def service(request: Request) -> Service:
    """The app's worker pool."""
    return request.app.state.service


async def run_job(request: Request, fn: Callable[..., Any], *args: Any) -> Any:
    """Run a job of :mod:`geomap.serve.worker` in the pool; the pipeline's own errors as API errors.

    An article the pipeline refuses (longer than the model reads) is 400; anything else that
    fails is 500 with its one-line message, never a traceback.
    """
    try:
        return await service(request).run(fn, *args)
    except InputError as exc:
        raise ApiError(400, str(exc)) from None
    except ProfileError as exc:
        raise ApiError(422, str(exc)) from None
    except GeomapError as exc:
        raise ApiError(500, str(exc)) from None
    except ApiError:
        raise
    except Exception as exc:  # a bug: still one line of JSON, never a traceback or a plain-text page
        raise ApiError(500, f"internal error: {type(exc).__name__}: {str(exc)[:200]}") from None


async def healthz(request: Request) -> Response:
    """200 ``{"status": "ready"}`` once every worker has loaded; 503 before (or when they could not load)."""
    pool = service(request)
    await pool.check()
    if not pool.ready:
        return error(503, pool.not_ready().message)
    return JSONResponse({"status": "ready", "workers": pool.workers})


async def geoparse(request: Request) -> Response:
    """``POST /api/geoparse``: one article's places as GeoJSON (as ``geomap export``)."""
    articles, opts = geoparse_request(read_json(await request.body()))
    text = await run_job(request, worker.geoparse_job, articles, opts)
    return Response(text, media_type=GEOJSON)


async def map_(request: Request) -> Response:
    """``POST /api/map``: one article's self-contained HTML map (as ``geomap map --self-contained``)."""
    articles, opts = geoparse_request(read_json(await request.body()))
    # the map runs its own script: opened from this origin, it runs sandboxed, with no access to the server's
    return HTMLResponse(
        await run_job(request, worker.map_job, articles, opts),
        headers={"content-security-policy": SECURITY_HEADERS["content-security-policy"] + "; sandbox allow-scripts"},
    )


async def batch(request: Request) -> Response:
    """``POST /api/batch``: the places of many articles as one FeatureCollection."""
    articles, opts = batch_request(read_json(await request.body()))
    text = await run_job(request, worker.geoparse_job, articles, opts)
    return Response(text, media_type=GEOJSON)


async def openapi_json(request: Request) -> Response:
    """``GET /openapi.json``: the API's description."""
    return JSONResponse(await asyncio.to_thread(openapi.schema))


def routes() -> list[BaseRoute]:
    """The API's routes."""
    return [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/api/geoparse", geoparse, methods=["POST"]),
        Route("/api/map", map_, methods=["POST"]),
        Route("/api/batch", batch, methods=["POST"]),
        Route("/openapi.json", openapi_json, methods=["GET"]),
    ]
