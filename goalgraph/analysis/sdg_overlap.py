"""Agenda 2030 side by side: the coverage matrix of the 17 SDG goals, and the overlap of
municipalities as a Jaccard index at goal and at target level, from the links of their goals
(links made only by documents are shown in the matrix but not counted).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

from goalgraph.model.governance import Municipality, SdgGoal
from goalgraph.model.reader import natural_key


@dataclass(frozen=True)
class SdgRow:
    """One SDG goal in the coverage matrix: per municipality, how many goals serve it."""

    goal: SdgGoal
    goals: tuple[int, ...]
    targets: tuple[tuple[str, ...], ...]
    via_documents: tuple[bool, ...]


@dataclass(frozen=True)
class Overlap:
    """The Agenda 2030 overlap of two municipalities (or of all, with ``b`` = ``*``)."""

    a: str
    b: str
    goal_jaccard: float | None
    target_jaccard: float | None
    shared_goals: tuple[str, ...]
    shared_targets: tuple[str, ...]


def _goal_sets(model: Municipality) -> tuple[set[str], set[str]]:
    links = model.goal_links()
    return {k.goal_notation for k in links}, {k.notation for k in links if k.is_target}


def sdg_matrix(models: Sequence[Municipality], sdg_goals: Sequence[SdgGoal]) -> tuple[SdgRow, ...]:
    """One row per SDG goal: per municipality the number of its goals that serve it, the
    targets they serve, and whether a document links to it."""
    rows = []
    for goal in sdg_goals:
        counts, targets, documents = [], [], []
        for model in models:
            links = [k for k in model.goal_links() if k.goal == goal.iri]
            counts.append(len({k.source for k in links}))
            targets.append(
                tuple(sorted({k.notation for k in links if k.is_target}, key=natural_key))
            )
            documents.append(any(k.goal == goal.iri for k in model.document_links()))
        rows.append(SdgRow(goal, tuple(counts), tuple(targets), tuple(documents)))
    return tuple(rows)


def jaccard(a: set[str], b: set[str]) -> float | None:
    """The Jaccard index: shared elements over all elements; None when both are empty."""
    union = a | b
    return len(a & b) / len(union) if union else None


def sdg_overlaps(models: Sequence[Municipality]) -> tuple[Overlap, ...]:
    """The SDG overlap of every pair of municipalities, and of all of them when more than two."""
    sets = {m.slug: _goal_sets(m) for m in models}
    out = []
    for a, b in itertools.combinations([m.slug for m in models], 2):
        (goals_a, targets_a), (goals_b, targets_b) = sets[a], sets[b]
        out.append(_overlap(a, b, [goals_a, goals_b], [targets_a, targets_b]))
    if len(models) > 2:
        out.append(_overlap("*", "*", [g for g, _ in sets.values()], [t for _, t in sets.values()]))
    return tuple(out)


def _overlap(a: str, b: str, goals: list[set[str]], targets: list[set[str]]) -> Overlap:
    shared_goals = set.intersection(*goals)
    shared_targets = set.intersection(*targets)
    all_goals, all_targets = set.union(*goals), set.union(*targets)
    return Overlap(
        a=a,
        b=b,
        goal_jaccard=len(shared_goals) / len(all_goals) if all_goals else None,
        target_jaccard=len(shared_targets) / len(all_targets) if all_targets else None,
        shared_goals=tuple(sorted(shared_goals, key=natural_key)),
        shared_targets=tuple(sorted(shared_targets, key=natural_key)),
    )


__all__ = ["Overlap", "SdgRow", "jaccard", "sdg_matrix", "sdg_overlaps"]
