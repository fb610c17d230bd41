"""Comparing municipalities' goal structures and Agenda 2030 coverage
(goalgraph.analysis.compare), and the comparison's tables for researchers."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from fastapi.responses import Response

from goalgraph.analysis.comparison_report import comparison_strings
from goalgraph.analysis.frames import write_tables
from goalgraph.errors import GoalgraphError

from ..deps import ReaderDep, SelectionDep
from ..schemas import errors, ok

router = APIRouter(tags=["comparison"])
OFFERED = ("json", "html", "markdown")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Municipalities = Annotated[
    list[str] | None,
    Query(
        alias="m",
        description="Slugs of the municipalities to compare (default: all).",
        max_length=50,
    ),
]


def _slugs(reader: ReaderDep, m: list[str] | None) -> list[str]:
    service = reader.service
    slugs = list(dict.fromkeys(m or service.slugs()))
    for slug in slugs:
        service.require_municipality(slug)
    if len(slugs) < 2:
        raise GoalgraphError("a comparison needs two or more municipalities")
    return slugs


@router.get(
    "/comparison",
    summary="Compare municipalities",
    response_model=dict[str, Any],
    responses={**ok("The comparison.", OFFERED), **errors(400, 404, 406, 422)},
)
def comparison(reader: ReaderDep, selection: SelectionDep, m: Municipalities = None) -> Response:
    """Goal structures, current periods, clusters and Agenda 2030 coverage side by side; without
    ``m`` (or with every slug) all municipalities with goal data."""
    media, lang, service = reader.choose(OFFERED), reader.lang, reader.service
    slugs = _slugs(reader, m)
    # the comparison and the page's part (tables and drawn diagrams), once per generation
    result, fragment = service.comparison_page(slugs, lang, selection)
    view: dict[str, Any] = result.to_json()
    return reader.respond(
        media,
        view=view,
        template="comparison.html",
        context={
            "comparison": result,
            "fragment": fragment,
            "chosen": slugs,
            "ct": comparison_strings(lang),
            "all": reader.read(("municipalities", lang), lambda v: v.municipalities(lang)),
        },
        other={"markdown": lambda: result.to_markdown().encode("utf-8")},
    )


@router.get(
    "/comparison/tables",
    summary="The comparison's tables (xlsx or zipped CSV)",
    responses={
        200: {
            "description": "One sheet (xlsx) or one CSV file (zip) per table.",
            "content": {XLSX: {}, "application/zip": {}},
        },
        **errors(400, 404, 422),
    },
)
def comparison_tables(
    reader: ReaderDep,
    selection: SelectionDep,
    m: Municipalities = None,
    kind: Annotated[Literal["xlsx", "csv"], Query(alias="as")] = "xlsx",
) -> Response:
    """The tables of the comparison for researchers: metrics, current periods, levels, SDG
    coverage, overlap, similar goals, clusters, processes."""
    slugs = _slugs(reader, m)
    result = reader.service.comparison(slugs, reader.lang, selection)
    with tempfile.TemporaryDirectory(prefix="goalgraph-tables-") as folder:
        if kind == "xlsx":
            path = write_tables(result, Path(folder) / "comparison.xlsx")[0]
            body, media, name = path.read_bytes(), XLSX, "comparison.xlsx"
        else:
            buffer = io.BytesIO()
            with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
                for path in write_tables(result, Path(folder) / "csv"):
                    archive.write(path, path.name)
            body, media, name = buffer.getvalue(), "application/zip", "comparison-csv.zip"
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
