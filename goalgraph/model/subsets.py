"""Parts of a goal chain a reader can ask for by name: the goals carrying one dimension value
(perspective "Medarbetare", målområde, sustainability dimension) and the levels and goals of
one goal hierarchy. Pages, diagrams and the command line name them the same way: by IRI, by
local id (``dim-medarbetare``, ``hierarchy-program``) or by label, in any case.

>>> from goalgraph.store.load import default_store
>>> from goalgraph.model.structure import read_structure
>>> umea = read_structure(default_store(), "umea")
>>> dimension, value = find_value(umea, "personalpolitiska mål", "umea")
>>> local_id(value.iri), len(value.elements)
('dim-personal', 3)
"""

from __future__ import annotations

from goalgraph.errors import NotFoundError
from goalgraph.model.structure import Dimension, DimensionValue, Hierarchy, Structure


def local_id(iri: str) -> str:
    """The last part of a goalgraph IRI: ``dim-medarbetare``."""
    return iri.rstrip("/").rsplit("/", 1)[-1]


def _matches(name: str, iri: str, label: str) -> bool:
    wanted = name.strip().casefold()
    return wanted in {iri.casefold(), local_id(iri).casefold(), label.strip().casefold()}


def find_value(structure: Structure, name: str, slug: str) -> tuple[Dimension, DimensionValue]:
    """The dimension value ``name`` names and its dimension; a :class:`NotFoundError` naming
    it and the known values otherwise."""
    for dimension in structure.dimensions:
        for value in dimension.values:
            if _matches(name, value.iri, value.label):
                return dimension, value
    known = [local_id(v.iri) for d in structure.dimensions for v in d.values]
    raise NotFoundError(
        f"unknown dimension value {name!r} of {slug}; known: {', '.join(known) or 'none / inga'}"
    )


def find_hierarchy(structure: Structure, name: str, slug: str) -> Hierarchy:
    """The goal hierarchy ``name`` names; a :class:`NotFoundError` naming it and the known
    hierarchies otherwise."""
    for hierarchy in structure.hierarchies:
        if _matches(name, hierarchy.iri, hierarchy.label):
            return hierarchy
    known = [local_id(h.iri) for h in structure.hierarchies]
    raise NotFoundError(
        f"unknown goal hierarchy {name!r} of {slug}; known: {', '.join(known) or 'none / inga'}"
    )
