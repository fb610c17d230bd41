"""The public /sparql endpoint over a SPARQL server: the server answers each query itself (no
worker process, no copy of the data), with the same answers, limits and errors as the
embedded store's workers."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from alike import GOALS, PER_GRAPH, assert_sparql_as_on_the_reference, bindings, serving
from scale_helpers import OxigraphServer, free_port

from goalgraph.store.load import load_data
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.store.remote import RemoteStore

ALL_TRIPLES = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
NORA = "CONSTRUCT WHERE { <https://w3id.org/goalgraph/id/nora> ?p ?o }"
EXTRA = "https://w3id.org/goalgraph/graph/extra-for-a-test"
NORA_GRAPH = "https://w3id.org/goalgraph/graph/nora"
S, P = ox.NamedNode("http://example.org/s"), ox.NamedNode("http://example.org/p")


@pytest.fixture(scope="module")
def remote(oxigraph_servers: dict[str, OxigraphServer]) -> Iterator[RemoteStore]:
    """The project's data in a real Oxigraph server (the queries only read it; tests that
    add a graph remove it again)."""
    store = oxigraph_servers["scratch"].store()
    load_data(store)
    yield store
    store.close()


def query_workers() -> set[int]:
    """The SPARQL worker processes started from this process."""
    found = set()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        parent = int(stat.rpartition(")")[2].split()[1])
        if parent == os.getpid() and b"goalgraph.sparql.pool" in command:
            found.add(int(entry.name))
    return found


def test_queries_answer_as_on_the_embedded_store(
    remote: RemoteStore, reference: OxigraphStore
) -> None:
    with serving(remote) as server, serving(reference) as local:
        assert_sparql_as_on_the_reference(server, local, (GOALS, PER_GRAPH, ALL_TRIPLES))
        # the default graph is the union of the named graphs, as on the embedded store
        assert int(bindings(server, ALL_TRIPLES)[0]["n"]["value"]) > 5000


def test_the_server_answers_without_workers_or_a_copy_of_the_data(
    remote: RemoteStore, reference: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not Path("/proc/self/stat").exists():
        pytest.skip("needs /proc to see the worker processes")
    before = query_workers()
    with serving(reference) as local:  # the control: the embedded store uses a worker
        assert bindings(local, GOALS)
        assert query_workers() - before
    assert query_workers() == before

    dump = remote.dump

    def graph_dumps_only(graph: str | None, media_type: str) -> bytes:
        assert graph is not None, "the whole dataset was downloaded"
        return dump(graph, media_type)

    monkeypatch.setattr(remote, "dump", graph_dumps_only)
    other_client = RemoteStore.from_url(remote.query_endpoint)
    nora = other_client.dump(NORA_GRAPH, "application/n-triples")
    triples = list(ox.parse(nora, format=ox.RdfFormat.N_TRIPLES))
    extra = ox.Triple(S, P, ox.Literal("written by another client"))
    with serving(remote) as server:
        assert bindings(server, GOALS)
        other_client.replace_graph(NORA_GRAPH, [*triples, extra])
        try:
            # the service saw no write, yet the next query sees it: the server answered
            rows = bindings(server, "SELECT ?o WHERE { <http://example.org/s> ?p ?o }")
            assert rows == [{"o": {"type": "literal", "value": "written by another client"}}]
        finally:
            other_client.replace_graph(NORA_GRAPH, triples)
            other_client.close()
        assert query_workers() == before


def test_a_result_over_the_row_limit_is_refused(remote: RemoteStore) -> None:
    with serving(remote, max_result_rows=10) as server:
        response = server.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
        assert response.status_code == 422
        assert response.json()["error"] == "result-too-large"
        assert "more than 10 rows" in response.json()["message"]
        graph = server.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
        assert graph.status_code == 422 and "more than 10 triples" in graph.json()["message"]
        assert server.get("/sparql", params={"query": GOALS + " LIMIT 3"}).status_code == 200
        assert server.get("/sparql", params={"query": GOALS + " LIMIT 10"}).status_code == 200


def test_an_answer_larger_than_the_rows_allow_is_not_read(remote: RemoteStore) -> None:
    remote.replace_graph(EXTRA, [ox.Triple(S, P, ox.Literal("x" * (3 << 20)))])
    try:
        with serving(remote, max_result_rows=10) as server:
            response = server.get(
                "/sparql", params={"query": "SELECT ?o WHERE { <http://example.org/s> ?p ?o }"}
            )
            assert response.status_code == 422
            assert response.json()["error"] == "result-too-large"
            assert "larger than 1 MiB" in response.json()["message"]
    finally:
        remote.remove_graph(EXTRA)


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }",
        "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
        "LOAD <http://127.0.0.1:1/data.ttl>",
    ],
)
def test_service_and_updates_are_still_refused(remote: RemoteStore, query: str) -> None:
    with serving(remote) as server:
        response = server.get("/sparql", params={"query": query})
        assert response.status_code == 400
        assert response.json()["error"] == "forbidden-operation"
    assert not remote.ask("ASK { <http://e/a> ?p ?o }")


def test_a_syntax_error_is_a_query_error(remote: RemoteStore) -> None:
    with serving(remote) as server:
        # goalgraph's own parser refuses what it cannot read before the server sees it ...
        response = server.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
        assert response.status_code == 400
        assert response.json()["error"] == "query-error"
        assert "syntax error" in response.json()["message"]
        # ... and the server's refusal (here: a prefix it does not know) names the server.
        unknown_prefix = "SELECT * WHERE { ?s skos:prefLabel ?o }"
        response = server.get("/sparql", params={"query": unknown_prefix})
        assert response.status_code == 400
        assert response.json()["error"] == "query-error"
        assert remote.query_endpoint in response.json()["message"]


class _Answer(BaseHTTPRequestHandler):
    """A web server that is not a SPARQL server: a page, or an error status."""

    status = 200

    def do_POST(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(self.status)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(b"<html>hello</html>")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def web_server() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/query"
    server.shutdown()
    server.server_close()


def _error(store: RemoteStore, query: str, status: int = 502, **settings: Any) -> dict[str, Any]:
    """The error body of a query; by default the store behind the service failed (502)."""
    with serving(store, **settings) as server:
        response = server.get("/sparql", params={"query": query})
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    return body


def test_a_server_that_is_down_or_answers_garbage_is_named(
    web_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    down = f"http://127.0.0.1:{free_port()}/query"
    message = _error(RemoteStore(down), GOALS)["message"]
    assert message.startswith(f"cannot reach the SPARQL endpoint {down}")
    garbage = RemoteStore(web_server, union_default_graph=True)
    message = _error(garbage, GOALS)["message"]
    assert f"{web_server} answered with something that is not SPARQL JSON results" in message
    assert "<html>hello" in message
    assert "not N-Triples" in _error(garbage, NORA)["message"]
    # without a known union default graph the first request already finds out
    assert "not SPARQL JSON" in _error(RemoteStore(web_server), GOALS)["message"]
    monkeypatch.setattr(_Answer, "status", 503)
    assert f"{web_server} answered HTTP 503" in _error(garbage, GOALS)["message"]


def test_a_silent_server_is_stopped_at_the_time_limit(silent_server: str) -> None:
    started = time.monotonic()
    body = _error(
        RemoteStore(silent_server, union_default_graph=True), GOALS, 422, query_timeout=0.3
    )
    assert time.monotonic() - started < 5
    assert body["error"] == "query-timeout" and "0.3 s" in body["message"]
    # without a known union default graph, the first (setup) request already times out
    body = _error(RemoteStore(silent_server), GOALS, 502, query_timeout=0.3)
    assert f"{silent_server} did not answer within 0.3 s" in body["message"]


def test_a_slow_query_is_stopped_at_the_time_limit(remote: RemoteStore) -> None:
    # about ten million solutions: seconds of work for the server, far over the limit
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d a ?f }"
    with serving(remote, query_timeout=0.2) as server:
        started = time.monotonic()
        response = server.get("/sparql", params={"query": slow})
        elapsed = time.monotonic() - started
        assert response.status_code == 422, response.text
        assert response.json()["error"] == "query-timeout"
        assert "took longer than 0.2 s" in response.json()["message"]
        assert elapsed < 3
        after = server.get("/sparql", params={"query": "ASK WHERE { ?s ?p ?o }"})
        assert after.status_code == 200 and after.json()["boolean"] is True
