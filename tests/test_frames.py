"""Researchers' tools: named queries and the comparison as data frames, the goal graph as a
networkx graph, the comparison tables as CSV and Excel, and the example script."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from goalgraph.analysis import analyse
from goalgraph.analysis.compare import compare
from goalgraph.analysis.frames import (
    comparison_frames,
    goal_graph,
    metrics_frame,
    query_frame,
    write_tables,
)
from goalgraph.cli import main
from goalgraph.errors import GoalgraphError
from goalgraph.sparql.named import named_queries, run_query
from goalgraph.store.load import default_store
from goalgraph.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]
PARAMETERS = {
    "goal": "nora:goal-kf1",
    "body": "vaggeryd:body-kf",
    "municipality": "nora",
    "sdg": "11",
    "lang": "en",
}


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return default_store()


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_is_a_frame_with_its_rows(store: OxigraphStore, name: str) -> None:
    declared = {p.name for p in named_queries()[name].parameters}
    params = {k: v for k, v in PARAMETERS.items() if k in declared}
    result = run_query(store, name, **params)
    frame = query_frame(store, name, **params)
    assert list(frame.columns) == result.variables
    assert len(frame) == len(result.rows)
    for (_, row), expected in zip(frame.iterrows(), result.rows, strict=True):
        for variable in result.variables:
            value = expected[variable]
            if value is None:
                assert pd.isna(row[variable])
            else:
                assert str(row[variable]) == str(value) or row[variable] == value.toPython()


def test_numbers_are_numbers_and_iris_strings(store: OxigraphStore) -> None:
    frame = query_frame(store, "municipalities").set_index("code")
    assert frame.loc["1884", "label"] == "Nora kommun"
    assert frame.loc["1884", "municipality"] == "https://w3id.org/goalgraph/id/nora"
    assert frame["elements"].dtype.kind == "i" and frame.loc["1884", "elements"] == 16


def test_the_metrics_frame_matches_the_analysis(store: OxigraphStore) -> None:
    metrics = [analyse(store, slug) for slug in ("vaggeryd", "nora")]
    frame = metrics_frame(metrics)
    assert list(frame.index) == ["vaggeryd", "nora"]
    nora = analyse(store, "nora")
    assert frame.loc["nora", "elements"] == nora.elements
    assert frame.loc["nora", "depth"] == nora.depth
    assert frame.loc["nora", "sdg_share"] == pytest.approx(nora.sdg_share)
    assert frame.loc["nora", "dead_ends"] == len(nora.dead_ends)


def test_the_comparison_frames_hold_its_tables(store: OxigraphStore) -> None:
    comparison = compare(store, ["vaggeryd", "nora"])
    frames = comparison_frames(comparison)
    assert set(frames) == {
        "metrics", "levels", "sdg", "overlap", "similar_goals", "processes", "differences",
        "current_metrics", "structure_clusters", "goal_clusters", "targets",
    }  # fmt: skip
    current = frames["current_metrics"]
    assert list(current.index) == ["vaggeryd", "nora"]
    assert current.loc["vaggeryd", "period"] == "Mandatperioden 2019–2022"
    assert current.loc["nora", "elements"] == 16 and current.loc["nora", "left_out"] == 0
    clustered = frames["structure_clusters"]
    assert sorted(clustered["municipality"]) == ["nora", "vaggeryd"]
    sdg = frames["sdg"]
    assert len(sdg) == 17 and list(sdg.columns) == ["label", "vaggeryd", "nora"]
    for row in comparison.sdg:
        assert list(sdg.loc[row.goal.notation, ["vaggeryd", "nora"]]) == list(row.goals)
    overlap = frames["overlap"].iloc[0]
    assert (overlap["a"], overlap["b"]) == ("vaggeryd", "nora")
    assert overlap["goal_jaccard"] == comparison.overlaps[0].goal_jaccard == 0.5
    assert len(frames["similar_goals"]) == len(comparison.similar) > 0
    levels = frames["levels"]
    assert set(levels["municipality"]) == {"vaggeryd", "nora"}
    assert levels["elements"].sum() == sum(
        c.elements for row in comparison.levels for cells in row.cells for c in cells
    )


def test_the_goal_graph_is_a_networkx_graph_of_the_chain(store: OxigraphStore) -> None:
    graph = goal_graph(store, "nora")
    kf1 = "https://w3id.org/goalgraph/id/nora/goal-kf1"
    assert graph.nodes[kf1]["identifier"] == "KF-mål 1"
    assert graph.nodes[kf1]["owners"] == ["https://w3id.org/goalgraph/id/nora/body-kf"]
    supports = [(a, b) for a, b, d in graph.edges(data=True) if d["relation"] == "supports"]
    assert len(supports) == analyse(store, "nora").links
    sdg_edges = [(a, b) for a, b, d in graph.edges(data=True) if d["relation"] == "sdg"]
    assert all(graph.nodes[b]["type"] == "sdg" for _, b in sdg_edges)
    assert len({a for a, _ in sdg_edges}) == analyse(store, "nora").goals_with_sdg


def test_tables_export_as_csv_and_excel(store: OxigraphStore, tmp_path: Path) -> None:
    comparison = compare(store, ["vaggeryd", "nora"])
    written = write_tables(comparison, tmp_path / "csv")
    assert {p.name for p in written} >= {"metrics.csv", "sdg.csv", "overlap.csv"}
    with (tmp_path / "csv" / "metrics.csv").open(encoding="utf-8") as handle:
        rows = {r["slug"]: r for r in csv.DictReader(handle)}
    assert rows["nora"]["elements"] == "16" and rows["vaggeryd"]["depth"] == "1"
    book = tmp_path / "comparison.xlsx"
    write_tables(comparison, book)
    sheets = openpyxl.load_workbook(book).sheetnames
    assert sheets == ["metrics", "levels", "sdg", "overlap", "similar_goals", "processes",
                      "differences", "current_metrics", "structure_clusters",
                      "goal_clusters", "targets"]  # fmt: skip
    assert pd.read_excel(book, sheet_name="metrics", index_col=0).loc["nora", "elements"] == 16
    with pytest.raises(GoalgraphError, match="xlsx file or a folder"):
        write_tables(comparison, tmp_path / "tables.pdf")


def test_the_compare_command_writes_the_tables(tmp_path: Path) -> None:
    book = tmp_path / "tables.xlsx"
    code = main(["compare", "vaggeryd", "nora", "-o", str(tmp_path / "r.md"), "--tables",
                 str(book)])  # fmt: skip
    assert code == 0
    assert pd.read_excel(book, sheet_name="sdg", index_col=0).loc[11, "nora"] >= 1


def test_the_example_compares_all_municipalities(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "examples" / "compare_all.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    store = default_store()
    for slug in ("nora", "vaggeryd"):
        metrics = analyse(store, slug)
        assert (
            f"{slug}: the longest chain has {metrics.depth} links; "
            f"{metrics.goals_with_sdg} elements are linked to Agenda 2030"
        ) in done.stdout
    assert (tmp_path / "comparison.xlsx").exists() and (tmp_path / "tables" / "sdg.csv").exists()
