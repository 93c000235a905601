"""What a request may ask for, checked before any work is queued: articles, profile, fast mode, home region.

The rules, the same for the JSON API and the page's form:

- **400 bad input**: a body that is not JSON (or not a JSON object), no ``text``, a ``text``
  that is not a string, is empty, holds a NUL character or a lone surrogate (not Unicode), or
  starts with a ``date`` line that is no date: the article itself cannot be read.
- **422 invalid fields**: an unknown field, a field of the wrong type, a ``date`` that is not
  ``YYYY-MM-DD``, a ``profile`` that is not one of the built-in ones. A profile is a name,
  never a path: the server reads no file a client names.

Each article is read by :meth:`geomap.article.Article.from_text`, the reading rule of every other
way in; a ``date`` or ``title`` field is used when the text has no date header or headline of its
own, as in ``geomap batch`` tables.
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any, NamedTuple

from ..article import NOT_TEXT, Article, iso_date
from ..errors import InputError
from ..profile import BUILTIN

#: the fields each request takes
ARTICLE_FIELDS = ("text", "date", "title")
GEOPARSE_FIELDS = (*ARTICLE_FIELDS, "profile", "fast", "near")
BATCH_FIELDS = ("articles", "profile", "fast", "near")
BATCH_ARTICLE_FIELDS = (*ARTICLE_FIELDS, "id")
#: the longest headline, article id and home region taken, and the most articles in one request
MAX_TITLE, MAX_ID, MAX_NEAR, MAX_ARTICLES = 500, 200, 200, 100


class Options(NamedTuple):
    """How a request's articles are mapped: a built-in profile, the fast mode, the home region (``near``)."""

    profile: str = "incident"
    fast: bool = False
    near: str | None = None


_JSON_TYPES = {str: "a string", int: "a number", float: "a number", bool: "true or false", list: "a list"}


class ApiError(Exception):
    """A request the server answers with an error: its HTTP status and a one-line message."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _kind(value: Any) -> str:
    """How JSON calls a value's type."""
    if value is None:
        return "null"
    return _JSON_TYPES.get(type(value), "an object")


def read_json(body: bytes) -> dict:
    """The request's JSON object.

    Raises
    ------
    ApiError
        400 if the body is empty, not UTF-8, not JSON, or not a JSON object.
    """
    if not body.strip():
        raise ApiError(400, 'the body is empty: send a JSON object such as {"text": "..."}')
    try:
        data = json.loads(body)
    except UnicodeDecodeError:
        raise ApiError(400, "the body is not UTF-8 text") from None
    except RecursionError:
        raise ApiError(400, "invalid JSON: nested too deeply") from None
    except ValueError as exc:
        raise ApiError(400, f"invalid JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ApiError(400, f"the body must be a JSON object, not {_kind(data)}")
    return data


def check_fields(data: dict, allowed: tuple[str, ...], where: str = "") -> None:
    """422 for a field the request does not take (a typo is an error, not silently ignored)."""
    unknown = [k for k in data if k not in allowed]
    if unknown:
        raise ApiError(422, f"{where}unknown field {unknown[0]!r} (fields: {', '.join(allowed)})")


def options(data: dict) -> Options:
    """The request's ``profile`` (a built-in name; default ``incident``), ``fast`` (default false) and ``near``.

    Raises
    ------
    ApiError
        422 for a profile that is not built in (a path included), a ``fast`` that is not a boolean,
        or a ``near`` that is not one line of text of at most :data:`MAX_NEAR` characters (whether
        the gazetteer knows it is the pipeline's to say: 400).
    """
    profile = data.get("profile")
    profile = "incident" if profile is None or profile == "" else profile
    if not isinstance(profile, str):
        raise ApiError(422, f"profile must be a string ({' or '.join(BUILTIN)}), not {_kind(profile)}")
    if profile not in BUILTIN:
        raise ApiError(
            422, f"unknown profile {profile[:100]!r}: the server offers the built-in profiles {', '.join(BUILTIN)}"
        )
    fast = data.get("fast", False)
    if fast is None:
        fast = False
    if not isinstance(fast, bool):
        raise ApiError(422, f"fast must be true or false, not {_kind(fast)}")
    near = data.get("near")
    if near is None or (isinstance(near, str) and not near.strip()):
        near = None
    elif not isinstance(near, str) or len(near) > MAX_NEAR or "\n" in near:
        raise ApiError(422, f"near must be a place name of at most {MAX_NEAR} characters ('Keene, NH')")
    return Options(profile, fast, near.strip() if near else None)


def _date(value: Any, where: str) -> str | None:
    """A ``date`` field: None, or an ISO date ``YYYY-MM-DD`` (422 otherwise)."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ApiError(422, f"{where}date must be a string YYYY-MM-DD, not {_kind(value)}")
    try:
        return iso_date(value.strip())
    except ValueError:
        raise ApiError(422, f"{where}date {value[:40]!r} is not a date YYYY-MM-DD") from None


def _title(value: Any, where: str) -> str | None:
    """A ``title`` field: None, or one line of text of at most :data:`MAX_TITLE` characters (422 otherwise)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ApiError(422, f"{where}title must be a string, not {_kind(value)}")
    if len(value) > MAX_TITLE or NOT_TEXT.search(value):
        raise ApiError(422, f"{where}title must be one line of text of at most {MAX_TITLE} characters")
    return " ".join(value.split())


def article(data: dict, *, id: str = "article", where: str = "") -> Article:
    """The article of a request's ``text``, ``date`` and ``title``.

    Parameters
    ----------
    data : dict
        The request (or one item of a batch's ``articles``).
    id : str, default "article"
        The article's id (the table's ``article`` column).
    where : str
        What to put before an error message ("articles[2]: ").

    Raises
    ------
    ApiError
        400 if the text is missing, not a string, or not an article (empty, a NUL character, a lone
        surrogate, a date header that is no date); 422 for a bad ``date`` or ``title``.
    """
    text = data.get("text")
    if text is None:
        raise ApiError(400, f'{where}no text: send the article as {{"text": "..."}}')
    if not isinstance(text, str):
        raise ApiError(400, f"{where}text must be a string (the article), not {_kind(text)}")
    date, title = _date(data.get("date"), where), _title(data.get("title"), where)
    try:
        art = Article.from_text(text, id=id)
    except InputError as exc:
        raise ApiError(400, f"{where}{exc}") from None
    if date and not art.date:
        art = dataclasses.replace(art, date=date)
    if title and not art.title:
        art = dataclasses.replace(art, title=title)
    return art


def geoparse_request(data: dict) -> tuple[list[Article], Options]:
    """The article and options of ``/api/geoparse`` and ``/api/map``."""
    check_fields(data, GEOPARSE_FIELDS)
    opts = options(data)
    return [article(data)], opts


def batch_request(data: dict) -> tuple[list[Article], Options]:
    """The articles and options of ``/api/batch``: ``{"articles": [{"text": ...}, ...], ...}``."""
    check_fields(data, BATCH_FIELDS)
    opts = options(data)
    items = data.get("articles")
    if items is None:
        raise ApiError(400, 'no articles: send {"articles": [{"text": "..."}, ...]}')
    if not isinstance(items, list):
        raise ApiError(422, f"articles must be a list of objects, not {_kind(items)}")
    if not items:
        raise ApiError(400, "articles is empty: send at least one article")
    if len(items) > MAX_ARTICLES:
        raise ApiError(422, f"at most {MAX_ARTICLES} articles in one request, not {len(items)}")
    articles, seen = [], set()
    for n, item in enumerate(items):
        where = f"articles[{n}]: "
        if not isinstance(item, dict):
            raise ApiError(422, f"{where}an article must be an object with text, not {_kind(item)}")
        check_fields(item, BATCH_ARTICLE_FIELDS, where)
        ident = item.get("id", str(n + 1))
        if not isinstance(ident, str) or not ident.strip() or len(ident) > MAX_ID or ident in seen:
            raise ApiError(422, f"{where}id must be a unique non-empty string of at most {MAX_ID} characters")
        seen.add(ident)
        articles.append(article(item, id=ident, where=where))
    return articles, opts
