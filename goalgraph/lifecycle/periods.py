"""Mandate periods and goal versions: what is valid when, what replaced what, and diffs.

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
:func:`diff_periods` compares the goals of two mandate periods; :func:`as_of` and
:func:`as_of_store` give the graph as it stood on a day, for queries and diagrams.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS, TIME
from rdflib.term import Node

from goalgraph.errors import GoalgraphError, NotFoundError
from goalgraph.namespaces import GG, GRAPH, municipality_iri
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.store.protocol import Store
from goalgraph.store.terms import to_ox

__all__ = [
    "Change",
    "Interval",
    "PeriodDiff",
    "as_of",
    "as_of_store",
    "diff_periods",
    "element_interval",
    "is_valid_at",
    "literal_bounds",
    "parse_day",
    "periods",
    "resolve_period",
]


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
    text = str(value).strip()
    try:
        if len(text) == 4 and text.isdigit():
            year = int(text)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if len(text) == 7 and text[4] == "-":
            year, month = int(text[:4]), int(text[5:])
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
    return day, day


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


def _chain_elements(graph: Graph) -> set[Node]:
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
    gone: set[Node] = {e for e in _chain_elements(graph) if not is_valid_at(graph, e, day)}
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
    from goalgraph.store.load import ONTOLOGY_GRAPH, SDG_GRAPH

    snapshot = OxigraphStore()
    for reference in (ONTOLOGY_GRAPH, SDG_GRAPH):
        if reference in store.named_graphs():
            data = store.dump(reference, "application/n-triples")
            snapshot.replace_graph(reference, ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
    snapshot.replace_graph(name, _triples(as_of(store.to_rdflib([name]), day)))
    return snapshot


def _triples(graph: Graph) -> list[ox.Triple]:
    return [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]  # type: ignore[arg-type]


# --- periods and diffs -------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A mandate period of a municipality."""

    iri: str
    label: str
    interval: Interval


def _label(graph: Graph, node: Node, lang: str, prop: URIRef = SKOS.prefLabel) -> str:
    values = {o.language: str(o) for o in graph.objects(node, prop) if isinstance(o, Literal)}
    return (
        values.get(lang)
        or values.get("sv")
        or values.get(None)
        or next(iter(values.values()), str(node))
    )


def periods(graph: Graph, slug: str, lang: str = "sv") -> list[Period]:
    """The municipality's mandate periods, in time order."""
    municipality = municipality_iri(slug)
    found = [
        Period(str(p), _label(graph, p, lang), period_interval(graph, p))
        for p in graph.subjects(RDF.type, GG.MandatePeriod)
        if (p, GG.municipality, municipality) in graph
    ]
    return sorted(found, key=lambda p: (p.interval.start or dt.date.min, p.iri))


def resolve_period(graph: Graph, slug: str, name: str) -> Period:
    """A period named by its IRI, its local id (``period-2019-2022``), label or years
    (``2019-2022``)."""
    wanted = name.strip().replace("–", "-").casefold()
    for period in periods(graph, slug):
        local = period.iri.rsplit("/", 1)[-1]
        years = ""
        if period.interval.start and period.interval.end:
            years = f"{period.interval.start.year}-{period.interval.end.year}"
        names = {period.iri, local, period.label.replace("–", "-"), years}
        if wanted in {n.casefold() for n in names if n}:
            return period
    known = ", ".join(p.iri.rsplit("/", 1)[-1] for p in periods(graph, slug)) or "none / inga"
    raise NotFoundError(f"unknown mandate period {name!r} of {slug}; known: {known}")


def goals_in_period(graph: Graph, slug: str, period: Period) -> set[Node]:
    """The chain elements of the municipality valid during a period: those that name it with
    ``gg:validDuring``, and those without periods whose validity overlaps it."""
    municipality = municipality_iri(slug)
    target = URIRef(period.iri)
    out: set[Node] = set()
    for element in _chain_elements(graph):
        if (element, GG.municipality, municipality) not in graph:
            continue
        named = set(graph.objects(element, GG.validDuring))
        if named:
            if target in named:
                out.add(element)
        elif element_interval(graph, element).overlaps(period.interval):
            out.add(element)
    return out


@dataclass(frozen=True)
class Change:
    """One goal's change between two periods."""

    #: ``added``, ``removed``, ``replaced``, ``changed`` (a new version) or ``unchanged``.
    status: str
    #: For ``changed`` and ``replaced``: any of ``reworded``, ``renumbered``, ``moved``.
    kinds: tuple[str, ...]
    old: str | None
    new: str | None
    old_label: str | None
    new_label: str | None
    old_number: str | None
    new_number: str | None
    old_level: str | None
    new_level: str | None
    old_parents: tuple[str, ...] = ()
    new_parents: tuple[str, ...] = ()
    decision: str | None = None
    decision_label: str | None = None
    decision_date: str | None = None


@dataclass
class PeriodDiff:
    """What changed in a municipality's goals from one mandate period to the next."""

    municipality: str
    old_period: Period
    new_period: Period
    changes: list[Change] = field(default_factory=list)

    def count(self, status: str) -> int:
        """The number of changes with a status."""
        return sum(c.status == status for c in self.changes)

    def to_json(self) -> dict[str, Any]:
        """A JSON-serialisable form."""
        return {
            "municipality": self.municipality,
            "old_period": {"iri": self.old_period.iri, "label": self.old_period.label},
            "new_period": {"iri": self.new_period.iri, "label": self.new_period.label},
            "counts": {s: self.count(s) for s in _STATUSES},
            "changes": [asdict(c) for c in self.changes],
        }

    def to_text(self, lang: str = "sv") -> str:
        """A readable list of the changes in ``sv`` or ``en``."""
        words = _DIFF_WORDS[lang]
        lines = [
            f"{words['title']}: {self.old_period.label} → {self.new_period.label}",
            ", ".join(f"{words[s]}: {self.count(s)}" for s in _STATUSES),
        ]
        for change in self.changes:
            lines.append("")
            head = words[change.status]
            if change.kinds:
                head += " (" + ", ".join(words[k] for k in change.kinds) + ")"
            lines.append(f"[{head}] {change.new_number or change.old_number or ''}".rstrip())
            if change.old is not None:
                lines.append(f"  {words['old']}: {change.old_label} <{change.old}>")
            if change.new is not None:
                lines.append(f"  {words['new']}: {change.new_label} <{change.new}>")
            if "renumbered" in change.kinds:
                lines.append(f"  {words['number']}: {change.old_number} → {change.new_number}")
            if "moved" in change.kinds:
                if change.old_level != change.new_level:
                    lines.append(f"  {words['level']}: {change.old_level} → {change.new_level}")
                if change.old_parents != change.new_parents:
                    lines.append(
                        f"  {words['parents']}: {', '.join(change.old_parents) or '–'} → "
                        f"{', '.join(change.new_parents) or '–'}"
                    )
            if change.decision:
                lines.append(
                    f"  {words['decision']}: {change.decision_label or change.decision}"
                    + (f" ({change.decision_date})" if change.decision_date else "")
                )
        return "\n".join(lines) + "\n"


_STATUSES = ("added", "removed", "replaced", "changed", "unchanged")
_DIFF_WORDS: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Förändringar i målen",
        "added": "nytt",
        "removed": "borttaget",
        "replaced": "ersatt",
        "changed": "ny version",
        "unchanged": "oförändrat",
        "reworded": "ny lydelse",
        "renumbered": "nytt nummer",
        "moved": "flyttat",
        "old": "före",
        "new": "efter",
        "number": "nummer",
        "level": "nivå",
        "parents": "stödjer",
        "decision": "beslut",
    },
    "en": {
        "title": "Changes in the goals",
        "added": "added",
        "removed": "removed",
        "replaced": "replaced",
        "changed": "new version",
        "unchanged": "unchanged",
        "reworded": "reworded",
        "renumbered": "renumbered",
        "moved": "moved",
        "old": "before",
        "new": "after",
        "number": "number",
        "level": "level",
        "parents": "supports",
        "decision": "decision",
    },
}


def _revision_path(graph: Graph, new: Node, old: Node) -> bool:
    stack, seen = [new], set()
    while stack:
        node = stack.pop()
        if node == old:
            return True
        if node in seen:
            continue
        seen.add(node)
        stack.extend(graph.objects(node, PROV.wasRevisionOf))
    return False


def _successor_in(graph: Graph, old: Node, targets: set[Node]) -> list[Node]:
    found: list[Node] = []
    stack, seen = sorted(successors(graph, old), key=str), {old}
    while stack:
        node = stack.pop(0)
        if node in seen:
            continue
        seen.add(node)
        if node in targets:
            found.append(node)
        else:
            stack.extend(sorted(successors(graph, node), key=str))
    return found


def diff_periods(
    graph: Graph, slug: str, old_period: str, new_period: str, lang: str = "sv"
) -> PeriodDiff:
    """Compare the goals valid in two mandate periods of a municipality.

    Each goal of the old period is ``unchanged`` (valid in both), a new version (``changed``:
    ``reworded``, ``renumbered`` and/or ``moved``: another level or other goals above),
    ``replaced`` by a different goal, or ``removed``; goals of the new period that succeed
    nothing are ``added``. Changes name the replacing decision where the data has one.
    """
    old_p, new_p = resolve_period(graph, slug, old_period), resolve_period(graph, slug, new_period)
    old_goals = goals_in_period(graph, slug, old_p)
    new_goals = goals_in_period(graph, slug, new_p)
    diff = PeriodDiff(str(municipality_iri(slug)), old_p, new_p)
    mapping: dict[Node, list[Node]] = {}
    for old in old_goals:
        mapping[old] = [old] if old in new_goals else _successor_in(graph, old, new_goals)
    succeeded = {n for news in mapping.values() for n in news}

    def translate(parents: Iterable[Node]) -> set[Node]:
        return {n for p in parents for n in (mapping.get(p) or [p])}

    def info(node: Node | None) -> dict[str, Any]:
        if node is None:
            return {"iri": None, "label": None, "number": None, "level": None, "parents": ()}
        level = graph.value(node, GG.atLevel)
        number = graph.value(node, DCTERMS.identifier)
        return {
            "iri": str(node),
            "label": _label(graph, node, "sv"),
            "number": None if number is None else str(number),
            "level": None if level is None else _label(graph, level, lang),
            "parents": tuple(sorted(_short(graph, p) for p in graph.objects(node, GG.supports))),
        }

    for old in sorted(old_goals, key=_order_key(graph)):
        a = info(old)
        news = mapping[old]
        if not news:
            decision = graph.value(old, GG.replacedByDecision)
            diff.changes.append(_change("removed", (), a, info(None), graph, decision, lang))
            continue
        for new in news:
            b = info(new)
            if new == old:
                diff.changes.append(_change("unchanged", (), a, b, graph, None, lang))
                continue
            kinds = []
            if _label(graph, old, "sv") != _label(graph, new, "sv"):
                kinds.append("reworded")
            if a["number"] != b["number"]:
                kinds.append("renumbered")
            same_level = graph.value(old, GG.atLevel) == graph.value(new, GG.atLevel)
            if not same_level or translate(graph.objects(old, GG.supports)) != set(
                graph.objects(new, GG.supports)
            ):
                kinds.append("moved")
            status = "changed" if _revision_path(graph, new, old) else "replaced"
            decision = graph.value(old, GG.replacedByDecision)
            diff.changes.append(_change(status, tuple(kinds), a, b, graph, decision, lang))
    for new in sorted(new_goals - succeeded - old_goals, key=_order_key(graph)):
        diff.changes.append(_change("added", (), info(None), info(new), graph, None, lang))
    return diff


def _short(graph: Graph, node: Node) -> str:
    number = graph.value(node, DCTERMS.identifier)
    label = _label(graph, node, "sv")
    return f"{number}: {label}" if number is not None else label


def _order_key(graph: Graph) -> Any:
    def key(node: Node) -> tuple[int, str, str]:
        level = graph.value(node, GG.atLevel)
        rank = graph.value(level, GG.rank) if level is not None else None
        number = graph.value(node, DCTERMS.identifier)
        return (int(rank) if isinstance(rank, Literal) else 99, str(number or ""), str(node))

    return key


def _change(
    status: str,
    kinds: tuple[str, ...],
    a: dict[str, Any],
    b: dict[str, Any],
    graph: Graph,
    decision: Node | None,
    lang: str,
) -> Change:
    date = graph.value(decision, DCTERMS.date) if decision is not None else None
    return Change(
        status,
        kinds,
        a["iri"],
        b["iri"],
        a["label"],
        b["label"],
        a["number"],
        b["number"],
        a["level"],
        b["level"],
        a["parents"],
        b["parents"],
        None if decision is None else str(decision),
        None if decision is None else _label(graph, decision, lang),
        None if date is None else str(date),
    )
