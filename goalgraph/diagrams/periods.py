"""Each goal's period, as a small line in the goal-chain diagram, for a municipality whose goals
belong to several periods (mandate periods, budget periods, a goal set replaced by another).

The line is the period's years where the data has them (``Period: 2025–2028``), else its
name, else the goal's own dates; a goal that is not in force on the day of the drawing says
so (``gäller inte i dag``), as when every period or an earlier one is chosen. A municipality
whose goals all share one period (or none) gets no lines: they would say nothing. A goal whose
time the data does not state gets none either (the page's table says "period not stated").
"""

from __future__ import annotations

import datetime as dt

from rdflib import Graph, URIRef

from goalgraph.diagrams import style
from goalgraph.lifecycle.validity import (
    chain_elements,
    element_interval,
    is_valid_at,
    periods,
)
from goalgraph.namespaces import GG, municipality_graph, municipality_iri
from goalgraph.store.protocol import Store

#: The statements about time that :mod:`goalgraph.lifecycle.validity` reads (a test checks that
#: the lines from them are those from the whole graph): parsing only these is some ten times
#: faster than parsing a municipality's whole graph.
TIME_STATEMENTS = """\
PREFIX gg: <https://w3id.org/goalgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g {
  { VALUES ?p { rdf:type gg:municipality gg:validDuring gg:validFrom gg:validThrough gg:adopts
                gg:replacedByDecision gg:yearsNotStated
                <http://purl.org/dc/terms/date> <http://purl.org/dc/terms/isReplacedBy>
                <http://purl.org/dc/terms/replaces> <http://www.w3.org/ns/prov#wasRevisionOf>
                <http://www.w3.org/2006/time#hasBeginning> <http://www.w3.org/2006/time#hasEnd>
                <http://www.w3.org/2006/time#intervalBefore>
                <http://www.w3.org/2006/time#inXSDDate> <http://www.w3.org/2006/time#inXSDGYear>
                <http://www.w3.org/2006/time#inXSDDateTimeStamp>
                <http://www.w3.org/2006/time#inXSDGYearMonth> }
    ?s ?p ?o }
  UNION
  { VALUES ?period { gg:Period gg:MandatePeriod gg:BudgetPeriod gg:YearPeriod gg:HeadingPeriod }
    ?s rdf:type ?period ; ?p ?o . FILTER (?p = skos:prefLabel) }
} }"""


def period_lines(
    store: Store, slug: str, lang: str = "sv", today: dt.date | None = None
) -> dict[str, str]:
    """Per chain element of ``slug`` in ``store`` (by IRI), the line naming its period."""
    graph = store.construct(TIME_STATEMENTS, {"g": municipality_graph(slug)})
    return element_period_lines(graph, slug, lang, today or dt.date.today())


def element_period_lines(graph: Graph, slug: str, lang: str, today: dt.date) -> dict[str, str]:
    """:func:`period_lines` over the municipality's graph."""
    texts = style.strings(lang)
    known = {p.iri: p for p in periods(graph, slug, lang)}
    municipality = municipality_iri(slug)
    times: dict[str, str | None] = {}
    for element in chain_elements(graph):
        if (element, GG.municipality, municipality) not in graph:
            continue
        named = sorted(
            (known[str(p)] for p in graph.objects(element, GG.validDuring) if str(p) in known),
            key=lambda p: (p.interval.start or dt.date.min, p.iri),
        )
        if named:
            times[str(element)] = ", ".join(p.years() or p.label for p in named)
            continue
        interval = element_interval(graph, element)
        stated = interval.start is not None or interval.end is not None
        times[str(element)] = interval.text() if stated else None
    if len(known) < 2 and len(set(times.values())) < 2:
        return {}
    lines = {}
    for iri, time in times.items():
        parts = [texts["period_line"].format(period=time)] if time else []
        if not is_valid_at(graph, URIRef(iri), today):
            parts.append(texts["not_in_force"])
        if parts:
            lines[iri] = " · ".join(parts)
    return lines
