"""The comparison counts targets by kind and assessments without indicators, for the goals in
force (or the period chosen), explained in Swedish, in the report and in the exported tables."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from goalgraph.analysis.compare import Comparison, compare
from goalgraph.analysis.frames import write_tables
from goalgraph.lifecycle.selection import Selection
from goalgraph.namespaces import GG
from goalgraph.store.load import default_store

SLUGS = ["kungsor", "umea", "uppsala", "vargarda"]


@pytest.fixture(scope="module")
def store():
    return default_store()


@pytest.fixture(scope="module")
def today(store) -> Comparison:
    return compare(store, SLUGS)


def _counts(comparison: Comparison, slug: str) -> dict[str, int]:
    profile = next(t for t in comparison.targets if t.slug == slug)
    return {k.iri.rsplit("#", 1)[-1]: k.count for k in profile.kinds if k.count}


def test_targets_are_counted_by_kind_for_the_goals_in_force(today: Comparison) -> None:
    # Umeå's goals 1-8 are in force; "Sveriges bästa folkhälsa år 2020" (a ranking place) is
    # a 2019-2022 goal and is not counted.
    assert _counts(today, "umea") == {
        "MilestoneTarget": 1,
        "CeilingTarget": 1,
        "RecurringTarget": 1,
    }
    # Kungsör's 2022-2025 goals state no target; its earlier comparative targets have ended.
    assert _counts(today, "kungsor") == {}
    # Uppsala's cycling indicator measures no named goal: it has no period and always counts.
    assert _counts(today, "uppsala") == {"RelativeTarget": 1}
    assert _counts(today, "vargarda") == {"LevelTarget": 1}


def test_every_period_counts_every_kind_municipalities_write(store) -> None:
    everything = compare(store, SLUGS, selection=Selection(everything=True))
    assert _counts(everything, "kungsor") == {
        "RelativeTarget": 4,
        "ComparativeTarget": 2,
        "RankingTarget": 1,
        "MilestoneTarget": 1,
        "RecurringTarget": 2,
        "LevelTarget": 1,
    }
    umea = next(t for t in everything.targets if t.slug == "umea")
    assert umea.count(GG.RankingTarget) == 1 and umea.targets == 4


def test_assessments_without_indicators_are_counted(today: Comparison) -> None:
    vargarda = next(t for t in today.targets if t.slug == "vargarda")
    # the sub-goal's 😒 (it has an indicator), the whole sub-goal level's 8 of 30 and the
    # "delvis förenligt" of the budget's goals (neither has an indicator)
    assert (vargarda.assessments, vargarda.assessments_without_indicator) == (3, 2)
    assert {t.slug: t.assessments for t in today.targets} == {
        "kungsor": 0,
        "umea": 0,
        "uppsala": 0,
        "vargarda": 3,
    }


def test_the_report_explains_the_counts_in_swedish(today: Comparison) -> None:
    markdown = today.to_markdown()
    assert "## Mål med målvärden och bedömningar" in markdown
    assert "| ja/nej-mål | 0 | 1 | 0 | 0 |" in markdown
    assert "| varav utan indikator | 0 | 0 | 0 | 2 |" in markdown
    assert "bedömningar i ord" in markdown
    html = today.to_html()
    assert '<section id="targets">' in html and "förändring från utgångsår" in html
    english = compare(default_store(), SLUGS, lang="en").to_markdown()
    assert "## Targets and assessments" in english and "| milestone |" in english


def test_the_json_and_the_exported_tables_hold_the_counts(
    today: Comparison, tmp_path: Path
) -> None:
    data = today.to_json()["targets"]["umea"]
    assert data["targets"] == 3 and data["indicators_without_target"] == 0
    assert {k["label"]: k["count"] for k in data["kinds"]}["tak"] == 1
    written = write_tables(today, tmp_path / "csv")
    target_csv = next(p for p in written if p.name == "targets.csv")
    with target_csv.open(encoding="utf-8") as handle:
        rows = {r["municipality"]: r for r in csv.DictReader(handle)}
    assert (
        rows["umea"]["kind: tak"] == "1"
        and rows["vargarda"]["assessments_without_indicator"] == "2"
    )
    assert rows["kungsor"]["period"] == "Perioden 2022–2025"
    book = tmp_path / "tables.xlsx"
    write_tables(today, book)
    sheet = openpyxl.load_workbook(book)["targets"]
    header = [c.value for c in next(sheet.iter_rows(max_row=1))]
    assert "kind: jämförelse med andra" in header and "assessments" in header


def test_the_api_and_the_page_show_the_counts(store) -> None:
    params = [("m", "umea"), ("m", "vargarda")]
    with TestClient(create_app(store=store, settings=Settings(write_token=None))) as client:
        body = client.get("/comparison", params=params).json()
        assert body["targets"]["vargarda"]["assessments_without_indicator"] == 2
        page = client.get("/comparison", params=params, headers={"Accept": "text/html"})
        assert "Mål med målvärden och bedömningar" in page.text
        chosen = client.get("/comparison", params=[*params, ("all", "true")]).json()
        assert chosen["targets"]["umea"]["targets"] == 4
