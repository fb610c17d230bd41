"""Validated writes to one municipality's graph, with a bearer token."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from api_helpers import AUTH
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import SKOS as SKOSNS
from rdflib.term import Node

from api.settings import Settings
from goalgraph.authoring.workbook import import_graph, municipality_graph_of
from goalgraph.cli import main
from goalgraph.namespaces import GG as GGNS
from goalgraph.store.confinement import ConfinementError, MunicipalityConflictError
from goalgraph.store.oxigraph import OxigraphStore

GRAPH = "https://w3id.org/goalgraph/graph/vaggeryd"
GG = "PREFIX gg: <https://w3id.org/goalgraph/ontology#> "
SKOS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
KF1 = "<https://w3id.org/goalgraph/id/vaggeryd/goal-kf1>"
TTL = {"Content-Type": "text/turtle"}
UPDATE = {"Content-Type": "application/sparql-update"}


def _graph(store: OxigraphStore) -> bytes:
    return store.dump(GRAPH, "application/n-triples")


def test_put_replaces_a_valid_graph(writer: TestClient, fresh_store: OxigraphStore) -> None:
    body = writer.get("/graph/vaggeryd").content
    response = writer.put("/graph/vaggeryd", content=body, headers={**AUTH, **TTL})
    assert response.status_code == 200, response.text
    assert response.json()["triples"] > 500 and not response.json()["created"]


def test_put_of_invalid_data_is_422_with_the_report_and_changes_nothing(
    writer: TestClient, fresh_store: OxigraphStore
) -> None:
    before = _graph(fresh_store)
    lines = [
        line
        for line in before.decode().splitlines()
        if not (line.startswith(KF1) and "ontology#atLevel" in line)
    ]
    response = writer.put(
        "/graph/vaggeryd",
        content="\n".join(lines).encode(),
        headers={**AUTH, "Content-Type": "application/n-triples"},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "validation-failed" and not body["report"]["conforms"]
    assert any(r["focus_node"] == KF1.strip("<>") for r in body["report"]["results"])
    assert _graph(fresh_store) == before


def test_patch_applies_an_insert_and_is_visible(writer: TestClient) -> None:
    update = SKOS + f'INSERT DATA {{ {KF1} skos:altLabel "Tillväxtmålet"@sv }}'
    response = writer.patch("/graph/vaggeryd", content=update.encode(), headers={**AUTH, **UPDATE})
    assert response.status_code == 200, response.text
    turtle = writer.get("/id/vaggeryd/goal-kf1?format=ttl").text
    assert "Tillväxtmålet" in turtle


def test_patch_that_breaks_the_chain_is_rejected(
    writer: TestClient, fresh_store: OxigraphStore
) -> None:
    before = _graph(fresh_store)
    update = GG + f"DELETE WHERE {{ {KF1} gg:atLevel ?level }}"
    response = writer.patch("/graph/vaggeryd", content=update.encode(), headers={**AUTH, **UPDATE})
    assert response.status_code == 422 and response.json()["report"]["violations"] >= 1
    assert _graph(fresh_store) == before


@pytest.mark.parametrize(
    ("update", "status"),
    [
        ("DROP ALL", 400),
        ("LOAD <http://127.0.0.1:1/x.ttl>", 400),
        (f"INSERT DATA {{ GRAPH <http://e/g> {{ {KF1} <http://e/p> 1 }} }}", 400),
        ("INSERT DATA { oops", 400),
        ("SELECT * WHERE { ?s ?p ?o }", 400),
    ],
)
def test_patch_refuses_anything_but_edits_of_this_graph(
    writer: TestClient, fresh_store: OxigraphStore, update: str, status: int
) -> None:
    before = _graph(fresh_store)
    response = writer.patch("/graph/vaggeryd", content=update.encode(), headers={**AUTH, **UPDATE})
    assert response.status_code == status and response.json()["message"]
    assert _graph(fresh_store) == before


@pytest.mark.parametrize(
    ("headers", "status", "words"),
    [
        ({}, 401, "needs a bearer token"),
        ({"Authorization": "Bearer wrong"}, 401, "not valid"),
        ({"Authorization": "Basic dXNlcjpwYXNz"}, 401, "bearer token"),
    ],
)
def test_writes_need_the_right_token(
    writer: TestClient, fresh_store: OxigraphStore, headers: dict[str, str], status: int, words: str
) -> None:
    before = _graph(fresh_store)
    response = writer.put("/graph/vaggeryd", content=before, headers={**headers, **TTL})
    assert response.status_code == status and words in response.json()["message"]
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert _graph(fresh_store) == before


def test_writes_are_disabled_without_a_configured_token(
    make_client: Callable[..., TestClient],
) -> None:
    closed = make_client(Settings(write_token=None))
    response = closed.put("/graph/vaggeryd", content=b"", headers={**AUTH, **TTL})
    assert response.status_code == 403
    assert "GOALGRAPH_WRITE_TOKEN" in response.json()["message"]


@pytest.mark.parametrize(
    ("path", "body", "headers", "status"),
    [
        ("/graph/sdg", b"<a:a> <a:b> <a:c> .", TTL, 403),
        ("/graph/vaggeryd", b"<a:a> <a:b> <a:c> .", {"Content-Type": "text/plain"}, 415),
        ("/graph/vaggeryd", b"<a:a> <a:b> .", TTL, 400),
        ("/graph/vaggeryd", b"\xff\xfe\x00", TTL, 400),
        (
            "/graph/vaggeryd",
            b'{"@context": "http://127.0.0.1:1/ctx.jsonld", "@id": "a:x"}',
            {"Content-Type": "application/ld+json"},
            400,
        ),
        ("/graph/vaggeryd", b"<a:a> <a:b> <a:c> .", TTL, 422),
        ("/graph/Bad_Slug", b"<a:a> <a:b> <a:c> .", TTL, 422),
    ],
)
def test_bad_writes_are_4xx_and_change_nothing(
    writer: TestClient,
    fresh_store: OxigraphStore,
    path: str,
    body: bytes,
    headers: dict[str, str],
    status: int,
) -> None:
    before = _graph(fresh_store)
    response = writer.put(path, content=body, headers={**AUTH, **headers})
    assert response.status_code == status, response.text
    assert response.json()["message"] and "Traceback" not in response.text
    assert _graph(fresh_store) == before


def test_oversized_upload_is_413(make_client: Callable[..., TestClient]) -> None:
    small = make_client(Settings(write_token="t", max_upload_bytes=1000))
    response = small.put(
        "/graph/vaggeryd", content=b"#" * 5000, headers={"Authorization": "Bearer t", **TTL}
    )
    assert response.status_code == 413 and "1000 bytes" in response.json()["message"]


def test_concurrent_patches_are_serialised(writer: TestClient) -> None:
    results: list[int] = []

    def patch(n: int) -> None:
        update = SKOS + f'INSERT DATA {{ {KF1} skos:altLabel "etikett {n}"@sv }}'
        response = writer.patch(
            "/graph/vaggeryd", content=update.encode(), headers={**AUTH, **UPDATE}
        )
        results.append(response.status_code)

    threads = [threading.Thread(target=patch, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 4
    turtle = writer.get("/id/vaggeryd/goal-kf1?format=nt").text
    assert all(f"etikett {n}" in turtle for n in range(4))


def test_a_write_shows_in_the_validation_reports_of_that_municipality_only(
    writer: TestClient,
) -> None:
    assert writer.get("/validation/vaggeryd").json()["warnings"] == 0
    nora = writer.get("/validation/nora").json()
    programme = "<https://w3id.org/goalgraph/id/vaggeryd/doc-strategiskt-utvecklingsprogram>"
    update = GG + f"DELETE DATA {{ {programme} gg:supportsGoal {KF1} }}"
    response = writer.patch("/graph/vaggeryd", content=update.encode(), headers={**AUTH, **UPDATE})
    assert response.status_code == 200, response.text
    report = writer.get("/validation/vaggeryd").json()
    assert report["conforms"] and report["warnings"] == 1
    (result,) = [r for r in report["results"] if r["shape_id"] == "A04"]
    assert result["focus_node"] == KF1.strip("<>") and result["severity"] == "Warning"
    assert writer.get("/validation/nora").json() == nora
    statuses = {s["slug"]: s for s in writer.get("/validation").json()}
    assert statuses["vaggeryd"]["warnings"] == 1
    assert statuses["nora"]["warnings"] == nora["warnings"]


# --- the one validated write, from the sheet import and the command line ----------------------

FIXTURES = Path(__file__).resolve().parents[1] / "authoring" / "fixtures"


def _all_graphs(store: OxigraphStore) -> dict[str, bytes]:
    return {g: store.dump(g, "application/n-triples") for g in store.named_graphs()}


def _moved(graph: Graph, old: str, new: str, code: str | None = None) -> Graph:
    """``graph`` with the IRIs of ``old`` moved to ``new`` (and another municipality code)."""
    out = Graph()
    base = "https://w3id.org/goalgraph/id/"

    def move(term: Node) -> Node:
        if isinstance(term, URIRef) and str(term).startswith(base + old):
            return URIRef(base + new + str(term)[len(base + old) :])
        return term

    for s, p, o in graph:
        if code is not None and p == GGNS.municipalityCode:
            o = RdfLiteral(code)
        out.add((move(s), p, move(o)))
    return out


def test_sheet_import_is_confined_and_checks_the_code(fresh_store: OxigraphStore) -> None:
    before = _all_graphs(fresh_store)
    nora = municipality_graph_of(fresh_store, "nora")
    with pytest.raises(MunicipalityConflictError, match="'1884'"):
        import_graph(fresh_store, "kopia", _moved(nora, "nora", "kopia"))
    polluted = _moved(nora, "nora", "nora")
    polluted.add((URIRef("http://metadata.un.org/sdg/11"), SKOSNS.prefLabel, RdfLiteral("x")))
    with pytest.raises(ConfinementError, match="sdg/11"):
        import_graph(fresh_store, "nora", polluted)
    assert _all_graphs(fresh_store) == before
    result = import_graph(fresh_store, "kopia", _moved(nora, "nora", "kopia", "9990"))
    assert result.graph.endswith("/graph/kopia") and result.triples == len(nora)


def test_cli_import_writes_through_the_validated_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    store_dir = tmp_path / "store"
    sheet = FIXTURES / "provby.yaml"
    assert (
        main(["--store", str(store_dir), "import", str(sheet), "-o", str(tmp_path / "p.ttl")]) == 0
    )
    store = OxigraphStore(store_dir)
    try:
        assert "https://w3id.org/goalgraph/graph/provby" in store.named_graphs()
        before = _all_graphs(store)
    finally:
        store.close()
    taken = tmp_path / "provby-1884.yaml"
    taken.write_text(sheet.read_text(encoding="utf-8").replace('"9901"', '"1884"'), "utf-8")
    capsys.readouterr()
    assert main(["--store", str(store_dir), "import", str(taken)]) != 0
    err = capsys.readouterr().err
    assert "'1884'" in err and "already the code of <https://w3id.org/goalgraph/id/nora>" in err
    store = OxigraphStore(store_dir)
    try:
        assert _all_graphs(store) == before
    finally:
        store.close()
