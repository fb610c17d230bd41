"""The SPARQL 1.1 Protocol endpoint (query only) and its web page.

``GET /sparql?query=...`` and ``POST /sparql`` (``application/x-www-form-urlencoded`` or
``application/sparql-query``). SELECT and ASK answer in SPARQL JSON, XML, CSV or TSV;
CONSTRUCT and DESCRIBE in Turtle, N-Triples, JSON-LD or RDF/XML. ``SERVICE`` and updates are
refused (400); a query over the time limit or with more rows than allowed gets 422 with a
message saying which limit was hit — results are never silently truncated.

The dataset is the union of all graphs, unless the query names one with ``FROM`` /
``FROM NAMED`` or the request with ``default-graph-uri`` / ``named-graph-uri`` (in the URL for
GET and a direct POST, as form fields or in the URL for a form POST); when both do, the
request's parameters win (SPARQL 1.1 Protocol, 2.1.4). Queries are admitted by a
:class:`~api.limits.SparqlGate` and run on their own threads, so pages and ``/health`` never
wait behind them; a query over a bound gets 503 with ``Retry-After``.
"""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from goalgraph.errors import GoalgraphError, QueryError
from goalgraph.mediatypes import CSV, JSONLD, NTRIPLES, RDFXML, SPARQL_JSON, SPARQL_XML, TSV, TURTLE
from goalgraph.sparql.guard import ForbiddenOperationError, check_query
from goalgraph.sparql.pool import Dataset, QueryBusyError, QueryTimeoutError, ResultTooLargeError
from goalgraph.store.edit import UnsupportedFormatError

from ..deps import AcceptHeader, FormatParam, LangDep, ServiceDep, choose
from ..i18n import text
from ..limits import SparqlGate
from ..negotiation import MediaType, NotAcceptableError
from ..rendering import render_html
from ..schemas import errors
from ..service import GraphService

router = APIRouter(tags=["sparql"])
RESULT_OFFERED = ("srj", "srx", "csv", "tsv", "json", "html")
GRAPH_OFFERED = ("turtle", "ntriples", "jsonld", "rdfxml", "html")
_RESULT_TYPES = {
    SPARQL_JSON: {"schema": {"type": "object"}},
    SPARQL_XML: {"schema": {"type": "string"}},
    CSV: {"schema": {"type": "string"}},
    TSV: {"schema": {"type": "string"}},
    TURTLE: {"schema": {"type": "string"}},
    NTRIPLES: {"schema": {"type": "string"}},
    JSONLD: {"schema": {"type": "object"}},
    RDFXML: {"schema": {"type": "string"}},
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
DefaultGraphsParam = Annotated[
    list[str] | None,
    Query(
        alias="default-graph-uri",
        description="Graphs whose merge is the default graph (SPARQL 1.1 Protocol); "
        "overrides the query's FROM.",
    ),
]
NamedGraphsParam = Annotated[
    list[str] | None,
    Query(
        alias="named-graph-uri",
        description="Graphs the query may name with GRAPH (SPARQL 1.1 Protocol); "
        "overrides the query's FROM NAMED.",
    ),
]


def protocol_dataset(default: list[str] | None, named: list[str] | None) -> Dataset:
    """The dataset of the protocol parameters, or None when there are none. Each must be
    an absolute IRI."""
    if not default and not named:
        return None
    for name, values in (("default-graph-uri", default), ("named-graph-uri", named)):
        for value in values or ():
            try:
                ox.NamedNode(value)
            except ValueError:
                raise QueryError(f"{name} is not an absolute IRI: {value!r}") from None
            if ":" not in value:
                raise QueryError(f"{name} is not an absolute IRI: {value!r}")
    return (tuple(default or ()), tuple(named or ()))


def _gate(request: Request, service: GraphService) -> SparqlGate:
    """The app's SPARQL gate (made on first use, on the event loop)."""
    gate: SparqlGate | None = getattr(request.app.state, "sparql_gate", None)
    if gate is None:
        settings = service.settings
        gate = SparqlGate(
            settings.query_workers,
            settings.query_per_client,
            settings.query_queue,
            settings.query_timeout,
        )
        request.app.state.sparql_gate = gate
    return gate


def _client(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def _media_for(form: str, accept: str | None, fmt: str | None) -> MediaType:
    offered = RESULT_OFFERED if form in ("SELECT", "ASK") else GRAPH_OFFERED
    return choose(offered, accept, fmt)


def _wants_html(accept: str | None, fmt: str | None) -> bool:
    try:
        return choose(RESULT_OFFERED, accept, fmt).name == "html"
    except NotAcceptableError:
        return False


def _answer(
    request: Request,
    service: GraphService,
    query: str,
    lang: str,
    accept: str | None,
    fmt: str | None,
    graphs: Dataset = None,
) -> Response:
    try:
        form = check_query(query)
    except GoalgraphError:
        if _wants_html(accept, fmt):
            return _page(request, service, lang, query, None, graphs)
        raise
    media = _media_for(form, accept, fmt)
    if media.name == "html":
        return _page(request, service, lang, query, form, graphs)
    wanted = SPARQL_JSON if media.name == "json" else media.media_type
    result = service.sparql(query, wanted, graphs=graphs)
    response = Response(result.body, media_type=result.media_type)
    if result.count is not None:
        response.headers["X-Result-Count"] = str(result.count)
    response.headers["Vary"] = "Accept"
    return response


def _page(
    request: Request,
    service: GraphService,
    lang: str,
    query: str | None,
    form: str | None,
    graphs: Dataset = None,
) -> Response:
    context: dict[str, Any] = {"query": query or "", "limits": service.settings}
    status = 200
    if query:
        try:
            form = form or check_query(query)
        except GoalgraphError as exc:
            context["error"] = _explain(exc, lang, service, read=True)
            context["error_detail"] = str(exc)
            return render_html(request, "sparql.html", lang, context, status=400)
        try:
            if form in ("SELECT", "ASK"):
                result = service.sparql(query, SPARQL_JSON, graphs=graphs)
                context["table"] = _table(json.loads(result.body))
            else:
                result = service.sparql(query, TURTLE, graphs=graphs)
                context["graph_text"] = result.body.decode("utf-8")
        except QueryBusyError:
            raise
        except GoalgraphError as exc:
            context["error"] = _explain(exc, lang, service, read=False)
            context["error_detail"] = str(exc)
            limited = isinstance(exc, (QueryTimeoutError, ResultTooLargeError))
            status = 422 if limited else 400
    return render_html(request, "sparql.html", lang, context, status=status)


def _explain(exc: GoalgraphError, lang: str, service: GraphService, *, read: bool) -> str:
    """What went wrong, in the page's language, from the kind of error; the error's own
    (English) text is the page's technical note."""
    settings = service.settings
    if isinstance(exc, ForbiddenOperationError):
        return text("sparql_error_forbidden", lang)
    if isinstance(exc, QueryTimeoutError):
        return text("sparql_error_timeout", lang).format(seconds=f"{settings.query_timeout:g}")
    if isinstance(exc, ResultTooLargeError):
        return text("sparql_error_rows", lang).format(rows=settings.max_result_rows)
    return text("sparql_error_syntax" if read else "sparql_error_run", lang)


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
async def sparql_get(
    request: Request,
    service: ServiceDep,
    lang: LangDep,
    query: QueryParam = None,
    default_graphs: DefaultGraphsParam = None,
    named_graphs: NamedGraphsParam = None,
    accept: AcceptHeader = None,
    fmt: FormatParam = None,
) -> Response:
    """Run a read-only SPARQL query. Without ``query``, browsers get the query page with
    example queries; other clients get 400."""
    graphs = protocol_dataset(default_graphs, named_graphs)
    if query is None:
        media = choose(("json", "html"), accept, fmt if fmt in ("html", "json") else None)
        if media.name == "html":
            return _page(request, service, lang, None, None)
        raise QueryError("missing the query parameter: GET /sparql?query=SELECT ...")
    gate = _gate(request, service)
    return await gate.run(
        _client(request), _answer, request, service, query, lang, accept, fmt, graphs
    )


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
    (``application/sparql-query``, dataset parameters in the URL) or as a form field
    ``query`` (dataset parameters as fields or in the URL)."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    body = await request.body()
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise QueryError("the request body is not UTF-8 text") from None
    params = request.query_params
    default = params.getlist("default-graph-uri")
    named = params.getlist("named-graph-uri")
    if content_type == "application/sparql-query":
        query = text
    elif content_type == "application/x-www-form-urlencoded":
        fields = parse_qs(text, keep_blank_values=True)
        if "update" in fields:
            raise QueryError("updates are refused: the SPARQL endpoint is read-only")
        if "query" not in fields:
            raise QueryError("the form has no query field")
        if len(fields["query"]) > 1:
            raise QueryError("the form has more than one query field")
        query = fields["query"][0]
        default += fields.get("default-graph-uri", [])
        named += fields.get("named-graph-uri", [])
    else:
        raise UnsupportedFormatError(
            f"unsupported content type {content_type or '(none)'!r}; send "
            "application/sparql-query or application/x-www-form-urlencoded"
        )
    graphs = protocol_dataset(default, named)
    gate = _gate(request, service)
    return await gate.run(
        _client(request), _answer, request, service, query, lang, accept, fmt, graphs
    )
