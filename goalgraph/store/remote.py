"""A remote SPARQL 1.1 server as a goalgraph store.

:class:`RemoteStore` speaks the standard protocols as plain HTTP: the SPARQL 1.1 Query protocol
(POST, results as SPARQL JSON, graphs as N-Triples), the Update protocol (one request per write,
which servers run as one transaction) and the Graph Store protocol (``?graph=`` to read a
graph). It works with the Oxigraph server, Apache Jena Fuseki, GraphDB and Virtuoso. Queries
need the union of the named graphs as their default graph: servers that offer it
(``oxigraph serve --union-default-graph``, Fuseki's ``unionDefaultGraph``, GraphDB, Virtuoso)
are used as they are; for the others the store names the graphs with the protocol's
``default-graph-uri`` and ``named-graph-uri`` parameters. Which case applies is found out
once, from the data.

A server that is down, too slow or answers something that is not SPARQL is a
:class:`~goalgraph.store.oxigraph.StoreError` that names the endpoint.

Untrusted queries (the public SPARQL endpoint) go to the server with
:meth:`RemoteStore.query_with_limits`, under the same time and row limits as the embedded
store's worker processes (:mod:`goalgraph.sparql.pool`), run by
:mod:`goalgraph.store.remote_limited`.

The messages themselves are read and written in :mod:`goalgraph.store.remote_protocol`, and
:mod:`goalgraph.store.remote_endpoints` finds the endpoints beside a URL; this module is the
store class, one method per operation of the ``Store`` protocol.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from goalgraph.errors import GoalgraphError
from goalgraph.mediatypes import NTRIPLES, SPARQL_JSON
from goalgraph.namespaces import PREFIXES
from goalgraph.sparql.binding import bind_values
from goalgraph.sparql.limits import Dataset, Limits, QueryResult
from goalgraph.store.booleans import standard_booleans
from goalgraph.store.oxigraph import (
    RDF_FORMATS,
    Capabilities,
    QuadLike,
    SelectResult,
    StoreError,
    as_triples,
    iri_ref,
    ntriples_hash,
    rdflib_graph,
    replace_update,
)
from goalgraph.store.remote_endpoints import endpoints_from_url
from goalgraph.store.remote_limited import query_with_limits as limited_query
from goalgraph.store.remote_protocol import (
    check_ntriples,
    inline_filter_bindings,
    parse_boolean,
    parse_select,
    parse_triples,
    query_form,
    sparql_term,
    status_error,
    transport_error,
)

_GRAPH_LIST_TTL = 5.0
#: Marks a staging graph of a staged write (see :meth:`RemoteStore._replace_by_staging`).
_STAGE = "#goalgraph-staging-"
#: The graphs that hold triples; Virtuoso answers this grouped form in milliseconds, and
#: SELECT DISTINCT ?g over the same pattern in seconds.
_GRAPHS_WITH_TRIPLES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
#: Graphs Virtuoso keeps for itself (its RDF views, LDP and URIQA settings).
_SERVER_GRAPHS = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
)


def _is_server_graph(name: str) -> bool:
    """A graph the server keeps for itself, or a staging graph of a write under way."""
    return name in _SERVER_GRAPHS or _STAGE in name


class RemoteStore:
    """A SPARQL 1.1 server (see the module docstring).

    ``gsp_endpoint`` may be ``None`` for servers without the Graph Store protocol; graphs are
    then read with CONSTRUCT queries. ``auth`` is a (user, password) pair for HTTP basic
    authentication or a bearer token. ``union_default_graph`` is ``None`` to find out from the
    data whether the server's default graph is the union of its named graphs.
    ``virtuoso`` works around Virtuoso's differences: writes go through the Graph Store
    protocol into staging graphs that one update moves into place (Virtuoso refuses large
    updates), and parameters are also written into the FILTERs that use them (Virtuoso does
    not see a parameter bound outside an OPTIONAL in a FILTER inside it), and the 1/0 it
    answers for booleans become ``true``/``false`` (:mod:`goalgraph.store.booleans`).
    """

    def __init__(
        self,
        query_endpoint: str,
        update_endpoint: str | None = None,
        gsp_endpoint: str | None = None,
        *,
        timeout: float = 30.0,
        auth: tuple[str, str] | str | None = None,
        union_default_graph: bool | None = None,
        virtuoso: bool = False,
    ) -> None:
        self.query_endpoint = query_endpoint
        self.update_endpoint = update_endpoint or query_endpoint
        self.gsp_endpoint = gsp_endpoint
        self.timeout = timeout
        headers = {"User-Agent": "goalgraph"}
        basic: httpx.BasicAuth | None = None
        if isinstance(auth, tuple):
            basic = httpx.BasicAuth(*auth)
        elif isinstance(auth, str):
            headers["Authorization"] = f"Bearer {auth}"
        self._client = httpx.Client(timeout=timeout, headers=headers, auth=basic)
        self._union = union_default_graph
        self._virtuoso = virtuoso
        self._staged_writes = virtuoso and gsp_endpoint is not None
        self._graphs: tuple[float, list[str]] | None = None
        self._lock = threading.Lock()

    @classmethod
    def from_url(cls, url: str, *, timeout: float = 30.0) -> RemoteStore:
        """A store from a query endpoint URL such as ``http://localhost:7878/query``.

        The update and Graph Store endpoints default to Oxigraph's layout (``…/update``,
        ``…/store``) beside a ``…/query`` endpoint, and for a ``…/sparql`` endpoint to
        Virtuoso's (the same URL, ``…/sparql-graph-crud``, staged writes);
        ``GOALGRAPH_UPDATE_ENDPOINT`` and ``GOALGRAPH_GSP_ENDPOINT``
        override them (Fuseki: ``…/ds/update`` and ``…/ds/data``). A user and password in the
        URL are sent as HTTP basic authentication; ``GOALGRAPH_STORE_TOKEN`` as a bearer token.
        """
        found = endpoints_from_url(url)
        return cls(
            found.query,
            found.update,
            found.gsp,
            timeout=timeout,
            auth=found.auth,
            # Virtuoso's default graph also holds its own graphs: name goalgraph's
            union_default_graph=False if found.virtuoso else None,
            virtuoso=found.virtuoso,
        )

    def __repr__(self) -> str:
        return f"RemoteStore({self.query_endpoint})"

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(persistent=True, transactional=True, remote=True)

    @property
    def location(self) -> str:
        return self.query_endpoint

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()

    # -- HTTP -----------------------------------------------------------------------------------

    def _request(
        self, method: str, url: str, *, timeout: float | None = None, **kwargs: Any
    ) -> httpx.Response:
        limit = self.timeout if timeout is None else timeout
        try:
            response = self._client.request(method, url, timeout=limit, **kwargs)
        except httpx.HTTPError as exc:
            raise transport_error(exc, url, limit) from exc
        if response.status_code >= 400:
            raise status_error(response.status_code, url, response.text)
        return response

    def _dataset(self, timeout: float | None = None) -> list[tuple[str, str]]:
        """Protocol parameters that make the default graph the union of the named graphs."""
        if self._union is None:
            self._union = self._detect_union(timeout)
        if self._union is not False:
            return []
        graphs = self._named_graphs(timeout)
        return [("default-graph-uri", g) for g in graphs] + [("named-graph-uri", g) for g in graphs]

    def _detect_union(self, timeout: float | None = None) -> bool | None:
        sample = self._post_query(
            "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o FILTER (isIRI(?s) && !isBlank(?o)) } } "
            "LIMIT 1",
            SPARQL_JSON,
            [],
            timeout,
        )
        rows = parse_select(sample, self.query_endpoint).rows
        if not rows:
            return None  # no data yet: decide later
        row = rows[0]
        triple = " ".join(sparql_term(row[v]) for v in ("s", "p", "o"))
        answer = self._post_query(f"ASK {{ {triple} }}", SPARQL_JSON, [], timeout)
        return parse_boolean(answer, self.query_endpoint)

    def _post_query(
        self,
        query: str,
        accept: str,
        dataset: list[tuple[str, str]],
        timeout: float | None = None,
    ) -> httpx.Response:
        return self._request(
            "POST",
            self.query_endpoint,
            timeout=timeout,
            content=urlencode([("query", query), *dataset]).encode("ascii"),
            headers={"Accept": accept, "Content-Type": "application/x-www-form-urlencoded"},
        )

    def _query(
        self, query: str, accept: str, bindings: Mapping[str, Node] | None
    ) -> httpx.Response:
        if self._virtuoso and bindings:
            query = inline_filter_bindings(query, bindings)
        return self._post_query(bind_values(query, bindings), accept, self._dataset())

    def _update(self, update: str) -> None:
        self._request(
            "POST",
            self.update_endpoint,
            content=update.encode("utf-8"),
            headers={"Content-Type": "application/sparql-update; charset=utf-8"},
        )
        with self._lock:
            self._graphs = None

    # -- writing --------------------------------------------------------------------------------

    def replace_graph(self, graph: str, quads: Iterable[QuadLike]) -> int:
        return self.replace_graphs({graph: quads})[graph]

    def replace_graphs(self, graphs: Mapping[str, Iterable[QuadLike]]) -> dict[str, int]:
        """Replace the graphs with one SPARQL update request (one transaction on the server)."""
        staged = {graph: as_triples(quads) for graph, quads in graphs.items()}
        if self._staged_writes:
            self._replace_by_staging(staged)
        else:
            self._update(replace_update(staged))
        return {graph: len(t) for graph, t in staged.items()}

    def _replace_by_staging(self, graphs: Mapping[str, list[ox.Triple]]) -> None:
        """Put each graph into a staging graph (Graph Store protocol), then move them all into
        place with one update; a failure before the move leaves the graphs as they were."""
        if self.gsp_endpoint is None:
            raise GoalgraphError("staged writes need the server's Graph Store endpoint")
        token = uuid.uuid4().hex
        stages = {graph: f"{graph}{_STAGE}{token}" for graph in graphs}
        try:
            for graph, triples in graphs.items():
                self._request(
                    "PUT",
                    self.gsp_endpoint,
                    params={"graph": stages[graph]},
                    content=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"",
                    headers={"Content-Type": NTRIPLES},
                )
            moves = [
                f"MOVE SILENT GRAPH {iri_ref(stages[g])} TO {iri_ref(g)}"
                if triples
                else f"DROP SILENT GRAPH {iri_ref(g)}"
                for g, triples in graphs.items()
            ]
            self._update(" ;\n".join(moves))
        finally:
            self._update(" ;\n".join(f"DROP SILENT GRAPH {iri_ref(s)}" for s in stages.values()))

    def remove_graph(self, graph: str) -> None:
        self._update(f"DROP SILENT GRAPH {iri_ref(graph)}")

    # -- reading --------------------------------------------------------------------------------

    def named_graphs(self) -> list[str]:
        return self._named_graphs()

    def _named_graphs(self, timeout: float | None = None) -> list[str]:
        with self._lock:
            cached = self._graphs
        if cached is not None and time.monotonic() - cached[0] < _GRAPH_LIST_TTL:
            return list(cached[1])
        response = self._post_query(
            "SELECT DISTINCT ?g WHERE { GRAPH ?g { } }", SPARQL_JSON, [], timeout
        )
        found = parse_select(response, self.query_endpoint).column("g")
        if None in found:  # Virtuoso: one row without ?g; ask for graphs that hold triples
            response = self._post_query(_GRAPHS_WITH_TRIPLES, SPARQL_JSON, [], timeout)
            found = parse_select(response, self.query_endpoint).column("g")
        graphs = sorted(
            str(g) for g in found if isinstance(g, rdflib.URIRef) and not _is_server_graph(str(g))
        )
        with self._lock:
            self._graphs = (time.monotonic(), graphs)
        return list(graphs)

    def _graph_ntriples(self, graph: str) -> bytes:
        if self.gsp_endpoint is None:
            text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {iri_ref(graph)} {{ ?s ?p ?o }} }}"
            return self._query(text, NTRIPLES, None).content
        try:
            response = self._request(
                "GET", self.gsp_endpoint, params={"graph": graph}, headers={"Accept": NTRIPLES}
            )
        except StoreError as exc:
            if "HTTP 404" in str(exc):
                return b""
            raise
        data = response.content
        check_ntriples(data, response.headers.get("content-type", ""), self.gsp_endpoint)
        return data

    def graph_hash(self, graph: str) -> str:
        return ntriples_hash(self._graph_ntriples(graph))

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> SelectResult:
        result = parse_select(self._query(query, SPARQL_JSON, bindings), self.query_endpoint)
        return standard_booleans(query, result) if self._virtuoso else result

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        return parse_boolean(self._query(query, SPARQL_JSON, bindings), self.query_endpoint)

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> rdflib.Graph:
        data = self._query(query, NTRIPLES, bindings).content
        return rdflib_graph(parse_triples(data, self.query_endpoint))

    def query_serialized(
        self, query: str, media_type: str, bindings: Mapping[str, Node] | None = None
    ) -> tuple[bytes, str]:
        form = query_form(query)
        if form in ("CONSTRUCT", "DESCRIBE"):
            triples = parse_triples(
                self._query(query, NTRIPLES, bindings).content, self.query_endpoint
            )
            fmt = RDF_FORMATS.get(media_type, ox.RdfFormat.TURTLE)
            if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
                fmt = ox.RdfFormat.TURTLE
            return ox.serialize(triples, format=fmt, prefixes=PREFIXES) or b"", fmt.media_type
        accept = media_type if media_type not in RDF_FORMATS else SPARQL_JSON
        response = self._query(query, accept, bindings)
        served = response.headers.get("content-type", accept).split(";")[0].strip()
        return response.content, served

    def query_with_limits(
        self, query: str, media_type: str, limits: Limits, *, dataset: Dataset = None
    ) -> QueryResult:
        """Run an untrusted, read-only query on the server within ``limits``, serialised in
        ``media_type`` as the embedded store's workers do (see
        :func:`~goalgraph.store.remote_limited.query_with_limits`)."""
        return limited_query(
            self._client, self.query_endpoint, query, media_type, limits, dataset, self._dataset
        )

    def dump(self, graph: str | None, media_type: str) -> bytes:
        fmt = RDF_FORMATS.get(media_type)
        if fmt is None:
            raise ValueError(f"unsupported RDF media type {media_type!r}")
        if graph is not None:
            data = self._graph_ntriples(graph)
            if fmt == ox.RdfFormat.N_TRIPLES:
                return data  # as the server wrote it: graph_hash hashes the same bytes
            triples = parse_triples(data, self.location)
            return ox.serialize(triples, format=fmt, prefixes=PREFIXES) or b""
        quads: list[ox.Quad] = []
        for name in self.named_graphs():
            node = ox.NamedNode(name)
            quads.extend(
                ox.Quad(t.subject, t.predicate, t.object, node)
                for t in parse_triples(self._graph_ntriples(name), self.location)
            )
        if fmt.supports_datasets:
            return ox.serialize(quads, format=fmt, prefixes=PREFIXES) or b""
        return ox.serialize(as_triples(quads), format=fmt, prefixes=PREFIXES) or b""

    def to_rdflib(self, graphs: Sequence[str] | None = None) -> rdflib.Graph:
        names = self.named_graphs() if graphs is None else list(graphs)
        out = rdflib.Graph()
        for name in names:
            out.parse(data=self._graph_ntriples(name), format="nt")
        return out


__all__ = ["RemoteStore"]
