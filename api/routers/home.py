"""The start page (municipalities) and a health check."""

from __future__ import annotations

from pathlib import Path

import fastapi_offline
from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, Response

from goalgraph.analysis.comparison_report import comparison_strings

from ..deps import AcceptHeader, FormatParam, LangDep, ServiceDep, choose
from ..rendering import respond
from ..schemas import Health, MunicipalitySummary, errors, ok

router = APIRouter(tags=["pages"])
OFFERED = ("json", "html")
#: Swagger UI's files, from the fastapi-offline package (so that /docs works offline)
API_DOCS_ASSETS = Path(fastapi_offline.__file__).resolve().parent / "static"
_ASSETS = "/docs/assets"


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
    view, sdg_goals, reference = service.start_page(lang)
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


@router.get(
    "/health",
    summary="Health check",
    response_model=Health,
    responses={**errors(422), 503: {"description": "The store does not answer (with the reason)."}},
)
async def health(request: Request) -> Response:
    """Whether the store answers, the data generation and the municipalities.

    Answered on the event loop from the last probe of the store (:mod:`api.health`, about
    once a second), so a health check never waits behind the requests that hold the thread
    pool; 503 with ``reason`` when the store did not answer."""
    status, body = await request.app.state.health.encoded()
    headers = {"Cache-Control": "no-store", "Content-Language": "sv"}
    if status == 503:
        headers["Retry-After"] = "1"
    return Response(body, status_code=status, media_type="application/json", headers=headers)


@router.get("/docs", include_in_schema=False)
def api_docs() -> HTMLResponse:
    """The interactive API documentation (Swagger UI), loading nothing from outside."""
    return get_swagger_ui_html(
        openapi_url="/openapi.json",
        title="goalgraph – API (Swagger UI)",
        swagger_js_url=f"{_ASSETS}/swagger-ui-bundle.js",
        swagger_css_url=f"{_ASSETS}/swagger-ui.css",
        swagger_favicon_url=f"{_ASSETS}/favicon.png",
    )
