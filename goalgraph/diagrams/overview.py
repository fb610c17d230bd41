"""Two smaller views of a goal chain, for chains too large to read at once.

- The overview: one box per level (its own name and the number of its goals), framed by
  its goal hierarchy where the model has several (the council's chain beside a programme),
  one edge per pair of levels that the chain links (the number of links, or "all support
  all" when every goal of the lower level supports every goal of the upper one), and one box
  for Agenda 2030 with, per level, the number of global goals its goals serve.
- A level's view: the goals of one level with the goals they support (one level up) and the
  goals that support them (one level down), drawn as the goal chain draws them.

The overview stands the levels in a column, the top level on top, so that it fits a page's
width; a level's view keeps the goal chain's direction (the top level on the left) and style.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Collection, Mapping
from typing import Any

import graphviz

from goalgraph.diagrams import style
from goalgraph.diagrams.chain import bundled_levels, chain_diagram
from goalgraph.model.governance import Municipality, SdgGoal

AGENDA = "agenda2030"


def overview_diagram(
    model: Municipality, *, link_base: str = "", size: str | None = style.A4_LANDSCAPE
) -> graphviz.Digraph:
    """The levels of ``model``'s goal chain and how many links join them."""
    texts = style.strings(model.lang)
    graph = graphviz.Digraph(
        name=f"overview_{model.slug}",
        graph_attr=style.graph_attrs(
            texts["overview_title"].format(name=model.label),
            texts["overview_legend"],
            size=size,
            rankdir="BT",  # the top level on top: narrow enough to fit a page's width
        ),
        node_attr=style.node_attrs(),
        edge_attr=style.edge_attrs(),
    )
    level_of = {e.iri: e.level for e in model.elements}
    members = Counter(e.level for e in model.elements)
    hierarchies = model.structure.hierarchies if len(model.structure.hierarchies) > 1 else ()
    in_hierarchy = {level: h for h in hierarchies for level in h.levels}
    boxes = {h.iri: _hierarchy_box(h.iri, h.label, link_base) for h in hierarchies}
    for level in model.levels:
        count = members.get(level.iri, 0)
        fill = style.level_fill(level.rank)
        hierarchy = in_hierarchy.get(level.iri)
        (boxes[hierarchy.iri] if hierarchy else graph).node(
            style.node_id(level.iri),
            label=style.html_label(
                [
                    (level.label, {"bold": True}),
                    (_count(texts, "goals", count), {"size": 10, "colour": style.MUTED}),
                ],
                width=24,
            ),
            shape="box",
            style="filled,rounded" if count else "rounded,dashed",
            fillcolor=fill,
            color=fill if count else style.LINE,
            URL=style.link(level.iri, link_base),
            tooltip=style.plain(level.label),
            **{"class": "level"},
        )
    for box in boxes.values():
        graph.subgraph(box)
    # the levels in a row, in their order (each hierarchy's in its own row)
    rows = [[lv for lv in model.levels if in_hierarchy.get(lv.iri) is h] for h in hierarchies]
    rows.append([lv for lv in model.levels if lv.iri not in in_hierarchy])
    order = [style.node_id(level.iri) for level in model.levels]
    for row in rows:
        for upper, lower in itertools.pairwise(style.node_id(lv.iri) for lv in row):
            graph.edge(lower, upper, style="invis", weight="5")
    bundled = bundled_levels(model, model.elements)
    links: Counter[tuple[str, str]] = Counter()
    for element in model.elements:
        for parent in element.supports:
            above = level_of.get(parent)
            if above is not None and above != element.level:
                links[(element.level, above)] += 1
    for (lower, upper), number in sorted(links.items()):
        together = upper in bundled.get(lower, ())
        text = texts["all_support_all"] if together else _count(texts, "links", number)
        graph.edge(
            style.node_id(lower),
            style.node_id(upper),
            label=style.html_label([(text, {"size": 10})], width=16),
            penwidth="3" if together else str(min(1.0 + number / 4, 4.0)),
            tooltip=style.plain(text),
            **{"class": "supports bundled" if together else "supports"},
        )
    sdg_per_level: dict[str, set[str]] = {}
    for link in model.sdg_links:
        at = level_of.get(link.source)
        if at is not None:
            sdg_per_level.setdefault(at, set()).add(link.goal)
    if sdg_per_level:
        served = set().union(*sdg_per_level.values())
        graph.node(
            AGENDA,
            label=style.html_label(
                [
                    (texts["sdg_goals"], {"bold": True}),
                    (_count(texts, "sdg_goals", len(served)), {"size": 10}),
                ],
                width=20,
            ),
            shape="box",
            style="filled,rounded",
            fillcolor="#eceff1",
            color="#eceff1",
            URL=f"{link_base}/sdg",
            tooltip=style.plain(texts["sdg_goals"]),
            **{"class": "sdg"},
        )
        if order:
            graph.edge(AGENDA, order[-1], style="invis", weight="5")
        for level_iri, goals in sorted(sdg_per_level.items()):
            text = _count(texts, "sdg_goals", len(goals))
            graph.edge(
                AGENDA,
                style.node_id(level_iri),
                label=style.html_label([(text, {"size": 10})], width=16),
                style="dashed",
                dir="back",
                tooltip=style.plain(text),
                **{"class": "sdg-link"},
            )
    return graph


def _hierarchy_box(iri: str, label: str, link_base: str) -> graphviz.Digraph:
    """A framed box headed by a goal hierarchy's name, for its levels."""
    box = graphviz.Digraph(name=f"cluster_{style.node_id(iri)}")
    box.attr(
        label=style.html_label([(label, {"bold": True})], width=30),
        style="rounded,dashed",
        color=style.LINE,
        URL=style.link(iri, link_base),
        tooltip=style.plain(label),
        **{"class": "hierarchy"},
    )
    return box


def level_diagram(
    model: Municipality,
    level: str,
    sdg_goals: Collection[SdgGoal],
    *,
    link_base: str = "",
    size: str | None = style.A4_LANDSCAPE,
) -> graphviz.Digraph:
    """The goals of one level of ``model`` with the goals they support and those below them."""
    members = {e.iri for e in model.elements if e.level == level}
    parents = {p for e in model.elements if e.iri in members for p in e.supports}
    children = {e.iri for e in model.elements if members & set(e.supports)}
    found = model.level(level)
    texts = style.strings(model.lang)
    title = texts["level_title"].format(level=found.label if found else level, name=model.label)
    return chain_diagram(
        model,
        sdg_goals,
        link_base=link_base,
        include=members | parents | children,
        size=size,
        title=title,
    )


def _count(texts: Mapping[str, Any], key: str, number: int) -> str:
    """``number`` with its noun in the grammar of the number."""
    noun = texts[f"n_{key}_one" if number == 1 else f"n_{key}_other"]
    return f"{number} {noun}"
