"""The error handlers the app installs: how errors reach the client, as a status, a short
code and a message, never a traceback.

JSON clients get ``{"error", "message", "status", ...}``; browsers get the same as a page.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from goalgraph.authoring.errors import AuthoringError
from goalgraph.errors import (
    GoalgraphError,
    InputError,
    NotFoundError,
    QueryError,
    UnknownPeriodError,
)
from goalgraph.sparql.guard import ForbiddenOperationError
from goalgraph.sparql.pool import QueryBusyError, QueryTimeoutError, ResultTooLargeError
from goalgraph.store.edit import GraphContentError, UnsupportedFormatError
from goalgraph.store.protocol import StoreError

from .deps import WriteAuthError, get_lang
from .i18n import COOKIE, DEFAULT_LANG, LANGS
from .limits import BodyTooLargeError
from .negotiation import NotAcceptableError, negotiate
from .rendering import render_html, render_json
from .service import ValidationFailedError

log = logging.getLogger("goalgraph.api")

#: exception class → (HTTP status, error code); the first matching class wins.
ERRORS: tuple[tuple[type[Exception], int, str], ...] = (
    (NotFoundError, 404, "not-found"),
    (NotAcceptableError, 406, "not-acceptable"),
    (UnsupportedFormatError, 415, "unsupported-media-type"),
    (InputError, 400, "invalid-rdf"),
    (ForbiddenOperationError, 400, "forbidden-operation"),
    (QueryTimeoutError, 422, "query-timeout"),
    (ResultTooLargeError, 422, "result-too-large"),
    (QueryBusyError, 503, "busy"),
    (GraphContentError, 422, "not-a-municipality-graph"),
    (ValidationFailedError, 422, "validation-failed"),
    (AuthoringError, 422, "invalid-content"),
    (StoreError, 502, "store-unavailable"),
    (QueryError, 400, "query-error"),
    (PermissionError, 403, "read-only"),
    (BodyTooLargeError, 413, "too-large"),
    (GoalgraphError, 400, "bad-request"),
)
ERROR_CODES = {
    400: "bad-request",
    401: "unauthorized",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    413: "too-large",
    415: "unsupported-media-type",
    422: "unprocessable",
}


def _lang(request: Request) -> str:
    lang = request.query_params.get("lang") or request.cookies.get(COOKIE)
    return lang if lang in LANGS else DEFAULT_LANG


def error_response(
    request: Request, status: int, code: str, message: str, **extra: Any
) -> Response:
    """An error in the format the client prefers (HTML for browsers, else JSON)."""
    lang = _lang(request)
    body = {"error": code, "message": message, "status": status, **extra}
    try:
        media = negotiate(request.headers.get("accept"), ("json", "html"))
    except NotAcceptableError:
        media = None
    if media is not None and media.name == "html":
        response = render_html(request, "error.html", lang, {"error": body}, status=status)
    else:
        response = render_json(request, body, lang, status=status)
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Bearer realm="goalgraph"'
    if status == 503:
        response.headers["Retry-After"] = "5"
    return response


async def _known(request: Request, exc: Exception) -> Response:
    for cls, status, code in ERRORS:
        if isinstance(exc, cls):
            extra: dict[str, Any] = {}
            if isinstance(exc, InputError):
                extra = {"line": exc.line, "column": exc.column}
            if isinstance(exc, ValidationFailedError):
                extra = {"report": exc.report}
            if isinstance(exc, NotAcceptableError):
                extra = {"available": exc.offered}
            message = str(exc) if not isinstance(exc, PermissionError) else str(exc.args[0])
            if isinstance(exc, AuthoringError):
                message, extra = _authoring(exc, _lang(request))
            return error_response(request, status, code, message, **extra)
    return await _unexpected(request, exc)


def _authoring(exc: AuthoringError, lang: str) -> tuple[str, dict[str, Any]]:
    """An authoring error's summary and issues (sheet, row, column) in ``lang``."""
    issues = [
        {
            "source": issue.source,
            "sheet": issue.sheet,
            "row": issue.row,
            "column": issue.column,
            "message": issue.message(lang),
            "message_sv": issue.message_sv,
            "message_en": issue.message_en,
            "location": issue.location(lang),
        }
        for issue in exc.issues
    ]
    return exc.to_text(lang), {"issues": issues}


async def _auth(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, WriteAuthError):  # registered for this class only
        raise exc
    code = "unauthorized" if exc.status == 401 else "forbidden"
    return error_response(request, exc.status, code, str(exc))


async def _http(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, StarletteHTTPException):  # registered for this class only
        raise exc
    status = exc.status_code
    message = str(exc.detail) if exc.detail else "error"
    if status == 404:
        message = "no such page or resource: " + request.url.path
    response = error_response(request, status, ERROR_CODES.get(status, "error"), message)
    for key, value in (exc.headers or {}).items():
        response.headers[key] = value
    return response


async def _validation(request: Request, exc: Exception) -> Response:
    if not isinstance(exc, RequestValidationError):  # registered for this class only
        raise exc
    details = [
        {
            "loc": list(e.get("loc", ())),
            "msg": str(e.get("msg", "")),
            "type": str(e.get("type", "")),
        }
        for e in exc.errors()
    ]
    parts = [f"{'.'.join(str(p) for p in d['loc'])}: {d['msg']}" for d in details]
    return error_response(
        request, 422, "invalid-parameters", "invalid request: " + "; ".join(parts), detail=details
    )


async def _period(request: Request, exc: Exception) -> Response:
    """An unknown period is a bad value of the ``period`` parameter (422), on every route."""
    if not isinstance(exc, UnknownPeriodError):  # registered for this class only
        raise exc
    detail = [{"loc": ["query", "period"], "msg": str(exc), "type": "value_error"}]
    period = {
        "asked": exc.asked,
        "municipality": exc.slug,
        "municipality_label": exc.municipality,
        "known": [{"id": local, "name": name} for local, name in exc.known],
    }
    message = "invalid request: query.period: " + str(exc)
    return error_response(request, 422, "invalid-parameters", message, detail=detail, period=period)


async def _unexpected(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(request, 500, "internal-error", "internal error; it has been logged")


def install(app: FastAPI) -> None:
    """Register the handlers on ``app``."""
    for cls, _status, _code in ERRORS:
        app.add_exception_handler(cls, _known)
    app.add_exception_handler(WriteAuthError, _auth)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(UnknownPeriodError, _period)
    app.add_exception_handler(Exception, _unexpected)


__all__ = ["ERRORS", "error_response", "get_lang", "install"]
