"""Draft extraction, under its earlier import path: see :mod:`goalgraph.authoring.extraction`."""

from __future__ import annotations

from goalgraph.authoring.extraction import (
    Draft,
    Evaluation,
    Score,
    evaluate,
    extract_bytes,
    extract_document,
    extract_file,
    extract_text,
    promote,
)
from goalgraph.authoring.extraction.structure import heading_like as _is_heading

__all__ = [
    "Draft",
    "Evaluation",
    "Score",
    "_is_heading",
    "evaluate",
    "extract_bytes",
    "extract_document",
    "extract_file",
    "extract_text",
    "promote",
]
