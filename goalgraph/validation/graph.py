"""Validate goalgraph data against the SHACL shapes in ``shapes/``.

The shapes are split by concern: ``integrity.ttl``, ``model.ttl``, ``lifecycle.ttl`` and
``targets.ttl`` (violations), ``audit.ttl`` and ``targets-audit.ttl`` (warnings). Each shape is
named after a requirement id (``ggsh:I03``) and carries its message in Swedish and English.
:func:`validate_graph` runs pySHACL on a copy of the data merged with the Agenda 2030 reference
graph, with the ontology as ``ont_graph``, and turns the SHACL report into
:class:`ValidationResult` records, each reported against the named shape
(:mod:`goalgraph.validation.results`); the report itself is :mod:`goalgraph.validation.report`.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Mapping
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

import pyshacl
from rdflib import ConjunctiveGraph, Graph, URIRef
from rdflib.namespace import RDF
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from goalgraph import resources
from goalgraph.namespaces import GG, SH, SHAPES
from goalgraph.validation.report import ValidationReport, ValidationResult
from goalgraph.validation.results import SHAPE_TYPES, shacl_result

if TYPE_CHECKING:
    pass

__all__ = [
    "ValidationReport",
    "ValidationResult",
    "load_shapes",
    "shape_ids",
    "validate_graph",
]


#: Shape files run on every validation; the audit file only when ``audit=True``.
CORE_SHAPE_FILES: tuple[str, ...] = (
    "integrity.ttl",
    "model.ttl",
    "lifecycle.ttl",
    "periods.ttl",
    "gaps.ttl",
    "structure.ttl",
    "targets.ttl",
)
AUDIT_SHAPE_FILE = "audit.ttl"
AUDIT_SHAPE_FILES: tuple[str, ...] = (AUDIT_SHAPE_FILE, "gaps-audit.ttl", "targets-audit.ttl")


class PreparedQueryGraph(Graph):
    """A graph that parses each distinct SPARQL text once.

    pySHACL sends the same SHACL-SPARQL text for every focus node; rdflib would parse it
    every time, which costs far more than evaluating it on a municipality's graph.
    """

    def query(
        self,
        query_object: str | Query,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Mapping[str, Any] | None = None,  # noqa: N803 - rdflib's signature
        initBindings: Mapping[str, Any] | None = None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        if isinstance(query_object, str) and not initNs:
            query_object = _prepared(query_object)
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


@lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


def _parse_files(names: Iterable[str]) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(resources.shapes_dir() / name, format="turtle")
    return graph


@cache
def load_shapes(audit: bool = True) -> Graph:
    """The shapes graph: integrity and model shapes, plus the audit shapes if ``audit``.

    The graph is cached and shared; do not modify it.
    """
    names = CORE_SHAPE_FILES + (AUDIT_SHAPE_FILES if audit else ())
    return _parse_files(names)


@cache
def _all_shapes() -> Graph:
    return _parse_files(sorted(p.name for p in resources.shapes_dir().glob("*.ttl")))


def shape_ids() -> list[str]:
    """The requirement ids of all named shapes in ``shapes/``, e.g. ``["A01", ..., "M12"]``."""
    graph = _all_shapes()
    ids = {
        str(s)[len(str(SHAPES)) :]
        for t in SHAPE_TYPES
        for s in graph.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(str(SHAPES))
    }
    return sorted(ids)


@cache
def _ontology() -> Graph:
    return Graph().parse(resources.ontology_file(), format="turtle")


@cache
def _sdg_reference() -> Graph:
    return Graph().parse(resources.sdg_file(), format="turtle")


def _triples(graph: Graph) -> Iterator[tuple[Node, Node, Node]]:
    if isinstance(graph, ConjunctiveGraph):  # a Dataset: validate the union of its graphs
        for s, p, o, _ in graph.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from graph.triples((None, None, None))


def validate_graph(
    data: Graph,
    *,
    audit: bool = True,
    reference: Graph | None = None,
    engine: str = "pyshacl",
) -> ValidationReport:
    """Validate ``data`` against the goalgraph shapes.

    ``engine`` is ``"pyshacl"`` (the reference) or ``"turbo"`` (pyshacl-turbo, a Rust engine
    with pySHACL's API and the same results; the SHACL-SPARQL constraints it would run once
    per focus node run once each over the data instead); see
    :mod:`goalgraph.validation.scale` for large data.

    The data is copied, with the SDG reference graph (default: ``data/sdg/sdg.ttl``), into a
    fresh graph; ``data`` itself is never changed. The ontology is passed to pySHACL as
    ``ont_graph`` so that ``rdfs:subClassOf`` is known. With ``audit=False`` only the
    integrity and model shapes run.

    >>> data = Graph().parse(
    ...     format="turtle",
    ...     data="@prefix gg: <https://w3id.org/goalgraph/ontology#> . "
    ...     "<https://w3id.org/goalgraph/id/exempel> a gg:Municipality ; "
    ...     'gg:municipalityCode "665" .',
    ... )
    >>> report = validate_graph(data)
    >>> report.conforms, [(r.shape_id, r.value) for r in report.violations]
    (False, [('I08', None), ('I12', '665')])
    >>> report.violations[1].message_sv.startswith("Varje kommun ska ha exakt en kommunkod")
    True
    """
    if engine not in ("pyshacl", "turbo"):
        raise ValueError(f"unknown SHACL engine {engine!r} (use 'pyshacl' or 'turbo')")
    with _LOCK:
        return _validate(data, audit=audit, reference=reference, engine=engine)


def _turbo_results(merged: Graph, audit: bool) -> tuple[list[ValidationResult], Graph]:
    """pyshacl-turbo with the shapes whose ``sh:sparql`` constraints are not rewritten (it
    runs a SPARQL constraint per focus node over the whole graph: quadratic in the data),
    on an Oxigraph store of the data and the ontology; the rewritten ones run once each as
    whole-graph queries, as :mod:`goalgraph.validation.scale` runs them. The report graph is
    built from the results."""
    import pyoxigraph as ox

    from goalgraph.store.load import ONTOLOGY_GRAPH
    from goalgraph.store.oxigraph import OxigraphStore
    from goalgraph.validation.checks import run_checks, shape_split
    from goalgraph.validation.engines import turbo_program
    from goalgraph.validation.state import _report_graph

    split = shape_split(audit)
    data = merged.serialize(format="nt", encoding="utf-8")
    store = ox.Store()
    for part in (data, _ontology_ntriples()):  # parse keeps the blank node labels
        store.extend(ox.parse(part, format=ox.RdfFormat.N_TRIPLES))
    _, engine_report, text = turbo_program(split).validate(
        store, inference="none", allow_warnings=True
    )
    if not isinstance(engine_report, Graph):
        raise RuntimeError(f"SHACL validation failed: {text}")
    results = [
        shacl_result(merged, split.shapes, engine_report, node)
        for node in engine_report.objects(None, SH.result)
    ]
    if split.checks:
        checked = OxigraphStore.from_ntriples(
            {_UNION_GRAPH: data, ONTOLOGY_GRAPH: _ontology_ntriples()}
        )
        results.extend(result for result, _ in run_checks(checked, split))
    results.sort(key=ValidationResult.sort_key)
    conforms = not any(r.severity == "Violation" for r in results)
    return results, _report_graph(conforms, results)


def _turbo_whole(audit: bool) -> bool:
    """Whether every ``sh:sparql`` constraint runs as a whole-graph query: one that stays with
    the engine would run per focus node over all the data, slower than in pySHACL."""
    from goalgraph.validation.checks import shape_split

    return (None, SH.sparql, None) not in shape_split(audit).engine_shapes


_UNION_GRAPH = "urn:goalgraph:validated"


@cache
def _ontology_ntriples() -> bytes:
    return _ontology().serialize(format="nt", encoding="utf-8")


#: rdflib's SPARQL parser (pyparsing), which pySHACL uses, is not thread-safe.
_LOCK = threading.Lock()


def _validate(
    data: Graph, *, audit: bool, reference: Graph | None, engine: str = "pyshacl"
) -> ValidationReport:
    merged = PreparedQueryGraph()
    merged.addN(
        (s, p, o, merged)
        for s, p, o in _triples(_sdg_reference() if reference is None else reference)
    )
    merged.addN((s, p, o, merged) for s, p, o in _triples(data))
    shapes = load_shapes(audit)
    if engine == "turbo" and _turbo_whole(audit):
        results, report_graph = _turbo_results(merged, audit)
    else:  # pySHACL, also for turbo when a SHACL-SPARQL constraint stays with the engine
        _, report_graph, text = pyshacl.validate(
            merged,
            shacl_graph=shapes,
            ont_graph=_ontology(),
            inference="none",
            advanced=True,
            allow_warnings=True,
            inplace=True,
        )
        if not isinstance(report_graph, Graph):  # pySHACL reports a broken shape this way
            raise RuntimeError(f"SHACL validation failed: {text}")
        results = sorted(
            (
                shacl_result(merged, shapes, report_graph, node)
                for node in report_graph.objects(None, SH.result)
            ),
            key=ValidationResult.sort_key,
        )
    conforms = not any(r.severity == "Violation" for r in results)
    municipalities = sorted(
        str(m) for m in merged.subjects(RDF.type, GG.Municipality) if isinstance(m, URIRef)
    )
    return ValidationReport(conforms, results, report_graph, municipalities)
