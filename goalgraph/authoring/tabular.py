"""The template as an Excel workbook (.xlsx) or a folder of CSV files, read and written.

A workbook has one sheet per kind (see :mod:`goalgraph.authoring.template`) with the Swedish
column headers in row 1, an instruction sheet ("Läs mig") and a sheet of the vocabularies
("Listor") that the drop-down lists use; both are ignored on import. A CSV folder has one file
per sheet, named after the sheet's key (``goals.csv``) or its Swedish or English name, in UTF-8
(Excel's "CSV UTF-8"), separated by commas, semicolons or tabs.

Text that a spreadsheet would take for a formula (it begins with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) is written as text: in a workbook as a string cell with the quote
prefix, in CSV behind an apostrophe, which the CSV reader removes again, so an export read back
gives the same text.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
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
from goalgraph.authoring.template import (
    SHEETS,
    SHEETS_BY_KEY,
    Column,
    Sheet,
    find_sheet,
    vocabularies,
)

__all__ = [
    "FORMULA_STARTS",
    "INSTRUCTIONS",
    "LISTS",
    "csv_cell",
    "csv_cell_value",
    "decode",
    "kind_help",
    "read_csv_folder",
    "read_xlsx",
    "read_xlsx_bytes",
    "template_tables",
    "text_of",
    "write_csv_folder",
    "write_xlsx",
    "xlsx_bytes",
]

#: Sheets of the workbook that are not data: the instructions and the vocabulary lists.
INSTRUCTIONS = ("Läs mig", "Instructions")
LISTS = ("Listor", "Lists")
_FIXED_DATE = dt.datetime(2026, 1, 1)
#: Text a spreadsheet reads as a formula: it begins with one of these characters.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: Text that CSV writing protects with an apostrophe: a formula start behind any number of
#: apostrophes (so that reading, which removes one, gives the text back exactly).
_CSV_PROTECTED = re.compile(r"'*[=+\-@\t\r]")
_CSV_PROTECTION = re.compile(r"'+[=+\-@\t\r]")
#: A plain number, which stays as it is (``-5`` is not a formula).
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
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


def read_bytes(path: Path) -> bytes:
    """A file's bytes; a file that cannot be read is an :class:`AuthoringError` naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise AuthoringError(
            [Issue(path.name, f"kan inte läsas: {reason}", f"cannot be read: {reason}")]
        ) from exc


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


_KIND_HELP: dict[str, tuple[str, str]] = {
    "ref": ("Id för en rad på bladet {targets}.", "Id of a row of the sheet {targets}."),
    "refs": (
        "Id:n för rader på bladet {targets}, skilda med semikolon.",
        "Ids of rows of the sheet {targets}, separated by semicolons.",
    ),
    "term": ("Ett värde ur listan (bladet Listor).", "A value from the list (sheet Lists)."),
    "terms": (
        "Värden ur listan (bladet Listor), skilda med semikolon.",
        "Values from the list (sheet Lists), separated by semicolons.",
    ),
    "date": ("ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ.", "YYYY-MM-DD, YYYY-MM or YYYY."),
    "year": ("Ett årtal, ÅÅÅÅ.", "A year, YYYY."),
    "integer": ("Ett heltal.", "A whole number."),
    "decimal": ("Ett tal.", "A number."),
    "boolean": ("ja eller nej.", "yes or no."),
    "texts": ("En per rad.", "One per line."),
}


def kind_help(column: Column, lang: str) -> str:
    """How a cell of ``column``'s kind is written, in ``sv`` or ``en`` ("" when plain)."""
    texts = _KIND_HELP.get(column.kind)
    if texts is None:
        return ""
    names = [
        SHEETS_BY_KEY[k].sv if lang == "sv" else SHEETS_BY_KEY[k].en for k in column.targets
    ] or (["(vilket som helst)"] if lang == "sv" else ["(any)"])
    return texts[0 if lang == "sv" else 1].format(targets=", ".join(names))


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


def template_tables() -> list[Table]:
    """The empty template: every sheet with its headers and no rows."""
    return [Table(s, s.sv, [c.sv for c in s.columns]) for s in SHEETS]


# --- CSV -------------------------------------------------------------------------------------


def read_csv_folder(folder: Path, *, encoding: str | None = None) -> list[Table]:
    """Read a folder of CSV files, one per sheet, named after the sheet."""
    issues = Collector(folder.name)
    tables: list[Table] = []
    files = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    if not files:
        issues.add("mappen har inga CSV-filer", "the folder holds no CSV files")
    for path in files:
        sheet = find_sheet(path.stem)
        if sheet is None:
            issues.add(
                "okänd fil: filen ska heta som ett blad, t.ex. goals.csv eller Mål.csv",
                "unknown file: it must be named after a sheet, e.g. goals.csv",
                sheet=path.name,
            )
            continue
        try:
            tables.append(read_csv(path, sheet, encoding=encoding))
        except AuthoringError as exc:
            issues.issues.extend(exc.issues)
    issues.raise_if_any()
    return tables


def decode(data: bytes, source: str, encoding: str | None = None) -> str:
    """Text from bytes: UTF-8 (with or without BOM), UTF-16 with a BOM, or ``encoding``.

    Anything else is an :class:`AuthoringError` naming the line with the first bad byte.
    """
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError as exc:
            raise AuthoringError(
                [
                    Issue(
                        source,
                        f"okänd teckenkodning {encoding!r}",
                        f"unknown encoding {encoding!r}",
                    )
                ]
            ) from exc
        except UnicodeDecodeError as exc:
            line = _line_of(exc)
            raise AuthoringError(
                [
                    Issue(
                        f"{source}:{line}",
                        f"kan inte läsas som {encoding}: {exc.reason} (byte {exc.start})",
                        f"cannot be read as {encoding}: {exc.reason} (byte {exc.start})",
                        row=line,
                    )
                ]
            ) from exc
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            line = _line_of(exc)
            raise AuthoringError(
                [
                    Issue(
                        f"{source}:{line}",
                        "texten börjar som UTF-16 (byte order mark) men är inte giltig UTF-16 "
                        f"({exc.reason}, byte {exc.start}): är filen avkortad?",
                        "the text starts as UTF-16 (byte order mark) but is not valid UTF-16 "
                        f"({exc.reason}, byte {exc.start}): is the file truncated?",
                        row=line,
                    )
                ]
            ) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = _line_of(exc)
        raise AuthoringError(
            [
                Issue(
                    f"{source}:{line}",
                    "texten är inte UTF-8 (okänd teckenkodning); spara filen som "
                    '"CSV UTF-8" eller ange kodningen, t.ex. --encoding cp1252',
                    "the text is not UTF-8 (unknown encoding); save the file as "
                    '"CSV UTF-8" or give the encoding, e.g. --encoding cp1252',
                    row=line,
                )
            ]
        ) from exc


def _line_of(exc: UnicodeDecodeError) -> int:
    """The line (1-based) of the first byte that could not be decoded."""
    before = exc.object[: exc.start]
    return bytes(before).decode(exc.encoding, "replace").count("\n") + 1


def text_of(data: bytes, source: str, encoding: str | None = None) -> str:
    """:func:`decode`, refusing text with NUL characters (a binary file, not text)."""
    text = decode(data, source, encoding)
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise AuthoringError(
            [
                Issue(
                    f"{source}:{line}",
                    "innehåller NUL-tecken: ingen textfil",
                    "contains NUL characters: not a text file",
                    row=line,
                )
            ]
        )
    return text


def read_csv(path: Path, sheet: Sheet, *, encoding: str | None = None) -> Table:
    """Read one CSV file as a sheet; the header is row 1."""
    text = text_of(read_bytes(path), path.name, encoding)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise AuthoringError(
            [Issue(path.name, f"felaktig CSV: {exc}", f"malformed CSV: {exc}")]
        ) from exc
    headers = [h.strip() for h in records[0]] if records else []
    while headers and not headers[-1]:
        headers.pop()
    rows = [Row(n, [csv_cell_value(c) for c in r]) for n, r in enumerate(records[1:], start=2)]
    return Table(sheet, path.name, headers, rows, path.name)


def csv_cell(text: str) -> str:
    """A cell's text as it is written to CSV: an apostrophe before text that a spreadsheet
    would run as a formula (the OWASP advice for CSV injection)."""
    if _CSV_PROTECTED.match(text) and not _PLAIN_NUMBER.fullmatch(text):
        return "'" + text
    return text


def csv_cell_value(text: str) -> str:
    """The text of a CSV cell written by :func:`csv_cell` (the apostrophe removed)."""
    return text[1:] if _CSV_PROTECTION.match(text) else text


def write_csv_folder(tables: Sequence[Table], folder: Path) -> Path:
    """Write one UTF-8 CSV file (with BOM, for Excel) per sheet, named after its key."""
    folder.mkdir(parents=True, exist_ok=True)
    for table in tables:
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerow(table.headers)
        for row in table.rows:
            writer.writerow([csv_cell(cell_text(v)) for v in row.values])
        target = folder / f"{table.sheet.key}.csv"
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(buffer.getvalue(), encoding="utf-8-sig", newline="")
        tmp.replace(target)
    return folder
