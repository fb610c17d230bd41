"""What a reader chose to see, decided once for pages, diagrams, the comparison, validation
reports and the command line.

A :class:`Selection` is a day (``--as-of``, ``?as_of=``), a period (``--period``, ``?period=``),
every period (``--all-periods``, ``?all=1``), or by default the goals in force today;
:func:`resolve` decides it per municipality (when no goal of a municipality is in force today,
its latest period begun is shown, and :meth:`Resolved.text` says so), :func:`selected_elements`
lists the chain elements it keeps and :func:`select_graph` / :func:`select_store` give the graph
limited to them. When an element is in force is decided in :mod:`goalgraph.lifecycle.validity`.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDF
from rdflib.term import Node

from goalgraph.conventions import natural_key
from goalgraph.errors import GoalgraphError, NotFoundError
from goalgraph.lifecycle.validity import (
    Period,
    as_of,
    chain_elements,
    element_period_text,
    goals_in_period,
    is_valid_at,
    label_of,
    parse_day,
    periods,
    resolve_period,
    without_nodes,
)
from goalgraph.mediatypes import NTRIPLES
from goalgraph.namespaces import GG, GRAPH, municipality_iri
from goalgraph.store.load import FRAMEWORK_GRAPH_PREFIX, ONTOLOGY_GRAPH, SDG_GRAPH
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.store.protocol import Store
from goalgraph.store.terms import ox_triples

# --- what a reader chose to see ----------------------------------------------------------------


@dataclass(frozen=True)
class Selection:
    """A day, a period, every period, or (all ``None``) the goals in force today."""

    day: dt.date | None = None
    period: str | None = None
    everything: bool = False

    @classmethod
    def parse(
        cls, as_of: str | None = None, period: str | None = None, everything: bool = False
    ) -> Selection:
        """From ``--as-of`` / ``?as_of=`` and ``--period`` / ``?period=`` (at most one)."""
        as_of = (as_of or "").strip() or None
        period = (period or "").strip() or None
        if sum(x is not None and x is not False for x in (as_of, period, everything or None)) > 1:
            raise GoalgraphError(
                "choose a date (as_of), a period or all periods, not several / "
                "välj ett datum, en period eller alla perioder"
            )
        return cls(parse_day(as_of) if as_of else None, period, everything)

    def key(self) -> tuple[str, str, bool]:
        """A hashable key for caches."""
        return (self.day.isoformat() if self.day else "", self.period or "", self.everything)


@dataclass(frozen=True)
class Resolved:
    """A selection decided for one municipality."""

    #: ``day``, ``period`` or ``all``.
    mode: str
    day: dt.date
    period: Period | None = None
    #: No goal (``gg:Goal``; visions and focus areas do not count) was in force on the day:
    #: the latest period begun by then is shown instead.
    fallback: bool = False

    def text(self, lang: str = "sv") -> str:
        """A readable line: what is shown."""
        sv = lang == "sv"
        if self.mode == "all":
            return "Alla perioder" if sv else "All periods"
        if self.mode == "period" and self.period is not None:
            label = self.period.label if sv else (self.period.label_en or self.period.label)
            if self.fallback:
                return (
                    f"Inget mål i data gäller {self.day.isoformat()}; "
                    f"visar den senaste perioden: {label}"
                    if sv
                    else f"No goal in the data is in force on {self.day.isoformat()}; "
                    f"showing the latest period: {label}"
                )
            if "period" in label.casefold():
                return label  # "Mandatperioden 2023–2026" is not prefixed with "Perioden"
            return f"Perioden {label}" if sv else f"The period {label}"
        return (
            f"Mål som gäller {self.day.isoformat()}"
            if sv
            else f"Goals in force on {self.day.isoformat()}"
        )


def _elements_of(graph: Graph, slug: str) -> set[Node]:
    municipality = municipality_iri(slug)
    return {e for e in chain_elements(graph) if (e, GG.municipality, municipality) in graph}


def resolve(
    graph: Graph, slug: str, selection: Selection, today: dt.date | None = None
) -> Resolved:
    """Decide ``selection`` for one municipality (see :class:`Resolved`)."""
    day = selection.day or today or dt.date.today()
    if selection.everything:
        return Resolved("all", day)
    if selection.period is not None:
        return Resolved("period", day, resolve_period(graph, slug, selection.period))
    if selection.day is None:
        goals = [e for e in _elements_of(graph, slug) if (e, RDF.type, GG.Goal) in graph]
        if goals and not any(is_valid_at(graph, e, day) for e in goals):
            begun = [
                p
                for p in periods(graph, slug)
                if p.interval.start is not None and p.interval.start <= day
            ]
            if begun:
                latest = max(begun, key=lambda p: (p.interval.start, p.interval.end or day))
                return Resolved("period", day, latest, fallback=True)
    return Resolved("day", day)


def selected_elements(graph: Graph, slug: str, resolved: Resolved) -> set[Node]:
    """The municipality's chain elements that ``resolved`` keeps."""
    elements = _elements_of(graph, slug)
    if resolved.mode == "all":
        return elements
    if resolved.mode == "period" and resolved.period is not None:
        return goals_in_period(graph, slug, resolved.period)
    return {e for e in elements if is_valid_at(graph, e, resolved.day)}


def select_graph(graph: Graph, slug: str, resolved: Resolved) -> Graph:
    """The municipality's graph with only the chain elements ``resolved`` keeps (as
    :func:`as_of` leaves out the others); on a day, later results are left out too."""
    if resolved.mode == "day":
        return as_of(graph, resolved.day)
    gone = _elements_of(graph, slug) - selected_elements(graph, slug, resolved)
    return without_nodes(graph, gone)


def select_store(
    store: Store, slugs: Iterable[str], selection: Selection, today: dt.date | None = None
) -> tuple[OxigraphStore, dict[str, Resolved]]:
    """A new embedded store with the reference graphs and each municipality limited to the
    selection, and how it was decided for each."""
    snapshot = OxigraphStore()
    names = set(store.named_graphs())
    # the reference graphs, and the external frameworks whose labels the pages show
    frameworks = sorted(n for n in names if n.startswith(FRAMEWORK_GRAPH_PREFIX))
    for reference in (ONTOLOGY_GRAPH, SDG_GRAPH, *frameworks):
        if reference not in names:
            continue
        data = store.dump(reference, NTRIPLES)
        snapshot.replace_graph(reference, ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    decided: dict[str, Resolved] = {}
    for slug in slugs:
        name = str(GRAPH[slug])
        if name not in names:
            known = sorted(
                n[len(str(GRAPH)) :]
                for n in names
                if n.startswith(str(GRAPH))
                and n not in (ONTOLOGY_GRAPH, SDG_GRAPH)
                and "/" not in n[len(str(GRAPH)) :]
            )
            raise NotFoundError(f"unknown municipality {slug!r}; known: {', '.join(known)}")
        graph = store.to_rdflib([name])
        decided[slug] = resolve(graph, slug, selection, today)
        snapshot.replace_graph(name, ox_triples(select_graph(graph, slug, decided[slug])))
    return snapshot, decided


def add_selection_arguments(parser: argparse.ArgumentParser) -> None:
    """Add ``--as-of``, ``--period`` and ``--all-periods`` to a command (default: the goals in
    force today)."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--as-of", metavar="DATE", help="the goals in force on a day: 2020-06-01")
    group.add_argument("--period", help="the goals of a period: its id, label or years (2019-2022)")
    group.add_argument(
        "--all-periods", action="store_true", help="every period (default: in force today)"
    )


def selection_of(args: argparse.Namespace) -> Selection:
    """The selection of ``--as-of``, ``--period`` and ``--all-periods``."""
    return Selection.parse(
        getattr(args, "as_of", None),
        getattr(args, "period", None),
        bool(getattr(args, "all_periods", False)),
    )


@dataclass(frozen=True)
class Listed:
    """One chain element as :func:`listing` shows it."""

    iri: str
    level: str
    rank: int
    number: str
    label: str
    #: The periods or dates it is valid during; ``None``: not stated in the data.
    period: str | None


NOT_STATED = {"sv": "period anges inte", "en": "period not stated"}


def listing(graph: Graph, slug: str, resolved: Resolved, lang: str = "sv") -> list[Listed]:
    """The chain elements ``resolved`` keeps, by level rank and number, with their periods."""
    rows = []
    for element in selected_elements(graph, slug, resolved):
        level = graph.value(element, GG.atLevel)
        rank = graph.value(level, GG.rank) if level is not None else None
        number = graph.value(element, DCTERMS.identifier)
        rows.append(
            Listed(
                str(element),
                label_of(graph, level, lang) if level is not None else "",
                int(rank) if isinstance(rank, Literal) else 99,
                "" if number is None else str(number),
                label_of(graph, element, "sv"),
                element_period_text(graph, element, lang),
            )
        )
    return sorted(rows, key=lambda r: (r.rank, natural_key(r.number), r.label))


def listing_text(rows: Iterable[Listed], heading: str, lang: str = "sv") -> str:
    """``rows`` as a readable table under ``heading``."""
    head = (
        ("nivå", "nummer", "mål", "period")
        if lang == "sv"
        else ("level", "number", "goal", "period")
    )
    table = [(r.level, r.number, r.label, r.period or NOT_STATED[lang]) for r in rows]
    widths = [min(40, max([len(h)] + [len(t[i]) for t in table])) for i, h in enumerate(head)]
    widths[2] = min(70, max([len(head[2])] + [len(t[2]) for t in table]))

    def line(cells: tuple[str, ...]) -> str:
        cut = [c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(cells, widths, strict=True)]
        return "  ".join(c.ljust(w) for c, w in zip(cut, widths, strict=True)).rstrip()

    count = len(table)
    unit = ("element", "element") if lang == "sv" else ("element", "elements")
    return (
        "\n".join(
            [heading, "", line(head), *(line(t) for t in table), f"({count} {unit[count != 1]})"]
        )
        + "\n"
    )
