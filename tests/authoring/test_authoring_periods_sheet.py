"""The periods sheet holds periods of every kind and is named "Perioder"; a workbook written
before the rename, with the sheet "Mandatperioder", still imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib.compare import isomorphic

from goalgraph.authoring.template import SHEETS_BY_KEY, find_sheet
from goalgraph.authoring.workbook import export_municipality, municipality_graph_of, read_workbook
from goalgraph.store.load import default_store


@pytest.fixture(scope="module")
def store():
    return default_store()


def test_the_template_names_the_sheet_perioder(tmp_path: Path) -> None:
    book = load_workbook(Path(__file__).resolve().parents[2] / "data/templates/goalgraph-mall.xlsx")
    assert "Perioder" in book.sheetnames and "Mandatperioder" not in book.sheetnames
    assert (SHEETS_BY_KEY["periods"].sv, SHEETS_BY_KEY["periods"].en) == ("Perioder", "Periods")


@pytest.mark.parametrize("old_name", ["Mandatperioder", "Mandate periods", "mandatperioder"])
def test_a_workbook_with_the_old_sheet_name_still_imports(
    store, tmp_path: Path, old_name: str
) -> None:
    path = export_municipality(store, "kungsor", tmp_path / "kungsor.xlsx")
    book = load_workbook(path)
    book["Perioder"].title = old_name
    book.save(path)
    slug, graph = read_workbook(path)
    assert slug == "kungsor"
    assert isomorphic(graph, municipality_graph_of(store, "kungsor"))


def test_the_old_name_is_read_but_never_written() -> None:
    assert find_sheet("Mandatperioder") is SHEETS_BY_KEY["periods"]
    assert find_sheet("Perioder") is SHEETS_BY_KEY["periods"]
    assert find_sheet("Mandatperiod") is None
