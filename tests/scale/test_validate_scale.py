"""Validation at scale gives the reference results: both engines on the shape test cases and
on synthetic municipalities with injected defects, per graph, in parallel and incrementally."""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import Graph

from goalgraph.namespaces import GRAPH, SH
from goalgraph.store.load import SDG_GRAPH, load_data, load_files
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.testing.synthetic import SyntheticData, generate
from goalgraph.validation.graph import validate_graph
from goalgraph.validation.scale import (
    ValidationState,
    partition,
    rewrite_select,
    shape_split,
    validate_store,
)

SHAPES_TESTS = Path(__file__).resolve().parents[1] / "shapes" / "test_shapes.py"


@cache
def _manifest() -> list[Any]:
    spec = importlib.util.spec_from_file_location("goalgraph_shape_manifest", SHAPES_TESTS)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return list(module.CASES)


CASES = _manifest()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_both_engines_give_the_expected_results_of_each_shape_case(case: Any) -> None:
    store = OxigraphStore()
    load_files(store, [case.data])
    for engine in ("pyshacl", "turbo"):
        report = validate_store(store, engine=engine, workers=1)
        found = {(r.shape_id, r.focus_node, r.severity) for r in report.results}
        assert found == case.expected, (engine, report.to_text("en"))
        assert report.conforms is case.conforms


@pytest.mark.parametrize(
    "name", ["16-invalid-i07-curated-link-without-reason", "25-invalid-m04-duplicate-rank",
             "38-invalid-a05-body-not-contributing", "30-invalid-m09-cross-municipality"],
)  # fmt: skip
def test_results_and_messages_equal_the_reference_validation(name: str) -> None:
    case = next(c for c in CASES if c.name == name)
    store = OxigraphStore()
    load_files(store, [case.data])
    reference = validate_graph(Graph().parse(case.data, format="turtle"))
    assert validate_store(store, engine="turbo", workers=1).results == reference.results
    assert validate_graph(Graph().parse(case.data), engine="turbo").results == reference.results


def test_a_violation_on_a_blank_node_is_found_by_both_engines(tmp_path: Path) -> None:
    case = next(c for c in CASES if c.name.startswith("47-invalid-l07"))
    source = case.data.read_text(encoding="utf-8")
    # the staged target becomes a blank node without its year
    text = source.replace(
        "gg:hasStagedTarget provby:stage-2030 .",
        "gg:hasStagedTarget [ a gg:StagedTarget ; gg:stageValue 97.0 ] .",
    ).replace(
        'provby:stage-2030 a gg:StagedTarget ;\n    gg:stageYear "2030"^^xsd:gYear ;\n'
        "    gg:stageValue 97.0 .",
        "",
    )
    assert "stage-2030" not in text
    path = tmp_path / "provby.ttl"
    path.write_text(text, encoding="utf-8")
    reference = validate_graph(Graph().parse(path, format="turtle"))
    ((shape, focus),) = {(r.shape_id, r.focus_node) for r in reference.results}
    assert shape == "L07" and focus.endswith("gg:hasStagedTarget []")
    store = OxigraphStore()
    load_files(store, [path])
    for engine in ("pyshacl", "turbo"):
        assert validate_store(store, engine=engine, workers=1).results == reference.results


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[SyntheticData, Path]:
    data = generate(12, seed=1, defect_rate=0.6)  # a seed whose defects include M09
    return data, data.write(tmp_path_factory.mktemp("synthetic"))


def _loaded(folder: Path) -> OxigraphStore:
    store = OxigraphStore()
    load_data(store, folder)
    return store


def test_the_defects_are_found_exactly_by_both_engines_in_parallel(
    synthetic: tuple[SyntheticData, Path],
) -> None:
    data, folder = synthetic
    store = _loaded(folder)
    # defects of several kinds, one of them across municipalities (M09: a joint body)
    assert len({d.kind for d in data.defects}) >= 5 and any(d.kind == "M09" for d in data.defects)
    reports = {e: validate_store(store, engine=e, workers=2) for e in ("pyshacl", "turbo")}
    for engine, report in reports.items():
        found = {(r.shape_id, r.focus_node, r.severity) for r in report.results}
        assert found == data.expected(), engine
        assert report.stats.graphs == 12 and report.stats.parts < 12  # joint bodies link graphs
    assert reports["pyshacl"].results == reports["turbo"].results


def test_per_graph_validation_equals_the_reference_on_the_union(
    synthetic: tuple[SyntheticData, Path],
) -> None:
    _, folder = synthetic
    store = _loaded(folder)
    graphs = [str(GRAPH[p.stem]) for p in sorted((folder / "municipalities").glob("*.ttl"))]
    reference = validate_graph(store.to_rdflib(graphs))
    report = validate_store(store, workers=1)
    assert report.results == reference.results
    assert report.municipalities == reference.municipalities
    assert report.to_text("en") == reference.to_text("en")
    assert "sh:ValidationReport" in report.to_turtle()


def test_turbo_on_the_union_equals_pyshacl_on_the_union(
    synthetic: tuple[SyntheticData, Path],
) -> None:
    # pyshacl-turbo runs the SHACL-SPARQL constraints once each over the union, not per node
    data, folder = synthetic
    store = _loaded(folder)
    graphs = [str(GRAPH[p.stem]) for p in sorted((folder / "municipalities").glob("*.ttl"))]
    union = store.to_rdflib(graphs)
    reference = validate_graph(union)
    report = validate_graph(union, engine="turbo")
    assert report.results == reference.results
    assert {(r.shape_id, r.focus_node, r.severity) for r in report.results} == data.expected()
    assert report.conforms is reference.conforms
    assert report.municipalities == reference.municipalities
    assert len(list(report.graph.objects(None, SH.result))) == len(reference.results)


def test_a_full_run_on_a_store_on_disk_equals_the_run_in_memory(
    synthetic: tuple[SyntheticData, Path], tmp_path: Path
) -> None:
    data, folder = synthetic
    expected = validate_store(_loaded(folder), engine="turbo", workers=2)
    disk = OxigraphStore(tmp_path / "store")  # its SPARQL checks run on a copy in memory
    try:
        load_data(disk, folder)
        for workers in (1, 2):
            report = validate_store(disk, engine="turbo", workers=workers)
            assert not report.stats.incremental
            assert report.results == expected.results, workers
            assert report.municipalities == expected.municipalities
            found = {(r.shape_id, r.focus_node, r.severity) for r in report.results}
            assert found == data.expected()
    finally:
        disk.close()


def test_incremental_validation_validates_only_the_changed_graph(
    synthetic: tuple[SyntheticData, Path],
) -> None:
    data, folder = synthetic
    store = _loaded(folder)
    state = ValidationState()
    first = validate_store(store, engine="turbo", state=state, workers=2)
    assert not first.stats.incremental and len(first.stats.validated_graphs) == 12
    unchanged = validate_store(store, engine="turbo", state=state)
    assert unchanged.stats.incremental and unchanged.stats.validated_graphs == []
    assert unchanged.results == first.results

    clean = next(
        m.slug
        for m in data.municipalities
        if m.slug not in {d.municipality for d in data.defects} and "gemensam" not in m.turtle
    )
    graph = str(GRAPH[clean])
    triples = list(
        ox.parse(store.dump(graph, "application/n-triples"), format=ox.RdfFormat.N_TRIPLES)
    )
    level = ox.NamedNode("https://w3id.org/goalgraph/ontology#atLevel")
    goal = next(t.subject for t in triples if t.predicate == level and "goal-" in str(t.subject))
    store.replace_graph(
        graph, [t for t in triples if not (t.subject == goal and t.predicate == level)]
    )
    changed = validate_store(store, engine="turbo", state=state)
    assert changed.stats.validated_graphs == [graph]
    new = set(changed.results) - set(first.results)
    assert ("I01", goal.value) in {(r.shape_id, r.focus_node) for r in new}
    assert changed.results == validate_store(store, engine="turbo", workers=1).results

    path = folder / "state.json"
    state.save(path)
    store.replace_graph(graph, triples)
    back = validate_store(store, engine="turbo", state=ValidationState.load(path))
    assert back.stats.validated_graphs == [graph] and back.results == first.results


def test_a_changed_reference_graph_is_validated_again_with_its_new_content(
    synthetic: tuple[SyntheticData, Path],
) -> None:
    _, folder = synthetic
    store = _loaded(folder)
    state = ValidationState()
    first = validate_store(store, engine="turbo", state=state)
    assert not any(r.shape_id == "I05" for r in first.results)
    most_used = store.select(
        "SELECT ?t (COUNT(?c) AS ?n) WHERE { ?c <https://w3id.org/goalgraph/ontology#sdg> ?t } "
        "GROUP BY ?t ORDER BY DESC(?n) ?t LIMIT 1"
    ).rows[0]["t"]
    goals = store.select(
        "PREFIX gg: <https://w3id.org/goalgraph/ontology#> "
        f"SELECT DISTINCT ?g WHERE {{ ?g gg:sdgContribution ?c . ?c gg:sdg <{most_used}> }}"
    ).column("g")
    nt = ox.RdfFormat.N_TRIPLES
    sdg = list(ox.parse(store.dump(SDG_GRAPH, "application/n-triples"), format=nt))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    target = ox.NamedNode(str(most_used))
    untyped = [t for t in sdg if not (t.subject == target and t.predicate == rdf_type)]
    assert len(untyped) < len(sdg)

    store.replace_graph(SDG_GRAPH, untyped)  # the target is no longer an SDG target
    changed = validate_store(store, engine="turbo", state=state)
    assert {r.focus_node for r in changed.results if r.shape_id == "I05"} == {str(g) for g in goals}
    assert changed.results == validate_store(store, engine="turbo").results
    store.replace_graph(SDG_GRAPH, sdg)
    assert validate_store(store, engine="turbo", state=state).results == first.results


def test_graphs_that_share_a_described_node_form_one_part() -> None:
    from goalgraph.validation.scale import GraphInfo

    graphs = {
        "a": GraphInfo("1", {"x:a", "x:joint"}, {"x:a", "x:joint"}),
        "b": GraphInfo("2", {"x:b"}, {"x:b", "x:joint", "x:kolada"}),
        "c": GraphInfo("3", {"x:c"}, {"x:c", "x:kolada"}),
    }
    assert partition(graphs) == [("a", "b"), ("c",)]


def test_sparql_constraints_are_rewritten_to_run_on_all_targets_at_once() -> None:
    split = shape_split(True)
    assert {"I04", "M08", "M10", "A05"} <= {c.shape.rsplit("#", 1)[1] for c in split.checks}
    assert rewrite_select("SELECT ?x WHERE { GRAPH ?g { $this ?p ?x } }", "{ T }") is None
    text = rewrite_select(
        "SELECT $this WHERE { $this <p:a> ?v . FILTER NOT EXISTS { ?v <p:b> ?w } }", "{ T }"
    )
    assert text is not None and "MINUS" in text and "NOT EXISTS" not in text


def test_turbo_on_the_union_leaves_a_sparql_constraint_it_cannot_rewrite_to_pyshacl(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import pyshacl

    from goalgraph.validation import checks, engines

    split = shape_split(True)
    kept = Graph()
    for triple in split.engine_shapes:
        kept.add(triple)
    constraint = next(iter(split.shapes.objects(None, SH.sparql)))
    shape = next(iter(split.shapes.subjects(SH.sparql, constraint)))
    kept.add((shape, SH.sparql, constraint))  # as if it could not be rewritten
    patched = checks.ShapeSplit(split.shapes, kept, split.checks, split.fingerprint)
    monkeypatch.setattr(checks, "shape_split", lambda audit=True: patched)
    calls: list[str] = []
    real = pyshacl.validate

    def reference(*args: Any, **kwargs: Any) -> Any:
        calls.append("pyshacl")
        return real(*args, **kwargs)

    monkeypatch.setattr(pyshacl, "validate", reference)
    monkeypatch.setattr(engines, "turbo_program", lambda split: calls.append("turbo"))
    case = next(c for c in CASES if c.name == "25-invalid-m04-duplicate-rank")
    data = Graph().parse(case.data, format="turtle")
    report = validate_graph(data, engine="turbo")
    assert calls == ["pyshacl"]
    assert report.results and report.results == validate_graph(data).results
