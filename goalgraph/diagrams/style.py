"""Shared look of goalgraph's diagrams: fonts, colours, labels, links and node ids.

Labels are Graphviz HTML-like labels built from escaped text, wrapped at about 28 characters
so that a node stays narrow; every node links to its page in the API (``link_base`` + the
resource's path after ``https://w3id.org/goalgraph``).
"""

from __future__ import annotations

import html
import itertools
import re
import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

from goalgraph.namespaces import BASE, SDG
from goalgraph.texts import strings as strings  # diagrams and reports read their texts here

FONT = "Helvetica,Arial,sans-serif"
FONT_SIZE = 11
WRAP = 28
TEXT = "#1f2933"
MUTED = "#52606d"
EDGE = "#3e4c59"
LINE = "#9aa5b1"
#: Fill colours for the levels of a chain, from the top down (repeats for deep chains).
LEVEL_FILLS = ("#fff4d6", "#e3f0fb", "#e8f5e9", "#f3e8fd", "#fdecea", "#e0f2f1", "#f5f5f5")
#: The drawing's size: an A4 page less the 0.2 inch margin on each side.
A4_PORTRAIT = "7.9,11.3"
A4_LANDSCAPE = "11.3,7.9"

_GOALGRAPH = BASE.rstrip("/")
_UNSAFE = re.compile(r"[^A-Za-z0-9._/-]+")


def graph_attrs(title: str, legend: str, *, size: str | None, rankdir: str) -> dict[str, str]:
    """Graph attributes every diagram sets explicitly, so the output does not depend on defaults."""
    attrs = {
        "label": html_label(
            [(title, {"bold": True, "size": 18}), (legend, {"size": 10})], width=100
        ),
        "labelloc": "t",
        "labeljust": "l",
        "fontname": FONT,
        "fontsize": str(FONT_SIZE),
        "fontcolor": TEXT,
        "rankdir": rankdir,
        "newrank": "true",
        "ratio": "auto",
        "margin": "0.2",
        "pad": "0.1",
        "nodesep": "0.1",
        "ranksep": "0.3",
        "splines": "spline",
        "outputorder": "edgesfirst",
        "charset": "UTF-8",
        "bgcolor": "white",
    }
    if size is not None:  # None: drawn at its own size, for a screen
        attrs["size"] = size
    return attrs


def node_attrs() -> dict[str, str]:
    """Default node attributes."""
    return {
        "fontname": FONT,
        "fontsize": str(FONT_SIZE),
        "fontcolor": TEXT,
        "shape": "box",
        "style": "rounded,filled",
        "fillcolor": "white",
        "color": LINE,
        "penwidth": "1",
        "margin": "0.08,0.02",
    }


def edge_attrs() -> dict[str, str]:
    """Default edge attributes."""
    return {
        "fontname": FONT,
        "fontsize": "9",
        "fontcolor": MUTED,
        "color": EDGE,
        "arrowsize": "0.7",
        "penwidth": "1",
    }


def wrap(text: str, width: int = WRAP) -> list[str]:
    """Wrap text into lines of about ``width`` characters, never breaking words."""
    text = " ".join(text.split())
    return textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False) or [""]


def html_lines(parts: Iterable[tuple[str, Mapping[str, Any]]], *, width: int = WRAP) -> str:
    """Graphviz HTML-like markup for ``(text, style)`` parts, one part per paragraph.

    Style keys: ``bold``, ``italic``, ``size`` (points), ``colour`` and ``wrap`` (False keeps
    the text on one line). The text is escaped; nothing in it is read as markup.
    """
    lines = []
    for text, style in parts:
        if not text:
            continue
        wrapped = [text] if style.get("wrap") is False else wrap(text, width)
        for line in wrapped:
            cell = html.escape(line)
            if style.get("bold"):
                cell = f"<B>{cell}</B>"
            if style.get("italic"):
                cell = f"<I>{cell}</I>"
            font = []
            if style.get("size"):
                font.append(f'POINT-SIZE="{style["size"]}"')
            if style.get("colour"):
                font.append(f'COLOR="{style["colour"]}"')
            if font:
                cell = f"<FONT {' '.join(font)}>{cell}</FONT>"
            lines.append(cell)
    return "<BR/>".join(lines)


def html_label(parts: Iterable[tuple[str, Mapping[str, Any]]], *, width: int = WRAP) -> str:
    """A Graphviz HTML-like label of paragraphs (see :func:`html_lines`)."""
    return "<" + html_lines(parts, width=width) + ">"


def chips(items: Iterable[tuple[str, str, str, str]], *, per_row: int = 5) -> str:
    """A row (or rows) of small coloured cells: ``(text, fill, url, tooltip)`` each."""
    cells = [
        f'<TD BGCOLOR="{fill}" STYLE="rounded" HREF="{html.escape(url)}" '
        f'TOOLTIP="{html.escape(plain(tip))}"><FONT POINT-SIZE="9" COLOR="{text_colour(fill)}">'
        f"<B>{html.escape(text)}</B></FONT></TD>"
        for text, fill, url, tip in items
    ]
    rows = ["".join(cells[i : i + per_row]) for i in range(0, len(cells), per_row)]
    return (
        '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1">'
        + "".join(f"<TR>{row}</TR>" for row in rows)
        + "</TABLE>"
    )


def stack(*blocks: str) -> str:
    """An HTML-like label of blocks (markup from :func:`html_lines` or :func:`chips`) stacked."""
    rows = "".join(f"<TR><TD>{block}</TD></TR>" for block in blocks if block)
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{rows}</TABLE>>'


def keep_order(graph: Any, nodes: list[str]) -> None:
    """Keep nodes of one rank in the given order (invisible edges between neighbours)."""
    for first, second in itertools.pairwise(nodes):
        graph.edge(first, second, style="invis")


def plain(text: str) -> str:
    """Text for a plain attribute such as a tooltip: one line, no DOT escapes."""
    return " ".join(text.replace("\\", "/").split())


def path_of(iri: str) -> str:
    """The path of a resource in the API: ``/id/nora/goal-kf1``, ``/sdg/11.3``."""
    if iri.startswith(_GOALGRAPH + "/"):
        return iri[len(_GOALGRAPH) :]
    if iri.startswith(str(SDG)):
        return "/sdg/" + iri[len(str(SDG)) :]
    return "/resource/" + _UNSAFE.sub("_", iri)


def node_id(iri: str) -> str:
    """A stable Graphviz node name for a resource: its API path without the leading slash."""
    return path_of(iri).lstrip("/")


def link(iri: str, link_base: str) -> str:
    """The URL of a resource's page: ``link_base`` followed by its path."""
    return link_base.rstrip("/") + path_of(iri)


def level_fill(rank: int) -> str:
    """The fill colour of a level by its rank."""
    return LEVEL_FILLS[(max(rank, 1) - 1) % len(LEVEL_FILLS)]


def text_colour(fill: str) -> str:
    """Black or white text, whichever reads better on ``fill`` (a ``#rrggbb`` colour)."""
    r, g, b = (int(fill[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 186 else "#ffffff"


def format_date(value: str | None, lang: str) -> str | None:
    """A planned date as people write it: ``28 aug 2019``, ``december 2019``."""
    if not value:
        return None
    texts = strings(lang)
    match = re.fullmatch(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value.strip())
    if not match:
        return value
    year, month, day = match.groups()
    if day is None:
        return f"{texts['months'][int(month) - 1]} {year}"
    return f"{int(day)} {texts['months_short'][int(month) - 1]} {year}"
