"""The goals of a draft and their levels: the structural rules' goals, the sentences about
the municipality and the statistical finder's list items, each at the document's own level,
and the draft governance model of those levels.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SKOS

from goalgraph.authoring.extraction import finder
from goalgraph.authoring.extraction.candidates import leads_means, no_goal
from goalgraph.authoring.extraction.decisions import slugify
from goalgraph.authoring.extraction.reading import Block
from goalgraph.authoring.extraction.statements import KINDS, find_statements
from goalgraph.authoring.extraction.structure import (
    Candidate,
    _other_actor,
    find_goals,
    heading_like,
)
from goalgraph.authoring.extraction.vocabulary import find_terms, kind_of, level_key
from goalgraph.namespaces import GG

if TYPE_CHECKING:
    from goalgraph.authoring.extraction.draft import Builder

__all__ = ["add_goals"]

_LEVEL_KINDS = {
    "vision": GG.VisionLevel,
    "overarching": GG.OverarchingGoalLevel,
    "subgoal": GG.OverarchingSubGoalLevel,
    "council": GG.CouncilGoalLevel,
    "area": GG.FocusAreaLevel,
    "board": GG.BoardGoalLevel,
    "operational": GG.OperationalGoalLevel,
}


@dataclass
class _Goal:
    text: str
    level: str  # level local id
    block: Block
    passage: str
    confidence: float
    heading: str | None = None
    parent: int | None = None
    cls: URIRef = GG.Goal


def add_goals(self: Builder) -> None:
    structural = find_goals(self.lines)
    claimed = {id(b) for c in structural for b in c.blocks}
    goal_headings = {id(c.block) for c in structural if heading_like(c.block)}
    statements = [
        s for s in find_statements(self.lines, self.name, self.text)
        if id(s.block) not in claimed and not describes(self, s.block, goal_headings)
        and not no_goal(s.text, False)
    ]  # fmt: skip
    known = [c.text for c in structural] + [s.text for s in statements]
    found = found_by_finder(self, claimed | {id(s.block) for s in statements}, known)
    if not structural and not statements and not found:
        return
    levels: dict[str, tuple[tuple[int, int], str, str]] = {}  # id -> (order, name, kind)
    goals: list[_Goal] = []
    for position, candidate in enumerate(structural):
        local = level_for(self, candidate, levels, position)
        passage = (
            candidate.text if candidate.text in candidate.block.text else (candidate.block.text)
        )
        goals.append(
            _Goal(candidate.text, local, candidate.block, passage, candidate.confidence,
                  parent=candidate.parent,
                  cls=GG.Vision if levels[local][2] == "vision" else GG.Goal)
        )  # fmt: skip
    offset = len(goals)
    order = list(KINDS)
    by_kind: dict[str, list[int]] = {}
    for statement in statements:
        local = f"level-{statement.kind}"
        rank = order.index(statement.kind)
        if local not in levels:
            levels[local] = ((rank, 0), KINDS[statement.kind], statement.kind)
        by_kind.setdefault(statement.kind, []).append(len(goals))
        goals.append(
            _Goal(statement.text, local, statement.block, statement.passage, 0.7,
                  statement.heading,
                  cls=GG.Vision if statement.kind == "vision" else GG.Goal)
        )  # fmt: skip
    first_found = len(goals)
    for block, level, probability in found:
        # The finder's goals go to the level named above them when the draft has it, or
        # to a new level below the rules' levels (their chains stay as the rules read them).
        local = "level-" + (slugify(level_key(level)) or "mal")
        if local not in levels and kind_of(level, 2) == "vision":
            level, local = "Mål", "level-mal"
        if local not in levels:
            levels[local] = ((99, len(levels)), level, kind_of(level, 2))
        goals.append(
            _Goal(block.text.strip(), local, block, block.text, round(0.5 * probability, 2),
                  cls=GG.Vision if levels[local][2] == "vision" else GG.Goal)
        )  # fmt: skip
    ranked = sorted(levels, key=lambda local: levels[local][0])
    add_levels(self, ranked, levels)
    nodes: list[URIRef] = []
    counters: dict[str, int] = {}
    for index, goal in enumerate(goals):
        if index < offset:
            local = f"goal-{index + 1}"
        else:
            kind = levels[goal.level][2]
            counters[kind] = counters.get(kind, 0) + 1
            local = "vision" if kind == "vision" else f"goal-{kind}-{counters[kind]}"
        node = self.resource(
            local, goal.cls, goal.text, goal.passage, goal.block, goal.confidence,
            levels[goal.level][1],
        )  # fmt: skip
        self.graph.add((node, GG.atLevel, self.ns[goal.level]))
        if goal.heading:
            self.graph.add((node, GG.shortLabel, Literal(goal.heading, lang="sv")))
        nodes.append(node)
    for index in range(first_found, len(goals)):
        if ranked.index(goals[index].level):
            parent_not_stated(self, nodes[index], goals[index].block)
    for index, goal in enumerate(goals[:offset]):
        if goal.parent is not None and goal.parent < offset:
            self.graph.add((nodes[index], GG.supports, nodes[goal.parent]))
    kinds = [k for k in order if k in by_kind]
    for upper, lower in itertools.pairwise(kinds):
        for child in by_kind[lower]:
            for parent in by_kind[upper]:
                self.graph.add((nodes[child], GG.supports, nodes[parent]))
    if "council" in by_kind and self.body("body-kf") is not None:
        for child in by_kind["council"]:
            self.graph.add((nodes[child], GG.ownedBy, self.ns["body-kf"]))


def parent_not_stated(self: Builder, node: URIRef, block: Block) -> None:
    """A gap: the draft does not say what the finder's goal ``node`` supports."""
    gap = URIRef(f"{node}-parent")
    self.graph.add((gap, RDF.type, GG.Gap))
    self.graph.add((gap, GG.gapKind, GG.ParentNotStated))
    self.graph.add((gap, GG.gapOf, node))
    self.graph.add((gap, GG.leftOpenBy, self.doc))
    self.graph.add((gap, GG.municipality, self.municipality))
    self.cite(gap, block.text, block)


def found_by_finder(
    self: Builder, claimed: set[int], known: list[str]
) -> list[tuple[Block, str, float]]:
    """List items the statistical finder reads as goals that the rules left: the block,
    the level named in the nearest heading above (``Mål`` when none) and the probability.
    Only list items where the rules find goals enough: elsewhere (headings, captions,
    timetables) it errs too often; where the rules find fewer than the model's ``few``
    goals, any block from its ``alone_cut``. Not a list another organisation's goals lead,
    nor one the means to a goal lead."""
    chances = finder.probabilities(self.lines)
    if chances is None:
        return []
    # where the rules find few goals, any block the finder is sure enough of (not only items)
    alone = finder.alone_cut() if len(known) < finder.few() else 2.0
    out: list[tuple[Block, str, float]] = []
    lead = ""  # the line that leads the current list
    for index, (block, chance) in enumerate(zip(self.lines, chances, strict=True)):
        if block.kind != "item" or not index or self.lines[index - 1].kind != "item":
            lead = self.lines[index - 1].text if index and block.kind == "item" else ""
        text = block.text.strip()
        least = finder.cut() if block.kind == "item" else alone
        if chance < least or id(block) in claimed:
            continue
        heading = self.heading_above.get(id(block))
        context = lead + " " + (heading.text if heading is not None else "")
        if any(_similar(text, other) for other in known) or _other_actor(context):
            continue
        if leads_means(context):
            continue  # "Fullmäktiges beslutade strategier:": the means to a goal, not goals
        terms = list(find_terms(heading.text)) if heading is not None else []
        out.append((block, terms[0].name if terms else "Mål", chance))
        known.append(text)
    return out


def describes(self: Builder, block: Block, goal_headings: set[int]) -> bool:
    """Whether ``block`` is text under a heading that is itself a goal (a description)."""
    above = self.heading_above.get(id(block))
    return above is not None and id(above) in goal_headings


def level_for(
    self: Builder,
    candidate: Candidate,
    levels: dict[str, tuple[tuple[int, int], str, str]],
    position: int,
) -> str:
    name = candidate.level or "Mål"
    local = "level-" + (slugify(level_key(name)) or "mal")
    if local not in levels:
        kind = kind_of(name, candidate.depth + 1)
        rank = 0 if kind == "vision" else candidate.depth + 1
        levels[local] = ((rank, position), name, kind)
    return local


def add_levels(
    self: Builder, ranked: list[str], levels: dict[str, tuple[tuple[int, int], str, str]]
) -> None:
    model = self.ns["model"]
    g = self.graph
    g.add((model, RDF.type, GG.GovernanceModel))
    g.add((model, SKOS.prefLabel, Literal(f"Styrmodell (utkast) för {self.name}", lang="sv")))
    g.add((model, GG.modelOf, self.municipality))
    g.add((model, GG.municipality, self.municipality))
    previous = None
    for rank, local in enumerate(ranked, start=1):
        level = self.ns[local]
        _, name, kind = levels[local]
        g.add((model, GG.hasLevel, level))
        g.add((level, RDF.type, GG.GovernanceLevel))
        g.add((level, SKOS.prefLabel, Literal(name, lang="sv")))
        g.add((level, GG.rank, Literal(rank)))
        g.add((level, GG.levelKind, _LEVEL_KINDS.get(kind, GG.CouncilGoalLevel)))
        g.add((level, GG.memberClass, GG.Vision if kind == "vision" else GG.Goal))
        g.add((level, GG.municipality, self.municipality))
        if previous is not None:
            g.add((level, GG.parentLevel, previous))
        previous = level


def _similar(a: str, b: str) -> bool:
    """The same goal written twice (one text inside the other, case and stops aside)."""
    x, y = (" ".join(t.lower().strip(" .:").split()) for t in (a, b))
    return bool(x) and bool(y) and (x in y or y in x)
