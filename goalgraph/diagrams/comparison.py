"""The comparison diagram: two or more municipalities and the SDG goals their goals serve.

Municipalities stand on both sides (the first half on the left, the rest on the right) and
the SDG goals in the middle, in their official colours; an edge from a municipality to an
SDG goal says how many of its goals serve it (through a target or directly). An SDG goal
served by several municipalities has a double border. Links made only by documents (e.g. a
programme that covers all 17 goals) are left out: the diagram compares the goals.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

import graphviz

from goalgraph.diagrams import style
from goalgraph.model.governance import Municipality, SdgGoal
from goalgraph.model.reader import natural_key


def comparison_diagram(
    models: Sequence[Municipality], sdg_goals: Collection[SdgGoal], *, link_base: str = ""
) -> graphviz.Digraph:
    """The SDG goals of ``models`` and which of them they share, as a Graphviz digraph."""
    lang = models[0].lang
    texts = style.strings(lang)
    goals = {g.iri: g for g in sdg_goals}
    names = [m.label for m in models]
    joined = ", ".join(names[:-1]) + f" {texts['and']} " + names[-1]
    graph = graphviz.Digraph(
        name="comparison_" + "_".join(m.slug for m in models),
        graph_attr=style.graph_attrs(
            texts["comparison_title"].format(names=joined),
            texts["comparison_legend"],
            size=style.A4_PORTRAIT,
            rankdir="LR",
        ),
        node_attr=style.node_attrs(),
        edge_attr=style.edge_attrs(),
    )
    sources: dict[str, dict[str, set[str]]] = {}
    for model in models:
        per_goal: dict[str, set[str]] = {}
        for link in model.goal_links():
            per_goal.setdefault(link.goal, set()).add(link.source)
        sources[model.slug] = per_goal
    used = sorted(
        {g for per_goal in sources.values() for g in per_goal},
        key=lambda g: natural_key(goals[g].notation if g in goals else g),
    )
    sharing = {g: sum(1 for per_goal in sources.values() if g in per_goal) for g in used}
    with graph.subgraph(name="sdg_column") as column:
        column.attr(rank="same")
        for iri in used:
            goal = goals.get(iri)
            fill = goal.colour if goal else "#888888"
            label = f"{goal.notation} {goal.label}" if goal else iri
            shared = sharing[iri] > 1
            column.node(
                style.node_id(iri),
                label=style.html_label([(label, {"bold": True})], width=22),
                fillcolor=fill,
                fontcolor=style.text_colour(fill),
                color="#000000" if shared else fill,
                peripheries="2" if shared else "1",
                penwidth="1.5" if shared else "1",
                style="filled",
                URL=style.link(iri, link_base),
                tooltip=style.plain(label),
                **{"class": "sdg-goal" + (" shared" if shared else "")},
            )
    half = (len(models) + 1) // 2
    for index, model in enumerate(models):
        left = index < half
        node = style.node_id(model.iri)
        graph.node(
            node,
            label=style.html_label(
                [(model.label, {"bold": True, "size": 13}), (model.code or "", {"size": 9})]
            ),
            fillcolor=style.LEVEL_FILLS[index % len(style.LEVEL_FILLS)],
            penwidth="1.5",
            URL=style.link(model.iri, link_base),
            tooltip=style.plain(model.label),
            **{"class": "municipality"},
        )
        for iri in used:
            found = sources[model.slug].get(iri)
            if not found:
                continue
            count = texts["goals_count"].format(n=len(found))
            labels = ", ".join(sorted((model.label_of(s) for s in found), key=natural_key))
            attrs = {
                "label": count,
                "penwidth": str(1 + len(found) * 0.6),
                "color": goals[iri].colour if iri in goals else style.EDGE,
                "tooltip": style.plain(f"{model.label}: {labels}"),
                "class": "serves",
            }
            if left:
                graph.edge(node, style.node_id(iri), **attrs)
            else:
                graph.edge(style.node_id(iri), node, dir="back", **attrs)
    return graph
