"""One extracted statement of a draft, as a reviewer sees it (a row of the review sheet)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Extracted"]


@dataclass(frozen=True)
class Extracted:
    """One extracted statement, as a reviewer sees it."""

    kind: str  # goal, level, decision, body, case number, date, period, step
    text: str
    detail: str  # the level of a goal, the date of a decision, …
    confidence: float
    page: int | None
    line: int
    passage: str
    resource: str | None = None  # the draft's local id
