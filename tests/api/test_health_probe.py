"""/health probes the store itself: against a real server on loopback whose store stops
answering, /health turns to 503 with the reason within a few probes, and back to 200 when the
store answers again."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping

import httpx
import pytest
import uvicorn
from rdflib.term import Node

from api.app import create_app
from api.launch import free_port
from api.settings import Settings
from goalgraph.store.load import load_data
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.store.protocol import StoreError


class FailingStore(OxigraphStore):
    """The project's store, whose ASK queries fail while ``failing`` is set."""

    failing = False

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        if self.failing:
            raise StoreError("disk /srv/store is not readable")
        return super().ask(query, bindings)


@pytest.fixture
def served() -> Iterator[tuple[str, FailingStore]]:
    store = FailingStore()
    load_data(store)  # the project's data/
    app = create_app(store=store, settings=Settings(write_token=None, warm_up=False))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server on loopback did not start within 60 s")
        time.sleep(0.05)
    yield base, store
    server.should_exit = True
    thread.join(30)


def _wait_for(base: str, status: int, timeout: float = 10.0) -> httpx.Response:
    deadline = time.monotonic() + timeout
    while True:
        response = httpx.get(base + "/health", timeout=5)
        if response.status_code == status or time.monotonic() > deadline:
            return response
        time.sleep(0.2)


def test_health_answers_503_with_the_reason_while_the_store_fails(
    served: tuple[str, FailingStore],
) -> None:
    base, store = served
    ok = httpx.get(base + "/health", timeout=5)
    assert ok.status_code == 200
    assert ok.json()["status"] == "ok"
    assert "nora" in ok.json()["municipalities"]

    store.failing = True
    failed = _wait_for(base, 503)
    assert failed.status_code == 503, failed.text
    assert failed.headers["content-type"].startswith("application/json")
    body = failed.json()
    assert body["status"] == "unavailable"
    assert "StoreError" in body["reason"] and "/srv/store" in body["reason"]

    store.failing = False
    again = _wait_for(base, 200)
    assert again.status_code == 200, again.text
    assert "nora" in again.json()["municipalities"]
