"""The template: its specification, the committed workbook and the vocabularies."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from goalgraph import resources
from goalgraph.authoring.tabular import template_tables
from goalgraph.authoring.template import SHEETS, find_column, find_sheet, vocabularies
from goalgraph.authoring.workbook import write_template
from goalgraph.authoring.xlsx import INSTRUCTIONS, LISTS

COMMITTED = resources.data_dir() / "templates" / "goalgraph-mall.xlsx"


def _sheets_and_headers(path: Path) -> dict[str, list[str]]:
    book = load_workbook(path, read_only=True)
    try:
        return {
            name: [c for c in next(book[name].iter_rows(values_only=True)) if c]
            for name in book.sheetnames
            if name not in INSTRUCTIONS + LISTS
        }
    finally:
        book.close()


def test_committed_template_matches_the_generator(tmp_path: Path) -> None:
    fresh = write_template(tmp_path / "mall.xlsx")
    assert _sheets_and_headers(COMMITTED) == _sheets_and_headers(fresh)
    expected = {t.sheet.sv: t.headers for t in template_tables()}
    assert _sheets_and_headers(COMMITTED) == expected
    book = load_workbook(COMMITTED, read_only=True)
    assert book.sheetnames[:2] == [INSTRUCTIONS[0], LISTS[0]]


def test_the_template_has_one_sheet_per_kind() -> None:
    names = [s.sv for s in SHEETS]
    for kind in ("Nivåer", "Organ", "Mål", "Dokument", "Beslut", "Indikatorer", "Agenda 2030"):
        assert kind in names
    assert len(set(names)) == len(names)


def test_sheet_and_column_names_are_unique_in_every_language() -> None:
    seen: set[str] = set()
    for sheet in SHEETS:
        names = {n.casefold() for n in sheet.names()}
        assert not names & seen, names
        seen |= names
        for name in sheet.names():
            assert find_sheet(name.upper()) is sheet
        headers: set[str] = set()
        for column in sheet.columns:
            own = {h.casefold() for h in column.headers()}
            assert not own & headers, (sheet.key, own)
            headers |= own
            for header in column.headers():
                assert find_column(sheet, f"  {header.upper()} ") is column


def test_every_vocabulary_term_has_a_unique_swedish_label() -> None:
    vocabulary = vocabularies()
    assert {t.local for t in vocabulary["body_type"]} >= {"Council", "Board", "MunicipalCompany"}
    assert {t.local for t in vocabulary["status"]} == {
        "Achieved",
        "PartlyAchieved",
        "NotAchieved",
        "NoData",
    }
    for name, terms in vocabulary.items():
        labels = [t.sv.casefold() for t in terms]
        assert all(labels) and len(set(labels)) == len(labels), name
