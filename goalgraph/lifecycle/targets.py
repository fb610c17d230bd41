"""Targets as municipalities write them: how a result is measured against its indicator's target.

The target kind (``gg:targetKind``) says how the target value is read; without one it is a
level to reach (``gg:LevelTarget``). For a result of a year:

- a level to reach and a yearly target (``gg:RecurringTarget``): the year's staged target, else
  the target value, by the rule's attainment method;
- a ceiling (``gg:CeilingTarget``) and a ranking place (``gg:RankingTarget``): achieved at or
  below the target value, else target / value;
- a comparison with others (``gg:ComparativeTarget``): achieved when the value is better than
  the comparison group's (``gg:referenceValue`` on the result); without that value it cannot be
  assessed, and :class:`Evaluation` says what is missing;
- a change from a baseline year (``gg:RelativeTarget``): the baseline year's result (else the
  baseline value) changed by ``gg:relativeChange``, or just bettered when no change is given;
- a milestone (``gg:MilestoneTarget``): a result of 1 is done; 0 is not achieved from the
  target year on, and not yet due before it.

A staged target for the result's year is a level to reach in that year, whatever the kind.

Where a target is not reached, the attainment is the share of the way (below 1), so a rule's
bands still apply.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.namespace import SKOS
from rdflib.term import Node

from goalgraph.lifecycle.rules import concept_label, literal_float, literal_text
from goalgraph.namespaces import GG

#: Below this, "not better than the comparison" stays below achieved.
_NOT_QUITE = 0.99


@dataclass(frozen=True)
class Evaluation:
    """A result measured against its target: the target value for the year and the attainment,
    or why it cannot be assessed (``open_sv``/``open_en``)."""

    target: float | None
    attainment: float | None
    open_sv: str | None = None
    open_en: str | None = None


@dataclass(frozen=True)
class Target:
    """An indicator's target as the data states it."""

    kind: str
    value: float | None
    year: int | None
    baseline: float | None
    baseline_year: int | None
    change: float | None
    higher_is_better: bool
    group_sv: str | None
    group_en: str | None
    staged: dict[int, float]

    @property
    def lower_is_better(self) -> bool:
        """Whether a lower value is the better one for this target."""
        if self.kind in (str(GG.CeilingTarget), str(GG.RankingTarget)):
            return True
        if self.kind == str(GG.RelativeTarget) and self.change is not None and self.change != 0:
            return self.change < 0
        return not self.higher_is_better

    def value_for(self, year: int) -> float | None:
        """The target value for ``year``: its staged target, else the target value."""
        return self.staged.get(year, self.value)


def _year(node: Node | None) -> int | None:
    text = str(node) if isinstance(node, Literal) else ""
    return int(text[:4]) if text[:4].isdigit() else None


def read_target(graph: Graph, indicator: Node) -> Target:
    """The target of ``indicator``."""
    kind = graph.value(indicator, GG.targetKind)
    higher = graph.value(indicator, GG.higherIsBetter)
    group = graph.value(indicator, GG.comparedWith)
    staged: dict[int, float] = {}
    for stage in graph.objects(indicator, GG.hasStagedTarget):
        year = _year(graph.value(stage, GG.stageYear))
        value = literal_float(graph.value(stage, GG.stageValue))
        if year is not None and value is not None:
            staged[year] = value
    return Target(
        str(kind) if kind is not None else str(GG.LevelTarget),
        literal_float(graph.value(indicator, GG.targetValue)),
        _year(graph.value(indicator, GG.targetYear)),
        literal_float(graph.value(indicator, GG.baselineValue)),
        _year(graph.value(indicator, GG.baselineYear)),
        literal_float(graph.value(indicator, GG.relativeChange)),
        not (isinstance(higher, Literal) and higher.toPython() is False),
        _group_label(graph, group, "sv"),
        _group_label(graph, group, "en"),
        staged,
    )


def _group_label(graph: Graph, group: Node | None, lang: str) -> str | None:
    if group is None:
        return None
    return literal_text(graph, group, SKOS.prefLabel, lang) or concept_label(group, lang)


def attainment_of(
    value: float,
    target: float | None,
    baseline: float | None,
    higher_is_better: bool,
    method: str,
) -> float | None:
    """Attainment between 0 and 1 by the rule's method; ``None`` without a target.

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


def _better_than(value: float, reference: float, lower: bool) -> float:
    """1 when ``value`` is better than ``reference``, else how close it comes (below 1)."""
    if (value < reference) if lower else (value > reference):
        return 1.0
    ratio = attainment_of(value, reference, None, not lower, str(GG.RatioToTarget)) or 0.0
    return min(ratio, _NOT_QUITE)


def evaluate(
    target: Target,
    value: float,
    year: int,
    method: str,
    reference: float | None,
    results: dict[int, float],
) -> Evaluation:
    """Measure ``value`` (the result of ``year``) against ``target``; ``reference`` is the
    comparison group's value of that result, ``results`` the indicator's results by year."""
    kind = target.kind
    lower = target.lower_is_better
    staged = kind in (str(GG.ComparativeTarget), str(GG.RelativeTarget), str(GG.MilestoneTarget))
    if staged and year in target.staged:
        kind = str(GG.LevelTarget)
    if kind in (str(GG.CeilingTarget), str(GG.RankingTarget)):
        limit = target.value_for(year)
        if limit is None:
            return Evaluation(None, None, "målvärde saknas", "no target value")
        return Evaluation(limit, 1.0 if value <= limit else (limit / value if value else 1.0))
    if kind == str(GG.ComparativeTarget):
        if reference is None:
            group_sv = target.group_sv or "jämförelsegruppens värde"
            group_en = target.group_en or "comparison group's value"
            return Evaluation(
                None,
                None,
                f"kan inte bedömas utan {group_sv} för {year}",
                f"cannot be assessed without the {group_en} for {year}",
            )
        return Evaluation(reference, _better_than(value, reference, lower))
    if kind == str(GG.RelativeTarget):
        base_year = target.baseline_year
        base = results.get(base_year) if base_year is not None else None
        if base is None and target.baseline is not None:
            base = target.baseline
        if base is None:
            when_sv = f"utgångsåret {base_year}" if base_year else "utgångsåret"
            when_en = f"the baseline year {base_year}" if base_year else "the baseline year"
            return Evaluation(
                None,
                None,
                f"kan inte bedömas utan värdet för {when_sv}",
                f"cannot be assessed without the value for {when_en}",
            )
        if target.change is None:
            return Evaluation(base, _better_than(value, base, lower))
        goal = base * (1 + target.change)
        return Evaluation(goal, attainment_of(value, goal, base, not lower, method))
    if kind == str(GG.MilestoneTarget):
        if value >= 1:
            return Evaluation(1.0, 1.0)
        if target.year is not None and year < target.year:
            return Evaluation(
                1.0,
                None,
                f"ska vara klart {target.year}; inte klart {year}",
                f"due in {target.year}; not done in {year}",
            )
        return Evaluation(1.0, 0.0)
    goal_value = target.value_for(year)
    attainment = attainment_of(value, goal_value, target.baseline, not lower, method)
    if attainment is None:
        return Evaluation(None, None, "målvärde saknas", "no target value")
    return Evaluation(goal_value, attainment)


def trend_of(results: dict[int, float], year: int | None, lower: bool) -> str | None:
    """The trend (a ``gg:Trend`` IRI) of the last two results up to ``year``, if there are two."""
    years = sorted(y for y in results if year is None or y <= year)
    if len(years) < 2:
        return None
    latest, before = results[years[-1]], results[years[-2]]
    if latest == before:
        return str(GG.NoChange)
    better = latest < before if lower else latest > before
    return str(GG.TowardsTarget if better else GG.AwayFromTarget)
