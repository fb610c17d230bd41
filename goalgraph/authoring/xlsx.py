"""The template as an Excel workbook (.xlsx), read and written.

A workbook has one sheet per kind (see :mod:`goalgraph.authoring.template`) with the Swedish
column headers in row 1, an instruction sheet ("Läs mig") and a sheet of the vocabularies
("Listor") that the drop-down lists use; both are ignored on import. Text that a spreadsheet
would take for a formula is written as a string cell with the quote prefix.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
import zlib
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from defusedxml import DefusedXmlException
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from goalgraph.authoring.cells import Row, Table, cell_text
from goalgraph.authoring.errors import AuthoringError, Collector, Issue
from goalgraph.authoring.tabular import FORMULA_STARTS, kind_help, read_bytes
from goalgraph.authoring.template import (
    SHEETS,
    Column,
    find_sheet,
    vocabularies,
)

#: Sheets of the workbook that are not data: the instructions and the vocabulary lists.
INSTRUCTIONS = ("Läs mig", "Instructions")
LISTS = ("Listor", "Lists")
_FIXED_DATE = dt.datetime(2026, 1, 1)


_WIDTHS = {"text": 48, "texts": 36, "string": 22, "strings": 28, "refs": 28, "terms": 26}


# --- Excel -----------------------------------------------------------------------------------


def read_xlsx(path: Path) -> list[Table]:
    """Read an Excel workbook's data sheets; every problem names the sheet."""
    return read_xlsx_bytes(read_bytes(path), path.name)


#: What openpyxl, zipfile and the XML parser raise on a file that is not a sound workbook:
#: a broken zip archive or deflate stream, encrypted parts or an unknown compression method
#: (``RuntimeError``, ``NotImplementedError``), broken XML (``ParseError`` is a
#: ``SyntaxError``), a missing part (``KeyError``) and values of the wrong form or attributes
#: that do not exist (``ValueError``, ``TypeError``, ``AttributeError``, ``IndexError``). The
#: calls guarded by it only parse the upload, so nothing else is hidden.
_BROKEN_WORKBOOK = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    RuntimeError,
    SyntaxError,
    KeyError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
)


def _broken_workbook(source: str, exc: Exception, sheet: str | None = None) -> AuthoringError:
    """The error for a file that openpyxl cannot read, saying what is wrong with it."""
    detail = str(exc).strip() or type(exc).__name__
    entity = _forbidden_entity(exc)
    if entity is not None:
        sv = f"arbetsboken deklarerar XML-entiteter ({entity}), vilket inte tillåts"
        en = f"the workbook declares XML entities ({entity}), which are refused"
    elif isinstance(exc, (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError)):
        sv = (
            "filen är inget giltigt zip-arkiv, vilket en .xlsx-fil är (en gammal .xls-fil "
            f"eller en lösenordsskyddad arbetsbok kan inte läsas): {detail}"
        )
        en = (
            "the file is not a valid zip archive, which an .xlsx file is (an old .xls file or "
            f"a password-protected workbook cannot be read): {detail}"
        )
    elif isinstance(exc, RuntimeError):
        sv = f"arbetsboken är krypterad eller packad på ett sätt som inte stöds: {detail}"
        en = f"the workbook is encrypted or compressed in a way that is not supported: {detail}"
    elif isinstance(exc, SyntaxError):
        sv = f"arbetsboken innehåller trasig XML: {detail}"
        en = f"the workbook contains broken XML: {detail}"
    elif isinstance(exc, KeyError):
        sv = f"en del av arbetsboken saknas: {detail}"
        en = f"a part of the workbook is missing: {detail}"
    else:
        sv = f"arbetsboken har oväntat innehåll ({type(exc).__name__}: {detail})"
        en = f"the workbook has unexpected content ({type(exc).__name__}: {detail})"
    return AuthoringError(
        [
            Issue(
                source,
                f"kan inte läsas som en Excel-arbetsbok (.xlsx): {sv}"[:500],
                f"cannot be read as an Excel workbook (.xlsx): {en}"[:500],
                sheet=sheet,
            )
        ]
    )


def _forbidden_entity(exc: BaseException) -> str | None:
    """The declaration that defusedxml refused somewhere in ``exc``'s chain, if any."""
    seen: BaseException | None = exc
    for _ in range(10):
        if seen is None:
            return None
        if isinstance(seen, DefusedXmlException):
            name = getattr(seen, "name", None)
            return f"<!ENTITY {name}>" if name else "<!DOCTYPE>"
        seen = seen.__cause__ or seen.__context__
    return None


def read_xlsx_bytes(data: bytes, source: str) -> list[Table]:
    """Read the data sheets of a workbook given as bytes; ``source`` names it in errors.

    The workbook is read from memory, so its name need not end in ``.xlsx``. A file that is
    not a sound workbook (not a zip archive, broken XML, a missing part) is an
    :class:`AuthoringError` naming the file and, where the problem is in one, the sheet.
    """

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, *_BROKEN_WORKBOOK) as exc:
        raise _broken_workbook(source, exc) from exc
    sheets: list[tuple[str, list[tuple[object, ...]]]] = []
    try:
        for sheet_name in book.sheetnames:
            if sheet_name in INSTRUCTIONS + LISTS:
                continue
            try:
                sheets.append((sheet_name, list(book[sheet_name].iter_rows(values_only=True))))
            except _BROKEN_WORKBOOK as exc:
                raise _broken_workbook(source, exc, sheet_name) from exc
    finally:
        book.close()
    issues = Collector(source)
    tables: list[Table] = []
    for sheet_name, rows in sheets:
        sheet = find_sheet(sheet_name)
        if sheet is None:
            issues.add(
                "okänt blad (bladen heter: " + ", ".join(s.sv for s in SHEETS) + ")",
                "unknown sheet (the sheets are: " + ", ".join(s.en for s in SHEETS) + ")",
                sheet=sheet_name,
            )
            continue
        headers = [cell_text(v) for v in rows[0]] if rows else []
        while headers and not headers[-1]:
            headers.pop()
        data_rows = [
            Row(number, list(values[: max(len(headers), 1)]))
            for number, values in enumerate(rows[1:], start=2)
        ]
        tables.append(Table(sheet, sheet_name, headers, data_rows, source))
    issues.raise_if_any()
    return tables


def _excel_value(column: Column, value: object) -> object:
    """A cell value as it is written: numbers as numbers when that is exact, else text."""
    text = cell_text(value)
    if column.kind == "integer" and text.lstrip("-").isdigit():
        return int(text)
    if column.kind in ("decimal", "share") and text:
        try:
            number = float(text)
        except ValueError:
            return text
        if Decimal(repr(number)) == Decimal(text) and repr(number) == text:
            return number
    return text or None


def write_xlsx(tables: Sequence[Table], path: Path) -> Path:
    """Write tables as a workbook with instructions, drop-down lists and frozen headers."""
    data = xlsx_bytes(tables)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    """The workbook of :func:`write_xlsx` as bytes."""
    book = Workbook()
    book.properties.creator = "goalgraph"
    book.properties.created = _FIXED_DATE
    book.properties.modified = _FIXED_DATE
    guide = book.active
    guide.title = INSTRUCTIONS[0]
    _instructions(guide)
    lists = book.create_sheet(LISTS[0])
    ranges = _lists(lists)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="E3F0FB")
    for table in tables:
        ws = book.create_sheet(table.sheet.sv)
        columns = {c.sv: c for c in table.sheet.columns}
        ws.append(table.headers)
        for cell in ws[1]:
            cell.font = header_font
            cell.fill = header_fill
        for row in table.rows:
            ws.append(
                [
                    _excel_value(columns[h], v) if h in columns else cell_text(v) or None
                    for h, v in zip(table.headers, row.values, strict=False)
                ]
            )
            for cell in ws[ws.max_row]:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    _as_text(cell)
        ws.freeze_panes = "A2"
        for position, header in enumerate(table.headers, start=1):
            column = columns.get(header)
            letter = get_column_letter(position)
            width = _WIDTHS.get(column.kind if column else "", 16)
            ws.column_dimensions[letter].width = max(width, len(header) + 2)
            if column is not None and column.kind in ("text", "texts"):
                for cell in ws[letter][1:]:
                    cell.alignment = Alignment(wrap_text=True, vertical="top")
            if column is not None and column.kind == "term" and column.vocabulary in ranges:
                check = DataValidation(
                    type="list", formula1=ranges[column.vocabulary], allow_blank=True
                )
                check.error = "Välj ett värde ur listan (bladet Listor)."
                check.errorTitle = "Okänt värde"
                check.showErrorMessage = True
                ws.add_data_validation(check)
                check.add(f"{letter}2:{letter}1000")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _as_text(cell: object) -> None:
    """Make a cell that openpyxl would write as a formula a string cell shown as text."""
    cell.data_type = "s"  # type: ignore[attr-defined]
    cell.quotePrefix = True  # type: ignore[attr-defined]


def _instructions(ws: Worksheet) -> None:

    lines: list[list[str]] = [
        ["goalgraph – mall för kommunens målstyrning", "goalgraph – template for goal governance"],
        [
            "Ett blad per slag av uppgift; en rad per sak. Id:n är stabila: ändra dem inte, så "
            "uppdaterar en ny import det som finns i stället för att lägga till dubbletter. "
            "Hänvisa till andra rader med deras id; flera värden skiljs med semikolon (text: "
            "en per rad). Datum skrivs ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ.",
            "One sheet per kind of information; one row per thing. Ids are stable: keep them, so "
            "that a new import updates what exists instead of adding duplicates. Refer to other "
            "rows by their id; separate several values with semicolons (text: one per line). "
            "Dates are written YYYY-MM-DD, YYYY-MM or YYYY.",
        ],
        [],
        ["blad / kolumn", "sheet / column", "beskrivning", "description", "obligatorisk"],
    ]
    for sheet in SHEETS:
        lines.append([sheet.sv, sheet.en, sheet.help_sv, sheet.help_en, ""])
        for column in sheet.columns:
            lines.append(
                [
                    f"  {column.sv}",
                    f"  {column.en}",
                    column.help_sv or kind_help(column, "sv"),
                    column.help_en or kind_help(column, "en"),
                    "ja" if column.required else "",
                ]
            )
    for line in lines:
        ws.append(line)
    ws["A1"].font = Font(bold=True, size=14)
    ws["B1"].font = Font(bold=True, size=14)
    for cell in ws[2]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for letter, width in zip("ABCDE", (34, 34, 60, 60, 12), strict=True):
        ws.column_dimensions[letter].width = width


def _lists(ws: Worksheet) -> dict[str, str]:
    """Write each vocabulary as a column of the list sheet; returns the validation ranges."""
    ranges: dict[str, str] = {}
    for position, (name, terms) in enumerate(sorted(vocabularies().items()), start=1):
        letter = get_column_letter(position)
        ws.cell(row=1, column=position, value=name)
        for offset, term in enumerate(terms, start=2):
            ws.cell(row=offset, column=position, value=term.sv)
        ranges[name] = f"'{LISTS[0]}'!${letter}$2:${letter}${len(terms) + 1}"
    return ranges
