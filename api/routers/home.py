"""The start page (municipalities) and a health check."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from goalgraph.analysis.compare import reference_entries
from goalgraph.analysis.comparison_report import comparison_strings

from ..deps import AcceptHeader, FormatParam, LangDep, ServiceDep, choose
from ..rendering import render_json, respond
from ..schemas import Health, MunicipalitySummary, errors, ok

router = APIRouter(tags=["pages"])
OFFERED = ("json", "html")


@router.get(
    "/",
    summary="Municipalities (start page)",
    response_model=list[MunicipalitySummary],
    responses={**ok("The municipalities in the graph.", OFFERED), **errors(406, 422)},
)
def start(
    request: Request,
    service: ServiceDep,
    lang: LangDep,
    accept: AcceptHeader = None,
    fmt: FormatParam = None,
) -> Response:
    """The municipalities in the knowledge graph, with their codes and number of goals."""
    media = choose(OFFERED, accept, fmt)
    view = service.read(("municipalities", lang), lambda v: v.municipalities(lang))
    sdg_goals = service.read(("sdg-goals", lang), lambda v: v.sdg_goals(lang))
    reference = service.read(("reference", lang), lambda _v: reference_entries(service.store, lang))
    note = comparison_strings(lang)["reference_note"].format(
        with_data=sum(1 for r in reference if r.has_goal_data), total=len(reference)
    )
    return respond(
        request,
        media,
        lang,
        view=view,
        template="index.html",
        context={"sdg_goals": sdg_goals, "reference_note": note if reference else None},
    )


@router.get("/health", summary="Health check", response_model=Health, responses=errors(422))
def health(request: Request, service: ServiceDep) -> Response:
    """Whether the service is up, the data generation and the municipalities."""
    body = {"status": "ok", "generation": service.generation, "municipalities": service.slugs()}
    return render_json(request, body, "sv")
