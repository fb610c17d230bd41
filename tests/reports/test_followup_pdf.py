"""The follow-up report as a PDF: it opens, its outline holds the report's headings in order,
and its pages say them, in Swedish and in English."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pypdf
import pytest

from goalgraph.reports import build_report, render_report
from goalgraph.store.oxigraph import OxigraphStore


def _outline(entries: Sequence[object], reader: pypdf.PdfReader) -> list[str]:
    titles: list[str] = []
    for entry in entries:
        if isinstance(entry, list):
            titles.extend(_outline(entry, reader))
        else:
            titles.append(str(getattr(entry, "title", "")))
    return titles


@pytest.mark.parametrize(
    ("lang", "headings"),
    [
        (
            "sv",
            [
                "Uppföljning av målen",
                "Sammanfattning",
                "Status per mål",
                "Indikatorernas utfall",
                "Målkedjan",
            ],
        ),
        (
            "en",
            ["Goal follow-up", "Summary", "Status per goal", "Indicator results", "The goal chain"],
        ),
    ],
)
def test_the_followup_pdf_opens_with_its_headings(
    provby_store: OxigraphStore, lang: str, headings: list[str]
) -> None:
    report = build_report(provby_store, "followup", "provby", lang=lang, year=2024)
    data = render_report(report, "pdf")
    assert data.startswith(b"%PDF-")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) >= 2
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    outline = _outline(reader.outline, reader)
    for heading in headings:
        assert heading in text, f"the pages say {heading!r}"
    found = [next((i for i, t in enumerate(outline) if heading in t), -1) for heading in headings]
    assert -1 not in found, f"the outline lists the report and its sections: {outline}"
    assert found == sorted(found), f"in their order: {outline}"
