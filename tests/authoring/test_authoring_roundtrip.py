"""Vaggeryd and Nora through the template and back: the same graph, in every form."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from goalgraph.authoring.convert import graph_to_tables
from goalgraph.authoring.workbook import (
    export_municipality,
    import_workbook,
    municipality_graph_of,
    read_workbook,
)
from goalgraph.namespaces import GRAPH
from goalgraph.store.load import default_store, load_files
from goalgraph.store.oxigraph import OxigraphStore


@pytest.mark.parametrize("slug", ["vaggeryd", "nora"])
@pytest.mark.parametrize("name", ["{slug}.xlsx", "{slug}.yaml", "{slug}-csv"])
def test_export_then_import_gives_the_same_graph(
    store, tmp_path: Path, slug: str, name: str
) -> None:
    original = municipality_graph_of(store, slug)
    path = export_municipality(store, slug, tmp_path / name.format(slug=slug))
    read_slug, graph = read_workbook(path)
    assert read_slug == slug
    assert isomorphic(graph, original)


def test_export_puts_known_statements_in_columns_and_the_rest_in_other_statements(store) -> None:
    tables = {t.sheet.key: t for t in graph_to_tables(municipality_graph_of(store, "nora"), "nora")}
    goals = tables["goals"]
    row = next(r for r in goals.rows if r.values[0] == "goal-kf1")
    cells = dict(zip(goals.headers, row.values, strict=True))
    assert cells["nivå"] == "level-fullmaktigemal"
    assert cells["typ"] == "mål"
    assert cells["nummer"] == "KF-mål 1"
    assert "goal-overarching" in str(cells["stödjer"])
    links = tables["links"]
    assert any(r.values[:2] == ["goal-kf1/sdg-16.6", "goal-kf1"] for r in links.rows)
    assert len(tables["citations"].rows) == 102
    other = {(r.values[0], r.values[1]) for r in tables["extra"].rows}
    assert ("doc-kf-2022-112", "dcterms:hasPart") in other


def test_the_exported_workbook_has_swedish_headers_and_lists(store, tmp_path: Path) -> None:
    path = export_municipality(store, "vaggeryd", tmp_path / "vaggeryd.xlsx")
    book = load_workbook(path, read_only=True)
    rows = list(book["Mål"].iter_rows(values_only=True))
    assert rows[0][:4] == ("id", "typ", "nummer", "namn")
    assert any(r[0] == "goal-kf1" and r[1] == "mål" for r in rows[1:])
    assert "Listor" in book.sheetnames and "Läs mig" in book.sheetnames


def _relabel(path: Path, goal: str, label: str) -> None:
    book = load_workbook(path)
    sheet = book["Mål"]
    headers = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == goal:
            row[headers.index("namn")].value = label
    book.save(path)


def test_reimporting_an_edited_sheet_updates_and_never_duplicates(tmp_path: Path) -> None:
    store = default_store()
    path = export_municipality(store, "nora", tmp_path / "nora.xlsx")
    before = len(municipality_graph_of(store, "nora"))
    _relabel(path, "goal-kf1", "Nora kommun ska hushålla väl med skattemedlen")
    result = import_workbook(store, path, municipality="nora")
    assert result.slug == "nora" and result.triples == before
    graph = municipality_graph_of(store, "nora")
    goal = URIRef("https://w3id.org/goalgraph/id/nora/goal-kf1")
    assert set(graph.objects(goal, SKOS.prefLabel)) == {
        Literal("Nora kommun ska hushålla väl med skattemedlen", lang="sv"),
        Literal(
            "Nora Municipality shall use its financial resources responsibly and productively "
            "and creates room for development",
            lang="en",
        ),
    }
    import_workbook(store, path)
    assert len(municipality_graph_of(store, "nora")) == before


def test_the_synthetic_fixture_round_trips_with_indicators_and_versions(
    provby: Graph, tmp_path: Path, fixtures: Path
) -> None:
    store = OxigraphStore()
    load_files(store, [])
    from goalgraph.authoring.workbook import import_graph

    import_graph(store, "provby", provby)
    for name in ("provby.xlsx", "provby.yaml", "provby-csv"):
        path = export_municipality(store, "provby", tmp_path / name)
        assert isomorphic(read_workbook(path)[1], provby), name
    assert str(GRAPH["provby"]) in store.named_graphs()
    assert (fixtures / "provby.yaml").is_file()
