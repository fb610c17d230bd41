"""Goal-chain, process and comparison diagrams, drawn with Graphviz from the knowledge graph.

>>> from goalgraph.store.load import default_store
>>> svg = render_diagram(default_store(), "chain", "nora")
>>> svg.startswith(b"<?xml")
True

Kinds (:data:`KINDS`) and their targets:

- ``chain``: a municipality's goal chain (target: its slug, e.g. ``nora``), or only the goals
  carrying one dimension value (``dimension``) or one goal hierarchy's levels (``hierarchy``),
  named as :mod:`goalgraph.model.subsets` names them; where the goals belong to several
  periods each says its period (:mod:`goalgraph.diagrams.periods`);
- ``goal``: one goal's neighbourhood, its chain up and everything below it (target: the
  goal's IRI or CURIE, e.g. ``nora:goal-kf1``);
- ``process``: a municipality's processes (target: its slug, or one process's IRI or CURIE);
- ``comparison``: the SDG goals of two or more municipalities and which they share (target:
  a list of slugs);
- ``overview``: a municipality's goal chain at a glance, one box per level (target: its slug);
- ``level``: one level's goals with the goals they support and those below them (target: the
  level's IRI or CURIE, e.g. ``nora:level-fullmaktigemal``).

Formats (:data:`FORMATS`): ``svg``, ``png``, ``pdf`` and ``dot``. The output is deterministic:
the same graph gives the same bytes. In SVG every node links to ``link_base`` followed by its
resource's path after ``https://w3id.org/goalgraph`` (``/id/nora/goal-kf1``, ``/sdg/11.3``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import graphviz
import networkx as nx

from goalgraph.diagrams import style
from goalgraph.diagrams.chain import chain_diagram
from goalgraph.diagrams.comparison import comparison_diagram
from goalgraph.diagrams.overview import level_diagram, overview_diagram
from goalgraph.diagrams.periods import period_lines
from goalgraph.diagrams.process import process_diagram
from goalgraph.diagrams.render import FORMATS, check_format, render_dot
from goalgraph.errors import GoalgraphError, NotFoundError
from goalgraph.files import write_atomically
from goalgraph.model.governance import Municipality, SdgGoal
from goalgraph.model.network import chain_graph
from goalgraph.model.reader import check_lang, read_municipality, read_sdg_goals
from goalgraph.model.subsets import find_hierarchy, find_value
from goalgraph.namespaces import ID
from goalgraph.sparql.named import resolve_iri
from goalgraph.store.protocol import Store

KINDS: tuple[str, ...] = ("chain", "goal", "process", "comparison", "overview", "level")

__all__ = [
    "FORMATS",
    "KINDS",
    "chain_diagram",
    "comparison_diagram",
    "diagram_source",
    "goal_diagram",
    "level_diagram",
    "overview_diagram",
    "process_diagram",
    "render_diagram",
    "write_diagram",
]


def render_diagram(
    store: Store,
    kind: str,
    target: str | Sequence[str],
    fmt: str = "svg",
    *,
    lang: str = "sv",
    link_base: str = "",
    dimension: str | None = None,
    hierarchy: str | None = None,
) -> bytes:
    """Draw a diagram of ``kind`` for ``target`` and render it as ``fmt``.

    An unknown kind or format is a :class:`GoalgraphError`; an unknown municipality, goal,
    process, dimension value or hierarchy a :class:`NotFoundError`.
    """
    check_format(fmt)
    source = diagram_source(
        store,
        kind,
        target,
        lang=lang,
        link_base=link_base,
        screen=fmt == "svg",
        dimension=dimension,
        hierarchy=hierarchy,
    )
    return render_dot(source, fmt)


def write_diagram(
    store: Store,
    kind: str,
    target: str | Sequence[str],
    fmt: str = "svg",
    *,
    output: Path,
    lang: str = "sv",
    link_base: str = "",
    dimension: str | None = None,
    hierarchy: str | None = None,
) -> Path:
    """Render a diagram (see :func:`render_diagram`) and write it to ``output`` atomically.

    The file is written completely or not at all; a path that cannot be written is a
    :class:`GoalgraphError` naming it.
    """
    data = render_diagram(
        store,
        kind,
        target,
        fmt,
        lang=lang,
        link_base=link_base,
        dimension=dimension,
        hierarchy=hierarchy,
    )
    return write_atomically(Path(output), data)


def diagram_source(
    store: Store,
    kind: str,
    target: str | Sequence[str],
    *,
    lang: str = "sv",
    link_base: str = "",
    screen: bool = False,
    dimension: str | None = None,
    hierarchy: str | None = None,
) -> str:
    """The DOT source of a diagram (see :func:`render_diagram`); ``screen`` draws a goal chain
    at its own size (a page scrolls) instead of fitting it on an A4 page."""
    check_lang(lang)
    if kind not in KINDS:
        raise GoalgraphError(f"unknown diagram kind {kind!r}; use one of {', '.join(KINDS)}")
    if (dimension or hierarchy) and kind != "chain":
        raise GoalgraphError(
            f"a {kind} diagram is drawn whole: only a chain takes a dimension or hierarchy"
        )
    if kind == "comparison":
        # a string is a comma-separated list (as the service passes it; slugs hold no comma)
        slugs = target.split(",") if isinstance(target, str) else list(target)
        if len(slugs) < 2:
            raise GoalgraphError("a comparison diagram needs two or more municipalities")
        models = [read_municipality(store, slug, lang) for slug in slugs]
        return comparison_diagram(models, read_sdg_goals(store, lang), link_base=link_base).source
    name = _single(kind, target)
    if kind == "chain":
        model = read_municipality(store, name, lang)
        size = None if screen else style.A4_LANDSCAPE
        return chain_diagram(
            model,
            read_sdg_goals(store, lang),
            link_base=link_base,
            size=size,
            periods=period_lines(store, name, lang),
            **chain_part(model, dimension, hierarchy),
        ).source
    if kind == "goal":
        model, iri = _element_target(store, name, lang)
        size = None if screen else style.A4_LANDSCAPE
        return goal_diagram(
            model, iri, read_sdg_goals(store, lang), link_base=link_base, size=size
        ).source
    if kind == "overview":
        model = read_municipality(store, name, lang)
        return overview_diagram(
            model, link_base=link_base, size=None if screen else style.A4_LANDSCAPE
        ).source
    if kind == "level":
        model, iri = _level_target(store, name, lang)
        size = None if screen else style.A4_LANDSCAPE
        return level_diagram(
            model, iri, read_sdg_goals(store, lang), link_base=link_base, size=size
        ).source
    if ":" in name or "/" in name:
        model, iri = _process_target(store, name, lang)
        return process_diagram(model, link_base=link_base, only=iri).source
    return process_diagram(read_municipality(store, name, lang), link_base=link_base).source


def goal_diagram(
    model: Municipality,
    goal: str,
    sdg_goals: Sequence[SdgGoal],
    *,
    link_base: str = "",
    size: str | None = style.A4_LANDSCAPE,
) -> graphviz.Digraph:
    """One goal's neighbourhood: the chain from it up to the top and everything below it."""
    graph = chain_graph(model)
    include = {goal} | nx.descendants(graph, goal) | nx.ancestors(graph, goal)
    return chain_diagram(
        model, sdg_goals, link_base=link_base, include=include, focus=goal, size=size
    )


def chain_part(model: Municipality, dimension: str | None, hierarchy: str | None) -> dict[str, Any]:
    """The arguments of :func:`chain_diagram` that draw only the goals carrying the dimension
    value ``dimension`` (those of each level that has any), or only the levels of the goal
    hierarchy ``hierarchy`` (empty ones too), or both; none draws the whole chain."""
    texts = style.strings(model.lang)
    part: dict[str, Any] = {}
    names: list[str] = []
    if hierarchy:
        found = find_hierarchy(model.structure, hierarchy, model.slug)
        part["levels"] = set(found.levels)
        part["include"] = {e.iri for e in model.elements if e.level in found.levels}
        names.append(found.label)
    if dimension:
        _, value = find_value(model.structure, dimension, model.slug)
        part["include"] = part.get("include", {e.iri for e in model.elements}) & set(value.elements)
        names.append(value.label)
        # a level without goals of the value is left out, not drawn as "no goals in the data"
        part.pop("levels", None)
    if names:
        part["title"] = texts["part_title"].format(name=model.label, part=" · ".join(names))
    return part


def _single(kind: str, target: str | Sequence[str]) -> str:
    if isinstance(target, str):
        return target
    if len(target) != 1:
        raise GoalgraphError(f"a {kind} diagram is drawn for one target, not {len(target)}")
    return target[0]


def _slug_of(iri: str) -> str | None:
    if not iri.startswith(str(ID)):
        return None
    slug = iri[len(str(ID)) :].split("/", 1)[0]
    return slug or None


def _target_in(
    store: Store, name: str, lang: str, kind: str, has: Callable[[Municipality, str], bool]
) -> tuple[Municipality, str]:
    """The municipality that holds the ``kind`` (goal, process, level) ``name`` and its IRI;
    a :class:`NotFoundError` naming it when it is not goalgraph's or not there."""
    iri = str(resolve_iri(name))
    slug = _slug_of(iri)
    if slug is None:
        raise NotFoundError(f"unknown {kind} {name!r}: not a goalgraph {kind} IRI or CURIE")
    model = read_municipality(store, slug, lang)
    if not has(model, iri):
        raise NotFoundError(f"unknown {kind} {name!r}: {model.label} has no {kind} <{iri}>")
    return model, iri


def _element_target(store: Store, name: str, lang: str) -> tuple[Municipality, str]:
    return _target_in(store, name, lang, "goal", lambda m, iri: m.element(iri) is not None)


def _process_target(store: Store, name: str, lang: str) -> tuple[Municipality, str]:
    return _target_in(
        store, name, lang, "process", lambda m, iri: any(p.iri == iri for p in m.processes)
    )


def _level_target(store: Store, name: str, lang: str) -> tuple[Municipality, str]:
    return _target_in(store, name, lang, "level", lambda m, iri: m.level(iri) is not None)
