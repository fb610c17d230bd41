"""Structural metrics of a municipality's goal chain, computed with networkx.

The chain is a directed graph from each element to the element it supports (``gg:supports``),
built from RDF with rdflib's networkx bridge. The top of the chain is the set of elements at
levels without a parent level (usually the vision); the measures follow from that:

- *completeness* of a level: the share of its elements with a path to the top;
- *depth*: the longest chain of links from an element up to the top;
- *fan-in* of an element: how many elements support it; *fan-out*: how many it supports;
- *orphans*: elements below the top that support nothing;
- *dead ends*: elements at a level that the model breaks down further, with nothing below them;
- *key goals*: goals that other elements can reach the top only through (dominators).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass
from statistics import mean
from typing import Any

import networkx as nx

from goalgraph.model.governance import Municipality, Ref
from goalgraph.model.network import chain_graph
from goalgraph.model.reader import natural_key, read_municipality
from goalgraph.store.protocol import Store

_ROOT = "urn:goalgraph:top"


@dataclass(frozen=True)
class LevelMetrics:
    """Metrics of one level of the governance model."""

    level: str
    label: str
    rank: int
    elements: int
    reaching_top: int
    completeness: float | None
    fan_in_mean: float | None
    fan_in_max: int
    fan_out_mean: float | None
    fan_out_max: int


@dataclass(frozen=True)
class Count:
    """A resource with a count, e.g. a body and the goals it owns."""

    iri: str
    label: str
    count: int


@dataclass(frozen=True)
class KeyGoal:
    """A goal that other elements reach the top only through."""

    iri: str
    label: str
    dependents: int
    share: float


@dataclass(frozen=True)
class StructureMetrics:
    """The structure of one municipality's goal chain; see the module documentation."""

    slug: str
    label: str
    elements: int
    links: int
    levels: tuple[LevelMetrics, ...]
    populated_levels: int
    depth: int
    completeness: float | None
    orphans: tuple[Ref, ...]
    dead_ends: tuple[Ref, ...]
    goals_per_body: tuple[Count, ...]
    contributions_per_body: tuple[Count, ...]
    documents_per_goal: tuple[Count, ...]
    goals_with_sdg: int
    goals: int
    sdg_goals: tuple[Count, ...]
    sdg_targets: tuple[Count, ...]
    sdg_goals_via_documents: tuple[str, ...]
    key_goals: tuple[KeyGoal, ...]
    #: Elements whose parent the sources do not state: neither orphans nor at the top.
    parent_not_stated: tuple[Ref, ...] = ()
    #: Chain links the editor inferred (e.g. from headings), counted apart from stated ones.
    inferred_links: int = 0

    @property
    def sdg_share(self) -> float | None:
        """The share of goals with at least one Agenda 2030 link."""
        return self.goals_with_sdg / self.goals if self.goals else None

    def to_json(self) -> dict[str, Any]:
        """The metrics as plain JSON data."""
        data = asdict(self)
        data["sdg_share"] = self.sdg_share
        result: dict[str, Any] = plain(data)
        return result


def plain(value: Any) -> Any:
    """``value`` as JSON data: tuples become lists and floats are rounded to four decimals."""
    if isinstance(value, float):
        return round(value, 4)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def top_elements(model: Municipality) -> set[str]:
    """The elements at the top levels (levels without a parent level); an element whose parent
    the sources do not state is not at the top, it only has nothing recorded above it."""
    tops = {level.iri for level in model.levels if level.is_top}
    unstated = model.parent_not_stated
    return {e.iri for e in model.elements if e.level in tops and e.iri not in unstated}


def reaching_top(graph: nx.DiGraph, tops: set[str]) -> set[str]:
    """The nodes with a path to a top element (the top elements included)."""
    reached: set[str] = set()
    for top in tops & set(graph):
        reached |= nx.ancestors(graph, top) | {top}
    return reached


def analyse(store: Store, slug: str) -> StructureMetrics:
    """The structural metrics of one municipality's goal chain.

    >>> from goalgraph.store.load import default_store
    >>> metrics = analyse(default_store(), "vaggeryd")
    >>> metrics.depth, metrics.completeness
    (1, 1.0)
    """
    return metrics_of(read_municipality(store, slug))


def metrics_of(model: Municipality) -> StructureMetrics:
    """The structural metrics of an already read municipality."""
    graph = chain_graph(model)
    tops = top_elements(model)
    reached = reaching_top(graph, tops)
    below_top = [e.iri for e in model.elements if e.iri not in tops]
    parent_levels = {p for level in model.levels for p in level.parents}
    goals = [e for e in model.elements if e.type == "Goal"]
    goal_links = model.goal_links()
    linked_goals = {link.source for link in goal_links}
    return StructureMetrics(
        slug=model.slug,
        label=model.label,
        elements=len(model.elements),
        links=sum(1 for s, o in graph.edges if s in model.rank_of and o in model.rank_of),
        levels=tuple(_level_metrics(model, graph, reached)),
        populated_levels=sum(1 for level in model.levels if model.elements_at(level.iri)),
        depth=_depth(graph, tops, reached),
        completeness=(
            sum(1 for iri in below_top if iri in reached) / len(below_top) if below_top else None
        ),
        orphans=_refs(
            model,
            [
                iri
                for iri in below_top
                if graph.out_degree(iri) == 0 and iri not in model.parent_not_stated
            ],
        ),
        dead_ends=_refs(
            model,
            [
                e.iri
                for e in model.elements
                if e.level in parent_levels and graph.in_degree(e.iri) == 0
            ],
        ),
        goals_per_body=_per_body(model, lambda e: e.owners),
        contributions_per_body=_per_body(model, lambda e: e.contributors),
        documents_per_goal=tuple(
            Count(g.iri, g.display, sum(1 for d in model.documents if g.iri in d.supports))
            for g in goals
        ),
        goals_with_sdg=sum(1 for g in goals if g.iri in linked_goals),
        goals=len(goals),
        sdg_goals=_sdg_counts(goal_links, by_goal=True),
        sdg_targets=_sdg_counts([k for k in goal_links if k.is_target], by_goal=False),
        sdg_goals_via_documents=tuple(
            sorted({k.goal_notation for k in model.document_links()}, key=natural_key)
        ),
        key_goals=_key_goals(model, graph, tops, reached),
        parent_not_stated=_refs(
            model, [e.iri for e in model.elements if e.iri in model.parent_not_stated]
        ),
        inferred_links=sum(1 for basis in model.link_bases if basis.inferred),
    )


def _refs(model: Municipality, iris: list[str]) -> tuple[Ref, ...]:
    return tuple(Ref(iri, model.label_of(iri)) for iri in iris)


def _level_metrics(model: Municipality, graph: nx.DiGraph, reached: set[str]) -> list[LevelMetrics]:
    out = []
    for level in model.levels:
        members = [e.iri for e in model.elements_at(level.iri)]
        fan_in = [graph.in_degree(iri) for iri in members]
        fan_out = [graph.out_degree(iri) for iri in members]
        n_reached = sum(1 for iri in members if iri in reached)
        out.append(
            LevelMetrics(
                level=level.iri,
                label=level.label,
                rank=level.rank,
                elements=len(members),
                reaching_top=n_reached,
                completeness=n_reached / len(members) if members else None,
                fan_in_mean=float(mean(fan_in)) if members else None,
                fan_in_max=max(fan_in, default=0),
                fan_out_mean=float(mean(fan_out)) if members else None,
                fan_out_max=max(fan_out, default=0),
            )
        )
    return out


def _depth(graph: nx.DiGraph, tops: set[str], reached: set[str]) -> int:
    """The longest chain of links from an element up to a top element."""
    chain = graph.subgraph(reached)
    dag = nx.condensation(chain)  # a cycle counts as one step
    members = dag.graph["mapping"]
    top_nodes = {members[t] for t in tops if t in members}
    longest: dict[int, int] = {}
    for node in reversed(list(nx.topological_sort(dag))):
        heads = [longest[h] + 1 for h in dag.successors(node) if h in longest]
        if heads:
            longest[node] = max(heads)
        elif node in top_nodes:
            longest[node] = 0
    return max(longest.values(), default=0)


def _per_body(model: Municipality, bodies_of: Any) -> tuple[Count, ...]:
    counts: Counter[str] = Counter(b for e in model.elements for b in bodies_of(e))
    return tuple(
        Count(iri, model.label_of(iri), n)
        for iri, n in sorted(counts.items(), key=lambda kv: (-kv[1], natural_key(kv[0])))
    )


def _sdg_counts(links: Any, *, by_goal: bool) -> tuple[Count, ...]:
    sources: dict[tuple[str, str], set[str]] = {}
    for link in links:
        key = (link.goal, link.goal_notation) if by_goal else (link.sdg, link.notation)
        sources.setdefault(key, set()).add(link.source)
    return tuple(
        Count(iri, notation, len(found))
        for (iri, notation), found in sorted(sources.items(), key=lambda kv: natural_key(kv[0][1]))
    )


def _key_goals(
    model: Municipality, graph: nx.DiGraph, tops: set[str], reached: set[str]
) -> tuple[KeyGoal, ...]:
    """Goals that dominate others: every path from those elements to the top passes them."""
    down = graph.subgraph(reached).reverse(copy=True)
    down.add_edges_from((_ROOT, top) for top in tops if top in down)
    if _ROOT not in down:
        return ()
    idom = nx.immediate_dominators(down, _ROOT)
    tree = nx.DiGraph((parent, child) for child, parent in idom.items() if child != parent)
    total = len(model.elements)
    key = []
    for element in model.elements:
        if element.type != "Goal" or element.iri not in tree:
            continue
        dependents = len(nx.descendants(tree, element.iri))
        if dependents:
            key.append(KeyGoal(element.iri, element.display, dependents, dependents / total))
    return tuple(sorted(key, key=lambda k: (-k.dependents, natural_key(k.iri))))
