"""Writing one municipality's graph into the template's tables: each statement in a column
only when reading the cell back gives the very same RDF term, the rest in "Övrigt"."""

from __future__ import annotations

import re
from functools import cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD
from rdflib.term import Node

from goalgraph.authoring.cells import (
    IN_DATE,
    IN_YEAR,
    INSTANT,
    LABEL_PATTERN,
    CellError,
    Row,
    Table,
    cell_literal,
    cell_text,
    expand,
    framework_goal_name,
    framework_name,
    parse_date,
    sdg_notations,
)
from goalgraph.authoring.errors import AuthoringError, Issue
from goalgraph.authoring.template import (
    MODEL_LINKS,
    SHEET_OF_CLASS,
    SHEETS,
    SHEETS_BY_KEY,
    Column,
    Sheet,
    ontology,
    term_label,
)
from goalgraph.conventions import LOCAL_ID, natural_key
from goalgraph.namespaces import GG, PREFIXES, SDG, municipality_iri, municipality_ns

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
                inside = text.startswith(self.namespace) and LOCAL_ID.match(local)
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
            return text if text and LABEL_PATTERN.match(text) else None
        if kind in ("term", "terms"):
            return term_label(column.vocabulary or "", term) if isinstance(term, URIRef) else None
        if kind == "sdg":
            text = str(term).removeprefix(str(SDG))
            return text if text in sdg_notations() and term == SDG[text] else None
        if kind == "framework":
            return framework_name(term)
        if kind == "framework_goal":
            return framework_goal_name(term)
        if kind == "instant":
            return self.instant(term)
        if not isinstance(term, Literal):
            if kind == "source" and isinstance(term, URIRef):
                text = self.ref(term)
                return text if text and LABEL_PATTERN.match(text) else None
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
            back = (
                cell_literal(column, text) if kind != "texts" else Literal(text, lang=column.lang)
            )
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
        values = [o for _, p, o in triples if p in (IN_YEAR, IN_DATE)]
        if len(triples) != 2 or (node, RDF.type, INSTANT) not in triples or len(values) != 1:
            return None
        value = values[0]
        expected = XSD.gYear if (node, IN_YEAR, value) in triples else XSD.date
        if not isinstance(value, Literal) or value.datatype != expected:
            return None
        if parse_date(str(value)) != value:
            return None
        self.consumed.update(triples)
        return str(value)

    def extra(self, subject: Node, predicate: Node, obj: Node) -> list[object] | None:
        resource = self.ref(subject)
        prop = self.ref(predicate)
        if resource is None or prop is None or not LABEL_PATTERN.match(resource):
            return None
        if isinstance(obj, Literal):
            datatype = ""
            if not obj.language and obj.datatype not in (None, XSD.string):
                datatype = self.ref(obj.datatype) or ""
            if str(obj) != str(obj).strip() or not str(obj):
                return None
            return [resource, prop, str(obj), obj.language or "", datatype]
        text = self.ref(obj)
        if text is None or not LABEL_PATTERN.match(text):
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
        ("framework_links", "subject"),
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
