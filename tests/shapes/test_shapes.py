"""The SHACL shapes in shapes/, tested in the manifest style of pySHACL's SHACL test suite.

``manifest.ttl`` lists every case in ``cases/`` with its expected report: the exact set of
(named shape, focus node, severity) results and whether the data conforms. The tests check that
set, not just ``conforms``; that every shape fires in some invalid case and has focus nodes in
some valid case where it does not fire; that every shape states its requirement in Swedish and
English with a severity; and that the report renders as text, JSON and Turtle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import pytest
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS, SKOS
from rdflib.term import Node

from goalgraph import resources
from goalgraph.namespaces import GG, SH, SHAPES
from goalgraph.validation.graph import (
    ValidationReport,
    ValidationResult,
    load_shapes,
    shape_ids,
    validate_graph,
)

HERE = Path(__file__).resolve().parent
MANIFEST = HERE / "manifest.ttl"
CASES_DIR = HERE / "cases"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
SHT = Namespace("http://www.w3.org/ns/shacl-test#")

Expected = frozenset[tuple[str, str, str]]  # (shape id, focus node, severity)


@dataclass(frozen=True)
class Case:
    """One manifest entry: a data graph and its expected report."""

    name: str
    data: Path
    shapes: frozenset[Path]
    conforms: bool
    expected: Expected

    @property
    def valid(self) -> bool:
        return "-valid-" in self.name


def _local(iri: Node | None) -> str:
    return str(iri).rsplit("#", 1)[-1]


def _path(uri: Node | None) -> Path:
    """The file a ``file:`` IRI in the manifest names."""
    return Path(url2pathname(urlparse(str(uri)).path)).resolve()


def _shape_files(uri: Node | None) -> set[Path]:
    """The shape files a manifest IRI names: one file, or every ``.ttl`` of a folder."""
    path = _path(uri)
    return set(path.glob("*.ttl")) if path.is_dir() else {path}


def _load_manifest() -> list[Case]:
    graph = Graph().parse(MANIFEST, format="turtle", publicID=MANIFEST.as_uri())
    manifest = graph.value(predicate=RDF.type, object=MF.Manifest)
    cases = []
    entries = graph.value(manifest, MF.entries)
    assert entries is not None, "manifest without mf:entries"
    for entry in Collection(graph, entries):
        action = graph.value(entry, MF.action)
        result = graph.value(entry, MF.result)
        data = _path(graph.value(action, SHT.dataGraph))
        shapes = frozenset(
            p for s in graph.objects(action, SHT.shapesGraph) for p in _shape_files(s)
        )
        expected = frozenset(
            (
                str(graph.value(r, SH.sourceShape)).removeprefix(str(SHAPES)),
                str(graph.value(r, SH.focusNode)),
                _local(graph.value(r, SH.resultSeverity)),
            )
            for r in graph.objects(result, SH.result)
        )
        conforms = graph.value(result, SH.conforms)
        assert isinstance(conforms, Literal), entry
        cases.append(Case(_local(entry), data, shapes, bool(conforms.toPython()), expected))
    return cases


CASES = _load_manifest()


@cache
def _report(data: Path) -> ValidationReport:
    return validate_graph(Graph().parse(data, format="turtle"))


def _found(report: ValidationReport) -> Expected:
    return frozenset((r.shape_id, r.focus_node, r.severity) for r in report.results)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_gives_exactly_the_expected_results(case: Case) -> None:
    report = _report(case.data)
    assert _found(report) == case.expected, report.to_text("en")
    assert report.conforms is case.conforms


def test_manifest_lists_every_case_file_once() -> None:
    listed = [c.data.name for c in CASES]
    assert sorted(listed) == sorted(p.name for p in CASES_DIR.glob("*.ttl"))
    assert len(set(listed)) == len(listed)
    for case in CASES:
        assert case.name == case.data.stem
        assert case.name.split("-")[1] in ("valid", "invalid"), case.name


def test_manifest_names_the_shape_files_that_validate_graph_uses() -> None:
    files = frozenset(p.resolve() for p in resources.shapes_dir().glob("*.ttl"))
    for case in CASES:
        assert case.shapes == files, case.name


def test_valid_cases_have_no_violations_and_invalid_cases_expect_results() -> None:
    for case in CASES:
        severities = {severity for _, _, severity in case.expected}
        if case.valid:
            assert case.conforms and "Violation" not in severities, case.name
        else:
            assert case.expected, case.name


def test_a_valid_case_uses_a_model_unlike_any_other() -> None:
    """At least one valid model shares neither its level names nor its level count."""

    def levels(case: Case) -> tuple[int, frozenset[str]]:
        graph = Graph().parse(case.data, format="turtle")
        levels = set(graph.objects(None, GG.hasLevel))
        names = {str(label) for level in levels for label in graph.objects(level, SKOS.prefLabel)}
        return len(levels), frozenset(names)

    described = {c.name: levels(c) for c in CASES}
    unlike_any_other = [
        name
        for name, (count, names) in described.items()
        if all(
            count != other_count and not names & other_names
            for other, (other_count, other_names) in described.items()
            if other != name
        )
    ]
    assert any(name in unlike_any_other for name in (c.name for c in CASES if c.valid))


# --- every shape is exercised --------------------------------------------------------------


def _instances(graph: Graph, cls: Node) -> set[Node]:
    classes = set(graph.transitive_subjects(RDFS.subClassOf, cls))
    return {s for c in classes for s in graph.subjects(RDF.type, c)}


def _focus_nodes(shapes: Graph, shape: Node, data: Graph) -> set[Node]:
    """The focus nodes of a shape's targets in ``data`` (class targets see the ontology)."""
    nodes: set[Node] = set(shapes.objects(shape, SH.targetNode))
    for cls in shapes.objects(shape, SH.targetClass):
        nodes |= _instances(data, cls)
    for prop in shapes.objects(shape, SH.targetSubjectsOf):
        nodes |= set(data.subjects(prop, None))
    for prop in shapes.objects(shape, SH.targetObjectsOf):
        nodes |= set(data.objects(None, prop))
    return nodes


@cache
def _with_ontology(data: Path) -> Graph:
    graph = Graph().parse(data, format="turtle")
    graph.parse(resources.ontology_file(), format="turtle")
    return graph


@pytest.mark.parametrize("shape_id", shape_ids())
def test_shape_fires_in_an_invalid_case_and_passes_in_a_valid_one(shape_id: str) -> None:
    triggered_by = [
        c.name for c in CASES if not c.valid and any(sid == shape_id for sid, _, _ in c.expected)
    ]
    assert triggered_by, f"no invalid case triggers {shape_id}"
    shapes = load_shapes(audit=True)
    passed_in = [
        c.name
        for c in CASES
        if c.valid
        and _focus_nodes(shapes, SHAPES[shape_id], _with_ontology(c.data))
        and all(sid != shape_id for sid, _, _ in c.expected)
    ]
    assert passed_in, f"{shape_id} has no focus node in a valid case where it does not fire"


# --- the shapes themselves -----------------------------------------------------------------

SEVERITY_OF_FILE = {
    "integrity.ttl": SH.Violation,
    "model.ttl": SH.Violation,
    "lifecycle.ttl": SH.Violation,
    "periods.ttl": SH.Violation,
    "audit.ttl": SH.Warning,
    "gaps.ttl": SH.Violation,
    "structure.ttl": SH.Violation,
    "gaps-audit.ttl": SH.Warning,
    "targets.ttl": SH.Violation,
    "targets-audit.ttl": SH.Warning,
}
PREFIX_OF_FILE = {
    "integrity.ttl": "I",
    "model.ttl": "M",
    "lifecycle.ttl": "L",
    "periods.ttl": "P",
    "audit.ttl": "A",
    "gaps.ttl": "G",
    "gaps-audit.ttl": "G",
    "structure.ttl": "S",
    "targets.ttl": "T",
    "targets-audit.ttl": "T",
}


def _named_shapes(graph: Graph) -> list[URIRef]:
    return sorted(
        {
            s
            for t in (SH.NodeShape, SH.PropertyShape)
            for s in graph.subjects(RDF.type, t)
            if isinstance(s, URIRef) and str(s).startswith(str(SHAPES))
        }
    )


def test_shape_files_are_split_by_concern_and_severity() -> None:
    files = sorted(p.name for p in resources.shapes_dir().glob("*.ttl"))
    assert files == sorted(SEVERITY_OF_FILE)
    seen: dict[str, str] = {}
    for name, severity in SEVERITY_OF_FILE.items():
        graph = Graph().parse(resources.shapes_dir() / name, format="turtle")
        prefix = PREFIX_OF_FILE[name]
        for shape in _named_shapes(graph):
            sid = shape.removeprefix(str(SHAPES))
            assert sid not in seen, f"{sid} is defined in {seen.get(sid)} and {name}"
            seen[sid] = name
            assert sid.startswith(prefix) and sid[1:].isdigit() and len(sid) == 3, sid
            assert set(graph.objects(shape, SH.severity)) == {severity}, sid
            for nested in graph.objects(shape, SH.property):  # these report on their own
                assert set(graph.objects(nested, SH.severity)) <= {severity}, sid
                if severity != SH.Violation:
                    assert set(graph.objects(nested, SH.severity)) == {severity}, sid
    assert sorted(seen) == shape_ids()


@pytest.mark.parametrize("shape_id", shape_ids())
def test_shape_states_its_requirement_in_swedish_and_english(shape_id: str) -> None:
    graph = load_shapes(audit=True)
    shape = SHAPES[shape_id]
    for predicate in (SH.message, RDFS.label):
        values = list(graph.objects(shape, predicate))
        langs = sorted(str(v.language) for v in values if isinstance(v, Literal))
        assert langs == ["en", "sv"], (shape_id, predicate, values)
        assert all(str(v).strip() for v in values), (shape_id, predicate)


def test_sparql_constraints_declare_their_prefixes_once_per_file() -> None:
    for name in SEVERITY_OF_FILE:
        graph = Graph().parse(resources.shapes_dir() / name, format="turtle")
        ontologies = set(graph.subjects(RDF.type, OWL.Ontology))
        assert len(ontologies) == 1, name
        (ontology,) = ontologies
        prefixes = [str(graph.value(d, SH.prefix)) for d in graph.objects(ontology, SH.declare)]
        assert len(prefixes) == len(set(prefixes)), name
        for constraint in graph.objects(None, SH.sparql):
            assert set(graph.objects(constraint, SH.prefixes)) == {ontology}, name
            assert "$this" in str(graph.value(constraint, SH.select)), name


def test_basis_values_in_i06_are_the_ontologys_bases() -> None:
    ontology = Graph().parse(resources.ontology_file(), format="turtle")
    bases = set(ontology.subjects(RDF.type, GG.Basis))
    shapes = load_shapes(audit=False)
    listed: set[Node] = set()
    for node in shapes.objects(None, SH["in"]):
        listed |= set(Collection(shapes, node))
    assert bases and bases <= listed
    assert {n for n in listed if str(n).startswith(str(GG))} == bases


def test_shape_ids_are_all_named_shapes() -> None:
    ids = shape_ids()
    assert ids == sorted(set(ids))
    assert {"I01", "M01", "A01"} <= set(ids)
    assert all(not isinstance(s, BNode) for s in map(SHAPES.__getitem__, ids))


# --- the report ----------------------------------------------------------------------------


def _case(prefix: str) -> Case:
    return next(c for c in CASES if c.name.startswith(prefix))


def test_text_report_names_focus_node_and_message_in_both_languages() -> None:
    report = _report(_case("12-").data)
    (result,) = report.results
    sv, en = report.to_text("sv"), report.to_text("en")
    assert result.focus_node in sv and result.focus_node in en
    assert f"[Överträdelse] I03: {result.message_sv}" in sv
    assert f"[Violation] I03: {result.message_en}" in en
    assert "Kommun: https://w3id.org/goalgraph/id/provby" in sv
    assert "1 överträdelser, 0 varningar" in sv and "1 violations, 0 warnings" in en
    assert "https://w3id.org/goalgraph/id/provby/goal-kf9" in sv  # the value
    with pytest.raises(ValueError):
        report.to_text("de")  # type: ignore[arg-type]


def test_messages_are_complete_in_both_languages() -> None:
    report = _report(_case("38-").data)
    (result,) = report.results
    assert result.message("sv") == result.message_sv
    assert "Socialnämnden har inget mål" in result.message_sv
    assert "Socialnämnden has no goal" in result.message_en
    for case in CASES:
        for r in _report(case.data).results:
            for text in (r.message_sv, r.message_en):
                assert "{?" not in text and "{$" not in text, (case.name, text)
            assert r.message_sv != r.message_en, (case.name, r.shape_id)


def test_result_fields() -> None:
    report = _report(_case("14-").data)
    result = next(r for r in report.results if r.focus_node.endswith("goal-kf1"))
    assert result.shape == str(SHAPES.I05) and result.shape_id == "I05"
    assert result.severity == "Violation"
    assert result.path == str(GG.sdgContribution)
    assert result.value is not None and "sdg:C110301" in result.value
    assert result.municipality == "https://w3id.org/goalgraph/id/provby"


def test_a_blank_property_shape_is_reported_as_its_named_shape() -> None:
    report = _report(_case("19-").data)
    assert {r.shape for r in report.results} == {str(SHAPES.I10)}
    assert {r.path for r in report.results} == {str(GG.decidedBy), "http://purl.org/dc/terms/date"}


def test_results_are_sorted_and_grouped_by_municipality_then_focus_node() -> None:
    graph = Graph()
    for prefix in ("04-", "13-"):  # Dalby's warnings and Provby's violations
        graph.parse(_case(prefix).data, format="turtle")
    report = validate_graph(graph)
    assert report.results == sorted(report.results, key=ValidationResult.sort_key)
    grouped = report.by_municipality()
    assert list(grouped) == [
        "https://w3id.org/goalgraph/id/dalby",
        "https://w3id.org/goalgraph/id/provby",
    ]
    for municipality, by_focus in grouped.items():
        for focus, results in by_focus.items():
            assert all(r.municipality == municipality and r.focus_node == focus for r in results)
    assert sum(len(rs) for by in grouped.values() for rs in by.values()) == len(report.results)
    assert not report.conforms
    assert len(report.violations) == 2 and len(report.warnings) == 2


def test_a_municipality_without_findings_is_still_reported() -> None:
    graph = Graph()
    for prefix in ("03-", "13-"):  # Bergby is clean, Provby has a cycle
        graph.parse(_case(prefix).data, format="turtle")
    report = validate_graph(graph)
    assert report.municipalities == [
        "https://w3id.org/goalgraph/id/bergby",
        "https://w3id.org/goalgraph/id/provby",
    ]
    assert report.by_municipality()["https://w3id.org/goalgraph/id/bergby"] == {}
    assert "Kommun: https://w3id.org/goalgraph/id/bergby\n  Inga avvikelser." in report.to_text()
    assert "Municipality: https://w3id.org/goalgraph/id/bergby\n  No findings." in report.to_text(
        "en"
    )


def test_json_round_trips() -> None:
    for prefix in ("04-", "20-", "31-"):
        report = _report(_case(prefix).data)
        data = report.to_json()
        again = json.loads(json.dumps(data, ensure_ascii=False))
        assert again == data
        assert list(data) == ["conforms", "violations", "warnings", "municipalities", "results"]
        assert data["municipalities"] == report.municipalities
        assert [ValidationResult(**r) for r in again["results"]] == report.results
        assert again["violations"] == len(report.violations)
        assert again["warnings"] == len(report.warnings)


def test_turtle_is_the_shacl_report_with_one_result_per_result() -> None:
    for prefix in ("01-", "04-", "20-", "31-"):
        report = _report(_case(prefix).data)
        graph = Graph().parse(data=report.to_turtle(), format="turtle")
        (node,) = graph.subjects(RDF.type, SH.ValidationReport)
        assert graph.value(node, SH.conforms) == Literal(report.conforms)
        assert len(list(graph.objects(node, SH.result))) == len(report.results)


# --- validate_graph --------------------------------------------------------------------------


def test_validate_graph_does_not_change_the_callers_graph() -> None:
    graph = Graph().parse(_case("14-").data, format="turtle")
    before = Graph()
    before += graph
    validate_graph(graph)
    assert isomorphic(graph, before)


def test_audit_false_runs_only_integrity_and_model_shapes() -> None:
    graph = Graph().parse(_case("34-").data, format="turtle")
    assert validate_graph(graph, audit=False).results == []
    assert {r.shape_id for r in validate_graph(graph).results} == {"A01"}


def test_reference_graph_can_be_given() -> None:
    """Without SDG targets in the reference graph, an SDG link has nothing to point at."""
    graph = Graph().parse(_case("02-").data, format="turtle")
    report = validate_graph(graph, reference=Graph())
    assert {r.shape_id for r in report.violations} == {"I05"}
