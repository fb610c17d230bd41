"""One municipality's named graph, in the manner of the SPARQL 1.1 Graph Store Protocol
(direct identification: ``/graph/{slug}`` is the path of ``https://w3id.org/goalgraph/graph/{slug}``).

``GET`` is public. ``PUT`` (replace or create), ``PATCH`` (SPARQL Update limited to INSERT
DATA, DELETE DATA and DELETE/INSERT … WHERE on this graph) and ``DELETE`` need the operator's
bearer token. A write describes its own municipality only, and is validated with the whole
store (:mod:`goalgraph.validation.write`); otherwise 422 with the problem (and the report) and the
store unchanged. The reference graphs ``sdg`` and ``ontology`` are read-only (403).
"""

from __future__ import annotations

from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Depends, Path, Request
from fastapi.responses import Response

from goalgraph.conventions import SLUG_MAX_LENGTH, SLUG_PATTERN
from goalgraph.errors import QueryError
from goalgraph.mediatypes import JSONLD, NTRIPLES, TURTLE
from goalgraph.store.edit import UnsupportedFormatError, rdf_format

from ..deps import AcceptHeader, FormatParam, LangDep, ServiceDep, choose, require_writer
from ..negotiation import RDF_FORMATS
from ..rendering import render_json
from ..schemas import WriteBody, errors, ok
from ..service import WriteResult

router = APIRouter(tags=["graphs"])
GraphSlug = Annotated[
    str,
    Path(
        description="The municipality's slug (`sdg`, `ontology`: read-only reference graphs).",
        pattern=SLUG_PATTERN,
        max_length=SLUG_MAX_LENGTH,
    ),
]
_RDF_BODY = {
    TURTLE: {"schema": {"type": "string"}},
    JSONLD: {"schema": {"type": "object"}},
    NTRIPLES: {"schema": {"type": "string"}},
}


def _written(request: Request, result: WriteResult, lang: str) -> Response:
    verb = "created" if result.created else "replaced"
    body = {
        "graph": result.graph,
        "slug": result.slug,
        "triples": result.triples,
        "created": result.created,
        "warnings": result.warnings,
        "message": f"{verb} <{result.graph}> with {result.triples} triples",
    }
    return render_json(request, body, lang, status=201 if result.created else 200)


@router.get(
    "/graph/{slug}",
    summary="Read a graph",
    responses={**ok("The graph.", RDF_FORMATS), **errors(404, 406, 422)},
)
def get_graph(
    slug: GraphSlug,
    service: ServiceDep,
    accept: AcceptHeader = None,
    fmt: FormatParam = None,
) -> Response:
    """A municipality's graph (or the `sdg`/`ontology` reference graph) as RDF."""
    media = choose(RDF_FORMATS, accept, fmt)
    body = service.graph_rdf(slug, media.media_type)
    return Response(body, media_type=media.media_type + "; charset=utf-8")


@router.put(
    "/graph/{slug}",
    summary="Replace a municipality's graph (validated)",
    dependencies=[Depends(require_writer)],
    response_model=WriteBody,
    responses={
        201: {"model": WriteBody, "description": "A new municipality's graph was created."},
        **errors(400, 401, 403, 404, 413, 415, 422),
    },
    openapi_extra={"requestBody": {"required": True, "content": _RDF_BODY}},
)
async def put_graph(
    request: Request, slug: GraphSlug, service: ServiceDep, lang: LangDep
) -> Response:
    """Replace the graph with the body (Turtle, JSON-LD or N-Triples). It must describe the
    municipality `id:{slug}` and pass the integrity shapes; otherwise nothing is stored."""
    media_type = request.headers.get("content-type")
    rdf_format(media_type)  # 415 before reading a body in a format we do not take
    data = await request.body()
    result = await to_thread.run_sync(service.replace, slug, data, media_type)
    return _written(request, result, lang)


@router.patch(
    "/graph/{slug}",
    summary="Patch a municipality's graph with SPARQL Update (validated)",
    dependencies=[Depends(require_writer)],
    response_model=WriteBody,
    responses=errors(400, 401, 403, 404, 413, 415, 422),
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/sparql-update": {"schema": {"type": "string"}}},
        }
    },
)
async def patch_graph(
    request: Request, slug: GraphSlug, service: ServiceDep, lang: LangDep
) -> Response:
    """Apply INSERT DATA, DELETE DATA or DELETE/INSERT … WHERE to a copy of the graph,
    validate the result and commit it. GRAPH, WITH, USING, LOAD, CLEAR, DROP and SERVICE are
    refused."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != "application/sparql-update":
        raise UnsupportedFormatError(
            f"unsupported content type {content_type or '(none)'!r}; send application/sparql-update"
        )
    try:
        update = (await request.body()).decode("utf-8")
    except UnicodeDecodeError:
        raise QueryError("the request body is not UTF-8 text") from None
    result = await to_thread.run_sync(service.patch, slug, update)
    return _written(request, result, lang)


@router.delete(
    "/graph/{slug}",
    summary="Remove a municipality's graph",
    dependencies=[Depends(require_writer)],
    responses={200: {"description": "The graph was removed."}, **errors(401, 403, 404, 422)},
)
async def delete_graph(
    request: Request, slug: GraphSlug, service: ServiceDep, lang: LangDep
) -> Response:
    """Remove the municipality's graph, unless another municipality still needs it (a joint
    body it hosts): then 422 with the report and nothing removed. `sdg` and `ontology` are
    reference data and cannot be removed (403)."""
    result = await to_thread.run_sync(service.delete, slug)
    body = {
        "graph": result.graph,
        "slug": result.slug,
        "removed": True,
        "message": f"removed <{result.graph}>",
    }
    return render_json(request, body, lang)


__all__: list[Any] = ["router"]
