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

What a reader chose to see (a day, a period, by default the goals in force today) is decided
from these rules in :mod:`goalgraph.lifecycle.selection`. An element without any statement about
its time counts as in force ("period not stated").

A period whose years the source does not state (``gg:yearsNotStated``) is open; when it is
``time:intervalBefore`` another period, it ends the day before that period begins.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, TIME
from rdflib.term import Node

from goalgraph.dates import day_bounds
from goalgraph.errors import GoalgraphError, NotFoundError, UnknownPeriodError
from goalgraph.mediatypes import NTRIPLES
from goalgraph.namespaces import GG, GRAPH, municipality_iri
from goalgraph.store.load import ONTOLOGY_GRAPH, SDG_GRAPH
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.store.protocol import Store
from goalgraph.store.terms import ox_triples

#: The classes of periods (``gg:Period`` and its kinds).
PERIOD_CLASSES = (GG.Period, GG.MandatePeriod, GG.BudgetPeriod, GG.YearPeriod, GG.HeadingPeriod)

_INSTANT_PROPERTIES = tuple(
    URIRef(str(TIME) + name)
    for name in ("inXSDDate", "inXSDGYear", "inXSDDateTimeStamp", "inXSDGYearMonth")
)
_BEFORE = URIRef(str(TIME) + "intervalBefore")


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


def _stated_interval(graph: Graph, period: Node) -> Interval:
    return Interval(
        _instant(graph, graph.value(period, TIME.hasBeginning), end=False),
        _instant(graph, graph.value(period, TIME.hasEnd), end=True),
    )


def period_interval(graph: Graph, period: Node) -> Interval:
    """The days of a period (or any OWL-Time interval); an open end is closed by a period it is
    ``time:intervalBefore`` (or that is before it)."""
    own = _stated_interval(graph, period)
    start, end = own.start, own.end
    if end is None:
        following = [_stated_interval(graph, o).start for o in graph.objects(period, _BEFORE)]
        known = [d for d in following if d is not None]
        if known:
            end = min(known) - dt.timedelta(days=1)
    if start is None:
        earlier = [_stated_interval(graph, o).end for o in graph.subjects(_BEFORE, period)]
        known = [d for d in earlier if d is not None]
        if known:
            start = max(known) + dt.timedelta(days=1)
    return Interval(start, end)


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
    return without_nodes(graph, gone)


def without_nodes(graph: Graph, gone: set[Node]) -> Graph:
    """``graph`` without the nodes ``gone``: every statement about them or pointing at them,
    and their blank nodes."""
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


# --- periods -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A period of a municipality: a mandate period, a budget period, a year or the period of a
    heading (``kind``, the local name of its class)."""

    iri: str
    label: str
    interval: Interval
    kind: str = "MandatePeriod"
    #: The source names the period without its years (``gg:yearsNotStated``).
    years_not_stated: bool = False
    #: The label in English where the data has one (``label`` is in the language asked for).
    label_en: str | None = None

    def years(self) -> str:
        """``2019–2022``, ``2021``, or ``""`` when a year is not known."""
        start, end = self.interval.start, self.interval.end
        if start is None or end is None:
            return ""
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"


def label_of(graph: Graph, node: Node, lang: str, prop: URIRef = SKOS.prefLabel) -> str:
    """The label of ``node`` in ``lang``, else Swedish, else any."""
    values = {o.language: str(o) for o in graph.objects(node, prop) if isinstance(o, Literal)}
    return (
        values.get(lang)
        or values.get("sv")
        or values.get(None)
        or next(iter(values.values()), str(node))
    )


def _kind(graph: Graph, period: Node) -> str:
    types = set(graph.objects(period, RDF.type))
    for cls in PERIOD_CLASSES[1:]:
        if cls in types:
            return cls.removeprefix(str(GG))
    return "Period"


def periods(graph: Graph, slug: str, lang: str = "sv") -> list[Period]:
    """The municipality's periods of every kind, in time order."""
    municipality = municipality_iri(slug)
    nodes = {p for cls in PERIOD_CLASSES for p in graph.subjects(RDF.type, cls)}
    found = [
        Period(
            str(p),
            label_of(graph, p, lang),
            period_interval(graph, p),
            _kind(graph, p),
            (p, GG.yearsNotStated, Literal(True)) in graph,
            label_of(graph, p, "en"),
        )
        for p in nodes
        if (p, GG.municipality, municipality) in graph
    ]
    return sorted(found, key=lambda p: (p.interval.start or dt.date.min, p.iri))


def resolve_period(graph: Graph, slug: str, name: str) -> Period:
    """A period named by its IRI, its local id (``period-2019-2022``), label or years
    (``2019-2022``)."""
    wanted = name.strip().replace("–", "-").casefold()
    for period in periods(graph, slug):
        local = period.iri.rsplit("/", 1)[-1]
        names = {
            period.iri,
            local,
            period.label.replace("–", "-"),
            period.years().replace("–", "-"),
        }
        if wanted in {n.casefold() for n in names if n}:
            return period
    known = tuple((p.iri.rsplit("/", 1)[-1], p.years() or p.label) for p in periods(graph, slug))
    node = municipality_iri(slug)
    name_of = label_of(graph, node, "sv")
    raise UnknownPeriodError(name, slug, known, None if name_of == str(node) else name_of)


def goals_in_period(graph: Graph, slug: str, period: Period) -> set[Node]:
    """The chain elements of the municipality valid during a period: those that name it with
    ``gg:validDuring``, and those without periods whose validity overlaps it."""
    municipality = municipality_iri(slug)
    target = URIRef(period.iri)
    out: set[Node] = set()
    for element in chain_elements(graph):
        if (element, GG.municipality, municipality) not in graph:
            continue
        named = set(graph.objects(element, GG.validDuring))
        if named:
            if target in named:
                out.add(element)
        elif element_interval(graph, element).overlaps(period.interval):
            out.add(element)
    return out


def element_period_text(graph: Graph, element: Node, lang: str = "sv") -> str | None:
    """The periods an element is valid during (labels), else its dates; ``None`` when nothing
    about its time is stated."""
    labels = sorted(label_of(graph, p, lang) for p in graph.objects(element, GG.validDuring))
    if labels:
        return ", ".join(labels)
    interval = element_interval(graph, element)
    if interval.start is None and interval.end is None:
        return None
    return interval.text()
