"""Dated process steps: a timetable (``Tidsplan``) and dated sentences (``i december 2021``).

Timetable lines (``KSAU 28 aug – ramar och upplägg``, ``KS 6 nov, KF 25 nov``, ``December,
…``) become ordered steps of a process, with the year taken from the document and the body
that performs them; sentences dated to a month (``i oktober 2022``) become steps of a process
of dated events. A day that does not exist is an issue naming the line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from goalgraph.authoring.extraction.decisions import BODIES, slugify
from goalgraph.authoring.extraction.decisions import sentence as sentence_of
from goalgraph.dates import MONTHS
from goalgraph.namespaces import GG

if TYPE_CHECKING:
    from goalgraph.authoring.extraction.draft import Builder

__all__ = ["add_steps"]

_MONTH = (
    r"(?:jan(?:uari)?|feb(?:ruari)?|mars?|apr(?:il)?|maj|juni?|juli?|aug(?:usti)?"
    r"|sep(?:tember)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_TIMETABLE_BODY = {"KSAU": "body-ksau", "KS": "body-ks", "KF": "body-kf"}


def add_steps(self: Builder) -> None:
    """Add the document's timetables and dated sentences to the draft as process steps."""
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
                self.day(line, alternative.group(1), alternative.group(2)) if alternative else None
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
                    local = "body-" + slugify(match.group("body"))
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
            sentence = sentence_of(line.text, match.start())
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
