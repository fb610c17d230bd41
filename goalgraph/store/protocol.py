"""The store interface: what goalgraph needs from a triple store, and what a backend
guarantees.

The store holds one named graph per municipality (``graph/{slug}``) beside the Agenda 2030
reference graph (``graph/sdg``) and the ontology (``graph/ontology``). Queries see the union
of all graphs as their default graph. Parameters are bound as a standard ``VALUES`` block
(see :mod:`goalgraph.sparql.binding`), never by formatting strings.

Backends, chosen with :func:`goalgraph.store.open.open_store`:

- :class:`goalgraph.store.oxigraph.OxigraphStore` on disk (a path): the embedded, persistent
  default of ``goalgraph run``. Writes are transactions: a process killed in the middle of one
  leaves the store as it was before or after, never half-written; readers see one or the other.
- :class:`goalgraph.store.oxigraph.OxigraphStore` in memory (``memory:``): the same engine
  without a folder.
- :class:`goalgraph.store.remote.RemoteStore` (``http://…/query``): any SPARQL 1.1 server
  that speaks the Query, Update and Graph Store protocols (Oxigraph server, Apache Jena
  Fuseki, GraphDB, Virtuoso), for one data set shared by many users.

Each backend states what it guarantees in :class:`Capabilities`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from goalgraph.errors import GoalgraphError

Term = rdflib.URIRef | rdflib.Literal | rdflib.BNode
QuadLike = ox.Quad | ox.Triple


class StoreError(GoalgraphError):
    """A store that cannot be opened, read or written; the message names its folder or
    endpoint."""


@dataclass(frozen=True)
class Capabilities:
    """What a backend guarantees."""

    #: The data outlives the process that wrote it.
    persistent: bool
    #: ``replace_graph``/``replace_graphs`` are all-or-nothing and readers see the data
    #: before or after a write, never in between.
    transactional: bool
    #: The data lives in a server that other clients may change at any time.
    remote: bool


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

    @property
    def capabilities(self) -> Capabilities:
        """What this backend guarantees."""
        ...

    @property
    def location(self) -> str:
        """Where the data is: ``memory``, a folder or an endpoint URL (for messages)."""
        ...

    def replace_graph(self, graph: str, quads: Iterable[QuadLike]) -> int:
        """Replace the content of one named graph; returns the number of triples stored."""
        ...

    def replace_graphs(self, graphs: Mapping[str, Iterable[QuadLike]]) -> dict[str, int]:
        """Replace several named graphs in one write (atomic where ``transactional``)."""
        ...

    def remove_graph(self, graph: str) -> None:
        """Remove one named graph."""
        ...

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        ...

    def graph_hash(self, graph: str) -> str:
        """A hash of one named graph's content; it changes whenever the content changes."""
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

    def close(self) -> None:
        """Release the store (its folder lock or its connections)."""
        ...
