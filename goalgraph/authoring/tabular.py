"""The template as a folder of CSV files, read and written, and what the workbook
(:mod:`goalgraph.authoring.xlsx`) and YAML forms share: reading a file, decoding text, the
empty template and the help for each kind of cell.

A CSV folder has one file
per sheet, named after the sheet's key (``goals.csv``) or its Swedish or English name, in UTF-8
(Excel's "CSV UTF-8"), separated by commas, semicolons or tabs.

Text that a spreadsheet would take for a formula (it begins with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) is written as text: in a workbook as a string cell with the quote
prefix, in CSV behind an apostrophe, which the CSV reader removes again, so an export read back
gives the same text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path

from goalgraph.authoring.cells import Row, Table, cell_text
from goalgraph.authoring.errors import AuthoringError, Collector, Issue
from goalgraph.authoring.template import (
    SHEETS,
    SHEETS_BY_KEY,
    Column,
    Sheet,
    find_sheet,
)

__all__ = [
    "FORMULA_STARTS",
    "csv_cell",
    "csv_cell_value",
    "decode",
    "kind_help",
    "read_csv_folder",
    "template_tables",
    "text_of",
    "write_csv_folder",
]

#: Text a spreadsheet reads as a formula: it begins with one of these characters.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: A plain number, which stays as it is (``-5`` is not a formula).
PLAIN_NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
#: Text that CSV writing protects with an apostrophe: a formula start behind any number of
#: apostrophes (so that reading, which removes one, gives the text back exactly).
_CSV_PROTECTED = re.compile(r"'*[=+\-@\t\r]")
_CSV_PROTECTION = re.compile(r"'+[=+\-@\t\r]")


def read_bytes(path: Path) -> bytes:
    """A file's bytes; a file that cannot be read is an :class:`AuthoringError` naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise AuthoringError(
            [Issue(path.name, f"kan inte läsas: {reason}", f"cannot be read: {reason}")]
        ) from exc


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
    if _CSV_PROTECTED.match(text) and not PLAIN_NUMBER.fullmatch(text):
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
