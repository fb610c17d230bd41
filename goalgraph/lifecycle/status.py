"""A goal's computed status as goalgraph reports it: each indicator's result against its target,
each goal's attainment and status in its rule's scale, and the report of one municipality and
year.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from goalgraph.errors import NotFoundError
from goalgraph.lifecycle import status_text
from goalgraph.lifecycle.assessments import Assessment, conflicts
from goalgraph.lifecycle.rules import Band


@dataclass(frozen=True)
class IndicatorResult:
    """An indicator's latest result up to the year, its target then and its attainment."""

    iri: str
    label: str
    unit: str | None
    kolada: str | None
    period: str | None
    value: float | None
    target: float | None
    baseline: float | None
    attainment: float | None
    source: str | None
    retrieved: str | None
    target_kind: str | None = None
    reference: float | None = None
    trend: str | None = None
    #: Why the result cannot be assessed, in Swedish and English.
    open_sv: str | None = None
    open_en: str | None = None
    #: The different values of two or more results for the same period.
    conflict: tuple[float, ...] = ()

    def open(self, lang: str) -> str | None:
        """Why the result cannot be assessed, in ``lang``."""
        return self.open_en if lang == "en" else self.open_sv


@dataclass(frozen=True)
class Part:
    """One part of a goal's roll-up: an indicator or an element below, with its weight."""

    iri: str
    kind: str  # "indicator" or "element"
    weight: float
    attainment: float | None


@dataclass(frozen=True)
class GoalResult:
    """The computed status of one chain element."""

    iri: str
    label: str
    number: str | None
    level: str | None
    rank: int
    attainment: float | None
    status: str
    band: Band
    rule: str | None
    parts: tuple[Part, ...]
    trend: str | None = None
    #: The municipality's assessments for the year (two or more that differ: a conflict).
    assessments: tuple[Assessment, ...] = ()
    #: Why the status is not computed, in Swedish and English.
    note_sv: str | None = None
    note_en: str | None = None

    @property
    def conflict(self) -> bool:
        """Whether two assessments for the year say different things."""
        return conflicts(list(self.assessments))

    def note(self, lang: str) -> str | None:
        """Why the status is not computed, in ``lang``."""
        return self.note_en if lang == "en" else self.note_sv


@dataclass
class StatusReport:
    """The status of every chain element of a municipality for a year, with the assessments
    of levels and whole sets of goals."""

    municipality: str
    year: int | None
    goals: list[GoalResult] = field(default_factory=list)
    indicators: dict[str, IndicatorResult] = field(default_factory=dict)
    #: Assessments of what is not a chain element (a level, the model, a document).
    set_assessments: list[Assessment] = field(default_factory=list)

    def goal(self, iri: str) -> GoalResult:
        """The result of one element."""
        for goal in self.goals:
            if goal.iri == iri:
                return goal
        raise NotFoundError(f"no status for {iri}")

    def to_json(self) -> dict[str, Any]:
        """A JSON-serialisable form."""
        return {
            "municipality": self.municipality,
            "year": self.year,
            "goals": [asdict(g) for g in self.goals],
            "indicators": [asdict(i) for i in self.indicators.values()],
            "assessments": [asdict(a) for a in self.set_assessments],
        }

    def to_markdown(self, lang: str = "sv") -> str:
        """A report: one row per element, the assessments, then the indicators with their
        sources."""
        return status_text.markdown(self, lang)

    def to_text(self, lang: str = "sv") -> str:
        """A plain-text list of the elements and their status, then the assessments."""
        return status_text.text(self, lang)


__all__ = ["GoalResult", "IndicatorResult", "Part", "StatusReport"]
