"""The key functions on all three backends: the embedded store on disk, in memory, and a real
Oxigraph server spoken to over the SPARQL protocols. Each gives the same answers as the
in-memory reference store."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic

from api.app import create_app
from api.settings import Settings
from goalgraph import resources
from goalgraph.analysis import analyse
from goalgraph.analysis.compare import compare
from goalgraph.diagrams import render_diagram
from goalgraph.namespaces import GG, GRAPH
from goalgraph.sparql.named import named_queries, run_query
from goalgraph.store.load import (
    FRAMEWORK_GRAPH_PREFIX,
    MUNICIPALITIES_GRAPH,
    ONTOLOGY_GRAPH,
    SDG_GRAPH,
    default_store,
    framework_files,
    municipality_files,
    stored_summary,
)
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.store.protocol import Store
from goalgraph.validation.graph import validate_graph
from goalgraph.validation.scale import validate_store

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


@pytest.fixture(scope="module")
def reference() -> OxigraphStore:
    return default_store()


def test_the_store_holds_one_graph_per_municipality_beside_the_reference_data(
    loaded_store: Store, reference: OxigraphStore
) -> None:
    graphs = loaded_store.named_graphs()
    assert {NORA, VAGGERYD} <= set(graphs)
    expected = [
        ONTOLOGY_GRAPH,
        SDG_GRAPH,
        MUNICIPALITIES_GRAPH,
        *(FRAMEWORK_GRAPH_PREFIX + p.stem for p in framework_files(resources.data_dir())),
        *(str(GRAPH[s]) for s in DATA_SLUGS),
    ]
    assert graphs == sorted(expected)
    summary = stored_summary(loaded_store)
    assert summary.municipalities == DATA_SLUGS and {"nora", "vaggeryd"} <= set(DATA_SLUGS)
    assert summary.graphs == stored_summary(reference).graphs


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_answers_as_on_the_embedded_store(
    loaded_store: Store, reference: OxigraphStore, name: str
) -> None:
    declared = {p.name for p in named_queries()[name].parameters}
    params = {k: v for k, v in PARAMETERS.items() if k in declared}
    expected = run_query(reference, name, **params)
    got = run_query(loaded_store, name, **params)
    assert got.variables == expected.variables
    assert sorted(map(repr, got.rows)) == sorted(map(repr, expected.rows))


def test_validation_per_graph_gives_the_reference_results(
    loaded_store: Store, reference: OxigraphStore
) -> None:
    """Every municipality of data/ (Nora and Vaggeryd among them), as pySHACL finds on the
    union of their graphs."""
    graphs = [str(GRAPH[s]) for s in DATA_SLUGS]
    expected = validate_graph(reference.to_rdflib(graphs))
    assert {NORA.rsplit("/", 1)[1], "vaggeryd"} <= {
        m.rsplit("/", 1)[1] for m in expected.municipalities
    }
    for engine in ("pyshacl", "turbo"):
        report = validate_store(loaded_store, engine=engine, workers=1)
        assert report.results == expected.results, engine
        assert report.municipalities == expected.municipalities
        assert report.conforms and len(report.warnings) == len(expected.warnings) > 0
    assert validate_graph(loaded_store.to_rdflib(graphs)).results == expected.results


def test_analysis_diagrams_and_comparison_match(
    loaded_store: Store, reference: OxigraphStore
) -> None:
    assert analyse(loaded_store, "nora").to_json() == analyse(reference, "nora").to_json()
    for kind, target in (("chain", "nora"), ("process", "vaggeryd")):
        assert render_diagram(loaded_store, kind, target, "dot") == render_diagram(
            reference, kind, target, "dot"
        )
    assert (
        compare(loaded_store, ["vaggeryd", "nora"]).to_json()
        == compare(reference, ["vaggeryd", "nora"]).to_json()
    )


def test_exports_are_the_same_graphs(loaded_store: Store, reference: OxigraphStore) -> None:
    for graph in (NORA, SDG_GRAPH):
        got = loaded_store.dump(graph, "text/turtle")
        assert got.startswith(b"@prefix")
        assert isomorphic(
            Graph().parse(data=got, format="turtle"),
            Graph().parse(data=reference.dump(graph, "text/turtle"), format="turtle"),
        )
    dataset = loaded_store.dump(None, "application/n-quads")
    assert dataset.count(b"\n") == reference.dump(None, "application/n-quads").count(b"\n")


def test_the_api_serves_each_backend(loaded_store: Store) -> None:
    app = create_app(store=loaded_store, settings=Settings(write_token=None, warm_up=False))
    with TestClient(app) as client:
        goal = client.get("/id/nora/goal-kf1", headers={"Accept": "application/json"})
        assert goal.status_code == 200, goal.text
        assert "Nora" in goal.text
        sparql = client.get(
            "/sparql",
            params={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ ?g a <{GG.Goal}> }}"},
            headers={"Accept": "application/sparql-results+json"},
        )
        assert sparql.status_code == 200, sparql.text
        assert int(sparql.json()["results"]["bindings"][0]["n"]["value"]) > 15
        graph = client.get("/graph/nora", headers={"Accept": "text/turtle"})
        assert graph.status_code == 200 and b"goal-kf1" in graph.content


def test_writes_replace_graphs_and_change_their_hash(fresh_backend: Store) -> None:
    before = fresh_backend.graph_hash(NORA)
    triples = list(
        ox.parse(fresh_backend.dump(NORA, "application/n-triples"), format=ox.RdfFormat.N_TRIPLES)
    )
    assert fresh_backend.replace_graph(NORA, triples[:-5]) == len(triples) - 5
    assert fresh_backend.graph_hash(NORA) != before
    counts = fresh_backend.replace_graphs(
        {NORA: triples, "https://w3id.org/goalgraph/graph/extra": triples[:3]}
    )
    assert counts == {NORA: len(triples), "https://w3id.org/goalgraph/graph/extra": 3}
    assert len(fresh_backend.to_rdflib([NORA])) == len(triples)
    fresh_backend.remove_graph("https://w3id.org/goalgraph/graph/extra")
    assert "https://w3id.org/goalgraph/graph/extra" not in fresh_backend.named_graphs()


def test_api_writes_work_on_each_backend(fresh_backend: Store) -> None:
    settings = Settings(write_token="t0ken-for-tests", warm_up=False)
    with TestClient(create_app(store=fresh_backend, settings=settings)) as client:
        body = client.get("/graph/vaggeryd", headers={"Accept": "text/turtle"}).content
        response = client.put(
            "/graph/vaggeryd",
            content=body,
            headers={"Authorization": "Bearer t0ken-for-tests", "Content-Type": "text/turtle"},
        )
        assert response.status_code == 200, response.text
        assert response.json()["triples"] > 500
    assert "Vaggeryds kommun" in {
        str(r["label"]) for r in run_query(fresh_backend, "municipalities")
    }
