"""When a process step or a follow-up point recurs, and how that reads in Swedish or English.

The same three statements serve both (``gg:recurringMonth``, ``gg:timesPerYear``,
``gg:everyYear``): "KF i juni varje år", "tre gånger per år", "i delårsrapport och
årsredovisning varje år". The wording comes from ``templates/strings.json``.

>>> Recurrence(month=6).text("sv")
'juni varje år'
>>> Recurrence(times_per_year=3, every_year=True).text("en")
'3 times a year'
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph
from rdflib.term import Node

from goalgraph.namespaces import GG
from goalgraph.texts import strings

#: The statements that say when something recurs.
RECURRENCE_PREDICATES = (GG.recurringMonth, GG.timesPerYear, GG.everyYear)


@dataclass(frozen=True)
class Recurrence:
    """A yearly recurrence: in a month, a number of times a year, or every year."""

    month: int | None = None
    times_per_year: int | None = None
    every_year: bool = False

    def __bool__(self) -> bool:
        return self.month is not None or bool(self.times_per_year) or self.every_year

    def text(self, lang: str = "sv") -> str | None:
        """The recurrence in words ("juni varje år, 2 gånger per år"); None if it does not recur."""
        texts = strings(lang)
        parts = []
        if self.month is not None and 1 <= self.month <= 12:
            parts.append(texts["every_year"].format(month=texts["months"][self.month - 1]))
        if self.times_per_year:
            parts.append(texts["times_per_year"].format(n=self.times_per_year))
        if not parts and self.every_year:
            parts.append(texts["each_year"])
        return ", ".join(parts) or None


def read_flag(value: str | None) -> bool:
    """An ``xsd:boolean`` read from a query row: True for ``true`` or ``1``."""
    return value in ("true", "1")


def recurrence_of(graph: Graph, node: Node) -> Recurrence:
    """When ``node`` (a follow-up point or a process step) recurs, read from its description."""
    flag = graph.value(node, GG.everyYear)
    return Recurrence(
        number(graph.value(node, GG.recurringMonth)),
        number(graph.value(node, GG.timesPerYear)),
        read_flag(None if flag is None else str(flag)),
    )


def number(value: Node | None) -> int | None:
    """An integer literal as an int; None when unbound."""
    return None if value is None else int(str(value))
