"""Mandate periods and indicators through the API: what changed between periods, goal status."""

from __future__ import annotations

from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from goalgraph.authoring.workbook import municipality_graph_of
from goalgraph.diagrams.render import render_dot
from goalgraph.lifecycle.indicators import StatusReport, compute_status, status_diagram
from goalgraph.lifecycle.periods import PeriodDiff, diff_periods
from goalgraph.store.protocol import Store

from ..deps import AcceptHeader, FormatParam, LangDep, ServiceDep, choose
from ..negotiation import MEDIA_TYPES
from ..rendering import respond
from ..schemas import DiffBody, StatusBody, errors, ok
from .authoring import Slug
from .diagrams import SVG_CSP

router = APIRouter(tags=["authoring"])

DIFF_FORMATS = ("json", "text")
STATUS_FORMATS = ("json", "markdown", "text", "svg")

Period = Annotated[
    str,
    Query(
        min_length=1,
        max_length=100,
        description="A mandate period: its id (`period-2019-2022`), label or years (`2019-2022`).",
    ),
]
Year = Annotated[
    int | None,
    Query(ge=1900, le=2100, description="The year (default: every element, latest results)."),
]


@router.get(
    "/id/{slug}/diff",
    summary="What changed in the goals between two mandate periods",
    response_model=DiffBody,
    responses={**ok("The changes.", DIFF_FORMATS), **errors(404, 406, 422)},
)
async def period_diff(
    request: Request,
    slug: Slug,
    old: Period,
    new: Period,
    service: ServiceDep,
    lang: LangDep,
    accept: AcceptHeader = None,
    fmt: FormatParam = None,
) -> Response:
    """The goals of the two periods compared (`goalgraph diff`): each goal of the old period
    is unchanged, a new version (reworded, renumbered, moved), replaced or removed; goals of
    the new period that succeed nothing are added. Changes name the replacing decision."""
    media = choose(DIFF_FORMATS, accept, fmt)

    def build(store: Store) -> PeriodDiff:
        return diff_periods(municipality_graph_of(store, slug), slug, old, new, lang)

    diff = await to_thread.run_sync(
        lambda: service.municipality_read(("diff", old, new, lang), slug, build)
    )
    return respond(
        request,
        media,
        lang,
        view=diff.to_json(),
        other={"text": lambda: diff.to_text(lang).encode("utf-8")},
    )


@router.get(
    "/id/{slug}/status",
    summary="Computed goal attainment up the goal chain",
    response_model=StatusBody,
    responses={**ok("The status of every goal.", STATUS_FORMATS), **errors(400, 404, 406, 422)},
)
async def goal_status(
    request: Request,
    slug: Slug,
    service: ServiceDep,
    lang: LangDep,
    year: Year = None,
    accept: AcceptHeader = None,
    fmt: FormatParam = None,
) -> Response:
    """Each chain element's attainment for a year (`goalgraph status`), from the indicators'
    results and targets rolled up the chain by the municipality's roll-up rules; as JSON,
    Markdown, plain text, or the goal-chain diagram coloured by status (SVG)."""
    media = choose(STATUS_FORMATS, accept, fmt)
    if media.name == "svg":

        def draw(store: Store) -> bytes:
            return render_dot(status_diagram(store, slug, year, lang), "svg")

        svg = await to_thread.run_sync(
            lambda: service.municipality_read(("status-svg", year, lang), slug, draw)
        )
        response = Response(svg, media_type=MEDIA_TYPES["svg"].media_type)
        response.headers["Content-Security-Policy"] = SVG_CSP
        response.headers["Content-Language"] = lang
        return response

    def build(store: Store) -> StatusReport:
        return compute_status(municipality_graph_of(store, slug), slug, year)

    report = await to_thread.run_sync(
        lambda: service.municipality_read(("status", year), slug, build)
    )
    return respond(
        request,
        media,
        lang,
        view=report.to_json(),
        other={
            "markdown": lambda: report.to_markdown(lang).encode("utf-8"),
            "text": lambda: report.to_text(lang).encode("utf-8"),
        },
    )


__all__: list[Any] = ["router"]
