"""Bad input: every problem is an error naming the file, sheet, row and column, and nothing is
imported half-way."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from goalgraph.authoring.errors import AuthoringError
from goalgraph.authoring.workbook import ImportValidationError, import_workbook, read_workbook
from goalgraph.load import default_store
from goalgraph.store import OxigraphStore

SHEETS: dict[str, list[list[object]]] = {
    "Kommun": [["id", "kommunkod", "namn"], ["provby", "9901", "Provby kommun"]],
    "Styrmodell": [["id", "namn"], ["model", "Styrmodell"]],
    "Nivåer": [
        ["id", "namn", "rang", "elementtyp", "överordnade nivåer", "ägartyp"],
        ["level-kf", "Fullmäktigemål", 1, "mål", None, "kommunfullmäktige"],
        ["level-nm", "Nämndmål", 2, "mål", "level-kf", "nämnd"],
    ],
    "Organ": [
        ["id", "typ", "namn"],
        ["body-kf", "kommunfullmäktige", "Kommunfullmäktige"],
        ["body-bun", "nämnd", "Barn- och utbildningsnämnden"],
    ],
    "Mål": [
        ["id", "typ", "namn", "nivå", "stödjer", "ägare"],
        ["goal-kf1", "mål", "Provby ska vara en trygg plats", "level-kf", None, "body-kf"],
        [
            "goal-bun1",
            "mål",
            "Alla elever ska känna sig trygga",
            "level-nm",
            "goal-kf1",
            "body-bun",
        ],
    ],
    "Beslut": [
        ["id", "namn", "beslutat av", "datum", "paragraf", "antar"],
        ["decision-1", "KF § 1", "body-kf", "2024-01-15", "§ 1", "goal-kf1"],
    ],
}


def workbook(path: Path, changes: dict[str, list[list[object]]] | None = None) -> Path:
    book = Workbook()
    book.remove(book.active)
    for name, rows in {**SHEETS, **(changes or {})}.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def issues(
    exc: pytest.ExceptionInfo[AuthoringError],
) -> list[tuple[str | None, int | None, str | None]]:
    return [(i.sheet, i.row, i.column) for i in exc.value.issues]


def test_the_minimal_workbook_imports(tmp_path: Path) -> None:
    slug, graph = read_workbook(workbook(tmp_path / "ok.xlsx"))
    assert slug == "provby" and len(graph) > 30


def test_missing_and_unknown_columns_name_sheet_row_and_column(tmp_path: Path) -> None:
    goals = [row[:3] + row[4:] for row in SHEETS["Mål"]]  # no "nivå"
    goals[0].append("prioritet")
    goals[1].append("hög")
    with pytest.raises(AuthoringError) as exc:
        read_workbook(workbook(tmp_path / "bad.xlsx", {"Mål": goals}))
    assert ("Mål", 1, "nivå") in issues(exc)
    assert ("Mål", 1, "prioritet") in issues(exc)
    text = str(exc.value)
    assert 'bad.xlsx, blad "Mål", rad 1, kolumn "nivå": obligatorisk kolumn saknas' in text
    assert 'bad.xlsx, sheet "Mål", row 1, column "prioritet": unknown column' in text
    assert "nothing was imported" in text and "inget har importerats" in text


def test_unknown_references_and_wrong_sheets_are_named(tmp_path: Path) -> None:
    goals = [list(r) for r in SHEETS["Mål"]]
    goals[2][4] = "goal-kf9"
    goals[2][5] = "level-kf"
    with pytest.raises(AuthoringError) as exc:
        read_workbook(workbook(tmp_path / "bad.xlsx", {"Mål": goals}))
    assert issues(exc) == [("Mål", 3, "stödjer"), ("Mål", 3, "ägare")]
    sv = exc.value.to_text("sv")
    assert "okänd hänvisning 'goal-kf9'" in sv
    assert "'level-kf' är en rad på bladet Nivåer; här ska det vara en rad på bladet Organ" in sv
    assert "unknown reference 'goal-kf9'" in exc.value.to_text("en")


def test_duplicate_ids_name_both_rows(tmp_path: Path) -> None:
    bodies = [*SHEETS["Organ"], ["goal-kf1", "nämnd", "Socialnämnden"]]
    with pytest.raises(AuthoringError) as exc:
        read_workbook(workbook(tmp_path / "bad.xlsx", {"Organ": bodies}))
    assert issues(exc) == [("Mål", 2, "id")]
    assert "duplicate id 'goal-kf1' (already at Organ, rad/row 4)" in str(exc.value)


@pytest.mark.parametrize(
    ("sheet", "row", "column", "value", "message"),
    [
        ("Nivåer", 2, 2, "ett", "'ett' is not a whole number"),
        ("Beslut", 1, 3, "15/1 2024", "'15/1 2024' is not a date"),
        ("Beslut", 1, 3, "2024-02-30", "'2024-02-30' is not a date"),
        ("Mål", 1, 1, "mål och medel", "'mål och medel' is none of"),
        ("Kommun", 1, 1, 665, "'665' has the wrong form"),
    ],
)
def test_wrong_types_and_dates_are_named(
    tmp_path: Path, sheet: str, row: int, column: int, value: object, message: str
) -> None:
    rows = [list(r) for r in SHEETS[sheet]]
    rows[row][column] = value
    with pytest.raises(AuthoringError) as exc:
        read_workbook(workbook(tmp_path / "bad.xlsx", {sheet: rows}))
    ((where_sheet, where_row, where_column),) = issues(exc)
    assert (where_sheet, where_row, where_column) == (sheet, row + 1, SHEETS[sheet][0][column])
    assert message in str(exc.value)


def test_a_required_value_left_empty(tmp_path: Path) -> None:
    decisions = [list(r) for r in SHEETS["Beslut"]]
    decisions[1][3] = None
    with pytest.raises(AuthoringError) as exc:
        read_workbook(workbook(tmp_path / "bad.xlsx", {"Beslut": decisions}))
    assert issues(exc) == [("Beslut", 2, "datum")]
    assert "värde saknas" in str(exc.value)


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    goals = [list(r) for r in SHEETS["Mål"]]
    goals[1][3] = "level-x"
    goals[2][1] = "målet"
    with pytest.raises(AuthoringError) as exc:
        read_workbook(workbook(tmp_path / "bad.xlsx", {"Mål": goals}))
    assert issues(exc) == [("Mål", 2, "nivå"), ("Mål", 3, "typ")]
    assert str(exc.value).startswith("2 fel, inget har importerats:")


def test_yaml_that_does_not_parse_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "kommun.yaml"
    path.write_text("municipality:\n  - id: provby\n    code: [9901\n", encoding="utf-8")
    with pytest.raises(AuthoringError) as exc:
        read_workbook(path)
    (issue,) = exc.value.issues
    assert issue.source.startswith("kommun.yaml:4:")
    assert "does not parse" in issue.message_en and "kan inte tolkas" in issue.message_sv


def test_yaml_duplicate_keys_and_unknown_sheets(tmp_path: Path) -> None:
    path = tmp_path / "kommun.yaml"
    path.write_text(
        "municipality:\n  - id: provby\n    id: nora\n    code: '9901'\n    label_sv: P\n"
        "prioriteringar:\n  - id: x\n",
        encoding="utf-8",
    )
    with pytest.raises(AuthoringError) as exc:
        read_workbook(path)
    texts = [i.to_text("en") for i in exc.value.issues]
    assert texts == [
        'kommun.yaml:3, sheet "municipality", row 1, column "id": the key \'id\' is already '
        "on line 2",
        'kommun.yaml:6, sheet "prioriteringar": unknown sheet',
    ]


def test_csv_in_an_unknown_encoding_names_the_line(tmp_path: Path) -> None:
    folder = tmp_path / "kommun"
    folder.mkdir()
    (folder / "municipality.csv").write_bytes(b"id;kommunkod;namn\nprovby;9901;Provby kommun\n")
    (folder / "bodies.csv").write_bytes(
        "id;typ;namn\nbody-kf;kommunfullmäktige;Kommunfullmäktige\n".encode("cp1252")
    )
    with pytest.raises(AuthoringError) as exc:
        read_workbook(folder)
    (issue,) = exc.value.issues
    assert issue.source == "bodies.csv:2" and issue.row == 2
    assert "not UTF-8" in issue.message_en and "--encoding cp1252" in issue.message_en
    slug, graph = read_workbook(folder, encoding="cp1252")
    assert slug == "provby" and len(graph) == 6


def test_a_file_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "kommun.xlsx"
    path.write_text("not a workbook")
    with pytest.raises(AuthoringError, match="cannot be read as an Excel workbook"):
        read_workbook(path)
    with pytest.raises(AuthoringError, match="unknown form"):
        read_workbook(tmp_path / "kommun.docx")


def test_nothing_is_imported_half_way(tmp_path: Path) -> None:
    store = default_store()
    before = store.dump(None, "application/n-quads")
    broken = [list(r) for r in SHEETS["Mål"]]
    broken[2][3] = "level-x"
    with pytest.raises(AuthoringError):
        import_workbook(store, workbook(tmp_path / "a.xlsx", {"Mål": broken}))
    invalid = [list(r) for r in SHEETS["Mål"]]
    invalid[2][4] = None  # a board goal that supports nothing: ggsh:M08
    with pytest.raises(ImportValidationError) as exc:
        import_workbook(store, workbook(tmp_path / "b.xlsx", {"Mål": invalid}))
    assert "M08" in str(exc.value) and "nothing was imported" in str(exc.value)
    assert store.dump(None, "application/n-quads") == before


def test_import_refuses_a_file_for_another_municipality(tmp_path: Path) -> None:
    with pytest.raises(AuthoringError, match="describes 'provby', not 'nora'"):
        import_workbook(OxigraphStore(), workbook(tmp_path / "a.xlsx"), municipality="nora")
