"""The comparison of every municipality in data/ at once: current periods, clusters of
similar structures and of similar goals, the reference list, and its tables."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest

from goalgraph import resources
from goalgraph.analysis.clusters import (
    FEATURES,
    MAX_STRUCTURE_DISTANCE,
    distance,
    feature_table,
)
from goalgraph.analysis.compare import Comparison, compare_all
from goalgraph.cli import main
from goalgraph.model.reader import read_municipality
from goalgraph.store.load import default_store, municipality_files
from goalgraph.store.oxigraph import OxigraphStore

SLUGS = [p.stem for p in municipality_files(resources.data_dir())]


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return default_store()


@pytest.fixture(scope="module")
def everything(store: OxigraphStore) -> Comparison:
    return compare_all(store)


def test_compare_all_takes_every_municipality_of_the_data(everything: Comparison) -> None:
    assert list(everything.slugs) == SLUGS and len(SLUGS) >= 10
    assert [m.slug for m in everything.current_metrics] == SLUGS


def test_the_current_period_is_the_latest_and_limits_the_metrics(
    store: OxigraphStore, everything: Comparison
) -> None:
    periods = {p.slug: p for p in everything.periods}
    assert periods["vaggeryd"].label == "Mandatperioden 2019–2022"
    assert periods["nora"].iri is None  # Nora's goals name no period
    # Kungsör has goals for 2017–2018, 2021 and 2022–2025: the current set is 2022–2025
    kungsor = periods["kungsor"]
    assert (kungsor.begin, kungsor.end) == ("2022", "2025") and kungsor.left_out > 0
    metrics = {m.slug: m for m in everything.metrics}
    current = {m.slug: m for m in everything.current_metrics}
    # the whole comparison counts the current set, not every period's goals as one
    assert current == metrics
    every_period = len(read_municipality(store, "kungsor").elements)
    assert current["kungsor"].elements == every_period - kungsor.left_out


def test_structure_clusters_group_municipalities_within_the_distance(
    everything: Comparison,
) -> None:
    clusters = everything.structure_clusters
    members = [s for c in clusters for s in c.members]
    assert sorted(members) == sorted(SLUGS)  # each municipality in exactly one group
    table = feature_table(everything.current_metrics)
    assert all(0.0 <= v <= 1.0 for row in table.values() for v in row.values())
    for cluster in clusters:
        for slug in cluster.members:
            others = [o for o in cluster.members if o != slug]
            if others:  # a member is linked to at least one other member of its group
                assert min(distance(table[slug], table[o]) for o in others) <= (
                    MAX_STRUCTURE_DISTANCE
                )
    assert len(clusters[0].profile) == len(FEATURES)


def test_goal_clusters_join_goals_of_several_municipalities(everything: Comparison) -> None:
    assert everything.goal_clusters
    similar = {(p.a.iri, p.b.iri) for p in everything.similar} | {
        (p.b.iri, p.a.iri) for p in everything.similar
    }
    for cluster in everything.goal_clusters:
        assert len(cluster.municipalities) >= 2
        iris = [g.iri for g in cluster.goals]
        # every goal of a group is similar to another goal of the group
        assert all(any((a, b) in similar for b in iris if b != a) for a in iris)


def test_the_reference_list_names_the_municipalities_without_goal_data(
    everything: Comparison,
) -> None:
    data = everything.to_json()["reference"]
    assert data["total"] == 290 and data["with_goal_data"] == len(SLUGS)
    assert len(data["without_goal_data"]) == 290 - len(SLUGS)
    assert "0665" not in {r["code"] for r in data["without_goal_data"]}
    html = everything.to_html_fragment(link_base="")
    assert "inga måldata ännu" in html and "Ale" in html
    for anchor in ("current", "structure-clusters", "goal-clusters", "reference"):
        assert f'href="#{anchor}"' in html and f'id="{anchor}"' in html


def test_cli_compares_all_and_writes_the_tables(tmp_path: Path, capsys) -> None:
    out, book = tmp_path / "all.json", tmp_path / "tables.xlsx"
    assert main(["compare", "--all", "-o", str(out), "--tables", str(book)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [m["slug"] for m in data["municipalities"]] == SLUGS
    sheets = openpyxl.load_workbook(book).sheetnames
    assert {"current_metrics", "structure_clusters", "goal_clusters"} <= set(sheets)
    assert main(["compare", "-o", str(tmp_path / "default.json")]) == 0
    assert (
        json.loads((tmp_path / "default.json").read_text("utf-8"))["municipalities"]
        == (data["municipalities"])
    )
    assert main(["compare", "--all", "nora", "vaggeryd"]) == 2
    assert "not both" in capsys.readouterr().err
