"""Conversion between pyoxigraph and rdflib: terms, triples, graphs and SELECT rows, and
N-Triples text as Oxigraph writes it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from goalgraph.errors import QueryError
from goalgraph.mediatypes import RDF_FORMATS, RESULT_FORMATS
from goalgraph.store.protocol import QuadLike, SelectResult, Term


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to a pyoxigraph term."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an RDF term")


def to_rdflib(term: object) -> Term:
    """Convert a pyoxigraph term to an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def rdflib_graph(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    """An rdflib graph of Oxigraph triples (e.g. a CONSTRUCT result)."""
    graph = rdflib.Graph()
    for triple in triples:
        graph.add(
            (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
        )
    return graph


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_PARSED: dict[object, Term] = {}


def add_graph_quads(
    out: rdflib.Graph, quads: Iterable[ox.Quad | ox.Triple], *, keep_labels: bool = False
) -> None:
    """Add the triples of one graph's ``quads`` to ``out`` as rdflib's N-Triples parser would
    read that graph's dump: a plain literal without datatype, and a fresh rdflib blank node for
    each blank node label (as every parse makes new ones; with ``keep_labels``, a blank node
    of the same label, as a parse with a context that keeps them); without writing and parsing
    text (about a third of the time). An IRI or literal is converted once and kept for the next
    calls (at most :data:`KEPT_TERMS`; rdflib checks each language tag with a slow regex)."""
    blanks: dict[str, rdflib.BNode] = {}
    converted = _PARSED
    if len(converted) > KEPT_TERMS:
        converted.clear()
    add = out.add
    for quad in quads:
        triple: list[Term] = []
        for term in (quad.subject, quad.predicate, quad.object):
            if isinstance(term, ox.BlankNode):
                blank = blanks.get(term.value)
                if blank is None:
                    blank = blanks[term.value] = rdflib.BNode(term.value if keep_labels else None)
                triple.append(blank)
                continue
            value = converted.get(term)
            if value is None:
                value = converted[term] = _parsed_term(term)
            triple.append(value)
        add((triple[0], triple[1], triple[2]))


def _parsed_term(term: object) -> Term:
    """An IRI or literal as rdflib's N-Triples parser reads it."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:
            return rdflib.Literal(term.value)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def ox_triples(graph: rdflib.Graph) -> list[ox.Triple]:
    """An rdflib graph's triples as Oxigraph triples (to store them)."""
    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]  # type: ignore[arg-type]


#: How many converted terms :func:`solution_rows` keeps between queries.
KEPT_TERMS = 200_000
_CONVERTED: dict[Any, Term] = {}


def solution_rows(
    solutions: Iterable[Any], variables: Sequence[str]
) -> list[dict[str, Term | None]]:
    """SELECT solutions as rows of rdflib terms; a term that recurs (a municipality, a basis,
    a label) is converted once, and kept for the next queries (terms are values: the
    conversion of one never changes; at most :data:`KEPT_TERMS` are kept)."""
    converted = _CONVERTED
    if len(converted) > KEPT_TERMS:
        converted.clear()
    rows = []
    for solution in solutions:
        row: dict[str, Term | None] = {}
        for var in variables:
            term = solution[var]
            if term is None:
                row[var] = None
                continue
            value = converted.get(term)
            if value is None:
                value = converted[term] = to_rdflib(term)
            row[var] = value
        rows.append(row)
    return rows


def serialized(data: bytes | None) -> bytes:
    """pyoxigraph returns ``None`` only when it wrote to an output it was given."""
    if data is None:
        raise RuntimeError("serialisation produced no bytes")
    return data


def as_triples(quads: Iterable[QuadLike]) -> list[ox.Triple]:
    """Triples from quads or triples (a quad's graph name is dropped)."""
    return [q if isinstance(q, ox.Triple) else q.triple for q in quads]


def ntriples(triples: Sequence[ox.Triple]) -> bytes:
    """Triples as N-Triples text, one triple per line."""
    return serialized(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))


def select_answer(result: object) -> SelectResult:
    """A SELECT query's answer from Oxigraph as rows of rdflib terms."""
    if not isinstance(result, ox.QuerySolutions):
        raise QueryError("expected a SELECT query")
    variables = [v.value for v in result.variables]
    return SelectResult(variables, solution_rows(result, variables))


def ask_answer(result: object) -> bool:
    """An ASK query's answer from Oxigraph."""
    if not isinstance(result, ox.QueryBoolean):
        raise QueryError("expected an ASK query")
    return bool(result)


def construct_answer(result: object) -> rdflib.Graph:
    """A CONSTRUCT or DESCRIBE query's answer from Oxigraph as an rdflib graph."""
    if not isinstance(result, ox.QueryTriples):
        raise QueryError("expected a CONSTRUCT or DESCRIBE query")
    return rdflib_graph(result)


def serialized_answer(result: object, media_type: str) -> tuple[bytes, str]:
    """Any query's answer from Oxigraph written in ``media_type`` (or the format's default:
    Turtle for triples, SPARQL JSON for results), with the media type written."""
    if isinstance(result, ox.QueryTriples):
        fmt = RDF_FORMATS.get(media_type, ox.RdfFormat.TURTLE)
        if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):  # a query answers triples
            fmt = ox.RdfFormat.TURTLE
        return serialized(result.serialize(format=fmt)), fmt.media_type
    if not isinstance(result, ox.QuerySolutions | ox.QueryBoolean):
        raise QueryError("unexpected query answer")
    fmt_r = RESULT_FORMATS.get(media_type, ox.QueryResultsFormat.JSON)
    return serialized(result.serialize(format=fmt_r)), fmt_r.media_type
