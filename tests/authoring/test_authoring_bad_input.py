"""Bad input: every problem is an error naming the file, sheet, row and column, and nothing is
imported half-way."""

from __future__ import annotations

import io
import re
import sys
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from rdflib.compare import isomorphic

from goalgraph.authoring import extract
from goalgraph.authoring.errors import AuthoringError, Issue
from goalgraph.authoring.extract import extract_bytes, extract_text
from goalgraph.authoring.extraction import candidates
from goalgraph.authoring.template import SHEETS as TEMPLATE_SHEETS
from goalgraph.authoring.workbook import (
    ImportValidationError,
    export_municipality_bytes,
    import_graph,
    import_workbook,
    read_workbook,
    read_workbook_bytes,
    template_bytes,
    write_template,
)
from goalgraph.authoring.yaml_io import FORMAT, parse_yaml
from goalgraph.store.load import default_store
from goalgraph.store.oxigraph import OxigraphStore

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
    decisions[1][1] = None  # the name; a missing day is a gap or G06's finding, not the reader's
    with pytest.raises(AuthoringError) as exc:
        read_workbook(workbook(tmp_path / "bad.xlsx", {"Beslut": decisions}))
    assert issues(exc) == [("Beslut", 2, "namn")]
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


# --- input that used to let a raw exception through ----------------------------------------


def _rezip(data: bytes, change: Callable[[str, bytes], bytes | None]) -> bytes:
    """The workbook ``data`` with each part replaced by ``change(name, part)`` (None: as is)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info.filename)
            target.writestr(info, change(info.filename, part) or part)
    return out.getvalue()


def _sheet_part(data: bytes, sheet: str) -> str:
    """The name of the zip part that holds ``sheet``."""
    book = load_workbook(io.BytesIO(data))
    position = book.sheetnames.index(sheet) + 1
    return f"xl/worksheets/sheet{position}.xml"


def _one_issue(exc: pytest.ExceptionInfo[AuthoringError]) -> Issue:
    (issue,) = exc.value.issues
    return issue


def test_yaml_with_unknown_tag_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "kommun.yaml"
    path.write_text(
        "municipality:\n  - id: !!python/name:os.system x\n    label_sv: !local P\n",
        encoding="utf-8",
    )
    with pytest.raises(AuthoringError) as exc:
        read_workbook(path)
    first, second = exc.value.issues
    assert (first.source, first.sheet, first.row, first.column) == (
        "kommun.yaml:2:9",
        "municipality",
        1,
        "id",
    )
    assert "unknown or unsupported YAML tag !!python/name:os.system" in first.message_en
    assert "okänd eller otillåten YAML-tagg" in first.message_sv
    assert second.source == "kommun.yaml:3:15" and "!local" in second.message_en


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("!!timestamp 2020-99-99", "'2020-99-99' is not a valid date"),  # was a ValueError
        ("!!timestamp 31 februari", "'31 februari' is not a valid date"),  # an AttributeError
        ("2020-02-31", "'2020-02-31' is not a valid date"),
        ("!!bool kanske", "'kanske' is neither true nor false"),  # a KeyError
        ("!!int tolv", "'tolv' is not a whole number"),
    ],
)
def test_yaml_with_an_impossible_timestamp_is_a_clear_error(value: str, message: str) -> None:
    text = f"goalgraph: mall 1\ndecisions:\n  - id: decision-1\n    date: {value}\n"
    with pytest.raises(AuthoringError) as exc:
        read_workbook_bytes(text.encode(), "kommun.yaml")
    issue = _one_issue(exc)
    assert (issue.source, issue.sheet, issue.row, issue.column) == (
        "kommun.yaml:4:11",
        "decisions",
        1,
        "date",
    )
    assert message in issue.message_en
    assert "YAML-typen !!" in issue.message_sv


def test_yaml_with_nul_characters_is_a_clear_error() -> None:
    with pytest.raises(AuthoringError) as exc:
        read_workbook_bytes(b"municipality:\n  - id: provby\x00\n", "kommun.yaml")
    issue = _one_issue(exc)
    assert issue.source == "kommun.yaml:2:15" and issue.row == 2
    assert "the character U+0000 is not allowed" in issue.message_en
    assert "tecknet U+0000 är inte tillåtet" in issue.message_sv


def test_yaml_nested_too_deeply_is_a_clear_error() -> None:
    with pytest.raises(AuthoringError, match="nested too deeply"):
        read_workbook_bytes(b"[" * 5000, "kommun.yaml")


def test_yaml_aliases_that_expand_too_far_are_refused() -> None:
    values = ", ".join(["x"] * 1000)
    cells = ", ".join(f"k{i}: *v" for i in range(1, 1000))
    text = f"goals:\n  - &row {{k0: &v [{values}], {cells}}}\n" + "  - *row\n" * 1000
    with pytest.raises(AuthoringError, match="more than 1000000 values once its aliases"):
        read_workbook_bytes(text.encode(), "kommun.yaml")


@pytest.mark.parametrize("read", ["yaml", "csv", "text"])
def test_truncated_utf16_is_a_clear_error(tmp_path: Path, read: str) -> None:
    data = "municipality:\n  - id: provby\n".encode("utf-16")[:-1]  # with a BOM, an odd length
    with pytest.raises(AuthoringError) as exc:
        if read == "yaml":
            read_workbook_bytes(data, "kommun.yaml")
        elif read == "csv":
            (tmp_path / "municipality.csv").write_bytes(data)
            read_workbook(tmp_path)
        else:
            extract_bytes(data, "kommun.yaml", "provby")
    issue = _one_issue(exc)
    name = "municipality.csv" if read == "csv" else "kommun.yaml"
    assert (issue.source, issue.row) == (f"{name}:2", 2)
    assert "not valid UTF-16" in issue.message_en and "avkortad" in issue.message_sv


def test_workbook_with_broken_xml_is_a_clear_error(tmp_path: Path) -> None:
    good = workbook(tmp_path / "ok.xlsx").read_bytes()
    part = _sheet_part(good, "Mål")
    broken = _rezip(good, lambda name, xml: xml[: len(xml) // 2] if name == part else None)
    with pytest.raises(AuthoringError) as exc:
        read_workbook_bytes(broken, "kommun.xlsx")
    issue = _one_issue(exc)
    assert (issue.source, issue.sheet) == ("kommun.xlsx", "Mål")
    assert "the workbook contains broken XML" in issue.message_en
    assert "trasig XML" in issue.message_sv
    no_book = _rezip(good, lambda name, xml: b"<workbook" if name == "xl/workbook.xml" else None)
    with pytest.raises(AuthoringError, match="the workbook contains broken XML"):
        read_workbook_bytes(no_book, "kommun.xlsx")


def _corrupt_deflate(data: bytes) -> bytes:
    """The workbook with bytes in the middle of its first sheet's compressed data changed."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(_sheet_part(data, "Kommun"))
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    middle = start + info.compress_size // 2
    return data[:middle] + bytes(b ^ 0x55 for b in data[middle : middle + 8]) + data[middle + 8 :]


def _mark_encrypted(data: bytes) -> bytes:
    """The workbook with every part flagged as encrypted (zipfile: a RuntimeError)."""
    out = bytearray(data)
    for signature, flags in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = out.find(signature)
        while at >= 0:
            out[at + flags] |= 1
            at = out.find(signature, at + 4)
    return bytes(out)


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: b"PK\x03\x04" + data[4:100],  # truncated: zipfile.BadZipFile
        lambda data: data[: len(data) // 2],
        _corrupt_deflate,  # zlib.error or a bad CRC
        _mark_encrypted,
        lambda data: b"not a workbook",
    ],
    ids=["header-only", "half", "corrupt-deflate", "encrypted", "text"],
)
def test_workbook_that_is_not_a_zip_is_a_clear_error(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    data = damage(workbook(tmp_path / "ok.xlsx").read_bytes())
    with pytest.raises(AuthoringError) as exc:
        read_workbook_bytes(data, "kommun.xlsx")
    issue = _one_issue(exc)
    assert issue.source == "kommun.xlsx"
    assert issue.message_en.startswith("cannot be read as an Excel workbook (.xlsx)")
    assert issue.message_sv.startswith("kan inte läsas som en Excel-arbetsbok (.xlsx)")


def test_workbook_named_without_xlsx_suffix_is_read(tmp_path: Path) -> None:
    data = workbook(tmp_path / "ok.xlsx").read_bytes()
    upload = tmp_path / "upload.bin"
    upload.write_bytes(data)  # openpyxl refused the name (InvalidFileException)
    assert read_workbook(upload, form="xlsx")[0] == "provby"
    assert read_workbook_bytes(data, "upload", "xlsx")[0] == "provby"
    with pytest.raises(AuthoringError, match=r"unknown form: the file must be named \.xlsx"):
        read_workbook_bytes(data, "upload")


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("Provby kommun\nKF § 49 2020-02-31 beslut\n", 2, "the date '2020-02-31' does not exist"),
        (
            "Provby kommun\n\nAntagen av kommunfullmäktige 31 februari 2020 § 3\n",
            3,
            "the date 31 februari 2020 does not exist",
        ),
        (
            "Mål 2023\n\nTidsplan\nKS 8 nov – förslag\nKF 31 november – beslut\n",
            5,
            "the date 31 november 2023 does not exist",
        ),
        ("Tidsplan\n\nKS 8 nov – förslag\n", 3, "the document gives no year for the date 8 nov"),
    ],
)
def test_extract_with_an_impossible_date_is_a_clear_error(
    text: str, line: int, message: str
) -> None:
    with pytest.raises(AuthoringError) as exc:
        extract_bytes(text.encode(), "mål.txt", "provby")
    issue = _one_issue(exc)
    assert (issue.source, issue.row) == (f"mål.txt:{line}", line)
    assert message in issue.message_en
    assert "finns inte" in issue.message_sv or "inget år" in issue.message_sv


def test_extract_reports_every_impossible_date_at_once() -> None:
    text = "Provby kommun\nKF § 1 2020-02-30\nKS § 2 2021-13-01\n"
    with pytest.raises(AuthoringError) as exc:
        extract_text(text, "provby", source="mål.txt")
    assert [i.source for i in exc.value.issues] == ["mål.txt:2", "mål.txt:3"]


@pytest.mark.parametrize("text", ["", " \n\t\n", "\ufeff"])
def test_extract_of_an_empty_text_is_a_clear_error(text: str) -> None:
    with pytest.raises(AuthoringError) as exc:
        extract_bytes(text.encode(), "mål.txt", "provby")
    issue = _one_issue(exc)
    assert issue.source == "mål.txt"
    assert "the document is empty" in issue.message_en and "tomt" in issue.message_sv


def test_extract_text_with_nul_characters_names_the_line() -> None:
    with pytest.raises(AuthoringError) as exc:
        extract_bytes(b"Provby kommun\nProvby kommun ska\x00\n", "mål.txt", "provby")
    assert _one_issue(exc).source == "mål.txt:2"


def test_extraction_time_is_linear_in_the_document_length(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each citation looked for its heading by scanning the lines before it (an index() and a
    # backwards scan), quadratic in the number of goals: 200 kB took 12 s, now 2 s; and the
    # statistical finder looked for each block's heading the same way. The extractor now looks
    # at each block a fixed number of times, so twice the lines cost twice the heading checks
    # (up to a few checks of the document as a whole).
    calls = 0
    original = candidates.heading_like

    def counted(block: candidates.Block) -> bool:
        nonlocal calls
        calls += 1
        return original(block)

    # every rule module that asks whether a block is a heading, under the name it imported
    for module in list(sys.modules.values()):
        name = getattr(module, "__name__", "")
        if name.startswith("goalgraph.authoring.extraction") and hasattr(module, "heading_like"):
            monkeypatch.setattr(module, "heading_like", counted)
    seen = []
    for lines in (500, 1000):
        calls = 0
        draft = extract_text("Provby kommun ska vara trygg.\n" * lines, "provby")
        assert draft.counts["goal"] == lines
        assert 0 < calls <= 12 * lines
        seen.append(calls)
    assert abs(seen[1] - 2 * seen[0]) <= 10


def test_extra_sheet_with_a_bad_language_tag_is_a_clear_error() -> None:
    text = (
        "municipality:\n  - {id: provby, code: '9901', label_sv: Provby kommun}\n"
        "extra:\n  - {resource: provby, property: 'rdfs:comment', value: x, language: 0.5}\n"
    )
    with pytest.raises(AuthoringError) as exc:
        read_workbook_bytes(text.encode(), "kommun.yaml")
    issue = _one_issue(exc)
    assert (issue.sheet, issue.row, issue.column) == ("extra", 1, "language")
    assert "'0.5' is not a language tag" in issue.message_en


# --- the YAML template and the bytes functions -----------------------------------------------


def test_yaml_template_shows_every_sheet_and_its_columns(tmp_path: Path) -> None:
    text = write_template(tmp_path / "mall.yaml", "yaml").read_text(encoding="utf-8")
    assert text == template_bytes("yaml").decode("utf-8")
    assert text.startswith(f"goalgraph: {FORMAT}\n")
    tables = parse_yaml(text, "mall.yaml")  # it reads: every sheet, no rows
    assert [t.sheet.key for t in tables] == [s.key for s in TEMPLATE_SHEETS]
    assert not any(t.rows for t in tables)
    # Removing the "# " before the example rows gives one row per sheet with every column.
    uncommented = re.sub(r"^  # (- |  )(\w+):", r"  \1\2:", text, flags=re.MULTILINE)
    filled = parse_yaml(uncommented, "mall.yaml")
    for sheet, table in zip(TEMPLATE_SHEETS, filled, strict=True):
        assert len(table.rows) == 1, sheet.key
        assert table.headers == [c.key for c in sheet.columns], sheet.key
    assert "# Mål / Goals" in text and "(obligatorisk / required)" in text


def test_bytes_functions_match_the_path_functions(fixtures: Path, tmp_path: Path) -> None:
    path = fixtures / "provby.yaml"
    slug, graph = read_workbook(path)
    assert read_workbook_bytes(path.read_bytes(), path.name)[0] == slug
    assert isomorphic(read_workbook_bytes(path.read_bytes(), "x", "yaml")[1], graph)
    store = OxigraphStore()
    import_graph(store, slug, graph)
    sheet = export_municipality_bytes(store, slug, "xlsx")
    assert isomorphic(read_workbook_bytes(sheet, "provby.xlsx")[1], graph)
    yaml_sheet = export_municipality_bytes(store, slug, "yaml")
    assert isomorphic(read_workbook_bytes(yaml_sheet, "provby.yaml")[1], graph)
    book = load_workbook(io.BytesIO(template_bytes("xlsx")), read_only=True)
    assert "Mål" in book.sheetnames
    text = fixtures / "provby-mal-2023.txt"
    from_bytes = extract_bytes(text.read_bytes(), text.name, "provby")
    assert isomorphic(from_bytes.graph, extract.extract_file(text, "provby").graph)
    with pytest.raises(AuthoringError, match="folder of CSV files"):
        read_workbook_bytes(b"id\n", "kommun.csv", "csv")
