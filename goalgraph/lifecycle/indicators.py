"""Indicators, results and the computed status of each goal up the chain.

The rules are data (``gg:RollUpRule``): the nearest rule valid in the year applies, from the
element itself, its level or the governance model, else :data:`DEFAULT_RULE`. For a year, each
indicator's latest result up to that year is measured against its target as its target kind
says (:mod:`goalgraph.lifecycle.targets`); a level to reach uses the year's target (the staged
target for the result's year, else the target value):

- ``gg:RatioToTarget``: result / target (target / result when lower is better), at most 1;
- ``gg:ProgressFromBaseline``: (result - baseline) / (target - baseline), between 0 and 1.

What cannot be assessed (a comparison without the comparison value, two different results
for one period) has no attainment and says why. The municipality's own assessment of an
element for the year (:mod:`goalgraph.lifecycle.assessments`) gives its status in the rule's
scale; a rule may take its status only from assessments, and a scale defined in words (no
thresholds) has no computed status. A trend scale shows the direction of the latest results.

A goal's attainment combines its indicators and the elements that support it, weighted by
``gg:hasWeighting`` (weight 1 otherwise), with the rule's ``gg:aggregation``
(``gg:WeightedMean`` or ``gg:WorstOf``); parts without data are left out. The status is the
rule's band (``gg:hasBand``) with the highest ``gg:minAttainment`` reached, e.g. "partly
achieved" from 80 %; without data it is ``gg:NoData``.

The results themselves (:class:`IndicatorResult`, :class:`GoalResult`, :class:`StatusReport`)
are in :mod:`goalgraph.lifecycle.status`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS
from rdflib.term import Node

from goalgraph.authoring.workbook import municipality_graph_of
from goalgraph.diagrams import style
from goalgraph.diagrams.chain import chain_diagram
from goalgraph.errors import NotFoundError
from goalgraph.lifecycle import status_text
from goalgraph.lifecycle.assessments import Assessment, conflicts, of_year, read_assessments
from goalgraph.lifecycle.periods import Interval, element_interval, literal_bounds, period_interval
from goalgraph.lifecycle.rules import (
    DEFAULT_RULE,
    Band,
    Rule,
    literal_float,
    literal_text,
    rule_for,
)
from goalgraph.lifecycle.status import GoalResult, IndicatorResult, Part, StatusReport
from goalgraph.lifecycle.targets import attainment_of, evaluate, read_target, trend_of
from goalgraph.model.reader import read_municipality, read_sdg_goals
from goalgraph.namespaces import GG, municipality_iri
from goalgraph.store.protocol import Store
from goalgraph.texts import strings


def _year(node: Node | None) -> int | None:
    bounds = literal_bounds(node)
    return bounds[0].year if bounds else None


def indicator_result(
    graph: Graph, indicator: Node, year: int | None, method: str
) -> IndicatorResult:
    """The indicator's latest result up to ``year`` (any year for ``None``), measured against
    its target as the target kind says; two different results for that period are kept as a
    conflict, without attainment."""
    results = []
    for result in graph.objects(indicator, GG.hasResult):
        period = graph.value(result, GG.period)
        ry = _year(period)
        value = literal_float(graph.value(result, GG.measuredValue))
        if ry is None or value is None or (year is not None and ry > year):
            continue
        results.append((str(period), ry, value, result))
    target = read_target(graph, indicator)
    label = literal_text(graph, indicator, SKOS.prefLabel) or str(indicator)
    unit = graph.value(indicator, GG.unit)
    kolada = graph.value(indicator, GG.koladaId)
    unit_text = None if unit is None else str(unit)
    kolada_text = None if kolada is None else str(kolada)
    kind = graph.value(indicator, GG.targetKind)
    kind_text = None if kind is None else str(kind)
    if not results:
        return IndicatorResult(
            str(indicator),
            label,
            unit_text,
            kolada_text,
            None,
            None,
            target.value if year is None else target.value_for(year),
            target.baseline,
            None,
            None,
            None,
            kind_text,
        )
    period_text, ry, value, node = max(results, key=lambda r: (r[1], r[0], r[2]))
    same_period = sorted({r[2] for r in results if r[0] == period_text})
    by_year = {r[1]: r[2] for r in sorted(results, key=lambda r: r[0])}
    reference = literal_float(graph.value(node, GG.referenceValue))
    evaluation = evaluate(target, value, ry, method, reference, by_year)
    conflict = tuple(same_period) if len(same_period) > 1 else ()
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
        evaluation.target,
        target.baseline,
        None if conflict else evaluation.attainment,
        source_text,
        None if retrieved is None else str(retrieved),
        kind_text,
        reference,
        trend_of(by_year, year, target.lower_is_better),
        evaluation.open_sv,
        evaluation.open_en,
        conflict,
    )


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
        rule = rule_for(graph, element, year)
        weighted = weights(element)
        parts: list[Part] = []
        trends: list[str | None] = []
        for indicator in sorted(graph.objects(element, GG.hasIndicator), key=str):
            result = indicator_result(graph, indicator, year, rule.attainment)
            report.indicators.setdefault(result.iri, result)
            trends.append(result.trend)
            parts.append(
                Part(result.iri, "indicator", weighted.get(indicator, 1.0), result.attainment)
            )
        for child in sorted(graph.subjects(GG.supports, element), key=str):
            if child in path or child not in elements_set:
                continue
            below = compute(child, path | {element})
            trends.append(below.trend)
            parts.append(Part(str(child), "element", weighted.get(child, 1.0), below.attainment))
        # where the status is the municipality's judgement, goalgraph computes no share of it
        attainment = None if rule.from_assessment else _combine(parts, rule.aggregation)
        own = tuple(assessed.get(str(element), ()))
        band, note = _band(rule, attainment, own, _majority(trends), year)
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
            _majority(trends),
            own,
            note[0] if note else None,
            note[1] if note else None,
        )
        cache[element] = goal
        return goal

    assessed = of_year(read_assessments(graph), year)
    elements_set = set(elements)
    for element in elements:
        compute(element, frozenset())
    report.goals = sorted(cache.values(), key=lambda g: (g.rank, g.number or "", g.iri))
    chain = {str(e) for e in elements_set}
    report.set_assessments = [
        a for subject, found in sorted(assessed.items()) if subject not in chain for a in found
    ]
    return report


def _band(
    rule: Rule,
    attainment: float | None,
    assessments: tuple[Assessment, ...],
    trend: str | None,
    year: int | None,
) -> tuple[Band, tuple[str, str] | None]:
    """The element's band and, where the status is not computed, why (Swedish, English).

    The municipality's own assessment for the year gives the status in the rule's scale; two
    that differ give none. Otherwise a rule that takes its status from assessments has none, a
    trend scale shows the trend, and a scale defined in words cannot place a computed value.
    """
    if conflicts(list(assessments)):
        w_sv, w_en = strings("sv")["status"], strings("en")["status"]
        return rule.no_data, (w_sv["two_assessments"], w_en["two_assessments"])
    if assessments:
        first = assessments[0]
        if first.status is not None:
            return rule.band_of_status(first.status), None
        if first.trend is not None:
            return rule.band_of_trend(first.trend), None
    when_sv = f" för {year}" if year is not None else ""
    when_en = f" for {year}" if year is not None else ""
    if rule.from_assessment:
        return rule.no_data, (f"ingen bedömning{when_sv}", f"no assessment{when_en}")
    if rule.is_trend_scale:
        return rule.band_of_trend(trend), None
    if not rule.has_thresholds and rule.bands:
        return rule.no_data, (
            "skalan är definierad i ord och har inga gränser; status ges av en bedömning",
            "the scale is defined in words and has no thresholds; an assessment gives the status",
        )
    return rule.band(attainment), None


def _majority(trends: Iterable[str | None]) -> str | None:
    """The direction most of the parts move in ("the more indicators point the right way")."""
    score = {str(GG.TowardsTarget): 1, str(GG.NoChange): 0, str(GG.AwayFromTarget): -1}
    known = [score[t] for t in trends if t in score]
    if not known:
        return None
    total = sum(known)
    if total > 0:
        return str(GG.TowardsTarget)
    return str(GG.AwayFromTarget) if total < 0 else str(GG.NoChange)


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
        note = f" ({goal.note(lang)})" if goal.note(lang) else ""
        share = status_text.percent(goal.attainment)
        diagram.node(
            style.node_id(goal.iri),
            fillcolor=goal.band.colour,
            fontcolor=style.text_colour(goal.band.colour),
            tooltip=f"{goal.band.label(lang)}: {share} – {goal.label}{note}",
        )
    return str(diagram.source)


__all__ = [
    "DEFAULT_RULE",
    "Assessment",
    "Band",
    "GoalResult",
    "IndicatorResult",
    "Rule",
    "StatusReport",
    "attainment_of",
    "compute_status",
    "indicator_result",
    "status_colours",
    "status_diagram",
]
