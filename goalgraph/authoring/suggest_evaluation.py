"""Measuring SDG suggestions against a graph's reviewed links: precision, hit rate, recall at k."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, Literal
from rdflib.namespace import RDF, SKOS

from goalgraph.authoring.suggest import notation_key, suggest
from goalgraph.namespaces import GG, SDG

__all__ = ["GoalEvaluation", "SuggestionEvaluation", "evaluate", "reviewed_links"]


@dataclass(frozen=True)
class GoalEvaluation:
    """One goal: its reviewed targets and the top suggestions."""

    goal: str
    gold: tuple[str, ...]
    suggested: tuple[str, ...]

    @property
    def hits(self) -> int:
        """How many of the top suggestions are reviewed targets."""
        return len(set(self.gold) & set(self.suggested))


@dataclass
class SuggestionEvaluation:
    """Precision at k of suggestions against the reviewed (non-suggested) SDG target links."""

    k: int
    goals: list[GoalEvaluation]

    @property
    def precision(self) -> float:
        """Mean over goals of (reviewed targets among the top k) / k."""
        return sum(g.hits / self.k for g in self.goals) / len(self.goals) if self.goals else 0.0

    @property
    def best_possible(self) -> float:
        """The precision at k a perfect ranking would get (goals with fewer than k targets)."""
        if not self.goals:
            return 0.0
        return sum(min(len(g.gold), self.k) / self.k for g in self.goals) / len(self.goals)

    @property
    def hit_rate(self) -> float:
        """Share of goals with at least one reviewed target among the top k."""
        return sum(g.hits > 0 for g in self.goals) / len(self.goals) if self.goals else 0.0

    @property
    def recall(self) -> float:
        """Share of all reviewed target links found among the top k of their goals."""
        total = sum(len(g.gold) for g in self.goals)
        return sum(g.hits for g in self.goals) / total if total else 0.0


def reviewed_links(graph: Graph) -> list[tuple[str, str, frozenset[str]]]:
    """Each goal or vision of ``graph`` with SDG links of any basis but gg:Suggested and a
    Swedish label: its IRI, the label and the notations it links to (goals and targets)."""
    out = []
    for goal in sorted(set(graph.subjects(GG.sdgContribution, None)), key=str):
        if (goal, RDF.type, GG.Goal) not in graph and (goal, RDF.type, GG.Vision) not in graph:
            continue
        links = frozenset(
            str(graph.value(link, GG.sdg)).removeprefix(str(SDG))
            for link in graph.objects(goal, GG.sdgContribution)
            if graph.value(link, GG.basis) not in (None, GG.Suggested)
        )
        labels = [
            str(o)
            for o in graph.objects(goal, SKOS.prefLabel)
            if isinstance(o, Literal) and o.language == "sv"
        ]
        if links and labels:
            out.append((str(goal), labels[0], links))
    return out


def evaluate(graph: Graph, k: int = 3, *, use_lexicon: bool = True) -> SuggestionEvaluation:
    """Suggest targets for every goal of ``graph`` that has reviewed links to SDG targets
    (any basis but gg:Suggested) and compare the top ``k`` with them.

    With ``use_lexicon=False`` only text similarity ranks (a baseline).
    """
    goals = []
    for goal, label, links in reviewed_links(graph):
        gold = sorted((n for n in links if "." in n), key=notation_key)
        if not gold:
            continue
        ranked = suggest(label, "sv", limit=k, use_lexicon=use_lexicon)
        goals.append(GoalEvaluation(goal, tuple(gold), tuple(s.notation for s in ranked)))
    return SuggestionEvaluation(k, goals)
