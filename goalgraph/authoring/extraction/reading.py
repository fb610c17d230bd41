"""Reading a goal document as municipalities publish it: PDF, Word, HTML or plain text.

Every form becomes one :class:`Document`: a list of :class:`Block` (headings, paragraphs,
list items with their nesting and numbering, table rows with their cells), each with the page
and line it comes from. The libraries do the reading (pypdf, python-docx, the standard
library's HTML parser); what is read is never executed, written to disk or followed.

A file that cannot be read is an :class:`~goalgraph.authoring.errors.AuthoringError` naming
the file and the problem: a PDF without a text layer (a scan), an encrypted or damaged PDF, a
``.docx`` that is not a Word file, text in an unknown encoding, a document in another
language than Swedish.

One thing over 400 lines: turning each input format into the same blocks (headings, list
items, table rows, paragraphs), with the refusals of each format beside its reader.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Literal

from goalgraph.authoring.errors import AuthoringError, Issue
from goalgraph.authoring.tabular import text_of

__all__ = ["FORMATS", "Block", "Document", "detect_format", "read_document"]

Kind = Literal["heading", "paragraph", "item", "row"]
Format = Literal["pdf", "docx", "html", "text"]
FORMATS: tuple[Format, ...] = ("pdf", "docx", "html", "text")

_BULLET = re.compile(r"^(?P<indent>\s*)(?P<mark>[•·▪◦‣●○■□–*-])(?:\s+|$)(?P<rest>.*)$")
_NUMBER = re.compile(r"^(?P<indent>\s*)(?P<mark>\d{1,2}[.)])\s+(?P<rest>\S.*)$")


@dataclass
class Block:
    """One unit of a document's structure, in reading order."""

    kind: Kind
    text: str
    line: int
    page: int | None = None
    depth: int = 0  # list nesting, 0 outside lists and for the outermost items
    mark: str | None = None  # the list marker as written: "1.", "•"
    cells: list[str] = field(default_factory=list)
    level: int | None = None  # heading level where the format states it (h2, Heading 2)

    def where(self) -> str:
        """``sida 2, rad 14`` (or ``rad 14`` without pages)."""
        return (f"sida {self.page}, " if self.page else "") + f"rad {self.line}"


@dataclass
class Document:
    """A read document: its blocks, its plain text and where it came from."""

    source: str
    form: Format
    blocks: list[Block]
    pages: int | None = None

    @property
    def text(self) -> str:
        """The blocks' texts, one a line."""
        return "\n".join(b.text for b in self.blocks)


def _issue(source: str, sv: str, en: str) -> AuthoringError:
    return AuthoringError([Issue(source, sv, en)])


def detect_format(data: bytes, source: str) -> Format:
    """The form of ``data``: by its first bytes, then by the name's suffix."""
    head = data[:1024].lstrip()
    suffix = source.rsplit(".", 1)[-1].casefold() if "." in source else ""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if suffix == "pdf":
        raise _issue(
            source,
            "filen heter .pdf men är ingen PDF-fil (den börjar inte med %PDF)",
            "the file is named .pdf but is not a PDF file (it does not start with %PDF)",
        )
    if head.startswith(b"PK\x03\x04") or suffix in ("docx", "docm"):
        return "docx"
    lowered = head[:200].lower()
    if suffix in ("html", "htm", "xhtml") or lowered.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "text"


def read_document(
    data: bytes, source: str, form: Format | None = None, *, encoding: str | None = None
) -> Document:
    """Read ``data`` (the file named ``source``) as a :class:`Document`."""
    form = form or detect_format(data, source)
    if form == "pdf":
        document = _read_pdf(data, source)
    elif form == "docx":
        document = _read_docx(data, source)
    elif form == "html":
        document = Document(source, "html", _HTMLBlocks.parse(text_of(data, source, encoding)))
    else:
        document = Document(source, "text", list(text_blocks(text_of(data, source, encoding))))
    check_language(document)
    return document


# --- plain text ---------------------------------------------------------------------------


def text_blocks(text: str, page: int | None = None, first_line: int = 1) -> Iterator[Block]:
    """Blocks from plain text: list items by their markers and indentation, a marker alone
    on its line joined with the next line, everything else a line of its own."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    indents: list[int] = []
    pending: tuple[int, str, int] | None = None  # a lone bullet: (line, mark, indent)
    for number, raw in enumerate(lines, start=first_line):
        line = raw.replace("\u00a0", " ").replace("\ufeff", "").rstrip()
        if not line.strip():
            continue
        if pending is not None:
            at, mark, indent = pending
            pending = None
            yield Block("item", line.strip(), at, page, _depth(indents, indent), mark)
            continue
        match = _BULLET.match(line) or _NUMBER.match(line)
        if match:
            indent = len(match.group("indent").expandtabs(4))
            rest = match.group("rest").strip()
            if not rest:
                pending = (number, match.group("mark"), indent)
                continue
            mark = match.group("mark")
            if mark in "-–" and not match.group("indent") and rest[:1].islower():
                yield Block("paragraph", line.strip(), number, page)
                continue
            yield Block("item", rest, number, page, _depth(indents, indent), mark)
            continue
        if not line[:1].isspace():
            indents.clear()
        yield Block("paragraph", line.strip(), number, page)


def _depth(indents: list[int], indent: int) -> int:
    """The nesting depth of an item indented by ``indent``, given the indents seen so far."""
    while indents and indents[-1] > indent:
        indents.pop()
    if not indents or indents[-1] < indent:
        indents.append(indent)
    return len(indents) - 1


# --- PDF ----------------------------------------------------------------------------------


def _read_pdf(data: bytes, source: str) -> Document:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _opens_without_password(reader):
            raise _issue(
                source,
                "PDF-filen är krypterad (lösenordsskyddad) och kan inte läsas; spara en "
                "version utan lösenord",
                "the PDF file is encrypted (password-protected) and cannot be read; save a "
                "copy without a password",
            )
        pages = [page.extract_text() or "" for page in reader.pages]
    except AuthoringError:
        raise
    except (PdfReadError, PyPdfError, ValueError, KeyError, TypeError, OSError) as exc:
        raise _issue(
            source,
            f"PDF-filen är skadad och kan inte läsas ({type(exc).__name__})",
            f"the PDF file is damaged and cannot be read ({type(exc).__name__})",
        ) from exc
    if not pages:
        raise _issue(source, "PDF-filen har inga sidor", "the PDF file has no pages")
    if not any(p.strip() for p in pages):
        raise _issue(
            source,
            f"PDF-filen har inget textlager ({len(pages)} sidor utan text, troligen inskannade "
            "bilder); kör textigenkänning (OCR) först",
            f"the PDF file has no text layer ({len(pages)} pages without text, probably "
            "scanned images); run text recognition (OCR) first",
        )
    blocks: list[Block] = []
    for number, page in enumerate(pages, start=1):
        blocks.extend(_rejoin(text_blocks(_squeeze(page), number)))
    return Document(source, "pdf", blocks, len(pages))


def _squeeze(page: str) -> str:
    """A page's text with the spaces of justified lines reduced to one (indentation kept)."""
    out = []
    for line in page.split("\n"):
        indent = len(line) - len(line.lstrip())
        out.append(line[:indent] + " ".join(line.split()))
    return "\n".join(out)


#: A PDF line at least this long that does not end a sentence was wrapped.
_WRAPPED = 70


def _rejoin(blocks: Iterable[Block]) -> list[Block]:
    """PDF lines are layout lines: a line that does not end a sentence continues in the next
    when that starts in lower case or with a digit, or when it is as long as a wrapped line."""
    out: list[Block] = []
    for block in blocks:
        previous = out[-1] if out else None
        if (
            previous is not None
            and block.kind == "paragraph"
            and previous.kind in ("paragraph", "item")
            and not previous.text.endswith((".", "!", "?", ":"))
            and (
                block.text[:1].islower()
                or block.text[:1].isdigit()
                or previous.text.endswith((",", "-", "–"))
                or (previous.kind == "paragraph" and len(previous.text) >= _WRAPPED)
            )
        ):
            joiner = "" if previous.text.endswith("-") and block.text[:1].islower() else " "
            previous.text = previous.text + joiner + block.text
            continue
        out.append(block)
    return out


def _opens_without_password(reader: object) -> bool:
    try:
        return bool(reader.decrypt(""))  # type: ignore[attr-defined]
    except Exception:  # a missing cipher or a broken dictionary: still unreadable
        return False


# --- Word ---------------------------------------------------------------------------------


def _read_docx(data: bytes, source: str) -> Document:
    from docx import Document as DocxDocument

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise _issue(
            source,
            "filen är ingen Word-fil (.docx är ett zip-arkiv, den här är det inte)",
            "the file is not a Word file (a .docx is a zip archive, this one is not)",
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise _issue(
                    source,
                    "zip-arkivet saknar word/document.xml: ingen Word-fil",
                    "the zip archive has no word/document.xml: not a Word file",
                )
        word = DocxDocument(io.BytesIO(data))
    except AuthoringError:
        raise
    except Exception as exc:  # python-docx raises many kinds on broken parts
        raise _issue(
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


# --- HTML ---------------------------------------------------------------------------------

_SKIP = {"script", "style", "noscript", "template", "svg", "head", "nav", "footer"}
_BLOCKS = {"p", "div", "section", "article", "br", "dd", "dt", "blockquote", "figcaption"}


class _HTMLBlocks(HTMLParser):
    """Collects headings, paragraphs, list items (nesting, numbers) and table rows."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.buffer: list[str] = []
        self.start_line = 1
        self.kind: Kind = "paragraph"
        self.level: int | None = None
        self.lists: list[list[int | str]] = []  # [tag, counter]
        self.skipping = 0
        self.cells: list[str] | None = None
        self.cell: list[str] | None = None

    @classmethod
    def parse(cls, text: str) -> list[Block]:
        parser = cls()
        parser.feed(text)
        parser.close()
        parser.flush()
        return parser.blocks

    def flush(self) -> None:
        text = " ".join("".join(self.buffer).split())
        self.buffer = []
        if not text:
            return
        if self.kind == "item" and self.lists:
            tag, counter = self.lists[-1]
            mark = f"{counter}." if tag == "ol" else "•"
            self.blocks.append(
                Block("item", text, self.start_line, depth=len(self.lists) - 1, mark=mark)
            )
        else:
            kind: Kind = "heading" if self.kind == "heading" else "paragraph"
            self.blocks.append(Block(kind, text, self.start_line, level=self.level))
        self.kind, self.level = "paragraph", None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skipping += 1
            return
        if self.skipping:
            return
        if tag in ("td", "th") and self.cells is not None:
            self.cell = []
            return
        if tag == "tr":
            self.flush()
            self.cells = []
            self.start_line = self.getpos()[0]
            return
        if re.fullmatch(r"h[1-6]", tag):
            self.flush()
            self.kind, self.level = "heading", int(tag[1])
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists.append([tag, 0])
        elif tag == "li":
            self.flush()
            if self.lists:
                self.lists[-1][1] = int(self.lists[-1][1]) + 1
            self.kind = "item"
        elif tag in _BLOCKS:
            self.flush()
        else:
            return
        self.start_line = self.getpos()[0]

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
            return
        if self.skipping:
            return
        if tag in ("td", "th") and self.cell is not None and self.cells is not None:
            self.cells.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.cells is not None:
            cells, self.cells = self.cells, None
            if any(cells):
                self.blocks.append(
                    Block("row", " | ".join(c for c in cells if c), self.start_line, cells=cells)
                )
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
        elif re.fullmatch(r"h[1-6]", tag) or tag in ("li", *_BLOCKS):
            self.flush()

    def handle_data(self, data: str) -> None:
        if self.skipping:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif not self.buffer and not data.strip():
            return
        else:
            if not self.buffer:
                self.start_line = self.getpos()[0]
            self.buffer.append(data)


# --- language -----------------------------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_SWEDISH = _words(
    "och att det som en ett är för med av på till ska skall de den inte om har vi kommunen "
    "kommun mål år från eller genom under samt alla"
)
_OTHER = {
    "engelska/English": _words(
        "the and of to is in for that with are be by this will on as which from an"
    ),
    "tyska/German": _words("der die das und ist nicht mit für von zu auf ein eine"),
    "finska/Finnish": _words("ja on ei se että kunta tai kanssa ovat oli myös"),
}


def check_language(document: Document) -> None:
    """Refuse a document that is clearly not in Swedish (enough words, few Swedish ones)."""
    words = re.findall(r"[a-zåäöé]+", document.text.casefold())
    if len(words) < 30:
        return
    swedish = sum(w in _SWEDISH for w in words)
    for name, vocabulary in _OTHER.items():
        other = sum(w in vocabulary for w in words)
        if other >= 8 and other > 3 * swedish:
            sv, en = name.split("/")
            raise _issue(
                document.source,
                f"dokumentet verkar vara skrivet på {sv}, inte svenska; utkastet bygger på "
                "svenska måldokument",
                f"the document appears to be in {en}, not Swedish; drafts are made from "
                "Swedish goal documents",
            )


def joined(blocks: Iterable[Block]) -> str:
    """The texts of ``blocks`` on one line each."""
    return "\n".join(b.text for b in blocks)
