"""Reports to hand on, generated from the graph in Swedish or English.

Kinds (:data:`KINDS`): ``audit`` (granskning av målkedjan: summary, traffic lights, findings
per goal with the source passages), ``programme`` (målprogram: the vision and one spread per
council goal) and ``followup`` (uppföljning: status from the indicators' results). Formats
(:data:`FORMATS`): ``html``, ``pdf`` (WeasyPrint) and ``docx`` (python-docx); each has a
table of contents and the diagrams embedded.

>>> from goalgraph.store.load import default_store
>>> report = build_report(default_store(), "programme", "nora")
>>> report.title, report.headings()[3]
('Målprogram', 'KF-mål 1 – Ansvarsfull och produktiv ekonomi')
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from goalgraph.errors import GoalgraphError
from goalgraph.reports.common import LINK_BASE, Context
from goalgraph.reports.document import Report
from goalgraph.store.oxigraph import Store

__all__ = ["FORMATS", "KINDS", "MEDIA_TYPES", "build_report", "render_report"]

KINDS: tuple[str, ...] = ("audit", "programme", "followup")
FORMATS: tuple[str, ...] = ("html", "pdf", "docx")
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def build_report(
    store: Store,
    kind: str,
    slug: str,
    *,
    lang: str = "sv",
    year: int | None = None,
    validation: Any = None,
    link_base: str = LINK_BASE,
    date: dt.date | None = None,
    scope: str | None = None,
) -> Report:
    """The content of report ``kind`` for the municipality ``slug``.

    ``validation`` is an already computed validation report of the municipality (the audit
    report validates it otherwise); ``year`` chooses the follow-up year (default: the latest
    results); ``scope`` is a cover line saying which goals the report covers (the reader's
    period selection, :meth:`goalgraph.lifecycle.selection.Resolved.text`)."""
    if kind not in KINDS:
        raise GoalgraphError(f"unknown report kind {kind!r}; use one of {', '.join(KINDS)}")
    ctx = Context(store, slug, lang, link_base, date or dt.date.today())
    if kind == "audit":
        from goalgraph.reports import audit

        report = audit.build(ctx, validation)
    elif kind == "programme":
        from goalgraph.reports import programme

        report = programme.build(ctx, year)
    else:
        from goalgraph.reports import followup

        report = followup.build(ctx, year)
    if scope:
        report.cover.append(scope)
    return report


def render_report(report: Report, fmt: str) -> bytes:
    """``report`` as ``html``, ``pdf`` or ``docx`` bytes."""
    if fmt == "html":
        from goalgraph.reports.html import to_html

        return to_html(report).encode("utf-8")
    if fmt == "pdf":
        from goalgraph.reports.html import to_pdf

        return to_pdf(report)
    if fmt == "docx":
        from goalgraph.reports.word import to_docx

        return to_docx(report)
    raise GoalgraphError(f"unknown report format {fmt!r}; use one of {', '.join(FORMATS)}")
