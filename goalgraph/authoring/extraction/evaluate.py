"""Measuring a draft: against a hand-made graph, and against a corpus document's gold
annotation.

:func:`evaluate` compares a draft graph with a municipality's hand-made graph (goals, levels,
decisions, case numbers, bodies, dated steps). :func:`score_gold` compares a draft's extracted
statements with a gold annotation (``tests/extraction/*.gold.yaml``): goals by exact and by
fuzzy text match, the level of each matched goal by the document's own level name,
decisions on date and body, calendar dates, bodies and periods.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Any, TypeVar

from rdflib import Graph, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS
from rdflib.term import Node

from goalgraph.authoring.extraction.decisions import body_key
from goalgraph.authoring.extraction.draft import Draft
from goalgraph.authoring.extraction.vocabulary import level_key
from goalgraph.namespaces import GG

__all__ = ["Evaluation", "GoldScore", "Score", "evaluate", "score_gold"]

T = TypeVar("T")


@dataclass(frozen=True)
class Score:
    """Precision and recall of one kind of statement."""

    kind: str
    extracted: int
    reference: int
    matched: int

    @property
    def precision(self) -> float:
        """Matched extracted items / extracted items (1 when nothing was extracted)."""
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        """Matched reference items / reference items (1 when the reference has none)."""
        return self.matched / self.reference if self.reference else 1.0


@dataclass
class Evaluation:
    """How a draft compares with a hand-made graph, per kind and overall."""

    scores: dict[str, Score]
    level_accuracy: float | None

    @property
    def total(self) -> Score:
        """Micro-averaged over every kind."""
        return Score(
            "all",
            sum(s.extracted for s in self.scores.values()),
            sum(s.reference for s in self.scores.values()),
            sum(s.matched for s in self.scores.values()),
        )


_BODY_CLASSES = (GG.Council, GG.ExecutiveBoard, GG.WorkingCommittee, GG.ExecutiveOffice,
                 GG.DraftingCommittee, GG.Board, GG.SubCommittee, GG.MunicipalCompany,
                 GG.Administration, GG.OperationalUnit, GG.JointBody, GG.Body,
                 GG.ExternalOrganization)  # fmt: skip


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^\wåäö ]+", " ", text.casefold()).split())


def _sv(graph: Graph, node: Node, prop: URIRef = SKOS.prefLabel) -> list[str]:
    return [str(o) for o in graph.objects(node, prop) if getattr(o, "language", None) == "sv"]


def _classes(graph: Graph, node: Node | None) -> set[Node]:
    if node is None:
        return set()
    return set(graph.objects(node, RDF.type)) & set(_BODY_CLASSES)


def _pair(
    extracted: Sequence[T], reference: Sequence[T], same: Callable[[T, T], bool]
) -> list[tuple[T, T]]:
    """Greedy one-to-one matching with a predicate ``same(extracted, reference)``."""
    pairs: list[tuple[T, T]] = []
    used: set[int] = set()
    for item in extracted:
        for position, other in enumerate(reference):
            if position not in used and same(item, other):
                used.add(position)
                pairs.append((item, other))
                break
    return pairs


def evaluate(draft: Graph, reference: Graph) -> Evaluation:
    """Precision and recall of a draft's goals, decisions, case numbers, bodies and dated
    process steps against a hand-made graph, and how often a matched goal's level kind agrees.

    Goals match when their Swedish labels agree (after case and punctuation; difflib ratio at
    least 0.9); decisions on date and the deciding body's class; bodies on class and a shared
    stemmed word of their names; steps on date and, where both name one, the performer's class.
    """
    from goalgraph.authoring.suggest import stem, tokens

    scores: dict[str, Score] = {}

    def goals(graph: Graph) -> list[tuple[str, Node]]:
        nodes = [n for cls in (GG.Vision, GG.Goal) for n in graph.subjects(RDF.type, cls)]
        return [(_norm(label), n) for n in nodes for label in _sv(graph, n)[:1]]

    ext_goals, ref_goals = goals(draft), goals(reference)
    matched = _pair(ext_goals, ref_goals,
                    lambda a, b: SequenceMatcher(None, a[0], b[0]).ratio() >= 0.9)  # fmt: skip
    scores["goals"] = Score("goals", len(ext_goals), len(ref_goals), len(matched))
    agree = 0
    for (_, a), (_, b) in matched:
        kind_a = draft.value(draft.value(a, GG.atLevel), GG.levelKind)
        kind_b = reference.value(reference.value(b, GG.atLevel), GG.levelKind)
        agree += kind_a is not None and kind_a == kind_b
    level_accuracy = agree / len(matched) if matched else None

    def decisions(graph: Graph) -> list[tuple[str, set[Node]]]:
        return [(str(graph.value(d, DCTERMS.date)), _classes(graph, graph.value(d, GG.decidedBy)))
                for d in graph.subjects(RDF.type, GG.Decision)]  # fmt: skip

    ext, ref = decisions(draft), decisions(reference)
    pairs = _pair(ext, ref, lambda a, b: a[0] == b[0] and bool(a[1] & b[1]))
    scores["decisions"] = Score("decisions", len(ext), len(ref), len(pairs))

    ext_cases = sorted({_norm(str(c)) for c in draft.objects(None, GG.caseNumber)})
    ref_cases = sorted({_norm(str(c)) for c in reference.objects(None, GG.caseNumber)})
    scores["case numbers"] = Score(
        "case numbers", len(ext_cases), len(ref_cases), len(set(ext_cases) & set(ref_cases))
    )

    def bodies(graph: Graph) -> list[tuple[set[Node], set[str]]]:
        out = []
        for node in {n for c in _BODY_CLASSES for n in graph.subjects(RDF.type, c)}:
            names = _sv(graph, node) + _sv(graph, node, SKOS.altLabel)
            words = {stem(w, "sv") for name in names for w in tokens(name)
                     if len(w) > 3 and w not in ("kommunens", "kommun")}  # fmt: skip
            out.append((_classes(graph, node), words))
        return out

    ext_b, ref_b = bodies(draft), bodies(reference)
    body_pairs = _pair(ext_b, ref_b, lambda a, b: bool(a[0] & b[0]) and bool(a[1] & b[1]))
    scores["bodies"] = Score("bodies", len(ext_b), len(ref_b), len(body_pairs))

    def steps(graph: Graph) -> list[tuple[str, set[Node]]]:
        dated = [
            s
            for s in graph.subjects(RDF.type, GG.ProcessStep)
            if graph.value(s, GG.plannedDate) is not None
        ]
        return [
            (str(graph.value(s, GG.plannedDate)), _classes(graph, graph.value(s, GG.performedBy)))
            for s in dated
        ]

    ext_s, ref_s = steps(draft), steps(reference)
    pairs = _pair(
        ext_s, ref_s, lambda a, b: a[0] == b[0] and (not a[1] or not b[1] or bool(a[1] & b[1]))
    )
    scores["dated steps"] = Score("dated steps", len(ext_s), len(ref_s), len(pairs))
    return Evaluation(scores, level_accuracy)


# --- against a gold annotation -----------------------------------------------------------

#: Two goal texts match fuzzily at this similarity (difflib ratio of their normalised forms).
FUZZY = 0.85


def _squash(text: str) -> str:
    return " ".join(text.split()).strip()


def _exact(a: str, b: str) -> bool:
    return _squash(a).rstrip(".") == _squash(b).rstrip(".")


def _fuzzy(a: str, b: str) -> bool:
    x, y = _norm(a), _norm(b)
    if not x or not y:
        return False
    if x == y or SequenceMatcher(None, x, y).ratio() >= FUZZY:
        return True
    shorter, longer = sorted((x, y), key=len)
    return shorter in longer and len(shorter) >= 0.6 * len(longer)


def _same_level(extracted: str, gold: str) -> bool:
    a, b = level_key(extracted), level_key(gold)
    return bool(a) and bool(b) and (a == b or a.endswith(b) or b.endswith(a))


def _decided_by(label: str) -> str:
    """The body of a decision's label (``KF § 62 2023-06``, ``Kultur- och fritidsnämnden
    2017-12-14``): all before the paragraph and the date, a board's name of several words
    included."""
    return _body_name(re.sub(r"\s+(?:§\s*\d+\s+)?\S+$", "", label.strip()))


def _body_name(name: str) -> str:
    key = body_key(name.strip())
    if key is not None and key[1] in ("KF", "KS", "KSAU"):
        return key[1]
    return _norm(name)


@dataclass
class GoldScore:
    """Matched, extracted and annotated counts of one document, by measure."""

    counts: dict[str, tuple[int, int, int]]  # measure -> (matched, extracted, gold)
    level_agree: int
    level_pairs: int
    misses: list[str]
    extras: list[str]

    def precision(self, measure: str) -> float | None:
        matched, extracted, _ = self.counts[measure]
        return matched / extracted if extracted else None

    def recall(self, measure: str) -> float | None:
        matched, _, gold = self.counts[measure]
        return matched / gold if gold else None


def score_gold(draft: Draft, gold: dict[str, Any]) -> GoldScore:
    """How the draft's statements compare with a gold annotation (see the module text)."""
    goals = [s for s in draft.statements if s.kind == "goal"]
    gold_goals = list(gold.get("goals") or [])
    counts: dict[str, tuple[int, int, int]] = {}
    exact = _pair(goals, gold_goals, lambda s, g: _exact(s.text, g["text"]))
    counts["goals (exact)"] = (len(exact), len(goals), len(gold_goals))
    fuzzy = _pair(goals, gold_goals, lambda s, g: _fuzzy(s.text, g["text"]))
    counts["goals (fuzzy)"] = (len(fuzzy), len(goals), len(gold_goals))
    agree = sum(_same_level(s.detail, g["level"]) for s, g in fuzzy)
    matched_gold = [id(g) for _, g in fuzzy]
    misses = [g["text"] for g in gold_goals if id(g) not in matched_gold]
    matched_ext = {id(s) for s, _ in fuzzy}
    extras = [s.text for s in goals if id(s) not in matched_ext]

    decisions = [s for s in draft.statements if s.kind == "decision"]
    gold_decisions = list(gold.get("decisions") or [])
    pairs = _pair(
        decisions,
        gold_decisions,
        lambda s, g: (
            s.detail == ("" if g["date"] is None else str(g["date"]))
            and _body_name(g["body"]) == (_decided_by(s.text) if s.detail else _body_name(s.text))
        ),
    )
    counts["decisions"] = (len(pairs), len(decisions), len(gold_decisions))

    dates = sorted({s.detail for s in draft.statements if s.kind == "date"
                    and re.fullmatch(r"\d{4}-\d{2}-\d{2}", s.detail)})  # fmt: skip
    gold_dates = sorted({str(d) for d in gold.get("dates") or []})
    counts["dates"] = (len(set(dates) & set(gold_dates)), len(dates), len(gold_dates))

    bodies = sorted({_body_name(s.text) for s in draft.statements if s.kind == "body"})
    gold_bodies = sorted({_body_name(b) for b in gold.get("bodies") or []})
    counts["bodies"] = (len(set(bodies) & set(gold_bodies)), len(bodies), len(gold_bodies))

    periods = sorted({s.detail for s in draft.statements if s.kind == "period"})
    gold_periods = sorted({re.sub(r"\s*[-–]\s*", "–", str(p)) for p in gold.get("periods") or []})
    counts["periods"] = (len(set(periods) & set(gold_periods)), len(periods), len(gold_periods))
    return GoldScore(counts, agree, len(fuzzy), misses, extras)
