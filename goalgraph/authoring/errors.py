"""Errors of the authoring tools, each naming where the problem is: file, sheet, row, column.

Every problem in a workbook, CSV folder, YAML file or text document is collected as an
:class:`Issue` with a Swedish and an English message; :class:`AuthoringError` carries all of
them, so a user sees every mistake at once and nothing is imported half-way.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from goalgraph.errors import GoalgraphError


@dataclass(frozen=True)
class Issue:
    """One problem and its location; ``row`` is 1-based with the header as row 1."""

    source: str
    message_sv: str
    message_en: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def location(self, lang: str = "sv") -> str:
        """Where the problem is, e.g. ``mall.xlsx, blad "Mål", rad 5, kolumn "Nivå"``."""
        words = _WORDS[lang]
        parts = [self.source]
        if self.sheet is not None:
            parts.append(f'{words[0]} "{self.sheet}"')
        if self.row is not None:
            parts.append(f"{words[1]} {self.row}")
        if self.column is not None:
            parts.append(f'{words[2]} "{self.column}"')
        return ", ".join(parts)

    def message(self, lang: str = "sv") -> str:
        """The message in ``sv`` or ``en``."""
        return self.message_sv if lang == "sv" else self.message_en

    def to_text(self, lang: str = "sv") -> str:
        """Location and message on one line."""
        return f"{self.location(lang)}: {self.message(lang)}"


_WORDS = {"sv": ("blad", "rad", "kolumn"), "en": ("sheet", "row", "column")}


class AuthoringError(GoalgraphError):
    """Input that cannot be imported or extracted; holds every :class:`Issue` found."""

    def __init__(self, issues: Iterable[Issue]) -> None:
        self.issues = list(issues)
        if not self.issues:
            raise ValueError("an AuthoringError needs at least one issue")
        super().__init__(self.to_text("sv") + "\n" + self.to_text("en"))

    def to_text(self, lang: str = "sv") -> str:
        """A summary line and one line per issue."""
        count = len(self.issues)
        head = (
            f"{count} fel, inget har importerats:"
            if lang == "sv"
            else f"{count} error{'s' if count != 1 else ''}, nothing was imported:"
        )
        return "\n".join([head, *(f"  {i.to_text(lang)}" for i in self.issues)])

    def to_json(self) -> list[dict[str, Any]]:
        """The issues as JSON-serialisable dicts."""
        return [asdict(i) for i in self.issues]


class Collector:
    """Collects issues while reading; :meth:`raise_if_any` raises them together."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.issues: list[Issue] = []

    def add(
        self,
        sv: str,
        en: str,
        *,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        """Record one issue."""
        self.issues.append(Issue(self.source, sv, en, sheet, row, column))

    def raise_if_any(self) -> None:
        """Raise an :class:`AuthoringError` with every issue recorded so far."""
        if self.issues:
            raise AuthoringError(self.issues)
