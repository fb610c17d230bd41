"""The goal-chain diagram: a municipality's levels as ranks, its goals, owners, documents and
the Agenda 2030 targets and goals they serve.

The chain runs from right to left: the top level (the vision) on the left, each level to the
right of the level its elements support, and the SDG goals last. Each level is a column headed
by the municipality's own name for it, its elements in order below; levels the model has but
the data does not fill are drawn empty, so a chain that stops early is visible. The SDG
targets a goal serves are coloured chips in the goal's box (linking to the target's page),
and an edge in the SDG goal's official colour joins the goal to the SDG goal: dashed when the
link is goalgraph's curation, solid when the source states it or the municipality decided it.
Documents that support goals (``gg:supportsGoal``) hang off them with dotted edges. A goal's
dimension values (perspectives, sustainability dimensions) are a coloured band at the top of
its box, the same colour for the same value across levels; the external frameworks it derives
from other than Agenda 2030 (whose goals are the SDG chips) are named under it.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping
from typing import Any

import graphviz

from goalgraph.diagrams import style
from goalgraph.model.governance import Element, Level, Municipality, SdgGoal, SdgLink
from goalgraph.model.reader import natural_key
from goalgraph.namespaces import GG, SDG

_DIRECT_BASES = {str(GG.StatedInSource), str(GG.DecidedByMunicipality)}
#: Band colours for dimension values without a colour of their own (Okabe-Ito, colour-blind safe)
BAND_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9")


def chain_diagram(
    model: Municipality,
    sdg_goals: Collection[SdgGoal],
    *,
    link_base: str = "",
    include: Collection[str] | None = None,
    focus: str | None = None,
    size: str | None = style.A4_LANDSCAPE,
    title: str | None = None,
    levels: Collection[str] | None = None,
    periods: Mapping[str, str] | None = None,
) -> graphviz.Digraph:
    """The goal chain of ``model`` as a Graphviz digraph (``title``: another than the chain's).

    ``include`` limits the diagram to those chain elements (with their documents and SDG
    links), leaving out the levels without any of them unless ``levels`` names the levels to
    draw (one goal hierarchy's, empty ones too); ``periods`` is a small line per element (its
    period, or a note that it is not in force today); ``focus`` marks one element (the goal
    of a neighbourhood diagram); ``size`` caps
    the drawing (an A4 page; None for a screen, where the page scrolls and text keeps its size).
    When every element of a level supports the same whole levels above, one bundled edge
    joins the level headers instead of an edge per pair of goals.
    """
    texts = style.strings(model.lang)
    goals = {g.iri: g for g in sdg_goals}
    shown = [e for e in model.elements if include is None or e.iri in include]
    shown_iris = {e.iri for e in shown}
    links = [k for k in model.goal_links() if k.source in shown_iris]
    if title is None and focus is not None:
        element = model.element(focus)
        name = element.display if element else focus
        title = texts["goal_title"].format(goal=name, name=model.label)
    elif title is None:
        title = texts["chain_title"].format(name=model.label)
    graph = graphviz.Digraph(
        name=f"chain_{model.slug}",
        graph_attr=style.graph_attrs(title, texts["chain_legend"], size=size, rankdir="RL"),
        node_attr=style.node_attrs(),
        edge_attr=style.edge_attrs(),
    )
    chips = _chips(links, goals, link_base)
    anchors = []
    for level in model.levels:
        if levels is not None and level.iri not in levels:
            continue
        members = [e for e in shown if e.level == level.iri]
        if members or include is None or levels is not None:
            anchors.append(
                _level(graph, model, level, members, chips, texts, link_base, focus, periods or {})
            )
    for upper, lower in itertools.pairwise(anchors):
        graph.edge(lower, upper, style="invis", weight="5")
    bundled = bundled_levels(model, shown)
    for level_iri, uppers in bundled.items():
        for upper_iri in uppers:
            graph.edge(
                style.node_id(level_iri),
                style.node_id(upper_iri),
                penwidth="3",
                label=style.html_label([(texts["all_support_all"], {"size": 10})], width=14),
                tooltip=style.plain(texts["all_support_all"]),
                **{"class": "supports bundled"},
            )
    for element in shown:
        if element.level in bundled:
            continue
        for parent in element.supports:
            if parent in shown_iris:
                basis = model.link_basis(element.iri, parent)
                inferred = {}
                if basis is not None and basis.inferred:  # not the source's statement: dashed
                    note = texts["inferred_link"]
                    inferred = {
                        "style": "dashed",
                        "label": style.html_label([(note, {"size": 9})], width=14),
                        "tooltip": style.plain(f"{note}: {basis.reason}" if basis.reason else note),
                    }
                graph.edge(
                    style.node_id(element.iri),
                    style.node_id(parent),
                    penwidth="1.3",
                    **{"class": "supports inferred" if inferred else "supports"},
                    **inferred,
                )
    _documents(graph, model, shown_iris, link_base)
    _sdg(graph, links, goals, texts, link_base, after=anchors[-1] if anchors else None)
    return graph


def bundled_levels(model: Municipality, shown: Collection[Element]) -> dict[str, list[str]]:
    """The levels whose every shown element (two or more) supports exactly all shown elements
    of some whole levels, with those levels: drawn as one edge per pair of levels."""
    by_level: dict[str, list[Element]] = {}
    for element in shown:
        by_level.setdefault(element.level, []).append(element)
    members = {level: {e.iri for e in items} for level, items in by_level.items()}
    out: dict[str, list[str]] = {}
    for level, items in by_level.items():
        sets = {
            frozenset(p for p in e.supports if any(p in m for m in members.values())) for e in items
        }
        if len(items) < 2 or len(sets) != 1:
            continue
        targets = next(iter(sets))
        uppers = [other for other, m in members.items() if other != level and m <= targets]
        if len(targets) >= 2 and set().union(*(members[u] for u in uppers)) == targets:
            out[level] = sorted(uppers, key=lambda iri: getattr(model.level(iri), "rank", 0))
    return out


def _chips(links: list[SdgLink], goals: Mapping[str, SdgGoal], link_base: str) -> dict[str, str]:
    """Per element, a row of the SDG targets (or goals) it serves, in their goal's colour."""
    per_element: dict[str, list[SdgLink]] = {}
    for link in links:
        per_element.setdefault(link.source, []).append(link)
    return {
        source: style.chips(
            (
                link.notation,
                _colour(goals, link.goal),
                style.link(link.sdg, link_base),
                link.reason or link.notation,
            )
            for link in sorted(found, key=lambda k: natural_key(k.notation))
        )
        for source, found in per_element.items()
    }


def _level(
    graph: graphviz.Digraph,
    model: Municipality,
    level: Level,
    members: list[Element],
    chips: Mapping[str, str],
    texts: Mapping[str, Any],
    link_base: str,
    focus: str | None,
    periods: Mapping[str, str],
) -> str:
    """Draw one level as a rank: a header with the level's own name, then its elements in
    order. Returns the header's node name."""
    fill = style.level_fill(level.rank)
    header = style.node_id(level.iri)
    with graph.subgraph(name=f"rank_{header}") as rank:
        rank.attr(rank="same")
        rank.node(
            header,
            label=style.html_label(
                [
                    (level.label, {"bold": True}),
                    (
                        texts["level_rank"].format(rank=level.rank),
                        {"size": 9, "colour": style.MUTED},
                    ),
                ],
                width=22,
            ),
            shape="box",
            style="filled",
            fillcolor=fill,
            color=fill,
            URL=style.link(level.iri, link_base),
            tooltip=style.plain(level.label),
            **{"class": "level"},
        )
        names = [header]
        if not members:
            names.append(header + "#empty")
            rank.node(
                names[-1],
                label=style.html_label(
                    [(texts["no_elements"], {"italic": True, "size": 9})], width=16
                ),
                style="rounded,dashed",
                fontcolor=style.MUTED,
                URL=style.link(level.iri, link_base),
                tooltip=style.plain(level.label),
                **{"class": "empty-level"},
            )
        for element in members:
            names.append(style.node_id(element.iri))
            rank.node(
                names[-1],
                **_element_node(
                    element,
                    model,
                    chips.get(element.iri, ""),
                    texts,
                    link_base,
                    focus,
                    periods.get(element.iri),
                ),
            )
        style.keep_order(rank, names)
    return header


def _element_node(
    element: Element,
    model: Municipality,
    chips: str,
    texts: Mapping[str, Any],
    link_base: str,
    focus: str | None,
    period: str | None = None,
) -> dict[str, str]:
    meta = [element.identifier or ""]
    if element.owners:
        meta.append(f"{texts['owner']}: " + ", ".join(model.label_of(o) for o in element.owners))
    parts: list[tuple[str, Mapping[str, Any]]] = [
        (" · ".join(m for m in meta if m), {"size": 9, "colour": style.MUTED}),
        (element.display, {"bold": element.iri == focus}),
    ]
    if element.contributors:
        names = ", ".join(model.label_of(c) for c in element.contributors)
        parts.append((f"{texts['contributors']}: {names}", {"size": 9, "colour": style.MUTED}))
    parts[:0] = _bands(element, model, texts)
    derived = sorted(
        {
            k.goal_label or k.framework_label
            for k in model.structure.framework_links
            if k.source == element.iri and not (k.goal or "").startswith(str(SDG))
        }
    )
    if derived:
        parts.append(
            (f"{texts['derives_from']}: {', '.join(derived)}", {"size": 9, "italic": True})
        )
    if period:
        parts.append((period, {"size": 9, "colour": style.MUTED}))
    attrs = {
        "label": style.stack(style.html_lines(parts), chips),
        "URL": style.link(element.iri, link_base),
        "tooltip": style.plain(element.label),
        "fillcolor": style.level_fill(model.rank_of[element.iri]),
        "class": f"element {element.type.lower()}",
    }
    if element.iri == focus:
        attrs.update(penwidth="3", color=style.EDGE)
        attrs["class"] += " focus"
    return attrs


def _bands(
    element: Element, model: Municipality, texts: Mapping[str, Any]
) -> list[tuple[str, Mapping[str, Any]]]:
    """One coloured line per dimension the element has values in."""
    bands: list[tuple[str, Mapping[str, Any]]] = []
    for dimension in model.structure.dimensions:
        values = [(i, v) for i, v in enumerate(dimension.values) if element.iri in v.elements]
        if values:
            colour = values[0][1].colour or BAND_COLOURS[values[0][0] % len(BAND_COLOURS)]
            text = texts["dimension_band"].format(
                dimension=dimension.label, values=", ".join(v.label for _, v in values)
            )
            bands.append((text, {"size": 9, "bold": True, "colour": colour}))
    return bands


def _documents(
    graph: graphviz.Digraph, model: Municipality, shown: set[str], link_base: str
) -> None:
    for document in model.documents:
        supported = [iri for iri in document.supports if iri in shown]
        if not supported:
            continue
        doc_id = style.node_id(document.iri)
        graph.node(
            doc_id,
            label=style.html_label(
                [
                    (document.label, {}),
                    (document.type.label, {"size": 9, "colour": style.MUTED, "italic": True}),
                ]
            ),
            shape="note",
            style="filled",
            fillcolor="#fafafa",
            URL=style.link(document.iri, link_base),
            tooltip=style.plain(document.label),
            **{"class": "document"},
        )
        for iri in supported:
            graph.edge(doc_id, style.node_id(iri), style="dotted", **{"class": "supports-goal"})


def _sdg(
    graph: graphviz.Digraph,
    links: list[SdgLink],
    goals: Mapping[str, SdgGoal],
    texts: Mapping[str, Any],
    link_base: str,
    *,
    after: str | None,
) -> None:
    """The SDG goals the shown elements serve, in one column, with an edge per element and goal.

    An edge is dashed when any of its links is goalgraph's curation rather than the source's.
    """
    if not links:
        return
    used = sorted({k.goal for k in links}, key=lambda g: natural_key(_notation(goals, g)))
    with graph.subgraph(name="rank_sdg_goals") as box:
        box.attr(rank="same")
        box.node(
            "sdg",
            label=style.html_label([(texts["sdg_goals"], {"bold": True})], width=16),
            shape="box",
            style="filled",
            fillcolor="#eeeeee",
            color="#eeeeee",
            URL=style.link(str(SDG), link_base).rstrip("/"),
            **{"class": "level"},
        )
        for iri in used:
            sdg_goal = goals.get(iri)
            fill = sdg_goal.colour if sdg_goal else "#888888"
            label = f"{sdg_goal.notation} {sdg_goal.label}" if sdg_goal else iri
            box.node(
                style.node_id(iri),
                label=style.html_label([(label, {"bold": True})], width=20),
                fillcolor=fill,
                fontcolor=style.text_colour(fill),
                color=fill,
                style="filled",
                URL=style.link(iri, link_base),
                tooltip=style.plain(label),
                **{"class": "sdg-goal"},
            )
        style.keep_order(box, ["sdg"] + [style.node_id(iri) for iri in used])
    if after is not None:
        graph.edge("sdg", after, style="invis")
    pairs: dict[tuple[str, str], list[SdgLink]] = {}
    for link in links:
        pairs.setdefault((link.source, link.goal), []).append(link)
    for (source, goal), found in sorted(
        pairs.items(), key=lambda kv: (kv[0][0], _notation(goals, kv[0][1]))
    ):
        direct = all(k.basis in _DIRECT_BASES for k in found)
        graph.edge(
            style.node_id(goal),
            style.node_id(source),
            dir="back",
            color=_colour(goals, goal),
            style="solid" if direct else "dashed",
            tooltip=style.plain(", ".join(k.notation for k in found)),
            **{"class": "sdg-link"},
        )


def _notation(goals: Mapping[str, SdgGoal], goal: str) -> str:
    return goals[goal].notation if goal in goals else goal


def _colour(goals: Mapping[str, SdgGoal], goal: str) -> str:
    return goals[goal].colour if goal in goals else "#888888"
