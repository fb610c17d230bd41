"""Query parameters that name something in the data (a period, a dimension value, a goal
hierarchy): when they name nothing there, the answer is a 422 naming the parameter, what it
said and what it could have said, as FastAPI answers a malformed parameter."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from fastapi.exceptions import RequestValidationError

from goalgraph.errors import NotFoundError

T = TypeVar("T")


def invalid_parameter(name: str, message: str) -> RequestValidationError:
    """The 422 for the query parameter ``name`` (rendered by the app's error handler)."""
    return RequestValidationError(
        [{"loc": ("query", name), "msg": message, "type": "value_error", "input": None}]
    )


def resolving(name: str, resolve: Callable[[], T]) -> T:
    """``resolve()``; a :class:`NotFoundError` from it becomes the 422 for ``name``."""
    try:
        return resolve()
    except NotFoundError as exc:
        raise invalid_parameter(name, str(exc)) from exc
