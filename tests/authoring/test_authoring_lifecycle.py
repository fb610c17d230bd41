"""Mandate periods and goal versions on the synthetic Provby: diff, validity and "as of"."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from goalgraph.authoring.workbook import import_graph
from goalgraph.errors import GoalgraphError, NotFoundError
from goalgraph.lifecycle.periods import (
    as_of,
    as_of_store,
    diff_periods,
    element_interval,
    is_valid_at,
    parse_day,
)
from goalgraph.namespaces import GG
from goalgraph.sparql.named import run_query
from goalgraph.store.load import load_files
from goalgraph.store.oxigraph import OxigraphStore

P = "https://w3id.org/goalgraph/id/provby/"


def _local(iri: object) -> str:
    return str(iri).removeprefix(P)


def test_diff_between_two_periods(provby: Graph) -> None:
    diff = diff_periods(provby, "provby", "2019-2022", "period-2023-2026")
    found = {(c.status, c.kinds, _local(c.old), _local(c.new)) for c in diff.changes}
    assert found == {
        ("unchanged", (), "vision", "vision"),
        ("unchanged", (), "goal-bun1", "goal-bun1"),
        ("changed", ("reworded",), "goal-kf1-2019", "goal-kf1-2023"),
        ("changed", ("renumbered",), "goal-kf2-2019", "goal-kf2-2023"),
        ("changed", ("moved",), "goal-bun2-2019", "goal-bun2-2023"),
        ("replaced", ("reworded",), "goal-kf4-2019", "goal-kf5-2023"),
        ("removed", (), "goal-kf3-2019", "None"),
        ("added", (), "None", "goal-kf6-2023"),
    }
    replaced = next(c for c in diff.changes if c.status == "replaced")
    assert replaced.decision_date == "2022-11-28"
    assert diff.to_json()["counts"] == {
        "added": 1,
        "removed": 1,
        "replaced": 1,
        "changed": 3,
        "unchanged": 2,
    }


def test_diff_reads_in_swedish_and_english(provby: Graph) -> None:
    diff = diff_periods(provby, "provby", "Mandatperioden 2019–2022", "2023-2026")
    sv, en = diff.to_text("sv"), diff.to_text("en")
    assert "[ny version (nytt nummer)] KF-mål 3" in sv and "nummer: KF-mål 2 → KF-mål 3" in sv
    assert "[replaced (reworded)] KF-mål 4" in en
    assert "decision: KF § 150 2022-11-28 Budget 2023 med nya mål (2022-11-28)" in en
    assert (
        "supports: KF-mål 2: Provby ska ha ett starkt och varierat näringsliv → "
        "KF-mål 2: Provby ska erbjuda bostäder för alla" in en
    )


def test_an_unknown_period_lists_the_known_ones(provby: Graph) -> None:
    with pytest.raises(NotFoundError, match="known: period-2019-2022, period-2023-2026"):
        diff_periods(provby, "provby", "2015-2018", "2019-2022")


def test_validity_follows_periods_decisions_and_successors(provby: Graph) -> None:
    kf4 = URIRef(P + "goal-kf4-2019")
    interval = element_interval(provby, kf4)
    assert interval.start == dt.date(2019, 6, 17)  # adopted by KF § 45 within the period
    assert interval.end == dt.date(2022, 12, 31)  # the successor starts with the new period
    bun1 = URIRef(P + "goal-bun1")
    assert is_valid_at(provby, bun1, dt.date(2020, 5, 1))
    assert is_valid_at(provby, bun1, dt.date(2025, 5, 1))
    assert not is_valid_at(provby, URIRef(P + "goal-kf1-2023"), dt.date(2022, 12, 15))
    assert is_valid_at(provby, URIRef(P + "vision"), dt.date(1999, 1, 1))


def test_as_of_a_date_leaves_out_what_was_not_valid(provby: Graph) -> None:
    goals = lambda g: sorted(_local(s) for s in g.subjects(RDF.type, GG.Goal))  # noqa: E731
    then = as_of(provby, dt.date(2021, 6, 1))
    assert goals(then) == [
        "goal-bun1",
        "goal-bun2-2019",
        "goal-kf1-2019",
        "goal-kf2-2019",
        "goal-kf3-2019",
        "goal-kf4-2019",
    ]
    assert not list(then.subjects(RDF.type, GG.Result))  # every result is from later
    now = as_of(provby, dt.date(2025, 6, 1))
    assert "goal-kf6-2023" in goals(now) and "goal-kf1-2019" not in goals(now)
    assert not list(now.triples((None, None, URIRef(P + "goal-kf1-2019"))))
    assert len(list(now.subjects(RDF.type, GG.Result))) == 8


def test_queries_and_diagrams_as_of_a_date(provby: Graph) -> None:
    store = OxigraphStore()
    load_files(store, [])
    import_graph(store, "provby", provby)
    snapshot = as_of_store(store, "provby", dt.date(2021, 6, 1))
    rows = run_query(snapshot, "goals-of-municipality", municipality="provby")
    labels = {str(r["element"]).removeprefix(P) for r in rows}
    assert "goal-kf1-2019" in labels and "goal-kf1-2023" not in labels
    from goalgraph.diagrams import diagram_source

    dot = diagram_source(snapshot, "chain", "provby")
    assert "Provby ska vara en trygg plats" in dot and "inkluderande" not in dot


def test_parse_day() -> None:
    assert parse_day("2024") == dt.date(2024, 1, 1)
    assert parse_day("2024-03") == dt.date(2024, 3, 1)
    with pytest.raises(GoalgraphError, match="not a date"):
        parse_day("i fjol")
