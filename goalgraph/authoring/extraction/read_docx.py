"""Reading a Word file (python-docx) as blocks: headings by their style, list paragraphs
with their nesting, table rows with their cells. A file that is no Word file is refused.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from goalgraph.authoring.errors import AuthoringError
from goalgraph.authoring.extraction.blocks import Block, Document, refusal

__all__ = ["read_docx"]


def read_docx(data: bytes, source: str) -> Document:
    """The Word file ``data`` (the file ``source``) as a document of blocks."""
    from docx import Document as DocxDocument

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise refusal(
            source,
            "filen är ingen Word-fil (.docx är ett zip-arkiv, den här är det inte)",
            "the file is not a Word file (a .docx is a zip archive, this one is not)",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise refusal(
                    source,
                    "zip-arkivet saknar word/document.xml: ingen Word-fil",
                    "the zip archive has no word/document.xml: not a Word file",
                )
        word = DocxDocument(io.BytesIO(data))
    except AuthoringError:
        raise
    except Exception as exc:  # python-docx raises many kinds on broken parts
        raise refusal(
            source,
            f"Word-filen är skadad och kan inte läsas ({type(exc).__name__})",
            f"the Word file is damaged and cannot be read ({type(exc).__name__})",
        ) from exc
    return Document(source, "docx", list(_docx_blocks(word)))


def _docx_blocks(word: object) -> Iterator[Block]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    body = word.element.body  # type: ignore[attr-defined]
    number = 0
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            number += 1
            paragraph = Paragraph(child, word)  # type: ignore[arg-type]
            text = " ".join(paragraph.text.split())
            if not text:
                continue
            style = (paragraph.style.name if paragraph.style is not None else "") or ""
            props = child.pPr
            numbered = props is not None and props.numPr is not None
            if style.startswith(("Heading", "Rubrik", "Title")):
                level = re.search(r"\d", style)
                yield Block("heading", text, number, level=int(level.group(0)) if level else 1)
            elif numbered or style.startswith(("List", "Liststycke")):
                depth = 0
                if numbered and props.numPr.ilvl is not None:
                    depth = int(props.numPr.ilvl.val)
                else:
                    found = re.search(r"(\d)$", style)
                    depth = int(found.group(1)) - 1 if found else 0
                mark = "1." if "Number" in style else "•"
                yield Block("item", text, number, depth=depth, mark=mark)
            else:
                yield Block("paragraph", text, number)
        elif tag == "tbl":
            table = Table(child, word)  # type: ignore[arg-type]
            for row in table.rows:
                number += 1
                cells = [" ".join(c.text.split()) for c in row.cells]
                if any(cells):
                    yield Block("row", " | ".join(c for c in cells if c), number, cells=cells)
