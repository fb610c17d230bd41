"""The blocks a read document is made of, and plain text read as blocks.

Every input form becomes one :class:`Document`: a list of :class:`Block` (headings,
paragraphs, list items with their nesting and numbering, table rows with their cells), each
with the page and line it comes from. Plain text is read by its list markers and indentation
(:func:`text_blocks`); the PDF reader reads each page's text the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from goalgraph.authoring.errors import AuthoringError, Issue

__all__ = ["FORMATS", "Block", "Document", "Format", "Kind", "joined", "refusal", "text_blocks"]

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


def refusal(source: str, sv: str, en: str) -> AuthoringError:
    """The error refusing the file ``source``, in Swedish and English."""
    return AuthoringError([Issue(source, sv, en)])


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


def joined(blocks: Iterable[Block]) -> str:
    """The texts of ``blocks`` on one line each."""
    return "\n".join(b.text for b in blocks)
