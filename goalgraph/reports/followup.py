"""The follow-up report (delår, årsbokslut): each goal's status from the indicators' results
and the roll-up rules (:mod:`goalgraph.lifecycle.indicators`), with the results and sources."""

from __future__ import annotations

from collections import Counter

from goalgraph.lifecycle.indicators import IndicatorResult, status_diagram
from goalgraph.model.reader import natural_key
from goalgraph.reports.common import Context, number, percent
from goalgraph.reports.document import Cell, Figure, Paragraph, Report, Section, Table
from goalgraph.reports.programme import status_report
from goalgraph.texts import strings


def build(ctx: Context, year: int | None = None) -> Report:
    """The follow-up report of one municipality for ``year`` (latest results without one)."""
    t = ctx.t
    status = status_report(ctx, year)
    year_text = str(year) if year is not None else t["latest"]
    goals = sorted(
        status.goals, key=lambda g: (g.rank, natural_key(g.number or ""), natural_key(g.label))
    )
    counts = Counter(g.band.label(ctx.lang) for g in goals)
    colours = {g.band.label(ctx.lang): g.band.colour for g in goals}
    summary: list[object] = []
    if not status.indicators or all(i.value is None for i in status.indicators.values()):
        summary.append(Paragraph(t["no_results"], "lead"))
    summary.append(Paragraph(t["status_counts"]))
    summary.append(
        Table(
            (t["status"], t["count"]),
            tuple((Cell(k, colours[k]), Cell(str(v))) for k, v in sorted(counts.items())),
            kind="lights",
        )
    )
    rows = []
    for g in goals:
        element = ctx.model.element(g.iri)
        name = ctx.name(element) if element else g.label
        rows.append(
            (
                Cell(name, href=ctx.href(g.iri)),
                Cell(ctx.level_label(element) if element else g.level or ""),
                Cell(g.band.label(ctx.lang), g.band.colour),
                Cell(percent(g.attainment)),
            )
        )
    sections = [
        Section("summary", t["summary"], summary),  # type: ignore[arg-type]
        Section(
            "status",
            t["status_overview"],
            [
                Table(
                    (t["goal"], t["level"], t["status"], t["attainment"]),
                    tuple(rows),
                    kind="lights",
                )
            ],
        ),
    ]
    indicators = sorted(status.indicators.values(), key=lambda i: natural_key(i.label))
    if indicators:
        ind_rows = []
        kolada = False
        for ind in indicators:
            source = ind.source or "–"
            if ind.kolada:
                kolada = True
                source = f"{source} (Kolada {ind.kolada})"
            ind_rows.append(
                (
                    Cell(ind.label),
                    Cell(ind.period or "–"),
                    Cell(number(ind.value, ind.unit)),
                    Cell(number(ind.target, ind.unit)),
                    Cell(_attained(ind, ctx.lang)),
                    Cell(source),
                )
            )
        blocks: list[object] = [
            Table(
                (
                    t["indicator"],
                    t["period"],
                    t["value"],
                    t["target_value"],
                    t["attainment"],
                    t["source"],
                ),
                tuple(ind_rows),
            )
        ]
        if kolada:
            blocks.append(Paragraph(t["kolada_source"], "note"))
        sections.append(Section("indicators", t["indicator_results"], blocks))  # type: ignore[arg-type]
    assessed = [a for g in goals for a in g.assessments] + status.set_assessments
    if assessed:
        sections.append(
            Section(
                "assessments",
                t["assessments"],
                [
                    Table(
                        (t["assessed"], t["period"], t["judgement"], t["motivation"], t["source"]),
                        tuple(
                            (
                                Cell(a.subject_label, href=ctx.href(a.subject)),
                                Cell(a.period),
                                Cell(a.summary(ctx.lang)),
                                Cell(a.motivation(ctx.lang) or "–"),
                                Cell(a.source or "–"),
                            )
                            for a in assessed
                        ),
                    )
                ],
            )
        )
    dot = status_diagram(ctx.store, ctx.slug, year, ctx.lang)
    sections.append(Section("chain", t["chain"], [Figure(dot, t["status_caption"])], new_page=True))
    return Report(
        "followup",
        ctx.lang,
        t["followup_title"],
        t["followup_subtitle"].format(year=year_text),
        ctx.model.label,
        [ctx.model.label, t["generated"].format(date=ctx.date.isoformat())],
        sections,
        t,
    )


def _attained(ind: IndicatorResult, lang: str) -> str:
    """The attainment, or why the result cannot be assessed."""
    reason = ind.open(lang)
    if ind.conflict:
        values = " / ".join(number(v, ind.unit) for v in ind.conflict)
        reason = f"{strings(lang)['status']['two_results']}: {values}"
    return percent(ind.attainment) if reason is None else f"– ({reason})"
