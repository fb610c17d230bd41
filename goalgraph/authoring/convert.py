r"""Converting between the template's tables and one municipality's RDF graph.

:func:`tables_to_graph` reads tables (from a workbook, a CSV folder or YAML) into a graph and
collects every problem with its sheet, row and column; :func:`graph_to_tables` writes a graph
into tables. Export puts each statement in a column only when reading the cell back gives the
very same RDF term, and everything else in the sheet "Övrigt" (other statements), so that
export followed by import gives the same graph.

>>> from goalgraph.authoring.yaml_io import parse_yaml
>>> text = "municipality:\n  - {id: exempel, code: '9999', label_sv: Exempel kommun}\n"
>>> slug, graph = tables_to_graph(parse_yaml(text, "exempel.yaml"), "exempel.yaml")
>>> slug, len(graph)
('exempel', 3)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from goalgraph import resources
from goalgraph.authoring.errors import AuthoringError, Collector, Issue
from goalgraph.authoring.template import (
    MODEL_LINKS,
    SHEET_OF_CLASS,
    SHEETS,
    SHEETS_BY_KEY,
    TIME,
    Column,
    Sheet,
    find_column,
    lookup_term,
    ontology,
    term_label,
)
from goalgraph.conventions import SLUG, natural_key
from goalgraph.namespaces import GG, PREFIXES, SDG, municipality_iri, municipality_ns

__all__ = ["Row", "Table", "graph_to_tables", "tables_to_graph"]

_LOCAL_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
_LABEL = re.compile(r"^[^\s;,]+$")
_IRI = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_CURIE = re.compile(r"^([A-Za-z][\w-]*):([^\s/][^\s]*)?$")
_SDG_NOTATION = re.compile(r"^\d{1,2}(?:\.[0-9a-z]{1,2})?$")
_DATE_FORMS: tuple[tuple[re.Pattern[str], URIRef], ...] = (
    (re.compile(r"^\d{4}$"), XSD.gYear),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
    (
        re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?$"),
        XSD.dateTime,
    ),
)
_TRUE = {"ja", "j", "sant", "true", "yes", "y", "x", "1"}
_FALSE = {"nej", "n", "falskt", "false", "no", "0"}
_INSTANT = URIRef(TIME + "Instant")
_IN_YEAR = URIRef(TIME + "inXSDGYear")
_IN_DATE = URIRef(TIME + "inXSDDate")
_SPLIT_REFS = re.compile(r"[;\s]+")
_SPLIT_TERMS = re.compile(r"\s*[;\n]\s*")


@dataclass
class Row:
    """One row as read: its number (the header is row 1) and its cells in header order."""

    number: int
    values: list[object]
    #: Where the row is when it is not simply the table's file (e.g. ``nora.yaml:120``).
    source: str | None = None


@dataclass
class Table:
    """One sheet as read or to be written."""

    sheet: Sheet
    name: str
    headers: list[str]
    rows: list[Row] = field(default_factory=list)
    source: str = ""
    #: The row of the headers (None for YAML, where columns are keys of each entry).
    header_row: int | None = 1


class CellError(Exception):
    """A cell that cannot be read; carries the message in both languages."""

    def __init__(self, sv: str, en: str) -> None:
        super().__init__(en)
        self.sv = sv
        self.en = en


class _LanguageError(CellError):
    """A language tag that is not one; the issue names the language column."""


# --- reading cells -------------------------------------------------------------------------


def cell_text(value: object) -> str:
    """A cell as text: dates in ISO form, whole numbers without a decimal part."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, list):
        return "\n".join(cell_text(v) for v in value)
    return str(value).replace("\r\n", "\n").replace("\r", "\n").strip()


def _items(value: object, splitter: re.Pattern[str]) -> list[str]:
    if isinstance(value, list):
        return [t for v in value for t in _items(v, splitter)]
    return [t for t in splitter.split(cell_text(value)) if t.strip()]


def _lines(value: object) -> list[str]:
    if isinstance(value, list):
        return [cell_text(v) for v in value if cell_text(v)]
    return [line.strip() for line in cell_text(value).split("\n") if line.strip()]


def parse_date(text: str) -> Literal:
    """A date literal whose datatype follows its form: year, year-month, date or date-time."""
    for pattern, datatype in _DATE_FORMS:
        if pattern.match(text):
            literal = Literal(text, datatype=datatype)
            if not literal.ill_typed:
                return literal
    raise CellError(
        f"{text!r} är inget datum: skriv ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM eller ÅÅÅÅ",
        f"{text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY",
    )


def _decimal(text: str) -> str:
    cleaned = text.replace("\u00a0", "").replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or not re.fullmatch(r"[+-]?(\d+\.?\d*|\.\d+)", cleaned):
        raise CellError(f"{text!r} är inget tal", f"{text!r} is not a number")
    return cleaned


def _literal(column: Column, value: object) -> Literal:
    """Read one literal cell of ``column``'s kind."""
    text = cell_text(value)
    kind = column.kind
    if kind == "text":
        return Literal(text, lang=column.lang)
    if kind in ("string", "strings", "curie"):
        if column.pattern and not re.fullmatch(column.pattern, text):
            raise CellError(
                f"{text!r} har fel form ({column.help_sv or column.pattern})",
                f"{text!r} has the wrong form ({column.help_en or column.pattern})",
            )
        return Literal(text)
    if kind == "date":
        return parse_date(text)
    if kind == "year":
        if not re.fullmatch(r"\d{4}", text):
            raise CellError(f"{text!r} är inget årtal (ÅÅÅÅ)", f"{text!r} is not a year (YYYY)")
        return Literal(text, datatype=XSD.gYear)
    if kind == "integer":
        if isinstance(value, bool) or not re.fullmatch(r"[+-]?\d+", text):
            raise CellError(f"{text!r} är inget heltal", f"{text!r} is not a whole number")
        return Literal(str(int(text)), datatype=XSD.integer)
    if kind == "decimal":
        return Literal(_decimal(text), datatype=XSD.decimal)
    if kind == "share":
        percent = text.endswith("%")
        number = Decimal(_decimal(text.rstrip("%").strip()))
        if percent:
            number /= 100
        if not Decimal(0) <= number <= Decimal(1):
            raise CellError(
                f"{text!r} ska vara en andel mellan 0 och 1 eller mellan 0 % och 100 %",
                f"{text!r} must be a share between 0 and 1 or between 0 % and 100 %",
            )
        lexical = format(number.normalize(), "f") if percent else _decimal(text)
        return Literal(lexical, datatype=XSD.decimal)
    if kind == "boolean":
        folded = text.casefold()
        if folded in _TRUE:
            return Literal("true", datatype=XSD.boolean)
        if folded in _FALSE:
            return Literal("false", datatype=XSD.boolean)
        raise CellError(f"{text!r} är varken ja eller nej", f"{text!r} is neither yes nor no")
    raise ValueError(f"not a literal kind: {kind}")


@cache
def sdg_notations() -> frozenset[str]:
    """The notations of the SDG goals and targets in the reference graph (``11``, ``11.6``)."""
    notation = ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation")
    kinds = {
        ox.NamedNode("http://metadata.un.org/sdg/ontology#Goal"),
        ox.NamedNode("http://metadata.un.org/sdg/ontology#Target"),
    }
    typed: set[ox.NamedNode | ox.BlankNode] = set()
    notations: dict[ox.NamedNode | ox.BlankNode, str] = {}
    for triple in ox.parse(path=str(resources.sdg_file()), format=ox.RdfFormat.TURTLE):
        if triple.predicate.value.endswith("#type") and triple.object in kinds:
            typed.add(triple.subject)
        elif triple.predicate == notation and isinstance(triple.object, ox.Literal):
            notations[triple.subject] = triple.object.value
    return frozenset(n for s, n in notations.items() if s in typed)


def _sdg(text: str) -> URIRef:
    notation = text.removeprefix("sdg:").removeprefix(str(SDG))
    if not _SDG_NOTATION.match(notation) or notation not in sdg_notations():
        raise CellError(
            f"{text!r} är inget globalt mål eller delmål (skriv t.ex. 11.6 eller 13)",
            f"{text!r} is not an SDG goal or target (write e.g. 11.6 or 13)",
        )
    return SDG[notation]


def expand(text: str) -> URIRef | None:
    """A full IRI or a CURIE with one of goalgraph's prefixes, as an IRI; else None."""
    if _IRI.match(text):
        return URIRef(text)
    match = _CURIE.match(text)
    if match and match.group(1) in PREFIXES and "//" not in text:
        return URIRef(PREFIXES[match.group(1)] + (match.group(2) or ""))
    return None


# --- reading tables ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    node: URIRef | BNode
    sheet: str
    where: str


class _Reader:
    """Reads tables into a graph, collecting issues."""

    def __init__(self, source: str) -> None:
        self.issues = Collector(source)
        self.graph = Graph()
        self.ids: dict[str, _Entry] = {}
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
        rows = [(t, c, r) for t, c in municipality for r in t.rows if _filled(r)]
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
        slug = cell_text(_cell(cols, row, "id"))
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
        self.ids[slug] = _Entry(municipality_iri(slug), "municipality", _where(table, row))
        namespace = municipality_ns(slug)
        for table, cols in mapped:
            sheet = table.sheet
            if sheet.key == "municipality" or sheet.id_mode == "none" or sheet.id_column is None:
                continue
            for row in table.rows:
                if not _filled(row):
                    continue
                value = cell_text(_cell(cols, row, "id"))
                if not value:
                    if sheet.id_mode == "required":
                        self.issue(table, row, "id", "id saknas", "the id is missing")
                    continue
                node: URIRef | BNode
                if sheet.id_mode == "label":
                    if not _LABEL.match(value):
                        self.issue(
                            table,
                            row,
                            "id",
                            f"{value!r} är inget giltigt id",
                            f"{value!r} is not a valid id",
                        )
                        continue
                    node = BNode()
                elif _IRI.match(value):
                    node = URIRef(value)
                elif _LOCAL_ID.match(value):
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
                self.ids[value] = _Entry(node, sheet.key, _where(table, row))

    # -- values ---------------------------------------------------------------------------------

    def resolve(self, text: str, column: Column) -> URIRef | BNode:
        entry = self.ids.get(text)
        if entry is None and text.startswith(f"{self.slug}:"):
            entry = self.ids.get(text[len(self.slug) + 1 :])
        if entry is not None:
            if column.targets and entry.sheet not in column.targets:
                wanted_sv = ", ".join(SHEETS_BY_KEY[k].sv for k in column.targets)
                wanted_en = ", ".join(SHEETS_BY_KEY[k].en for k in column.targets)
                raise CellError(
                    f"{text!r} är en rad på bladet {SHEETS_BY_KEY[entry.sheet].sv}; "
                    f"här ska det vara en rad på bladet {wanted_sv}",
                    f"{text!r} is a row of the sheet {SHEETS_BY_KEY[entry.sheet].en}; "
                    f"this column takes a row of the sheet {wanted_en}",
                )
            return entry.node
        iri = expand(text)
        if iri is not None:
            return iri
        raise CellError(
            f"okänd hänvisning {text!r}: inget blad har en rad med det id:t",
            f"unknown reference {text!r}: no sheet has a row with that id",
        )

    def objects(self, column: Column, value: object) -> list[Node]:
        kind = column.kind
        if kind in ("ref", "refs"):
            items = _items(value, _SPLIT_REFS)
            if kind == "ref" and len(items) > 1:
                raise CellError("bara ett värde får anges här", "only one value is allowed here")
            return [self.resolve(item, column) for item in items]
        if kind in ("term", "terms"):
            items = _items(value, _SPLIT_TERMS)
            if kind == "term" and len(items) > 1:
                raise CellError("bara ett värde får anges här", "only one value is allowed here")
            out: list[Node] = []
            for item in items:
                found = lookup_term(column.vocabulary or "", item)
                if len(found) != 1:
                    names = ", ".join(
                        label for label in _vocabulary_labels(column.vocabulary or "")
                    )
                    raise CellError(
                        f"{item!r} är inget av: {names}", f"{item!r} is none of: {names}"
                    )
                out.append(found[0])
            return out
        if kind == "sdg":
            return [_sdg(cell_text(value))]
        if kind == "instant":
            literal = parse_date(cell_text(value))
            if literal.datatype not in (XSD.gYear, XSD.date):
                raise CellError("skriv ett år eller ett datum", "write a year or a date")
            instant = BNode()
            self.graph.add((instant, RDF.type, _INSTANT))
            self.graph.add(
                (instant, _IN_YEAR if literal.datatype == XSD.gYear else _IN_DATE, literal)
            )
            return [instant]
        if kind == "source":
            text = cell_text(value)
            try:
                return [self.resolve(text, column)]
            except CellError:
                return [Literal(text)]
        if kind in ("texts", "strings"):
            lang = column.lang
            return [
                Literal(line, lang=lang) if kind == "texts" else _literal(column, line)
                for line in _lines(value)
            ]
        return [_literal(column, value)]

    # -- rows -----------------------------------------------------------------------------------

    def read_rows(self, mapped: list[tuple[Table, list[Column | None]]]) -> None:
        municipality = municipality_iri(self.slug)
        model: URIRef | BNode | None = None
        linked: list[tuple[str, Node]] = []
        for table, cols in mapped:
            sheet = table.sheet
            filled = [r for r in table.rows if _filled(r)]
            if sheet.single and len(filled) > 1:
                self.issue(
                    table,
                    filled[1],
                    None,
                    "bladet får bara ha en rad",
                    "the sheet may have only one row",
                )
            for row in filled:
                if sheet.key == "extra":
                    self.read_extra(table, cols, row)
                    continue
                subject = self.subject(table, cols, row)
                if sheet.rdf_type is not None:
                    self.graph.add((subject, RDF.type, sheet.rdf_type))
                if sheet.in_municipality:
                    self.graph.add((subject, GG.municipality, municipality))
                if sheet.key == "model":
                    model = subject
                    self.graph.add((subject, GG.modelOf, municipality))
                if sheet.key in MODEL_LINKS:
                    linked.append((sheet.key, subject))
                values = list(row.values) + [None] * (len(cols) - len(row.values))
                for column, value in zip(cols, values, strict=False):
                    if column is None or column.kind in ("id", "slug"):
                        continue
                    if not cell_text(value):
                        if column.required:
                            self.issue(
                                table,
                                row,
                                self.header(table, column),
                                "värde saknas",
                                f"the value is missing ({column.en})",
                            )
                        continue
                    self.read_cell(table, row, column, subject, value)
        if linked and model is None:
            sheet = SHEETS_BY_KEY["model"]
            self.issues.add(
                "nivåer, uppföljning och regler hör till en styrmodell, men bladet "
                f"{sheet.sv} har ingen rad",
                "levels, follow-up points and rules belong to a governance model, but the "
                f"sheet {sheet.en} has no row",
                sheet=sheet.sv,
            )
        for key, linked_node in linked:
            if model is not None:
                self.graph.add((model, MODEL_LINKS[key], linked_node))

    def subject(self, table: Table, cols: list[Column | None], row: Row) -> URIRef | BNode:
        if table.sheet.key == "municipality":
            return municipality_iri(self.slug)
        value = cell_text(_cell(cols, row, "id")) if table.sheet.id_column else ""
        entry = self.ids.get(value)
        return entry.node if entry is not None else BNode()

    def read_cell(
        self, table: Table, row: Row, column: Column, subject: Node, value: object
    ) -> None:
        try:
            objects = self.objects(column, value)
        except CellError as exc:
            self.issue(table, row, self.header(table, column), exc.sv, exc.en)
            return
        if column.prop is None:
            return
        for obj in objects:
            if column.inverse:
                self.graph.add((obj, column.prop, subject))
            else:
                self.graph.add((subject, column.prop, obj))

    def read_extra(self, table: Table, cols: list[Column | None], row: Row) -> None:
        sheet = table.sheet
        cells = {c.key: cell_text(v) for c, v in zip(cols, row.values, strict=False) if c}
        try:
            subject = self.resolve(cells.get("resource", ""), sheet.column("resource"))
        except CellError as exc:
            self.issue(table, row, self.header(table, sheet.column("resource")), exc.sv, exc.en)
            return
        prop = expand(cells.get("property", ""))
        if prop is None:
            self.issue(
                table,
                row,
                self.header(table, sheet.column("property")),
                f"{cells.get('property', '')!r} är ingen egenskap (skriv t.ex. dcterms:extent)",
                f"{cells.get('property', '')!r} is not a property (write e.g. dcterms:extent)",
            )
            return
        value = cells.get("value", "")
        datatype = cells.get("datatype", "")
        language = cells.get("language", "")
        obj: Node
        try:
            if datatype.casefold() == "iri":
                obj = self.resolve(value, sheet.column("resource"))
            elif datatype:
                iri = expand(datatype)
                if iri is None:
                    raise CellError(f"okänd datatyp {datatype!r}", f"unknown datatype {datatype!r}")
                obj = Literal(value, datatype=iri)
                if obj.ill_typed:
                    raise CellError(
                        f"{value!r} passar inte datatypen {datatype}",
                        f"{value!r} does not fit the datatype {datatype}",
                    )
            else:
                obj = _language_literal(value, language)
        except _LanguageError as exc:
            self.issue(table, row, self.header(table, sheet.column("language")), exc.sv, exc.en)
            return
        except CellError as exc:
            self.issue(table, row, self.header(table, sheet.column("value")), exc.sv, exc.en)
            return
        self.graph.add((subject, prop, obj))


def _language_literal(value: str, language: str) -> Literal:
    """A literal with the language tag ``language``, if one is given."""
    try:
        return Literal(value, lang=language or None)
    except ValueError as exc:  # rdflib refuses a language tag that is not BCP 47
        raise _LanguageError(
            f"{language!r} är ingen språkkod (skriv t.ex. sv eller en)",
            f"{language!r} is not a language tag (write e.g. sv or en)",
        ) from exc


def _filled(row: Row) -> bool:
    return any(cell_text(v) for v in row.values)


def _cell(cols: list[Column | None], row: Row, key: str) -> object:
    for column, value in zip(cols, row.values, strict=False):
        if column is not None and column.key == key:
            return value
    return None


def _where(table: Table, row: Row) -> str:
    return f"{table.name}, rad/row {row.number}"


@cache
def _vocabulary_labels(vocabulary: str) -> tuple[str, ...]:
    from goalgraph.authoring.template import vocabularies

    return tuple(t.sv for t in vocabularies()[vocabulary])


def tables_to_graph(tables: Sequence[Table], source: str) -> tuple[str, Graph]:
    """Read tables into a municipality's graph; returns the slug and the graph.

    Every problem is collected with its sheet, row and column; if there is any, an
    :class:`AuthoringError` with all of them is raised and no graph is returned.
    """
    reader = _Reader(source)
    seen: dict[str, Table] = {}
    mapped: list[tuple[Table, list[Column | None]]] = []
    for table in tables:
        if table.sheet.key in seen:
            reader.issue(
                table,
                None,
                None,
                f"bladet finns två gånger (även som {seen[table.sheet.key].name!r})",
                f"the sheet appears twice (also as {seen[table.sheet.key].name!r})",
            )
            continue
        seen[table.sheet.key] = table
        mapped.append((table, reader.columns(table)))
    reader.issues.raise_if_any()
    reader.collect_ids(mapped)
    reader.issues.raise_if_any()
    reader.read_rows(mapped)
    reader.issues.raise_if_any()
    return reader.slug, reader.graph


# --- writing tables ------------------------------------------------------------------------


def _closure(cls: URIRef) -> frozenset[Node]:
    return frozenset(c for c in ontology().transitive_subjects(RDFS.subClassOf, cls) if c)


@cache
def _sheet_classes() -> tuple[tuple[frozenset[Node], str], ...]:
    return tuple((_closure(cls), key) for cls, key in SHEET_OF_CLASS)


def _sheet_of(graph: Graph, node: Node) -> str | None:
    types = set(graph.objects(node, RDF.type))
    for classes, key in _sheet_classes():
        if types & classes:
            return key
    return None


class _Writer:
    """Writes one municipality's graph into tables."""

    def __init__(self, graph: Graph, slug: str) -> None:
        self.graph = graph
        self.slug = slug
        self.municipality = municipality_iri(slug)
        self.namespace = str(municipality_ns(slug))
        self.rows: dict[Node, str] = {}  # row subject → sheet key
        self.ids: dict[Node, str] = {}
        self.consumed: set[tuple[Node, Node, Node]] = set()

    def ref(self, node: Node) -> str | None:
        if node in self.ids:
            return self.ids[node]
        if isinstance(node, URIRef):
            text = str(node)
            for prefix, namespace in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
                local = text[len(namespace) :]
                if text.startswith(namespace) and re.fullmatch(r"[A-Za-z0-9][\w.-]*", local or "-"):
                    return f"{prefix}:{local}"
            return text
        return None

    def assign(self) -> None:
        subjects = {s for s in self.graph.subjects() if isinstance(s, URIRef | BNode)}
        links: list[tuple[str, Node]] = []
        for subject in subjects:
            key = _sheet_of(self.graph, subject)
            if key is None:
                continue
            sheet = SHEETS_BY_KEY[key]
            if key == "municipality":
                if subject != self.municipality:
                    continue
                self.ids[subject] = self.slug
            elif isinstance(subject, URIRef):
                if sheet.id_mode in ("label", "none"):
                    continue
                text = str(subject)
                local = text[len(self.namespace) :]
                inside = text.startswith(self.namespace) and _LOCAL_ID.match(local)
                self.ids[subject] = local if inside else text
            elif key == "links":
                links.append(("", subject))
            self.rows[subject] = key
        named = []
        for _, node in links:
            owner = next(iter(self.graph.subjects(GG.sdgContribution, node)), None)
            target = self.graph.value(node, GG.sdg)
            name = (self.ref(owner) or "link") if owner is not None else "link"
            notation = str(target).removeprefix(str(SDG)) if target is not None else "x"
            named.append((f"{name.split(':')[-1].split('/')[-1]}/sdg-{notation}", node))
        taken = set(self.ids.values())
        for label, node in sorted(named, key=lambda x: (natural_key(x[0]), str(x[1]))):
            unique, n = label, 1
            while unique in taken:
                n += 1
                unique = f"{label}-{n}"
            taken.add(unique)
            self.ids[node] = unique

    def derived(self, subject: Node, sheet: Sheet) -> None:
        checks: list[tuple[Node, Node, Node]] = []
        if sheet.rdf_type is not None:
            checks.append((subject, RDF.type, sheet.rdf_type))
        if sheet.in_municipality:
            checks.append((subject, GG.municipality, self.municipality))
        if sheet.key == "model":
            checks.append((subject, GG.modelOf, self.municipality))
            for key, prop in MODEL_LINKS.items():
                for row, row_key in self.rows.items():
                    if row_key == key:
                        checks.append((subject, prop, row))
        for triple in checks:
            if triple in self.graph:
                self.consumed.add(triple)
            else:
                raise AuthoringError(
                    [
                        Issue(
                            self.slug,
                            f"{self.ref(subject)} saknar {self.ref(triple[1])} "
                            f"{self.ref(triple[2])}, som mallen förutsätter",
                            f"{self.ref(subject)} lacks {self.ref(triple[1])} "
                            f"{self.ref(triple[2])}, which the template assumes",
                            sheet.sv,
                        )
                    ]
                )

    def cell(self, subject: Node, column: Column) -> object:
        if column.prop is None:
            return None
        pairs: list[tuple[tuple[Node, Node, Node], Node]]
        if column.inverse:
            pairs = [
                ((o, column.prop, subject), o) for o in self.graph.subjects(column.prop, subject)
            ]
        else:
            pairs = [
                ((subject, column.prop, o), o) for o in self.graph.objects(subject, column.prop)
            ]
        pairs = [p for p in pairs if p[0] not in self.consumed]
        pairs.sort(key=lambda p: (natural_key(str(p[1])), p[1].n3()))
        kind = column.kind
        multi = kind in ("refs", "terms", "texts", "strings")
        chosen: list[tuple[tuple[Node, Node, Node], str]] = []
        for triple, term in pairs:
            text = self.render(column, term)
            if text is None:
                continue
            chosen.append((triple, text))
            if not multi:
                break
        for triple, _ in chosen:
            self.consumed.add(triple)
        texts = [t for _, t in chosen]
        if not texts:
            return None
        if kind in ("texts", "strings"):
            return "\n".join(texts)
        if kind in ("refs", "terms"):
            return "; ".join(texts)
        return texts[0]

    def render(self, column: Column, term: Node) -> str | None:
        """The cell text for ``term``, or None when reading it back would not give ``term``."""
        kind = column.kind
        if kind in ("ref", "refs"):
            if isinstance(term, BNode) and term not in self.ids:
                return None
            text = self.ref(term)
            return text if text and _LABEL.match(text) else None
        if kind in ("term", "terms"):
            return term_label(column.vocabulary or "", term) if isinstance(term, URIRef) else None
        if kind == "sdg":
            text = str(term).removeprefix(str(SDG))
            return text if text in sdg_notations() and term == SDG[text] else None
        if kind == "instant":
            return self.instant(term)
        if not isinstance(term, Literal):
            if kind == "source" and isinstance(term, URIRef):
                text = self.ref(term)
                return text if text and _LABEL.match(text) else None
            return None
        text = str(term)
        if not text or text != text.strip():
            return None
        if kind in ("texts", "strings") and "\n" in text:
            return None
        if kind == "source":
            if term.language or term.datatype not in (None, XSD.string) or expand(text):
                return None
            if text in self.ids.values():
                return None
            return text
        try:
            back = _literal(column, text) if kind != "texts" else Literal(text, lang=column.lang)
        except (CellError, ValueError):
            return None
        if back != term or back.language != term.language or back.datatype != term.datatype:
            return None
        if kind == "boolean":
            return "ja" if text == "true" else "nej"
        return text

    def instant(self, node: Node) -> str | None:
        if not isinstance(node, BNode):
            return None
        triples = set(self.graph.triples((node, None, None)))
        values = [o for _, p, o in triples if p in (_IN_YEAR, _IN_DATE)]
        if len(triples) != 2 or (node, RDF.type, _INSTANT) not in triples or len(values) != 1:
            return None
        value = values[0]
        expected = XSD.gYear if (node, _IN_YEAR, value) in triples else XSD.date
        if not isinstance(value, Literal) or value.datatype != expected:
            return None
        if parse_date(str(value)) != value:
            return None
        self.consumed.update(triples)
        return str(value)

    def extra(self, subject: Node, predicate: Node, obj: Node) -> list[object] | None:
        resource = self.ref(subject)
        prop = self.ref(predicate)
        if resource is None or prop is None or not _LABEL.match(resource):
            return None
        if isinstance(obj, Literal):
            datatype = ""
            if not obj.language and obj.datatype not in (None, XSD.string):
                datatype = self.ref(obj.datatype) or ""
            if str(obj) != str(obj).strip() or not str(obj):
                return None
            return [resource, prop, str(obj), obj.language or "", datatype]
        text = self.ref(obj)
        if text is None or not _LABEL.match(text):
            return None
        return [resource, prop, text, "", "iri"]


def graph_to_tables(graph: Graph, slug: str) -> list[Table]:
    """Write a municipality's graph into the template's tables (all sheets, Swedish headers).

    Raises :class:`AuthoringError` for structures the template cannot hold (e.g. an untyped
    blank node); everything else that no column holds goes to the sheet "Övrigt".
    """
    writer = _Writer(graph, slug)
    if (writer.municipality, RDF.type, GG.Municipality) not in graph:
        raise AuthoringError(
            [
                Issue(
                    slug,
                    f"grafen beskriver inte kommunen {slug!r}",
                    f"the graph does not describe the municipality {slug!r}",
                )
            ]
        )
    writer.assign()
    tables: dict[str, Table] = {s.key: Table(s, s.sv, [c.sv for c in s.columns]) for s in SHEETS}
    ordered = sorted(
        writer.rows.items(),
        key=lambda kv: (natural_key(writer.ids.get(kv[0], "")), kv[0].n3()),
    )
    pending: list[tuple[Node, Sheet]] = []
    for subject, key in ordered:
        sheet = SHEETS_BY_KEY[key]
        writer.derived(subject, sheet)
        pending.append((subject, sheet))
    for subject, sheet in pending:
        values: list[object] = []
        for column in sheet.columns:
            if column.kind in ("id", "slug"):
                values.append(writer.ids.get(subject, ""))
            else:
                values.append(writer.cell(subject, column))
        tables[sheet.key].rows.append(Row(0, values))
    _sort_rows(tables)
    extra = tables["extra"]
    problems: list[Issue] = []
    for s, p, o in sorted(graph, key=lambda t: (natural_key(str(t[0])), str(t[1]), t[2].n3())):
        if (s, p, o) in writer.consumed:
            continue
        if isinstance(s, BNode) and s not in writer.rows and (None, None, s) in graph:
            continue  # reported through the statement that links to it
        cells = writer.extra(s, p, o)  # noqa: S610 - the template writer's method, not Django
        if cells is None:
            problems.append(
                Issue(
                    slug,
                    f"kan inte skrivas i mallen: {s.n3()} {p.n3()} {o.n3()}",
                    f"cannot be written in the template: {s.n3()} {p.n3()} {o.n3()}",
                    extra.name,
                )
            )
            continue
        extra.rows.append(Row(0, list(cells)))
    if problems:
        raise AuthoringError(problems)
    for table in tables.values():
        for number, row in enumerate(table.rows, start=2):
            row.number = number
    return [tables[s.key] for s in SHEETS]


def _sort_rows(tables: dict[str, Table]) -> None:
    """Order rows: by id, and rows that belong to another row (citations, links, steps, …)
    grouped by that row, then by their values, so that the same graph gives the same tables."""
    for key, by in (
        ("citations", "resource"),
        ("links", "subject"),
        ("steps", "process"),
        ("results", "indicator"),
        ("staged", "indicator"),
        ("bands", "rule"),
        ("weights", "goal"),
        ("extra", "resource"),
    ):
        table = tables[key]
        position = [c.key for c in table.sheet.columns].index(by)
        table.rows.sort(key=lambda r, p=position: _row_key(r, p))  # type: ignore[misc]
    steps = tables["steps"]
    order = [c.key for c in steps.sheet.columns].index("order")
    process = [c.key for c in steps.sheet.columns].index("process")
    steps.rows.sort(
        key=lambda r: (
            natural_key(cell_text(r.values[process])),
            int(cell_text(r.values[order]) or 0),
        )
    )


def _row_key(row: Row, first: int) -> tuple[object, ...]:
    return (natural_key(cell_text(row.values[first])), *(cell_text(v) for v in row.values))
