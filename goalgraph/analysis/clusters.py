"""Groups of municipalities with similar goal structures, and groups of similar goals.

Structures: each municipality is a point of structural metrics (:data:`FEATURES`, from
:mod:`goalgraph.analysis.metrics`), each scaled 0–1 between the lowest and the highest value;
the distance of two municipalities is the mean absolute difference. Municipalities at most
:data:`MAX_STRUCTURE_DISTANCE` apart are linked, and the groups are networkx's greedy-modularity
communities of that network (deterministic).

Goals: the pairs of :func:`goalgraph.analysis.similar.similar_goals` that share an SDG target
or whose wording is at least :data:`MIN_GOAL_SIMILARITY` alike are linked; the groups are the
communities of that network that hold goals of at least two municipalities.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import networkx as nx

from goalgraph.analysis.metrics import StructureMetrics

if TYPE_CHECKING:
    from goalgraph.analysis.similar import GoalRef, SimilarGoals

#: Two municipalities are alike when their scaled metrics differ by at most this on average.
MAX_STRUCTURE_DISTANCE = 0.2
#: Two goals are linked when they share a target or their wording is at least this alike.
MIN_GOAL_SIMILARITY = 0.3


def _share(part: int, whole: int) -> float:
    return part / whole if whole else 0.0


#: The structural metrics a municipality is described by: (key, value from its metrics).
FEATURES: tuple[tuple[str, Callable[[StructureMetrics], float]], ...] = (
    ("populated_levels", lambda m: float(m.populated_levels)),
    ("depth", lambda m: float(m.depth)),
    ("goals", lambda m: float(m.goals)),
    ("links_per_element", lambda m: _share(m.links, m.elements)),
    ("completeness", lambda m: m.completeness or 0.0),
    ("sdg_share", lambda m: m.sdg_share or 0.0),
    (
        "document_share",
        lambda m: _share(
            sum(1 for c in m.documents_per_goal if c.count), len(m.documents_per_goal)
        ),
    ),
)


@dataclass(frozen=True)
class StructureCluster:
    """Municipalities with similar structures; ``closest`` is each member's nearest other
    municipality and the distance to it."""

    members: tuple[str, ...]
    closest: tuple[tuple[str, str | None, float | None], ...]
    profile: tuple[tuple[str, float], ...]


@dataclass(frozen=True)
class GoalCluster:
    """Goals of several municipalities that are about the same thing."""

    goals: tuple[GoalRef, ...]
    municipalities: tuple[str, ...]
    words: tuple[str, ...]
    targets: tuple[str, ...]


def feature_table(metrics: Sequence[StructureMetrics]) -> dict[str, dict[str, float]]:
    """Per slug: each feature scaled 0–1 between the lowest and the highest municipality."""
    raw = {m.slug: {key: value(m) for key, value in FEATURES} for m in metrics}
    scaled: dict[str, dict[str, float]] = {slug: {} for slug in raw}
    for key, _ in FEATURES:
        values = [row[key] for row in raw.values()]
        low, high = min(values, default=0.0), max(values, default=0.0)
        for slug, row in raw.items():
            scaled[slug][key] = (row[key] - low) / (high - low) if high > low else 0.0
    return scaled


def distance(a: dict[str, float], b: dict[str, float]) -> float:
    """The mean absolute difference of two scaled feature rows (0 alike, 1 opposite)."""
    return sum(abs(a[k] - b[k]) for k, _ in FEATURES) / len(FEATURES)


def structure_clusters(metrics: Sequence[StructureMetrics]) -> tuple[StructureCluster, ...]:
    """Groups of municipalities whose scaled structural metrics lie close together."""
    table = feature_table(metrics)
    slugs = [m.slug for m in metrics]
    graph = nx.Graph()
    graph.add_nodes_from(slugs)
    dist = {}
    for a, b in itertools.combinations(slugs, 2):
        d = dist[a, b] = dist[b, a] = distance(table[a], table[b])
        if d <= MAX_STRUCTURE_DISTANCE:
            graph.add_edge(a, b, weight=1.0 - d)
    groups = (
        nx.community.greedy_modularity_communities(graph, weight="weight")
        if graph.number_of_edges()
        else [{slug} for slug in slugs]
    )
    order = {slug: i for i, slug in enumerate(slugs)}
    clusters = []
    for group in groups:
        members = tuple(sorted(group, key=order.__getitem__))
        closest = []
        for slug in members:
            others = [(dist[slug, o], o) for o in slugs if o != slug]
            near = min(others) if others else None
            closest.append((slug, near[1] if near else None, round(near[0], 3) if near else None))
        profile = tuple(
            (key, round(sum(table[s][key] for s in members) / len(members), 3))
            for key, _ in FEATURES
        )
        clusters.append(StructureCluster(members, tuple(closest), profile))
    return tuple(sorted(clusters, key=lambda c: (-len(c.members), order[c.members[0]])))


def goal_clusters(pairs: Sequence[SimilarGoals]) -> tuple[GoalCluster, ...]:
    """Groups of goals of at least two municipalities, linked by shared targets or wording."""
    graph = nx.Graph()
    refs: dict[str, GoalRef] = {}
    for pair in pairs:
        if not pair.shared_targets and pair.text_similarity < MIN_GOAL_SIMILARITY:
            continue
        refs[pair.a.iri], refs[pair.b.iri] = pair.a, pair.b
        graph.add_edge(
            pair.a.iri,
            pair.b.iri,
            weight=pair.score,
            words=pair.shared_words,
            targets=pair.shared_targets,
        )
    if not graph.number_of_edges():
        return ()
    clusters = []
    for group in nx.community.greedy_modularity_communities(graph, weight="weight"):
        goals = tuple(sorted((refs[i] for i in group), key=lambda r: (r.slug, r.iri)))
        towns = tuple(sorted({g.slug for g in goals}))
        if len(towns) < 2:
            continue
        inside = graph.subgraph(group).edges(data=True)
        words = Counter(w for _, _, data in inside for w in data["words"])
        targets = Counter(t for _, _, data in inside for t in data["targets"])
        clusters.append(
            GoalCluster(
                goals=goals,
                municipalities=towns,
                words=tuple(w for w, _ in words.most_common(5)),
                targets=tuple(t for t, _ in targets.most_common(5)),
            )
        )
    return tuple(
        sorted(clusters, key=lambda c: (-len(c.municipalities), -len(c.goals), c.goals[0].iri))
    )
