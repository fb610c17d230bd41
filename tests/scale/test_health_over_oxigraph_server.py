"""/health says whether the store answers: the service on loopback over a real Oxigraph server,
which is stopped and started again under it."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
from scale_helpers import OxigraphServer

from api.launch import ServerStartError, running_server
from goalgraph.store.load import load_data


def _health_until(base: str, status: int, within: float = 15.0) -> httpx.Response:
    deadline = time.monotonic() + within
    while True:
        answer = httpx.get(f"{base}/health", timeout=5)
        if answer.status_code == status or time.monotonic() > deadline:
            return answer
        time.sleep(0.2)


def test_health_follows_the_store(tmp_path: Path) -> None:
    server = OxigraphServer(tmp_path / "oxigraph")
    try:
        store = server.store()
        load_data(store)
        store.close()
        command = ["goalgraph", "--store", server.url, "run"]
        try:
            with running_server(command=command) as base:
                up = httpx.get(f"{base}/health", timeout=5)
                assert up.status_code == 200
                assert up.json()["status"] == "ok"
                assert "nora" in up.json()["municipalities"]

                server.stop()  # the store goes away under the running service
                down = _health_until(base, 503)
                assert down.status_code == 503, down.text
                body = down.json()
                assert body["status"] == "unavailable"
                assert body["reason"].startswith("the store did not answer")
                assert down.headers["Retry-After"] == "1"

                server = OxigraphServer(tmp_path / "oxigraph", port=server.port)  # back again
                again = _health_until(base, 200)
                assert again.status_code == 200, again.text
                assert "nora" in again.json()["municipalities"]
        except ServerStartError as exc:
            pytest.fail(str(exc))
    finally:
        server.stop()
