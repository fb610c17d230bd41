"""Reading the values of the template's tables into one municipality's graph, collecting every
problem with its sheet, row and column (the headers and ids: :mod:`.table_layout`)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from goalgraph.authoring.cells import (
    IN_DATE,
    IN_YEAR,
    INSTANT,
    SPLIT_REFS,
    SPLIT_TERMS,
    CellError,
    LanguageError,
    Row,
    Table,
    cell_items,
    cell_lines,
    cell_literal,
    cell_text,
    expand,
    framework_goal_term,
    framework_term,
    frameworks,
    language_literal,
    parse_date,
    sdg_term,
)
from goalgraph.authoring.table_layout import TableLayout, cell_of, is_filled
from goalgraph.authoring.template import (
    MODEL_LINKS,
    SHEETS_BY_KEY,
    Column,
    Sheet,
    lookup_term,
    term_label,
    vocabularies,
)
from goalgraph.lifecycle.validity import PERIOD_CLASSES, Interval, period_interval
from goalgraph.namespaces import GG, municipality_iri

PERIOD_KINDS = frozenset(PERIOD_CLASSES[1:])


class _Reader(TableLayout):
    """Reads the values of tables laid out by :class:`TableLayout` into a graph."""

    def __init__(self, source: str) -> None:
        super().__init__(source)
        self.graph = Graph()
        #: The rows of the periods sheet, for :meth:`check_periods`.
        self.period_rows: list[tuple[Table, Row, Node]] = []
        #: Term cells whose value the governance model must list (``Column.declared_by``).
        self.declared: list[tuple[Table, Row, Column, list[Node]]] = []

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
            items = cell_items(value, SPLIT_REFS)
            if kind == "ref" and len(items) > 1:
                raise CellError("bara ett värde får anges här", "only one value is allowed here")
            return [self.resolve(item, column) for item in items]
        if kind in ("term", "terms"):
            items = cell_items(value, SPLIT_TERMS)
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
            return [sdg_term(cell_text(value))]
        if kind == "framework":
            return [framework_term(cell_text(value))]
        if kind == "framework_goal":
            return [framework_goal_term(cell_text(value))]
        if kind == "instant":
            literal = parse_date(cell_text(value))
            if literal.datatype not in (XSD.gYear, XSD.date):
                raise CellError("skriv ett år eller ett datum", "write a year or a date")
            instant = BNode()
            self.graph.add((instant, RDF.type, INSTANT))
            self.graph.add(
                (instant, IN_YEAR if literal.datatype == XSD.gYear else IN_DATE, literal)
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
                Literal(line, lang=lang) if kind == "texts" else cell_literal(column, line)
                for line in cell_lines(value)
            ]
        return [cell_literal(column, value)]

    def check_periods(self) -> None:
        """Two periods of the same kind that share a day are an error on the later row."""
        begin = SHEETS_BY_KEY["periods"].column("begin")
        seen: list[tuple[Table, Row, Node, frozenset[Node], Interval]] = []
        for table, row, subject in self.period_rows:
            kinds = frozenset(self.graph.objects(subject, RDF.type)) & PERIOD_KINDS
            interval = period_interval(self.graph, subject)
            if interval.start is None or interval.end is None:
                continue
            for _t, other_row, other, other_kinds, other_interval in seen:
                if kinds & other_kinds and interval.overlaps(other_interval):
                    name = str(other).rsplit("/", 1)[-1]
                    self.issue(
                        table,
                        row,
                        self.header(table, begin),
                        f"perioden överlappar perioden {name} (rad {other_row.number}) av samma "
                        f"slag ({interval.text()} och {other_interval.text()})",
                        f"the period overlaps the period {name} (row {other_row.number}) of the "
                        f"same kind ({interval.text()} and {other_interval.text()})",
                    )
            seen.append((table, row, subject, kinds, interval))

    # -- rows -----------------------------------------------------------------------------------

    def read_rows(self, mapped: list[tuple[Table, list[Column | None]]]) -> None:
        municipality = municipality_iri(self.slug)
        model: URIRef | BNode | None = None
        linked: list[tuple[str, Node]] = []
        for table, cols in mapped:
            sheet = table.sheet
            filled = [r for r in table.rows if is_filled(r)]
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
                if sheet.key == "periods":
                    self.period_rows.append((table, row, subject))
                values = list(row.values) + [None] * (len(cols) - len(row.values))
                for column, value in zip(cols, values, strict=False):
                    if column is None or column.kind in ("id", "slug"):
                        continue
                    if not cell_text(value) and column.default is not None:
                        value = column.default
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
                    self.readcell_of(table, row, column, subject, value)
                for column in sheet.columns:
                    if column.default is not None and column not in cols:
                        self.readcell_of(table, row, column, subject, column.default)
                if sheet.key == "framework_links":
                    self.check_framework_goal(table, row, subject)
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
        self.check_declared(model)

    def check_declared(self, model: Node | None) -> None:
        """Each term a column takes only when the model lists it (e.g. a target kind)."""
        for table, row, column, objects in self.declared:
            prop = column.declared_by
            for obj in objects:
                if model is not None and (model, prop, obj) in self.graph:
                    continue
                label = (
                    term_label(column.vocabulary or "", obj) if isinstance(obj, URIRef) else None
                )
                name = label or str(obj)
                sheet, listing = find_declaring_column(prop)
                where_sv = f"kolumnen {listing.sv} på bladet {sheet.sv}"
                where_en = f"the column {listing.en} of the sheet {sheet.en}"
                self.issue(
                    table,
                    row,
                    self.header(table, column),
                    f"{name!r} är ingen {column.sv} som kommunens styrmodell använder "
                    f"(lägg till den i {where_sv})",
                    f"{name!r} is not a {column.en} the municipality's governance model uses "
                    f"(add it to {where_en})",
                )

    def subject(self, table: Table, cols: list[Column | None], row: Row) -> URIRef | BNode:
        if table.sheet.key == "municipality":
            return municipality_iri(self.slug)
        value = cell_text(cell_of(cols, row, "id")) if table.sheet.id_column else ""
        entry = self.ids.get(value)
        return entry.node if entry is not None else BNode()

    def readcell_of(
        self, table: Table, row: Row, column: Column, subject: Node, value: object
    ) -> None:
        try:
            objects = self.objects(column, value)
        except CellError as exc:
            self.issue(table, row, self.header(table, column), exc.sv, exc.en)
            return
        if column.declared_by is not None:
            self.declared.append((table, row, column, objects))
        if column.prop is None:
            return
        for obj in objects:
            if column.inverse:
                self.graph.add((obj, column.prop, subject))
            else:
                self.graph.add((subject, column.prop, obj))

    def check_framework_goal(self, table: Table, row: Row, link: Node) -> None:
        """A framework goal must belong to the framework the row names."""
        framework = self.graph.value(link, GG.framework)
        goal = self.graph.value(link, GG.frameworkGoal)
        if framework is None or goal is None:
            return
        found = next((f for f in frameworks().values() if f.iri == framework), None)
        if found is not None and goal not in found.goals.values():
            self.issue(
                table,
                row,
                self.header(table, table.sheet.column("goal")),
                f"målet hör inte till ramverket {found.name}",
                f"the goal does not belong to the framework {found.name}",
            )

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
                obj = language_literal(value, language)
        except LanguageError as exc:
            self.issue(table, row, self.header(table, sheet.column("language")), exc.sv, exc.en)
            return
        except CellError as exc:
            self.issue(table, row, self.header(table, sheet.column("value")), exc.sv, exc.en)
            return
        self.graph.add((subject, prop, obj))


def find_declaring_column(prop: URIRef | None) -> tuple[Sheet, Column]:
    """The model sheet's column that fills ``prop`` (where a declared term is listed)."""
    sheet = SHEETS_BY_KEY["model"]
    column = next((c for c in sheet.columns if c.prop == prop), None)
    if column is None:
        raise ValueError(f"the sheet {sheet.key} has no column for {prop}")
    return sheet, column


@cache
def _vocabulary_labels(vocabulary: str) -> tuple[str, ...]:
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
    reader.check_periods()
    reader.issues.raise_if_any()
    return reader.slug, reader.graph
