"""Reports to hand on: the auditor's review, the goal programme and the follow-up report."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from goalgraph.conventions import SLUG_MAX_LENGTH, SLUG_PATTERN
from goalgraph.reports import MEDIA_TYPES, build_report, render_report
from goalgraph.reports.common import LINK_BASE

from ..deps import LangDep, SelectionDep, ServiceDep
from ..schemas import errors
from .params import resolving

router = APIRouter(tags=["reports"])

Kind = Annotated[
    Literal["audit", "programme", "followup"],
    Path(
        description="`audit` (granskning av målkedjan), `programme` (målprogram) or "
        "`followup` (uppföljning)."
    ),
]
Slug = Annotated[
    str,
    Path(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH, description="The municipality's slug."),
]
FormatName = Annotated[
    Literal["html", "pdf", "docx"],
    Query(alias="format", description="`html` (default), `pdf` or `docx`."),
]
Year = Annotated[
    int | None, Query(ge=1900, le=2200, description="Follow-up year (default: latest results).")
]
#: A report page runs nothing and loads nothing; its styles and diagrams are inline.
REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"


@router.get(
    "/reports/{kind}/{slug}",
    summary="A report as HTML, PDF or Word",
    response_class=Response,
    responses={
        200: {
            "description": "The report.",
            "content": {
                MEDIA_TYPES["html"].split(";")[0]: {"schema": {"type": "string"}},
                MEDIA_TYPES["pdf"]: {"schema": {"type": "string", "format": "binary"}},
                MEDIA_TYPES["docx"]: {"schema": {"type": "string", "format": "binary"}},
            },
        },
        **errors(400, 404, 422),
    },
)
def report(
    kind: Kind,
    slug: Slug,
    service: ServiceDep,
    lang: LangDep,
    selection: SelectionDep,
    fmt: FormatName = "html",
    year: Year = None,
) -> Response:
    """Generate a report from the graph in Swedish or English (``lang``), of the goals in force
    today or of the period or day chosen (``period``, ``as_of``, ``all``); its cover says
    which. A period the municipality does not have is a 422 naming it and the known ones."""
    service.require_municipality(slug)
    store, resolved = resolving("period", lambda: service.selected(slug, selection))
    validation = service.selected_report(slug, selection).report if kind == "audit" else None
    # links: this server's pages in HTML; the resources' own IRIs in files handed on (never
    # the request's Host header)
    link_base = "" if fmt == "html" else LINK_BASE
    body = service.read(
        ("report", kind, slug, lang, fmt, year, link_base, selection.key(), resolved.day),
        lambda _views: render_report(
            build_report(
                store,
                kind,
                slug,
                lang=lang,
                year=year,
                validation=validation,
                link_base=link_base,
                scope=resolved.text(lang),
            ),
            fmt,
        ),
    )
    response = Response(body, media_type=MEDIA_TYPES[fmt])
    if fmt != "html":
        suffix = {"pdf": "pdf", "docx": "docx"}[fmt]
        response.headers["Content-Disposition"] = f'attachment; filename="{kind}-{slug}.{suffix}"'
    response.headers["Content-Security-Policy"] = REPORT_CSP
    response.headers["Content-Language"] = lang
    return response
