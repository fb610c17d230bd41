"""The municipality's own assessments (``gg:Assessment``): a goal judged in words for a period
("målet bedöms delvis uppnått", with its motivation), a level or a whole set of goals counted
("8 av 30 delmål uppfyllda"). Two different assessments of one thing for one period are both
kept and shown as a conflict, never one of them silently."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from goalgraph.lifecycle.rules import concept_label, literal_text
from goalgraph.namespaces import GG


@dataclass(frozen=True)
class Assessment:
    """One assessment as the data states it."""

    iri: str
    subject: str
    subject_label: str
    period: str
    year: int | None
    status: str | None
    trend: str | None
    assessed: int | None
    achieved: int | None
    partly: int | None
    not_achieved: int | None
    motivation_sv: str | None
    motivation_en: str | None
    source: str | None

    def judgement(self) -> tuple[object, ...]:
        """What the assessment says (two that say the same do not conflict)."""
        return (
            self.status,
            self.trend,
            self.assessed,
            self.achieved,
            self.partly,
            self.not_achieved,
        )

    def motivation(self, lang: str) -> str | None:
        """The motivation in ``lang``, else Swedish."""
        return (self.motivation_en if lang == "en" else None) or self.motivation_sv

    def summary(self, lang: str) -> str:
        """The judgement in words: the status or trend, and the counts."""
        parts = []
        for concept in (self.status, self.trend):
            if concept is not None:
                parts.append(concept_label(URIRef(concept), lang) or concept)
        if self.assessed is not None:
            counts = (
                ("uppnådda", "achieved", self.achieved),
                ("delvis uppnådda", "partly achieved", self.partly),
                ("inte uppnådda", "not achieved", self.not_achieved),
            )
            of = "av" if lang == "sv" else "of"
            parts.extend(
                f"{n} {of} {self.assessed} {sv if lang == 'sv' else en}"
                for sv, en, n in counts
                if n is not None
            )
        return "; ".join(parts)


def _int(node: Node | None) -> int | None:
    if isinstance(node, Literal):
        value = node.toPython()
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    return None


def _source(graph: Graph, node: Node) -> str | None:
    source = graph.value(node, DCTERMS.source)
    if source is None:
        return None
    if isinstance(source, URIRef):
        return literal_text(graph, source, SKOS.prefLabel) or str(source)
    return str(source)


def read_assessments(graph: Graph) -> list[Assessment]:
    """Every assessment in ``graph``, by what it assesses and its period."""
    out = []
    for node in graph.subjects(RDF.type, GG.Assessment):
        subject = graph.value(node, GG.assesses)
        period = graph.value(node, GG.assessedPeriod)
        if subject is None or period is None:
            continue
        text = str(period)
        status = graph.value(node, GG.status)
        trend = graph.value(node, GG.trend)
        label = literal_text(graph, subject, GG.shortLabel) or literal_text(
            graph, subject, SKOS.prefLabel
        )
        out.append(
            Assessment(
                str(node),
                str(subject),
                label or str(subject),
                text,
                int(text[:4]) if text[:4].isdigit() else None,
                None if status is None else str(status),
                None if trend is None else str(trend),
                _int(graph.value(node, GG.assessedCount)),
                _int(graph.value(node, GG.achievedCount)),
                _int(graph.value(node, GG.partlyAchievedCount)),
                _int(graph.value(node, GG.notAchievedCount)),
                _language(graph, node, "sv"),
                _language(graph, node, "en"),
                _source(graph, node),
            )
        )
    return sorted(out, key=lambda a: (a.subject, a.period, a.iri))


def _language(graph: Graph, node: Node, lang: str) -> str | None:
    return next(
        (
            str(o)
            for o in graph.objects(node, GG.motivation)
            if isinstance(o, Literal) and o.language == lang
        ),
        None,
    )


def of_year(assessments: list[Assessment], year: int | None) -> dict[str, list[Assessment]]:
    """Per assessed thing, its assessments of the latest period in ``year`` (e.g. the annual
    report's rather than the interim report's; without a year: of its latest period)."""
    by_subject: dict[str, list[Assessment]] = defaultdict(list)
    for assessment in assessments:
        if year is None or assessment.year == year:
            by_subject[assessment.subject].append(assessment)
    for subject, found in by_subject.items():
        latest = max(_end(a.period) for a in found)
        by_subject[subject] = [a for a in found if _end(a.period) == latest]
    return dict(by_subject)


def _end(period: str) -> str:
    """A period's text sortable by its end: a year ends after its months and days."""
    return period + "-99" * (3 - len(period.split("-")))


def conflicts(found: list[Assessment]) -> bool:
    """Whether assessments of one thing for one period say different things."""
    return len({a.judgement() for a in found}) > 1
