"""What the sources leave open, link bases and incomplete decisions, as a user meets them.

The real municipalities in data/ record gaps (a parent, an owner or a decision's day the sources
do not state, goals known but not read, a page cut off), links read from headings (basis
inferred by the editor) and a decision at a two-day meeting. These survive the workbook and the
YAML form, become warnings on the right resource, keep levels' parent levels, and are neither
orphans nor "at the top" in the comparison.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import RDF, XSD

from goalgraph.analysis.metrics import analyse
from goalgraph.authoring.errors import AuthoringError
from goalgraph.authoring.workbook import (
    ImportValidationError,
    export_municipality,
    import_workbook,
    read_workbook,
)
from goalgraph.diagrams import diagram_source
from goalgraph.model.reader import read_municipality
from goalgraph.namespaces import GG, municipality_ns
from goalgraph.store.load import default_store
from goalgraph.validation.findings import present
from goalgraph.validation.graph import validate_graph

DATA = Path(__file__).resolve().parents[2] / "data" / "municipalities"
UPPSALA = municipality_ns("uppsala")
UMEA = municipality_ns("umea")
KUNGSOR = municipality_ns("kungsor")


@pytest.fixture(scope="module")
def store():
    return default_store()


@pytest.mark.parametrize("form", ["xlsx", "yaml"])
def test_gaps_link_bases_and_a_meeting_span_round_trip(store, tmp_path: Path, form: str) -> None:
    for slug in ("uppsala", "tomelilla"):
        path = export_municipality(store, slug, tmp_path / f"{slug}.{form}")
        _, graph = read_workbook(path)
        gaps = set(graph.subjects(RDF.type, GG.Gap))
        links = set(graph.objects(None, GG.qualifiedLink))
        if slug == "uppsala":
            # six about Mål och budget, fourteen about the environment and climate programme
            assert len(gaps) == 20
            assert len({g for g in gaps if "mkp" in g or "etapp" in g}) == 14
            decision = UPPSALA["decision-kf-mb-2019"]
            assert graph.value(decision, GG.earliestDate) == Literal(
                "2018-12-10", datatype=XSD.date
            )
            assert graph.value(decision, GG.latestDate) == Literal("2018-12-11", datatype=XSD.date)
            assert graph.value(UPPSALA["gap-fokusmal-unread"], GG.statedCount) == Literal(4)
        else:
            assert len(gaps) == 1 and len(links) == 12
            assert {graph.value(link, GG.basis) for link in links} == {GG.InferredByEditor}


def test_each_gap_is_a_warning_on_what_it_is_about_naming_the_source(store) -> None:
    graph = Graph().parse(DATA / "kungsor.ttl")
    report = validate_graph(graph)
    assert report.conforms
    found = {(r.shape_id, r.focus_node) for r in report.results if r.shape_id.startswith("G")}
    assert found == {
        ("G10", str(KUNGSOR["level-nm"])),
        ("G12", str(KUNGSOR["decision-kf-2017"])),
        ("G12", str(KUNGSOR["decision-kf-2021"])),
        ("G12", str(KUNGSOR["decision-kf-2022"])),
        ("G14", str(KUNGSOR["doc-mal-och-budget-2024"])),
        ("G15", str(KUNGSOR["doc-web-ks-2022"])),
    }
    texts = [f.text for f in present(report, lang="en").items if f.shape_id == "G10"]
    assert texts == [
        "The source (doc-web-ks-2022) does not say which goal of the level above this one supports."
    ]


def test_a_level_with_unstated_parents_keeps_its_parent_level(store) -> None:
    kungsor = read_municipality(store, "kungsor")
    board_level = kungsor.level(str(KUNGSOR["level-nm"]))
    assert board_level is not None and board_level.parents == (str(KUNGSOR["level-kf"]),)
    assert {e.iri for e in kungsor.elements_at(board_level.iri)} == kungsor.parent_not_stated


def test_unstated_parents_are_neither_orphans_nor_at_the_top(store) -> None:
    metrics = analyse(store, "umea")
    unstated = {ref.iri for ref in metrics.parent_not_stated}
    assert str(UMEA["goal-mal-1"]) in unstated and str(UMEA["omrade-livsvillkor"]) in unstated
    assert not unstated & {ref.iri for ref in metrics.orphans}
    by_level = {level.level: level for level in metrics.levels}
    # The strategic areas no longer count as a top: nothing says they serve the vision.
    assert by_level[str(UMEA["level-omrade"])].reaching_top == 0
    assert metrics.completeness == 0.0
    assert metrics.inferred_links == 4


def test_an_inferred_link_is_drawn_dashed_and_labelled(store) -> None:
    source = diagram_source(store, "chain", "tomelilla", lang="en")
    edge = next(
        line
        for line in source.splitlines()
        if '"id/tomelilla/goal-2025-1-1" -> "id/tomelilla/strategi-1"' in line
    )
    assert "style=dashed" in edge and 'class="supports inferred"' in edge
    assert "inferred by the editor" in edge.replace('</FONT><BR/><FONT POINT-SIZE="9">', " ")
    stated = [
        line for line in diagram_source(store, "chain", "nora").splitlines() if "supports" in line
    ]
    assert stated and not any("style=dashed" in line for line in stated)


def test_an_undated_decision_without_a_gap_is_refused_naming_g06(tmp_path: Path) -> None:
    store = default_store()
    before = store.dump(None, "application/n-quads")
    text = (DATA / "kungsor.yaml").read_text(encoding="utf-8")
    broken = text.replace(
        "  - id: gap-decision-2021-day\n    about: decision-kf-2021\n"
        "    kind: beslutsdag ej angiven\n    source: doc-web-kf-2021\n",
        "",
    ).replace("  - {resource: gap-decision-2021-day,", "  - {resource: decision-kf-2021,")
    assert broken != text
    path = tmp_path / "kungsor.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ImportValidationError) as exc:
        import_workbook(store, path)
    assert "G06" in str(exc.value) and "decision-kf-2021" in str(exc.value)
    assert "nothing was imported" in str(exc.value)
    assert store.dump(None, "application/n-quads") == before


def test_an_unknown_gap_kind_names_sheet_row_and_column(tmp_path: Path) -> None:
    text = (DATA / "kungsor.yaml").read_text(encoding="utf-8")
    broken = text.replace("    kind: källan avbruten\n", "    kind: glömt\n", 1)
    assert broken != text
    path = tmp_path / "kungsor.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(AuthoringError) as exc:
        read_workbook(path)
    message = str(exc.value)
    assert "gaps" in message and "kind" in message and "'glömt'" in message
    assert "överordnat ej angivet" in message  # the kinds it could have been
