"""Draft extraction: from a goal document (PDF, Word, HTML or text) to a draft for review.

The document is read into blocks with their structure (:mod:`.reading`), its goals are found
from headings, numbering, lists and tables with the level names the document itself uses
(:mod:`.structure`, :mod:`.vocabulary`) and, where the layout says nothing, from sentences
about the municipality (:mod:`.statements`); dates, decisions, bodies and case numbers are
read as municipalities write them (:mod:`.dates`, :mod:`.decisions`), timetables become
process steps (:mod:`.process`). :mod:`.draft` builds the graph, :mod:`.review` writes it as
the authoring sheet with one row per statement, its confidence and its passage.

A draft is never data: every resource is ``gg:Suggested`` and cites its passage; it enters a
municipality's graph only through :func:`promote`, which validates it first. The rules run in
time linear in the length of the document.
"""

from __future__ import annotations

from pathlib import Path

from goalgraph.authoring.errors import AuthoringError, Issue
from goalgraph.authoring.extraction.draft import Builder, Draft, Extracted
from goalgraph.authoring.extraction.evaluate import (
    Evaluation,
    GoldScore,
    Score,
    evaluate,
    score_gold,
)
from goalgraph.authoring.extraction.reading import FORMATS, Document, read_document
from goalgraph.authoring.tabular import read_bytes
from goalgraph.errors import GoalgraphError

__all__ = [
    "FORMATS",
    "Document",
    "Draft",
    "Evaluation",
    "Extracted",
    "GoldScore",
    "Score",
    "evaluate",
    "extract_bytes",
    "extract_document",
    "extract_file",
    "extract_text",
    "promote",
    "read_document",
    "score_gold",
]


def extract_document(
    document: Document, slug: str, *, name: str | None = None, code: str | None = None
) -> Draft:
    """A draft graph from a read document, for the municipality ``slug``.

    ``name`` is the municipality's name as the text writes it (found in the text otherwise),
    ``code`` its municipality code (documents rarely give it; without it the draft does not
    pass validation until a reviewer adds it). A document without text, or with dates that
    do not exist, is an :class:`AuthoringError` naming the file and the line (a case number
    such as "FN 47/5" is not read as a date: see :func:`goalgraph.dates.find_dates`).
    """
    if not any(b.text.strip() for b in document.blocks):
        raise AuthoringError(
            [
                Issue(
                    document.source,
                    "dokumentet är tomt: det behövs måldokumentets text",
                    "the document is empty: the goal document's text is needed",
                )
            ]
        )
    builder = Builder(document, slug, name, code)
    graph = builder.run()
    return Draft(
        slug, graph, document.source, builder.counts, builder.statements, document.form,
        document.pages,
    )  # fmt: skip


def extract_text(
    text: str,
    slug: str,
    *,
    name: str | None = None,
    code: str | None = None,
    source: str = "text",
) -> Draft:
    """A draft graph from a goal document's plain text (see :func:`extract_document`)."""
    from goalgraph.authoring.extraction.reading import check_language, text_blocks

    document = Document(source, "text", list(text_blocks(text)))
    if document.blocks:
        check_language(document)
    return extract_document(document, slug, name=name, code=code)


def extract_bytes(
    data: bytes,
    source: str,
    slug: str,
    *,
    name: str | None = None,
    code: str | None = None,
    encoding: str | None = None,
) -> Draft:
    """A draft graph from a file's bytes: PDF, Word (.docx), HTML or text (UTF-8, UTF-16
    with BOM, or ``encoding``). ``source`` is the file's name: the draft cites it and errors
    name it (with the line)."""
    return extract_document(read_document(data, source, encoding=encoding), slug, name=name,
                            code=code)  # fmt: skip


def extract_file(
    path: Path,
    slug: str,
    *,
    name: str | None = None,
    code: str | None = None,
    encoding: str | None = None,
) -> Draft:
    """A draft graph from a file (see :func:`extract_bytes`)."""
    return extract_bytes(read_bytes(path), path.name, slug, name=name, code=code, encoding=encoding)


def promote(store: object, draft: Draft, *, replace: bool = False) -> object:
    """Store a reviewed draft as its municipality's graph, only if it passes validation.

    A municipality that already has a graph is replaced only with ``replace=True``.
    """
    from goalgraph.authoring.workbook import import_graph
    from goalgraph.namespaces import GRAPH
    from goalgraph.store.oxigraph import Store

    if not isinstance(store, Store):
        raise TypeError("promote needs a goalgraph store")
    if str(GRAPH[draft.slug]) in store.named_graphs() and not replace:
        raise GoalgraphError(
            f"{draft.slug} already has a graph; review the draft and import it through the "
            "template, or pass replace=True / kommunen har redan en graf"
        )
    return import_graph(store, draft.slug, draft.graph)
