"""Comparison of any number of municipalities' goal governance.

:func:`compare` puts side by side, read from the data and never assumed:

- the governance models: levels (aligned by their general level kind), who decides each,
  who owns them, where indicators sit, follow-up points and rules;
- the structural metrics of each goal chain (:mod:`goalgraph.analysis.metrics`);
- Agenda 2030: a coverage matrix of the 17 SDG goals, and the overlap of each pair of
  municipalities as a Jaccard index at goal and at target level (from the links of their
  goals; links made only by documents are shown but not counted);
- thematically similar goals across municipalities, through shared SDG targets and shared
  Swedish words, each pair with its reason;
- how their processes differ: steps, dates, bodies, external actors, follow-up and feedback.

The result renders as JSON (:meth:`Comparison.to_json`), Markdown and one self-contained
HTML page with the diagrams inline.

>>> from goalgraph.store.load import default_store
>>> result = compare(default_store(), ["vaggeryd", "nora"])
>>> result.overlaps[0].goal_jaccard
0.5

This module holds the :class:`Comparison` and the function that builds it; its parts are in
``metrics``, ``sdg_overlap``, ``similar``, ``processes``, ``clusters``, ``structure``,
``targets`` and ``current``.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import networkx as nx
from markupsafe import Markup

from goalgraph.analysis import comparison_report as report
from goalgraph.analysis.clusters import (
    GoalCluster,
    StructureCluster,
    goal_clusters,
    structure_clusters,
)
from goalgraph.analysis.current import CurrentPeriod, current_views
from goalgraph.analysis.metrics import StructureMetrics, metrics_of
from goalgraph.analysis.processes import (
    Difference,
    ProcessProfile,
    process_differences,
    process_profile,
)
from goalgraph.analysis.sdg_overlap import Overlap, SdgRow, sdg_matrix, sdg_overlaps
from goalgraph.analysis.similar import SimilarGoals, similar_goals
from goalgraph.analysis.structure import StructureProfile, structure_profile
from goalgraph.analysis.targets import TargetProfile, target_kinds, target_profile
from goalgraph.errors import GoalgraphError
from goalgraph.lifecycle.selection import Selection
from goalgraph.model.governance import Municipality, SdgGoal
from goalgraph.model.reader import (
    check_lang,
    municipality_labels,
    natural_key,
    read_municipality,
    read_sdg_goals,
)
from goalgraph.namespaces import BASE
from goalgraph.sparql.named import run_query
from goalgraph.store.protocol import Store

#: Where the HTML report's links point by default: the resources' own IRIs.
DEFAULT_LINK_BASE = BASE.rstrip("/")


@dataclass(frozen=True)
class LevelCell:
    """One municipality's level in a row of the governance comparison."""

    iri: str
    rank: int
    label: str
    decided_by: tuple[str, ...]
    owner_types: tuple[str, ...]
    indicators_here: bool | None
    elements: int


@dataclass(frozen=True)
class LevelRow:
    """A general level kind, with each municipality's levels of that kind."""

    kind: str
    label: str
    cells: tuple[tuple[LevelCell, ...], ...]


@dataclass(frozen=True)
class ReferenceEntry:
    """A municipality of the reference list of Sweden's 290, with or without goal data."""

    code: str
    label: str
    county: str
    has_goal_data: bool


@dataclass(frozen=True)
class Comparison:
    """The comparison of several municipalities; see the module documentation."""

    lang: str
    municipalities: tuple[Municipality, ...]
    sdg_goals: tuple[SdgGoal, ...]
    metrics: tuple[StructureMetrics, ...]
    levels: tuple[LevelRow, ...]
    sdg: tuple[SdgRow, ...]
    overlaps: tuple[Overlap, ...]
    similar: tuple[SimilarGoals, ...]
    processes: tuple[ProcessProfile, ...]
    differences: tuple[Difference, ...]
    #: each municipality's current period, and its metrics limited to that period
    periods: tuple[CurrentPeriod, ...] = ()
    current_metrics: tuple[StructureMetrics, ...] = ()
    structure_clusters: tuple[StructureCluster, ...] = ()
    goal_clusters: tuple[GoalCluster, ...] = ()
    #: the reference list of Sweden's municipalities (empty when the store has none)
    reference: tuple[ReferenceEntry, ...] = ()
    #: dimensions, external frameworks and goal hierarchies, counted in the current period
    structure: tuple[StructureProfile, ...] = ()
    #: targets by kind and assessments without indicators, counted in the current period
    targets: tuple[TargetProfile, ...] = ()

    @property
    def slugs(self) -> tuple[str, ...]:
        """The municipalities' slugs, in the order given."""
        return tuple(m.slug for m in self.municipalities)

    def to_json(self) -> dict[str, Any]:
        """The comparison as plain JSON data (lists, dicts, strings, numbers)."""
        return report.comparison_json(self)

    def to_markdown(self) -> str:
        """The comparison as a Markdown report."""
        return report.render("report.md", self, None)

    def to_html(self, *, link_base: str = DEFAULT_LINK_BASE) -> str:
        """The comparison as one self-contained HTML page: styles and diagrams (SVG) inline,
        nothing loaded from elsewhere. Links point to ``link_base`` + each resource's path."""
        return report.render("report.html", self, link_base)

    def to_html_fragment(self, *, link_base: str = DEFAULT_LINK_BASE) -> Markup:
        """The report's content (headings, tables, inline SVG diagrams) without the page around
        it, for embedding in another page; all text from the data is escaped."""
        # rendered by the autoescaping environment (.html templates): the data is escaped
        return Markup(report.render("report_body.html", self, link_base))  # noqa: S704

    def diagrams(self, link_base: str = DEFAULT_LINK_BASE) -> list[tuple[str, str]]:
        """The report's diagrams as ``(title, svg)``: the comparison, then each municipality's
        goal chain and processes."""
        return report.diagrams(self, link_base)


# --- building ----------------------------------------------------------------------------------


def compare(
    store: Store,
    slugs: Sequence[str],
    *,
    lang: str = "sv",
    selection: Selection | None = None,
) -> Comparison:
    """Compare the municipalities ``slugs`` (two or more, each once), each with the goals the
    selection keeps (default: in force today; see :mod:`goalgraph.analysis.current`).

    An unknown municipality is a :class:`~goalgraph.errors.NotFoundError` naming the known ones.
    """
    check_lang(lang)
    slugs = list(slugs)
    if len(slugs) < 2:
        raise GoalgraphError("a comparison needs two or more municipalities")
    if len(set(slugs)) != len(slugs):
        raise GoalgraphError(f"a municipality is named twice: {', '.join(slugs)}")
    full = tuple(read_municipality(store, slug, lang) for slug in slugs)
    sdg_goals = read_sdg_goals(store, lang)
    models, periods = current_views(store, full, selection)
    current_metrics = tuple(metrics_of(m) for m in models)
    similar = similar_goals(models)
    kinds = target_kinds(store, lang)
    targets = tuple(
        target_profile(store, model, period, [e.iri for e in whole.elements], kinds)
        for model, period, whole in zip(models, periods, full, strict=True)
    )
    return Comparison(
        lang=lang,
        municipalities=models,
        sdg_goals=sdg_goals,
        metrics=current_metrics,
        levels=governance_levels(models),
        sdg=sdg_matrix(models, sdg_goals),
        overlaps=sdg_overlaps(models),
        similar=similar,
        processes=tuple(process_profile(m) for m in models),
        differences=process_differences(models),
        periods=periods,
        current_metrics=current_metrics,
        structure_clusters=structure_clusters(current_metrics),
        goal_clusters=goal_clusters(similar),
        reference=reference_entries(store, lang),
        structure=tuple(structure_profile(m) for m in models),
        targets=targets,
    )


def all_slugs(store: Store) -> list[str]:
    """The slugs of every municipality with goal data in the store, in natural order."""
    return sorted(municipality_labels(store), key=natural_key)


def compare_all(
    store: Store, *, lang: str = "sv", selection: Selection | None = None
) -> Comparison:
    """Compare every municipality with goal data in the store."""
    return compare(store, all_slugs(store), lang=lang, selection=selection)


def reference_entries(store: Store, lang: str = "sv") -> tuple[ReferenceEntry, ...]:
    """Sweden's municipalities from the reference list, marked with whether goal data exists."""
    return tuple(
        ReferenceEntry(
            code=str(row["code"]),
            label=str(row["label"]),
            county=str(row["county"]),
            has_goal_data=str(row.get("hasGoalData")).lower() == "true",
        )
        for row in run_query(store, "reference-municipalities", lang=lang).rows
    )


def governance_levels(models: Sequence[Municipality]) -> tuple[LevelRow, ...]:
    """The levels of all models aligned by level kind, in an order consistent with each model.

    The kinds are ordered topologically (each model's levels in rank order), ties broken by
    the mean relative rank; a level without a kind gets a row of its own.
    """
    order = nx.DiGraph()
    position: dict[str, list[float]] = {}
    labels: dict[str, str] = {}
    for model in models:
        keys = []
        for level in model.levels:
            key = level.kind.iri if level.kind else level.iri
            labels.setdefault(key, level.kind.label if level.kind else level.label)
            position.setdefault(key, []).append(level.rank / max(len(model.levels), 1))
            order.add_node(key)
            keys.append(key)
        order.add_edges_from((a, b) for a, b in itertools.pairwise(keys) if a != b)

    def tie(key: str) -> tuple[float, str]:
        return (sum(position[key]) / len(position[key]), key)

    try:
        kinds = list(nx.lexicographical_topological_sort(order, key=tie))
    except nx.NetworkXUnfeasible:  # the models order their kinds differently
        kinds = sorted(order, key=tie)
    rows = []
    for kind in kinds:
        cells = []
        for model in models:
            cells.append(
                tuple(
                    LevelCell(
                        iri=level.iri,
                        rank=level.rank,
                        label=level.label,
                        decided_by=tuple(r.label for r in level.decided_by),
                        owner_types=tuple(r.label for r in level.owner_types),
                        indicators_here=level.indicators_here,
                        elements=len(model.elements_at(level.iri)),
                    )
                    for level in model.levels
                    if (level.kind.iri if level.kind else level.iri) == kind
                )
            )
        rows.append(LevelRow(kind, labels[kind], tuple(cells)))
    return tuple(rows)
