"""Draft extraction through the API: ``POST /extract`` with a goal document.

The document may be a PDF, a Word file (.docx), an HTML page or plain text; the answer is the
draft and its validation report (JSON, or the draft as RDF), or the draft as the authoring
sheet for review (``sheet=xlsx`` or ``sheet=yaml``). Nothing is stored: the reviewed sheet
imports through ``PUT /graph/{slug}/sheet``, which validates it.

Bad input is a 4xx naming the file and the problem: a PDF without a text layer, an encrypted
or damaged PDF, a .docx that is not a Word file, text in an unknown encoding or in another
language, a document over the limits. The route does HTTP only;
:mod:`goalgraph.authoring.extraction` does the work.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from anyio import to_thread
from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import Response

from goalgraph.authoring.errors import AuthoringError, Issue
from goalgraph.authoring.extraction import Draft, extract_document, read_document
from goalgraph.authoring.extraction.reading import detect_format
from goalgraph.authoring.extraction.review import review_bytes, review_report
from goalgraph.mediatypes import JSONLD
from goalgraph.validation.graph import ValidationReport, validate_graph

from ..deps import AcceptHeader, FormatParam, LangDep, choose
from ..negotiation import RDF_FORMATS, content_types
from ..rendering import respond
from ..schemas import DraftBody, errors
from ..service import serialize_triples
from .authoring import SHEET_MEDIA, SLUG_PATTERN, _issue, _source_name

router = APIRouter(tags=["authoring"])

#: The largest plain-text or HTML document a draft is made from (the extraction is linear in
#: its length, but the validation of the draft grows faster; goal passages are a few kB).
MAX_DOCUMENT_BYTES = 64 * 1024
#: HTML pages carry markup around their text.
MAX_HTML_BYTES = 2 * 1024 * 1024
#: The most text a PDF or Word file may hold for one draft (about 150 pages).
MAX_TEXT_CHARS = 400_000
DRAFT_FORMATS = ("json", *RDF_FORMATS)

_DRAFT_HEADERS: dict[str, Any] = {
    "Goalgraph-Conforms": {
        "description": "`true` when the draft passes the integrity and model shapes.",
        "schema": {"type": "string", "enum": ["true", "false"]},
    },
    "Goalgraph-Violations": {
        "description": "The number of violations in the draft's validation report.",
        "schema": {"type": "integer"},
    },
}


def _too_long(source: str, size: int, limit: int) -> AuthoringError:
    return AuthoringError([_issue(source, "document_too_long", size=size, limit=limit)])


def _extract(
    data: bytes, source: str, slug: str, name: str | None, code: str | None, encoding: str | None
) -> tuple[Draft, ValidationReport]:
    if not data.strip():
        raise AuthoringError([_issue(source, "document_empty")])
    form = detect_format(data, source)
    if form == "text" and len(data) > MAX_DOCUMENT_BYTES:
        raise _too_long(source, len(data), MAX_DOCUMENT_BYTES)
    if form == "html" and len(data) > MAX_HTML_BYTES:
        raise _too_long(source, len(data), MAX_HTML_BYTES)
    document = read_document(data, source, form, encoding=encoding)
    size = sum(len(b.text) for b in document.blocks)
    if (form == "html" and size > MAX_DOCUMENT_BYTES) or size > MAX_TEXT_CHARS:
        limit = MAX_DOCUMENT_BYTES if form == "html" else MAX_TEXT_CHARS
        raise AuthoringError(
            [
                Issue(
                    source,
                    f"dokumentet har {size} tecken text, mer än gränsen {limit} för ett utkast: "
                    "dela upp det",
                    f"the document holds {size} characters of text, more than the limit of "
                    f"{limit} for a draft: split it",
                )
            ]
        )
    draft = extract_document(document, slug, name=name, code=code)
    return draft, validate_graph(draft.graph, audit=False)


def _report_view(report: ValidationReport, lang: str) -> dict[str, Any]:
    body = report.to_json()
    for entry, result in zip(body["results"], report.results, strict=True):
        entry["message"] = result.message(lang)
    return body


@router.post(
    "/extract",
    summary="A draft graph from a goal document: PDF, Word, HTML or text (not stored)",
    response_model=DraftBody,
    responses={
        200: {
            "description": "The draft and its validation report (JSON), the draft as RDF "
            "(Turtle starts with the report as comments), or the draft as the authoring sheet "
            "(`sheet=xlsx` or `sheet=yaml`).",
            "content": {
                **content_types(RDF_FORMATS),
                SHEET_MEDIA["xlsx"]: {"schema": {"type": "string", "format": "binary"}},
                SHEET_MEDIA["yaml"]: {
                    "schema": {"type": "object", "description": "The sheets mapped to rows."}
                },
            },
            "headers": _DRAFT_HEADERS,
        },
        **errors(400, 406, 413, 422),
    },
)
async def extract_draft(
    request: Request,
    file: Annotated[
        UploadFile,
        File(description="The goal document: PDF, Word (.docx), HTML or plain text."),
    ],
    municipality: Annotated[
        str,
        Form(pattern=SLUG_PATTERN, max_length=64, description="The municipality's slug."),
    ],
    lang: LangDep,
    name: Annotated[
        str | None,
        Form(max_length=100, description="The municipality's name as the text writes it."),
    ] = None,
    code: Annotated[
        str | None, Form(pattern=r"^[0-9]{4}$", description="The municipality code, e.g. 1884.")
    ] = None,
    encoding: Annotated[
        Literal["utf-8", "utf-16", "cp1252", "latin-1"] | None,
        Form(description="A text or HTML file's encoding (default: UTF-8, or UTF-16 with BOM)."),
    ] = None,
    sheet: Annotated[
        Literal["xlsx", "yaml"] | None,
        Query(description="Answer with the draft as the authoring sheet for review."),
    ] = None,
    accept: AcceptHeader = None,
    fmt: FormatParam = None,
) -> Response:
    """Draft a municipality's graph from a goal document (`goalgraph extract`): goals and the
    document's own levels, bodies, case numbers, decisions (`KF § 112`), dated process steps,
    each citing its passage (page and line), with its confidence, marked `gg:Suggested`. The
    answer holds the draft, its validation report and every extracted statement (`review`);
    nothing is stored: review the sheet and import it."""
    data = await file.read()
    source = _source_name(file.filename or "", f"{municipality}.txt")
    draft, report = await to_thread.run_sync(
        _extract, data, source, municipality, name, code, encoding
    )
    if sheet is not None:
        body = await to_thread.run_sync(review_bytes, draft, sheet)
        response = Response(
            body, media_type=SHEET_MEDIA[sheet] + ("; charset=utf-8" if sheet == "yaml" else "")
        )
        stem = source.rsplit(".", 1)[0]
        response.headers["Content-Disposition"] = f'attachment; filename="{stem}-utkast.{sheet}"'
    else:
        media = choose(DRAFT_FORMATS, accept, fmt)
        ntriples = draft.graph.serialize(format="nt", encoding="utf-8")

        def turtle() -> bytes:
            notes = "".join(f"# {line}\n" for line in report.to_text(lang).splitlines())
            return (notes + "\n" + draft.to_turtle()).encode("utf-8")

        view = None
        if media.name == "json":
            view = {
                "slug": draft.slug,
                "source": draft.source,
                "stored": False,
                "counts": draft.counts,
                "report": _report_view(report, lang),
                "review": review_report(draft),
                "graph": json.loads(serialize_triples(ntriples, JSONLD)),
            }
        response = respond(
            request,
            media,
            lang,
            view=view,
            rdf=lambda media_type: serialize_triples(ntriples, media_type),
            other={"turtle": turtle},
        )
    response.headers["Goalgraph-Conforms"] = "true" if report.conforms else "false"
    response.headers["Goalgraph-Violations"] = str(len(report.violations))
    return response


__all__: list[Any] = ["router"]
