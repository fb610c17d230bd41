"""When a chain element is valid, and the graph as it stood on a day.

A chain element is valid on a day when every statement about its time allows it:

- ``gg:validDuring`` periods (``time:hasBeginning``/``time:hasEnd`` as years or dates): the day
  lies in one of them;
- ``gg:validFrom`` / ``gg:validThrough`` (year, month or date): the day is not before / after;
- a decision that adopts it (``gg:adopts`` with ``dcterms:date``): the day is not before the
  first one;
- a successor (``dcterms:isReplacedBy``, ``^dcterms:replaces`` or ``^prov:wasRevisionOf``):
  the day is before the successor starts or, when that is unknown, before the replacing
  decision (``gg:replacedByDecision``).

A successor that is ``prov:wasRevisionOf`` the old element is a new version of the same goal
(reworded, renumbered or moved); a successor without it is a different goal that replaced it.

:func:`as_of` and :func:`as_of_store` give the graph as it stood on a day, for queries and
diagrams.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, TIME
from rdflib.term import Node

from goalgraph.dates import day_bounds
from goalgraph.errors import GoalgraphError, NotFoundError
from goalgraph.mediatypes import NTRIPLES
from goalgraph.namespaces import GG, GRAPH
from goalgraph.store.load import ONTOLOGY_GRAPH, SDG_GRAPH
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.store.protocol import Store
from goalgraph.store.terms import ox_triples

_INSTANT_PROPERTIES = tuple(
    URIRef(str(TIME) + name)
    for name in ("inXSDDate", "inXSDGYear", "inXSDDateTimeStamp", "inXSDGYearMonth")
)


@dataclass(frozen=True)
class Interval:
    """A closed interval of days; ``None`` is open."""

    start: dt.date | None = None
    end: dt.date | None = None

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` lies in the interval."""
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)

    def overlaps(self, other: Interval) -> bool:
        """Whether the two intervals share a day."""
        return (self.start is None or other.end is None or self.start <= other.end) and (
            self.end is None or other.start is None or other.start <= self.end
        )

    def text(self) -> str:
        """``2019-01-01–2022-12-31``, with ``…`` for an open end."""
        start = self.start.isoformat() if self.start else "…"
        end = self.end.isoformat() if self.end else "…"
        return f"{start}–{end}"


def parse_day(text: str) -> dt.date:
    """A day from ``YYYY-MM-DD``, or the first day of ``YYYY-MM`` or ``YYYY``."""
    bounds = literal_bounds(Literal(text))
    if bounds is None:
        raise GoalgraphError(
            f"not a date: {text!r} (write YYYY-MM-DD, YYYY-MM or YYYY / skriv ÅÅÅÅ-MM-DD)"
        )
    return bounds[0]


def literal_bounds(value: Node | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a year, month, date or date-time literal."""
    if not isinstance(value, Literal):
        return None
    return day_bounds(str(value).strip())


def _instant(graph: Graph, node: Node | None, end: bool) -> dt.date | None:
    if node is None:
        return None
    for prop in _INSTANT_PROPERTIES:
        bounds = literal_bounds(graph.value(node, prop))
        if bounds is not None:
            return bounds[1] if end else bounds[0]
    bounds = literal_bounds(node)
    return None if bounds is None else (bounds[1] if end else bounds[0])


def period_interval(graph: Graph, period: Node) -> Interval:
    """The days of a mandate period (or any OWL-Time interval)."""
    return Interval(
        _instant(graph, graph.value(period, TIME.hasBeginning), end=False),
        _instant(graph, graph.value(period, TIME.hasEnd), end=True),
    )


def _decision_day(graph: Graph, decision: Node | None) -> dt.date | None:
    bounds = literal_bounds(graph.value(decision, DCTERMS.date)) if decision else None
    return bounds[0] if bounds else None


def successors(graph: Graph, element: Node) -> set[Node]:
    """The direct successors of an element: ``dcterms:isReplacedBy``, ``^dcterms:replaces`` and
    ``^prov:wasRevisionOf``."""
    return (
        set(graph.objects(element, DCTERMS.isReplacedBy))
        | set(graph.subjects(DCTERMS.replaces, element))
        | set(graph.subjects(PROV.wasRevisionOf, element))
    )


def _start(graph: Graph, element: Node, seen: frozenset[Node] = frozenset()) -> dt.date | None:
    """The first day an element is valid, from its own statements (not its successor)."""
    starts: list[dt.date] = []
    period_starts = [
        period_interval(graph, p).start for p in graph.objects(element, GG.validDuring)
    ]
    if period_starts and all(period_starts):
        starts.append(min(d for d in period_starts if d))
    bounds = literal_bounds(graph.value(element, GG.validFrom))
    if bounds:
        starts.append(bounds[0])
    adopted = [
        d for d in (_decision_day(graph, x) for x in graph.subjects(GG.adopts, element)) if d
    ]
    if adopted:
        starts.append(min(adopted))
    return max(starts) if starts else None


def element_interval(graph: Graph, element: Node) -> Interval:
    """The days an element is valid (see the module docstring); periods are joined."""
    start = _start(graph, element)
    ends: list[dt.date] = []
    periods_ = [period_interval(graph, p) for p in graph.objects(element, GG.validDuring)]
    if periods_ and all(p.end for p in periods_):
        ends.append(max(p.end for p in periods_ if p.end))
    bounds = literal_bounds(graph.value(element, GG.validThrough))
    if bounds:
        ends.append(bounds[1])
    following = [_start(graph, s) for s in successors(graph, element)]
    known = [d for d in following if d is not None]
    replaced = (
        min(known) if known else _decision_day(graph, graph.value(element, GG.replacedByDecision))
    )
    if replaced is not None:
        ends.append(replaced - dt.timedelta(days=1))
    return Interval(start, min(ends) if ends else None)


def is_valid_at(graph: Graph, element: Node, day: dt.date) -> bool:
    """Whether ``element`` is valid on ``day``."""
    if not element_interval(graph, element).contains(day):
        return False
    periods_ = [period_interval(graph, p) for p in graph.objects(element, GG.validDuring)]
    return not periods_ or any(p.contains(day) for p in periods_)


def chain_elements(graph: Graph) -> set[Node]:
    classes: set[Node] = {GG.ChainElement, GG.Vision, GG.Goal, GG.FocusArea, GG.Activity}
    classes |= {c for c in graph.transitive_subjects(RDFS.subClassOf, GG.ChainElement) if c}
    return {s for c in classes for s in graph.subjects(RDF.type, c)}


def _blank_closure(graph: Graph, nodes: Iterable[Node]) -> Iterator[tuple[Node, Node, Node]]:
    stack = [n for n in nodes if isinstance(n, BNode)]
    seen: set[Node] = set()
    while stack:
        node = stack.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in graph.triples((node, None, None)):
            yield triple
            if isinstance(triple[2], BNode):
                stack.append(triple[2])


def as_of(graph: Graph, day: dt.date) -> Graph:
    """The graph as it stood on ``day``: chain elements not valid then are left out with every
    statement about them (and their citations and SDG links); results measured or retrieved
    after the day are left out too."""
    gone: set[Node] = {e for e in chain_elements(graph) if not is_valid_at(graph, e, day)}
    for result in set(graph.subjects(RDF.type, GG.Result)):
        period = literal_bounds(graph.value(result, GG.period))
        retrieved = literal_bounds(graph.value(result, GG.retrieved))
        if (period and period[0] > day) or (retrieved and retrieved[0] > day):
            gone.add(result)
    dropped: set[tuple[Node, Node, Node]] = set()
    for node in gone:
        own = list(graph.triples((node, None, None)))
        dropped.update(own)
        dropped.update(_blank_closure(graph, [o for _, _, o in own]))
        dropped.update(graph.triples((None, None, node)))
    out = Graph()
    for prefix, namespace in graph.namespaces():
        out.bind(prefix, namespace)
    for triple in graph:
        if triple not in dropped:
            out.add(triple)
    return out


def as_of_store(store: Store, slug: str, day: dt.date) -> OxigraphStore:
    """A new embedded store with the reference graphs and one municipality as of ``day``.

    Named queries and diagrams run on it as on the full store.
    """
    name = str(GRAPH[slug])
    if name not in store.named_graphs():
        raise NotFoundError(f"unknown municipality {slug!r}")
    snapshot = OxigraphStore()
    for reference in (ONTOLOGY_GRAPH, SDG_GRAPH):
        if reference in store.named_graphs():
            data = store.dump(reference, NTRIPLES)
            snapshot.replace_graph(reference, ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    snapshot.replace_graph(name, ox_triples(as_of(store.to_rdflib([name]), day)))
    return snapshot
