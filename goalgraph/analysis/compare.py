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

One thing over 400 lines: the :class:`Comparison` and the one function that builds it; the
parts it is built from live in metrics, clusters, structure and current.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
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
from goalgraph.analysis.structure import StructureProfile, structure_profile
from goalgraph.analysis.targets import TargetProfile, target_kinds, target_profile
from goalgraph.analysis.text import _match, content_words
from goalgraph.errors import GoalgraphError, NotFoundError
from goalgraph.lifecycle.selection import Selection
from goalgraph.model.governance import Municipality, SdgGoal
from goalgraph.model.reader import (
    check_lang,
    municipality_labels,
    natural_key,
    read_municipality,
    read_sdg_goals,
)
from goalgraph.namespaces import BASE, GG
from goalgraph.sparql.named import run_query
from goalgraph.store.protocol import Store
from goalgraph.texts import strings

#: Where the HTML report's links point by default: the resources' own IRIs.
DEFAULT_LINK_BASE = BASE.rstrip("/")
#: A pair of goals is similar when they share a target or their wording is at least this close.
MIN_TEXT_SIMILARITY = 0.2


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


@dataclass(frozen=True)
class GoalRef:
    """A goal of one municipality."""

    slug: str
    iri: str
    identifier: str | None
    label: str


@dataclass(frozen=True)
class SimilarGoals:
    """Two goals of different municipalities that are about the same thing, and why."""

    a: GoalRef
    b: GoalRef
    score: float
    shared_targets: tuple[str, ...]
    shared_words: tuple[str, ...]
    text_similarity: float
    reason: str


@dataclass(frozen=True)
class ProcessProfile:
    """What a municipality's processes look like, for comparison."""

    slug: str
    processes: tuple[str, ...]
    steps: int
    dated_steps: int
    first_date: str | None
    last_date: str | None
    performers: tuple[str, ...]
    external: tuple[str, ...]
    follow_up: tuple[str, ...]
    feedback_to: tuple[str, ...]


@dataclass(frozen=True)
class Difference:
    """Something some of the municipalities have and others do not."""

    aspect: str
    item: str
    present: tuple[str, ...]
    missing: tuple[str, ...]


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


def similar_goals(models: Sequence[Municipality]) -> tuple[SimilarGoals, ...]:
    """Pairs of goals of different municipalities that share an SDG target or enough words.

    Score: one point per shared target plus twice the text similarity (Dice over content
    words, 0 to 1). Sorted by score, best first.
    """
    names = {w for m in models for w in re.findall(r"\w+", m.label.lower())}
    texts: dict[str, str] = {}
    targets: dict[str, set[str]] = {}
    for model in models:
        for element in model.elements:
            if element.type != "Goal":
                continue
            texts[element.iri] = " ".join(
                t for t in (element.label, element.short_label, element.definition) if t
            )
        for link in model.goal_links():
            if link.is_target:
                targets.setdefault(link.source, set()).add(link.notation)
    words_of = {iri: content_words(text, names) for iri, text in texts.items()}
    # two stems can only match when their first five letters agree (see text._match)
    keys_of = {iri: {w[:5] for w in words} for iri, words in words_of.items()}
    pairs = []
    for model_a, model_b in itertools.combinations(models, 2):
        for a in model_a.elements:
            if a.iri not in texts:
                continue
            for b in model_b.elements:
                if b.iri not in texts:
                    continue
                shared = sorted(
                    targets.get(a.iri, set()) & targets.get(b.iri, set()), key=natural_key
                )
                if not shared and not keys_of[a.iri] & keys_of[b.iri]:
                    continue
                words = _shared(words_of[a.iri], words_of[b.iri])
                similarity = _dice(words_of[a.iri], words_of[b.iri])
                if not shared and (similarity < MIN_TEXT_SIMILARITY or not words):
                    continue
                pairs.append(
                    SimilarGoals(
                        a=_goal_ref(model_a, a.iri),
                        b=_goal_ref(model_b, b.iri),
                        score=len(shared) + 2 * similarity,
                        shared_targets=tuple(shared),
                        shared_words=tuple(sorted(words)),
                        text_similarity=similarity,
                        reason=_reason(model_a.lang, shared, words),
                    )
                )
    return tuple(
        sorted(pairs, key=lambda p: (-p.score, natural_key(p.a.iri), natural_key(p.b.iri)))
    )


def _shared(words_a: Mapping[str, str], words_b: Mapping[str, str]) -> dict[str, str]:
    """:func:`goalgraph.analysis.text.shared_words` on content words already found."""
    found = {}
    ordered_b = sorted(words_b.items())
    for stem_a, word_a in words_a.items():
        for stem_b, word_b in ordered_b:
            if _match(stem_a, stem_b):
                found[word_a] = word_b
                break
    return found


def _dice(words_a: Mapping[str, str], words_b: Mapping[str, str]) -> float:
    """:func:`goalgraph.analysis.text.dice` on content words already found."""
    if not words_a or not words_b:
        return 0.0
    in_a = sum(1 for s in words_a if any(_match(s, t) for t in words_b))
    in_b = sum(1 for t in words_b if any(_match(s, t) for s in words_a))
    return (in_a + in_b) / (len(words_a) + len(words_b))


def _goal_ref(model: Municipality, iri: str) -> GoalRef:
    element = model.element(iri)
    if element is None:
        raise NotFoundError(f"{iri} is not a chain element of {model.slug!r}")
    return GoalRef(model.slug, iri, element.identifier, element.display)


def _reason(lang: str, targets: Sequence[str], words: Mapping[str, str]) -> str:
    t = strings(lang)
    parts = []
    if targets:
        parts.append(f"{t['reason_targets']}: {', '.join(targets)}")
    if words:
        pairs = sorted(a if a == b else f"{a} ~ {b}" for a, b in words.items())
        parts.append(f"{t['reason_words']}: {', '.join(pairs)}")
    return "; ".join(parts)


def process_profile(model: Municipality) -> ProcessProfile:
    """What one municipality's processes and follow-up look like."""
    steps = [s for p in model.processes for s in p.steps]
    dates = sorted(s.date for s in steps if s.date)
    performers = {b for s in steps for b in s.performers}
    follow_up = {k.label for f in model.follow_ups for k in f.kinds} | {
        k.label for s in steps for k in s.kinds
    }
    feedback = {b for f in model.follow_ups for b in f.reports_to} | {
        b for s in steps for b in s.feeds_back_to
    }
    external = {
        b
        for b in performers
        if (found := model.body(b)) and found.type.iri == str(GG.ExternalOrganization)
    }
    return ProcessProfile(
        slug=model.slug,
        processes=tuple(p.label for p in model.processes),
        steps=len(steps),
        dated_steps=len(dates),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        performers=tuple(sorted(model.label_of(b) for b in performers)),
        external=tuple(sorted(model.label_of(b) for b in external)),
        follow_up=tuple(sorted(follow_up)),
        feedback_to=tuple(sorted(model.label_of(b) for b in feedback)),
    )


def process_differences(models: Sequence[Municipality]) -> tuple[Difference, ...]:
    """Follow-up kinds, feedback receivers and external actors that only some municipalities
    have (compared by label, e.g. "delårsrapport", "KF")."""
    t = strings(models[0].lang)
    profiles = {m.slug: process_profile(m) for m in models}
    aspects = (
        (t["aspect_follow_up"], lambda p: p.follow_up),
        (t["aspect_feedback_to"], lambda p: p.feedback_to),
        (t["aspect_external"], lambda p: p.external),
        (t["aspect_dated"], lambda p: (t["yes"],) if p.dated_steps else ()),
    )
    out = []
    for aspect, values in aspects:
        items = sorted({v for p in profiles.values() for v in values(p)})
        for item in items:
            present = tuple(m.label for m in models if item in values(profiles[m.slug]))
            missing = tuple(m.label for m in models if item not in values(profiles[m.slug]))
            if missing:
                out.append(Difference(aspect, item, present, missing))
    return tuple(out)
