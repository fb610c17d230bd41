"""The SPARQL 1.1 Protocol endpoint: formats, safety, limits."""

from __future__ import annotations

import csv
import io
import json
import time
from collections.abc import Callable

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from api.settings import Settings
from goalgraph.sparql.guard import ForbiddenOperationError, check_patch, check_query
from goalgraph.sparql.results import WRITERS

GOALS = (
    "PREFIX gg: <https://w3id.org/goalgraph/ontology#> "
    "SELECT ?goal WHERE { ?goal a gg:Goal ; "
    "gg:municipality <https://w3id.org/goalgraph/id/vaggeryd> } ORDER BY ?goal"
)


def test_select_as_json_by_get(client: TestClient) -> None:
    response = client.get(
        "/sparql", params={"query": GOALS}, headers={"Accept": "application/sparql-results+json"}
    )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/sparql-results+json")
    goals = [b["goal"]["value"] for b in response.json()["results"]["bindings"]]
    assert "https://w3id.org/goalgraph/id/vaggeryd/goal-kf1" in goals
    assert response.headers["x-result-count"] == str(len(goals))


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
    ],
)
def test_select_formats_parse_as_standard_results(
    client: TestClient, accept: str, fmt: ox.QueryResultsFormat
) -> None:
    response = client.post("/sparql", data={"query": GOALS}, headers={"Accept": accept})
    assert response.status_code == 200 and response.headers["content-type"].startswith(accept)
    solutions = ox.parse_query_results(response.content, format=fmt)
    assert len(list(solutions)) >= 4


def test_our_writers_match_pyoxigraph(store: object) -> None:
    query = (
        'SELECT ?s ?l ?n WHERE { VALUES (?s ?l ?n) { (<http://e/a> "a\\tb"@sv 1) '
        '(<http://e/b> "x,\\"y\\"" UNDEF) } }'
    )
    oxstore = ox.Store()
    for media_type, fmt in (
        ("application/sparql-results+json", ox.QueryResultsFormat.JSON),
        ("application/sparql-results+xml", ox.QueryResultsFormat.XML),
        ("text/csv", ox.QueryResultsFormat.CSV),
        ("text/tab-separated-values", ox.QueryResultsFormat.TSV),
    ):
        result = oxstore.query(query)
        variables = [v.value for v in result.variables]
        rows = [[s[v] for v in variables] for s in result]
        if fmt == ox.QueryResultsFormat.CSV:
            expected = oxstore.query(query).serialize(format=fmt)
            assert WRITERS[media_type](variables, rows) == expected
            continue
        ours = list(ox.parse_query_results(WRITERS[media_type](variables, rows), format=fmt))
        expected = oxstore.query(query).serialize(format=fmt)
        theirs = list(ox.parse_query_results(expected, format=fmt))
        assert [[s[v] for v in variables] for s in ours] == [
            [s[v] for v in variables] for s in theirs
        ], media_type


def test_ask_and_construct(client: TestClient) -> None:
    ask = client.post(
        "/sparql",
        content="ASK WHERE { ?s a ?t }",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert ask.json() == {"head": {}, "boolean": True}
    construct = client.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { <https://w3id.org/goalgraph/id/nora> ?p ?o }"},
        headers={"Accept": "text/turtle"},
    )
    assert construct.headers["content-type"].startswith("text/turtle")
    assert len(list(ox.parse(construct.content, format=ox.RdfFormat.TURTLE))) > 3
    csv_rows = list(
        csv.reader(
            io.StringIO(client.get("/sparql", params={"query": GOALS, "format": "csv"}).text)
        )
    )
    assert csv_rows[0] == ["goal"]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:1/x> { ?s ?p ?o } }", "SERVICE"),
        ("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }", "read-only"),
        ("DROP ALL", "read-only"),
        ("LOAD <http://127.0.0.1:1/data.ttl>", "read-only"),
        ("SELECT * WHERE { ?s ?p }", "syntax error"),
        ("", "empty"),
        ("hello", "not a SPARQL query"),
    ],
)
def test_bad_queries_are_400_with_a_message(client: TestClient, query: str, words: str) -> None:
    response = client.get("/sparql", params={"query": query})
    assert response.status_code == 400
    assert words in response.json()["message"]


def test_update_form_field_and_wrong_content_type_are_refused(client: TestClient) -> None:
    update = client.post("/sparql", data={"update": "DROP ALL"})
    assert update.status_code == 400 and "read-only" in update.json()["message"]
    wrong = client.post(
        "/sparql", content="SELECT * WHERE {?s ?p ?o}", headers={"Content-Type": "text/plain"}
    )
    assert wrong.status_code == 415


def test_the_row_limit_is_a_clear_error(make_client: Callable[..., TestClient]) -> None:
    limited = make_client(Settings(max_result_rows=10))
    response = limited.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 422
    assert response.json()["error"] == "result-too-large"
    assert "more than 10 rows" in response.json()["message"]
    assert limited.get("/sparql", params={"query": GOALS + " LIMIT 3"}).status_code == 200


def test_the_time_limit_stops_the_query(make_client: Callable[..., TestClient]) -> None:
    # the cube of all triples runs for hours; 2 s leaves the fresh worker that answers the
    # next query time to do so on a busy machine
    limited = make_client(Settings(query_timeout=2))
    slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.monotonic()
    response = limited.get("/sparql", params={"query": slow})
    assert time.monotonic() - started < 30, "stopped near its limit, not run to the end"
    assert response.status_code == 422
    assert response.json()["error"] == "query-timeout"
    assert "2 s" in response.json()["message"]
    after = limited.get("/sparql", params={"query": "ASK WHERE { ?s ?p ?o }"})
    assert after.status_code == 200, "a fresh worker answers the next query"


def test_sparql_page_runs_a_query_and_shows_rows(client: TestClient) -> None:
    page = client.get("/sparql", params={"query": GOALS}, headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "goal-kf4" in page.text and 'id="row-count"' in page.text
    error = client.get(
        "/sparql", params={"query": "SELECT nonsense"}, headers={"Accept": "text/html"}
    )
    assert error.status_code == 400 and "Frågan kunde inte köras" in error.text
    assert client.get("/sparql").status_code == 400


@pytest.mark.parametrize(
    ("text", "ok"),
    [
        ("SELECT ?service WHERE { ?service ?p 'SERVICE' } # SERVICE", "SELECT"),
        ("PREFIX service: <http://e/> ASK { service:x ?p ?o }", "ASK"),
        ("DESCRIBE <http://e/insert>", "DESCRIBE"),
    ],
)
def test_guard_ignores_keywords_in_strings_iris_names(text: str, ok: str) -> None:
    assert check_query(text) == ok


@pytest.mark.parametrize(
    "patch",
    [
        "DROP GRAPH <http://e/g>",
        "INSERT DATA { GRAPH <http://e/g> { <a:a> <a:b> <a:c> } }",
        "WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
        "LOAD <http://e/x>",
        "DELETE WHERE { SERVICE <http://e/> { ?s ?p ?o } }",
    ],
)
def test_patch_guard_refuses_other_graphs_and_loading(patch: str) -> None:
    with pytest.raises(ForbiddenOperationError):
        check_patch(patch)


def test_json_result_is_utf8(client: TestClient) -> None:
    query = (
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?l WHERE { "
        '<https://w3id.org/goalgraph/id/nora> skos:prefLabel ?l FILTER(lang(?l)="sv") }'
    )
    body = json.loads(client.get("/sparql", params={"query": query}).content.decode("utf-8"))
    assert body["results"]["bindings"][0]["l"]["value"] == "Nora kommun"
