"""Rows, tables and cells: what the readers of workbooks, CSV and YAML produce, and reading one
cell into an RDF term by its column's kind (text, date, number, reference, term)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import cache

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from goalgraph import resources
from goalgraph.authoring.template import (
    TIME,
    Column,
    Sheet,
)
from goalgraph.dates import date_literal
from goalgraph.namespaces import PREFIXES, SDG

LABEL_PATTERN = re.compile(r"^[^\s;,]+$")
IRI_PATTERN = re.compile(r"^https?://[^\s<>\"{}|\\^`]+$")
_CURIE = re.compile(r"^([A-Za-z][\w-]*):([^\s/][^\s]*)?$")
_SDG_NOTATION = re.compile(r"^\d{1,2}(?:\.[0-9a-z]{1,2})?$")
_TRUE = {"ja", "j", "sant", "true", "yes", "y", "x", "1"}
_FALSE = {"nej", "n", "falskt", "false", "no", "0"}
INSTANT = URIRef(TIME + "Instant")
IN_YEAR = URIRef(TIME + "inXSDGYear")
IN_DATE = URIRef(TIME + "inXSDDate")
SPLIT_REFS = re.compile(r"[;\s]+")
SPLIT_TERMS = re.compile(r"\s*[;\n]\s*")


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


class LanguageError(CellError):
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


def cell_items(value: object, splitter: re.Pattern[str]) -> list[str]:
    if isinstance(value, list):
        return [t for v in value for t in cell_items(v, splitter)]
    return [t for t in splitter.split(cell_text(value)) if t.strip()]


def cell_lines(value: object) -> list[str]:
    if isinstance(value, list):
        return [cell_text(v) for v in value if cell_text(v)]
    return [line.strip() for line in cell_text(value).split("\n") if line.strip()]


def parse_date(text: str) -> Literal:
    """A date literal whose datatype follows its form: year, year-month, date or date-time."""
    literal = date_literal(text)
    if literal is not None:
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


def cell_literal(column: Column, value: object) -> Literal:
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


def sdg_term(text: str) -> URIRef:
    notation = text.removeprefix("sdg:").removeprefix(str(SDG))
    if not _SDG_NOTATION.match(notation) or notation not in sdg_notations():
        raise CellError(
            f"{text!r} är inget globalt mål eller delmål (skriv t.ex. 11.6 eller 13)",
            f"{text!r} is not an SDG goal or target (write e.g. 11.6 or 13)",
        )
    return SDG[notation]


@dataclass(frozen=True)
class Framework:
    """An external goal framework of ``data/reference/frameworks/``: its IRI and its goals."""

    name: str
    iri: URIRef
    goals: dict[str, URIRef]


@cache
def frameworks() -> dict[str, Framework]:
    """The external goal frameworks by name (their ``dcterms:identifier``, e.g. ``agenda-2030``);
    a goal's name is its ``skos:notation`` or, without one, the last segment of its IRI."""
    identifier = "http://purl.org/dc/terms/identifier"
    notation = "http://www.w3.org/2004/02/skos/core#notation"
    in_framework = "https://w3id.org/goalgraph/ontology#inFramework"
    kind = "https://w3id.org/goalgraph/ontology#Framework"
    folder = resources.data_dir() / "reference" / "frameworks"
    names: dict[str, str] = {}
    typed: set[str] = set()
    members: list[tuple[str, str]] = []
    notations: dict[str, str] = {}
    for path in sorted(folder.glob("*.ttl")) if folder.is_dir() else []:
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            subject, predicate, obj = triple.subject, triple.predicate.value, triple.object
            if not isinstance(subject, ox.NamedNode):
                continue
            if predicate == identifier and isinstance(obj, ox.Literal):
                names[subject.value] = obj.value
            elif (
                predicate.endswith("#type") and isinstance(obj, ox.NamedNode) and obj.value == kind
            ):
                typed.add(subject.value)
            elif predicate == in_framework and isinstance(obj, ox.NamedNode):
                members.append((subject.value, obj.value))
            elif predicate == notation and isinstance(obj, ox.Literal):
                notations[subject.value] = obj.value
    found = {iri: Framework(names[iri], URIRef(iri), {}) for iri in typed if iri in names}
    for goal, framework in members:
        if framework in found:
            local = notations.get(goal) or goal.rstrip("/").rsplit("/", 1)[-1]
            found[framework].goals[local] = URIRef(goal)
    return {f.name: f for f in found.values()}


def framework_term(text: str) -> URIRef:
    """The framework named ``text``; an unknown name is a :class:`CellError` naming the known."""
    found = frameworks().get(text.strip())
    if found is None:
        known = ", ".join(sorted(frameworks()))
        raise CellError(
            f"{text!r} är inget känt ramverk (kända: {known})",
            f"{text!r} is not a known framework (known: {known})",
        )
    return found.iri


def framework_goal_term(text: str) -> URIRef:
    """The framework goal ``<framework>/<goal>``, e.g. ``agenda-2030/11``."""
    name, _, goal = text.strip().partition("/")
    framework_term(name)
    found = frameworks()[name].goals.get(goal)
    if found is None:
        known = ", ".join(f"{name}/{g}" for g in sorted(frameworks()[name].goals, key=_natural))
        raise CellError(
            f"{text!r} är inget mål i ramverket {name} (skriv t.ex. {known.split(', ')[0]})",
            f"{text!r} is not a goal of the framework {name} (known: {known})",
        )
    return found


def framework_name(term: object) -> str | None:
    """The name a framework IRI is written with, or None."""
    return next((f.name for f in frameworks().values() if f.iri == term), None)


def framework_goal_name(term: object) -> str | None:
    """The ``<framework>/<goal>`` a framework goal IRI is written with, or None."""
    for framework in frameworks().values():
        for goal, iri in framework.goals.items():
            if iri == term:
                return f"{framework.name}/{goal}"
    return None


def _natural(text: str) -> tuple[int, str]:
    return (int(text), "") if text.isdigit() else (10**6, text)


def expand(text: str) -> URIRef | None:
    """A full IRI or a CURIE with one of goalgraph's prefixes, as an IRI; else None."""
    if IRI_PATTERN.match(text):
        return URIRef(text)
    match = _CURIE.match(text)
    if match and match.group(1) in PREFIXES and "//" not in text:
        return URIRef(PREFIXES[match.group(1)] + (match.group(2) or ""))
    return None


def language_literal(value: str, language: str) -> Literal:
    """A literal with the language tag ``language``, if one is given."""
    try:
        return Literal(value, lang=language or None)
    except ValueError as exc:  # rdflib refuses a language tag that is not BCP 47
        raise LanguageError(
            f"{language!r} är ingen språkkod (skriv t.ex. sv eller en)",
            f"{language!r} is not a language tag (write e.g. sv or en)",
        ) from exc
