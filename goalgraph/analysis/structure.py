"""Dimensions, external frameworks and goal hierarchies counted for the comparison.

A dimension (perspectives, målområden, sustainability dimensions) is counted as a dimension:
how many goals each of its values holds, never as a level or as depth. An external framework
is counted by the goals that derive from it, the goals that *are* one of its goals by name, the
framework goals they cover, and whether the model or a document links to it as a whole. Each
goal hierarchy of a model gets its own levels, elements and depth.

>>> from goalgraph.store.load import default_store
>>> from goalgraph.model.reader import read_municipality
>>> profile = structure_profile(read_municipality(default_store(), "stenungsund"))
>>> [(f.label, f.goals_that_are, f.framework_goals) for f in profile.frameworks]
[('Agenda 2030', 4, ('3', '4', '8', '13'))]
"""

from __future__ import annotations

import dataclasses
from dataclasses import asdict, dataclass
from typing import Any

from goalgraph.analysis.metrics import metrics_of, plain
from goalgraph.conventions import natural_key
from goalgraph.model.governance import Municipality


@dataclass(frozen=True)
class DimensionCount:
    """One dimension of a municipality: per value, the number of its chain elements."""

    iri: str
    label: str
    values: tuple[tuple[str, int], ...]
    #: chain elements that belong to no value of the dimension
    without_value: int


@dataclass(frozen=True)
class FrameworkCount:
    """How a municipality links to one external framework."""

    iri: str
    label: str
    #: chain elements that derive from the framework or one of its goals
    goals_deriving: int
    #: chain elements that are one of the framework's goals by name
    goals_that_are: int
    #: the framework goals named by those links (notation, else label)
    framework_goals: tuple[str, ...]
    #: the model or documents that link to the framework as a whole
    as_whole: tuple[str, ...]


@dataclass(frozen=True)
class HierarchyCount:
    """One goal hierarchy of a model: its levels, elements and depth."""

    iri: str
    label: str
    levels: int
    elements: int
    depth: int


@dataclass(frozen=True)
class StructureProfile:
    """The dimensions, frameworks and hierarchies of one municipality, counted."""

    slug: str
    dimensions: tuple[DimensionCount, ...]
    frameworks: tuple[FrameworkCount, ...]
    hierarchies: tuple[HierarchyCount, ...]

    def to_json(self) -> dict[str, Any]:
        """The profile as plain JSON data."""
        result: dict[str, Any] = plain(asdict(self))
        return result


def structure_profile(model: Municipality) -> StructureProfile:
    """Count the structure of ``model``; only the elements the model holds are counted, so a
    model limited to one period counts that period."""
    structure = model.structure
    present = {e.iri for e in model.elements}
    goals = {e.iri for e in model.elements if e.type == "Goal"}
    dimensions = []
    for dimension in structure.dimensions:
        counted = [(v.label, sum(1 for e in v.elements if e in present)) for v in dimension.values]
        in_some = {e for v in dimension.values for e in v.elements}
        dimensions.append(
            DimensionCount(dimension.iri, dimension.label, tuple(counted), len(goals - in_some))
        )
    frameworks = []
    for iri, label in structure.frameworks():
        links = [k for k in structure.framework_links if k.framework == iri]
        local = [k for k in links if k.source in present]
        named = {k.goal_notation or k.goal_label or k.goal or "" for k in local if k.goal}
        frameworks.append(
            FrameworkCount(
                iri=iri,
                label=label,
                goals_deriving=len({k.source for k in local if not k.is_framework_goal}),
                goals_that_are=len({k.source for k in local if k.is_framework_goal}),
                framework_goals=tuple(sorted(named, key=natural_key)),
                as_whole=tuple(
                    sorted(
                        {
                            _whole(model, k.source)
                            for k in links
                            if k.goal is None and k.source not in model.rank_of
                        }
                    )
                ),
            )
        )
    return StructureProfile(
        slug=model.slug,
        dimensions=tuple(dimensions),
        frameworks=tuple(frameworks),
        hierarchies=tuple(
            _hierarchy(model, h.iri, h.label, h.levels) for h in structure.hierarchies
        ),
    )


_MODEL = {"sv": "styrmodellen", "en": "the governance model"}


def _whole(model: Municipality, source: str) -> str:
    """The label of a document, or "the governance model" for the model itself."""
    document = model.document(source)
    return document.label if document is not None else _MODEL.get(model.lang, _MODEL["sv"])


def _hierarchy(
    model: Municipality, iri: str, label: str, levels: tuple[str, ...]
) -> HierarchyCount:
    inside = set(levels)
    part = dataclasses.replace(
        model,
        levels=tuple(level for level in model.levels if level.iri in inside),
        elements=tuple(e for e in model.elements if e.level in inside),
        _index={},
    )
    metrics = metrics_of(part)
    return HierarchyCount(iri, label, len(part.levels), metrics.elements, metrics.depth)
