"""Municipalities and everything in them, at the path of their IRI (``/id/{slug}/...``)."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from markupsafe import Markup
from rdflib import URIRef

from goalgraph.conventions import SLUG_MAX_LENGTH, SLUG_PATTERN
from goalgraph.errors import GoalgraphError, NotFoundError
from goalgraph.lifecycle.selection import Selection
from goalgraph.model.views import Views, resource_iri
from goalgraph.namespaces import GG
from goalgraph.validation.findings import present, report_labels

from ..deps import ReaderDep, SelectionDep
from ..negotiation import RESOURCE_FORMATS
from ..rendering import formats
from ..schemas import MunicipalityView, ResourceView, errors, ok
from ..service import GraphService
from .params import resolving

router = APIRouter(tags=["resources"])
log = logging.getLogger("goalgraph.api")

Slug = Annotated[
    str,
    Path(
        description="The municipality's slug, e.g. `nora`.",
        pattern=SLUG_PATTERN,
        max_length=SLUG_MAX_LENGTH,
    ),
]
Local = Annotated[
    str,
    Path(
        description="The resource's local name, `{kind}-{name}`, e.g. `goal-kf1`.",
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._~-]*$",
        max_length=200,
    ),
]
TEMPLATES = {"goal": "goal.html", "municipality": "municipality.html"}
DimensionValue = Annotated[
    str | None,
    Query(
        description="Only the goals carrying one dimension value (a perspective, målområde or "
        "sustainability dimension): its id, e.g. `dim-personal`, or its name.",
        max_length=200,
    ),
]


def audit_findings(
    service: GraphService, slug: str, selection: Selection | None = None
) -> tuple[Any | None, str | None]:
    """The municipality's validation report of the goals the selection keeps (default: in
    force today), or None and why it is missing."""
    try:
        return service.selected_report(slug, selection).report, None
    except GoalgraphError as exc:
        return None, str(exc)


@router.get(
    "/id/{slug}",
    summary="A municipality",
    response_model=MunicipalityView,
    responses={**ok("The municipality.", RESOURCE_FORMATS), **errors(400, 404, 406, 422)},
)
def municipality(
    slug: Slug, reader: ReaderDep, selection: SelectionDep, dimension: DimensionValue = None
) -> Response:
    """A municipality with its goal chain, bodies, documents, decisions, processes, governance
    model and Agenda 2030 coverage; the page also shows the goal-chain diagram (one per goal
    hierarchy where there are several) and the audit findings. With ``dimension`` only the
    goals carrying that value are listed and drawn (an unknown value is a 422)."""
    media, lang, service = reader.choose(RESOURCE_FORMATS), reader.lang, reader.service
    service.require_municipality(slug)
    if dimension:
        resolving("dimension", lambda: service.check_part(slug, lang, dimension, None))
    view = service.municipality_view(slug, lang, selection, dimension)
    chosen = view["dimension_filter"]["id"] if view["dimension_filter"] else None
    context: dict[str, Any] = {"formats": formats(RESOURCE_FORMATS)}
    if media.name == "html":
        report, problem = audit_findings(service, slug, selection)
        findings = None
        if report is not None:
            labels = service.read(
                ("finding-labels", slug, lang),
                lambda _v: report_labels(service.store, report, lang),
            )
            findings = present(report, labels, lang)
        context.update(
            {
                "report": report,
                "findings": findings,
                "report_problem": problem,
                # a filtered chain has no overview: it counts the whole chain's levels
                "overview": None
                if chosen
                else inline_diagram(service, "overview", slug, lang, selection),
                "diagram": inline_diagram(
                    service, "chain", slug, lang, selection, dimension=chosen
                ),
                "hierarchy_diagrams": {
                    h["id"]: inline_diagram(
                        service, "chain", slug, lang, selection, dimension=chosen, hierarchy=h["id"]
                    )
                    for h in view["hierarchy_groups"]
                    if h["id"]
                },
            }
        )
    iri = resource_iri(slug)
    return reader.respond(
        media,
        view=view,
        template="municipality.html",
        context=context,
        rdf=lambda mt: service.describe_rdf(iri, mt),
    )


@router.get(
    "/id/{slug}/{local}",
    summary="A resource of a municipality (goal, body, document, decision, process, …)",
    response_model=ResourceView,
    responses={**ok("The resource.", RESOURCE_FORMATS), **errors(404, 406, 422)},
)
def resource(slug: Slug, local: Local, reader: ReaderDep) -> Response:
    """Any resource of a municipality. A goal comes with its chain up and down, the documents
    that support it, its Agenda 2030 links, owner and indicators."""
    media, lang, service = reader.choose(RESOURCE_FORMATS), reader.lang, reader.service
    iri = resource_iri(slug, local)
    view = reader.read(("resource", str(iri), lang), lambda v: _view(v, iri, lang))
    template = TEMPLATES.get(view["kind"], "resource.html")
    context: dict[str, Any] = {"formats": formats(RESOURCE_FORMATS)}
    if media.name == "html" and view["kind"] == "goal":
        context["diagram"] = inline_diagram(service, "goal", str(iri), lang)
    elif media.name == "html" and any(
        t["iri"] == str(GG.GovernanceLevel) for t in view.get("types", [])
    ):
        context["diagram"] = inline_diagram(service, "level", str(iri), lang)
    return reader.respond(
        media,
        view=view,
        template=template,
        context=context,
        rdf=lambda mt: service.describe_rdf(iri, mt),
    )


def _view(views: Views, iri: URIRef, lang: str) -> dict[str, Any]:
    if not views.exists(iri):
        raise NotFoundError(f"unknown resource <{iri}>")
    return views.resource(iri, lang)


def inline_diagram(
    service: GraphService,
    kind: str,
    target: str,
    lang: str,
    selection: Selection | None = None,
    *,
    dimension: str | None = None,
    hierarchy: str | None = None,
) -> Markup | None:
    """A diagram as inline SVG for a page (Graphviz escapes all text in it, and the page's
    Content-Security-Policy runs no script), or None when it cannot be drawn."""
    try:
        svg = service.diagram(
            kind, target, "svg", lang, selection, dimension=dimension, hierarchy=hierarchy
        ).decode("utf-8")
    except (GoalgraphError, OSError, RuntimeError, ValueError):
        log.warning("no %s diagram for %s", kind, target, exc_info=True)
        return None
    start = svg.find("<svg")
    # Graphviz escapes every label it writes (tests/security/test_probes.py checks it)
    return Markup(svg[start:]) if start >= 0 else None  # noqa: S704
