"""Reading a goal document as municipalities publish it: PDF, Word, HTML or plain text.

Every form becomes one :class:`Document` of :class:`Block` (:mod:`.blocks`); each format has
its reader (:mod:`.read_pdf`, :mod:`.read_docx`, :mod:`.read_html`, plain text in
:mod:`.blocks`). The libraries do the reading (pypdf, python-docx, the standard library's
HTML parser); what is read is never executed, written to disk or followed.

A file that cannot be read is an :class:`~goalgraph.authoring.errors.AuthoringError` naming
the file and the problem: a PDF without a text layer (a scan), an encrypted or damaged PDF, a
``.docx`` that is not a Word file, text in an unknown encoding, a document in another
language than Swedish.
"""

from __future__ import annotations

import re

from goalgraph.authoring.extraction.blocks import (
    FORMATS,
    Block,
    Document,
    Format,
    joined,
    refusal,
    text_blocks,
)
from goalgraph.authoring.extraction.read_docx import read_docx
from goalgraph.authoring.extraction.read_html import html_blocks
from goalgraph.authoring.extraction.read_pdf import read_pdf
from goalgraph.authoring.tabular import text_of

__all__ = [
    "FORMATS",
    "Block",
    "Document",
    "check_language",
    "detect_format",
    "joined",
    "read_document",
    "text_blocks",
]


def detect_format(data: bytes, source: str) -> Format:
    """The form of ``data``: by its first bytes, then by the name's suffix."""
    head = data[:1024].lstrip()
    suffix = source.rsplit(".", 1)[-1].casefold() if "." in source else ""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if suffix == "pdf":
        raise refusal(
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
        document = read_pdf(data, source)
    elif form == "docx":
        document = read_docx(data, source)
    elif form == "html":
        document = Document(source, "html", html_blocks(text_of(data, source, encoding)))
    else:
        document = Document(source, "text", list(text_blocks(text_of(data, source, encoding))))
    check_language(document)
    return document


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
            raise refusal(
                document.source,
                f"dokumentet verkar vara skrivet på {sv}, inte svenska; utkastet bygger på "
                "svenska måldokument",
                f"the document appears to be in {en}, not Swedish; drafts are made from "
                "Swedish goal documents",
            )
