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

from dataclasses import dataclass

from goalgraph.conventions import natural_key
from goalgraph.model.rows import first, group_rows, values
from goalgraph.model.rows import text as _s
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


def read_structure(store: Store, slug: str, lang: str = "sv") -> Structure:
    """Read the dimensions, framework links and hierarchies of the municipality ``slug``."""
    params = {"municipality": municipality_iri(slug), "lang": lang}
    return Structure(
        dimensions=_dimensions(run_query(store, "dimensions", **params)),
        framework_links=_links(run_query(store, "framework-links", **params)),
        hierarchies=_hierarchies(run_query(store, "goal-hierarchies", **params)),
    )


def _dimensions(rows: object) -> tuple[Dimension, ...]:
    dimensions = []
    for dimension, found in group_rows(rows, "dimension").items():  # type: ignore[arg-type]
        dimension_values = [
            DimensionValue(
                value,
                first(group, "valueLabel") or value,
                first(group, "colour"),
                values(group, "element"),
            )
            for value, group in group_rows(found, "value").items()
        ]
        dimension_values.sort(key=lambda v: (natural_key(v.label), v.iri))
        label = first(found, "dimensionLabel") or dimension
        dimensions.append(Dimension(dimension, label, tuple(dimension_values)))
    return tuple(sorted(dimensions, key=lambda d: (natural_key(d.label), d.iri)))


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
    groups = group_rows(rows, "hierarchy")  # type: ignore[arg-type]
    found = [
        Hierarchy(h, first(g, "label") or h, values(g, "level"), values(g, "document"))
        for h, g in groups.items()
    ]
    return tuple(sorted(found, key=lambda h: (natural_key(h.label), h.iri)))
