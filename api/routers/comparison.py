"""Comparing municipalities' goal structures and Agenda 2030 coverage
(goalgraph.analysis.compare)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import AcceptHeader, FormatParam, LangDep, ServiceDep, choose
from api.rendering import respond
from api.schemas import errors, ok

router = APIRouter(tags=["comparison"])
OFFERED = ("json", "html", "markdown")
Municipalities = Annotated[
    list[str] | None,
    Query(
        alias="m",
        description="Slugs of the municipalities to compare (default: all).",
        max_length=50,
    ),
]


@router.get(
    "/comparison",
    summary="Compare municipalities",
    response_model=dict[str, Any],
    responses={**ok("The comparison.", OFFERED), **errors(404, 406, 422)},
)
def comparison(
    request: Request,
    service: ServiceDep,
    lang: LangDep,
    m: Municipalities = None,
    accept: AcceptHeader = None,
    fmt: FormatParam = None,
) -> Response:
    """Goal structures and Agenda 2030 coverage side by side."""
    media = choose(OFFERED, accept, fmt)
    slugs = list(dict.fromkeys(m or service.slugs()))
    for slug in slugs:
        service.require_municipality(slug)
    result = service.comparison(slugs, lang)
    view: dict[str, Any] = result.to_json()
    return respond(
        request,
        media,
        lang,
        view=view,
        template="comparison.html",
        context={
            "comparison": result,
            "chosen": slugs,
            "all": service.read(("municipalities", lang), lambda v: v.municipalities(lang)),
        },
        other={"markdown": lambda: result.to_markdown().encode("utf-8")},
    )
