"""The SPARQL 1.1 Protocol endpoint (query only) and its web page.

``GET /sparql?query=...`` and ``POST /sparql`` (``application/x-www-form-urlencoded`` or
``application/sparql-query``). SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV;
CONSTRUCT and DESCRIBE in Turtle, N-Triples, JSON-LD or RDF/XML. ``SERVICE`` and updates are
refused (400); a query over the time limit or with more rows than allowed gets 422 with a
message saying which limit was hit — results are never silently truncated.
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import parse_qs

from anyio import to_thread
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from api.deps import AcceptHeader, FormatParam, LangDep, ServiceDep, choose
from api.negotiation import MediaType
from api.rendering import render_html
from api.schemas import errors
from api.service import GraphService
from goalgraph.errors import GoalgraphError, QueryError
from goalgraph.sparql.guard import check_query
from goalgraph.store.edit import UnsupportedFormatError

router = APIRouter(tags=["sparql"])
RESULT_OFFERED = ("srj", "srx", "csv", "tsv", "json", "html")
GRAPH_OFFERED = ("turtle", "ntriples", "jsonld", "rdfxml", "html")
_RESULT_TYPES = {
    "application/sparql-results+json": {"schema": {"type": "object"}},
    "application/sparql-results+xml": {"schema": {"type": "string"}},
    "text/csv": {"schema": {"type": "string"}},
    "text/tab-separated-values": {"schema": {"type": "string"}},
    "text/turtle": {"schema": {"type": "string"}},
    "application/n-triples": {"schema": {"type": "string"}},
    "application/ld+json": {"schema": {"type": "object"}},
    "application/rdf+xml": {"schema": {"type": "string"}},
    "text/html": {"schema": {"type": "string"}},
}
RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The query result (or, without a query, the query page).",
        "content": _RESULT_TYPES,
    },
    **errors(400, 406, 413, 415, 422, 503),
}
QueryParam = Annotated[
    str | None,
    Query(description="The SPARQL query (SELECT, ASK, CONSTRUCT or DESCRIBE).", max_length=100_000),
]
GraphsParam = Annotated[
    list[str] | None,
    Query(
        alias="default-graph-uri",
        description="Not supported (400): the default graph is "
        "the union of all graphs; use FROM or GRAPH in the query instead.",
    ),
]
NO_DATASET = "default-graph-uri and named-graph-uri are not supported; use FROM or GRAPH instead"


def _media_for(form: str, accept: str | None, fmt: str | None) -> MediaType:
    offered = RESULT_OFFERED if form in ("SELECT", "ASK") else GRAPH_OFFERED
    return choose(offered, accept, fmt)


def _answer(
    request: Request,
    service: GraphService,
    query: str,
    lang: str,
    accept: str | None,
    fmt: str | None,
) -> Response:
    form = check_query(query)
    media = _media_for(form, accept, fmt)
    if media.name == "html":
        return _page(request, service, lang, query, form)
    wanted = "application/sparql-results+json" if media.name == "json" else media.media_type
    result = service.sparql(query, wanted)
    response = Response(result.body, media_type=result.media_type)
    if result.count is not None:
        response.headers["X-Result-Count"] = str(result.count)
    response.headers["Vary"] = "Accept"
    return response


def _page(
    request: Request, service: GraphService, lang: str, query: str | None, form: str | None
) -> Response:
    context: dict[str, Any] = {"query": query or "", "limits": service.settings}
    status = 200
    if query:
        try:
            form = form or check_query(query)
            if form in ("SELECT", "ASK"):
                result = service.sparql(query, "application/sparql-results+json")
                context["table"] = _table(json.loads(result.body))
            else:
                result = service.sparql(query, "text/turtle")
                context["graph_text"] = result.body.decode("utf-8")
        except GoalgraphError as exc:
            context["error"] = str(exc)
            status = 422 if "limit" in str(exc) or "took longer" in str(exc) else 400
    return render_html(request, "sparql.html", lang, context, status=status)


def _table(doc: dict[str, Any]) -> dict[str, Any]:
    if "boolean" in doc:
        return {"boolean": bool(doc["boolean"])}
    variables: list[str] = doc["head"]["vars"]
    rows = [[_cell(binding.get(v)) for v in variables] for binding in doc["results"]["bindings"]]
    return {"variables": variables, "rows": rows}


def _cell(term: dict[str, Any] | None) -> dict[str, str] | None:
    if term is None:
        return None
    value = term["value"] if term["type"] != "triple" else json.dumps(term["value"])
    return {"type": term["type"], "value": value, "lang": term.get("xml:lang", "")}


@router.get("/sparql", summary="SPARQL query (GET)", responses=RESPONSES)
def sparql_get(
    request: Request,
    service: ServiceDep,
    lang: LangDep,
    query: QueryParam = None,
    default_graphs: GraphsParam = None,
    accept: AcceptHeader = None,
    fmt: FormatParam = None,
) -> Response:
    """Run a read-only SPARQL query. Without ``query``, browsers get the query page with
    example queries; other clients get 400."""
    if default_graphs:
        raise QueryError(NO_DATASET)
    if query is None:
        media = choose(("json", "html"), accept, fmt if fmt in ("html", "json") else None)
        if media.name == "html":
            return _page(request, service, lang, None, None)
        raise QueryError("missing the query parameter: GET /sparql?query=SELECT ...")
    return _answer(request, service, query, lang, accept, fmt)


@router.post(
    "/sparql",
    summary="SPARQL query (POST)",
    responses=RESPONSES,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/sparql-query": {"schema": {"type": "string"}},
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {"query": {"type": "string"}},
                        "required": ["query"],
                    }
                },
            },
        }
    },
)
async def sparql_post(
    request: Request,
    service: ServiceDep,
    lang: LangDep,
    accept: AcceptHeader = None,
    fmt: FormatParam = None,
) -> Response:
    """Run a read-only SPARQL query sent in the body, directly
    (``application/sparql-query``) or as a form field ``query``."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise QueryError("the request body is not UTF-8 text") from None
    if content_type == "application/sparql-query":
        query = text
    elif content_type == "application/x-www-form-urlencoded":
        fields = parse_qs(text, keep_blank_values=True)
        if "update" in fields:
            raise QueryError("updates are refused: the SPARQL endpoint is read-only")
        if "default-graph-uri" in fields or "named-graph-uri" in fields:
            raise QueryError(NO_DATASET)
        if "query" not in fields:
            raise QueryError("the form has no query field")
        query = fields["query"][0]
    else:
        raise UnsupportedFormatError(
            f"unsupported content type {content_type or '(none)'!r}; send "
            "application/sparql-query or application/x-www-form-urlencoded"
        )
    return await to_thread.run_sync(_answer, request, service, query, lang, accept, fmt)
