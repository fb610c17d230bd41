"""Reading resources: JSON, HTML and RDF at the paths of their IRIs, in Swedish and English."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from goalgraph.sparql.named import run_query
from goalgraph.store.load import default_store
from goalgraph.store.oxigraph import OxigraphStore

GOAL = "/id/nora/goal-kf1"
GOAL_IRI = "https://w3id.org/goalgraph/id/nora/goal-kf1"


def test_start_page_lists_both_municipalities(client: TestClient) -> None:
    body = client.get("/").json()
    assert {m["slug"] for m in body} >= {"nora", "vaggeryd"}
    page = client.get("/", headers={"Accept": "text/html"})
    assert "Nora kommun" in page.text and 'href="/id/vaggeryd"' in page.text


def test_goal_json_has_its_chain_owner_documents_and_sdgs(client: TestClient) -> None:
    goal = client.get(GOAL).json()
    assert goal["kind"] == "goal" and goal["iri"] == GOAL_IRI
    assert goal["label"].startswith("Nora kommun ska")
    up = [e["iri"] for e in goal["chain_up"]]
    assert "https://w3id.org/goalgraph/id/nora/vision" in up
    assert goal["owners"], "a council goal has an owner"
    assert goal["sdg"] and all(s["notation"] for s in goal["sdg"])
    assert goal["level"]["label"]


def test_vaggeryd_goal_lists_the_programme_that_supports_it(client: TestClient) -> None:
    goal = client.get("/id/vaggeryd/goal-kf1").json()
    titles = [d["label"] for d in goal["documents"]]
    assert "Strategiskt utvecklingsprogram" in titles
    assert [s["notation"] for s in goal["sdg"]] == ["8.4", "11.3", "11.a"]


def test_goal_page_shows_the_chain_in_swedish_and_english(client: TestClient) -> None:
    sv = client.get(GOAL, headers={"Accept": "text/html"})
    assert sv.status_code == 200 and 'lang="sv"' in sv.text
    assert "Uppåt i målkedjan" in sv.text and "Nora kommun ska" in sv.text
    en = client.get(GOAL + "?lang=en", headers={"Accept": "text/html"})
    assert "Up the goal chain" in en.text and "Nora Municipality shall" in en.text
    assert "lang=en" in en.headers["set-cookie"]


def test_the_language_cookie_is_remembered(store: OxigraphStore) -> None:
    app = create_app(store=store, settings=Settings())
    with TestClient(app) as fresh:
        fresh.get("/?lang=en", headers={"Accept": "text/html"})
        page = fresh.get("/id/nora", headers={"Accept": "text/html"})
    assert "Governance model" in page.text and page.headers["content-language"] == "en"


@pytest.mark.parametrize(
    ("accept", "query", "media_type", "parse_format"),
    [
        ("text/turtle", "", "text/turtle", ox.RdfFormat.TURTLE),
        ("application/ld+json", "", "application/ld+json", ox.RdfFormat.JSON_LD),
        ("application/n-triples", "", "application/n-triples", ox.RdfFormat.N_TRIPLES),
        ("text/html", "?format=ttl", "text/turtle", ox.RdfFormat.TURTLE),
        ("text/html", "?format=jsonld", "application/ld+json", ox.RdfFormat.JSON_LD),
    ],
)
def test_goal_as_rdf(
    client: TestClient, accept: str, query: str, media_type: str, parse_format: ox.RdfFormat
) -> None:
    response = client.get(GOAL + query, headers={"Accept": accept})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media_type)
    quads = list(ox.parse(response.content, format=parse_format))
    subjects = {q.subject.value for q in quads if isinstance(q.subject, ox.NamedNode)}
    assert GOAL_IRI in subjects


def test_municipality_page_has_diagram_governance_and_audit(client: TestClient) -> None:
    page = client.get("/id/nora", headers={"Accept": "text/html"}).text
    assert 'id="chain"' in page and "<svg" in page
    assert "Styrmodell" in page and "Fullmäktigemål" in page
    assert "Granskning" in page


def test_body_document_process_and_decision_pages(client: TestClient) -> None:
    body = client.get("/id/nora/body-kf").json()
    assert body["kind"] == "body" and body["goals"]
    doc = client.get("/id/vaggeryd/doc-strategiskt-utvecklingsprogram").json()
    assert doc["kind"] == "document" and len(doc["supports_goals"]) == 4
    process = client.get("/id/vaggeryd/process-sup-2019").json()
    assert [s["order"] for s in process["steps"]] == sorted(s["order"] for s in process["steps"])
    decision = client.get("/id/vaggeryd/decision-kf-2019-05-27", headers={"Accept": "text/html"})
    assert "Kommunfullmäktige 2019-05-27" in decision.text


def test_sdg_goal_lists_goals_from_both_municipalities(client: TestClient) -> None:
    """SDG 11 lists every municipality whose goals serve it in the data (Nora and Vaggeryd
    among them), and no other."""
    goals = client.get("/sdg").json()
    assert len(goals) == 17 and goals[10]["notation"] == "11"
    eleven = client.get("/sdg/11").json()
    municipalities = {s["municipality"]["slug"] for s in eleven["served_by"]}
    rows = run_query(default_store(), "goals-serving-sdg", sdg="sdg:11")
    serving = {str(row["municipality"]).rsplit("/", 1)[-1] for row in rows}
    assert municipalities == serving
    assert {"nora", "vaggeryd"} <= municipalities
    target = client.get("/sdg/11.3", headers={"Accept": "text/html"})
    assert "Vaggeryds kommun ska vara en plats med hållbar samhällsutveckling" in target.text


def test_unknown_resources_are_404_with_a_message(client: TestClient) -> None:
    for path in ("/id/nora/goal-nope", "/id/atlantis", "/sdg/18", "/graph/atlantis"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.json()["error"] == "not-found"
    page = client.get("/id/atlantis", headers={"Accept": "text/html"})
    assert page.status_code == 404 and "Fel 404" in page.text


def test_graph_store_get_returns_the_whole_municipality(client: TestClient) -> None:
    response = client.get("/graph/vaggeryd", headers={"Accept": "application/n-triples"})
    triples = list(ox.parse(response.content, format=ox.RdfFormat.N_TRIPLES))
    assert len(triples) > 500
    assert client.get("/graph/sdg?format=ttl").status_code == 200


def test_labels_from_data_are_escaped(fresh_store: OxigraphStore) -> None:
    evil = '<script>alert("x")</script>'
    graph = "https://w3id.org/goalgraph/graph/nora"
    current = ox.parse(
        fresh_store.dump(graph, "application/n-triples"), format=ox.RdfFormat.N_TRIPLES
    )
    comment = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
    fresh_store.replace_graph(
        graph,
        [*current, ox.Triple(ox.NamedNode(GOAL_IRI), comment, ox.Literal(evil, language="sv"))],
    )
    with TestClient(create_app(store=fresh_store, settings=Settings())) as fresh:
        page = fresh.get(GOAL, headers={"Accept": "text/html"})
    assert evil not in page.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in page.text
    assert "script-src 'none'" in page.headers["content-security-policy"]


def test_health_and_openapi(client: TestClient) -> None:
    assert client.get("/health").json()["status"] == "ok"
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/id/{slug}/{local}",
        "/sparql",
        "/graph/{slug}",
        "/validation",
        "/sdg/{notation}",
        "/diagrams/{kind}",
        "/comparison",
    } <= paths
    goal = spec["paths"]["/id/{slug}/{local}"]["get"]
    assert {"text/turtle", "application/ld+json", "application/n-triples", "text/html"} <= set(
        goal["responses"]["200"]["content"]
    )
    json.dumps(spec)
