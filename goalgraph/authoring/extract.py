"""Draft extraction: from a plain-text goal document to a draft graph for review.

The rules read what Swedish municipal goal documents usually say, in the words they use:

- **case numbers**: ``Dnr KS 2019/160``;
- **bodies**: kommunfullmäktige (KF), kommunstyrelsen (KS), its working committee (KSAU),
  the executive office, named boards (``…nämnden``), drafting committees (``beredning``),
  management groups, the auditors, the boards and the operations as collectives, and external
  projects or networks (``projekt Glokala Sverige``);
- **decisions**: ``KF § 49 2020-06-10``, ``Antagen av kommunfullmäktige 7 december 2022 § 112``,
  ``beslutades av kommunfullmäktige 2019-05-27``;
- **goals**: paragraphs that begin with the municipality's name and state a goal (``Nora
  kommun ska …``, ``… verkar för …``), a shared stem with endings (``… ska vara en plats...`` and
  ``...med …``), and the vision; the level follows from the wording (a vision, a present-tense
  overarching goal, sub-goals under a one-word heading, goals decided by the council);
- **dated process steps**: timetable lines (``KSAU 28 aug – ramar och upplägg``), with the
  year taken from the document, and dated sentences (``i december 2021``).

Every extracted resource cites the verbatim passage it comes from (``gg:citation`` with the
line in ``gg:locator``) and is marked ``gg:basis gg:Suggested``: it is a draft, not data. A
draft enters a municipality's graph only through :func:`promote`, which validates it first.

A text that cannot be read (an unknown encoding, NUL characters), an empty text and dates
that do not exist (``KF § 49 2020-02-31``, ``31 februari``) are an
:class:`~goalgraph.authoring.errors.AuthoringError` naming the file and line. The rules run in
time linear in the length of the text.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD
from rdflib.term import Node

from goalgraph.authoring.errors import AuthoringError, Collector, Issue
from goalgraph.authoring.tabular import read_bytes, text_of
from goalgraph.errors import GoalgraphError
from goalgraph.namespaces import GG, municipality_iri, municipality_ns

__all__ = [
    "Draft",
    "Evaluation",
    "Score",
    "evaluate",
    "extract_bytes",
    "extract_file",
    "extract_text",
    "promote",
]

T = TypeVar("T")

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "maj": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uari)?|feb(?:ruari)?|mars?|apr(?:il)?|maj|juni?|juli?|aug(?:usti)?"
    r"|sep(?:tember)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DATE = r"\d{4}-\d{2}-\d{2}"
_CASE = re.compile(
    r"\b(?:Dnr|Diarienummer|dnr)[:.]?\s*([A-ZÅÄÖ]{1,6}\s?\d{4}/\d{1,6}(?:[-.:]\d+)*)"
)

#: Body patterns: (regular expression, local id, class, Swedish label).
BODIES: tuple[tuple[str, str, URIRef, str], ...] = (
    (r"\bkommunstyrelsens arbetsutskott\b|\bKSAU\b", "body-ksau", GG.WorkingCommittee,
     "Kommunstyrelsens arbetsutskott"),
    (r"\bkommunfullmäktige(?:s)?\b|\bKF\b|\bfullmäktige\b", "body-kf", GG.Council,
     "Kommunfullmäktige"),
    (r"\bkommunstyrelsen\b|\bKS\b", "body-ks", GG.ExecutiveBoard, "Kommunstyrelsen"),
    (r"\bkommunledningskontoret\b", "body-kommunledningskontoret", GG.ExecutiveOffice,
     "Kommunledningskontoret"),
    (r"\b(?:fullmäktigeberedning|beredning)(?:en)?\b", "body-beredning", GG.DraftingCommittee,
     "Beredningen"),
    (r"\bledningsgrupp(?:en)?\b", "body-ledningsgrupp", GG.Body, "Ledningsgruppen"),
    (r"\brevisorerna\b", "body-revisorerna", GG.Body, "Revisorerna"),
    (r"\bnämnder och utskott\b", "body-namnder-och-utskott", GG.Body, "Nämnder och utskott"),
    (r"\bverksamheterna\b", "body-verksamheterna", GG.Body, "Verksamheterna"),
)  # fmt: skip
_NAMED_BOARD = re.compile(r"\b([A-ZÅÄÖ][\wåäö]*(?:- och [\wåäö]+)?nämnden)\b")
_EXTERNAL = re.compile(r"\b(?:projekt(?:et)?|nätverket)\s+((?:[A-ZÅÄÖ][\wåäö]+\s?){1,4})")
_TIMETABLE_BODY = {"KSAU": "body-ksau", "KS": "body-ks", "KF": "body-kf"}


@dataclass
class _Line:
    number: int
    text: str
    start: int  # offset in the source text
    index: int = 0  # position among the non-empty lines


class _BadDateError(Exception):
    """A date in the text that does not exist, or a day and month without a year."""

    def __init__(self, sv: str, en: str) -> None:
        super().__init__(en)
        self.sv = sv
        self.en = en


@dataclass
class Draft:
    """A draft graph and what it holds, by kind."""

    slug: str
    graph: Graph
    source: str
    counts: dict[str, int] = field(default_factory=dict)

    def to_turtle(self) -> str:
        """The draft in Turtle."""
        return self.graph.serialize(format="turtle")


class _Extractor:
    def __init__(
        self, text: str, slug: str, name: str | None, source: str, code: str | None = None
    ) -> None:
        self.code = code
        self.text = text
        self.slug = slug
        self.source = source
        self.ns = municipality_ns(slug)
        self.municipality = municipality_iri(slug)
        self.graph = Graph()
        self.graph.bind("gg", str(GG))
        self.graph.bind(slug, str(self.ns))
        self.lines = _lines(text)
        self.headings = _headings(self.lines)
        self.name = name or _municipality_name(text) or slug.capitalize()
        self.doc = self.ns["doc-source"]
        self.year = _document_year(text)
        self.bodies: set[str] = set()
        self.counts: dict[str, int] = {}
        self.processes = 0
        self.steps_made = 0
        self.steps_of: dict[URIRef, int] = {}
        self.issues = Collector(source)

    # -- helpers ------------------------------------------------------------------------------

    def heading_before(self, line: _Line) -> str:
        return self.headings[line.index]

    def day(self, line: _Line, day: str, month: str | None = None) -> dt.date | None:
        """The date ``day`` (ISO or "7 december 2022"), or ``day`` ``month`` in the document's
        year, read from ``line``; a date that does not exist is an issue and None."""
        try:
            if month is None:
                return _parse_day(day, self.year)
            return _day_month(day, month, self.year)
        except _BadDateError as exc:
            self.issues.issues.append(
                Issue(f"{self.source}:{line.number}", exc.sv, exc.en, row=line.number)
            )
            return None

    def cite(self, node: URIRef, passage: str, line: _Line) -> None:
        if passage not in line.text and passage not in self.text:
            raise RuntimeError(f"not a verbatim passage: {passage!r}")
        citation = BNode()
        self.graph.add((node, GG.citation, citation))
        self.graph.add((citation, RDF.type, GG.Citation))
        self.graph.add((citation, GG.citedDocument, self.doc))
        self.graph.add((citation, GG.passage, Literal(passage)))
        heading = self.heading_before(line)
        locator = f"rad {line.number}" + (f" ({heading})" if heading else "")
        self.graph.add((citation, GG.locator, Literal(locator)))

    def resource(self, local: str, cls: URIRef, label: str, passage: str, line: _Line) -> URIRef:
        node = self.ns[local]
        first = (node, RDF.type, cls) not in self.graph
        self.graph.add((node, RDF.type, cls))
        if first:
            self.graph.add((node, SKOS.prefLabel, Literal(label, lang="sv")))
            self.graph.add((node, GG.municipality, self.municipality))
            self.graph.add((node, GG.basis, GG.Suggested))
            self.graph.add(
                (
                    node,
                    GG.reason,
                    Literal("Automatiskt utdraget ur källtexten; granska.", lang="sv"),
                )
            )
            self.graph.add(
                (
                    node,
                    GG.reason,
                    Literal("Extracted automatically from the text; review it.", lang="en"),
                )
            )
            self.counts[_kind(cls)] = self.counts.get(_kind(cls), 0) + 1
            self.cite(node, passage, line)
        return node

    # -- the parts ----------------------------------------------------------------------------

    def run(self) -> Graph:
        g = self.graph
        g.add((self.municipality, RDF.type, GG.Municipality))
        g.add((self.municipality, SKOS.prefLabel, Literal(f"{self.name} kommun", lang="sv")))
        if self.code:
            g.add((self.municipality, GG.municipalityCode, Literal(self.code)))
        title = next((ln for ln in self.lines if _is_title(ln.text)), self.lines[0])
        self.resource(
            "doc-source", GG.OfficialReport, title.text.strip(), title.text.strip(), title
        )
        g.add((self.doc, DCTERMS.source, Literal(self.source)))
        self.case_numbers()
        self.find_bodies()
        self.decisions()
        self.goals()
        self.steps()
        self.issues.raise_if_any()
        return g

    def case_numbers(self) -> None:
        seen: set[str] = set()
        for line in self.lines:
            for match in _CASE.finditer(line.text):
                number = " ".join(match.group(1).split())
                if number in seen:
                    continue
                seen.add(number)
                self.graph.add((self.doc, GG.caseNumber, Literal(number)))
                self.counts["caseNumber"] = self.counts.get("caseNumber", 0) + 1
                self.cite(self.doc, match.group(0), line)

    def body(self, local: str) -> URIRef | None:
        return self.ns[local] if local in self.bodies else None

    def find_bodies(self) -> None:
        for pattern, local, cls, label in BODIES:
            regex = re.compile(pattern, re.IGNORECASE if not re.search(r"[A-Z]{2}", pattern) else 0)
            for line in self.lines:
                match = regex.search(line.text)
                if match and not _inside_other_body(line.text, match):
                    self.resource(local, cls, label, _sentence(line.text, match.start()), line)
                    self.bodies.add(local)
                    break
        for line in self.lines:
            for match in _NAMED_BOARD.finditer(line.text):
                name = match.group(1)
                local = "body-" + _slugify(name)
                self.resource(local, GG.Board, name, _sentence(line.text, match.start()), line)
                self.bodies.add(local)
            for match in _EXTERNAL.finditer(line.text):
                name = match.group(1).strip()
                local = "body-" + _slugify(name)
                self.resource(local, GG.ExternalOrganization, name, match.group(0).strip(), line)
                self.bodies.add(local)

    def decisions(self) -> None:
        patterns = (
            re.compile(rf"\b(KF|KS|KSAU)\s*§\s*(\d+)\s+({_DATE})"),
            re.compile(
                rf"(?:[Aa]ntagen|[Aa]ntaget|[Bb]eslutad|[Bb]eslutat)\s+av\s+(kommunfullmäktige|"
                rf"kommunstyrelsen)\s+(\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|{_DATE})(?:\s*(§\s*\d+))?"
            ),
            re.compile(rf"beslutades\s+av\s+(kommunfullmäktige|kommunstyrelsen)\s+({_DATE})"),
        )
        for line in self.lines:
            for number, pattern in enumerate(patterns):
                for match in pattern.finditer(line.text):
                    paragraph: str | None
                    if number == 0:
                        who, paragraph, when = match.group(1), f"§ {match.group(2)}", match.group(3)
                    else:
                        who, when = match.group(1), match.group(2)
                        paragraph = (
                            " ".join(match.group(3).split())
                            if number == 1 and match.group(3)
                            else None
                        )
                    day = self.day(line, when)
                    if day is None:
                        continue
                    body_local = {
                        "kf": "body-kf",
                        "kommunfullmäktige": "body-kf",
                        "ks": "body-ks",
                        "kommunstyrelsen": "body-ks",
                        "ksau": "body-ksau",
                    }[who.casefold()]
                    short = {"body-kf": "KF", "body-ks": "KS", "body-ksau": "KSAU"}[body_local]
                    label = f"{short} {paragraph + ' ' if paragraph else ''}{day.isoformat()}"
                    local = f"decision-{short.lower()}-{day.isoformat()}"
                    node = self.resource(
                        local, GG.Decision, label, _sentence(line.text, match.start()), line
                    )
                    self.graph.set(
                        (node, DCTERMS.date, Literal(day.isoformat(), datatype=XSD.date))
                    )
                    body = self.body(body_local)
                    if body is not None:
                        self.graph.set((node, GG.decidedBy, body))
                    if paragraph:
                        self.graph.set((node, GG.paragraph, Literal(paragraph)))

    # -- goals ----------------------------------------------------------------------------------

    def goals(self) -> None:
        stem = re.escape(self.name)
        opening = re.compile(rf"^{stem}(?:s)?(?:\s+kommun)?\b")
        verb = re.compile(r"\b(ska|skall|verkar för|fokuserar|ger|är|uppnår)\b")
        found: list[
            tuple[str, str, _Line, str | None, str]
        ] = []  # kind, label, line, heading, passage
        # The vision is on one line: the passage it cites is that line's.
        vision = re.search(r"\bvision(?:en)?,\s+([^,\n]{5,120}),", self.text)
        if vision and vision.group(1).strip():
            vision_line = next(ln for ln in self.lines if vision.group(1) in ln.text)
            found.append(("vision", vision.group(1).strip(), vision_line, None, vision.group(1)))
        else:
            vision = None
        stem_line: _Line | None = None
        for position, line in enumerate(self.lines):
            text = line.text.strip()
            if stem_line is not None and text.startswith("..."):
                label = stem_line.text.strip().rstrip(". ") + " " + text.lstrip(". ")
                found.append(("council", " ".join(label.split()), line, None, text))
                continue
            if text.endswith("...") and opening.match(text) and "ska" in text:
                stem_line = line
                continue
            stem_line = None
            if not opening.match(text) or not verb.search(text[:80]) or len(text) > 600:
                continue
            if text.count(". ") >= 2 and vision is None:
                found.append(("vision", text, line, None, text))
                continue
            heading = None
            previous = self.lines[position - 1].text.strip() if position else ""
            if previous and len(previous.split()) == 1 and previous[0].isupper():
                heading = previous
            if re.search(r"\bär\b", text[:60]) and "ska" not in text[:60]:
                kind = "overarching"
            elif heading is not None:
                kind = "subgoal"
            else:
                kind = "council"
            found.append((kind, text, line, heading, text))
        if not found:
            return
        self.levels({kind for kind, *_ in found})
        elements: dict[str, list[URIRef]] = {}
        counters: dict[str, int] = {}
        for kind, label, line, heading, passage in found:
            counters[kind] = counters.get(kind, 0) + 1
            local = "vision" if kind == "vision" else f"goal-{kind}-{counters[kind]}"
            cls = GG.Vision if kind == "vision" else GG.Goal
            node = self.resource(local, cls, label.strip(), passage, line)
            self.graph.add((node, GG.atLevel, self.ns[f"level-{kind}"]))
            if heading:
                self.graph.add((node, GG.shortLabel, Literal(heading, lang="sv")))
            elements.setdefault(kind, []).append(node)
        order = [k for k in _LEVELS if k in elements]
        for upper, lower in itertools.pairwise(order):
            for node in elements[lower]:
                for parent in elements[upper]:
                    self.graph.add((node, GG.supports, parent))
        if "council" in elements and self.body("body-kf") is not None:
            for node in elements["council"]:
                self.graph.add((node, GG.ownedBy, self.ns["body-kf"]))

    def levels(self, kinds: set[str]) -> None:
        model = self.ns["model"]
        g = self.graph
        g.add((model, RDF.type, GG.GovernanceModel))
        g.add((model, SKOS.prefLabel, Literal(f"Styrmodell (utkast) för {self.name}", lang="sv")))
        g.add((model, GG.modelOf, self.municipality))
        g.add((model, GG.municipality, self.municipality))
        previous = None
        for rank, kind in enumerate((k for k in _LEVELS if k in kinds), start=1):
            level = self.ns[f"level-{kind}"]
            label, level_kind, member = _LEVELS[kind]
            g.add((model, GG.hasLevel, level))
            g.add((level, RDF.type, GG.GovernanceLevel))
            g.add((level, SKOS.prefLabel, Literal(label, lang="sv")))
            g.add((level, GG.rank, Literal(rank)))
            g.add((level, GG.levelKind, level_kind))
            g.add((level, GG.memberClass, member))
            g.add((level, GG.municipality, self.municipality))
            if previous is not None:
                g.add((level, GG.parentLevel, previous))
            previous = level

    # -- process steps --------------------------------------------------------------------------

    def steps(self) -> None:
        entry = re.compile(
            rf"(?:(?P<body>KSAU|KS|KF|[A-ZÅÄÖ][\wåäö]+(?: [A-ZÅÄÖ][\wåäö]+)?)\s+)?"
            rf"(?P<day>\d{{1,2}})\s+(?P<month>{_MONTH})\b"
        )
        month_only = re.compile(rf"^(?P<month>{_MONTH})\b", re.IGNORECASE)
        dated = re.compile(rf"\b(?:i|under)\s+(?P<month>{_MONTH})\s+(?P<year>\d{{4}})\b")
        process: URIRef | None = None
        order = 0
        for line in self.lines:
            text = line.text.strip()
            if re.match(r"^(Tidsplan|Tidplan)\b", text):
                process = self.process(text, line)
                order = 0
                continue
            if process is None or not text:
                continue
            matches = list(entry.finditer(text))
            if re.match(r"^(Dokument \d+:.*?:)\s", text):
                process = self.process(text.split(":")[0] + ":" + text.split(":")[1], line)
                order = 0
            prefix = text[: matches[0].start()].strip() if matches else ""
            if matches and (not prefix or prefix.endswith(":")):
                alternative = re.search(rf"alternativt\s+(\d{{1,2}})\s+({_MONTH})", text)
                other = (
                    self.day(line, alternative.group(1), alternative.group(2))
                    if alternative
                    else None
                )
                for match in matches:
                    if alternative and match.start() >= alternative.start() + len("alternativt "):
                        continue
                    day = self.day(line, match.group("day"), match.group("month"))
                    if day is None:
                        continue
                    order += 1
                    body = _TIMETABLE_BODY.get(match.group("body") or "")
                    if body is None and match.group("body"):
                        local = "body-" + _slugify(match.group("body"))
                        body = local if local in self.bodies else None
                    node = self.step(
                        process, order, text, match.group(0), line, day.isoformat(), XSD.date
                    )
                    if body and self.body(body) is not None:
                        self.graph.add((node, GG.performedBy, self.ns[body]))
                    if other:
                        self.graph.add(
                            (
                                node,
                                GG.alternativeDate,
                                Literal(other.isoformat(), datatype=XSD.date),
                            )
                        )
                continue
            only = month_only.match(text)
            if only and self.year:
                order += 1
                month = MONTHS[only.group("month")[:3].casefold()]
                self.step(
                    process,
                    order,
                    text,
                    only.group(0),
                    line,
                    f"{self.year}-{month:02d}",
                    XSD.gYearMonth,
                )
        for line in self.lines:
            for match in dated.finditer(line.text):
                month = MONTHS[match.group("month")[:3].casefold()]
                if process is None:
                    process = self.process("Daterade händelser i dokumentet", line, cite=False)
                order = self.steps_of.get(process, 0) + 1
                sentence = _sentence(line.text, match.start())
                node = self.step(
                    process,
                    order,
                    sentence,
                    match.group(0),
                    line,
                    f"{match.group('year')}-{month:02d}",
                    XSD.gYearMonth,
                )
                for local in sorted(self.bodies):
                    pattern = next((p for p, lid, *_ in BODIES if lid == local), None)
                    if pattern and re.search(pattern, sentence, re.IGNORECASE):
                        self.graph.add((node, GG.performedBy, self.ns[local]))

    def process(self, title: str, line: _Line, cite: bool = True) -> URIRef:
        self.processes += 1
        node = self.resource(
            f"process-{self.processes}",
            GG.Process,
            title.strip(" :"),
            title if cite else self.lines[0].text.strip(),
            line if cite else self.lines[0],
        )
        self.graph.add((node, GG.processOf, self.doc))
        return node

    def step(
        self,
        process: URIRef,
        order: int,
        label: str,
        passage: str,
        line: _Line,
        date: str,
        datatype: URIRef,
    ) -> URIRef:
        self.steps_made += 1
        node = self.resource(
            f"step-{self.steps_made}", GG.ProcessStep, label.strip(), passage, line
        )
        self.graph.add((process, GG.hasStep, node))
        self.steps_of[process] = self.steps_of.get(process, 0) + 1
        self.graph.add((node, GG.stepOrder, Literal(order)))
        self.graph.add((node, GG.plannedDate, Literal(date, datatype=datatype)))
        return node


_LEVELS: dict[str, tuple[str, URIRef, URIRef]] = {
    "vision": ("Vision", GG.VisionLevel, GG.Vision),
    "overarching": ("Övergripande mål", GG.OverarchingGoalLevel, GG.Goal),
    "subgoal": ("Delmål", GG.OverarchingSubGoalLevel, GG.Goal),
    "council": ("Fullmäktigemål", GG.CouncilGoalLevel, GG.Goal),
}


def _kind(cls: URIRef) -> str:
    if cls in (GG.Vision, GG.Goal):
        return "goal"
    if cls in (GG.Council, GG.ExecutiveBoard, GG.WorkingCommittee, GG.ExecutiveOffice,
               GG.DraftingCommittee, GG.Board, GG.Body, GG.ExternalOrganization):  # fmt: skip
        return "body"
    return str(cls).split("#")[-1].lower()


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    offset = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        if raw.strip():
            out.append(_Line(number, raw.rstrip(), offset, len(out)))
        offset += len(raw) + 1
    return out


def _headings(lines: Sequence[_Line]) -> list[str]:
    """For each line, the nearest heading above it ("" if none), in one pass."""
    out: list[str] = []
    heading = ""
    for line in lines:
        out.append(heading)
        if _is_heading(line.text):
            heading = line.text.strip(" -:")
    return out


def _is_heading(text: str) -> bool:
    text = text.strip()
    return (
        bool(text)
        and len(text) < 80
        and not text.endswith((".", "...", ","))
        and (text.startswith("- ") or text.endswith(":") or len(text.split()) <= 6)
    )


def _is_title(text: str) -> bool:
    text = text.strip()
    return 15 < len(text) < 120 and not _CASE.search(text) and not text.endswith(".")


def _sentence(text: str, at: int) -> str:
    """The sentence of ``text`` around position ``at`` (verbatim)."""
    start = max(text.rfind(". ", 0, at) + 2, 0) if text.rfind(". ", 0, at) >= 0 else 0
    end = text.find(". ", at)
    return text[start : end + 1 if end >= 0 else len(text)].strip()


def _inside_other_body(text: str, match: re.Match[str]) -> bool:
    """ "KS" inside "KSAU" or "fullmäktige" inside "fullmäktigeberedning" is another body."""
    after = text[match.end() : match.end() + 10]
    return bool(re.match(r"[\wåäö]", after))


def _slugify(text: str) -> str:
    table = str.maketrans("åäöéü", "aaoeu")
    return re.sub(r"[^a-z0-9]+", "-", text.casefold().translate(table)).strip("-")


def _municipality_name(text: str) -> str | None:
    counts: dict[str, int] = {}
    for match in re.finditer(r"\b([A-ZÅÄÖ][a-zåäö]+?)s?\s+[Kk]ommuns?\b", text):
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def _document_year(text: str) -> int | None:
    case = _CASE.search(text)
    if case:
        return int(re.search(r"\d{4}", case.group(1)).group(0))  # type: ignore[union-attr]
    years = re.findall(r"\b(20\d{2})\b", text)
    return max(int(y) for y in years) if years else None


def _parse_day(text: str, year: int | None) -> dt.date | None:
    if re.fullmatch(_DATE, text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise _BadDateError(
                f"datumet {text!r} finns inte", f"the date {text!r} does not exist"
            ) from exc
    match = re.fullmatch(rf"(\d{{1,2}})\s+({_MONTH})\s+(\d{{4}})", text)
    if match:
        return _day_month(match.group(1), match.group(2), int(match.group(3)))
    return None


def _day_month(day: str, month: str, year: int | None) -> dt.date:
    if year is None:
        raise _BadDateError(
            f"dokumentet anger inget år för datumet {day} {month}",
            f"the document gives no year for the date {day} {month}",
        )
    try:
        return dt.date(year, MONTHS[month[:3].casefold()], int(day))
    except ValueError as exc:
        raise _BadDateError(
            f"datumet {day} {month} {year} finns inte",
            f"the date {day} {month} {year} does not exist",
        ) from exc


def extract_text(
    text: str,
    slug: str,
    *,
    name: str | None = None,
    code: str | None = None,
    source: str = "text",
) -> Draft:
    """A draft graph from a goal document's text, for the municipality ``slug``.

    ``name`` is the municipality's name as the text writes it (found in the text otherwise),
    ``code`` its municipality code (documents rarely give it; without it the draft does not
    pass validation until a reviewer adds it). An empty text, or dates that do not exist, are
    an :class:`AuthoringError` naming ``source`` and the line.
    """
    text = text.replace("\r\n", "\n")
    if not text.strip():
        raise AuthoringError(
            [
                Issue(
                    source,
                    "dokumentet är tomt: det behövs måldokumentets text",
                    "the document is empty: the goal document's text is needed",
                )
            ]
        )
    extractor = _Extractor(text, slug, name, source, code)
    graph = extractor.run()
    return Draft(slug, graph, source, extractor.counts)


def extract_bytes(
    data: bytes,
    source: str,
    slug: str,
    *,
    name: str | None = None,
    code: str | None = None,
    encoding: str | None = None,
) -> Draft:
    """A draft graph from a text given as bytes (UTF-8, UTF-16 with BOM, or ``encoding``).

    ``source`` is the file's name: the draft cites it and errors name it (with the line).
    """
    text = text_of(data, source, encoding)
    return extract_text(text, slug, name=name, code=code, source=source)


def extract_file(
    path: Path,
    slug: str,
    *,
    name: str | None = None,
    code: str | None = None,
    encoding: str | None = None,
) -> Draft:
    """A draft graph from a text file (UTF-8, UTF-16 with BOM, or ``encoding``)."""
    return extract_bytes(read_bytes(path), path.name, slug, name=name, code=code, encoding=encoding)


def promote(store: object, draft: Draft, *, replace: bool = False) -> object:
    """Store a reviewed draft as its municipality's graph, only if it passes validation.

    A municipality that already has a graph is replaced only with ``replace=True``.
    """
    from goalgraph.authoring.workbook import import_graph
    from goalgraph.namespaces import GRAPH
    from goalgraph.store.oxigraph import Store

    if not isinstance(store, Store):
        raise TypeError("promote needs a goalgraph store")
    if str(GRAPH[draft.slug]) in store.named_graphs() and not replace:
        raise GoalgraphError(
            f"{draft.slug} already has a graph; review the draft and import it through the "
            "template, or pass replace=True / kommunen har redan en graf"
        )
    return import_graph(store, draft.slug, draft.graph)


# --- measuring a draft against a hand-made graph ---------------------------------------------


@dataclass(frozen=True)
class Score:
    """Precision and recall of one kind of statement."""

    kind: str
    extracted: int
    reference: int
    matched: int

    @property
    def precision(self) -> float:
        """Matched extracted items / extracted items (1 when nothing was extracted)."""
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        """Matched reference items / reference items (1 when the reference has none)."""
        return self.matched / self.reference if self.reference else 1.0


@dataclass
class Evaluation:
    """How a draft compares with a hand-made graph, per kind and overall."""

    scores: dict[str, Score]
    level_accuracy: float | None

    @property
    def total(self) -> Score:
        """Micro-averaged over every kind."""
        return Score(
            "all",
            sum(s.extracted for s in self.scores.values()),
            sum(s.reference for s in self.scores.values()),
            sum(s.matched for s in self.scores.values()),
        )


_BODY_CLASSES = (GG.Council, GG.ExecutiveBoard, GG.WorkingCommittee, GG.ExecutiveOffice,
                 GG.DraftingCommittee, GG.Board, GG.SubCommittee, GG.MunicipalCompany,
                 GG.Administration, GG.OperationalUnit, GG.JointBody, GG.Body,
                 GG.ExternalOrganization)  # fmt: skip


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\wåäö ]+", " ", text.casefold()).split())


def _sv(graph: Graph, node: Node, prop: URIRef = SKOS.prefLabel) -> list[str]:
    return [str(o) for o in graph.objects(node, prop) if getattr(o, "language", None) == "sv"]


def _classes(graph: Graph, node: Node | None) -> set[Node]:
    if node is None:
        return set()
    return set(graph.objects(node, RDF.type)) & set(_BODY_CLASSES)


def _pair(
    extracted: Sequence[T], reference: Sequence[T], same: Callable[[T, T], bool]
) -> list[tuple[T, T]]:
    """Greedy one-to-one matching with a predicate ``same(extracted, reference)``."""
    pairs: list[tuple[T, T]] = []
    used: set[int] = set()
    for item in extracted:
        for position, other in enumerate(reference):
            if position not in used and same(item, other):
                used.add(position)
                pairs.append((item, other))
                break
    return pairs


def evaluate(draft: Graph, reference: Graph) -> Evaluation:
    """Precision and recall of a draft's goals, decisions, case numbers, bodies and dated
    process steps against a hand-made graph, and how often a matched goal's level kind agrees.

    Goals match when their Swedish labels agree (after case and punctuation; difflib ratio at
    least 0.9); decisions on date and the deciding body's class; bodies on class and a shared
    stemmed word of their names; steps on date and, where both name one, the performer's class.
    """
    from difflib import SequenceMatcher

    from goalgraph.authoring.suggest import stem, tokens

    scores: dict[str, Score] = {}

    def goals(graph: Graph) -> list[tuple[str, Node]]:
        nodes = [n for cls in (GG.Vision, GG.Goal) for n in graph.subjects(RDF.type, cls)]
        return [(_norm(label), n) for n in nodes for label in _sv(graph, n)[:1]]

    ext_goals, ref_goals = goals(draft), goals(reference)
    matched = _pair(ext_goals, ref_goals,
                    lambda a, b: SequenceMatcher(None, a[0], b[0]).ratio() >= 0.9)  # fmt: skip
    scores["goals"] = Score("goals", len(ext_goals), len(ref_goals), len(matched))
    agree = 0
    for (_, a), (_, b) in matched:
        kind_a = draft.value(draft.value(a, GG.atLevel), GG.levelKind)
        kind_b = reference.value(reference.value(b, GG.atLevel), GG.levelKind)
        agree += kind_a is not None and kind_a == kind_b
    level_accuracy = agree / len(matched) if matched else None

    def decisions(graph: Graph) -> list[tuple[str, set[Node]]]:
        return [(str(graph.value(d, DCTERMS.date)), _classes(graph, graph.value(d, GG.decidedBy)))
                for d in graph.subjects(RDF.type, GG.Decision)]  # fmt: skip

    ext, ref = decisions(draft), decisions(reference)
    pairs = _pair(ext, ref, lambda a, b: a[0] == b[0] and bool(a[1] & b[1]))
    scores["decisions"] = Score("decisions", len(ext), len(ref), len(pairs))

    ext_cases = sorted({_norm(str(c)) for c in draft.objects(None, GG.caseNumber)})
    ref_cases = sorted({_norm(str(c)) for c in reference.objects(None, GG.caseNumber)})
    scores["case numbers"] = Score(
        "case numbers", len(ext_cases), len(ref_cases), len(set(ext_cases) & set(ref_cases))
    )

    def bodies(graph: Graph) -> list[tuple[set[Node], set[str]]]:
        out = []
        for node in {n for c in _BODY_CLASSES for n in graph.subjects(RDF.type, c)}:
            names = _sv(graph, node) + _sv(graph, node, SKOS.altLabel)
            words = {stem(w, "sv") for name in names for w in tokens(name)
                     if len(w) > 3 and w not in ("kommunens", "kommun")}  # fmt: skip
            out.append((_classes(graph, node), words))
        return out

    ext_b, ref_b = bodies(draft), bodies(reference)
    body_pairs = _pair(ext_b, ref_b, lambda a, b: bool(a[0] & b[0]) and bool(a[1] & b[1]))
    scores["bodies"] = Score("bodies", len(ext_b), len(ref_b), len(body_pairs))

    def steps(graph: Graph) -> list[tuple[str, set[Node]]]:
        dated = [
            s
            for s in graph.subjects(RDF.type, GG.ProcessStep)
            if graph.value(s, GG.plannedDate) is not None
        ]
        return [
            (str(graph.value(s, GG.plannedDate)), _classes(graph, graph.value(s, GG.performedBy)))
            for s in dated
        ]

    ext_s, ref_s = steps(draft), steps(reference)
    pairs = _pair(
        ext_s, ref_s, lambda a, b: a[0] == b[0] and (not a[1] or not b[1] or bool(a[1] & b[1]))
    )
    scores["dated steps"] = Score("dated steps", len(ext_s), len(ref_s), len(pairs))
    return Evaluation(scores, level_accuracy)
