"""A SPARQL server that is down, too slow or answers garbage is a clear error that names the
endpoint, within the timeout; the command line reports it without a traceback."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from scale_helpers import OxigraphServer, free_port

from goalgraph.cli import main
from goalgraph.errors import QueryError
from goalgraph.store.open import open_store
from goalgraph.store.protocol import StoreError
from goalgraph.store.remote import RemoteStore


def test_a_server_that_is_down_names_the_endpoint() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(StoreError, match=f"cannot reach the SPARQL endpoint {url}.*running"):
        open_store(url).named_graphs()


def test_a_slow_server_times_out_naming_the_endpoint(silent_server: str) -> None:
    store = RemoteStore(silent_server, timeout=0.5)
    with pytest.raises(StoreError, match=f"{silent_server} did not answer within 0.5 s"):
        store.select("SELECT * WHERE { ?s ?p ?o }")


class _Garbage(BaseHTTPRequestHandler):
    status = 200
    body = b"<html>hello</html>"

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(self.status)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(self.body)

    do_GET = do_POST = _answer  # noqa: N815

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def garbage_server() -> Iterator[tuple[HTTPServer, str]]:
    server = HTTPServer(("127.0.0.1", 0), _Garbage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server, f"http://127.0.0.1:{server.server_port}/query"
    server.shutdown()
    server.server_close()


def test_garbage_answers_name_the_endpoint(garbage_server: tuple[HTTPServer, str]) -> None:
    _, url = garbage_server
    store = RemoteStore.from_url(url, timeout=5)
    with pytest.raises(StoreError, match=f"{url} answered with something that is not SPARQL JSON"):
        store.select("SELECT * WHERE { ?s ?p ?o }")
    with pytest.raises(StoreError, match="not N-Triples"):
        store.dump("https://w3id.org/goalgraph/graph/nora", "text/turtle")


def test_server_errors_name_the_endpoint_and_status(
    garbage_server: tuple[HTTPServer, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, url = garbage_server
    monkeypatch.setattr(_Garbage, "status", 503)
    with pytest.raises(StoreError, match=f"{url} answered HTTP 503"):
        RemoteStore(url, timeout=5, union_default_graph=True).ask("ASK { ?s ?p ?o }")


def test_a_bad_query_is_a_query_error_from_a_real_server(
    oxigraph_servers: dict[str, OxigraphServer],
) -> None:
    store = RemoteStore.from_url(oxigraph_servers["scratch"].url)
    with pytest.raises(QueryError, match="refused the request"):
        store.select("SELECT WHERE {")


def test_the_command_line_reports_a_down_server(capsys: pytest.CaptureFixture[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    assert main(["--store", url, "query", "municipalities"]) == 2
    err = capsys.readouterr().err
    assert "goalgraph: error: cannot reach the SPARQL endpoint" in err and url in err
    assert "Traceback" not in err
