"""The texts of diagrams, reports and status tables in Swedish and English, kept in
``goalgraph/templates/strings.json``."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any


@cache
def _all_strings() -> dict[str, dict[str, Any]]:
    text = resources.files("goalgraph").joinpath("templates/strings.json").read_text("utf-8")
    data: dict[str, dict[str, Any]] = json.loads(text)
    return data


def strings(lang: str) -> Mapping[str, Any]:
    """The interface texts in ``lang`` (``sv`` or ``en``)."""
    return _all_strings()[lang]
