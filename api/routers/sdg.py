"""Agenda 2030: the global goals and targets, with the municipal goals that serve them."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import Response

from goalgraph.model.views import sdg_iri

from ..deps import ReaderDep
from ..negotiation import RESOURCE_FORMATS
from ..rendering import formats
from ..schemas import SdgGoalSummary, SdgView, errors, ok

router = APIRouter(tags=["agenda2030"])
LIST_FORMATS = ("json", "html")

Notation = Annotated[
    str,
    Path(
        description="An SDG goal (`11`) or target (`11.3`, `11.a`) number.",
        pattern=r"^\d{1,2}(\.[0-9a-z]{1,2})?$",
        max_length=5,
    ),
]


@router.get(
    "/sdg",
    summary="The 17 global goals",
    response_model=list[SdgGoalSummary],
    responses={**ok("The global goals.", LIST_FORMATS), **errors(406, 422)},
)
def sdg_goals(reader: ReaderDep) -> Response:
    """The 17 goals of Agenda 2030 with their colour and the number of linked municipal goals."""
    media, lang = reader.choose(LIST_FORMATS), reader.lang
    view = reader.read(("sdg-goals", lang), lambda v: v.sdg_goals(lang))
    return reader.respond(media, view=view, template="sdg_index.html")


@router.get(
    "/sdg/{notation}",
    summary="A global goal or target",
    response_model=SdgView,
    responses={**ok("The goal or target.", RESOURCE_FORMATS), **errors(404, 406, 422)},
)
def sdg(notation: Notation, reader: ReaderDep) -> Response:
    """An SDG goal or target, its targets, and the municipal goals across all municipalities
    that serve it (directly, or through a target of the goal)."""
    media, lang, service = reader.choose(RESOURCE_FORMATS), reader.lang, reader.service
    view = reader.read(("sdg", notation, lang), lambda v: v.sdg(notation, lang))
    iri = sdg_iri(notation)
    return reader.respond(
        media,
        view=view,
        template="sdg.html",
        context={"formats": formats(RESOURCE_FORMATS)},
        rdf=lambda mt: service.describe_rdf(iri, mt),
    )
