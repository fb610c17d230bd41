"""A level whose deciding body the sources do not state, and follow-up points that recur.

Stenungsund's page names no body that decides its direction goals: that is a gap on the level
(G16, a warning naming the page), never an invented body, and a gap the data contradicts is
refused. Uppsala's boards report "tre gånger om året": the follow-up point recurs as a process
step does, and the comparison says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Literal
from rdflib.namespace import RDF, XSD

from goalgraph.analysis.compare import compare
from goalgraph.analysis.comparison_report import comparison_json, render
from goalgraph.authoring.errors import AuthoringError
from goalgraph.authoring.workbook import (
    ImportValidationError,
    export_municipality,
    import_workbook,
    read_workbook,
)
from goalgraph.model.reader import read_municipality
from goalgraph.model.recurrence import Recurrence
from goalgraph.namespaces import GG, municipality_ns
from goalgraph.store.load import default_store
from goalgraph.validation.findings import present
from goalgraph.validation.graph import validate_graph

DATA = Path(__file__).resolve().parents[2] / "data" / "municipalities"
STENUNGSUND = municipality_ns("stenungsund")
UPPSALA = municipality_ns("uppsala")


@pytest.fixture(scope="module")
def store():
    return default_store()


def test_a_level_without_a_stated_deciding_body_is_a_warning_naming_the_source() -> None:
    report = validate_graph(read_workbook(DATA / "stenungsund.yaml")[1])
    assert report.conforms
    g16 = [r for r in report.results if r.shape_id == "G16"]
    assert [(r.focus_node, r.value) for r in g16] == [
        (str(STENUNGSUND["level-inriktning"]), str(STENUNGSUND["doc-web-inriktningsmal"]))
    ]
    texts = [f.text for f in present(report, lang="sv").items if f.shape_id == "G16"]
    assert texts == [
        "Källan (doc-web-inriktningsmal) säger inte vilket organ som beslutar målen på den här"
        " nivån."
    ]


def test_the_level_has_no_invented_deciding_body(store) -> None:
    stenungsund = read_municipality(store, "stenungsund")
    level = stenungsund.level(str(STENUNGSUND["level-inriktning"]))
    assert level is not None and level.decided_by == ()
    gap = next(g for g in stenungsund.gaps if g.about == level.iri)
    assert gap.kind == str(GG.LevelDeciderNotStated)
    assert gap.sources == (str(STENUNGSUND["doc-web-inriktningsmal"]),)


@pytest.mark.parametrize("form", ["xlsx", "yaml"])
def test_the_level_decider_gap_round_trips(store, tmp_path: Path, form: str) -> None:
    path = export_municipality(store, "stenungsund", tmp_path / f"stenungsund.{form}")
    _, graph = read_workbook(path)
    gap = STENUNGSUND["gap-inriktning-decider"]
    assert graph.value(gap, GG.gapKind) == GG.LevelDeciderNotStated
    assert graph.value(gap, GG.gapOf) == STENUNGSUND["level-inriktning"]


def test_a_gap_the_data_contradicts_is_refused_and_nothing_is_imported(tmp_path: Path) -> None:
    store = default_store()
    before = store.dump(None, "application/n-quads")
    text = (DATA / "stenungsund.yaml").read_text(encoding="utf-8")
    broken = text.replace(
        "  indicators_here: ja\n", "  indicators_here: ja\n  decided_by: kommunfullmäktige\n", 1
    )
    assert broken != text
    path = tmp_path / "stenungsund.yaml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(ImportValidationError) as exc:
        import_workbook(store, path)
    assert "G02" in str(exc.value) and "gap-inriktning-decider" in str(exc.value)
    assert store.dump(None, "application/n-quads") == before


def test_a_follow_up_point_recurs_as_a_step_does(store) -> None:
    uppsala = read_municipality(store, "uppsala")
    point = next(f for f in uppsala.follow_ups if f.iri == str(UPPSALA["followup-tertial"]))
    assert point.recurrence == Recurrence(times_per_year=3)
    assert point.recurrence.text("sv") == "3 gånger per år"
    assert point.kinds == ()  # the source does not name the reports
    once = next(f for f in uppsala.follow_ups if f.iri != point.iri)
    assert not once.recurrence and once.recurrence.text("sv") is None
    umea = read_municipality(store, "umea")
    steps = [s for p in umea.processes for s in p.steps if s.recurrence]
    assert [s.recurrence.text("en") for s in steps] == ["June every year"]


@pytest.mark.parametrize("form", ["xlsx", "yaml"])
def test_every_year_on_a_follow_up_round_trips(tmp_path: Path, form: str) -> None:
    text = (DATA / "vargarda.yaml").read_text(encoding="utf-8")
    anchor = "  kinds: årsbokslut\n"
    assert anchor in text
    source = tmp_path / "vargarda.yaml"
    source.write_text(text.replace(anchor, anchor + "  every_year: ja\n", 1), encoding="utf-8")
    store = default_store()
    import_workbook(store, source)
    path = export_municipality(store, "vargarda", tmp_path / f"again.{form}")
    _, graph = read_workbook(path)
    point = municipality_ns("vargarda")["followup-ar-2023"]
    assert graph.value(point, GG.everyYear) == Literal(True, datatype=XSD.boolean)
    assert (point, RDF.type, GG.FollowUpPoint) in graph


def test_the_comparison_says_how_often_a_follow_up_recurs(store) -> None:
    comparison = compare(store, ["uppsala", "vargarda"], lang="sv")
    data = comparison_json(comparison)
    recurs = {f["label"]: f["recurs"] for f in data["governance"]["follow_up"]["uppsala"]}
    assert recurs["Nämnderna och bolagsstyrelserna rapporterar tre gånger om året"] == (
        "3 gånger per år"
    )
    assert "(3 gånger per år;" in render("report.md", comparison, None)


def test_a_wrong_recurrence_on_a_follow_up_is_refused_naming_where(tmp_path: Path) -> None:
    text = (DATA / "uppsala.yaml").read_text(encoding="utf-8")
    not_a_flag = text.replace("    times_per_year: 3\n", "    every_year: kanske\n", 1)
    assert not_a_flag != text
    path = tmp_path / "uppsala.yaml"
    path.write_text(not_a_flag, encoding="utf-8")
    with pytest.raises(AuthoringError) as exc:
        read_workbook(path)
    message = str(exc.value)
    assert "uppsala.yaml" in message and "followups" in message and "'kanske'" in message
    assert "rad 1" in message and "every_year" in message  # the row and the column
    store = default_store()
    before = store.dump(None, "application/n-quads")
    path.write_text(text.replace("    times_per_year: 3\n", "    times_per_year: 0\n", 1))
    with pytest.raises(ImportValidationError) as refused:
        import_workbook(store, path)
    assert "G07" in str(refused.value) and "followup-tertial" in str(refused.value)
    assert store.dump(None, "application/n-quads") == before
