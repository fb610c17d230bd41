"""Authoring through the API: the template and a municipality as a sheet (export and validated
import); what changed between periods and goal status: :mod:`api.routers.lifecycle`; SDG
suggestions: :mod:`api.routers.suggestions`; drafts from goal documents:
:mod:`api.routers.extraction`.

The routes do HTTP only; :mod:`goalgraph.authoring` does the work. An import is read,
validated against the integrity shapes and committed through
:meth:`GraphService.import_graph` (the same path as ``PUT /graph/{slug}``), so the lock and the
caches stay right and any error leaves the store as it was.

Uploads are read from memory by the library's bytes functions, which turn any bad input (a
file that is not a workbook, YAML that does not parse, an unknown encoding, impossible dates)
into an :class:`AuthoringError` naming the file and the line, sheet, row and column: a 422.
"""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache
from pathlib import PurePosixPath
from typing import Annotated, Any, Literal

from anyio import to_thread
from fastapi import APIRouter, Depends, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import Response
from starlette.datastructures import UploadFile as StarletteUploadFile

from goalgraph.authoring.errors import AuthoringError, Issue
from goalgraph.authoring.workbook import (
    export_municipality_bytes,
    read_workbook_bytes,
    template_bytes,
)
from goalgraph.conventions import SLUG_PATTERN
from goalgraph.store.edit import UnsupportedFormatError

from ..deps import LangDep, ServiceDep, get_settings, require_writer
from ..i18n import text
from ..rendering import render_json
from ..schemas import ImportErrorBody, WriteBody, errors
from ..service import READ_ONLY_GRAPHS, GraphService, WriteResult
from ..settings import Settings

router = APIRouter(tags=["authoring"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
YAML = "application/yaml"
#: The sheet forms served and accepted, with their media types (CSV folders are CLI-only).
SHEET_MEDIA = {"xlsx": XLSX, "yaml": YAML}
#: Content types of an uploaded sheet, and the form each names.
SHEET_TYPES = {
    XLSX: "xlsx",
    YAML: "yaml",
    "application/x-yaml": "yaml",
    "text/yaml": "yaml",
    "text/x-yaml": "yaml",
}
_SUFFIX_FORMS = {".xlsx": "xlsx", ".yaml": "yaml", ".yml": "yaml"}
#: An uploaded workbook may unpack to at most this many times the upload limit.
UNPACK_RATIO = 20

Slug = Annotated[
    str,
    PathParam(
        description="The municipality's slug, e.g. `nora`.", pattern=SLUG_PATTERN, max_length=64
    ),
]
SheetForm = Annotated[
    Literal["xlsx", "yaml"],
    Query(description="`xlsx` (default): an Excel workbook; `yaml`: the same sheets as YAML."),
]
Encoding = Annotated[
    Literal["utf-8", "utf-16", "cp1252", "latin-1"] | None,
    Query(description="The text encoding of a YAML upload (default: UTF-8, or UTF-16 with BOM)."),
]
SettingsDep = Annotated[Settings, Depends(get_settings)]

#: The YAML form: a mapping from sheets (``goals``, ``levels``, ...) to lists of rows.
_YAML_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "The sheets (`goals`, `levels`, ...) mapped to lists of rows, each row a "
    "mapping from column to value.",
}
_SHEET_UPLOAD: dict[str, Any] = {
    XLSX: {"schema": {"type": "string", "format": "binary"}},
    **{t: {"schema": _YAML_SCHEMA} for t, f in SHEET_TYPES.items() if f == "yaml"},
    "multipart/form-data": {
        "schema": {
            "type": "object",
            "properties": {"file": {"type": "string", "format": "binary"}},
            "required": ["file"],
        }
    },
}


def _file_response(body: bytes, form: str, filename: str, lang: str) -> Response:
    media_type = SHEET_MEDIA[form] + ("; charset=utf-8" if form == "yaml" else "")
    response = Response(body, media_type=media_type)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Content-Language"] = lang
    return response


def _issue(source: str, key: str, **fields: object) -> Issue:
    """An issue with the Swedish and English text of ``key`` in :mod:`api.i18n`."""
    return Issue(source, text(key, "sv").format(**fields), text(key, "en").format(**fields))


def _base(content_type: str | None) -> str:
    return (content_type or "").split(";")[0].strip().lower()


def _source_name(filename: str, fallback: str) -> str:
    """A safe file name for an upload: it names the file in issues."""
    name = PurePosixPath(filename.replace("\\", "/")).name
    return re.sub(r"[^\w.-]", "_", name)[:80].lstrip(".") or fallback


# -- the template and a municipality as a sheet ----------------------------------------------


@cache
def _template(form: str) -> bytes:
    return template_bytes(form)


@router.get(
    "/template",
    summary="The empty template (Excel or YAML)",
    response_class=Response,
    responses={
        200: {
            "description": "The template: one sheet per kind, with instructions and lists.",
            "content": {
                XLSX: {"schema": {"type": "string", "format": "binary"}},
                YAML: {"schema": _YAML_SCHEMA},
            },
        },
        **errors(422),
    },
)
async def template(lang: LangDep, form: SheetForm = "xlsx") -> Response:
    """The template to fill in for a municipality (`goalgraph template`): one sheet per kind
    (levels, bodies, goals, documents, decisions, indicators, links), Swedish headers, an
    instruction sheet and drop-down lists. `?form=yaml` gives the YAML form: every sheet with
    a commented example row naming its columns."""
    body = await to_thread.run_sync(_template, form)
    return _file_response(body, form, f"goalgraph-mall.{form}", lang)


@router.get(
    "/graph/{slug}/sheet",
    summary="A municipality as a sheet (Excel or YAML)",
    response_class=Response,
    responses={
        200: {
            "description": "The municipality in the template's form.",
            "content": {
                XLSX: {"schema": {"type": "string", "format": "binary"}},
                YAML: {"schema": _YAML_SCHEMA},
            },
        },
        **errors(404, 422),
    },
)
async def get_sheet(
    slug: Slug, service: ServiceDep, lang: LangDep, form: SheetForm = "xlsx"
) -> Response:
    """The municipality's graph written to the template (`goalgraph export-sheet`): edit it
    and send it back with `PUT`. Identifiers are stable, so a re-import updates and never
    duplicates."""
    body = await to_thread.run_sync(
        lambda: service.municipality_read(
            ("sheet", form), slug, lambda store: export_municipality_bytes(store, slug, form)
        )
    )
    return _file_response(body, form, f"{slug}.{form}", lang)


async def _sheet_upload(request: Request, slug: str, lang: str) -> tuple[str, bytes, str]:
    """The form (``xlsx``/``yaml``), bytes and file name of an uploaded sheet."""
    content_type = _base(request.headers.get("content-type"))
    if content_type == "multipart/form-data":
        fields = await request.form(max_files=1, max_fields=5)
        upload = fields.get("file")
        if not isinstance(upload, StarletteUploadFile):
            raise AuthoringError([_issue("upload", "sheet_no_file")])
        data = await upload.read()
        filename = upload.filename or ""
        suffix = PurePosixPath(filename).suffix.lower()
        form = _SUFFIX_FORMS.get(suffix) or SHEET_TYPES.get(_base(upload.content_type))
        if form is None:
            form = "xlsx" if data.startswith(b"PK\x03\x04") else "yaml"
    else:
        form = SHEET_TYPES.get(content_type)
        if form is None:
            found = content_type or "(none)"
            raise UnsupportedFormatError(text("sheet_unsupported_type", lang).format(found=found))
        data = await request.body()
        filename = ""
    return form, data, _source_name(filename, f"{slug}.{form}")


def _check_unpacked(data: bytes, source: str, limit: int) -> None:
    """Refuse a workbook whose parts unpack to more than ``limit`` bytes (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            size = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, EOFError, OSError):
        return  # not a zip file: the reader says so, naming the file
    if size > limit:
        raise AuthoringError([_issue(source, "sheet_unpacks_too_large", size=size, limit=limit)])


def _import_sheet(
    service: GraphService,
    slug: str,
    form: str,
    data: bytes,
    source: str,
    encoding: str | None,
    unpack_limit: int,
) -> WriteResult:
    if form == "xlsx":
        _check_unpacked(data, source, unpack_limit)
    found, graph = read_workbook_bytes(data, source, form, encoding=encoding)
    if found != slug:
        raise AuthoringError([_issue(source, "sheet_other_municipality", found=found, slug=slug)])
    return service.import_graph(slug, graph)


@router.put(
    "/graph/{slug}/sheet",
    summary="Import a sheet as a municipality's graph (validated)",
    dependencies=[Depends(require_writer)],
    response_model=WriteBody,
    responses={
        201: {"model": WriteBody, "description": "A new municipality's graph was created."},
        **errors(400, 401, 403, 404, 413, 415),
        422: {
            "model": ImportErrorBody,
            "description": "The sheet has errors (each with its sheet, row and column), or "
            "the graph it describes does not pass the integrity shapes; nothing was stored.",
            "content": {"text/html": {"schema": {"type": "string"}}},
        },
    },
    openapi_extra={"requestBody": {"required": True, "content": _SHEET_UPLOAD}},
)
async def put_sheet(
    request: Request,
    slug: Slug,
    service: ServiceDep,
    settings: SettingsDep,
    lang: LangDep,
    encoding: Encoding = None,
) -> Response:
    """Replace the municipality's graph with an uploaded sheet (`goalgraph import`): an Excel
    workbook or YAML, as the body or as the `file` field of a form. The whole file is read and
    the graph validated before anything is stored; every error names the sheet, row and
    column, and nothing is imported unless the whole municipality validates. The sheet must
    describe the municipality `{slug}`."""
    if slug in READ_ONLY_GRAPHS:
        raise PermissionError(f"the graph {slug!r} is reference data and cannot be changed")
    form, data, source = await _sheet_upload(request, slug, lang)
    limit = settings.max_upload_bytes * UNPACK_RATIO
    result = await to_thread.run_sync(
        _import_sheet, service, slug, form, data, source, encoding, limit
    )
    key = "sheet_created" if result.created else "sheet_replaced"
    body = {
        "graph": result.graph,
        "slug": result.slug,
        "triples": result.triples,
        "created": result.created,
        "warnings": result.warnings,
        "message": text(key, lang).format(
            graph=result.graph, triples=result.triples, source=source
        ),
    }
    return render_json(request, body, lang, status=201 if result.created else 200)


__all__: list[Any] = ["router"]
