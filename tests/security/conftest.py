"""Fixtures of the security suite: a listener on loopback that records every request made to
it (an outbound request from the service is a failure), and the service itself, started for
real on a free loopback port with a write token."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from api.launch import ServerStartError, running_server

WRITE_TOKEN = "security-suite-token"


@dataclass
class Listener:
    """A loopback HTTP server that answers 200 to anything and records each request."""

    url: str
    requests: list[tuple[str, str]] = field(default_factory=list)


@pytest.fixture
def listener() -> Iterator[Listener]:
    """A recording HTTP listener on 127.0.0.1 (its ``requests`` must stay empty)."""
    record: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            record.append((self.command, self.path))
            body = b"LISTENER-REPLY"
            self.send_response(200)
            self.send_header("Content-Type", "application/sparql-results+json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        # BaseHTTPRequestHandler dispatches on these method names
        do_GET = do_POST = do_PUT = do_HEAD = _answer  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Listener(f"http://127.0.0.1:{server.server_address[1]}", record)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def live_server() -> Iterator[str]:
    """The service over the project's data/ (in memory) with a write token, on loopback."""
    try:
        with running_server({"GOALGRAPH_WRITE_TOKEN": WRITE_TOKEN}) as base:
            yield base
    except ServerStartError as exc:
        pytest.fail(str(exc))


@pytest.fixture
def auth() -> dict[str, str]:
    """The Authorization header for writes."""
    return {"Authorization": f"Bearer {WRITE_TOKEN}"}
