"""Indicators, results and the computed status of each goal up the chain.

The rules are data (``gg:RollUpRule``): the nearest rule applies, from the element itself, its
level or the governance model, else :data:`DEFAULT_RULE`. For a year, each indicator's latest
result up to that year is compared with the year's target (the staged target for the result's
year, else the target value):

- ``gg:RatioToTarget``: result / target (target / result when lower is better), at most 1;
- ``gg:ProgressFromBaseline``: (result - baseline) / (target - baseline), between 0 and 1.

A goal's attainment combines its indicators and the elements that support it, weighted by
``gg:hasWeighting`` (weight 1 otherwise), with the rule's ``gg:aggregation``
(``gg:WeightedMean`` or ``gg:WorstOf``); parts without data are left out. The status is the
rule's band (``gg:hasBand``) with the highest ``gg:minAttainment`` reached, e.g. "partly
achieved" from 80 %; without data it is ``gg:NoData``.

One thing over 400 lines: the computation of a goal's status from its rule, its results
and the elements that support it, with the diagram that shows it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from goalgraph.authoring.workbook import municipality_graph_of
from goalgraph.diagrams import style
from goalgraph.diagrams.chain import chain_diagram
from goalgraph.errors import NotFoundError
from goalgraph.lifecycle.periods import Interval, element_interval, literal_bounds, period_interval
from goalgraph.lifecycle.rules import (
    DEFAULT_RULE,
    Band,
    Rule,
    literal_float,
    literal_text,
    rule_for,
)
from goalgraph.model.reader import read_municipality, read_sdg_goals
from goalgraph.namespaces import GG, municipality_iri
from goalgraph.store.protocol import Store
from goalgraph.texts import strings

__all__ = [
    "DEFAULT_RULE",
    "Band",
    "GoalResult",
    "IndicatorResult",
    "Rule",
    "StatusReport",
    "compute_status",
    "status_colours",
]


@dataclass(frozen=True)
class IndicatorResult:
    """An indicator's latest result up to the year, its target then and its attainment."""

    iri: str
    label: str
    unit: str | None
    kolada: str | None
    period: str | None
    value: float | None
    target: float | None
    baseline: float | None
    attainment: float | None
    source: str | None
    retrieved: str | None


@dataclass(frozen=True)
class Part:
    """One part of a goal's roll-up: an indicator or an element below, with its weight."""

    iri: str
    kind: str  # "indicator" or "element"
    weight: float
    attainment: float | None


@dataclass(frozen=True)
class GoalResult:
    """The computed status of one chain element."""

    iri: str
    label: str
    number: str | None
    level: str | None
    rank: int
    attainment: float | None
    status: str
    band: Band
    rule: str | None
    parts: tuple[Part, ...]


@dataclass
class StatusReport:
    """The status of every chain element of a municipality for a year."""

    municipality: str
    year: int | None
    goals: list[GoalResult] = field(default_factory=list)
    indicators: dict[str, IndicatorResult] = field(default_factory=dict)

    def goal(self, iri: str) -> GoalResult:
        """The result of one element."""
        for goal in self.goals:
            if goal.iri == iri:
                return goal
        raise NotFoundError(f"no status for {iri}")

    def to_json(self) -> dict[str, Any]:
        """A JSON-serialisable form."""
        return {
            "municipality": self.municipality,
            "year": self.year,
            "goals": [asdict(g) for g in self.goals],
            "indicators": [asdict(i) for i in self.indicators.values()],
        }

    def to_markdown(self, lang: str = "sv") -> str:
        """A report: one row per element, then the indicators with their sources."""
        w = strings(lang)["status"]
        year = self.year if self.year is not None else w["latest"]
        lines = [
            f"# {w['title']} – {year}",
            "",
            f"| {w['goal']} | {w['level']} | {w['status']} | {w['attainment']} |",
            "| --- | --- | --- | --- |",
        ]
        for goal in self.goals:
            name = f"{goal.number}: {goal.label}" if goal.number else goal.label
            lines.append(
                f"| {_cell(name)} | {_cell(goal.level or '')} | {goal.band.label(lang)} "
                f"| {_percent(goal.attainment)} |"
            )
        lines += [
            "",
            f"## {w['indicators']}",
            "",
            f"| {w['indicator']} | {w['period']} | {w['value']} | {w['target']} "
            f"| {w['attainment']} | {w['source']} |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for ind in sorted(self.indicators.values(), key=lambda i: i.label):
            source = ind.source or ""
            if ind.retrieved:
                source += f" ({w['retrieved']} {ind.retrieved})"
            if ind.kolada:
                source += f" [Kolada {ind.kolada}]"
            lines.append(
                f"| {_cell(ind.label)} | {ind.period or '–'} | {_number(ind.value, ind.unit)} "
                f"| {_number(ind.target, ind.unit)} | {_percent(ind.attainment)} "
                f"| {_cell(source.strip()) or '–'} |"
            )
        return "\n".join(lines) + "\n"

    def to_text(self, lang: str = "sv") -> str:
        """A plain-text list of the elements and their status."""
        w = strings(lang)["status"]
        year = self.year if self.year is not None else w["latest"]
        lines = [f"{w['title']} – {year}"]
        for goal in self.goals:
            name = f"{goal.number}: {goal.label}" if goal.number else goal.label
            lines.append(f"  [{goal.band.label(lang)}] {_percent(goal.attainment):>6}  {name}")
        return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"


def _number(value: float | None, unit: str | None) -> str:
    if value is None:
        return "–"
    text = f"{value:g}"
    return f"{text} {unit}" if unit and unit not in ("procent", "percent") else text


# --- indicators --------------------------------------------------------------------------------


def _year(node: Node | None) -> int | None:
    bounds = literal_bounds(node)
    return bounds[0].year if bounds else None


def indicator_result(
    graph: Graph, indicator: Node, year: int | None, method: str
) -> IndicatorResult:
    """The indicator's latest result up to ``year`` (any year for ``None``) and its attainment."""
    results = []
    for result in graph.objects(indicator, GG.hasResult):
        period = graph.value(result, GG.period)
        ry = _year(period)
        value = literal_float(graph.value(result, GG.measuredValue))
        if ry is None or value is None or (year is not None and ry > year):
            continue
        results.append((str(period), ry, value, result))
    baseline = literal_float(graph.value(indicator, GG.baselineValue))
    label = literal_text(graph, indicator, SKOS.prefLabel) or str(indicator)
    unit = graph.value(indicator, GG.unit)
    kolada = graph.value(indicator, GG.koladaId)
    unit_text = None if unit is None else str(unit)
    kolada_text = None if kolada is None else str(kolada)
    if not results:
        return IndicatorResult(
            str(indicator),
            label,
            unit_text,
            kolada_text,
            None,
            None,
            None,
            baseline,
            None,
            None,
            None,
        )
    period_text, ry, value, node = max(results, key=lambda r: (r[1], r[0]))
    target = _target(graph, indicator, ry)
    higher = graph.value(indicator, GG.higherIsBetter)
    higher_is_better = not (isinstance(higher, Literal) and higher.toPython() is False)
    attainment = attainment_of(value, target, baseline, higher_is_better, method)
    source = graph.value(node, DCTERMS.source)
    source_text = None
    if source is not None:
        source_text = (
            literal_text(graph, source, SKOS.prefLabel) or str(source)
            if isinstance(source, URIRef)
            else str(source)
        )
    retrieved = graph.value(node, GG.retrieved)
    return IndicatorResult(
        str(indicator),
        label,
        unit_text,
        kolada_text,
        period_text,
        value,
        target,
        baseline,
        attainment,
        source_text,
        None if retrieved is None else str(retrieved),
    )


def _target(graph: Graph, indicator: Node, year: int) -> float | None:
    for stage in graph.objects(indicator, GG.hasStagedTarget):
        if _year(graph.value(stage, GG.stageYear)) == year:
            return literal_float(graph.value(stage, GG.stageValue))
    return literal_float(graph.value(indicator, GG.targetValue))


def attainment_of(
    value: float,
    target: float | None,
    baseline: float | None,
    higher_is_better: bool,
    method: str,
) -> float | None:
    """Attainment between 0 and 1 (see the module docstring); ``None`` without a target.

    >>> attainment_of(80, 100, None, True, str(GG.RatioToTarget))
    0.8
    >>> attainment_of(4.5, 4.0, 5.0, False, str(GG.ProgressFromBaseline))
    0.5
    """
    if target is None:
        return None
    if method == str(GG.ProgressFromBaseline) and baseline is not None:
        if target == baseline:
            reached = value >= target if higher_is_better else value <= target
            return 1.0 if reached else 0.0
        share = (value - baseline) / (target - baseline)
    elif higher_is_better:
        share = value / target if target else (1.0 if value >= 0 else 0.0)
    else:
        share = target / value if value else 1.0
    return max(0.0, min(1.0, share))


# --- goals -------------------------------------------------------------------------------------


def _elements(graph: Graph, municipality: Node) -> list[Node]:
    classes = set(graph.transitive_subjects(RDFS.subClassOf, GG.ChainElement))
    classes |= {GG.ChainElement, GG.Vision, GG.Goal, GG.FocusArea, GG.Activity}
    found = {
        s
        for c in classes
        for s in graph.subjects(RDF.type, c)
        if (s, GG.municipality, municipality) in graph
    }
    return sorted(found, key=str)


def compute_status(graph: Graph, slug: str, year: int | None = None) -> StatusReport:
    """The status of every chain element of a municipality for ``year``: the elements valid
    in that year, each with the latest results up to it. Without a year: every element, with
    the latest results."""
    municipality = municipality_iri(slug)
    if (municipality, RDF.type, GG.Municipality) not in graph:
        raise NotFoundError(f"unknown municipality {slug!r}")
    elements = [
        e for e in _elements(graph, municipality) if year is None or _in_year(graph, e, year)
    ]
    report = StatusReport(str(municipality), year)
    cache: dict[Node, GoalResult] = {}

    def weights(element: Node) -> dict[Node, float]:
        out: dict[Node, float] = {}
        for node in graph.objects(element, GG.hasWeighting):
            child = graph.value(node, GG.weightOf)
            weight = literal_float(graph.value(node, GG.weight))
            if child is not None and weight is not None:
                out[child] = weight
        return out

    def compute(element: Node, path: frozenset[Node]) -> GoalResult:
        if element in cache:
            return cache[element]
        rule = rule_for(graph, element)
        weighted = weights(element)
        parts: list[Part] = []
        for indicator in sorted(graph.objects(element, GG.hasIndicator), key=str):
            result = indicator_result(graph, indicator, year, rule.attainment)
            report.indicators.setdefault(result.iri, result)
            parts.append(
                Part(result.iri, "indicator", weighted.get(indicator, 1.0), result.attainment)
            )
        for child in sorted(graph.subjects(GG.supports, element), key=str):
            if child in path or child not in elements_set:
                continue
            below = compute(child, path | {element})
            parts.append(Part(str(child), "element", weighted.get(child, 1.0), below.attainment))
        attainment = _combine(parts, rule.aggregation)
        band = rule.band(attainment)
        level = graph.value(element, GG.atLevel)
        rank = graph.value(level, GG.rank) if level is not None else None
        number = graph.value(element, DCTERMS.identifier)
        goal = GoalResult(
            str(element),
            literal_text(graph, element, SKOS.prefLabel) or str(element),
            None if number is None else str(number),
            None if level is None else literal_text(graph, level, SKOS.prefLabel),
            int(rank) if isinstance(rank, Literal) else 99,
            attainment,
            band.status,
            band,
            rule.iri,
            tuple(parts),
        )
        cache[element] = goal
        return goal

    elements_set = set(elements)
    for element in elements:
        compute(element, frozenset())
    report.goals = sorted(cache.values(), key=lambda g: (g.rank, g.number or "", g.iri))
    return report


def _in_year(graph: Graph, element: Node, year: int) -> bool:
    days = Interval(dt.date(year, 1, 1), dt.date(year, 12, 31))
    if not element_interval(graph, element).overlaps(days):
        return False
    periods = [period_interval(graph, p) for p in graph.objects(element, GG.validDuring)]
    return not periods or any(p.overlaps(days) for p in periods)


def _combine(parts: Iterable[Part], aggregation: str) -> float | None:
    known = [p for p in parts if p.attainment is not None and p.weight > 0]
    if not known:
        return None
    if aggregation == str(GG.WorstOf):
        return min(p.attainment for p in known if p.attainment is not None)
    total = sum(p.weight for p in known)
    return sum(p.weight * (p.attainment or 0.0) for p in known) / total


def status_colours(report: StatusReport) -> dict[str, str]:
    """Each element's status colour, for diagrams."""
    return {g.iri: g.band.colour for g in report.goals}


def status_diagram(store: Store, slug: str, year: int | None, lang: str = "sv") -> str:
    """The goal-chain diagram (DOT source) with each element filled in its status colour."""
    report = compute_status(municipality_graph_of(store, slug), slug, year)
    diagram = chain_diagram(read_municipality(store, slug, lang), read_sdg_goals(store, lang))
    for goal in report.goals:
        diagram.node(
            style.node_id(goal.iri),
            fillcolor=goal.band.colour,
            fontcolor=style.text_colour(goal.band.colour),
            tooltip=f"{goal.band.label(lang)}: {_percent(goal.attainment)} – {goal.label}",
        )
    return str(diagram.source)
