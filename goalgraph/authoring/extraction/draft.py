"""A draft graph from a read document: bodies, case numbers, decisions, goals and their
levels, dated process steps.

Every extracted resource cites the verbatim passage it comes from (``gg:citation`` with the
page and line in ``gg:locator``), carries its confidence (``gg:suggestionScore``) and is
marked ``gg:basis gg:Suggested``: it is a draft, not data. Levels are the document's own
(``Målområde``, ``Nämndsmål``), each compared with a general level kind for the shapes.

The goals and their levels are found in :mod:`.draft_goals`, the case numbers, bodies,
decisions, dates and periods in :mod:`.facts`, the dated process steps in :mod:`.process`;
each adds to the one graph and review rows of the :class:`Builder`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from goalgraph.authoring.errors import Collector, Issue
from goalgraph.authoring.extraction.decisions import CASE
from goalgraph.authoring.extraction.draft_goals import add_goals
from goalgraph.authoring.extraction.extracted import Extracted
from goalgraph.authoring.extraction.facts import (
    add_bodies,
    add_case_numbers,
    add_dates_and_periods,
    add_decisions,
)
from goalgraph.authoring.extraction.process import add_steps
from goalgraph.authoring.extraction.reading import Block, Document
from goalgraph.authoring.extraction.statements import municipality_name
from goalgraph.authoring.extraction.structure import heading_like
from goalgraph.dates import BadDateError, latest_year, parse_day
from goalgraph.namespaces import GG, municipality_iri, municipality_ns

__all__ = ["Builder", "Draft", "Extracted"]

_BODY_KINDS = (GG.Council, GG.ExecutiveBoard, GG.WorkingCommittee, GG.ExecutiveOffice,
               GG.DraftingCommittee, GG.Board, GG.Body, GG.ExternalOrganization)  # fmt: skip
_REASON_SV = "Automatiskt utdraget ur källtexten; granska."
_REASON_EN = "Extracted automatically from the text; review it."


@dataclass
class Draft:
    """A draft graph, what it holds by kind, and each extracted statement."""

    slug: str
    graph: Graph
    source: str
    counts: dict[str, int] = field(default_factory=dict)
    statements: list[Extracted] = field(default_factory=list)
    form: str = "text"
    pages: int | None = None

    def to_turtle(self) -> str:
        """The draft in Turtle."""
        return self.graph.serialize(format="turtle")


class Builder:
    """Builds the draft graph of one document for the municipality ``slug``."""

    def __init__(
        self, document: Document, slug: str, name: str | None = None, code: str | None = None
    ) -> None:
        self.document = document
        self.source = document.source
        self.slug = slug
        self.code = code
        self.lines = [b for b in document.blocks if b.text.strip()]
        self.text = document.text
        self.ns = municipality_ns(slug)
        self.municipality = municipality_iri(slug)
        self.graph = Graph()
        self.graph.bind("gg", str(GG))
        self.graph.bind(slug, str(self.ns))
        self.name = name or municipality_name(self.text) or slug.capitalize()
        self.doc = self.ns["doc-source"]
        self.year = _document_year(self.text)
        #: the year of a decision's day written without one: a case number's or a written
        #: day's (a news item's date), not a year the text merely names
        self.dated_year = _document_year(self.text, named=False)
        self.bodies: set[str] = set()
        self.counts: dict[str, int] = {}
        self.statements: list[Extracted] = []
        self.processes = 0
        self.steps_made = 0
        self.steps_of: dict[URIRef, int] = {}
        self.issues = Collector(self.source)
        self._seen_issues: set[tuple[str, str]] = set()
        self.headings: dict[int, str] = {}
        self.heading_above: dict[int, Block | None] = {}
        heading, above = "", None
        for block in self.lines:
            self.headings[id(block)] = heading
            self.heading_above[id(block)] = above
            if heading_like(block):
                heading, above = block.text.strip(" -:"), block

    # -- helpers ------------------------------------------------------------------------

    def issue(self, block: Block, error: BadDateError) -> None:
        where = f"{self.source}:{block.line}"
        if (where, error.en) in self._seen_issues:
            return
        self._seen_issues.add((where, error.en))
        self.issues.issues.append(Issue(where, error.sv, error.en, row=block.line))

    def day(self, line: Block, day: str, month: str | None = None) -> dt.date | None:
        """The date ``day`` (ISO or "7 december 2022"), or ``day`` ``month`` in the
        document's year; a date that does not exist is an issue and None."""
        try:
            return parse_day(day if month is None else f"{day} {month}", self.year)
        except BadDateError as exc:
            self.issue(line, exc)
            return None

    def cite(self, node: URIRef, passage: str, line: Block) -> BNode:
        if passage not in line.text and passage not in self.text:
            raise RuntimeError(f"not a verbatim passage: {passage!r}")
        citation = BNode()
        self.graph.add((node, GG.citation, citation))
        self.graph.add((citation, RDF.type, GG.Citation))
        self.graph.add((citation, GG.citedDocument, self.doc))
        self.graph.add((citation, GG.passage, Literal(passage)))
        heading = self.headings.get(id(line), "")
        locator = line.where() + (f" ({heading})" if heading else "")
        self.graph.add((citation, GG.locator, Literal(locator)))
        return citation

    def resource(
        self,
        local: str,
        cls: URIRef,
        label: str,
        passage: str,
        line: Block,
        score: float | None = None,
        detail: str = "",
    ) -> URIRef:
        node = self.ns[local]
        first = (node, RDF.type, cls) not in self.graph
        self.graph.add((node, RDF.type, cls))
        if first:
            self.graph.add((node, SKOS.prefLabel, Literal(label, lang="sv")))
            self.graph.add((node, GG.municipality, self.municipality))
            self.graph.add((node, GG.basis, GG.Suggested))
            self.graph.add((node, GG.reason, Literal(_REASON_SV, lang="sv")))
            self.graph.add((node, GG.reason, Literal(_REASON_EN, lang="en")))
            if score is not None:
                self.graph.add(
                    (node, GG.suggestionScore, Literal(f"{score:.2f}", datatype=XSD.decimal))
                )
            kind = _kind(cls)
            self.counts[kind] = self.counts.get(kind, 0) + 1
            citation = self.cite(node, passage, line)
            if score is not None:
                self.graph.add((citation, RDFS.comment, Literal(f"säkerhet {score:.2f}", "sv")))
                self.graph.add((citation, RDFS.comment, Literal(f"confidence {score:.2f}", "en")))
            self.statements.append(
                Extracted(kind, label, detail, score or 0.0, line.page, line.line, passage, local)
            )
        return node

    def body(self, local: str) -> URIRef | None:
        return self.ns[local] if local in self.bodies else None

    def process(self, title: str, line: Block, cite: bool = True) -> URIRef:
        self.processes += 1
        node = self.resource(
            f"process-{self.processes}",
            GG.Process,
            title.strip(" :"),
            title if cite else self.lines[0].text.strip(),
            line if cite else self.lines[0],
            0.6,
        )
        self.graph.add((node, GG.processOf, self.doc))
        return node

    def step(
        self,
        process: URIRef,
        order: int,
        label: str,
        passage: str,
        line: Block,
        date: str,
        datatype: URIRef,
    ) -> URIRef:
        self.steps_made += 1
        node = self.resource(
            f"step-{self.steps_made}", GG.ProcessStep, label.strip(), passage, line, 0.6, date
        )
        self.graph.add((process, GG.hasStep, node))
        self.steps_of[process] = self.steps_of.get(process, 0) + 1
        self.graph.add((node, GG.stepOrder, Literal(order)))
        self.graph.add((node, GG.plannedDate, Literal(date, datatype=datatype)))
        return node

    # -- the parts ----------------------------------------------------------------------

    def run(self) -> Graph:
        g = self.graph
        g.add((self.municipality, RDF.type, GG.Municipality))
        g.add((self.municipality, SKOS.prefLabel, Literal(f"{self.name} kommun", lang="sv")))
        if self.code:
            g.add((self.municipality, GG.municipalityCode, Literal(self.code)))
        title = next((ln for ln in self.lines if _is_title(ln.text)), self.lines[0])

        self.resource(
            "doc-source", GG.OfficialReport, title.text.strip(), title.text.strip(), title, 0.5
        )
        g.add((self.doc, DCTERMS.source, Literal(self.source)))
        add_case_numbers(self)
        add_bodies(self)
        add_decisions(self)
        add_goals(self)
        add_steps(self)
        add_dates_and_periods(self)
        self.issues.raise_if_any()
        return g


def _kind(cls: URIRef) -> str:
    if cls in (GG.Vision, GG.Goal):
        return "goal"
    if cls in _BODY_KINDS:
        return "body"
    return str(cls).split("#")[-1].lower()


def _is_title(text: str) -> bool:
    text = text.strip()
    return 15 < len(text) < 120 and not CASE.search(text) and not text.endswith(".")


def _document_year(text: str, named: bool = True) -> int | None:
    """The year a day written without one is in: the case number's, else the latest day
    written with its year (a news item's date), else (with ``named``) the latest year the
    text names."""
    case = CASE.search(text)
    if case:
        year = re.search(r"\d{4}", case.group(1))
        if year:
            return int(year.group(0))
    dated = latest_year(text)
    if dated is not None:
        return dated
    years = re.findall(r"\b(20\d{2})\b", text) if named else []
    return max(int(y) for y in years) if years else None
