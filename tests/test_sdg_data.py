"""Checks on the committed Agenda 2030 reference graph, data/sdg/sdg.ttl."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, SKOS

from goalgraph.reference.sdg import build_sdg_graph
from goalgraph.resources import data_dir

SDG = Namespace("http://metadata.un.org/sdg/")
SDGO = Namespace("http://metadata.un.org/sdg/ontology#")
GG = Namespace("https://w3id.org/goalgraph/ontology#")

TTL = Path(__file__).resolve().parents[1] / "data/sdg/sdg.ttl"


@pytest.fixture(scope="module")
def graph() -> Graph:
    """The committed graph."""
    return Graph().parse(TTL, format="turtle")


def _of_type(g: Graph, cls: URIRef) -> set[URIRef]:
    return {s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}


def test_counts(graph: Graph) -> None:
    indicators = _of_type(graph, SDGO.Indicator)
    notations = [n for i in indicators for n in graph.objects(i, SKOS.notation)]
    assert len(_of_type(graph, SDGO.Goal)) == 17
    assert len(_of_type(graph, SDGO.Target)) == 169
    assert len(indicators) == 232
    assert len(notations) == 248
    assert len(set(notations)) == 248


def test_goal_11(graph: Graph) -> None:
    goal = SDG["11"]
    assert Literal("Hållbara städer och samhällen", lang="sv") in set(
        graph.objects(goal, SKOS.prefLabel)
    )
    assert graph.value(goal, GG.colour) == Literal("#FD9D24")


def test_target_11_3(graph: Graph) -> None:
    text = graph.value(SDG["11.3"], SKOS.definition)
    assert isinstance(text, Literal) and text.language == "en"
    assert str(text).startswith("By 2030, enhance inclusive and sustainable urbanization")


def test_indicator_c110301(graph: Graph) -> None:
    ind = SDG["C110301"]
    assert (ind, RDF.type, SDGO.Indicator) in graph
    assert set(graph.objects(ind, SKOS.notation)) == {Literal("11.3.1")}
    assert set(graph.objects(ind, SKOS.broader)) == {SDG["11.3"]}


def test_every_target_has_a_broader_goal(graph: Graph) -> None:
    goals = _of_type(graph, SDGO.Goal)
    missing = [
        t for t in _of_type(graph, SDGO.Target) if not goals & set(graph.objects(t, SKOS.broader))
    ]
    assert not missing


def test_every_goal_has_sv_and_en_labels(graph: Graph) -> None:
    for goal in _of_type(graph, SDGO.Goal):
        langs = {
            lbl.language for lbl in graph.objects(goal, SKOS.prefLabel) if isinstance(lbl, Literal)
        }
        assert {"sv", "en"} <= langs, goal


def test_committed_file_matches_generator(graph: Graph) -> None:
    fresh = build_sdg_graph(data_dir() / "sdg" / "sdg.json")
    assert isomorphic(fresh, graph), (
        "data/sdg/sdg.ttl is stale: run `python -m goalgraph.reference.sdg`"
    )
