"""Validation, loading and named queries at one scale, with the breakdown of a validation run.

    .venv/bin/python benchmarks/bench_validation.py --scale 290 [--repeat 3]
    .venv/bin/python benchmarks/bench_validation.py --union 1 2 4 8

On ``--scale`` synthetic municipalities (seed 2024, 10 % with injected defects, which must be
found exactly) in an embedded store on disk: the load of the data folder; a full validation
per municipality graph with pyshacl-turbo and with pySHACL; the re-validation after one
municipality changed (median of five changes); each run's phases from
:class:`goalgraph.validation.state.RunStats` (hash, read with parse and partition, the engine
in the pool with its own parse / validate / results, the SHACL-SPARQL checks with the store
they run on, report); the memory copy brought up to date after a bulk write of one graph;
every named query as served (read from the memory copy), with rdflib terms (``select``) and
as SPARQL JSON without them (``query_serialized``). Baselines in the same run: the load into
rdflib, the re-validation measured against the full run. Medians and spread (lowest–highest)
over ``--repeat`` runs; writes ``benchmarks/results/validation-<date>.md``.

``--union`` instead times ``validate_graph`` on the union of that many municipalities, with
pyshacl-turbo and with pySHACL (``validation-union-<date>.md``).

Targets (2 cores, 290): full validation ≤ 5 s, re-validation ≤ 50 ms, every named query
≤ 20 ms p50 as served, load ≤ 2 s.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_scale import machine, rdflib_dataset  # noqa: E402
from timing import timed, write_results  # noqa: E402

from goalgraph.namespaces import GRAPH  # noqa: E402
from goalgraph.sparql.binding import bind_values  # noqa: E402
from goalgraph.sparql.named import get_query, named_queries  # noqa: E402
from goalgraph.store.load import load_data  # noqa: E402
from goalgraph.store.oxigraph import OxigraphStore  # noqa: E402
from goalgraph.testing.synthetic import generate  # noqa: E402
from goalgraph.validation.scale import ValidationState, validate_store, worker_count  # noqa: E402

JSON_RESULTS = "application/sparql-results+json"
TARGETS = {"full": 5.0, "incremental": 0.050, "query": 0.020, "load": 2.0}
PHASES = ("hash", "read", "parse", "partition", "sparql", "sparql-store", "engine",
          "engine-parse", "engine-validate", "engine-results", "report", "total")  # fmt: skip


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def spread(values: list[float]) -> str:
    return f"{fmt(min(values))}–{fmt(max(values))}"


def change_one(store: OxigraphStore, graph: str, n: int) -> None:
    """An edit of one municipality graph: a new comment on its first subject."""
    data = store.dump(graph, "application/n-triples")
    triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
    comment = ox.Triple(
        triples[0].subject,
        ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
        ox.Literal(f"change {n}", language="sv"),
    )
    kept = [t for t in triples if t.predicate.value != comment.predicate.value]
    store.replace_graph(graph, [*kept, comment])


def union_runs(counts: list[int], output: Path | None) -> int:
    """``validate_graph`` on the union of 1, 2, 4, ... municipalities, pyshacl-turbo beside
    pySHACL (wall and CPU seconds of one run each; the results must be the same)."""
    from goalgraph.validation.graph import validate_graph

    lines = [
        f"# validate_graph on a union of municipalities, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}.",
        "Command: `.venv/bin/python benchmarks/bench_validation.py --union "
        + " ".join(map(str, counts)) + "`. One run each; CPU time in brackets.",
        "",
        "| municipalities | triples | pyshacl-turbo | pySHACL | same results | load average |",
        "| ---: | ---: | ---: | ---: | --- | --- |",
    ]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="goalgraph-union-") as tmp:
        for count in counts:
            data = generate(count, seed=2024, defect_rate=0.1)
            union = rdflib_dataset(data.write(Path(tmp) / str(count)))
            times = {}
            reports = {}
            for engine in ("turbo", "pyshacl"):
                wall, cpu = time.perf_counter(), time.process_time()
                reports[engine] = validate_graph(union, engine=engine)
                times[engine] = (time.perf_counter() - wall, time.process_time() - cpu)
            same = reports["turbo"].results == reports["pyshacl"].results
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            cells = [f"{fmt(w)} ({fmt(c)})" for w, c in times.values()]
            lines.append(f"| {count} | {len(union)} | {cells[0]} | {cells[1]} | "
                         f"{'yes' if same else 'NO'} | {load} |")  # fmt: skip
            print(lines[-1], flush=True)
    write_results("validation-union", "\n".join(lines) + "\n", output)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=290)
    parser.add_argument(
        "--union",
        type=int,
        nargs="+",
        default=None,
        help="only validate_graph on unions of this many municipalities",
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engines", nargs="+", default=["turbo", "pyshacl"])
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args()
    if args.union:
        return union_runs(args.union, args.output)
    rows: list[tuple[str, list[float], str, str]] = []  # what, times, target, note
    breakdown: dict[str, dict[str, list[float]]] = {}

    def add(what: str, times: list[float], target: str = "", note: str = "") -> None:
        rows.append((what, times, target, note))
        print(f"  {what:70} {fmt(statistics.median(times)):>10} {note}", flush=True)

    def phases(name: str, report_stats: dict[str, float]) -> None:
        table = breakdown.setdefault(name, {})
        for phase, seconds in report_stats.items():
            table.setdefault(phase, []).append(seconds)

    with tempfile.TemporaryDirectory(prefix="goalgraph-validation-") as tmp:
        work = Path(tmp)
        data = generate(args.scale, seed=2024, defect_rate=0.1)
        folder = data.write(work / "data")
        graphs = [str(GRAPH[m.slug]) for m in data.municipalities]

        def load() -> OxigraphStore:
            store = OxigraphStore(Path(tempfile.mkdtemp(dir=work)) / "store")
            load_data(store, folder)
            return store

        load_times = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            loaded = load()
            load_times.append(time.perf_counter() - start)
            loaded.close()
        rdflib_load = timed(lambda: rdflib_dataset(folder), 1, warm_up=False)
        add(f"load data folder into the store on disk ({args.scale})", load_times,
            f"≤ {TARGETS['load']:g} s", f"rdflib baseline {fmt(rdflib_load[0])}, "
            f"ratio {rdflib_load[0] / statistics.median(load_times):.1f}x")  # fmt: skip
        path = loaded.path
        store = OxigraphStore(path)  # compacted, as goalgraph run opens it
        store.keep_memory_copy()
        start = time.perf_counter()
        if not store.wait_for_memory_copy(600):
            raise RuntimeError("the memory copy was not built")
        add("build the memory copy (start of goalgraph run, in the background)",
            [time.perf_counter() - start])  # fmt: skip

        for engine in args.engines:
            validate_store(store, engine=engine)  # warm the pool
            full_times = []
            for _ in range(args.repeat):
                report = validate_store(store, engine=engine)
                full_times.append(report.stats.seconds["total"])
                phases(f"full, {engine}", report.stats.seconds)
            found = {(r.shape_id, r.focus_node, r.severity) for r in report.results}
            if found != data.expected():
                raise RuntimeError(f"{engine}: the injected defects were not found exactly")
            add(f"validate per municipality graph, {engine}, {worker_count()} cores",
                full_times, f"≤ {TARGETS['full']:g} s" if engine == "turbo" else "")  # fmt: skip
            state = ValidationState()
            validate_store(store, engine=engine, state=state)
            incremental = []
            for n, graph in enumerate(graphs[:5]):
                change_one(store, graph, n)
                report = validate_store(store, engine=engine, state=state)
                if len(report.stats.validated_graphs) > 3:
                    raise RuntimeError(f"more than the changed part: {report.stats}")
                incremental.append(report.stats.seconds["total"])
                phases(f"re-validation, {engine}", report.stats.seconds)
            add(f"re-validate after one municipality changed, {engine}", incremental,
                f"≤ {TARGETS['incremental'] * 1000:g} ms" if engine == "turbo" else "",
                f"{statistics.median(full_times) / statistics.median(incremental):.0f}x "
                "faster than the full run")  # fmt: skip

        # the memory copy after a bulk write of one graph (more than BULK_THRESHOLD triples)
        big = b"".join(store.dump(g, "application/n-triples") for g in graphs[:80])
        bulk = []
        for n in range(args.repeat):
            payload = big + f'<urn:x:bulk> <urn:x:n> "{n}" .\n'.encode()
            start = time.perf_counter()
            store.replace_graphs_from(
                [str(GRAPH["bulk-test"])], [(str(GRAPH["bulk-test"]), payload)]
            )
            if not store.wait_for_memory_copy(600):
                raise RuntimeError("the memory copy was dropped")
            bulk.append(time.perf_counter() - start)
        triples = big.count(b"\n")
        add(f"bulk write of one graph ({triples} triples) until reads come from memory again",
            bulk, "", "the copy takes the replaced graph from the new store")  # fmt: skip
        store.remove_graph(str(GRAPH["bulk-test"]))

        # named queries as served: from the memory copy, with and without rdflib terms
        first = data.municipalities[0].slug
        params = {"goal": f"{first}:goal-kf1", "body": f"{first}:body-kf",
                  "municipality": first, "sdg": "11", "lang": "sv"}  # fmt: skip
        query_rows = []
        for name, query in sorted(named_queries().items()):
            declared = {p.name for p in query.parameters}
            bindings = get_query(name).bind(
                store, {k: v for k, v in params.items() if k in declared}
            )
            bound = bind_values(query.text, bindings)
            store.select(bound)

            def with_rdflib(t: str = bound) -> object:
                return store.select(t)

            def serialized(t: str = bound) -> object:
                return store.query_serialized(t, JSON_RESULTS)

            query_rows.append((
                name,
                timed(with_rdflib, 15, warm_up=False),
                timed(serialized, 15, warm_up=False),
                len(store.select(bound)),
            ))  # fmt: skip
        store.close()

    worst = max(query_rows, key=lambda r: statistics.median(r[1]))
    add("slowest named query as served (memory copy, rdflib terms)", worst[1],
        f"≤ {TARGETS['query'] * 1000:g} ms", worst[0])  # fmt: skip
    import pyoxigraph
    import pyshacl
    import pyshacl_turbo
    import rdflib

    load_average = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"# Validation benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}; load average at the end {load_average}.",
        f"Versions: pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}, "
        f"pySHACL {pyshacl.__version__}, pyshacl-turbo {pyshacl_turbo.__version__}.",
        f"Data: {args.scale} synthetic municipalities (seed 2024, 10 % with injected defects, "
        "all found exactly), the ontology and the Agenda 2030 graph.",
        f"Command: `.venv/bin/python benchmarks/bench_validation.py --scale {args.scale} "
        f"--repeat {args.repeat} --engines {' '.join(args.engines)}`. Medians, spread "
        "lowest–highest.",
        "",
        "| measurement | median | spread | runs | target | note |",
        "| --- | ---: | ---: | ---: | --- | --- |",
    ]
    for what, times, target, note in rows:
        median = statistics.median(times)
        met = ""
        if target:
            limit = float(target.split()[1]) * (0.001 if target.endswith("ms") else 1)
            met = " ✓" if median <= limit else " ✗"
        lines.append(f"| {what} | {fmt(median)} | {spread(times)} | {len(times)} | "
                     f"{target}{met} | {note} |")  # fmt: skip
    lines += ["", "## Where a run's time goes (medians of the runs; seconds per phase)", ""]
    names = list(breakdown)
    lines.append("| phase | " + " | ".join(names) + " |")
    lines.append("| --- |" + " ---: |" * len(names))
    for phase in PHASES:
        cells = [fmt(statistics.median(breakdown[n][phase])) if phase in breakdown[n] else "–"
                 for n in names]  # fmt: skip
        lines.append(f"| {phase} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "`engine` is wall time until the pool's results are in; meanwhile this process runs "
        "the SHACL-SPARQL checks (`sparql`, of which `sparql-store` is building the store they "
        "run on: none when the store reads from its memory copy). `engine-parse`, "
        "`engine-validate` and `engine-results` are the engine's own phases summed over its "
        "processes (CPU time on several cores).",
        "",
        f"## Named queries as served, {args.scale} municipalities (median of 15)",
        "",
        "| query | rows | with rdflib terms (`select`) | SPARQL JSON, no rdflib terms "
        "(`query_serialized`) | ratio |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, with_terms, raw, count in query_rows:
        a, b = statistics.median(with_terms), statistics.median(raw)
        lines.append(f"| {name} | {count} | {fmt(a)} | {fmt(b)} | {a / b:.1f}x |")
    text = "\n".join(lines) + "\n"
    write_results("validation", text, args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
