"""The status report in words: a Markdown report with the assessments and the indicators'
results and sources, and a plain-text list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import URIRef

from goalgraph.lifecycle.rules import concept_label
from goalgraph.namespaces import GG
from goalgraph.texts import strings

if TYPE_CHECKING:
    from goalgraph.lifecycle.indicators import IndicatorResult, StatusReport


def markdown(self: StatusReport, lang: str = "sv") -> str:
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
        status = goal.band.label(lang)
        if goal.note(lang):
            status += f" ({goal.note(lang)})"
        lines.append(
            f"| {_cell(name)} | {_cell(goal.level or '')} | {_cell(status)} "
            f"| {percent(goal.attainment)} |"
        )
    assessed = [a for g in self.goals for a in g.assessments] + self.set_assessments
    if assessed:
        lines += [
            "",
            f"## {w['assessments']}",
            "",
            f"| {w['assessed']} | {w['period']} | {w['judgement']} | {w['motivation']} "
            f"| {w['source']} |",
            "| --- | --- | --- | --- | --- |",
        ]
        for a in assessed:
            lines.append(
                f"| {_cell(a.subject_label)} | {a.period} | {_cell(a.summary(lang))} "
                f"| {_cell(a.motivation(lang) or '–')} | {_cell(a.source or '–')} |"
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
            f"| {_cell(ind.label)} | {ind.period or '–'} | {_value(ind, lang)} "
            f"| {_target(ind, lang)} | {_cell(_attained(ind, lang))} "
            f"| {_cell(source.strip()) or '–'} |"
        )
    return "\n".join(lines) + "\n"


def text(self: StatusReport, lang: str = "sv") -> str:
    """A plain-text list of the elements and their status."""
    w = strings(lang)["status"]
    year = self.year if self.year is not None else w["latest"]
    lines = [f"{w['title']} – {year}"]
    for goal in self.goals:
        name = f"{goal.number}: {goal.label}" if goal.number else goal.label
        note = f" ({goal.note(lang)})" if goal.note(lang) else ""
        lines.append(f"  [{goal.band.label(lang)}] {percent(goal.attainment):>6}  {name}{note}")
    assessed = [a for g in self.goals for a in g.assessments] + self.set_assessments
    if assessed:
        lines.append(f"{w['assessments']}:")
        for a in assessed:
            lines.append(f"  {a.period}  {a.subject_label}: {a.summary(lang)}")
    return "\n".join(lines) + "\n"


def _value(ind: IndicatorResult, lang: str) -> str:
    if ind.conflict:
        return " / ".join(_number(v, ind.unit) for v in ind.conflict)
    return _number(ind.value, ind.unit)


def _target(ind: IndicatorResult, lang: str) -> str:
    kind = ind.target_kind
    text = _number(ind.target, ind.unit)
    if kind is None or kind == str(GG.LevelTarget):
        return text
    label = concept_label(URIRef(kind), lang) or kind
    return label if ind.target is None else f"{label}: {text}"


def _attained(ind: IndicatorResult, lang: str) -> str:
    reason = ind.open(lang)
    if ind.conflict:
        reason = strings(lang)["status"]["two_results"]
    return percent(ind.attainment) if reason is None else f"– ({reason})"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def percent(value: float | None) -> str:
    return "–" if value is None else f"{round(value * 100)} %"


def _number(value: float | None, unit: str | None) -> str:
    if value is None:
        return "–"
    text = f"{value:g}"
    return f"{text} {unit}" if unit and unit not in ("procent", "percent") else text
