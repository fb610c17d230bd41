"""Kolada's results in a municipality's graph: which indicators carry a Kolada id, the results as
RDF, and the import that validates and stores them in one write.
"""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from goalgraph.authoring.workbook import import_graph
from goalgraph.lifecycle.kolada.values import (
    SOURCE,
    FetchReport,
    KoladaError,
    check_kommunkod,
    check_kpi,
)
from goalgraph.namespaces import GG, municipality_iri, municipality_ns


def kolada_targets(graph: Graph, slug: str) -> tuple[str, dict[str, list[URIRef]]]:
    """The municipality's kommunkod and its indicators by Kolada id."""
    municipality = municipality_iri(slug)
    if (municipality, RDF.type, GG.Municipality) not in graph:
        raise KoladaError(f"unknown municipality {slug!r}")
    code = graph.value(municipality, GG.municipalityCode)
    if code is None:
        raise KoladaError(f"{slug} has no municipality code (gg:municipalityCode)")
    check_kommunkod(str(code))
    by_kpi: dict[str, list[URIRef]] = {}
    for indicator in graph.subjects(RDF.type, GG.Indicator):
        kpi = graph.value(indicator, GG.koladaId)
        if kpi is not None and isinstance(indicator, URIRef):
            by_kpi.setdefault(str(kpi), []).append(indicator)
    for kolada_id in by_kpi:
        check_kpi(kolada_id)
    return str(code), by_kpi


def _is_kolada(graph: Graph, result: Any) -> bool:
    return any(str(s) in ("Kolada", SOURCE) for s in graph.objects(result, DCTERMS.source))


def results_graph(graph: Graph, report: FetchReport) -> Graph:
    """A copy of the municipality's graph with the report's values as results: a result from
    Kolada for the same indicator and year is replaced, others are kept."""
    out = Graph()
    for triple in graph:
        out.add(triple)
    _, by_kpi = kolada_targets(graph, report.municipality)
    ns = municipality_ns(report.municipality)
    for value in report.values:
        for indicator in by_kpi[value.kpi]:
            for old in list(out.objects(indicator, GG.hasResult)):
                period = out.value(old, GG.period)
                if str(period)[:4] == str(value.year) and _is_kolada(out, old):
                    out.remove((indicator, GG.hasResult, old))
                    out.remove((old, None, None))
            local = str(indicator).rsplit("/", 1)[-1]
            node = ns[f"{local}-kolada-{value.year}"]
            identifier = f"{value.kpi}/{value.municipality}/{value.year}/T"
            out.add((indicator, GG.hasResult, node))
            out.add((node, RDF.type, GG.Result))
            out.add((node, GG.measuredValue, Literal(value.value, datatype=XSD.decimal)))
            out.add((node, GG.period, Literal(str(value.year), datatype=XSD.gYear)))
            out.add((node, DCTERMS.source, Literal(SOURCE)))
            out.add((node, GG.retrieved, Literal(report.retrieved.isoformat(), datatype=XSD.date)))
            out.add((node, DCTERMS.identifier, Literal(identifier)))
            if report.base_url.startswith("http"):
                api = f"{report.base_url}/data/kpi/{value.kpi}/municipality/{value.municipality}"
                out.add((node, RDFS.seeAlso, URIRef(f"{api}/year/{value.year}")))
    return out


def import_results(store: Any, graph: Graph, report: FetchReport) -> Any:
    """Add the report's results to the municipality's graph, validate it and store it in one
    write; an :class:`~goalgraph.authoring.workbook.ImportValidationError` stores nothing."""
    return import_graph(store, report.municipality, results_graph(graph, report))


__all__ = ["import_results", "kolada_targets", "results_graph"]
