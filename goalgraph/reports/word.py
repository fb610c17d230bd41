"""A report as a Word document (.docx, python-docx): cover, table of contents, headings,
tables with traffic-light cells and the diagrams as pictures."""

from __future__ import annotations

import io

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docx.text.paragraph import Paragraph as DocxParagraph

from goalgraph.diagrams.style import text_colour
from goalgraph.reports.document import (
    Facts,
    Figure,
    Items,
    Paragraph,
    Quote,
    Report,
    Section,
    Table,
)

PICTURE_WIDTH = Cm(16)


def to_docx(report: Report) -> bytes:
    """The report as .docx bytes; Word fills in the contents' page numbers when opened."""
    doc = Document()
    doc.core_properties.title = f"{report.title} – {report.municipality}"
    doc.core_properties.author = "goalgraph"
    doc.core_properties.language = report.lang
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)
    _cover(doc, report)
    _contents(doc, report)
    for section in report.sections:
        _section(doc, section)
    _update_fields_on_open(doc)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _cover(doc: DocxDocument, report: Report) -> None:
    kicker = doc.add_paragraph(report.municipality)
    kicker.runs[0].font.size = Pt(14)
    doc.add_heading(report.title, level=0)
    doc.add_paragraph(report.subtitle).runs[0].font.size = Pt(13)
    for line in report.cover[1:]:
        doc.add_paragraph(line).runs[0].font.size = Pt(9)
    _page_break(doc)


def _contents(doc: DocxDocument, report: Report) -> None:
    """A TOC field whose shown result already lists the headings (Word updates it on open)."""
    doc.add_heading(report.strings["contents"], level=1)
    first = doc.add_paragraph()
    _field_char(first, "begin")
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = 'TOC \\o "1-2" \\h \\z \\u'
    run = first.add_run()
    run._r.append(instr)
    _field_char(first, "separate")
    last: DocxParagraph = first
    for i, section in enumerate(report.sections):
        paragraph = first if i == 0 else doc.add_paragraph()
        paragraph.paragraph_format.left_indent = Cm(0.8 * (section.level - 1))
        paragraph.add_run(section.heading)
        last = paragraph
    _field_char(last, "end")
    _page_break(doc)


def _field_char(paragraph: DocxParagraph, kind: str) -> None:
    element = OxmlElement("w:fldChar")
    element.set(qn("w:fldCharType"), kind)
    paragraph.add_run()._r.append(element)


def _update_fields_on_open(doc: DocxDocument) -> None:
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _page_break(doc: DocxDocument) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _section(doc: DocxDocument, section: Section) -> None:
    if section.new_page:
        _page_break(doc)
    doc.add_heading(section.heading, level=section.level)
    for block in section.blocks:
        if isinstance(block, Paragraph):
            if block.style == "subheading":
                doc.add_heading(block.text, level=3)
                continue
            paragraph = doc.add_paragraph(block.text)
            if block.style == "lead":
                paragraph.runs[0].font.size = Pt(12)
            elif block.style == "note":
                paragraph.runs[0].font.size = Pt(9)
        elif isinstance(block, Facts):
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for key, value in block.rows:
                cells = table.add_row().cells
                cells[0].text, cells[1].text = key, value
                cells[0].paragraphs[0].runs[0].bold = True
        elif isinstance(block, Items):
            if block.title:
                doc.add_heading(block.title, level=3)
            for item in block.items:
                doc.add_paragraph(item, style="List Bullet")
        elif isinstance(block, Quote):
            paragraph = doc.add_paragraph(style="Quote")
            paragraph.add_run(f"”{block.text}”").italic = True
            if block.source:
                paragraph.add_run(f" – {block.source}").italic = False
        elif isinstance(block, Table):
            _table(doc, block)
        elif isinstance(block, Figure):
            doc.add_picture(io.BytesIO(block.png), width=PICTURE_WIDTH)
            doc.add_paragraph(block.caption).runs[0].font.size = Pt(9)


def _table(doc: DocxDocument, block: Table) -> None:
    if block.caption:
        doc.add_heading(block.caption, level=3)
    table = doc.add_table(rows=1, cols=len(block.header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, block.header, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for row in block.rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = value.text
            if value.colour:
                _shade(cell, value.colour)


def _shade(cell: _Cell, colour: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#"))
    cell._tc.get_or_add_tcPr().append(shading)
    for run in cell.paragraphs[0].runs:
        run.bold = True
        run.font.color.rgb = RGBColor.from_string(text_colour(colour).lstrip("#").upper())
