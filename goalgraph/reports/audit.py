"""The auditor's report (granskning av målkedjan): summary, traffic lights, findings per goal
with the source passages, the goal chain and the rules reviewed."""

from __future__ import annotations

from collections.abc import Mapping

from goalgraph.diagrams import diagram_source
from goalgraph.model.governance import Element
from goalgraph.namespaces import GRAPH
from goalgraph.reports.common import Context
from goalgraph.reports.document import (
    Cell,
    Facts,
    Figure,
    Items,
    Paragraph,
    Quote,
    Report,
    Section,
    Table,
)
from goalgraph.validation.findings import Finding, Findings, finding_text, present, report_labels
from goalgraph.validation.graph import ValidationReport, validate_graph

#: The auditor's questions and the rules (shape ids) that answer each.
QUESTIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("q_measurable", ("A01", "M12")),
    ("q_owner", ("A02", "M10")),
    ("q_followup", ("A03",)),
    ("q_documents", ("A04",)),
    ("q_chain", ("M08", "I03", "I04", "M09")),
)
LIGHTS = {"ok": "#2e7d32", "warning": "#f2c94c", "error": "#c62828", "na": "#bdbdbd"}
_RANK = {"na": -1, "ok": 0, "warning": 1, "error": 2}


def municipality_report(ctx: Context) -> ValidationReport:
    """The validation of the municipality's graph with the audit rules."""
    return validate_graph(ctx.store.to_rdflib([str(GRAPH[ctx.slug])]), audit=True)


def _light(ctx: Context, element: Element, question: str, found: list[Finding]) -> str:
    level = ctx.model.level(element.level)
    if question == "q_measurable" and level is not None and level.indicators_here is not True:
        return "na" if not found else _worst(found)
    if question == "q_chain" and level is not None and level.is_top:
        return "na" if not found else _worst(found)
    return _worst(found) if found else "ok"


def _worst(found: list[Finding]) -> str:
    return "error" if any(f.severity == "Violation" for f in found) else "warning"


def build(ctx: Context, report: ValidationReport | None = None) -> Report:
    """The auditor's report of one municipality."""
    t = ctx.t
    report = report or municipality_report(ctx)
    findings = present(report, report_labels(ctx.store, report, ctx.lang), ctx.lang)
    by_subject: dict[str, list[Finding]] = {}
    for f in findings.items:
        by_subject.setdefault(f.subject.iri, []).append(f)
    goals = ctx.goals()
    lights = {e.iri: _lights(ctx, e, by_subject.get(e.iri, [])) for e in goals}
    sections = [
        _summary(ctx, goals, lights, findings),
        _traffic_lights(ctx, goals, lights),
        Section("findings", t["findings_per_goal"], new_page=True),
    ]
    quoted: dict[str, str] = {}  # passage -> the goal it was first quoted for
    for number, element in enumerate(goals, 1):
        found = by_subject.get(element.iri, [])
        sections.append(_goal_section(ctx, element, found, number, quoted))
    chain = diagram_source(ctx.store, "chain", ctx.slug, lang=ctx.lang, link_base=ctx.link_base)
    sections.append(
        Section("chain", t["chain"], [Figure(chain, t["chain_caption"])], new_page=True)
    )
    sections.append(_rules(ctx, findings))
    other = [f for f in findings.items if f.subject.iri not in lights]
    if other:
        sections[-1].blocks.append(
            Items(tuple(f"{f.subject.name}: {f.title} ({f.shape_id})" for f in other))
        )
    return Report(
        "audit",
        ctx.lang,
        t["audit_title"],
        t["audit_subtitle"],
        ctx.model.label,
        [ctx.model.label, t["generated"].format(date=ctx.date.isoformat())],
        sections,
        t,
    )


def _lights(ctx: Context, element: Element, found: list[Finding]) -> dict[str, str]:
    out = {
        q: _light(ctx, element, q, [f for f in found if f.shape_id in ids]) for q, ids in QUESTIONS
    }
    if any(f.severity == "Violation" for f in found):
        out["overall"] = "error"
    else:
        out["overall"] = max(out.values(), key=lambda v: _RANK[v])
        if out["overall"] == "na":
            out["overall"] = "warning" if found else "ok"
    return out


def _summary(
    ctx: Context,
    goals: list[Element],
    lights: Mapping[str, Mapping[str, str]],
    findings: Findings,
) -> Section:
    t = ctx.t
    levels = []
    for element in goals:
        label = ctx.level_label(element)
        if label not in levels:
            levels.append(label)
    overall = [lights[e.iri]["overall"] for e in goals]
    blocks: list[object] = [
        Paragraph(t["summary_goals"].format(n=len(goals), levels=", ".join(levels)), "lead"),
        Paragraph(
            t["summary_clean"].format(
                clean=overall.count("ok"),
                n=len(goals),
                warned=overall.count("warning"),
                failed=overall.count("error"),
            )
        ),
    ]
    if findings.items:
        blocks.append(Paragraph(t["summary_counts"]))
        blocks.append(
            Table(
                (t["finding"], t["count"], t["why"], t["rule"]),
                tuple(
                    (
                        Cell(f"{c.title} ({c.severity_label})"),
                        Cell(str(c.count)),
                        Cell(finding_text(c.shape_id, ctx.lang)["why"]),
                        Cell(c.shape_id),
                    )
                    for c in findings.counts
                ),
            )
        )
    else:
        blocks.append(Paragraph(t["no_findings"]))
    return Section("summary", t["summary"], blocks)  # type: ignore[arg-type]


def _traffic_lights(
    ctx: Context, goals: list[Element], lights: Mapping[str, Mapping[str, str]]
) -> Section:
    t = ctx.t
    words = {k: t[f"light_{k}"] for k in LIGHTS}
    rows = []
    for element in goals:
        light = lights[element.iri]
        cells = [Cell(ctx.name(element), href=ctx.href(element.iri))]
        for question, _ in (*QUESTIONS, ("overall", ())):
            value = light[question]
            cells.append(Cell(words[value], LIGHTS[value]))
        rows.append(tuple(cells))
    header = (t["goal"], *(t[q] for q, _ in QUESTIONS), t["overall"])
    return Section(
        "lights",
        t["lights"],
        [Paragraph(t["lights_intro"], "note"), Table(header, tuple(rows), kind="lights")],
    )


def _goal_section(
    ctx: Context, element: Element, found: list[Finding], number: int, quoted: dict[str, str]
) -> Section:
    t = ctx.t
    facts = [(t["level"], ctx.level_label(element)), (t["wording"], element.label)]
    facts.append((t["owner"], ", ".join(ctx.names(element.owners)) or t["not_stated"]))
    if element.supports:
        facts.append((t["supports"], ", ".join(ctx.names(element.supports))))
    blocks: list[object] = [Facts(tuple(facts))]
    if found:
        blocks.append(
            Items(tuple(f"{f.title} ({f.severity_label}, {f.shape_id}): {f.text}" for f in found))
        )
    else:
        blocks.append(Paragraph(t["no_findings"]))
    citations = ctx.citations.get(element.iri, [])
    blocks.append(Paragraph(t["evidence"], "subheading"))
    if citations:
        for c in citations:
            where = ", ".join(x for x in (c.document, c.locator) if x)
            first = quoted.setdefault(c.passage, ctx.name(element))
            if first == ctx.name(element):
                blocks.append(Quote(c.passage, where))
            else:  # a passage behind several goals is quoted once
                excerpt = c.passage if len(c.passage) <= 70 else c.passage[:69].rstrip() + "…"
                blocks.append(
                    Paragraph(t["same_evidence"].format(goal=first, passage=excerpt), "note")
                )
    else:
        blocks.append(Paragraph(t["no_evidence"], "note"))
    return Section(
        f"goal-{number}",
        ctx.name(element),
        blocks,  # type: ignore[arg-type]
        level=2,
        href=ctx.href(element.iri),
    )


def _rules(ctx: Context, findings: Findings) -> Section:
    t = ctx.t
    ids = sorted({ids for _, group in QUESTIONS for ids in group})
    rows = tuple(
        (Cell(i), Cell(finding_text(i, ctx.lang)["title"]), Cell(finding_text(i, ctx.lang)["why"]))
        for i in ids
    )
    return Section("rules", t["rules"], [Table((t["rule"], t["finding"], t["why"]), rows)])
