"""Hostile and malformed requests get a clear 4xx and never a traceback."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

PROBES = [
    ("GET", "/id/nora/goal-kf1%3E%20%3Fs%20%3Fp%20%3Fo", 422),
    ("GET", "/id/nora/goal-kf1%22%29%3B%20DROP", 422),
    ("GET", "/id/..%2F..%2Fetc%2Fpasswd", 404),
    ("GET", "/id/nora/..%2F..%2Fsdg", 404),
    ("GET", "/sdg/1%3B%20DROP%20ALL", 422),
    ("GET", "/sdg/11?lang=fr", 422),
    ("GET", "/id/nora?format=%3Cscript%3E", 406),
    ("GET", "/id/nora/goal-kf1?format=pdf", 406),
    ("GET", "/diagrams/chain?target=%3Cscript%3E", 404),
    ("GET", "/diagrams/chain?target=atlantis", 404),
    ("GET", "/diagrams/unknown?target=nora", 422),
    ("GET", "/comparison?m=atlantis", 404),
    ("GET", "/validation/atlantis", 404),
    ("DELETE", "/graph/nora", 403),  # writes are off without a token; DELETE exists
    ("POST", "/id/nora", 405),
]


@pytest.mark.parametrize(("method", "path", "status"), PROBES)
def test_probe_is_a_clear_4xx(client: TestClient, method: str, path: str, status: int) -> None:
    response = client.request(method, path)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["message"] and body["status"] == status
    assert "Traceback" not in response.text and 'File "' not in response.text


def test_error_pages_for_browsers_escape_the_path(client: TestClient) -> None:
    response = client.get(
        "/nowhere/%3Cscript%3Ealert(1)%3C%2Fscript%3E", headers={"Accept": "text/html"}
    )
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.text and "&lt;script&gt;" in response.text


def test_malformed_content_length_is_400(client: TestClient) -> None:
    response = client.post(
        "/sparql",
        content=b"ASK{}",
        headers={"Content-Type": "application/sparql-query", "Content-Length": "-5"},
    )
    assert response.status_code in (400, 413)
