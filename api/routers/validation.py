"""Validation reports: per municipality, and for an uploaded file that is not stored."""

from __future__ import annotations

import logging
from typing import Annotated, Any

from anyio import to_thread
from fastapi import APIRouter, Path
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from goalgraph.conventions import SLUG_MAX_LENGTH, SLUG_PATTERN
from goalgraph.errors import GoalgraphError, InputError
from goalgraph.mediatypes import JSONLD, NTRIPLES, TURTLE, by_suffix
from goalgraph.validation.findings import Labels, present, report_labels, upload_labels
from goalgraph.validation.report import ValidationReport

from ..deps import Reader, ReaderDep, SelectionDep
from ..rendering import render_html
from ..schemas import ValidationReportBody, ValidationStatus, errors, ok

router = APIRouter(tags=["validation"])
log = logging.getLogger("goalgraph.api")
REPORT_FORMATS = ("json", "html", "turtle", "text")
LIST_FORMATS = ("json", "html")
Slug = Annotated[
    str,
    Path(pattern=SLUG_PATTERN, max_length=SLUG_MAX_LENGTH, description="The municipality's slug."),
]
UPLOAD_TYPES = {
    TURTLE: {"schema": {"type": "string"}},
    JSONLD: {"schema": {"type": "object"}},
    NTRIPLES: {"schema": {"type": "string"}},
    "multipart/form-data": {
        "schema": {
            "type": "object",
            "properties": {"file": {"type": "string", "format": "binary"}},
            "required": ["file"],
        }
    },
}


def _report_view(report: ValidationReport, lang: str) -> dict[str, Any]:
    body: dict[str, Any] = report.to_json()
    for entry, result in zip(body["results"], report.results, strict=True):
        entry["message"] = result.message(lang)
    return body


def _respond_report(
    reader: Reader,
    report: Any,
    context: dict[str, Any],
    labels: Labels | None = None,
    selection: dict[str, Any] | None = None,
) -> Response:
    media, lang = reader.choose(REPORT_FORMATS), reader.lang
    group = "finding" if reader.request.query_params.get("group") == "finding" else "goal"
    context = {"findings": present(report, labels, lang), "group": group, **context}
    view = _report_view(report, lang)
    if selection is not None:
        view["selection"] = selection
    return reader.respond(
        media,
        view=view,
        template="validation.html",
        context={"report": report, **context},
        other={
            "turtle": lambda: report.to_turtle().encode("utf-8"),
            "text": lambda: report.to_text(lang, labels, group).encode("utf-8"),
        },
    )


def _statuses(reader: Reader) -> list[dict[str, Any]]:
    """Each municipality's validation status; one whose report cannot be made has none, with
    the reason in ``problem`` (and in the log)."""
    service, lang = reader.service, reader.lang
    out = []
    for municipality in reader.read(("municipalities", lang), lambda v: v.municipalities(lang)):
        entry = {
            "slug": municipality["slug"],
            "label": municipality["label"],
            "conforms": None,
            "violations": None,
            "warnings": None,
            "problem": None,
        }
        try:
            report = service.municipality_report(municipality["slug"])
            entry.update(
                conforms=report.conforms,
                violations=len(report.violations),
                warnings=len(report.warnings),
            )
        except GoalgraphError as exc:
            log.warning("no validation report for %s: %s", municipality["slug"], exc)
            entry["problem"] = str(exc)
        out.append(entry)
    return out


@router.get(
    "/validation",
    summary="Validation status and upload page",
    response_model=list[ValidationStatus],
    responses={**ok("Each municipality's validation status.", LIST_FORMATS), **errors(406, 422)},
)
def validation_index(reader: ReaderDep) -> Response:
    """Each municipality's validation status; the page also has a form to validate a file."""
    media = reader.choose(LIST_FORMATS)
    statuses = _statuses(reader)
    return reader.respond(
        media,
        view=statuses,
        template="validation.html",
        context={"statuses": statuses},
    )


@router.get(
    "/validation/{slug}",
    summary="A municipality's validation report",
    response_model=ValidationReportBody,
    responses={**ok("The report.", REPORT_FORMATS), **errors(400, 404, 406, 422)},
)
def validation_report(slug: Slug, reader: ReaderDep, selection: SelectionDep) -> Response:
    """The SHACL report of one municipality: integrity and model violations and audit warnings,
    with messages in Swedish or English."""
    reader.choose(REPORT_FORMATS)  # a format the client cannot take is refused first (406)
    lang = reader.lang
    selected = reader.service.selected_report(slug, selection)
    report = selected.report
    label = reader.read(
        ("label", slug, lang), lambda v: v.index.label(v.municipality(slug, lang)["iri"], lang)
    )
    service = reader.service
    labels = service.read(
        ("finding-labels", slug, lang), lambda _v: report_labels(service.store, report, lang)
    )
    context = {"subject": label, "slug": slug, "selection_note": selected.note(lang)}
    return _respond_report(reader, report, context, labels, selected.selection_json())


@router.post(
    "/validation",
    summary="Validate an uploaded file (not stored)",
    response_model=ValidationReportBody,
    responses={**ok("The report.", REPORT_FORMATS), **errors(400, 406, 413, 415, 422)},
    openapi_extra={"requestBody": {"required": True, "content": UPLOAD_TYPES}},
)
async def validate_upload(reader: ReaderDep) -> Response:
    """Validate Turtle, JSON-LD or N-Triples (as the body, or as the ``file`` field of a form)
    against all shapes and return the report; nothing is stored."""
    media, lang, service, request = (
        reader.choose(REPORT_FORMATS),
        reader.lang,
        reader.service,
        reader.request,
    )
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    source = "upload"
    if content_type == "multipart/form-data":
        form = await request.form(max_files=1, max_fields=5)
        upload = form.get("file")
        if not isinstance(upload, UploadFile):
            raise InputError("the form has no file field", source="upload")
        data = await upload.read()
        source = upload.filename or "upload"
        declared = (upload.content_type or "").split(";")[0].strip().lower()
        suffix = "." + source.rsplit(".", 1)[-1].lower() if "." in source else ""
        content_type = by_suffix(suffix) or declared
    else:
        data = await request.body()
    try:
        report = await to_thread.run_sync(
            lambda: service.validate_upload(data, content_type, source=source)
        )
    except InputError as exc:
        if media.name != "html":
            raise
        context = {"input_error": exc, "upload": _upload_excerpt(data, source, exc.line)}
        return render_html(request, "validation.html", lang, context, status=400)
    labels = await to_thread.run_sync(
        lambda: upload_labels(data, content_type, report, source=source, lang=lang)
    )
    return _respond_report(reader, report, {"subject": source}, labels)


def _upload_excerpt(data: bytes, name: str, line: int | None, around: int = 2) -> dict[str, Any]:
    """The file's name and, when the error has a line, the lines around it as the user sent
    them (numbered, the line itself marked), so the page shows what to correct."""
    lines = data.decode("utf-8", errors="replace").splitlines()
    excerpt = []
    if line is not None and 1 <= line <= len(lines):
        for number in range(max(1, line - around), min(len(lines), line + around) + 1):
            text = lines[number - 1]
            excerpt.append({"number": number, "text": text[:300], "here": number == line})
    return {"name": name, "excerpt": excerpt}
