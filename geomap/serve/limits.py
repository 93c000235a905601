"""What every response is held to: the size of a request's body, and the headers that keep a page to itself.

Both are plain ASGI middleware, so they hold for every route, the JSON API and the page's form alike.
"""

from __future__ import annotations

from collections.abc import Callable

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: how the app answers an error: (path, status, message) -> response (JSON for the API, a page for the form)
ErrorResponder = Callable[[str, int, str], Response]

#: the headers of every response: no sniffing, no referrer, nothing loaded from elsewhere, framed only here.
#: Inline scripts and styles are allowed because the map travels inline (an ``<iframe srcdoc>`` keeps the
#: policy of its page); what the page shows from a story is HTML-escaped, never markup.
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "content-security-policy": (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; frame-src 'self' about: data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
    ),
}


class TooLarge(Exception):
    """The body of a request grew past the limit while it was read."""


class BodyLimit:
    """Refuse (413) a request whose body is over ``max_bytes``.

    By its Content-Length before reading anything, and by counting the bytes as they stream in (a
    chunked body has no length). The app never holds more than ``max_bytes`` of a body; the
    connection of a refused request is closed by the server, which goes on serving the others.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, respond: ErrorResponder):
        self.app, self.max_bytes, self.respond = app, max_bytes, respond

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on with its body counted, or answer 413."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "/")
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.strip().isdigit() or int(length) > self.max_bytes):
            bad = not length.strip().isdigit()
            message = "the Content-Length header is not a number" if bad else self._message()
            await self.respond(path, 400 if bad else 413, message)(scope, receive, send)
            return
        seen, started = 0, False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.max_bytes:
                    raise TooLarge
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except TooLarge:
            if started:
                raise
            await self.respond(path, 413, self._message())(scope, receive, send)

    def _message(self) -> str:
        return f"the request is over the server's limit of {self.max_bytes:,} bytes"


class SecurityHeaders:
    """Add :data:`SECURITY_HEADERS` to every response."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; its response gets the headers."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                present = {k.lower() for k, _ in headers}
                headers += [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items() if k.encode() not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)
