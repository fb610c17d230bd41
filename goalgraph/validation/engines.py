"""The SHACL engines that validate one part in a worker process: pySHACL (the reference) and
pyshacl-turbo; only results about the part's own nodes are kept."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal, cast

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph
from rdflib import Literal as RdfLiteral
from rdflib.term import Node

from goalgraph.errors import GoalgraphError
from goalgraph.namespaces import GG, SH
from goalgraph.store.terms import add_graph_quads, to_rdflib
from goalgraph.validation import reads
from goalgraph.validation.checks import ShapeSplit, shape_split
from goalgraph.validation.graph import PreparedQueryGraph
from goalgraph.validation.partition import NT_NODES
from goalgraph.validation.report import ValidationResult
from goalgraph.validation.results import shacl_result

Engine = Literal["pyshacl", "turbo"]
ENGINES: tuple[str, ...] = ("pyshacl", "turbo")


def default_engine() -> Engine:
    """The engine ``GOALGRAPH_SHACL_ENGINE`` names (default ``pyshacl``, the reference)."""
    return check_engine(os.environ.get("GOALGRAPH_SHACL_ENGINE", "pyshacl"))


def check_engine(name: str) -> Engine:
    """``name`` if it is an engine, else a :class:`GoalgraphError` listing them."""
    if name not in ENGINES:
        raise GoalgraphError(f"unknown SHACL engine {name!r}; use one of: {', '.join(ENGINES)}")
    return cast(Engine, name)


# --- the engine, per part --------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One part for a worker: its graphs as N-Triples and the reference nodes it mentions."""

    key: str
    data: bytes
    reference: bytes


Timings = dict[str, float]


def _engine_results(
    engine: Engine, audit: bool, ontology: bytes, job: Job, timings: Timings
) -> list[ValidationResult]:
    """Validate one part with the engine; only results about the part's own nodes. Adds
    the time of each phase to ``timings`` (``parse``, ``validate``, ``results``)."""
    split = shape_split(audit)
    run = _turbo if engine == "turbo" else _pyshacl
    results = run(split, ontology, job, timings)
    if not results:
        return []
    started = time.perf_counter()
    own = _own_nodes(job.data)
    kept = [r for r, focus in results if focus in own]
    _add(timings, "results", started)
    return kept


def _add(timings: Timings, phase: str, started: float) -> float:
    now = time.perf_counter()
    timings[phase] = timings.get(phase, 0.0) + now - started
    return now


def _own_nodes(data: bytes) -> set[str]:
    """The IRIs and blank node labels (``_:x``) that occur as subject or object in ``data``."""
    rows = NT_NODES.findall(data)
    iris = {s for s, _, _, _ in rows} | {o for _, _, o, _ in rows}
    labels = {s for _, s, _, _ in rows} | {o for _, _, _, o in rows}
    iris.discard(b"")
    labels.discard(b"")
    return {i.decode("utf-8") for i in iris} | {"_:" + b.decode("utf-8") for b in labels}


def _node_key(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


class _SameLabels(dict[str, str]):
    """An rdflib N-Triples blank node context that keeps each label as it is."""

    def get(self, key: str, default: Any = None) -> str:
        return key


def _part_graph(job: Job) -> PreparedQueryGraph:
    """The part and its reference nodes as an rdflib graph, blank node labels kept (results
    are matched to the part's own nodes): parsed by Oxigraph, or, for a dump its strict parser
    refuses (a server's N-Triples), by rdflib's parser as before."""
    data = PreparedQueryGraph()
    try:
        parsed = [
            list(ox.parse(p, format=ox.RdfFormat.N_TRIPLES)) for p in (job.data, job.reference)
        ]
    except (SyntaxError, ValueError):
        data.parse(data=job.data + b"\n" + job.reference, format="nt", bnode_context=_SameLabels())
        return data
    for quads in parsed:
        add_graph_quads(data, quads, keep_labels=True)
    return data


def _pyshacl(
    split: ShapeSplit, ontology: bytes, job: Job, timings: Timings
) -> list[tuple[ValidationResult, str]]:
    started = time.perf_counter()
    data = _part_graph(job)
    ontology_graph = _ontology_graph(ontology)
    started = _add(timings, "parse", started)
    _, report, text = pyshacl.validate(
        data,
        shacl_graph=split.engine_shapes,
        ont_graph=ontology_graph,
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,
    )
    if not isinstance(report, Graph):
        raise GoalgraphError(f"SHACL validation failed: {text}")
    started = _add(timings, "validate", started)
    results = _report_results(data, split, report)
    _add(timings, "results", started)
    return results


def _turbo(
    split: ShapeSplit, ontology: bytes, job: Job, timings: Timings
) -> list[tuple[ValidationResult, str]]:
    """pyshacl-turbo on the part's triples that the shapes can read (:mod:`.reads`)."""
    started = time.perf_counter()
    program = turbo_program(split)
    unread = _unread(split.fingerprint, split.engine_shapes)
    store = ox.Store()
    for part in (job.data, job.reference):
        part = reads.readable(part, unread)
        if part.strip():  # parse keeps the blank node labels of the dump; load renames them
            store.extend(ox.parse(part, format=ox.RdfFormat.N_TRIPLES))
    store.extend(_readable_ontology(split.fingerprint, split.engine_shapes, ontology))
    started = _add(timings, "parse", started)
    _, report, text = program.validate(store, inference="none", allow_warnings=True)
    if not isinstance(report, Graph):
        raise GoalgraphError(f"SHACL validation failed: {text}")
    started = _add(timings, "validate", started)
    nodes: set[Node] = set()
    for predicate in (SH.focusNode, SH.value):
        nodes.update(report.objects(None, predicate))
    results = _report_results(_store_context(store, nodes), split, report)
    _add(timings, "results", started)
    return results


@cache
def _ontology_quads(ontology: bytes) -> tuple[ox.Quad, ...]:
    """The ontology parsed once per process (blank node labels as in the dump)."""
    return tuple(ox.parse(ontology, format=ox.RdfFormat.N_TRIPLES)) if ontology.strip() else ()


@cache
def _unread(fingerprint: str, shapes: Graph) -> re.Pattern[bytes] | None:
    return reads.unread_lines(shapes)


@cache
def _readable_ontology(fingerprint: str, shapes: Graph, ontology: bytes) -> tuple[ox.Quad, ...]:
    """The ontology triples the shapes can read, parsed once per process."""
    return _ontology_quads(reads.readable(ontology, _unread(fingerprint, shapes)))


_TURBO: dict[str, Any] = {}


def turbo_program(split: ShapeSplit) -> Any:
    """The split's engine shapes compiled by pyshacl-turbo (once per process)."""
    program = _TURBO.get(split.fingerprint)
    if program is None:
        import pyshacl_turbo

        program = pyshacl_turbo.compile_shapes(split.engine_shapes, advanced=True)
        _TURBO[split.fingerprint] = program
    return program


def _report_results(
    data: Graph, split: ShapeSplit, report: Graph
) -> list[tuple[ValidationResult, str]]:
    out = []
    for node in report.objects(None, SH.result):
        focus = report.value(node, SH.focusNode)
        if focus is None:
            continue
        out.append((shacl_result(data, split.shapes, report, node), _node_key(focus)))
    return out


def _store_context(store: ox.Store, nodes: Iterable[Node]) -> Graph:
    """The triples around ``nodes`` that rendering needs: their municipality and, for blank
    nodes, their description and the chain of nodes that hold them."""
    graph = Graph()
    seen: set[Node] = set()
    frontier = list(nodes)
    municipality = ox.NamedNode(str(GG.municipality))
    while frontier:
        node = frontier.pop()
        if node in seen or isinstance(node, RdfLiteral):
            continue
        seen.add(node)
        term = ox.BlankNode(str(node)) if isinstance(node, BNode) else ox.NamedNode(str(node))
        for quad in store.quads_for_pattern(term, municipality, None):
            graph.add((node, GG.municipality, to_rdflib(quad.object)))
        if isinstance(node, BNode):
            for quad in store.quads_for_pattern(term, None, None):
                graph.add((node, to_rdflib(quad.predicate), to_rdflib(quad.object)))
            for quad in store.quads_for_pattern(None, None, term):
                owner = to_rdflib(quad.subject)
                graph.add((owner, to_rdflib(quad.predicate), node))
                frontier.append(owner)
    return graph


@cache
def _ontology_graph(ontology: bytes) -> Graph:
    return Graph().parse(data=ontology, format="nt")


def run_batch(
    engine: Engine, audit: bool, ontology: bytes, jobs: Sequence[Job]
) -> tuple[list[tuple[str, list[ValidationResult]]], Timings]:
    """The results of each job, and the time of each phase over all of them."""
    timings: Timings = {}
    out = [(job.key, _engine_results(engine, audit, ontology, job, timings)) for job in jobs]
    return out, timings
