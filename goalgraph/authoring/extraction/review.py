"""The draft as a reviewer reads it: the authoring sheet and a report of every statement.

The sheet is the ordinary authoring workbook (xlsx, YAML or a CSV folder): every extracted
resource is a row of its sheet (goals, levels, bodies, decisions, steps) marked
``gg:Suggested``, and the sheet *Källhänvisningar / Citations* has one row per extracted
statement with its passage, its place (page and line) and its confidence as the row's
comment. What the reviewer corrects imports like any sheet, through validation.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from goalgraph.authoring.convert import graph_to_tables
from goalgraph.authoring.extraction.draft import Draft
from goalgraph.authoring.workbook import tables_bytes, write_tables

__all__ = ["review_bytes", "review_report", "write_review"]


def write_review(draft: Draft, path: Path, form: str | None = None) -> Path:
    """Write the draft as the authoring sheet at ``path`` (.xlsx, .yaml or a folder)."""
    return write_tables(graph_to_tables(draft.graph, draft.slug), path, form)


def review_bytes(draft: Draft, form: str = "xlsx") -> bytes:
    """The draft as the authoring sheet in ``form`` (``xlsx`` or ``yaml``)."""
    return tables_bytes(graph_to_tables(draft.graph, draft.slug), form)


def review_report(draft: Draft) -> dict[str, Any]:
    """What was extracted, by kind, and every statement with its confidence and place."""
    return {
        "source": draft.source,
        "form": draft.form,
        "pages": draft.pages,
        "counts": dict(sorted(draft.counts.items())),
        "statements": [
            {
                "kind": s.kind,
                "text": s.text,
                "detail": s.detail,
                "confidence": round(s.confidence, 2),
                "page": s.page,
                "line": s.line,
                "passage": s.passage,
                "id": s.resource,
            }
            for s in draft.statements
        ],
    }
