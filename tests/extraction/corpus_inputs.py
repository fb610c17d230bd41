"""Inputs built from the corpus's real page text: HTML, PDF (fpdf2) and Word (python-docx).

The municipalities' passages are kept as text; these builders lay the same text out as the
forms municipalities publish, so each reader is tested on real wording. The layout follows
the text's own: list markers and indentation become lists (nested by indentation), short
lines without closing punctuation become headings, the rest paragraphs. In the PDF every text
line is set as it is (long lines wrap as they would on a page).
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import yaml

from goalgraph.authoring.extraction.reading import Block, text_blocks
from goalgraph.authoring.extraction.structure import heading_like

CORPUS = Path(__file__).parent
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def documents(part: str) -> list[tuple[str, str, dict, dict]]:
    """``(id, text, meta, gold)`` of every document in one part of the corpus (``dev``, …)."""
    out = []
    for path in sorted((CORPUS / part).glob("*.txt")):
        meta = yaml.safe_load(path.with_name(path.stem + ".meta.yaml").read_text("utf-8"))
        gold = yaml.safe_load(path.with_name(path.stem + ".gold.yaml").read_text("utf-8"))
        out.append((path.stem, path.read_text("utf-8"), meta, gold))
    return out


def _blocks(text: str) -> list[Block]:
    return list(text_blocks(text))


def to_html(text: str, title: str = "") -> bytes:
    """The text as an HTML page: ``<h2>``, ``<p>`` and nested ``<ul>``/``<ol>``."""
    parts = [f"<!DOCTYPE html><html lang='sv'><head><title>{html.escape(title)}</title>"
             "<script>var x = '<p>not text</p>';</script></head><body><nav><a href='/'>Meny</a>"
             "</nav><main>"]  # fmt: skip
    open_lists: list[str] = []
    for block in _blocks(text):
        if block.kind == "item":
            tag = "ol" if block.mark and block.mark[0].isdigit() else "ul"
            while len(open_lists) > block.depth + 1:
                parts.append(f"</li></{open_lists.pop()}>")
            if len(open_lists) == block.depth + 1:
                parts.append("</li>")
            while len(open_lists) < block.depth + 1:
                parts.append(f"<{tag}>")
                open_lists.append(tag)
            parts.append(f"<li>{html.escape(block.text)}")
            continue
        while open_lists:
            parts.append(f"</li></{open_lists.pop()}>")
        element = "h2" if heading_like(block) else "p"
        parts.append(f"<{element}>{html.escape(block.text)}</{element}>")
    while open_lists:
        parts.append(f"</li></{open_lists.pop()}>")
    parts.append("</main><footer>Kontakt</footer></body></html>")
    return "\n".join(parts).encode("utf-8")


def to_docx(text: str) -> bytes:
    """The text as a Word document: headings, list paragraphs (nested) and paragraphs."""
    from docx import Document

    document = Document()
    for block in _blocks(text):
        if block.kind == "item":
            numbered = bool(block.mark and block.mark[0].isdigit())
            style = "List Number" if numbered else "List Bullet"
            if block.depth:
                style += f" {min(block.depth + 1, 3)}"
            document.add_paragraph(block.text, style=style)
        elif heading_like(block):
            document.add_heading(block.text, level=2)
        else:
            document.add_paragraph(block.text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def to_pdf(text: str, repeat: int = 1) -> bytes:
    """The text as a PDF with a text layer, each text line set as written (``repeat`` times,
    each copy on new pages)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(True, margin=15)
    if FONT.exists():
        pdf.add_font("DejaVu", fname=str(FONT))
        pdf.set_font("DejaVu", size=10)
        clean = text
    else:  # the core font knows Latin-1 only
        pdf.set_font("Helvetica", size=10)
        clean = text.translate({0x2013: "-", 0x2022: "*", 0x201C: '"', 0x201D: '"'})
        clean = clean.encode("latin-1", "replace").decode("latin-1")
    for _ in range(repeat):
        pdf.add_page()
        for line in clean.split("\n"):
            stripped = line.rstrip()
            indent = len(stripped) - len(stripped.lstrip())
            pdf.set_x(pdf.l_margin + 3 * indent)
            if stripped:
                pdf.multi_cell(0, 5, stripped.strip(), new_x="LMARGIN", new_y="NEXT")
            else:
                pdf.ln(3)
    return bytes(pdf.output())


def build(text: str, form: str, title: str = "") -> tuple[bytes, str]:
    """The input of ``form`` (``txt``, ``html``, ``pdf``, ``docx``) and its file suffix."""
    if form == "html":
        return to_html(text, title), ".html"
    if form == "pdf":
        return to_pdf(text), ".pdf"
    if form == "docx":
        return to_docx(text), ".docx"
    return text.encode("utf-8"), ".txt"
