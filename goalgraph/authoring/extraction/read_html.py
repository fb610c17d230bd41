"""Reading HTML (the standard library's parser) as blocks: headings, paragraphs, list items
with their nesting and numbers, table rows; scripts, styles, navigation and footers skipped.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from goalgraph.authoring.extraction.blocks import Block, Kind

__all__ = ["html_blocks"]

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


def html_blocks(text: str) -> list[Block]:
    """The blocks of the HTML ``text``."""
    return _HTMLBlocks.parse(text)
