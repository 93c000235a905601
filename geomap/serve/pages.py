"""The page a person uses: a form for a story, and the answer with its map, table, downloads and embed snippet.

Pages are Jinja2 templates (``templates/``) with autoescape on: a story, a headline, a file name
reach a template only as a variable, HTML-escaped where it is shown, and never as template
source. The map travels in the ``srcdoc`` attribute of a sandboxed iframe, escaped as any other
attribute value. Styles and the small script are served from ``static/``: nothing is loaded from
elsewhere, so the page works with no internet. Links are relative, so the pages work behind a
reverse proxy under any path.
"""

from __future__ import annotations

import asyncio
import re
from functools import lru_cache
from pathlib import Path, PurePath
from typing import Any

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles

from .._version import __version__
from ..article import Article
from ..errors import InputError
from ..profile import BUILTIN
from . import openapi, worker
from .api import run_job
from .inputs import MAX_ARTICLES, MAX_TITLE, ApiError, article, options
from .service import Answer

HERE = Path(__file__).resolve().parent
#: the answer page's downloads: (label, file name); the names are fixed, never taken from a story
DOWNLOADS = (
    ("GeoJSON", "places.geojson"),
    ("GeoPackage", "places.gpkg"),
    ("CSV", "places.csv"),
    ("PNG image", "map.png"),
    ("HTML map", "map.html"),
)
_MEDIA = {
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "csv": "text/csv; charset=utf-8",
    "png": "image/png",
    "html": "text/html; charset=utf-8",
}
_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,64}\Z")


@lru_cache(maxsize=1)
def _templates():
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=False,
    )


def _base(path: str) -> str:
    """The relative way from a page back to the app's root ("" at the top, "../../" two levels down)."""
    return "../" * max(0, path.count("/") - 1)


def render(name: str, path: str, code: int = 200, **values: Any) -> HTMLResponse:
    """A page from its template, with HTTP status ``code``; every value is escaped where the template shows it."""
    page = _templates().get_template(name).render(base=_base(path), version=__version__, **values)
    return HTMLResponse(page, status_code=code)


def is_page(path: str) -> bool:
    """True for the paths a browser opens, whose errors are pages rather than JSON."""
    return path in ("/", "/map", "/docs") or path.startswith("/result/")


def error_page(status: int, message: str, path: str = "/") -> HTMLResponse:
    """An error as a page."""
    return render("error.html", path, status, status=status, error=message)


def _form_values(form: FormData | None = None) -> dict:
    """The form's fields as the page shows them again (text only: a file is never echoed)."""

    def text(name: str) -> str:
        value = form.get(name) if form is not None else None
        return value if isinstance(value, str) else ""

    profile = text("profile")
    return {
        "text": text("text"),
        "date": text("date"),
        "title": text("title"),
        "profile": profile if profile in BUILTIN else BUILTIN[0],
        "fast": bool(text("fast")),
        "near": text("near"),
    }


def _index(request: Request, status: int = 200, error: str | None = None, form: FormData | None = None) -> Response:
    max_bytes = request.app.state.config.max_bytes
    return render(
        "index.html",
        request.url.path,
        status,
        form=_form_values(form),
        profiles=BUILTIN,
        max_title=MAX_TITLE,
        max_mb=f"{max_bytes / 1e6:g} MB" if max_bytes >= 100_000 else f"{max_bytes:,} bytes",
        error=error,
        status=status,
    )


async def index(request: Request) -> Response:
    """``GET /``: the form."""
    return _index(request)


def _file_id(name: str | None, n: int, seen: set[str]) -> str:
    """An uploaded story's id (its layer's name on the map): the file's stem, made unique."""
    stem = PurePath((name or "").replace("\\", "/")).stem.strip()[:100] or f"story {n}"
    ident, k = stem, 1
    while ident in seen:
        k += 1
        ident = f"{stem}~{k}"
    seen.add(ident)
    return ident


async def _stories(form: FormData) -> list[Article]:
    """The form's stories: the pasted text, then each file.

    The date and headline go with the pasted story, or with the one file when nothing is pasted.
    """
    text = form.get("text")
    if text is not None and not isinstance(text, str):
        raise ApiError(400, "text must be a form field, not a file")
    files = [f for f in form.getlist("files") if isinstance(f, UploadFile) and (f.filename or f.size)]
    if len(files) > MAX_ARTICLES:
        raise ApiError(422, f"at most {MAX_ARTICLES} files at once, not {len(files)}")
    fields = {k: v for k in ("date", "title") if isinstance(v := form.get(k), str)}
    pasted = bool(text and text.strip())
    if not pasted and not files:
        raise ApiError(400, "paste a story, or choose one or more .txt files")
    stories, seen = [], set()
    if pasted:
        stories.append(article({"text": text, **fields}, id="story", where=""))
        seen.add("story")
    for n, upload in enumerate(files, start=1):
        ident = _file_id(upload.filename, n, seen)
        try:
            story = Article.from_bytes(await upload.read(), id=ident, source=f"the file {upload.filename!r}")
        except InputError as exc:
            raise ApiError(400, str(exc)) from None
        if not pasted and len(files) == 1:
            story = article({"text": story.text, **fields}, id=ident, where=f"the file {upload.filename!r}: ")
        stories.append(story)
    return stories


async def map_page(request: Request) -> Response:
    """``POST /map``: the form's stories mapped: the answer page (or the form again, with the error)."""
    config = request.app.state.config
    form = await request.form(max_files=MAX_ARTICLES, max_fields=20, max_part_size=config.max_bytes)
    try:
        stories = await _stories(form)
        fast_field = form.get("fast")
        near = form.get("near")
        opts = options({"profile": form.get("profile") or None, "fast": bool(fast_field), "near": near or None})
        answer = await run_job(request, worker.page_job, stories, opts)
    except ApiError as exc:
        return _index(request, exc.status, exc.message, form)
    finally:
        await form.close()
    token = request.app.state.answers.add(Answer(answer["geojson"], answer["html"], opts.profile))
    titles = {s.title for s in stories if s.title}
    heading = titles.pop() if len(stories) == 1 and titles else f"The places of {_stories_said(len(stories))}"
    return render(
        "result.html",
        request.url.path,
        heading=heading,
        rows=answer["rows"],
        articles=len(stories),
        profile=opts.profile,
        fast=opts.fast,
        near=opts.near,
        html=answer["html"],
        fragment=answer["fragment"],
        token=token,
        downloads=DOWNLOADS,
    )


def _stories_said(n: int) -> str:
    return "the story" if n == 1 else f"{n} stories"


async def download(request: Request) -> Response:
    """``GET /result/{token}/{name}``: a download of an answer page, made when first asked for."""
    token, name = request.path_params["token"], request.path_params["name"]
    if name not in {n for _, n in DOWNLOADS}:
        raise ApiError(404, f"no such download: {name[:40]!r}")
    answer = request.app.state.answers.get(token) if _TOKEN.match(token) else None
    if answer is None:
        raise ApiError(404, "this answer is no longer kept (answers are kept for an hour): map the story again")
    fmt = name.rsplit(".", 1)[1]
    if fmt == "geojson":
        body: bytes | str = answer.geojson
    elif fmt == "html":
        body = answer.html
    else:
        if fmt not in answer.converted:
            answer.converted[fmt] = await run_job(request, worker.convert_job, answer.geojson, fmt, answer.profile)
        body = answer.converted[fmt]
    headers = {"content-disposition": f'attachment; filename="geomap-{name}"', "cache-control": "private"}
    return Response(body, media_type=_MEDIA[fmt], headers=headers)


async def docs(request: Request) -> Response:
    """``GET /docs``: the API described by its OpenAPI schema, as a page (no script, nothing from elsewhere)."""
    spec = await asyncio.to_thread(openapi.schema)
    return render(
        "docs.html",
        request.url.path,
        info=spec["info"],
        endpoints=openapi.endpoints(spec),
        properties=openapi.feature_properties(spec),
        host=request.url.netloc,
    )


def routes() -> list[BaseRoute]:
    """The page's routes, and its local styles and script."""
    return [
        Route("/", index, methods=["GET"]),
        Route("/map", map_page, methods=["POST"]),
        Route("/result/{token}/{name}", download, methods=["GET"]),
        Route("/docs", docs, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=HERE / "static"), name="static"),
    ]
