"""Validation at scale: per municipality graph, incremental and in parallel, over any store.

:func:`validate_store` gives the same results as
:func:`goalgraph.validation.graph.validate_graph` on the union of the store's graphs (pySHACL
stays the reference), in a fraction of the time:

- **Reading once.** A full run reads every municipality graph as N-Triples, in one thread per
  core (the stores read without holding the GIL), and hashes what it read; the engine, the
  queries and the parts below all work on these copies.
- **SHACL-SPARQL constraints as whole-graph queries.** pySHACL runs a ``sh:sparql`` constraint
  once per focus node, which was about 96 % of its time. Each such constraint of a node shape
  is rewritten into one query that binds ``$this`` to all the shape's targets at once and runs
  over the combined data, so it also sees links between municipalities. A full run queries an
  in-memory store built from the graphs it read and the ontology and Agenda 2030 graphs (a
  store on disk or on a server answers these queries several times slower; an in-memory
  store is queried directly), in this process while the pool runs the engine. Constraints
  that cannot be rewritten safely (``GRAPH``, sub-queries, ``$PATH``, shapes used inside
  other shapes) stay with the engine.
- **The other constraints per part, in parallel.** The municipality graphs are split into
  parts: a graph is its own part unless it describes a node that another graph mentions
  (a joint body, a goal that supports another municipality's goal); linked graphs form one
  part, so no check misses a link. Each part is validated with the remaining shapes, with the
  ontology and the Agenda 2030 nodes it mentions, by the chosen engine in a process pool over
  the available cores: ``"pyshacl"`` (the reference) or ``"turbo"`` (pyshacl-turbo, a Rust
  engine with pySHACL's API); ``GOALGRAPH_SHACL_ENGINE`` sets the default.
- **Incrementally.** A :class:`ValidationState` remembers each graph's content hash
  (:meth:`~goalgraph.store.oxigraph.Store.graph_hash`) and each part's results; the next run
  validates only the parts with a changed graph, the SPARQL constraints on an in-memory store
  with the part and the reference data (on the store itself when many parts changed).

The parts of this work live beside it: ``rewrite`` (the query rewriter), ``checks`` (the
shape split and the checks), ``partition``, ``engines``, ``workers`` (the pool), ``dispatch``
(the jobs on the pool) and ``state`` (what a run remembers and its report); this module reads
the store and joins them.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import cast

import pyoxigraph as ox

from goalgraph import resources
from goalgraph.mediatypes import NTRIPLES
from goalgraph.store.load import (
    FRAMEWORK_GRAPH_PREFIX,
    MUNICIPALITIES_GRAPH,
    ONTOLOGY_GRAPH,
    SDG_GRAPH,
)
from goalgraph.store.oxigraph import OxigraphStore, Store, ntriples_hash, worker_count
from goalgraph.validation.checks import ShapeSplit, run_checks, shape_split
from goalgraph.validation.dispatch import start_jobs
from goalgraph.validation.engines import ENGINES, Job, check_engine, default_engine
from goalgraph.validation.partition import GraphInfo, Partition, graph_info, partition
from goalgraph.validation.report import ValidationResult
from goalgraph.validation.rewrite import SparqlCheck, rewrite_select
from goalgraph.validation.state import ReferenceScratch, RunStats, ScaleReport, ValidationState
from goalgraph.validation.workers import shutdown_pool

REFERENCE_GRAPHS: tuple[str, ...] = (ONTOLOGY_GRAPH, SDG_GRAPH, MUNICIPALITIES_GRAPH)
#: Above this many changed parts an incremental run queries the whole data once instead.
_INCREMENTAL_QUERY_LIMIT = 16
_REFERENCE_PART = "(reference)"


# --- validating a store ----------------------------------------------------------------------


def validate_store(
    store: Store,
    *,
    audit: bool = True,
    engine: str | None = None,
    state: ValidationState | None = None,
    workers: int | None = None,
) -> ScaleReport:
    """Validate every municipality graph of ``store`` (see the module docstring).

    With a ``state`` from an earlier run, only the parts with a changed graph are validated
    again, and ``state`` is updated. ``workers`` is the number of processes (default: the
    available cores; 1 validates in this process). The report's ``stats`` say what was done.
    """
    chosen = check_engine(engine) if engine is not None else default_engine()
    state = state if state is not None else ValidationState()
    workers = worker_count() if workers is None else max(1, workers)
    split = shape_split(audit)
    timings: dict[str, float] = {}
    started = time.perf_counter()

    names = store.named_graphs()
    data_graphs = [
        g for g in names if g not in REFERENCE_GRAPHS and not g.startswith(FRAMEWORK_GRAPH_PREFIX)
    ]
    reference = [g for g in REFERENCE_GRAPHS if g in names]
    reference_hashes = "|".join([*reference, *(store.graph_hash(g) for g in reference)])
    key = "|".join([chosen, str(audit), split.fingerprint, reference_hashes])
    full = state.key != key
    dumps: dict[str, bytes] = {}
    if full:
        state.graphs.clear()
        state.results.clear()
        state.partition = None
        dumps = _read_graphs(store, data_graphs)
        if isinstance(store, OxigraphStore):  # it hashed what it dumped
            hashes = {g: store.graph_hash(g) for g in data_graphs}
        else:
            hashes = {g: ntriples_hash(d) for g, d in dumps.items()}
    else:
        hashes = {g: store.graph_hash(g) for g in data_graphs}
    changed = {g for g, h in hashes.items() if g not in state.graphs or state.graphs[g].hash != h}
    removed = set(state.graphs) - set(hashes)
    timings["hash"] = time.perf_counter() - started

    step = time.perf_counter()
    dumps.update(_read_graphs(store, sorted(changed - set(dumps))))
    old_parts = set(state.results) - {(_REFERENCE_PART,)}
    parse_started = time.perf_counter()
    kept = state.partition
    if kept is not None and (
        kept.graphs.keys() != state.graphs.keys()
        or any(kept.graphs[g] is not info for g, info in state.graphs.items())
    ):
        kept = None  # the state was changed elsewhere: its parts are made again
    for g in removed:
        del state.graphs[g]
    new_info = {g: graph_info(data, hashes[g]) for g, data in dumps.items()}
    state.graphs.update(new_info)
    timings["parse"] = time.perf_counter() - parse_started
    partition_started = time.perf_counter()
    if kept is None:
        state.partition = kept = Partition(state.graphs)
    else:
        kept.update(new_info, removed)
    parts = kept.parts()
    part_of = kept.part_of()
    timings["partition"] = time.perf_counter() - partition_started
    touched = changed | removed
    affected = touched | {g for p in old_parts if touched.intersection(p) for g in p}
    to_validate = [p for p in parts if affected.intersection(p)]
    for part in old_parts:
        if affected.intersection(part):
            del state.results[part]
    dumps.update(_read_graphs(store, sorted({g for p in to_validate for g in p} - set(dumps))))
    timings["read"] = time.perf_counter() - step

    step = time.perf_counter()
    if state.reference_data is None or state.reference_data[0] != reference_hashes:
        stored = {g: store.dump(g, NTRIPLES) for g in reference}  # the ontology and SDG graphs
        state.reference_data = (
            reference_hashes,
            stored,
            _reference_index(stored.get(SDG_GRAPH, b"")),
        )
    _, stored, sdg = state.reference_data
    ontology = (
        stored[ONTOLOGY_GRAPH]
        if ONTOLOGY_GRAPH in stored
        else _file_ntriples(resources.ontology_file())
    )
    jobs = [_job(part, dumps, state.graphs, sdg) for part in to_validate]
    if full:
        reference_data = b"\n".join(sdg.values())
        jobs.append(Job(_REFERENCE_PART, reference_data, b""))
    pending = start_jobs(chosen, audit, ontology, jobs, workers)
    try:  # the whole-graph checks run here while the pool runs the engine
        checks_started = time.perf_counter()
        if full or len(to_validate) > _INCREMENTAL_QUERY_LIMIT:
            wanted = set(to_validate) | ({(_REFERENCE_PART,)} if full else set())
            target: Store = store
            if full and not (isinstance(store, OxigraphStore) and store.reads_from_memory):
                # a copy in memory of the graphs just read: much faster to query than a
                # store on disk or on a server (a store that reads from memory is queried)
                target = OxigraphStore.from_ntriples({**dumps, **stored})
            timings["sparql-store"] = time.perf_counter() - checks_started
            check_results = _attribute(run_checks(target, split), state.graphs, part_of, wanted)
        else:  # each changed part beside the reference data, in a scratch store
            check_results = {}
            scratch = _scratch(state, ontology, sdg)
            with scratch.lock:
                for part in to_validate:
                    rows = _checks_beside_reference(scratch, split, {g: dumps[g] for g in part})
                    check_results.update(_attribute(rows, state.graphs, part_of, {part}))
        timings["sparql"] = time.perf_counter() - checks_started
        engine_results, engine_timings = pending.result()
    except BaseException:
        pending.cancel()
        raise
    timings["engine"] = time.perf_counter() - step
    for phase, seconds in engine_timings.items():
        timings[f"engine-{phase}"] = seconds

    step = time.perf_counter()
    for part_key, results in engine_results.items():
        part = (_REFERENCE_PART,) if part_key == _REFERENCE_PART else tuple(part_key.split("\n"))
        state.results[part] = list(results)
    for part, results in check_results.items():
        state.results.setdefault(part, []).extend(results)
    state.key = key

    merged = sorted(
        {r for results in state.results.values() for r in results}, key=ValidationResult.sort_key
    )
    conforms = not any(r.severity == "Violation" for r in merged)
    municipalities = sorted({m for info in state.graphs.values() for m in info.municipalities})
    report = ScaleReport(conforms, merged, None, municipalities)  # type: ignore[arg-type]
    timings["report"] = time.perf_counter() - step
    timings["total"] = time.perf_counter() - started
    report.stats = RunStats(
        engine=chosen,
        incremental=not full,
        graphs=len(data_graphs),
        parts=len(parts),
        validated_graphs=sorted(g for p in to_validate for g in p),
        seconds=timings,
    )
    return report


def _scratch(state: ValidationState, ontology: bytes, sdg: Mapping[str, bytes]) -> ReferenceScratch:
    """The state's scratch store with the current reference data (made when it changed)."""
    key = state.reference_data[0] if state.reference_data is not None else ""
    scratch = state.scratch
    if scratch is None or scratch.key != key:
        scratch = ReferenceScratch(
            key, {ONTOLOGY_GRAPH: ontology, SDG_GRAPH: b"".join(sdg.values())}
        )
        state.scratch = scratch
    return scratch


def _checks_beside_reference(
    scratch: ReferenceScratch, split: ShapeSplit, graphs: Mapping[str, bytes]
) -> list[tuple[ValidationResult, frozenset[str]]]:
    """The whole-graph checks of ``graphs`` with the reference data: the graphs are added to
    the scratch store for the checks and removed afterwards."""
    store = scratch.store
    try:
        for graph, data in graphs.items():
            store.load_ntriples(graph, data)
        return list(run_checks(store, split))
    finally:
        for graph in graphs:
            store.remove_graph(graph)


def _file_ntriples(path: Path) -> bytes:
    return cast(
        bytes,
        ox.serialize(
            [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=path)],
            format=ox.RdfFormat.N_TRIPLES,
        ),
    )


def _reference_index(data: bytes) -> dict[str, bytes]:
    """The reference graph's N-Triples lines grouped by subject IRI (or blank label)."""
    index: dict[str, list[bytes]] = {}
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        # the subject ends at its ">" (an IRI) or at the first space or tab (a blank node):
        # N-Triples allows either separator, and some servers (Virtuoso) write tabs
        is_iri = line.startswith(b"<")
        subject = line[1 : line.index(b">")] if is_iri else line.split(None, 1)[0]
        index.setdefault(subject.decode("utf-8"), []).append(line)
    return {s: b"\n".join(lines) + b"\n" for s, lines in index.items()}


def _job(
    part: tuple[str, ...],
    dumps: Mapping[str, bytes],
    graphs: Mapping[str, GraphInfo],
    sdg: Mapping[str, bytes],
) -> Job:
    data = b"\n".join(dumps[g] for g in part)
    mentioned = set().union(*(graphs[g].mentioned for g in part))
    reference = b"".join(sdg[iri] for iri in sorted(mentioned) if iri in sdg)
    return Job("\n".join(part), data, reference)


def _read_graphs(store: Store, graphs: Sequence[str]) -> dict[str, bytes]:
    """The N-Triples of ``graphs``, read in one thread per core (the embedded store and the
    HTTP client release the GIL while they read)."""
    threads = min(worker_count(), len(graphs))
    if threads <= 1:
        return {g: store.dump(g, NTRIPLES) for g in graphs}
    with ThreadPoolExecutor(threads, thread_name_prefix="goalgraph-read") as pool:
        return dict(zip(graphs, pool.map(lambda g: store.dump(g, NTRIPLES), graphs), strict=True))


def _attribute(
    checked: Sequence[tuple[ValidationResult, frozenset[str]]],
    graphs: Mapping[str, GraphInfo],
    part_of: Mapping[str, tuple[str, ...]],
    wanted: set[tuple[str, ...]],
) -> dict[tuple[str, ...], list[ValidationResult]]:
    """Give each whole-graph result to the parts whose graphs mention its anchor IRIs (the
    reference part when none does); keep only the ``wanted`` parts."""
    where: dict[str, set[tuple[str, ...]]] = {}
    needed = {iri for _, anchors in checked for iri in anchors}
    for graph, info in graphs.items():
        for iri in needed & info.mentioned:
            where.setdefault(iri, set()).add(part_of[graph])
    out: dict[tuple[str, ...], list[ValidationResult]] = {}
    for result, anchors in checked:
        parts = {p for iri in anchors for p in where.get(iri, ())} or {(_REFERENCE_PART,)}
        for part in parts & wanted:
            out.setdefault(part, []).append(result)
    return out


__all__ = [
    "ENGINES",
    "GraphInfo",
    "RunStats",
    "ScaleReport",
    "ShapeSplit",
    "SparqlCheck",
    "ValidationState",
    "default_engine",
    "partition",
    "rewrite_select",
    "run_checks",
    "shape_split",
    "shutdown_pool",
    "validate_store",
    "worker_count",
]
