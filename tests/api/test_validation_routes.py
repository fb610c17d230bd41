"""Validation reports and uploads (nothing stored), in Swedish and English."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from goalgraph.errors import GoalgraphError
from goalgraph.store.oxigraph import OxigraphStore

BROKEN = """@prefix gg: <https://w3id.org/goalgraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://w3id.org/goalgraph/id/> .
id:testby a gg:Municipality ; skos:prefLabel "Testby kommun"@sv ; gg:municipalityCode "9999" .
<https://w3id.org/goalgraph/id/testby/goal-1> a gg:Goal ;
    skos:prefLabel "Ett mål utan nivå"@sv ; gg:municipality id:testby .
""".encode()


def test_upload_reports_violations_in_swedish_and_english(client: TestClient) -> None:
    sv = client.post("/validation", content=BROKEN, headers={"Content-Type": "text/turtle"})
    assert sv.status_code == 200
    body = sv.json()
    assert body["conforms"] is False and body["violations"] >= 1
    en = client.post(
        "/validation?lang=en", content=BROKEN, headers={"Content-Type": "text/turtle"}
    ).json()
    assert en["results"][0]["message"] != body["results"][0]["message"]
    assert client.get("/graph/testby").status_code == 404, "an upload is never stored"


def test_upload_form_shows_the_violation_on_the_page(client: TestClient) -> None:
    page = client.post(
        "/validation",
        files={"file": ("testby.ttl", BROKEN, "text/plain")},
        headers={"Accept": "text/html"},
    )
    assert page.status_code == 200
    assert "goal-1" in page.text and 'class="violation"' in page.text


def test_unreadable_upload_names_the_line(client: TestClient) -> None:
    bad = b"@prefix gg: <https://w3id.org/goalgraph/ontology#> .\n\ngg:a gg:b .\n"
    response = client.post("/validation", content=bad, headers={"Content-Type": "text/turtle"})
    assert response.status_code == 400 and response.json()["line"] == 3
    page = client.post(
        "/validation",
        files={"file": ("x.ttl", bad, "text/turtle")},
        headers={"Accept": "text/html"},
    )
    assert page.status_code == 400 and "rad 3" in page.text
    assert (
        client.post("/validation", content=b"x", headers={"Content-Type": "image/png"}).status_code
        == 415
    )


def test_municipality_reports_and_status(client: TestClient, store: OxigraphStore) -> None:
    statuses = client.get("/validation").json()
    assert {s["slug"] for s in statuses} >= {"nora", "vaggeryd"}
    report = client.get("/validation/nora").json()
    assert report["conforms"] is True
    text = client.get("/validation/nora?format=text&lang=en")
    assert text.headers["content-type"].startswith("text/plain") and "Conforms" in text.text
    turtle = client.get("/validation/nora", headers={"Accept": "text/turtle"})
    assert "ValidationReport" in turtle.text


def test_a_status_without_a_report_names_the_reason(
    client: TestClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    service = client.app.state.service

    def broken(slug: str) -> None:
        raise GoalgraphError(f"cannot validate {slug}: the shapes are missing")

    monkeypatch.setattr(service, "municipality_report", broken)
    statuses = {s["slug"]: s for s in client.get("/validation").json()}
    assert statuses["nora"]["conforms"] is None and statuses["nora"]["violations"] is None
    assert statuses["nora"]["problem"] == "cannot validate nora: the shapes are missing"
