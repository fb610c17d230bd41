"""Mandate periods and goal versions: what is valid when, what replaced what, and diffs.

When an element is valid on a day (its periods, dates, adopting decisions and successors) is
decided in :mod:`goalgraph.lifecycle.validity`.

A successor that is ``prov:wasRevisionOf`` the old element is a new version of the same goal
(reworded, renumbered or moved); a successor without it is a different goal that replaced it.
:func:`diff_periods` compares the goals of two mandate periods; :func:`as_of` and
:func:`as_of_store` give the graph as it stood on a day, for queries and diagrams.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, PROV
from rdflib.term import Node

from goalgraph.lifecycle.validity import (
    Interval,
    Period,
    as_of,
    as_of_store,
    element_interval,
    goals_in_period,
    is_valid_at,
    literal_bounds,
    parse_day,
    period_interval,
    periods,
    resolve_period,
    successors,
)
from goalgraph.lifecycle.validity import label_of as _label
from goalgraph.namespaces import GG, municipality_iri

__all__ = [
    "Change",
    "Interval",
    "Period",
    "PeriodDiff",
    "as_of",
    "as_of_store",
    "diff_periods",
    "element_interval",
    "goals_in_period",
    "is_valid_at",
    "literal_bounds",
    "parse_day",
    "period_interval",
    "periods",
    "resolve_period",
]


# --- diffs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One goal's change between two periods."""

    #: ``added``, ``removed``, ``replaced``, ``changed`` (a new version) or ``unchanged``.
    status: str
    #: For ``changed`` and ``replaced``: any of ``reworded``, ``renumbered``, ``moved``.
    kinds: tuple[str, ...]
    old: str | None
    new: str | None
    old_label: str | None
    new_label: str | None
    old_number: str | None
    new_number: str | None
    old_level: str | None
    new_level: str | None
    old_parents: tuple[str, ...] = ()
    new_parents: tuple[str, ...] = ()
    decision: str | None = None
    decision_label: str | None = None
    decision_date: str | None = None


@dataclass
class PeriodDiff:
    """What changed in a municipality's goals from one mandate period to the next."""

    municipality: str
    old_period: Period
    new_period: Period
    changes: list[Change] = field(default_factory=list)

    def count(self, status: str) -> int:
        """The number of changes with a status."""
        return sum(c.status == status for c in self.changes)

    def to_json(self) -> dict[str, Any]:
        """A JSON-serialisable form."""
        return {
            "municipality": self.municipality,
            "old_period": {"iri": self.old_period.iri, "label": self.old_period.label},
            "new_period": {"iri": self.new_period.iri, "label": self.new_period.label},
            "counts": {s: self.count(s) for s in _STATUSES},
            "changes": [asdict(c) for c in self.changes],
        }

    def to_text(self, lang: str = "sv") -> str:
        """A readable list of the changes in ``sv`` or ``en``."""
        words = _DIFF_WORDS[lang]
        lines = [
            f"{words['title']}: {self.old_period.label} → {self.new_period.label}",
            ", ".join(f"{words[s]}: {self.count(s)}" for s in _STATUSES),
        ]
        for change in self.changes:
            lines.append("")
            head = words[change.status]
            if change.kinds:
                head += " (" + ", ".join(words[k] for k in change.kinds) + ")"
            lines.append(f"[{head}] {change.new_number or change.old_number or ''}".rstrip())
            if change.old is not None:
                lines.append(f"  {words['old']}: {change.old_label} <{change.old}>")
            if change.new is not None:
                lines.append(f"  {words['new']}: {change.new_label} <{change.new}>")
            if "renumbered" in change.kinds:
                lines.append(f"  {words['number']}: {change.old_number} → {change.new_number}")
            if "moved" in change.kinds:
                if change.old_level != change.new_level:
                    lines.append(f"  {words['level']}: {change.old_level} → {change.new_level}")
                if change.old_parents != change.new_parents:
                    lines.append(
                        f"  {words['parents']}: {', '.join(change.old_parents) or '–'} → "
                        f"{', '.join(change.new_parents) or '–'}"
                    )
            if change.decision:
                lines.append(
                    f"  {words['decision']}: {change.decision_label or change.decision}"
                    + (f" ({change.decision_date})" if change.decision_date else "")
                )
        return "\n".join(lines) + "\n"


_STATUSES = ("added", "removed", "replaced", "changed", "unchanged")
_DIFF_WORDS: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Förändringar i målen",
        "added": "nytt",
        "removed": "borttaget",
        "replaced": "ersatt",
        "changed": "ny version",
        "unchanged": "oförändrat",
        "reworded": "ny lydelse",
        "renumbered": "nytt nummer",
        "moved": "flyttat",
        "old": "före",
        "new": "efter",
        "number": "nummer",
        "level": "nivå",
        "parents": "stödjer",
        "decision": "beslut",
    },
    "en": {
        "title": "Changes in the goals",
        "added": "added",
        "removed": "removed",
        "replaced": "replaced",
        "changed": "new version",
        "unchanged": "unchanged",
        "reworded": "reworded",
        "renumbered": "renumbered",
        "moved": "moved",
        "old": "before",
        "new": "after",
        "number": "number",
        "level": "level",
        "parents": "supports",
        "decision": "decision",
    },
}


def _revision_path(graph: Graph, new: Node, old: Node) -> bool:
    stack, seen = [new], set()
    while stack:
        node = stack.pop()
        if node == old:
            return True
        if node in seen:
            continue
        seen.add(node)
        stack.extend(graph.objects(node, PROV.wasRevisionOf))
    return False


def _successor_in(graph: Graph, old: Node, targets: set[Node]) -> list[Node]:
    found: list[Node] = []
    stack, seen = sorted(successors(graph, old), key=str), {old}
    while stack:
        node = stack.pop(0)
        if node in seen:
            continue
        seen.add(node)
        if node in targets:
            found.append(node)
        else:
            stack.extend(sorted(successors(graph, node), key=str))
    return found


def diff_periods(
    graph: Graph, slug: str, old_period: str, new_period: str, lang: str = "sv"
) -> PeriodDiff:
    """Compare the goals valid in two mandate periods of a municipality.

    Each goal of the old period is ``unchanged`` (valid in both), a new version (``changed``:
    ``reworded``, ``renumbered`` and/or ``moved``: another level or other goals above),
    ``replaced`` by a different goal, or ``removed``; goals of the new period that succeed
    nothing are ``added``. Changes name the replacing decision where the data has one.
    """
    old_p, new_p = resolve_period(graph, slug, old_period), resolve_period(graph, slug, new_period)
    old_goals = goals_in_period(graph, slug, old_p)
    new_goals = goals_in_period(graph, slug, new_p)
    diff = PeriodDiff(str(municipality_iri(slug)), old_p, new_p)
    mapping: dict[Node, list[Node]] = {}
    for old in old_goals:
        mapping[old] = [old] if old in new_goals else _successor_in(graph, old, new_goals)
    succeeded = {n for news in mapping.values() for n in news}

    def translate(parents: Iterable[Node]) -> set[Node]:
        return {n for p in parents for n in (mapping.get(p) or [p])}

    def info(node: Node | None) -> dict[str, Any]:
        if node is None:
            return {"iri": None, "label": None, "number": None, "level": None, "parents": ()}
        level = graph.value(node, GG.atLevel)
        number = graph.value(node, DCTERMS.identifier)
        return {
            "iri": str(node),
            "label": _label(graph, node, "sv"),
            "number": None if number is None else str(number),
            "level": None if level is None else _label(graph, level, lang),
            "parents": tuple(sorted(_short(graph, p) for p in graph.objects(node, GG.supports))),
        }

    for old in sorted(old_goals, key=_order_key(graph)):
        a = info(old)
        news = mapping[old]
        if not news:
            decision = graph.value(old, GG.replacedByDecision)
            diff.changes.append(_change("removed", (), a, info(None), graph, decision, lang))
            continue
        for new in news:
            b = info(new)
            if new == old:
                diff.changes.append(_change("unchanged", (), a, b, graph, None, lang))
                continue
            kinds = []
            if _label(graph, old, "sv") != _label(graph, new, "sv"):
                kinds.append("reworded")
            if a["number"] != b["number"]:
                kinds.append("renumbered")
            same_level = graph.value(old, GG.atLevel) == graph.value(new, GG.atLevel)
            if not same_level or translate(graph.objects(old, GG.supports)) != set(
                graph.objects(new, GG.supports)
            ):
                kinds.append("moved")
            status = "changed" if _revision_path(graph, new, old) else "replaced"
            decision = graph.value(old, GG.replacedByDecision)
            diff.changes.append(_change(status, tuple(kinds), a, b, graph, decision, lang))
    for new in sorted(new_goals - succeeded - old_goals, key=_order_key(graph)):
        diff.changes.append(_change("added", (), info(None), info(new), graph, None, lang))
    return diff


def _short(graph: Graph, node: Node) -> str:
    number = graph.value(node, DCTERMS.identifier)
    label = _label(graph, node, "sv")
    return f"{number}: {label}" if number is not None else label


def _order_key(graph: Graph) -> Callable[[Node], tuple[int, str, str]]:
    def key(node: Node) -> tuple[int, str, str]:
        level = graph.value(node, GG.atLevel)
        rank = graph.value(level, GG.rank) if level is not None else None
        number = graph.value(node, DCTERMS.identifier)
        return (int(rank) if isinstance(rank, Literal) else 99, str(number or ""), str(node))

    return key


def _change(
    status: str,
    kinds: tuple[str, ...],
    a: dict[str, Any],
    b: dict[str, Any],
    graph: Graph,
    decision: Node | None,
    lang: str,
) -> Change:
    date = graph.value(decision, DCTERMS.date) if decision is not None else None
    return Change(
        status,
        kinds,
        a["iri"],
        b["iri"],
        a["label"],
        b["label"],
        a["number"],
        b["number"],
        a["level"],
        b["level"],
        a["parents"],
        b["parents"],
        None if decision is None else str(decision),
        None if decision is None else _label(graph, decision, lang),
        None if date is None else str(date),
    )
