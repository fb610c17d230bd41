"""The process diagram: each of a municipality's processes as a column of steps in order.

A step shows its order and planned date (with the alternative date), who performs it, what
it is, the document it produces or handles (when that is not the document the whole process
is for) and, for a follow-up step, what kind. Feedback (``gg:feedsBackTo``) is drawn as a
dashed edge back to the receiving body, placed above the process and linked to the steps it
performs, so a yearly cycle such as "council goals → boards → operations → report to the
council" closes visibly. A step that recurs says when ("juni varje år", "varje år").

Beside the processes, the governance model's follow-up points stand in a frame of their
own, each with when it recurs ("3 gånger per år"), its kinds and whom it reports to.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import graphviz

from goalgraph.diagrams import style
from goalgraph.model.governance import FollowUp, Municipality, Process, Step
from goalgraph.model.recurrence import Recurrence

FEEDBACK = "#b03a2e"
#: The space between a process's frame and its steps, in points
CLUSTER_MARGIN = 14


def process_diagram(
    model: Municipality, *, link_base: str = "", only: str | None = None
) -> graphviz.Digraph:
    """The processes of ``model`` (or only the process ``only``) as a Graphviz digraph.

    Processes are drawn side by side in the model's order: the earliest dated first; the
    follow-up points of the governance model follow in a frame of their own (not when only
    one process is drawn).
    """
    texts = style.strings(model.lang)
    processes = [p for p in model.processes if only is None or p.iri == only]
    graph = graphviz.Digraph(
        name=f"process_{model.slug}",
        graph_attr=style.graph_attrs(
            texts["process_title"].format(name=model.label),
            texts["process_legend"],
            size=style.A4_PORTRAIT,
            rankdir="TB",
        ),
        node_attr=style.node_attrs(),
        edge_attr=style.edge_attrs(),
    )
    for process in processes:
        _process(graph, model, process, texts, link_base)
    if only is None and model.follow_ups:
        _follow_ups(graph, model, texts, link_base)
    return graph


def _follow_ups(
    graph: graphviz.Digraph, model: Municipality, texts: Mapping[str, Any], link_base: str
) -> None:
    with graph.subgraph(name=f"cluster_{style.node_id(model.slug)}_follow_up") as box:
        box.attr(
            label=style.html_label([(texts["follow_up_points"], {"bold": True})], width=36),
            style="rounded,filled",
            fillcolor="#f5f7fa",
            color=style.LINE,
            margin=str(CLUSTER_MARGIN),
            tooltip=style.plain(texts["follow_up_points"]),
            id=f"cluster:{style.node_id(model.slug)}_follow_up",
        )
        for point in model.follow_ups:
            box.node(
                style.node_id(point.iri),
                label=_follow_up_label(point, model, texts),
                URL=style.link(point.iri, link_base),
                tooltip=style.plain(point.label),
                fillcolor="#ffffff",
                **{"class": "follow-up-point"},
            )


def _follow_up_label(point: FollowUp, model: Municipality, texts: Mapping[str, Any]) -> str:
    parts: list[tuple[str, Mapping[str, Any]]] = []
    recurs = point.recurrence.text(model.lang)
    if recurs:
        parts.append((recurs, {"bold": True}))
    parts.append((point.label, {}))
    for kind in point.kinds:
        parts.append((kind.label, {"italic": True, "size": 9, "colour": FEEDBACK}))
    if point.reports_to:
        names = ", ".join(model.label_of(b) for b in point.reports_to)
        parts.append((f"→ {names}", {"size": 9, "colour": style.MUTED}))
    return style.html_label(parts, width=32)


def _step_node(step: Step) -> str:
    return style.node_id(step.iri)


def _process(
    graph: graphviz.Digraph,
    model: Municipality,
    process: Process,
    texts: Mapping[str, Any],
    link_base: str,
) -> None:
    subtitle = process.process_of.label if process.process_of else ""
    with graph.subgraph(name=f"cluster_{style.node_id(process.iri)}") as box:
        box.attr(
            label=style.html_label(
                [(process.label, {"bold": True}), (subtitle, {"size": 9, "colour": style.MUTED})],
                width=36,
            ),
            style="rounded,filled",
            fillcolor="#f5f7fa",
            color=style.LINE,
            # in points: a cluster would inherit the drawing's margin (0.2), so that its
            # nodes sit on its frame
            margin=str(CLUSTER_MARGIN),
            URL=style.link(process.iri, link_base),
            tooltip=style.plain(process.label),
            id=f"cluster:{style.node_id(process.iri)}",
        )
        receivers = sorted({b for step in process.steps for b in step.feeds_back_to})
        for body in receivers:
            _body(box, model, process, body, link_base)
        for step in process.steps:
            box.node(
                _step_node(step),
                label=_step_label(step, process, model, texts),
                URL=style.link(step.iri, link_base),
                tooltip=style.plain(step.label),
                fillcolor="#ffffff" if step.date or not process.dated else "#eceff1",
                **{"class": "step" + (" follow-up" if step.kinds else "")},
            )
    for earlier, later in itertools.pairwise(process.steps):
        graph.edge(
            _step_node(earlier), _step_node(later), penwidth="1.5", weight="10", **{"class": "next"}
        )
    for step in process.steps:
        for body in step.feeds_back_to:
            graph.edge(
                _step_node(step),
                _body_node(process, body),
                label=", ".join(k.label for k in step.kinds) or texts["feedback"],
                style="dashed",
                color=FEEDBACK,
                fontcolor=FEEDBACK,
                constraint="false",
                **{"class": "feedback"},
            )
        for body in step.performers:
            if body in receivers:
                graph.edge(
                    _body_node(process, body),
                    _step_node(step),
                    style="dotted",
                    color=FEEDBACK,
                    **{"class": "performs"},
                )


def _body_node(process: Process, body: str) -> str:
    return f"{style.node_id(process.iri)}#{style.node_id(body)}"


def _body(
    box: graphviz.Digraph, model: Municipality, process: Process, iri: str, link_base: str
) -> None:
    found = model.body(iri)
    box.node(
        _body_node(process, iri),
        label=style.html_label(
            [(model.label_of(iri), {"bold": True}), (found.label if found else "", {"size": 9})]
        ),
        style="rounded,filled,bold",
        fillcolor="#fdf2e9",
        color=FEEDBACK,
        URL=style.link(iri, link_base),
        tooltip=style.plain(found.label if found else iri),
        **{"class": "body"},
    )


def _step_label(step: Step, process: Process, model: Municipality, texts: Mapping[str, Any]) -> str:
    when = style.format_date(step.date, model.lang)
    if when and step.alternative_date:
        alternative = style.format_date(step.alternative_date, model.lang)
        when = f"{when} ({texts['alternatively']} {alternative})"
    # a planned date stands for the month; how often, or "every year", is still said
    month = None if when else step.recurring_month
    recurs = Recurrence(month, step.times_per_year, step.every_year).text(model.lang)
    if recurs:
        when = f"{when}, {recurs}" if when else recurs
    if not when and process.dated:
        when = texts["undated"]
    head = " ".join(x for x in (f"{step.order}." if step.order is not None else "", when) if x)
    parts: list[tuple[str, Mapping[str, Any]]] = [(head, {"bold": True})]
    if step.performers:
        names = ", ".join(model.label_of(b) for b in step.performers)
        parts.append((names, {"size": 9, "colour": style.MUTED}))
    parts.append((step.label, {}))
    own = process.process_of.iri if process.process_of else None
    for document in step.produces:
        if document != own:
            parts.append((f"→ {model.label_of(document)}", {"size": 9, "italic": True}))
    if step.proposes:  # a proposal that another body decides
        if len(step.proposes) > 2:
            what = texts["proposes_many"].format(n=len(step.proposes))
        else:
            what = texts["proposes"].format(what=", ".join(map(model.label_of, step.proposes)))
        parts.append((what, {"size": 9, "italic": True}))
    for kind in step.kinds:
        parts.append((kind.label, {"italic": True, "size": 9, "colour": FEEDBACK}))
    return style.html_label(parts, width=32)
