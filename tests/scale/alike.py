"""What the backend tests compare with the embedded store: the graphs and summary of a loaded
store, the named queries' rows, the answers of the API's /sparql endpoint over a store, and a
write through the API."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic

from api.app import create_app
from api.settings import Settings
from goalgraph import resources
from goalgraph.namespaces import GRAPH
from goalgraph.sparql.named import named_queries, run_query
from goalgraph.store.load import (
    FRAMEWORK_GRAPH_PREFIX,
    MUNICIPALITIES_GRAPH,
    ONTOLOGY_GRAPH,
    SDG_GRAPH,
    framework_files,
    municipality_files,
    stored_summary,
)
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.store.protocol import Store

#: The parameters the named queries are run with.
PARAMETERS = {
    "goal": "nora:goal-kf1",
    "body": "vaggeryd:body-kf",
    "municipality": "nora",
    "sdg": "11",
    "lang": "en",
}
NORA = str(GRAPH["nora"])
VAGGERYD = str(GRAPH["vaggeryd"])
#: The municipalities of data/, each in a graph of its own.
DATA_SLUGS = [p.stem for p in municipality_files(resources.data_dir())]
GOALS = (
    "PREFIX gg: <https://w3id.org/goalgraph/ontology#> "
    "SELECT ?goal WHERE { ?goal a gg:Goal ; "
    "gg:municipality <https://w3id.org/goalgraph/id/vaggeryd> } ORDER BY ?goal"
)
PER_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
JSON = {"Accept": "application/sparql-results+json"}


def assert_graphs_as_on_the_reference(store: Store, reference: OxigraphStore) -> None:
    """``store`` lists one graph per municipality of data/ beside the reference data (and no
    graph of its own server's), with the same summary as the embedded store."""
    graphs = store.named_graphs()
    assert {NORA, VAGGERYD} <= set(graphs)
    expected = [
        ONTOLOGY_GRAPH,
        SDG_GRAPH,
        MUNICIPALITIES_GRAPH,
        *(FRAMEWORK_GRAPH_PREFIX + p.stem for p in framework_files(resources.data_dir())),
        *(str(GRAPH[s]) for s in DATA_SLUGS),
    ]
    assert graphs == sorted(expected)
    summary = stored_summary(store)
    assert summary.municipalities == DATA_SLUGS and {"nora", "vaggeryd"} <= set(DATA_SLUGS)
    assert summary.graphs == stored_summary(reference).graphs


def assert_named_query_as_on_the_reference(
    store: Store, reference: OxigraphStore, name: str, params: Mapping[str, str] | None = None
) -> None:
    """The named query ``name`` has the same variables and rows on both stores (run with those
    of ``params``, by default :data:`PARAMETERS`, that it declares)."""
    declared = {p.name for p in named_queries()[name].parameters}
    chosen = {k: v for k, v in (params or PARAMETERS).items() if k in declared}
    expected = run_query(reference, name, **chosen)
    got = run_query(store, name, **chosen)
    assert got.variables == expected.variables, chosen
    assert sorted(map(repr, got.rows)) == sorted(map(repr, expected.rows)), chosen


@contextmanager
def serving(store: Store, **settings: Any) -> Iterator[TestClient]:
    """A client of the API over ``store``."""
    app = create_app(store=store, settings=Settings(write_token=None, warm_up=False, **settings))
    with TestClient(app) as client:
        yield client


def bindings(client: TestClient, query: str) -> list[dict[str, Any]]:
    """The rows of a SELECT query sent to the API's /sparql endpoint as a form."""
    response = client.post("/sparql", data={"query": query}, headers=JSON)
    assert response.status_code == 200, response.text
    assert response.headers["x-result-count"] == str(len(response.json()["results"]["bindings"]))
    rows: list[dict[str, Any]] = response.json()["results"]["bindings"]
    return rows


def assert_sparql_as_on_the_reference(
    server: TestClient, local: TestClient, queries: tuple[str, ...] = (GOALS, PER_GRAPH)
) -> None:
    """The API over a server answers ``queries``, an ASK, a CSV table and a CONSTRUCT as
    Turtle as the API over the embedded store (``local``) does."""
    for query in queries:
        assert bindings(server, query) == bindings(local, query), query
    assert len(bindings(server, GOALS)) >= 4
    ask = server.post(
        "/sparql",
        content="ASK { ?s a ?t }",
        headers={"Content-Type": "application/sparql-query"},
    )
    assert ask.json() == {"head": {}, "boolean": True}
    csvs = [c.get("/sparql", params={"query": GOALS, "format": "csv"}) for c in (server, local)]
    tables = [list(csv.reader(io.StringIO(answer.text))) for answer in csvs]
    assert tables[0] == tables[1] and tables[0][0] == ["goal"]
    nora = "CONSTRUCT WHERE { <https://w3id.org/goalgraph/id/nora> ?p ?o }"
    graphs = []
    for client in (server, local):
        response = client.get("/sparql", params={"query": nora}, headers={"Accept": "text/turtle"})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].startswith("text/turtle")
        graphs.append(Graph().parse(data=response.text, format="turtle"))
    assert len(graphs[0]) > 3 and isomorphic(graphs[0], graphs[1])


def put_vaggeryd_again(store: Store) -> None:
    """Vaggeryd's graph, read from the API over ``store``, written back through it."""
    settings = Settings(write_token="t0ken-for-tests", warm_up=False)
    with TestClient(create_app(store=store, settings=settings)) as client:
        body = client.get("/graph/vaggeryd", headers={"Accept": "text/turtle"}).content
        response = client.put(
            "/graph/vaggeryd",
            content=body,
            headers={"Authorization": "Bearer t0ken-for-tests", "Content-Type": "text/turtle"},
        )
        assert response.status_code == 200, response.text
        assert response.json()["triples"] > 500
