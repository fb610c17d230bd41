"""Periods everywhere: which goals are in force on a day or in a period, decided once
(goalgraph.lifecycle.validity) and used by the comparison, validation reports, the CLI and
the authoring form; tested on Tomelilla, Uppsala, Umeå, Kungsör and Vårgårda in data/."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, TIME

from goalgraph.analysis.compare import compare
from goalgraph.cli import main
from goalgraph.errors import GoalgraphError
from goalgraph.lifecycle.selection import Resolved, Selection, resolve, selected_elements
from goalgraph.lifecycle.validity import Interval, Period, periods
from goalgraph.namespaces import GG, GRAPH, ID
from goalgraph.store.load import default_store
from goalgraph.store.protocol import Store
from goalgraph.validation.graph import validate_graph
from goalgraph.validation.selection import select_report

DATA = Path(__file__).resolve().parents[1] / "data" / "municipalities"
TODAY = dt.date(2026, 12, 2)


@pytest.fixture(scope="module")
def store() -> Store:
    return default_store()


def _graph(store: Store, slug: str) -> Graph:
    return store.to_rdflib([str(GRAPH[slug])])


def _kept(store: Store, slug: str, selection: Selection) -> set[str]:
    graph = _graph(store, slug)
    resolved = resolve(graph, slug, selection, TODAY)
    return {str(e).rsplit("/", 1)[-1] for e in selected_elements(graph, slug, resolved)}


def test_tomelilla_today_shows_the_2025_2028_set_and_not_the_earlier_one(store: Store) -> None:
    kept = _kept(store, "tomelilla", Selection())
    assert {f"goal-2025-{n}" for n in ("1-1", "1-2", "2-1", "2-2", "3-1", "3-2")} <= kept
    assert not any(k.startswith("goal-tidigare") for k in kept)
    assert {"vision", "strategi-1", "strategi-2", "strategi-3"} <= kept


def test_tomelilla_before_2025_shows_the_earlier_set_whose_years_are_open(store: Store) -> None:
    kept = _kept(store, "tomelilla", Selection(dt.date(2024, 6, 1)))
    assert {f"goal-tidigare-{n}" for n in ("1-1", "1-2", "2-1", "2-2", "3-1", "3-2")} <= kept
    assert not any(k.startswith("goal-2025") for k in kept)
    earlier = next(
        p for p in periods(_graph(store, "tomelilla"), "tomelilla") if "tidigare" in p.iri
    )
    # the gap stays open at the start; its end is the day before 2025-2028 begins
    assert earlier.years_not_stated and earlier.interval.start is None
    assert earlier.interval.end == dt.date(2024, 12, 31) and earlier.years() == ""


def test_uppsala_inriktningsmal_until_2022_fokusmal_from_2023(store: Store) -> None:
    before = _kept(store, "uppsala", Selection(dt.date(2022, 6, 1)))
    after = _kept(store, "uppsala", Selection(dt.date(2023, 6, 1)))
    # the environment and climate programme's goals state no period: in force on both days
    programme = {e for e in before & after if e.startswith(("goal-mkp-", "goal-etapp-"))}
    assert programme == {f"goal-mkp-{n}" for n in (1, 2, 3)} | {
        f"goal-etapp-{n}" for n in (1, 2, 3, 4)
    }
    before, after = before - programme, after - programme
    assert before and after and not before & after
    graph = _graph(store, "uppsala")
    ids = {str(o) for e in after for o in graph.objects(URIRef(str(ID) + "uppsala/" + e), None)}
    assert any("Fokusmål" in i for i in ids)


def test_umea_today_is_the_current_set_and_the_period_2019_2022_on_request(store: Store) -> None:
    today = _kept(store, "umea", Selection())
    old = _kept(store, "umea", Selection(period="2019-2022"))
    graph = _graph(store, "umea")
    period = URIRef(str(ID) + "umea/period-2019-2022")
    in_period = {str(s).rsplit("/", 1)[-1] for s in graph.subjects(GG.validDuring, period)}
    assert len(in_period) == 11 and in_period <= old and not in_period & today
    assert len(today) == 9  # the vision and goals 1-8, whose period is not stated


def test_a_selection_is_one_of_a_day_a_period_or_all() -> None:
    assert Selection.parse("2020-06-01").day == dt.date(2020, 6, 1)
    assert Selection.parse(None, "2019-2022").period == "2019-2022"
    with pytest.raises(GoalgraphError, match="not several"):
        Selection.parse("2020-06-01", "2019-2022")
    with pytest.raises(GoalgraphError, match="not a date"):
        Selection.parse("1 juni")


def test_comparison_counts_one_period_of_kungsor_not_three(store: Store) -> None:
    result = compare(store, ["kungsor", "umea"], selection=Selection(dt.date(2024, 1, 1)))
    kungsor = next(p for p in result.periods if p.slug == "kungsor")
    graph = _graph(store, "kungsor")
    all_goals = {
        s for s in graph.subjects(GG.municipality, ID.kungsor) if (s, RDF.type, GG.Goal) in graph
    }
    assert kungsor.left_out >= 10  # the goals of 2017-2018 and of 2021 are not counted
    assert len(all_goals) - kungsor.left_out < len(all_goals)
    everything = compare(store, ["kungsor", "umea"], selection=Selection(everything=True))
    assert next(p for p in everything.periods if p.slug == "kungsor").left_out == 0


def test_validation_report_leaves_out_findings_on_goals_not_in_force(store: Store) -> None:
    graph = _graph(store, "umea")
    full = validate_graph(graph)
    shown = select_report(full, [("umea", graph)], Selection(), TODAY)
    old = {str(s) for s in graph.subjects(GG.validDuring, None)}
    assert shown.left_out and all(r.focus_node in old for r in shown.left_out)
    assert not any(r.focus_node in old for r in shown.report.results)
    assert len(shown.report.results) + len(shown.left_out) == len(full.results)
    assert f"{len(shown.left_out)} fynd om mål som inte gäller" in shown.note("sv")
    everything = select_report(full, [("umea", graph)], Selection(everything=True), TODAY)
    assert not everything.left_out


def test_as_of_answers_with_a_readable_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["as-of", "umea", "2020-06-01"]) == 0
    out = capsys.readouterr().out
    assert "Perioden 2019–2022" in out and "period anges inte" in out
    assert "@prefix" not in out and "nivå" in out
    assert main(["as-of", "umea", "2020-06-01", "-f", "ttl"]) == 0
    assert "@prefix" in capsys.readouterr().out


def test_overlapping_periods_of_one_kind_are_refused_naming_sheet_row_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = (DATA / "vargarda.yaml").read_text(encoding="utf-8")
    extra = """- id: period-budget-2024-2026
  kind: budgetperiod
  label_sv: Budget och verksamhetsplan 2024–2026
  begin: '2024'
  end: '2026'
goals:
"""
    text = text.replace("goals:\n", extra, 1)
    # the line of the added period's entry
    line = text.splitlines().index("- id: period-budget-2024-2026") + 1
    source = tmp_path / "vargarda.yaml"
    source.write_text(text, encoding="utf-8")
    out = tmp_path / "out.ttl"
    assert main(["import", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert f'vargarda.yaml:{line}, blad "periods", rad 2, kolumn "begin"' in err
    assert "period-budget-2023-2025" in err and "överlappar" in err
    assert not out.exists()


def test_periods_round_trip_through_xlsx_and_yaml(tmp_path: Path) -> None:
    def period_triples(graph: Graph) -> set[tuple[str, str, str]]:
        out = set()
        for period in {s for s in graph.subjects(RDF.type, None) if "period" in str(s)}:
            for p, o in graph.predicate_objects(period):
                if p in (RDF.type, GG.yearsNotStated, TIME.intervalBefore, GG.basis):
                    out.add((str(period), str(p), str(o)))
        return out

    original = Graph().parse(DATA / "tomelilla.ttl")
    expected = period_triples(original)
    assert (
        str(ID) + "tomelilla/period-tidigare",
        str(GG.yearsNotStated),
        str(Literal(True)),
    ) in expected
    for form, suffix in (("xlsx", ".xlsx"), ("yaml", ".yaml")):
        sheet = tmp_path / f"tomelilla{suffix}"
        args = ["export-sheet", "tomelilla", "-o", str(sheet)]
        assert main([*args, "--form", form] if form == "yaml" else args) == 0
        back = tmp_path / f"back-{form}.ttl"
        assert main(["import", str(sheet), "-o", str(back)]) == 0
        assert period_triples(Graph().parse(back)) == expected, form


def test_a_period_named_as_a_period_is_not_prefixed_again() -> None:
    day = dt.date(2026, 12, 2)
    named = Period("urn:p", "Mandatperioden 2023–2026", Interval(), label_en="The mandate period")
    assert Resolved("period", day, named).text("sv") == "Mandatperioden 2023–2026"
    assert Resolved("period", day, named).text("en") == "The mandate period"
    bare = Period("urn:q", "2019–2022", Interval())
    assert Resolved("period", day, bare).text("sv") == "Perioden 2019–2022"
