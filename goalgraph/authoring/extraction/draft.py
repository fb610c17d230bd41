"""A draft graph from a read document: bodies, case numbers, decisions, goals and their
levels, dated process steps.

Every extracted resource cites the verbatim passage it comes from (``gg:citation`` with the
page and line in ``gg:locator``), carries its confidence (``gg:suggestionScore``) and is
marked ``gg:basis gg:Suggested``: it is a draft, not data. Levels are the document's own
(``Målområde``, ``Nämndsmål``), each compared with a general level kind for the shapes.

One thing over 400 lines: the draft graph and its review rows are written in one pass that
shares the statements found, their passages and confidences.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from goalgraph.authoring.errors import Collector, Issue
from goalgraph.authoring.extraction import finder
from goalgraph.authoring.extraction.decisions import (
    BODIES,
    CASE,
    NAMED_BOARD,
    Decision,
    board_name,
    find_decisions,
    sentence,
    slugify,
)
from goalgraph.authoring.extraction.process import add_steps
from goalgraph.authoring.extraction.reading import Block, Document
from goalgraph.authoring.extraction.statements import KINDS, find_statements, municipality_name
from goalgraph.authoring.extraction.structure import (
    Candidate,
    _other_actor,
    find_goals,
    heading_like,
)
from goalgraph.authoring.extraction.vocabulary import find_terms, kind_of, level_key
from goalgraph.dates import (
    BadDateError,
    Found,
    date_literal,
    find_dates,
    find_periods,
    latest_year,
    parse_day,
)
from goalgraph.namespaces import GG, municipality_iri, municipality_ns

__all__ = ["Builder", "Draft", "Extracted"]

_LEVEL_KINDS = {
    "vision": GG.VisionLevel,
    "overarching": GG.OverarchingGoalLevel,
    "subgoal": GG.OverarchingSubGoalLevel,
    "council": GG.CouncilGoalLevel,
    "area": GG.FocusAreaLevel,
    "board": GG.BoardGoalLevel,
    "operational": GG.OperationalGoalLevel,
}
_BODY_KINDS = (GG.Council, GG.ExecutiveBoard, GG.WorkingCommittee, GG.ExecutiveOffice,
               GG.DraftingCommittee, GG.Board, GG.Body, GG.ExternalOrganization)  # fmt: skip
_REASON_SV = "Automatiskt utdraget ur källtexten; granska."
_REASON_EN = "Extracted automatically from the text; review it."
_EXTERNAL = re.compile(r"\b(?:projekt(?:et)?|nätverket)\s+((?:[A-ZÅÄÖ][\wåäö]+\s?){1,4})")


@dataclass(frozen=True)
class Extracted:
    """One extracted statement, as a reviewer sees it."""

    kind: str  # goal, level, decision, body, case number, date, period, step
    text: str
    detail: str  # the level of a goal, the date of a decision, …
    confidence: float
    page: int | None
    line: int
    passage: str
    resource: str | None = None  # the draft's local id


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


@dataclass
class _Goal:
    text: str
    level: str  # level local id
    block: Block
    passage: str
    confidence: float
    heading: str | None = None
    parent: int | None = None
    cls: URIRef = GG.Goal


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
        self.case_numbers()
        self.find_bodies()
        self.decisions()
        self.goals()
        add_steps(self)
        self.dates_and_periods()
        self.issues.raise_if_any()
        return g

    def case_numbers(self) -> None:
        seen: set[str] = set()
        for line in self.lines:
            for match in CASE.finditer(line.text):
                number = " ".join(match.group(1).split())
                if number in seen:
                    continue
                seen.add(number)
                self.graph.add((self.doc, GG.caseNumber, Literal(number)))
                self.counts["caseNumber"] = self.counts.get("caseNumber", 0) + 1
                self.cite(self.doc, match.group(0), line)
                self.statements.append(
                    Extracted("case number", number, "", 0.9, line.page, line.line,
                              match.group(0), "doc-source")
                )  # fmt: skip

    def find_bodies(self) -> None:
        for pattern, local, cls, label, _short in BODIES:
            flags = re.IGNORECASE if not re.search(r"[A-Z]{2}", pattern) else 0
            regex = re.compile(pattern, flags)
            for line in self.lines:
                match = regex.search(line.text)
                if match and not _inside_other_body(line.text, match):
                    passage = sentence(line.text, match.start())
                    self.resource(local, cls, label, passage, line, 0.8)
                    self.bodies.add(local)
                    break
        for line in self.lines:
            for match in NAMED_BOARD.finditer(line.text):
                name = board_name(match)
                local = "body-" + slugify(name)
                self.resource(local, GG.Board, name, sentence(line.text, match.start()), line, 0.7)
                self.bodies.add(local)
            for match in _EXTERNAL.finditer(line.text):
                name = match.group(1).strip()
                local = "body-" + slugify(name)
                self.resource(
                    local, GG.ExternalOrganization, name, match.group(0).strip(), line, 0.5
                )
                self.bodies.add(local)

    def decisions(self) -> None:
        """Every decision the text writes; an undated one (``Kommunfullmäktige har antagit
        visionen``) only where no dated decision of its body is written."""
        undated: list[tuple[Decision, Block]] = []
        dated: set[str] = set()
        for line in self.lines:
            try:
                found = list(find_decisions(line.text, self.dated_year))
            except BadDateError as exc:
                self.issue(line, exc)
                continue
            for decision in found:
                if decision.date is None and decision.year is None:
                    undated.append((decision, line))
                    continue
                dated.add(decision.body)
                day = decision.date.value if decision.date else None
                when = day or f"{decision.paragraph}/{decision.year}"
                para = f"{decision.paragraph} " if decision.paragraph and day else ""
                label = f"{decision.short} {para}{when}" if day else f"{decision.short} {when}"
                local = f"decision-{slugify(decision.short)}-{day or decision.year}"
                passage = sentence(line.text, decision.start)
                node = self.resource(local, GG.Decision, label, passage, line, 0.9, when)
                literal = date_literal(day) if day else None
                if literal is not None:
                    self.graph.set((node, DCTERMS.date, literal))
                body = self.body(decision.body) or self.body_named(decision, line)
                if body is not None:
                    self.graph.set((node, GG.decidedBy, body))
                if decision.paragraph:
                    self.graph.set((node, GG.paragraph, Literal(decision.paragraph)))
                if decision.case:
                    self.graph.set((node, GG.caseNumber, Literal(decision.case)))
        for decision, line in undated:
            if decision.body in dated:
                continue
            local = f"decision-{slugify(decision.short)}"
            passage = sentence(line.text, decision.start)
            node = self.resource(local, GG.Decision, decision.short, passage, line, 0.6)
            body = self.body(decision.body) or self.body_named(decision, line)
            if body is not None:
                self.graph.set((node, GG.decidedBy, body))

    def body_named(self, decision: Decision, line: Block) -> URIRef | None:
        """The body a decision names, added to the draft when no other sentence named it."""
        known = next((b for b in BODIES if b[1] == decision.body), None)
        cls, label = (known[2], known[3]) if known else (GG.Board, decision.short)
        passage = sentence(line.text, decision.start)
        self.resource(decision.body, cls, label, passage, line, 0.8)
        self.bodies.add(decision.body)
        return self.ns[decision.body]

    def dates_and_periods(self) -> None:
        found_in: list[tuple[Block, list[Found]]] = []
        for line in self.lines:
            try:
                found_in.append((line, list(find_dates(line.text, self.year))))
            except BadDateError as exc:
                self.issue(line, exc)
        # "den 14 december" where "14 december 2017" is written elsewhere: that year
        years: dict[str, set[str]] = {}
        for _, found in found_in:
            for day in found:
                if day.explicit_year and day.precision == "day":
                    years.setdefault(day.value[5:], set()).add(day.value[:4])
        for line, found in found_in:
            for day in found:
                value = day.value
                known = years.get(value[5:], set()) if day.precision == "day" else set()
                if not day.explicit_year and len(known) == 1:
                    value = known.pop() + value[4:]
                elif not day.explicit_year and self.dated_year is None:
                    continue  # "den 25 april" in a text that dates nothing: its year unknown
                self.statements.append(
                    Extracted("date", day.text, value, 0.9 if day.explicit_year else 0.6,
                              line.page, line.line, sentence(line.text, day.start))
                )  # fmt: skip
        for line in self.lines:
            for first, last, match in find_periods(line.text):
                self.statements.append(
                    Extracted("period", match.group(0), f"{first}–{last}", 0.8, line.page,
                              line.line, sentence(line.text, match.start()))
                )  # fmt: skip

    # -- goals and levels -----------------------------------------------------------------

    def goals(self) -> None:
        structural = find_goals(self.lines)
        claimed = {id(b) for c in structural for b in c.blocks}
        goal_headings = {id(c.block) for c in structural if heading_like(c.block)}
        statements = [
            s for s in find_statements(self.lines, self.name, self.text)
            if id(s.block) not in claimed and not self.describes(s.block, goal_headings)
        ]  # fmt: skip
        known = [c.text for c in structural] + [s.text for s in statements]
        found = self.found_by_finder(claimed | {id(s.block) for s in statements}, known)
        if not structural and not statements and not found:
            return
        levels: dict[str, tuple[tuple[int, int], str, str]] = {}  # id -> (order, name, kind)
        goals: list[_Goal] = []
        for position, candidate in enumerate(structural):
            local = self.level_for(candidate, levels, position)
            passage = (
                candidate.text if candidate.text in candidate.block.text else (candidate.block.text)
            )
            goals.append(
                _Goal(candidate.text, local, candidate.block, passage, candidate.confidence,
                      parent=candidate.parent,
                      cls=GG.Vision if levels[local][2] == "vision" else GG.Goal)
            )  # fmt: skip
        offset = len(goals)
        order = list(KINDS)
        by_kind: dict[str, list[int]] = {}
        for statement in statements:
            local = f"level-{statement.kind}"
            rank = order.index(statement.kind)
            if local not in levels:
                levels[local] = ((rank, 0), KINDS[statement.kind], statement.kind)
            by_kind.setdefault(statement.kind, []).append(len(goals))
            goals.append(
                _Goal(statement.text, local, statement.block, statement.passage, 0.7,
                      statement.heading,
                      cls=GG.Vision if statement.kind == "vision" else GG.Goal)
            )  # fmt: skip
        first_found = len(goals)
        for block, level, probability in found:
            # The finder's goals go to the level named above them when the draft has it, or
            # to a new level below the rules' levels (their chains stay as the rules read them).
            local = "level-" + (slugify(level_key(level)) or "mal")
            if local not in levels and kind_of(level, 2) == "vision":
                level, local = "Mål", "level-mal"
            if local not in levels:
                levels[local] = ((99, len(levels)), level, kind_of(level, 2))
            goals.append(
                _Goal(block.text.strip(), local, block, block.text, round(0.5 * probability, 2),
                      cls=GG.Vision if levels[local][2] == "vision" else GG.Goal)
            )  # fmt: skip
        ranked = sorted(levels, key=lambda local: levels[local][0])
        self.add_levels(ranked, levels)
        nodes: list[URIRef] = []
        counters: dict[str, int] = {}
        for index, goal in enumerate(goals):
            if index < offset:
                local = f"goal-{index + 1}"
            else:
                kind = levels[goal.level][2]
                counters[kind] = counters.get(kind, 0) + 1
                local = "vision" if kind == "vision" else f"goal-{kind}-{counters[kind]}"
            node = self.resource(
                local, goal.cls, goal.text, goal.passage, goal.block, goal.confidence,
                levels[goal.level][1],
            )  # fmt: skip
            self.graph.add((node, GG.atLevel, self.ns[goal.level]))
            if goal.heading:
                self.graph.add((node, GG.shortLabel, Literal(goal.heading, lang="sv")))
            nodes.append(node)
        for index in range(first_found, len(goals)):
            if ranked.index(goals[index].level):
                self.parent_not_stated(nodes[index], goals[index].block)
        for index, goal in enumerate(goals[:offset]):
            if goal.parent is not None and goal.parent < offset:
                self.graph.add((nodes[index], GG.supports, nodes[goal.parent]))
        kinds = [k for k in order if k in by_kind]
        for upper, lower in itertools.pairwise(kinds):
            for child in by_kind[lower]:
                for parent in by_kind[upper]:
                    self.graph.add((nodes[child], GG.supports, nodes[parent]))
        if "council" in by_kind and self.body("body-kf") is not None:
            for child in by_kind["council"]:
                self.graph.add((nodes[child], GG.ownedBy, self.ns["body-kf"]))

    def parent_not_stated(self, node: URIRef, block: Block) -> None:
        """A gap: the draft does not say what the finder's goal ``node`` supports."""
        gap = URIRef(f"{node}-parent")
        self.graph.add((gap, RDF.type, GG.Gap))
        self.graph.add((gap, GG.gapKind, GG.ParentNotStated))
        self.graph.add((gap, GG.gapOf, node))
        self.graph.add((gap, GG.leftOpenBy, self.doc))
        self.graph.add((gap, GG.municipality, self.municipality))
        self.cite(gap, block.text, block)

    def found_by_finder(
        self, claimed: set[int], known: list[str]
    ) -> list[tuple[Block, str, float]]:
        """List items the statistical finder reads as goals that the rules left: the block,
        the level named in the nearest heading above (``Mål`` when none) and the probability.
        Only list items: elsewhere (headings, captions, timetables) it errs too often."""
        chances = finder.probabilities(self.lines)
        if chances is None:
            return []
        out: list[tuple[Block, str, float]] = []
        lead = ""  # the line that leads the current list
        for index, (block, chance) in enumerate(zip(self.lines, chances, strict=True)):
            if block.kind != "item" or not index or self.lines[index - 1].kind != "item":
                lead = self.lines[index - 1].text if index and block.kind == "item" else ""
            text = block.text.strip()
            if block.kind != "item" or chance < finder.cut() or id(block) in claimed:
                continue
            heading = self.heading_above.get(id(block))
            if any(_similar(text, other) for other in known) or _other_actor(
                lead + " " + (heading.text if heading is not None else "")
            ):
                continue
            terms = list(find_terms(heading.text)) if heading is not None else []
            out.append((block, terms[0].name if terms else "Mål", chance))
            known.append(text)
        return out

    def describes(self, block: Block, goal_headings: set[int]) -> bool:
        """Whether ``block`` is text under a heading that is itself a goal (a description)."""
        above = self.heading_above.get(id(block))
        return above is not None and id(above) in goal_headings

    def level_for(
        self,
        candidate: Candidate,
        levels: dict[str, tuple[tuple[int, int], str, str]],
        position: int,
    ) -> str:
        name = candidate.level or "Mål"
        local = "level-" + (slugify(level_key(name)) or "mal")
        if local not in levels:
            kind = kind_of(name, candidate.depth + 1)
            rank = 0 if kind == "vision" else candidate.depth + 1
            levels[local] = ((rank, position), name, kind)
        return local

    def add_levels(
        self, ranked: list[str], levels: dict[str, tuple[tuple[int, int], str, str]]
    ) -> None:
        model = self.ns["model"]
        g = self.graph
        g.add((model, RDF.type, GG.GovernanceModel))
        g.add((model, SKOS.prefLabel, Literal(f"Styrmodell (utkast) för {self.name}", lang="sv")))
        g.add((model, GG.modelOf, self.municipality))
        g.add((model, GG.municipality, self.municipality))
        previous = None
        for rank, local in enumerate(ranked, start=1):
            level = self.ns[local]
            _, name, kind = levels[local]
            g.add((model, GG.hasLevel, level))
            g.add((level, RDF.type, GG.GovernanceLevel))
            g.add((level, SKOS.prefLabel, Literal(name, lang="sv")))
            g.add((level, GG.rank, Literal(rank)))
            g.add((level, GG.levelKind, _LEVEL_KINDS.get(kind, GG.CouncilGoalLevel)))
            g.add((level, GG.memberClass, GG.Vision if kind == "vision" else GG.Goal))
            g.add((level, GG.municipality, self.municipality))
            if previous is not None:
                g.add((level, GG.parentLevel, previous))
            previous = level


def _kind(cls: URIRef) -> str:
    if cls in (GG.Vision, GG.Goal):
        return "goal"
    if cls in _BODY_KINDS:
        return "body"
    return str(cls).split("#")[-1].lower()


def _similar(a: str, b: str) -> bool:
    """The same goal written twice (one text inside the other, case and stops aside)."""
    x, y = (" ".join(t.lower().strip(" .:").split()) for t in (a, b))
    return bool(x) and bool(y) and (x in y or y in x)


def _is_title(text: str) -> bool:
    text = text.strip()
    return 15 < len(text) < 120 and not CASE.search(text) and not text.endswith(".")


def _inside_other_body(text: str, match: re.Match[str]) -> bool:
    """ "KS" inside "KSAU" or "fullmäktige" inside "fullmäktigeberedning" is another body."""
    after = text[match.end() : match.end() + 10]
    return bool(re.match(r"[\wåäö]", after))


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
