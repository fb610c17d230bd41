"""One store interface for goalgraph, with an embedded Oxigraph store as the default.

The store holds one named graph per municipality (``graph/{slug}``) beside the Agenda 2030
reference graph (``graph/sdg``) and the ontology (``graph/ontology``). Queries see the union
of all graphs as their default graph. Parameters are bound as a
standard ``VALUES`` block (see :mod:`goalgraph.sparql`), never by formatting strings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from goalgraph.errors import QueryError
from goalgraph.namespaces import PREFIXES
from goalgraph.sparql import bind_values

Term = rdflib.URIRef | rdflib.Literal | rdflib.BNode


@dataclass(frozen=True)
class SelectResult:
    """The rows of a SELECT query, with rdflib terms (``None`` for unbound)."""

    variables: list[str]
    rows: list[dict[str, Term | None]]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Term | None]]:
        return iter(self.rows)

    def column(self, name: str) -> list[Term | None]:
        """All values of one variable, in row order."""
        return [row.get(name) for row in self.rows]

    def to_json(self) -> list[dict[str, str | None]]:
        """Rows as plain strings, for JSON output."""
        return [{k: (None if v is None else str(v)) for k, v in row.items()} for row in self.rows]


@runtime_checkable
class Store(Protocol):
    """What goalgraph needs from a triple store."""

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad | ox.Triple]) -> int:
        """Replace the content of one named graph; returns the number of triples stored."""
        ...

    def remove_graph(self, graph: str) -> None:
        """Remove one named graph."""
        ...

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        ...

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> SelectResult:
        """Run a SELECT query with bound parameters."""
        ...

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ASK query with bound parameters."""
        ...

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> rdflib.Graph:
        """Run a CONSTRUCT or DESCRIBE query."""
        ...

    def query_serialized(
        self, query: str, media_type: str, bindings: Mapping[str, Node] | None = None
    ) -> tuple[bytes, str]:
        """Run any query and serialise its result in a SPARQL results or RDF media type."""
        ...

    def dump(self, graph: str | None, media_type: str) -> bytes:
        """Serialise one named graph (or, with ``None``, all of them as a dataset or union)."""
        ...

    def to_rdflib(self, graphs: Sequence[str] | None = None) -> rdflib.Graph:
        """The triples of the given named graphs (default all) as one rdflib Graph."""
        ...


# --- term conversion -------------------------------------------------------------------------


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


def _bytes(data: bytes | None) -> bytes:
    """pyoxigraph returns ``None`` only when it wrote to an output it was given."""
    if data is None:
        raise RuntimeError("serialisation produced no bytes")
    return data


RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


class OxigraphStore:
    """The embedded default: a pyoxigraph store in memory, or on disk when given a path."""

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._store = ox.Store(str(self.path)) if self.path is not None else ox.Store()

    def __repr__(self) -> str:
        return f"OxigraphStore({str(self.path) if self.path else 'memory'})"

    # -- writing --------------------------------------------------------------------------------

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad | ox.Triple]) -> int:
        name = ox.NamedNode(graph)
        staged = [ox.Quad(q.subject, q.predicate, q.object, name) for q in quads]
        if self._store.contains_named_graph(name):
            self._store.remove_graph(name)
        self._store.add_graph(name)
        self._store.extend(staged)
        return len(staged)

    def remove_graph(self, graph: str) -> None:
        name = ox.NamedNode(graph)
        if self._store.contains_named_graph(name):
            self._store.remove_graph(name)

    # -- reading --------------------------------------------------------------------------------

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def _query(self, query: str, bindings: Mapping[str, Node] | None) -> object:
        try:
            return self._store.query(bind_values(query, bindings), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> SelectResult:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        variables = [v.value for v in result.variables]
        rows = [
            {var: (None if sol[var] is None else to_rdflib(sol[var])) for var in variables}
            for sol in result
        ]
        return SelectResult(variables, rows)

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> rdflib.Graph:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        graph = rdflib.Graph()
        for triple in result:
            graph.add(
                (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
            )
        return graph

    def query_serialized(
        self, query: str, media_type: str, bindings: Mapping[str, Node] | None = None
    ) -> tuple[bytes, str]:
        result = self._query(query, bindings)
        if isinstance(result, ox.QueryTriples):
            fmt = RDF_FORMATS.get(media_type, ox.RdfFormat.TURTLE)
            if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):  # a query answers triples
                fmt = ox.RdfFormat.TURTLE
            return _bytes(result.serialize(format=fmt)), fmt.media_type
        fmt_r = RESULT_FORMATS.get(media_type, ox.QueryResultsFormat.JSON)
        return _bytes(result.serialize(format=fmt_r)), fmt_r.media_type  # type: ignore[attr-defined]

    def dump(self, graph: str | None, media_type: str) -> bytes:
        fmt = RDF_FORMATS.get(media_type)
        if fmt is None:
            raise ValueError(f"unsupported RDF media type {media_type!r}")
        if graph is not None:
            return _bytes(
                self._store.dump(format=fmt, from_graph=ox.NamedNode(graph), prefixes=PREFIXES)
            )
        if fmt.supports_datasets:
            return _bytes(self._store.dump(format=fmt, prefixes=PREFIXES))
        quads = self._store.quads_for_pattern(None, None, None, None)
        return _bytes(
            ox.serialize(
                (ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                format=fmt,
                prefixes=PREFIXES,
            )
        )

    def to_rdflib(self, graphs: Sequence[str] | None = None) -> rdflib.Graph:
        names = self.named_graphs() if graphs is None else list(graphs)
        out = rdflib.Graph()
        for name in names:
            data = self._store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
            out.parse(data=data, format="nt")
        return out
