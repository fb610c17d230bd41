"""The content of a report as plain blocks, written once and rendered as HTML, PDF or Word.

A :class:`Report` holds a cover and :class:`Section` objects; a section holds blocks
(:class:`Paragraph`, :class:`Facts`, :class:`Items`, :class:`Quote`, :class:`Table`,
:class:`Figure`). The renderers (:mod:`goalgraph.reports.html`, :mod:`goalgraph.reports.word`)
only lay them out; all wording comes from the builders and ``templates/reports/strings.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from goalgraph.diagrams.render import render_dot


@dataclass(frozen=True)
class Paragraph:
    """A paragraph; ``style`` is ``""``, ``"lead"`` (larger) or ``"note"`` (smaller)."""

    text: str
    style: str = ""


@dataclass(frozen=True)
class Facts:
    """Label–value pairs (owner, level, status …)."""

    rows: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Items:
    """A bullet list, with an optional lead-in."""

    items: tuple[str, ...]
    title: str = ""


@dataclass(frozen=True)
class Quote:
    """A verbatim passage from a source, with where it comes from."""

    text: str
    source: str


@dataclass(frozen=True)
class Cell:
    """A table cell; ``colour`` fills it (a traffic light), ``href`` links it."""

    text: str
    colour: str | None = None
    href: str | None = None


@dataclass(frozen=True)
class Table:
    """A table with a header row."""

    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""
    kind: str = ""  # "lights" for a traffic-light overview


@dataclass
class Figure:
    """A diagram from DOT source, rendered as SVG (HTML, PDF) or PNG (Word) when needed."""

    dot: str
    caption: str

    @cached_property
    def svg(self) -> bytes:
        """The diagram as SVG."""
        return render_dot(self.dot, "svg")

    @cached_property
    def png(self) -> bytes:
        """The diagram as PNG."""
        return render_dot(self.dot, "png")


Block = Paragraph | Facts | Items | Quote | Table | Figure


@dataclass
class Section:
    """A numbered part of the report; ``new_page`` starts it on a new page (a spread)."""

    id: str
    heading: str
    blocks: list[Block] = field(default_factory=list)
    level: int = 1
    new_page: bool = False
    href: str | None = None


@dataclass
class Report:
    """A whole report: cover lines, then sections (the contents list is made from them)."""

    kind: str
    lang: str
    title: str
    subtitle: str
    municipality: str
    cover: list[str]
    sections: list[Section]
    strings: dict[str, str]

    def headings(self) -> list[str]:
        """Every section heading in order (what the contents list shows)."""
        return [s.heading for s in self.sections]
