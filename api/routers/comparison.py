"""Comparing municipalities' goal structures and Agenda 2030 coverage
(goalgraph.analysis.compare)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response

from ..deps import ReaderDep
from ..schemas import errors, ok

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
def comparison(reader: ReaderDep, m: Municipalities = None) -> Response:
    """Goal structures and Agenda 2030 coverage side by side."""
    media, lang, service = reader.choose(OFFERED), reader.lang, reader.service
    slugs = list(dict.fromkeys(m or service.slugs()))
    for slug in slugs:
        service.require_municipality(slug)
    result = service.comparison(slugs, lang)
    view: dict[str, Any] = result.to_json()
    return reader.respond(
        media,
        view=view,
        template="comparison.html",
        context={
            "comparison": result,
            "chosen": slugs,
            "all": reader.read(("municipalities", lang), lambda v: v.municipalities(lang)),
        },
        other={"markdown": lambda: result.to_markdown().encode("utf-8")},
    )
