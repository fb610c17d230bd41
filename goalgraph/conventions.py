"""The conventions every room of goalgraph shares: how a municipality's slug and a resource's
local id look, the languages goalgraph has labels in, and the natural order of identifiers.

>>> bool(SLUG.match("nora")), bool(SLUG.match("Nora"))
(True, False)
>>> sorted(["goal-kf10", "goal-kf2"], key=natural_key)
['goal-kf2', 'goal-kf10']
"""

from __future__ import annotations

import re
from typing import Literal

from goalgraph.errors import GoalgraphError

#: A municipality's slug (``nora``, ``upplands-vasby``): the pattern, also for OpenAPI.
SLUG_TEXT = r"[a-z0-9]+(-[a-z0-9]+)*"
SLUG_PATTERN = f"^{SLUG_TEXT}$"
SLUG = re.compile(SLUG_PATTERN)
#: The longest slug a request may name.
SLUG_MAX_LENGTH = 64
#: The local part of a resource's IRI within its municipality (``goal-kf1``, ``doc.2024``).
LOCAL_ID_TEXT = r"[A-Za-z0-9][A-Za-z0-9._~-]*"
LOCAL_ID = re.compile(f"^{LOCAL_ID_TEXT}$")

Lang = Literal["sv", "en"]
#: The languages of labels and texts, the default first.
LANGUAGES: tuple[Lang, ...] = ("sv", "en")
DEFAULT_LANG: Lang = LANGUAGES[0]

_NUMBER = re.compile(r"(\d+)")


def check_lang(lang: str, error: type[GoalgraphError] = GoalgraphError) -> str:
    """``lang`` if goalgraph has labels in it, else ``error`` naming the languages."""
    if lang not in LANGUAGES:
        raise error(f"language must be one of {', '.join(LANGUAGES)}, not {lang!r}")
    return lang


def natural_key(text: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts ``goal-kf2`` before ``goal-kf10``."""
    return tuple((0, int(part)) if part.isdigit() else (1, part) for part in _NUMBER.split(text))
