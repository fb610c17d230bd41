"""What a municipality's goal structure has beside its levels, as read from the store.

:func:`read_structure` reads, with the named queries ``dimensions``, ``framework-links`` and
``goal-hierarchies``: the dimensions its governance model defines (perspectives, målområden,
sustainability dimensions) with their values and the chain elements in each; its links to
external goal frameworks (Agenda 2030, a regional development strategy), to a framework as a
whole or to one of its goals; and its goal hierarchies with their levels. A dimension is not a
level: it adds no depth to the chain.

>>> from goalgraph.store.load import default_store
>>> umea = read_structure(default_store(), "umea")
>>> [value.label for value in umea.dimensions[0].values]
['Finansiella mål', 'Inriktningsmål', 'Personalpolitiska mål']
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from goalgraph.conventions import natural_key
from goalgraph.namespaces import GG, municipality_iri
from goalgraph.sparql.named import run_query
from goalgraph.store.protocol import Store


@dataclass(frozen=True)
class DimensionValue:
    """A value of a dimension and the chain elements that belong to it."""

    iri: str
    label: str
    colour: str | None
    elements: tuple[str, ...]


@dataclass(frozen=True)
class Dimension:
    """A dimension the governance model defines, e.g. perspectives of a balanced scorecard."""

    iri: str
    label: str
    values: tuple[DimensionValue, ...]


@dataclass(frozen=True)
class FrameworkLink:
    """A link of a goal, document or model to an external framework or one of its goals."""

    source: str
    framework: str
    framework_label: str
    goal: str | None
    goal_label: str | None
    goal_notation: str | None
    #: True when the local goal is the framework's goal by name (gg:IsFrameworkGoal)
    is_framework_goal: bool
    basis: str | None
    reason: str | None


@dataclass(frozen=True)
class Hierarchy:
    """One goal hierarchy of the model and its levels."""

    iri: str
    label: str
    levels: tuple[str, ...]
    documents: tuple[str, ...]


@dataclass(frozen=True)
class Structure:
    """The dimensions, framework links and goal hierarchies of one municipality."""

    dimensions: tuple[Dimension, ...] = ()
    framework_links: tuple[FrameworkLink, ...] = ()
    hierarchies: tuple[Hierarchy, ...] = ()

    def values_of(self, element: str) -> tuple[DimensionValue, ...]:
        """The dimension values an element belongs to, in dimension order."""
        return tuple(v for d in self.dimensions for v in d.values if element in v.elements)

    def hierarchy_of(self, level: str) -> Hierarchy | None:
        """The hierarchy a level belongs to (None when the model has no hierarchies)."""
        return next((h for h in self.hierarchies if level in h.levels), None)

    def frameworks(self) -> tuple[tuple[str, str], ...]:
        """The frameworks linked to, as (IRI, label), in order of their labels."""
        found = {k.framework: k.framework_label for k in self.framework_links}
        return tuple(sorted(found.items(), key=lambda kv: (natural_key(kv[1]), kv[0])))


def _s(value: object) -> str | None:
    return None if value is None else str(value)


def read_structure(store: Store, slug: str, lang: str = "sv") -> Structure:
    """Read the dimensions, framework links and hierarchies of the municipality ``slug``."""
    params = {"municipality": municipality_iri(slug), "lang": lang}
    return Structure(
        dimensions=_dimensions(run_query(store, "dimensions", **params)),
        framework_links=_links(run_query(store, "framework-links", **params)),
        hierarchies=_hierarchies(run_query(store, "goal-hierarchies", **params)),
    )


def _dimensions(rows: object) -> tuple[Dimension, ...]:
    labels: dict[str, str] = {}
    values: dict[str, dict[str, tuple[str, str | None]]] = defaultdict(dict)
    elements: dict[str, set[str]] = defaultdict(set)
    for row in rows:  # type: ignore[attr-defined]
        dimension = str(row["dimension"])
        labels[dimension] = str(row.get("dimensionLabel") or dimension)
        values.setdefault(dimension, {})
        if row.get("value") is not None:
            value = str(row["value"])
            values[dimension][value] = (str(row.get("valueLabel") or value), _s(row.get("colour")))
            if row.get("element") is not None:
                elements[value].add(str(row["element"]))
    return tuple(
        Dimension(
            iri=dimension,
            label=labels[dimension],
            values=tuple(
                DimensionValue(
                    value,
                    label,
                    colour,
                    tuple(sorted(elements[value], key=natural_key)),
                )
                for value, (label, colour) in sorted(
                    values[dimension].items(), key=lambda kv: (natural_key(kv[1][0]), kv[0])
                )
            ),
        )
        for dimension in sorted(labels, key=lambda d: (natural_key(labels[d]), d))
    )


def _links(rows: object) -> tuple[FrameworkLink, ...]:
    links = {
        FrameworkLink(
            source=str(r["source"]),
            framework=str(r["framework"]),
            framework_label=str(r.get("frameworkLabel") or r["framework"]),
            goal=_s(r.get("goal")),
            goal_label=_s(r.get("goalLabel")),
            goal_notation=_s(r.get("goalNotation")),
            is_framework_goal=str(r["kind"]) == str(GG.IsFrameworkGoal),
            basis=_s(r.get("basis")),
            reason=_s(r.get("reason")),
        )
        for r in rows  # type: ignore[attr-defined]
    }
    return tuple(
        sorted(
            links,
            key=lambda k: (
                natural_key(k.framework_label),
                natural_key(k.source),
                natural_key(k.goal_notation or k.goal or ""),
            ),
        )
    )


def _hierarchies(rows: object) -> tuple[Hierarchy, ...]:
    labels: dict[str, str] = {}
    levels: dict[str, set[str]] = defaultdict(set)
    documents: dict[str, set[str]] = defaultdict(set)
    for row in rows:  # type: ignore[attr-defined]
        hierarchy = str(row["hierarchy"])
        labels[hierarchy] = str(row.get("label") or hierarchy)
        if row.get("level") is not None:
            levels[hierarchy].add(str(row["level"]))
        if row.get("document") is not None:
            documents[hierarchy].add(str(row["document"]))
    return tuple(
        Hierarchy(
            h,
            labels[h],
            tuple(sorted(levels[h], key=natural_key)),
            tuple(sorted(documents[h], key=natural_key)),
        )
        for h in sorted(labels, key=lambda h: (natural_key(labels[h]), h))
    )
