"""The spreadsheet template: its sheets, their columns and what each column means in RDF, read
from the reviewable specification ``goalgraph/authoring/sheet-spec.yaml``.

The same specification drives the Excel workbook, the CSV folder and the YAML form: a sheet has
a key (the YAML key and CSV file name), a Swedish and an English name; a column has a key, a
Swedish and an English header, a kind (how a cell is read) and the RDF property it fills.
Vocabulary columns (body types, level kinds, bases, …) take the Swedish or English label of an
ontology term, its local name or its CURIE; the lists are read from the ontology, so a term
added there is available in the template without code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from goalgraph import resources

#: How a cell is read (see :mod:`goalgraph.authoring.convert`).
Kind = Literal[
    "id",  # the row's identifier
    "slug",  # the municipality's slug
    "text",  # one language-tagged literal
    "texts",  # several language-tagged literals, one per line
    "string",  # one plain literal
    "strings",  # several plain literals, one per line
    "ref",  # one reference to a row (or a full IRI / CURIE)
    "refs",  # several references, separated by ";" or spaces
    "term",  # one ontology term from a vocabulary
    "terms",  # several ontology terms, separated by ";" or new lines
    "date",  # xsd:date, xsd:gYearMonth, xsd:gYear or xsd:dateTime from its form
    "year",  # xsd:gYear
    "instant",  # a time:Instant with time:inXSDGYear or time:inXSDDate
    "integer",
    "decimal",
    "share",  # a decimal 0-1, also written "80 %"
    "boolean",
    "sdg",  # an SDG goal or target notation, e.g. "11.6"
    "framework",  # an external goal framework by its name, e.g. "agenda-2030"
    "framework_goal",  # a goal of an external framework, e.g. "agenda-2030/11"
    "curie",  # a property, e.g. "dcterms:extent"
    "source",  # a reference (row id, IRI, CURIE) or, otherwise, a plain literal
]

#: Whether a sheet's rows are IRIs (``required``), IRIs when an id is given (``optional``),
#: blank nodes with an id that other rows may refer to (``label``) or blank nodes (``none``).
IdMode = Literal["required", "optional", "label", "none"]

TIME = "http://www.w3.org/2006/time#"


@dataclass(frozen=True)
class Column:
    """One column of a sheet."""

    key: str
    sv: str
    en: str
    kind: Kind
    prop: URIRef | None = None
    lang: str | None = None
    required: bool = False
    #: For ``ref``/``refs``: the sheets whose rows it may name (empty: any sheet).
    targets: tuple[str, ...] = ()
    #: For ``term``/``terms``: the vocabulary (see :func:`vocabularies`).
    vocabulary: str | None = None
    #: The triple runs from the value to the row (``value prop row``).
    inverse: bool = False
    #: For ``string``: a regular expression the value must match, with its explanation.
    pattern: str | None = None
    #: The value an empty cell takes (e.g. a period's kind: mandate period).
    default: str | None = None
    #: For ``term``: the governance model must link the value with this property
    #: (e.g. an indicator's target kind must be one the model uses).
    declared_by: URIRef | None = None
    help_sv: str = ""
    help_en: str = ""

    def headers(self) -> tuple[str, str, str]:
        """The names a header cell may have: Swedish, English and the key."""
        return (self.sv, self.en, self.key)


@dataclass(frozen=True)
class Sheet:
    """One sheet: a kind of thing, one row each."""

    key: str
    sv: str
    en: str
    columns: tuple[Column, ...]
    rdf_type: URIRef | None = None
    id_mode: IdMode = "required"
    single: bool = False
    #: Rows get ``gg:municipality`` pointing at the municipality.
    in_municipality: bool = True
    help_sv: str = ""
    help_en: str = ""
    #: Names the sheet had before, still read on import (e.g. "Mandatperioder").
    former: tuple[str, ...] = ()

    def column(self, key: str) -> Column:
        """The column with this key."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)

    @property
    def id_column(self) -> Column | None:
        """The column that holds the row's identifier, if the sheet has one."""
        return next((c for c in self.columns if c.kind in ("id", "slug")), None)

    def names(self) -> tuple[str, ...]:
        """The names a sheet may have: Swedish, English, the key and its former names."""
        return (self.sv, self.en, self.key, *self.former)


# --- the specification, read from sheet-spec.yaml --------------------------------------------


def _load_spec() -> dict[str, Any]:
    path = resources.sheet_spec_file()
    with path.open(encoding="utf-8") as handle:
        spec: dict[str, Any] = yaml.safe_load(handle)
    return spec


_SPEC = _load_spec()


def _iri(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    if prefix not in _SPEC["prefixes"]:
        raise ValueError(f"{resources.sheet_spec_file()}: unknown prefix in {curie!r}")
    return URIRef(_SPEC["prefixes"][prefix] + local)


def _column(sheet: str, entry: dict[str, Any]) -> Column:
    fields = dict(entry)
    if "prop" in fields:
        fields["prop"] = _iri(fields["prop"])
    if "declared_by" in fields:
        fields["declared_by"] = _iri(fields["declared_by"])
    fields["targets"] = tuple(fields.get("targets", ()))
    try:
        return Column(**fields)
    except TypeError as exc:
        raise ValueError(f"{resources.sheet_spec_file()}: sheet {sheet}: {exc}") from exc


def _sheet(entry: dict[str, Any]) -> Sheet:
    fields = dict(entry)
    key = fields.get("key", "?")
    columns = tuple(_column(key, c) for c in fields.pop("columns"))
    rdf_type = fields.pop("type", None)
    fields["former"] = tuple(fields.get("former", ()))
    try:
        return Sheet(
            columns=columns, rdf_type=None if rdf_type is None else _iri(rdf_type), **fields
        )
    except TypeError as exc:
        raise ValueError(f"{resources.sheet_spec_file()}: sheet {key}: {exc}") from exc


SHEETS: tuple[Sheet, ...] = tuple(_sheet(entry) for entry in _SPEC["sheets"])
SHEETS_BY_KEY: dict[str, Sheet] = {s.key: s for s in SHEETS}

#: Where a resource goes on export, by class (the first match wins; subclasses count).
SHEET_OF_CLASS: tuple[tuple[URIRef, str], ...] = tuple(
    (_iri(entry["class"]), entry["sheet"]) for entry in _SPEC["sheet_of_class"]
)

#: Sheets whose rows the governance model links to (``model gg:hasLevel level`` …).
MODEL_LINKS: dict[str, URIRef] = {k: _iri(v) for k, v in _SPEC["model_links"].items()}

# --- vocabularies --------------------------------------------------------------------------

#: Vocabulary name → (how its members are found, the class or concept class).
_VOCABULARY_SOURCES: dict[str, tuple[str, URIRef]] = {
    name: (entry["members"], _iri(entry["of"])) for name, entry in _SPEC["vocabularies"].items()
}
#: Terms a vocabulary has besides those found in the ontology.
_VOCABULARY_EXTRA: dict[str, tuple[URIRef, ...]] = {
    name: tuple(_iri(c) for c in entry.get("also", ()))
    for name, entry in _SPEC["vocabularies"].items()
}


@dataclass(frozen=True)
class Term:
    """A vocabulary member with its labels."""

    iri: URIRef
    sv: str
    en: str

    @property
    def local(self) -> str:
        """The local name, e.g. ``Council``."""
        return str(self.iri).split("#")[-1]


@cache
def ontology() -> Graph:
    """The ontology graph (cached; do not modify)."""
    return Graph().parse(resources.ontology_file(), format="turtle")


@cache
def vocabularies() -> dict[str, tuple[Term, ...]]:
    """Every vocabulary, its terms in the ontology's order of labels."""
    graph = ontology()
    out: dict[str, tuple[Term, ...]] = {}
    for name, (how, cls) in _VOCABULARY_SOURCES.items():
        if how == "subclasses":
            members = set(graph.transitive_subjects(RDFS.subClassOf, cls))
            label = RDFS.label
        else:
            members = set(graph.subjects(RDF.type, cls))
            label = SKOS.prefLabel
        members.update(_VOCABULARY_EXTRA[name])
        terms = []
        for iri in members:
            if not isinstance(iri, URIRef):
                continue
            labels = {lit.language: str(lit) for lit in graph.objects(iri, label)}  # type: ignore[attr-defined]
            if not labels:  # a property as a term (gg:ChainLinkProperty): its rdfs:label
                labels = {lit.language: str(lit) for lit in graph.objects(iri, RDFS.label)}  # type: ignore[attr-defined]
            terms.append(Term(iri, labels.get("sv", ""), labels.get("en", "")))
        out[name] = tuple(sorted(terms, key=lambda t: t.sv))
    return out


@cache
def _term_index(vocabulary: str) -> dict[str, tuple[URIRef, ...]]:
    index: dict[str, set[URIRef]] = {}
    for term in vocabularies()[vocabulary]:
        for name in (term.sv, term.en, term.local, f"gg:{term.local}", str(term.iri)):
            if name:
                index.setdefault(name.casefold(), set()).add(term.iri)
    return {k: tuple(sorted(v)) for k, v in index.items()}


def lookup_term(vocabulary: str, value: str) -> tuple[URIRef, ...]:
    """The terms of ``vocabulary`` that ``value`` names (by label, local name, CURIE or IRI)."""
    return _term_index(vocabulary).get(value.strip().casefold(), ())


def term_label(vocabulary: str, iri: URIRef) -> str | None:
    """The Swedish label a term is written with in a sheet, or None if not in the vocabulary."""
    for term in vocabularies()[vocabulary]:
        if term.iri == iri:
            return term.sv
    return None


def find_sheet(name: str) -> Sheet | None:
    """The sheet a user-given name refers to (Swedish name, English name or key)."""
    wanted = name.strip().casefold()
    for sheet in SHEETS:
        if wanted in (n.casefold() for n in sheet.names()):
            return sheet
    return None


def find_column(sheet: Sheet, header: str) -> Column | None:
    """The column a header cell names (Swedish, English or key; case-insensitive)."""
    wanted = " ".join(header.split()).casefold()
    for column in sheet.columns:
        if wanted in (h.casefold() for h in column.headers()):
            return column
    return None
