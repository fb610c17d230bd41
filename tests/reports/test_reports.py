"""The reports to hand on: PDF (pypdf), Word (python-docx) and HTML, from the API and the CLI."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pypdf
import pytest
from fastapi.testclient import TestClient

from goalgraph.cli import main
from goalgraph.reports import build_report, render_report
from goalgraph.store.oxigraph import OxigraphStore

KF = re.compile(r"KF-mål (\d+)")


def _pdf_text(data: bytes) -> tuple[int, str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), re.sub(r"[ \t]+", " ", text)


def _first_positions(text: str) -> list[int]:
    seen: list[int] = []
    for n in (int(m) for m in KF.findall(text)):
        if n not in seen:
            seen.append(n)
    return seen


def test_audit_pdf_has_cover_contents_summary_lights_and_every_goal(audit_pdf: bytes) -> None:
    pages, text = _pdf_text(audit_pdf)
    assert pages >= 8
    for heading in (
        "Granskning av målkedjan",
        "Innehåll",
        "Sammanfattning",
        "Trafikljus",
        "Fynd per mål",
        "Underlag i källan",
        "Målkedjan",
    ):
        assert heading in text, heading
    assert "KF-mål 1 – Ansvarsfull och produktiv ekonomi" in text
    assert "KF-mål 11 – Service och tillgänglighet för näringslivet" in text
    assert "Inget styrdokument stödjer målet" in text
    assert _first_positions(text) == list(range(1, 12))  # natural order, in the contents
    # the evidence: Nora's own wording of the goal, quoted from the source
    assert "använda sina ekonomiska resurser ansvarsfullt och produktivt" in text
    assert "gg:" not in text and "w3id.org" not in text
    contents = text.split("Innehåll", 1)[1].split("Sammanfattning", 2)[1]
    assert re.search(r"\.{5,} ?\d+", contents)  # dotted leaders and page numbers


def test_audit_pdf_embeds_the_goal_chain_diagram(audit_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(audit_pdf))
    widths = []
    for page in reader.pages:
        objects = page["/Resources"].get("/XObject", {})
        for ref in objects.values():
            item = ref.get_object()
            if item.get("/Subtype") == "/Image":
                widths.append(int(item["/Width"]))
    assert widths and max(widths) > 1000  # the chain diagram, drawn at print resolution


def test_programme_pdf_in_english_has_one_spread_per_council_goal(programme_pdf: bytes) -> None:
    pages, text = _pdf_text(programme_pdf)
    assert "Goal programme" in text and "Contents" in text and "The council's goals" in text
    assert "Innehåll" not in text and "Målprogram" not in text
    spreads = [p for p in pypdf.PdfReader(io.BytesIO(programme_pdf)).pages]
    headed = [
        p.extract_text()
        for p in spreads
        if "Sub-goals and goals that support it" in p.extract_text()
    ]
    assert len(headed) == 4  # Vaggeryd's four council goals, one page each
    assert "Agenda 2030 through governing documents" in text
    assert pages >= 8


def _docx_headings(data: bytes) -> list[tuple[str, str]]:
    document = docx.Document(io.BytesIO(data))
    return [
        (p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")
    ] + [("Title", p.text) for p in document.paragraphs if p.style.name == "Title"]


def test_audit_docx_has_headings_contents_field_lights_and_picture(store: OxigraphStore) -> None:
    data = render_report(build_report(store, "audit", "nora", lang="sv"), "docx")
    headings = _docx_headings(data)
    assert ("Title", "Granskning av målkedjan") in headings
    assert ("Heading 1", "Sammanfattning") in headings and ("Heading 1", "Trafikljus") in headings
    goal_headings = [text for style, text in headings if style == "Heading 2"]
    assert goal_headings[5] == "KF-mål 1 – Ansvarsfull och produktiv ekonomi"
    assert _first_positions("\n".join(goal_headings)) == list(range(1, 12))
    document = docx.Document(io.BytesIO(data))
    assert 'TOC \\o "1-2"' in document.element.xml
    assert len(document.inline_shapes) == 1
    fills = re.findall(r'w:fill="([0-9A-Fa-f]{6})"', document.element.xml)
    assert {"2e7d32", "f2c94c"} <= {f.lower() for f in fills}


def test_followup_reports_status_from_results_and_the_sources(
    provby_store: OxigraphStore,
) -> None:
    report = build_report(provby_store, "followup", "provby", lang="sv", year=2024)
    html = render_report(report, "html").decode("utf-8")
    assert "Uppföljning av målen" in html and "2024" in html
    assert "Delvis uppnått" in html and "Inte uppnått" in html and "Uppnått" in html
    assert "96 %" in html  # goal-kf1-2023: the indicator 94 % weighted 2 and the board goal
    assert "Källa" in html
    words = render_report(report, "docx")
    headings = [text for _, text in _docx_headings(words)]
    assert "Indikatorernas utfall" in headings and "Status per mål" in headings


def test_nora_followup_says_there_are_no_results(store: OxigraphStore) -> None:
    html = render_report(build_report(store, "followup", "nora", lang="en"), "html").decode()
    assert "holds no results" in html and "No data" in html


def test_api_serves_word_and_html_and_refuses_unknown_kinds(report_client: TestClient) -> None:
    word = report_client.get("/reports/programme/vaggeryd?format=docx&lang=sv")
    assert word.status_code == 200
    assert word.headers["content-disposition"] == 'attachment; filename="programme-vaggeryd.docx"'
    assert ("Title", "Målprogram") in _docx_headings(word.content)
    page = report_client.get("/reports/audit/vaggeryd?lang=en")
    assert page.headers["content-type"].startswith("text/html")
    assert "<h1>Review of the goal chain</h1>" in page.text
    assert "script-src" not in page.headers["content-security-policy"]
    assert report_client.get("/reports/summary/nora").status_code == 422
    missing = report_client.get("/reports/audit/stockholm")
    assert missing.status_code == 404 and "stockholm" in missing.text


def test_cli_writes_the_report_named_by_the_suffix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "malprogram.docx"
    assert main(["report", "programme", "vaggeryd", "-o", str(out)]) == 0
    assert ("Title", "Målprogram") in _docx_headings(out.read_bytes())
    assert main(["report", "audit", "nora", "-o", str(tmp_path / "x.odt")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    assert main(["report", "audit", "stockholm", "-o", str(tmp_path / "x.pdf")]) == 2
    assert "unknown municipality 'stockholm'" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()
