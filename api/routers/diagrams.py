"""Diagrams drawn by goalgraph.diagrams: a goal chain, one goal, processes, a comparison."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from goalgraph.conventions import LOCAL_ID_TEXT, SLUG_TEXT
from goalgraph.errors import NotFoundError
from goalgraph.namespaces import ID

from ..deps import ImageReaderDep, SelectionDep
from ..schemas import errors
from .params import invalid_parameter, resolving

router = APIRouter(tags=["diagrams"])
OFFERED = ("svg", "png", "pdf")
#: A slug, a CURIE (``nora:goal-kf1``) or a resource's IRI.
_TARGET = re.compile(
    f"^(?:{SLUG_TEXT}|{SLUG_TEXT}:{LOCAL_ID_TEXT}|{re.escape(str(ID))}[a-z0-9-]+/{LOCAL_ID_TEXT})$"
)
#: SVG is served as an image: nothing in it may run or load.
SVG_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"

Kind = Annotated[
    Literal["chain", "goal", "process", "comparison", "overview", "level"],
    Path(
        description="`chain` (target: slug), `goal` (target: goal IRI or CURIE such as "
        "`nora:goal-kf1`), `process` (slug, or a process IRI/CURIE), `comparison` "
        "(two or more slugs), `overview` (slug: the chain's levels at a glance), `level` "
        "(a level IRI or CURIE such as `nora:level-fullmaktigemal`)."
    ),
]
Part = Annotated[
    str | None,
    Query(
        description="A chain only: `dimension` draws the goals carrying one dimension value "
        "(its id, e.g. `dim-personal`, or name), `hierarchy` one goal hierarchy's levels "
        "(its id or name).",
        max_length=200,
    ),
]
Target = Annotated[
    list[str],
    Query(description="What to draw (repeat for a comparison).", min_length=1, max_length=20),
]


@router.get(
    "/diagrams/{kind}",
    summary="A diagram as SVG, PNG or PDF",
    response_class=Response,
    responses={
        200: {
            "description": "The diagram.",
            "content": {
                "image/svg+xml": {"schema": {"type": "string"}},
                "image/png": {"schema": {"type": "string", "format": "binary"}},
                "application/pdf": {"schema": {"type": "string", "format": "binary"}},
            },
        },
        **errors(400, 404, 406, 422),
    },
)
def diagram(
    kind: Kind,
    target: Target,
    reader: ImageReaderDep,
    selection: SelectionDep,
    dimension: Part = None,
    hierarchy: Part = None,
) -> Response:
    """Draw a diagram; nodes in SVG link to the resources' pages. A chain can be drawn for one
    dimension value or one goal hierarchy; an unknown one is a 422 naming the known ones."""
    media, lang, service = reader.choose(OFFERED), reader.lang, reader.service
    for item in target:
        if len(item) > 300 or not _TARGET.match(item):
            raise NotFoundError(f"not a municipality slug or goalgraph IRI: {item[:80]!r}")
    if kind != "comparison" and len(target) != 1:
        raise NotFoundError(f"a {kind} diagram is drawn for one target, not {len(target)}")
    if kind in ("chain", "comparison", "overview"):
        for slug in target:
            service.require_municipality(slug)
    for name, value in (("dimension", dimension), ("hierarchy", hierarchy)):
        if value and kind != "chain":
            raise invalid_parameter(name, f"only a chain diagram takes {name}, not {kind}")
    if dimension:
        resolving("dimension", lambda: service.check_part(target[0], lang, dimension, None))
    if hierarchy:
        resolving("hierarchy", lambda: service.check_part(target[0], lang, None, hierarchy))
    body = service.diagram(
        kind,
        target[0] if kind != "comparison" else ",".join(target),
        media.name,
        lang,
        selection,
        dimension=dimension,
        hierarchy=hierarchy,
    )
    response = Response(body, media_type=media.media_type)
    response.headers["Content-Security-Policy"] = SVG_CSP
    response.headers["Content-Language"] = lang
    return response
