"""The one validated write of a municipality's graph, used by the API, the sheet import and the
command line.

:func:`commit_municipality` checks that the candidate keeps to its municipality
(:mod:`goalgraph.store.confinement`), validates the whole store with the candidate in place of
the current graph (:func:`goalgraph.validation.scale.validate_store` over a
:class:`CandidateStore`, incrementally, so the rules that span municipalities see the other
graphs) and writes it only when that adds no violation; a failing write puts the previous
graph back. :func:`remove_municipality` does the same for taking a municipality's graph out.
A refused write never touches the store, and a store that conformed still conforms after an
accepted one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from typing import Any, cast

import pyoxigraph as ox
from rdflib.term import Node

from goalgraph import resources
from goalgraph.conventions import SLUG
from goalgraph.errors import GoalgraphError, NotFoundError
from goalgraph.mediatypes import NTRIPLES
from goalgraph.namespaces import GRAPH, ID
from goalgraph.store.confinement import check_confinement
from goalgraph.store.load import ONTOLOGY_GRAPH, SDG_GRAPH, parse_file, sdg_triples
from goalgraph.store.oxigraph import OxigraphStore, SelectResult, Store, ntriples_hash
from goalgraph.validation.report import ValidationReport
from goalgraph.validation.scale import ValidationState, validate_store

#: The reference graphs by slug: never written or removed through a municipality's write.
REFERENCE_SLUGS: dict[str, str] = {"sdg": SDG_GRAPH, "ontology": ONTOLOGY_GRAPH}
_SHOWN = 5
Lock = Callable[[], AbstractContextManager[object]]


class StoreValidationError(GoalgraphError):
    """A write refused because the store would break integrity rules; ``report`` holds the
    violations it would add."""

    def __init__(self, message: str, report: ValidationReport) -> None:
        super().__init__(message)
        self.report = report


class ReferenceGraphError(PermissionError):
    """A write to or removal of a reference graph (the ontology, the SDG graph)."""


@dataclass(frozen=True)
class CommitResult:
    """What a committed write did (``triples`` is 0 for a removal)."""

    slug: str
    graph: str
    triples: int
    created: bool
    warnings: int


def check_slug(slug: str, *, verb: str = "changed") -> str:
    """``slug`` if it can name a municipality's graph; the reference graphs are refused."""
    if slug in REFERENCE_SLUGS:
        raise ReferenceGraphError(
            f"the graph {slug!r} is reference data and cannot be {verb}; "
            f"only municipality graphs can"
        )
    if not SLUG.match(slug):
        raise NotFoundError(f"not a municipality slug: {slug!r}")
    return slug


class CandidateStore:
    """The store as it would be with the ``changes`` (graph name → N-Triples, ``None``:
    removed), without changing it: what :func:`validate_store` reads (graph names, hashes,
    dumps) comes from the changes for those graphs and from ``base`` for the others; queries
    run on an in-memory copy of the whole candidate dataset, built on first use."""

    def __init__(self, base: Store, changes: Mapping[str, bytes | None]) -> None:
        self.base = base
        self.changes = dict(changes)
        self._merged: OxigraphStore | None = None

    def named_graphs(self) -> list[str]:
        names = set(self.base.named_graphs()) - set(self.changes)
        return sorted(names | {g for g, data in self.changes.items() if data is not None})

    def graph_hash(self, graph: str) -> str:
        if graph in self.changes:
            return ntriples_hash(self.changes[graph] or b"")
        return self.base.graph_hash(graph)

    def dump(self, graph: str | None, media_type: str) -> bytes:
        if graph in self.changes and media_type == NTRIPLES:
            return self.changes[graph] or b""
        if graph is not None and graph not in self.changes:
            return self.base.dump(graph, media_type)  # as it is: no copy needed
        return self._store().dump(graph, media_type)

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> SelectResult:
        return self._store().select(query, bindings)

    def _store(self) -> OxigraphStore:
        if self._merged is None:
            self._merged = OxigraphStore.from_ntriples(
                {
                    g: self.dump(g, NTRIPLES) if g in self.changes else self.base.dump(g, NTRIPLES)
                    for g in self.named_graphs()
                }
            )
        return self._merged

    def __getattr__(self, name: str) -> Any:
        return getattr(self._store(), name)


def _missing_reference(store: Store) -> dict[str, bytes]:
    """The reference graphs (ontology, Agenda 2030) that ``store`` lacks, from the project's
    files: a municipality is always written with its reference data."""

    names = set(store.named_graphs())
    missing: dict[str, bytes] = {}
    if ONTOLOGY_GRAPH not in names:
        missing[ONTOLOGY_GRAPH] = _ntriples(parse_file(resources.ontology_file()))
    if SDG_GRAPH not in names:
        missing[SDG_GRAPH] = _ntriples(sdg_triples(resources.sdg_file().parent))
    return missing


def _ntriples(triples: Sequence[ox.Triple]) -> bytes:
    return cast(bytes, ox.serialize(list(triples), format=ox.RdfFormat.N_TRIPLES) or b"")


def _fresh_blank_nodes(triples: Sequence[ox.Triple]) -> list[ox.Triple]:
    """The triples with new blank nodes (a label chosen by the sender could otherwise name a
    blank node of another graph while the candidate is validated)."""
    fresh: dict[ox.BlankNode, ox.BlankNode] = {}

    def term(t: Any) -> Any:
        if isinstance(t, ox.BlankNode):
            return fresh.setdefault(t, ox.BlankNode())
        return t

    return [ox.Triple(term(t.subject), t.predicate, term(t.object)) for t in triples]


def copy_state(state: ValidationState) -> ValidationState:
    """A copy of ``state`` that a validation can bring up to date without changing ``state``."""
    copy = ValidationState(
        state.key, dict(state.graphs), {p: list(r) for p, r in state.results.items()}
    )
    copy.reference_data = state.reference_data
    copy.partition = state.partition.copy() if state.partition is not None else None
    copy.scratch = state.scratch  # shared: it is used under its own lock
    return copy


def validate_candidate(
    store: Store, slug: str, changes: Mapping[str, bytes | None], state: ValidationState
) -> int:
    """Validate the store with the ``changes`` (graph name → N-Triples, ``None``: removed)
    and raise :class:`StoreValidationError` if that adds violations; ``state`` (the caller's
    incremental state for the store as it is) is brought up to date but not given the
    candidate. Returns the number of warnings about the municipality ``slug``."""
    before = validate_store(store, audit=False, state=state)
    known = set(before.violations)  # blank nodes are named through their owners: stable
    candidate = CandidateStore(store, changes)
    after = validate_store(cast(Store, candidate), audit=False, state=copy_state(state))
    added = [r for r in after.violations if r not in known]
    if added:
        report = ValidationReport(False, added, None, after.municipalities)  # type: ignore[arg-type]
        lines = "; ".join(
            f"{r.shape_id} on <{r.focus_node}>: {r.message_en}" for r in added[:_SHOWN]
        )
        more = f" (and {len(added) - _SHOWN} more)" if len(added) > _SHOWN else ""
        raise StoreValidationError(
            f"the data for {slug!r} breaks {len(added)} integrity rule(s) of the store; "
            f"nothing was stored: {lines}{more}",
            report,
        )
    iri = str(ID[slug])
    return sum(r.municipality == iri for r in after.warnings)


def commit_municipality(
    store: Store,
    slug: str,
    triples: Sequence[ox.Triple],
    *,
    state: ValidationState | None = None,
    lock: Lock = nullcontext,
) -> CommitResult:
    """Replace (or create) the graph of ``slug`` with ``triples`` after the checks in the
    module docstring.

    ``state`` is an incremental validation state of the store as it is (a new one validates
    the whole store); it is brought up to date and used by this call alone. The checks read
    the store without changing it; ``lock`` is held only while the store is changed. The
    caller keeps other writers out for the whole call (the service's write mutex).
    """
    check_slug(slug)
    graph = str(GRAPH[slug])
    state = state if state is not None else ValidationState()
    check_confinement(triples, slug, store)  # on the labels as sent, to name them
    triples = _fresh_blank_nodes(triples)
    reference = _missing_reference(store)
    warnings = validate_candidate(store, slug, {**reference, graph: _ntriples(triples)}, state)
    staged: dict[str, list[ox.Triple]] = {
        g: list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES)) for g, data in reference.items()
    }
    with lock():
        created = graph not in store.named_graphs()
        backup = None if created else store.dump(graph, NTRIPLES)
        try:
            count = store.replace_graphs({**staged, graph: triples})[graph]
        except BaseException:
            if backup is None:
                store.remove_graph(graph)
            else:
                store.replace_graph(graph, ox.parse(backup, format=ox.RdfFormat.N_TRIPLES))
            raise
    return CommitResult(slug, graph, count, created, warnings)


def remove_municipality(
    store: Store,
    slug: str,
    *,
    state: ValidationState | None = None,
    lock: Lock = nullcontext,
) -> CommitResult:
    """Remove the graph of ``slug``, unless the rest of the store still needs it (a joint
    body it hosts, say); the reference graphs are never removed. ``state`` and ``lock`` as
    for :func:`commit_municipality`."""
    check_slug(slug, verb="removed")
    graph = str(GRAPH[slug])
    state = state if state is not None else ValidationState()
    if graph not in store.named_graphs():
        raise NotFoundError(f"there is no graph for the municipality {slug!r}")
    validate_candidate(store, slug, {graph: None}, state)
    with lock():
        store.remove_graph(graph)
    return CommitResult(slug, graph, 0, False, 0)


__all__ = [
    "REFERENCE_SLUGS",
    "CandidateStore",
    "CommitResult",
    "ReferenceGraphError",
    "StoreValidationError",
    "check_slug",
    "commit_municipality",
    "copy_state",
    "remove_municipality",
    "validate_candidate",
]
