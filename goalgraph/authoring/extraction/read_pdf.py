"""Reading a PDF's text layer (pypdf) as blocks, layout lines rejoined into sentences.

A PDF without a text layer (a scan), an encrypted or a damaged one is refused with an
:class:`~goalgraph.authoring.errors.AuthoringError` naming the file.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable

from goalgraph.authoring.errors import AuthoringError
from goalgraph.authoring.extraction.blocks import Block, Document, refusal, text_blocks

__all__ = ["read_pdf"]


def read_pdf(data: bytes, source: str) -> Document:
    """The PDF ``data`` (the file ``source``) as a document of blocks, page by page."""
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError, PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not _opens_without_password(reader):
            raise refusal(
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
        raise refusal(
            source,
            f"PDF-filen är skadad och kan inte läsas ({type(exc).__name__})",
            f"the PDF file is damaged and cannot be read ({type(exc).__name__})",
        ) from exc
    if not pages:
        raise refusal(source, "PDF-filen har inga sidor", "the PDF file has no pages")
    if not any(p.strip() for p in pages):
        raise refusal(
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


#: A line that ends a sentence: a stop, perhaps inside a closing quotation or bracket
#: (``… framtidstro.”``).
_ENDS_SENTENCE = re.compile(r"[.!?:][”\"’')]*$")
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
            and not _ENDS_SENTENCE.search(previous.text)
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
