"""The JSON API: ``/healthz``, and the places of articles as GeoJSON or a map.

Every error is JSON, ``{"error": "one line"}``, with the status that says whose fault it is
(see :mod:`geomap.serve.inputs` and the OpenAPI description, :mod:`geomap.serve.openapi`).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route

from .service import Service


def error(status: int, message: str) -> JSONResponse:
    """An error answer: ``{"error": message}`` (and when to come back, for 503)."""
    headers = {"retry-after": "5"} if status == 503 else None
    return JSONResponse({"error": message}, status_code=status, headers=headers)


def _service(request: Request) -> Service:
    return request.app.state.service


async def healthz(request: Request) -> Response:
    """200 ``{"status": "ready"}`` once every worker has loaded; 503 before (or when they could not load)."""
    service = _service(request)
    if not service.ready:
        return error(503, service.not_ready().message)
    return JSONResponse({"status": "ready", "workers": service.workers})


def routes() -> list[BaseRoute]:
    """The API's routes."""
    return [Route("/healthz", healthz, methods=["GET"])]
