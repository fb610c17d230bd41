"""The facts of a draft besides its goals: case numbers, bodies, decisions, dates and periods.

Each is read from the document's lines as municipalities write them (:mod:`.decisions`,
:mod:`goalgraph.dates`) and added to the :class:`~.draft.Builder`'s graph with its passage.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS

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
from goalgraph.authoring.extraction.extracted import Extracted
from goalgraph.authoring.extraction.reading import Block
from goalgraph.dates import BadDateError, Found, date_literal, find_dates, find_periods
from goalgraph.namespaces import GG

if TYPE_CHECKING:
    from goalgraph.authoring.extraction.draft import Builder

__all__ = ["add_bodies", "add_case_numbers", "add_dates_and_periods", "add_decisions"]

#: A named committee: a compound on ``beredning`` or ``utskott`` (``Demokratiberedningen``,
#: ``verksamhetsutskottet``), a drafting committee named by its field (``Beredningen för
#: skolfrågor``), a board named by an adjective (``Sociala nämnden``).
_COMMITTEE = re.compile(
    r"\b(?P<compound>(?!(?:fullmäktige|arbets|politisk)(?:beredning|utskott))"
    r"[A-ZÅÄÖa-zåäö][a-zåäö]{2,}(?:beredning|utskott))(?:en|et|ens|ets)\b"
    r"|\b(?P<field>[Bb]eredningen för (?:[\wåäö]+- och )?[\wåäö]+frågor)\b"
    r"|\b(?P<adjective>[A-ZÅÄÖ][a-zåäö]+(?:ala|iska|ella)) nämnden\b"
)
#: ``för`` after ``beredningen``: the committee named by its field follows.
_NAMED_FOR = re.compile(r"\s+för\s+(?:[\wåäö]+- och )?[\wåäö]+frågor\b")
_EXTERNAL = re.compile(r"\b(?:projekt(?:et)?|nätverket)\s+((?:[A-ZÅÄÖ][\wåäö]+\s?){1,4})")


def add_case_numbers(self: Builder) -> None:
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


def add_bodies(self: Builder) -> None:
    for pattern, local, cls, label, _short in BODIES:
        flags = re.IGNORECASE if not re.search(r"[A-Z]{2}", pattern) else 0
        regex = re.compile(pattern, flags)
        for line in self.lines:
            match = regex.search(line.text)
            if match and local == "body-beredning":
                # "Beredningen för skolfrågor" is a named committee of its own (below)
                match = next((m for m in regex.finditer(line.text) if not _NAMED_FOR.match(
                    line.text, m.end())), None)  # fmt: skip
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
        for match in _COMMITTEE.finditer(line.text):
            name = _committee_name(match)
            local = "body-" + slugify(name)
            self.resource(local, GG.Body, name, sentence(line.text, match.start()), line, 0.6)
            self.bodies.add(local)
        for match in _EXTERNAL.finditer(line.text):
            name = match.group(1).strip()
            local = "body-" + slugify(name)
            self.resource(local, GG.ExternalOrganization, name, match.group(0).strip(), line, 0.5)
            self.bodies.add(local)


def add_decisions(self: Builder) -> None:
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
            body = self.body(decision.body) or body_named(self, decision, line)
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
        body = self.body(decision.body) or body_named(self, decision, line)
        if body is not None:
            self.graph.set((node, GG.decidedBy, body))


def body_named(self: Builder, decision: Decision, line: Block) -> URIRef | None:
    """The body a decision names, added to the draft when no other sentence named it."""
    known = next((b for b in BODIES if b[1] == decision.body), None)
    cls, label = (known[2], known[3]) if known else (GG.Board, decision.short)
    passage = sentence(line.text, decision.start)
    self.resource(decision.body, cls, label, passage, line, 0.8)
    self.bodies.add(decision.body)
    return self.ns[decision.body]


def add_dates_and_periods(self: Builder) -> None:
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


def _inside_other_body(text: str, match: re.Match[str]) -> bool:
    """ "KS" inside "KSAU" or "fullmäktige" inside "fullmäktigeberedning" is another body."""
    after = text[match.end() : match.end() + 10]
    return bool(re.match(r"[\wåäö]", after))


def _committee_name(match: re.Match[str]) -> str:
    """The name of a :data:`_COMMITTEE` match, capitalised and definite."""
    if match.group("compound"):
        name = match.group("compound")
        name += "et" if name.endswith("utskott") else "en"
    elif match.group("field"):
        name = match.group("field")
    else:
        name = f"{match.group('adjective')} nämnden"
    return name[:1].upper() + name[1:]
