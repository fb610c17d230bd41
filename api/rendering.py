"""Turning views into responses: JSON, server-rendered HTML (Jinja2, autoescaped) or RDF.

All text from the data goes through Jinja2's autoescaping; no template marks data as safe.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response
from jinja2 import Environment, FileSystemLoader, select_autoescape

from goalgraph.model.views import SDG_NOTATION
from goalgraph.namespaces import ID, SDG

from .i18n import COOKIE, EXAMPLE_QUERIES, translator
from .negotiation import MEDIA_TYPES, MediaType

TEMPLATES = Path(__file__).resolve().parent / "templates"
#: Pages run no script at all and load nothing from elsewhere; inline styles are allowed for
#: the official SDG colours in the embedded comparison report.
CSP = (
    "default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'self'; frame-ancestors 'self'; base-uri 'none'; "
    "form-action 'self'"
)


def href(iri: object) -> str | None:
    """The local path of a resource this service serves, or None (``/id/...``, ``/sdg/...``)."""
    text = str(iri)
    if text.startswith(str(ID)):
        return "/id/" + text[len(str(ID)) :]
    if text.startswith(str(SDG)):
        notation = text[len(str(SDG)) :]
        if SDG_NOTATION.match(notation):
            return f"/sdg/{notation}"
    return None


@cache
def environment() -> Environment:
    """The template environment (built on first use, not at import)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["href"] = href
    env.globals["examples"] = EXAMPLE_QUERIES
    return env


def url_with(request: Request, **params: str | None) -> str:
    """The current URL's path and query with some parameters replaced (None removes)."""
    query = dict(request.query_params)
    for key, value in params.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = value
    return request.url.path + (("?" + urlencode(query)) if query else "")


def _finish(response: Response, request: Request, lang: str) -> Response:
    response.headers["Content-Language"] = lang
    response.headers["Vary"] = "Accept, Cookie"
    if request.query_params.get("lang") == lang:
        response.set_cookie(COOKIE, lang, max_age=365 * 24 * 3600, samesite="lax")
    return response


def render_html(
    request: Request, template: str, lang: str, context: Mapping[str, Any], status: int = 200
) -> Response:
    """A server-rendered page."""
    other = "en" if lang == "sv" else "sv"
    page = (
        environment()
        .get_template(template)
        .render(
            {
                **context,
                "lang": lang,
                "t": translator(lang),
                "switch_url": url_with(request, lang=other),
                "format_url": lambda name: url_with(request, format=name),
                "path": request.url.path,
            }
        )
    )
    response = Response(page, status_code=status, media_type="text/html; charset=utf-8")
    response.headers["Content-Security-Policy"] = CSP
    return _finish(response, request, lang)


def render_json(request: Request, body: Any, lang: str, status: int = 200) -> Response:
    """A JSON body (UTF-8, not ASCII-escaped)."""
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _finish(Response(data, status_code=status, media_type="application/json"), request, lang)


def respond(
    request: Request,
    media: MediaType,
    lang: str,
    *,
    view: Any,
    template: str | None = None,
    context: Mapping[str, Any] | None = None,
    rdf: Callable[[str], bytes] | None = None,
    other: Mapping[str, Callable[[], bytes]] | None = None,
) -> Response:
    """Answer in the negotiated format: JSON, HTML (``template``), RDF (``rdf(media_type)``)
    or another named format from ``other``."""
    if media.name == "json":
        return render_json(request, view, lang)
    if media.name == "html" and template is not None:
        return render_html(request, template, lang, {"view": view, **(context or {})})
    if other and media.name in other:
        body = other[media.name]()
    elif rdf is not None:
        body = rdf(media.media_type)
    else:  # pragma: no cover - routes only offer formats they can write
        raise ValueError(f"no writer for {media.name}")
    media_type = media.media_type
    if media_type.startswith("text/") or media_type.endswith(("json", "xml")):
        media_type += "; charset=utf-8"
    return _finish(Response(body, media_type=media_type), request, lang)


def formats(offered: tuple[str, ...]) -> list[tuple[str, str]]:
    """Format names and media types for the "other formats" links of a page."""
    return [(n, MEDIA_TYPES[n].media_type) for n in offered if n != "html"]
