"""Data frames and graphs for researchers: named queries, metrics and comparisons as pandas
data frames, a municipality's goal graph as a networkx graph, and the comparison tables as
CSV files or one Excel workbook.

pandas is an optional extra (``pip install goalgraph[frames]``); the functions import it when
they are called.

>>> from goalgraph.store.load import default_store
>>> store = default_store()
>>> labels = query_frame(store, "municipalities").set_index("code")["label"]
>>> labels["1884"], labels["0665"]
('Nora kommun', 'Vaggeryds kommun')
>>> graph = goal_graph(store, "nora")
>>> graph.nodes["https://w3id.org/goalgraph/id/nora/goal-kf1"]["identifier"]
'KF-mål 1'
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx
import rdflib

from goalgraph.analysis.compare import Comparison
from goalgraph.analysis.metrics import StructureMetrics
from goalgraph.errors import GoalgraphError
from goalgraph.model.reader import read_municipality
from goalgraph.sparql.named import run_query
from goalgraph.store.oxigraph import SelectResult, Store

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "comparison_frames",
    "goal_graph",
    "metrics_frame",
    "query_frame",
    "to_frame",
    "write_tables",
]

TABLE_SUFFIXES = (".xlsx", ".csv", "")


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as exc:  # pragma: no cover - the test extra installs pandas
        raise GoalgraphError("data frames need pandas: pip install 'goalgraph[frames]'") from exc
    return pandas


def _value(term: object) -> object:
    """A plain Python value: IRIs as strings, literals as numbers, dates or strings."""
    if term is None:
        return None
    if isinstance(term, rdflib.Literal):
        value = term.toPython()
        return value if isinstance(value, int | float | str | bool) else str(term)
    return str(term)


def to_frame(result: SelectResult) -> pd.DataFrame:
    """A SELECT result as a data frame: one column per variable, in the query's order."""
    pandas = _pandas()
    rows = [{v: _value(row[v]) for v in result.variables} for row in result.rows]
    return pandas.DataFrame(rows, columns=list(result.variables))


def query_frame(store: Store, name: str, **params: str) -> pd.DataFrame:
    """A named query's result as a data frame (parameters as for ``goalgraph query``)."""
    return to_frame(run_query(store, name, **params))


def metrics_frame(metrics: Sequence[StructureMetrics]) -> pd.DataFrame:
    """The structural metrics, one row per municipality (indexed by its slug)."""
    pandas = _pandas()
    rows = [
        {
            "slug": m.slug,
            "label": m.label,
            "elements": m.elements,
            "links": m.links,
            "populated_levels": m.populated_levels,
            "depth": m.depth,
            "completeness": m.completeness,
            "orphans": len(m.orphans),
            "parent_not_stated": len(m.parent_not_stated),
            "inferred_links": m.inferred_links,
            "dead_ends": len(m.dead_ends),
            "goals": m.goals,
            "goals_with_sdg": m.goals_with_sdg,
            "sdg_share": m.sdg_share,
            "sdg_goals": len(m.sdg_goals),
            "sdg_targets": len(m.sdg_targets),
            "key_goals": len(m.key_goals),
        }
        for m in metrics
    ]
    return pandas.DataFrame(rows).set_index("slug")


def comparison_frames(comparison: Comparison) -> dict[str, pd.DataFrame]:
    """The comparison's tables as data frames: ``metrics``, ``levels``, ``sdg`` (goals per SDG
    goal and municipality), ``overlap``, ``similar_goals``, ``processes``, ``differences``,
    ``current_metrics``, ``targets`` (targets by kind and assessments without indicators, in
    the current period) and the clusters."""
    pandas = _pandas()
    slugs = comparison.slugs
    levels = [
        {
            "kind": row.kind,
            "kind_label": row.label,
            "municipality": slug,
            "level": cell.label,
            "rank": cell.rank,
            "decided_by": "; ".join(cell.decided_by),
            "owner_types": "; ".join(cell.owner_types),
            "indicators_here": cell.indicators_here,
            "elements": cell.elements,
        }
        for row in comparison.levels
        for slug, cells in zip(slugs, row.cells, strict=True)
        for cell in cells
    ]
    sdg = pandas.DataFrame(
        [[row.goal.notation, row.goal.label, *row.goals] for row in comparison.sdg],
        columns=["sdg", "label", *slugs],
    ).set_index("sdg")
    overlap = [
        {
            "a": o.a,
            "b": o.b,
            "goal_jaccard": o.goal_jaccard,
            "target_jaccard": o.target_jaccard,
            "shared_goals": "; ".join(o.shared_goals),
            "shared_targets": "; ".join(o.shared_targets),
        }
        for o in comparison.overlaps
    ]
    similar = [
        {
            "a": pair.a.slug,
            "a_goal": pair.a.iri,
            "a_label": pair.a.label,
            "b": pair.b.slug,
            "b_goal": pair.b.iri,
            "b_label": pair.b.label,
            "score": pair.score,
            "shared_targets": "; ".join(pair.shared_targets),
            "shared_words": "; ".join(pair.shared_words),
            "reason": pair.reason,
        }
        for pair in comparison.similar
    ]
    processes = [
        {
            "slug": p.slug,
            "processes": len(p.processes),
            "steps": p.steps,
            "dated_steps": p.dated_steps,
            "first_date": p.first_date,
            "last_date": p.last_date,
            "performers": "; ".join(p.performers),
            "external": "; ".join(p.external),
        }
        for p in comparison.processes
    ]
    differences = [
        {
            "aspect": d.aspect,
            "item": d.item,
            "present": "; ".join(d.present),
            "missing": "; ".join(d.missing),
        }
        for d in comparison.differences
    ]
    current = metrics_frame(comparison.current_metrics) if comparison.current_metrics else None
    if current is not None:
        periods = {p.slug: p for p in comparison.periods}
        current.insert(
            0, "period", [periods[s].label if s in periods else None for s in current.index]
        )
        current.insert(
            1, "left_out", [periods[s].left_out if s in periods else 0 for s in current.index]
        )
    clusters = [
        {"cluster": i, "municipality": slug, **dict(c.profile)}
        for i, c in enumerate(comparison.structure_clusters, 1)
        for slug in c.members
    ]
    goal_clusters = [
        {
            "cluster": i,
            "municipality": g.slug,
            "goal": g.iri,
            "label": g.label,
            "words": "; ".join(c.words),
            "targets": "; ".join(c.targets),
        }
        for i, c in enumerate(comparison.goal_clusters, 1)
        for g in c.goals
    ]
    periods_of = {p.slug: p for p in comparison.periods}
    targets = [
        {
            "municipality": t.slug,
            "period": periods_of[t.slug].label if t.slug in periods_of else None,
            **{f"kind: {k.label}": k.count for k in t.kinds},
            "targets": t.targets,
            "indicators_without_target": t.indicators_without_target,
            "assessments": t.assessments,
            "assessments_without_indicator": t.assessments_without_indicator,
        }
        for t in comparison.targets
    ]
    extra = {
        "current_metrics": current if current is not None else pandas.DataFrame(),
        "structure_clusters": pandas.DataFrame(clusters),
        "goal_clusters": pandas.DataFrame(goal_clusters),
        "targets": pandas.DataFrame(targets),
    }
    return {
        "metrics": metrics_frame(comparison.metrics),
        "levels": pandas.DataFrame(levels),
        "sdg": sdg,
        "overlap": pandas.DataFrame(overlap),
        "similar_goals": pandas.DataFrame(similar),
        "processes": pandas.DataFrame(processes),
        "differences": pandas.DataFrame(differences),
        **extra,
    }


def write_tables(comparison: Comparison, path: Path) -> list[Path]:
    """Write the comparison tables: one sheet each in an ``.xlsx`` workbook, or one CSV file
    each in a folder (a path without suffix, or a ``.csv`` name whose stem prefixes the files).
    Returns the files written."""
    frames = comparison_frames(comparison)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise GoalgraphError(
            f"write the tables to a .xlsx file or a folder of CSV files, not {path}"
        )
    if suffix == ".xlsx":
        pandas = _pandas()
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        with pandas.ExcelWriter(tmp, engine="openpyxl") as writer:
            for name, frame in frames.items():
                frame.to_excel(
                    writer, sheet_name=name, index=name in ("metrics", "sdg", "current_metrics")
                )
        tmp.replace(path)
        return [path]
    folder, prefix = (path.parent, f"{path.stem}-") if suffix == ".csv" else (path, "")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, frame in frames.items():
        target = folder / f"{prefix}{name}.csv"
        frame.to_csv(target, index=name in ("metrics", "sdg", "current_metrics"))
        written.append(target)
    return written


def goal_graph(store: Store, slug: str, lang: str = "sv") -> nx.DiGraph:
    """A municipality's goal graph: a node per chain element (``label``, ``identifier``,
    ``level``, ``rank``, ``type``, ``owners``, ``indicators``) with an edge to each element it
    supports (``relation="supports"``), and a node per Agenda 2030 goal or target that an
    element is linked to (``type="sdg"``) with an edge ``relation="sdg"`` (``basis`` kept)."""
    model = read_municipality(store, slug, lang)
    graph = nx.DiGraph(municipality=model.iri, label=model.label, code=model.code)
    for element in model.elements:
        level = model.level(element.level)
        graph.add_node(
            element.iri,
            type=element.type,
            label=element.label,
            identifier=element.identifier,
            level=level.label if level is not None else None,
            rank=model.rank_of[element.iri],
            owners=list(element.owners),
            indicators=list(element.indicators),
        )
    for element in model.elements:
        for parent in element.supports:
            if parent not in graph:
                graph.add_node(parent, type="outside", label=None)
            graph.add_edge(element.iri, parent, relation="supports")
    for link in model.sdg_links:
        if link.source not in graph:
            continue
        graph.add_node(link.sdg, type="sdg", label=link.notation)
        graph.add_edge(link.source, link.sdg, relation="sdg", basis=link.basis)
    return graph
