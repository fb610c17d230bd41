"""The strategist's goal programme: the vision and overarching goals, then one spread per
council goal with its sub-goals, owners, governing documents, Agenda 2030 links with their
basis, indicators and status."""

from __future__ import annotations

from goalgraph.authoring.workbook import municipality_graph_of
from goalgraph.diagrams import diagram_source
from goalgraph.lifecycle.indicators import StatusReport, compute_status
from goalgraph.model.governance import Element
from goalgraph.model.reader import natural_key
from goalgraph.reports.common import Context, percent
from goalgraph.reports.document import Cell, Facts, Figure, Items, Paragraph, Report, Section, Table


def status_report(ctx: Context, year: int | None = None) -> StatusReport:
    """The computed status of the municipality's goals (latest results without a year)."""
    return compute_status(municipality_graph_of(ctx.store, ctx.slug), ctx.slug, year)


def build(ctx: Context, year: int | None = None) -> Report:
    """The goal programme of one municipality."""
    t = ctx.t
    status = status_report(ctx, year)
    council = set(ctx.council_levels())
    ranks = {lv.iri: lv.rank for lv in ctx.model.levels}
    top_rank = min((ranks[i] for i in council), default=99)
    above = [e for e in ctx.goals() if ranks.get(e.level, 99) < top_rank]
    spreads = [e for e in ctx.goals() if e.level in council]
    sections: list[Section] = []
    if above:
        blocks: list[object] = []
        for element in above:
            blocks.append(Paragraph(ctx.name(element), "subheading"))
            if element.label != ctx.name(element):
                blocks.append(Paragraph(element.label, "lead"))
            if element.definition:
                blocks.append(Paragraph(element.definition))
            blocks.append(Facts(((t["level"], ctx.level_label(element)),)))
        sections.append(Section("vision", t["overarching"], blocks))  # type: ignore[arg-type]
    chain = diagram_source(ctx.store, "chain", ctx.slug, lang=ctx.lang, link_base=ctx.link_base)
    sections.append(Section("chain", t["chain"], [Figure(chain, t["chain_caption"])]))
    sections.append(_overview(ctx, spreads, status))
    for number, element in enumerate(spreads, 1):
        sections.append(_spread(ctx, element, status, number))
    document_links = ctx.model.document_links()
    if document_links:
        rows = tuple(
            (
                Cell(ctx.model.label_of(link.source)),
                Cell(f"{link.notation} {ctx.sdg_names.get(link.goal_notation, '')}".strip()),
                Cell(ctx.terms.label(link.basis) if link.basis else t["not_stated"]),
            )
            for link in sorted(document_links, key=lambda x: (x.source, natural_key(x.notation)))
        )
        sections.append(
            Section(
                "agenda2030",
                t["agenda2030_documents"],
                [Table((t["documents"], t["sdg_goal"], t["basis"]), rows)],
                new_page=True,
            )
        )
    return Report(
        "programme",
        ctx.lang,
        t["programme_title"],
        t["programme_subtitle"],
        ctx.model.label,
        [ctx.model.label, t["generated"].format(date=ctx.date.isoformat())],
        sections,
        t,
    )


def _overview(ctx: Context, spreads: list[Element], status: StatusReport) -> Section:
    """One row per council goal: owner, Agenda 2030 goals and status."""
    t = ctx.t
    rows = []
    for element in spreads:
        sdgs = sorted(
            {link.goal_notation for link in ctx.model.sdg_links if link.source == element.iri},
            key=natural_key,
        )
        band = next((g.band for g in status.goals if g.iri == element.iri), None)
        rows.append(
            (
                Cell(ctx.name(element), href=ctx.href(element.iri)),
                Cell(", ".join(ctx.names(element.owners)) or t["not_stated"]),
                Cell(", ".join(sdgs) or t["none"]),
                Cell(band.label(ctx.lang), band.colour) if band else Cell("–"),
            )
        )
    header = (t["goal"], t["owner"], t["agenda2030"], t["status"])
    return Section(
        "council",
        t["council_goals"],
        [Table(header, tuple(rows), kind="lights")],
        new_page=True,
    )


def _spread(ctx: Context, element: Element, status: StatusReport, number: int) -> Section:
    t = ctx.t
    model = ctx.model
    blocks: list[object] = [Paragraph(element.label, "lead")]
    if element.definition:
        blocks.append(Paragraph(element.definition))
    try:
        goal_status = status.goal(element.iri)
        status_text = f"{goal_status.band.label(ctx.lang)} ({percent(goal_status.attainment)})"
    except Exception:
        status_text = "–"
    blocks.append(
        Facts(
            (
                (t["level"], ctx.level_label(element)),
                (t["owner"], ", ".join(ctx.names(element.owners)) or t["not_stated"]),
                (t["contributors"], ", ".join(ctx.names(element.contributors)) or t["none"]),
                (t["supports"], ", ".join(ctx.names(element.supports)) or t["none"]),
                (t["status"], status_text),
            )
        )
    )
    below = [e for e in model.elements if element.iri in e.supports]
    blocks.append(
        Items(
            tuple(ctx.names([e.iri for e in below])) or (t["none"],),
            t["sub_goals"],
        )
    )
    documents = [d.label for d in model.documents if element.iri in d.supports]
    blocks.append(Items(tuple(sorted(documents, key=natural_key)) or (t["none"],), t["documents"]))
    links = [link for link in model.sdg_links if link.source == element.iri]
    if links:
        rows = tuple(
            (
                Cell(
                    f"{link.notation} {ctx.sdg_names.get(link.goal_notation, '')}".strip(),
                    href=ctx.href(link.sdg) or link.sdg,
                ),
                Cell(ctx.terms.label(link.basis) if link.basis else t["not_stated"]),
                Cell(link.reason or ""),
            )
            for link in sorted(links, key=lambda x: natural_key(x.notation))
        )
        blocks.append(
            Table((t["agenda2030"], t["basis"], t["reason"]), rows, caption=t["agenda2030"])
        )
    else:
        blocks.append(Items((t["none"],), t["agenda2030"]))
    indicators = [status.indicators[i] for i in element.indicators if i in status.indicators]
    if indicators:
        blocks.append(
            Items(tuple(sorted(i.label for i in indicators)), t["indicators"]),
        )
    else:
        blocks.append(Items((t["none"],), t["indicators"]))
    return Section(
        f"goal-{number}",
        ctx.name(element),
        blocks,  # type: ignore[arg-type]
        level=2,
        new_page=True,
        href=ctx.href(element.iri),
    )
