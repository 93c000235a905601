"""The API's OpenAPI 3.1 description, written by hand (``/openapi.json``; ``/docs`` shows it as a page).

The fields of the requests are those :mod:`geomap.serve.inputs` checks, and the properties of a
Feature are the places table's columns (:data:`geomap.table.SCHEMA`), so neither is written twice.
"""

from __future__ import annotations

from functools import lru_cache

from .._version import __version__
from ..profile import BUILTIN
from .inputs import MAX_ARTICLES, MAX_ID, MAX_NEAR, MAX_TITLE

_TYPES = {
    "str": {"type": "string"},
    "str|null": {"type": ["string", "null"]},
    "float": {"type": ["number", "null"]},
    "int|null": {"type": ["integer", "null"]},
    "list": {"type": "array", "items": {"type": "object"}},
    "list[str]": {"type": "array", "items": {"type": "string"}},
}

_ERRORS = {
    "400": "bad input: a body that is not a JSON object; no text, a text that is not a string, is empty, "
    "holds a NUL character or is not Unicode, or starts with a date line that is no date",
    "413": "the body is over the server's limit (--max-bytes)",
    "422": "invalid fields: an unknown field, a field of the wrong type, a date that is not YYYY-MM-DD, "
    "a profile that is not built in",
    "503": "the workers are loading the model and the gazetteer (see Retry-After), or could not",
    "504": "no answer within the server's timeout (--timeout)",
}


def _article_fields() -> dict:
    return {
        "text": {
            "type": "string",
            "minLength": 1,
            "description": "the article (UTF-8 text; may start with a 'date YYYY-MM-DD' line and a headline); "
            "offsets in the answer index this text",
        },
        "date": {
            "type": ["string", "null"],
            "format": "date",
            "description": "the article's date, YYYY-MM-DD, when its text has no date line; dates such as "
            "'on Friday' are counted from it",
        },
        "title": {
            "type": ["string", "null"],
            "maxLength": MAX_TITLE,
            "description": "the headline, when the text has none of its own",
        },
    }


def _options() -> dict:
    return {
        "profile": {
            "type": "string",
            "enum": list(BUILTIN),
            "default": "incident",
            "description": "the built-in role profile (a name, never a file)",
        },
        "fast": {
            "type": "boolean",
            "default": False,
            "description": "fast mode: gazetteer matching only, no parser or NER (about 20x faster; roles: "
            "incident site and area from the lead, the rest context)",
        },
        "near": {
            "type": "string",
            "maxLength": MAX_NEAR,
            "description": "the publication's home region, a prior for a local story's places ('Texas', "
            "'Keene, NH'); what the text says still wins; a place the gazetteer does not know is 400",
        },
    }


def _schemas() -> dict:
    from ..table.schema import SCHEMA

    properties = {name: {**_TYPES.get(kind, {}), "description": text} for name, (kind, text) in SCHEMA.items()}
    article = {"type": "object", "required": ["text"], "additionalProperties": False, "properties": _article_fields()}
    return {
        "GeoparseRequest": {**article, "properties": {**_article_fields(), **_options()}},
        "BatchArticle": {
            **article,
            "properties": {
                **_article_fields(),
                "id": {
                    "type": "string",
                    "maxLength": MAX_ID,
                    "description": "the article's id in the answer's 'article' property (default: its position, "
                    "'1', '2'...); unique",
                },
            },
        },
        "BatchRequest": {
            "type": "object",
            "required": ["articles"],
            "additionalProperties": False,
            "properties": {
                "articles": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": MAX_ARTICLES,
                    "items": {"$ref": "#/components/schemas/BatchArticle"},
                },
                **_options(),
            },
        },
        "FeatureCollection": {
            "type": "object",
            "description": "RFC 7946 GeoJSON, as 'geomap export' writes it: one Feature per place",
            "properties": {
                "type": {"const": "FeatureCollection"},
                "features": {"type": "array", "items": {"$ref": "#/components/schemas/Feature"}},
            },
        },
        "Feature": {
            "type": "object",
            "properties": {
                "type": {"const": "Feature"},
                "geometry": {
                    "description": "a Point [lon, lat] (WGS 84), or null for a place nothing could locate",
                    "type": ["object", "null"],
                },
                "properties": {"type": "object", "properties": properties},
            },
        },
        "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "string"}}},
    }


def _post(summary: str, description: str, request: str, media: str, answer: str) -> dict:
    errors = {
        code: {"description": text, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for code, text in _ERRORS.items()
    }
    body = {"$ref": "#/components/schemas/FeatureCollection"} if media.endswith("json") else {"type": "string"}
    return {
        "post": {
            "summary": summary,
            "description": description,
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{request}"}}},
            },
            "responses": {"200": {"description": answer, "content": {media: {"schema": body}}}, **errors},
        }
    }


@lru_cache(maxsize=1)
def schema() -> dict:
    """The OpenAPI description of the API (built once)."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "geomap",
            "version": __version__,
            "description": "The places of a news article, located offline, each with its role in the story "
            'and the sentence that shows it. Errors are JSON {"error": "..."}.',
        },
        "paths": {
            "/api/geoparse": _post(
                "Places of one article",
                "Geoparse one article: its places table as GeoJSON, the same as 'geomap export'.",
                "GeoparseRequest",
                "application/geo+json",
                "the places, one Feature each",
            ),
            "/api/map": _post(
                "Map of one article",
                "The annotated map of one article as one self-contained HTML page (no network needed), "
                "the same as 'geomap map --self-contained'.",
                "GeoparseRequest",
                "text/html",
                "the map, an HTML page",
            ),
            "/api/batch": _post(
                "Places of many articles",
                "Geoparse several articles into one FeatureCollection (the 'article' property tells them apart); "
                "the model runs over them in batches.",
                "BatchRequest",
                "application/geo+json",
                "the places of every article",
            ),
            "/healthz": {
                "get": {
                    "summary": "Readiness",
                    "description": "200 once every worker has loaded the model and the gazetteer, 503 before.",
                    "responses": {"200": {"description": "ready"}, "503": {"description": "loading"}},
                }
            },
        },
        "components": {"schemas": _schemas()},
    }


def _type(prop: dict) -> str:
    """A property's type as the docs page says it ("string or null", "list of Feature")."""
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[1]
    if "enum" in prop:
        return " | ".join(map(str, prop["enum"]))
    kinds = prop.get("type", "any")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    said = " or ".join("list of " + _type(prop.get("items", {})) if k == "array" else k for k in kinds)
    return said + (", " + prop["format"] if "format" in prop else "")


def _resolve(spec: dict, ref: str) -> dict:
    return spec["components"]["schemas"][ref.rsplit("/", 1)[1]]


def _fields(spec: dict, schema: dict, prefix: str = "") -> list[dict]:
    """The fields of a request schema, a list's items spelled out after it ("articles[].text")."""
    out = []
    for name, prop in schema.get("properties", {}).items():
        out.append(
            {
                "name": prefix + name,
                "type": _type(prop),
                "required": name in schema.get("required", ()),
                "description": prop.get("description", ""),
            }
        )
        items = prop.get("items", {})
        if "$ref" in items:
            out += _fields(spec, _resolve(spec, items["$ref"]), f"{prefix}{name}[].")
    return out


def endpoints(spec: dict) -> list[dict]:
    """Each path and method of the description, with its request's fields and its responses, for the docs page."""
    out = []
    for path, methods in spec["paths"].items():
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            out.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "fields": _fields(spec, _resolve(spec, body["$ref"])) if body else [],
                    "responses": [
                        (code, r["description"] + (f" ({', '.join(r['content'])})" if code == "200" else ""))
                        if "content" in r
                        else (code, r["description"])
                        for code, r in op.get("responses", {}).items()
                    ],
                }
            )
    return out


def feature_properties(spec: dict) -> list[dict]:
    """The properties of a place (a Feature), for the docs page."""
    props = spec["components"]["schemas"]["Feature"]["properties"]["properties"]["properties"]
    return [{"name": k, "type": _type(v), "description": v.get("description", "")} for k, v in props.items()]
