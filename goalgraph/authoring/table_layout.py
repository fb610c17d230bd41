"""Mapping the headers of the template's tables to columns and their rows' ids to nodes."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import BNode, URIRef

from goalgraph.authoring.cells import IRI_PATTERN, LABEL_PATTERN, Row, Table, cell_text
from goalgraph.authoring.errors import Collector, Issue
from goalgraph.authoring.template import SHEETS_BY_KEY, Column, find_column
from goalgraph.conventions import LOCAL_ID, SLUG
from goalgraph.namespaces import municipality_iri, municipality_ns


@dataclass(frozen=True)
class Entry:
    """The node a row's id names, the sheet of the row and where it is (for messages)."""

    node: URIRef | BNode
    sheet: str
    where: str


class TableLayout:
    """Maps the tables' headers to columns and their rows' ids to nodes, collecting issues."""

    def __init__(self, source: str) -> None:
        self.issues = Collector(source)
        self.ids: dict[str, Entry] = {}
        self.slug = ""
        #: Per table, the header each column was written with.
        self.written: dict[int, dict[str, str]] = {}

    def header(self, table: Table, column: Column) -> str:
        """The header a column has in the table as the user wrote it."""
        return self.written.get(id(table), {}).get(column.key, column.sv)

    def header_issue(self, table: Table, column: str, sv: str, en: str) -> None:
        self.issues.issues.append(
            Issue(table.source or self.issues.source, sv, en, table.name, table.header_row, column)
        )

    def issue(self, table: Table, row: Row | None, column: str | None, sv: str, en: str) -> None:
        self.issues.issues.append(
            Issue(
                (row.source if row and row.source else None) or table.source or self.issues.source,
                sv,
                en,
                table.name,
                row.number if row else None,
                column,
            )
        )

    # -- headers ------------------------------------------------------------------------------

    def columns(self, table: Table) -> list[Column | None]:
        found: list[Column | None] = []
        for position, header in enumerate(table.headers):
            name = cell_text(header)
            if not name:
                if any(
                    position < len(r.values) and cell_text(r.values[position]) for r in table.rows
                ):
                    self.issue(
                        table,
                        None,
                        f"#{position + 1}",
                        "kolumnen saknar rubrik",
                        "the column has no header",
                    )
                found.append(None)
                continue
            column = find_column(table.sheet, name)
            if column is not None:
                self.written.setdefault(id(table), {}).setdefault(column.key, name)
            if column is None:
                known = ", ".join(c.sv for c in table.sheet.columns)
                self.header_issue(
                    table,
                    name,
                    f"okänd kolumn (bladet har: {known})",
                    f"unknown column (the sheet has: "
                    f"{', '.join(c.en for c in table.sheet.columns)})",
                )
            elif column in found:
                self.header_issue(
                    table, name, "kolumnen finns två gånger", "the column appears twice"
                )
                column = None
            found.append(column)
        for column in table.sheet.columns:
            if column.required and column not in found:
                self.header_issue(
                    table,
                    column.sv,
                    "obligatorisk kolumn saknas",
                    f"required column is missing ({column.en})",
                )
        return found

    # -- ids ------------------------------------------------------------------------------------

    def collect_ids(self, mapped: list[tuple[Table, list[Column | None]]]) -> None:
        municipality = [(t, c) for t, c in mapped if t.sheet.key == "municipality"]
        rows = [(t, c, r) for t, c in municipality for r in t.rows if is_filled(r)]
        if len(rows) != 1:
            sheet = SHEETS_BY_KEY["municipality"]
            table = municipality[0][0] if municipality else Table(sheet, sheet.sv, [])
            self.issue(
                table,
                None,
                None,
                f"bladet ska ha exakt en rad med kommunen, inte {len(rows)}",
                f"the sheet must have exactly one row with the municipality, not {len(rows)}",
            )
            return
        table, cols, row = rows[0]
        slug = cell_text(cell_of(cols, row, "id"))
        if not SLUG.match(slug):
            self.issue(
                table,
                row,
                "id",
                f"{slug!r} är inget giltigt kortnamn (små bokstäver, siffror och -)",
                f"{slug!r} is not a valid slug (lower case letters, digits and -)",
            )
            return
        self.slug = slug
        self.ids[slug] = Entry(municipality_iri(slug), "municipality", _where(table, row))
        namespace = municipality_ns(slug)
        for table, cols in mapped:
            sheet = table.sheet
            if sheet.key == "municipality" or sheet.id_mode == "none" or sheet.id_column is None:
                continue
            for row in table.rows:
                if not is_filled(row):
                    continue
                value = cell_text(cell_of(cols, row, "id"))
                if not value:
                    if sheet.id_mode == "required":
                        self.issue(table, row, "id", "id saknas", "the id is missing")
                    continue
                node: URIRef | BNode
                if sheet.id_mode == "label":
                    if not LABEL_PATTERN.match(value):
                        self.issue(
                            table,
                            row,
                            "id",
                            f"{value!r} är inget giltigt id",
                            f"{value!r} is not a valid id",
                        )
                        continue
                    node = BNode()
                elif IRI_PATTERN.match(value):
                    node = URIRef(value)
                elif LOCAL_ID.match(value):
                    node = namespace[value]
                else:
                    self.issue(
                        table,
                        row,
                        "id",
                        f"{value!r} är inget giltigt id (bokstäver, siffror, - . _ ~)",
                        f"{value!r} is not a valid id (letters, digits, - . _ ~)",
                    )
                    continue
                if value in self.ids:
                    first = self.ids[value].where
                    self.issue(
                        table,
                        row,
                        "id",
                        f"id {value!r} finns redan ({first})",
                        f"duplicate id {value!r} (already at {first})",
                    )
                    continue
                self.ids[value] = Entry(node, sheet.key, _where(table, row))


def is_filled(row: Row) -> bool:
    """Whether any cell of the row has a value."""
    return any(cell_text(v) for v in row.values)


def cell_of(cols: list[Column | None], row: Row, key: str) -> object:
    """The value of the row's cell in the column ``key`` (``None`` when there is none)."""
    for column, value in zip(cols, row.values, strict=False):
        if column is not None and column.key == key:
            return value
    return None


def _where(table: Table, row: Row) -> str:
    return f"{table.name}, rad/row {row.number}"
