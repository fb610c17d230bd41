"""Storage and scale: 1, 29 and 290 synthetic municipalities, in one process run.

    python benchmarks/bench_scale.py            # all three scales (about 15 minutes on 2 cores)
    python benchmarks/bench_scale.py --scales 1 29 --repeat 3

Measures load, validation (whole with pySHACL, the reference baseline; per municipality graph
and incrementally after one municipality changed, with pySHACL and pyshacl-turbo), each named
query on rdflib's in-memory store (the baseline), the embedded Oxigraph store on disk (read
from disk, and read from its memory copy as ``goalgraph run`` serves it) and an Oxigraph
server started here on loopback, and diagram rendering. Prints a table of medians and
ratios against the baselines measured in the same run and writes it, with the date and the
machine, to ``benchmarks/results/scale-<date>.md``. A whole pySHACL validation of 290
municipalities takes far too long; it is measured on 29 and extrapolated linearly (a lower
bound, since pySHACL's cost grows faster than the data), and the table says so.
"""

from __future__ import annotations

import argparse
import multiprocessing
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import httpx
import pyoxigraph as ox
import rdflib

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from timing import machine, median_seconds  # noqa: E402

from goalgraph.diagrams import render_diagram  # noqa: E402
from goalgraph.namespaces import GRAPH  # noqa: E402
from goalgraph.sparql.binding import bind_values  # noqa: E402
from goalgraph.sparql.named import get_query, named_queries  # noqa: E402
from goalgraph.store.load import load_data  # noqa: E402
from goalgraph.store.oxigraph import OxigraphStore  # noqa: E402
from goalgraph.store.protocol import Store  # noqa: E402
from goalgraph.store.remote import RemoteStore  # noqa: E402
from goalgraph.testing.synthetic import generate  # noqa: E402
from goalgraph.validation.graph import validate_graph  # noqa: E402
from goalgraph.validation.scale import ValidationState, validate_store, worker_count  # noqa: E402

RDFLIB_QUERY_TIMEOUT = 30.0
WHOLE_PYSHACL_LIMIT = 29  # municipalities; above, extrapolated


@dataclass
class Row:
    scale: int
    what: str
    median: float | None  # seconds; None when not measured
    baseline: float | None = None
    note: str = ""
    target: str = ""


QueryRow = tuple[str, float | None, float, float, float]


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    # per scale: (query, rdflib, embedded read from disk, from its memory copy, server)
    queries: dict[int, list[QueryRow]] = field(default_factory=dict)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        ratio = f"{row.baseline / row.median:.1f}x" if row.baseline and row.median else ""
        print(f"  {row.what:58} {_fmt(row.median):>10} {ratio:>8} {row.note}", flush=True)


def _fmt(seconds: float | None) -> str:
    if seconds is None:
        return "–"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def median_of(fn: Callable[[], object], repeat: int) -> float:
    """The median of ``repeat`` runs, without a warm-up run (some take minutes)."""
    return median_seconds(fn, repeat, warm_up=False)


# --- the Oxigraph server ---------------------------------------------------------------------


class Server:
    """``oxigraph serve`` on loopback over a folder bulk loaded with ``oxigraph load``."""

    def __init__(self, folder: Path, nquads: Path) -> None:
        binary = shutil.which("oxigraph") or str(Path(sys.executable).with_name("oxigraph"))
        subprocess.run(
            [binary, "load", "--location", str(folder), "--file", str(nquads)],
            check=True,
            capture_output=True,
        )
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        self.process = subprocess.Popen(
            [binary, "serve", "--location", str(folder), "--bind", f"127.0.0.1:{port}",
             "--union-default-graph"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        self.url = f"http://127.0.0.1:{port}/query"
        for _ in range(300):
            try:
                httpx.get(f"http://127.0.0.1:{port}/", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.05)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


# --- rdflib baseline -------------------------------------------------------------------------


def rdflib_dataset(folder: Path) -> rdflib.Dataset:
    dataset = rdflib.Dataset(default_union=True)
    dataset.graph(rdflib.URIRef(str(GRAPH["ontology"]))).parse(
        ROOT / "ontology" / "goalgraph.ttl", format="turtle"
    )
    sdg = dataset.graph(rdflib.URIRef(str(GRAPH["sdg"])))
    for path in sorted((folder / "sdg").glob("*.ttl")):
        sdg.parse(path, format="turtle")
    for path in sorted((folder / "municipalities").glob("*.ttl")):
        dataset.graph(rdflib.URIRef(str(GRAPH[path.stem]))).parse(path, format="turtle")
    return dataset


def _timed_rdflib(dataset: rdflib.Dataset, text: str, repeat: int, pipe: object) -> None:
    pipe.send(median_of(lambda: list(dataset.query(text)), repeat))  # type: ignore[attr-defined]


def rdflib_query_time(dataset: rdflib.Dataset, text: str, repeat: int) -> float | None:
    """The median time of a query on rdflib, in a forked process that is stopped at the
    timeout (``None``)."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_timed_rdflib, args=(dataset, text, repeat, send))
    process.start()
    if receive.poll(RDFLIB_QUERY_TIMEOUT * repeat):
        value = float(receive.recv())
        process.join()
        return value
    process.kill()
    process.join()
    return None


# --- one scale -------------------------------------------------------------------------------


def run_scale(count: int, repeat: int, results: Results, workdir: Path) -> None:
    print(f"\n== {count} municipalities", flush=True)
    data = generate(count, seed=2024, defect_rate=0.1)
    folder = data.write(workdir / f"data-{count}")
    big = count >= 100
    reps = 1 if big else repeat

    # load
    def load_disk() -> OxigraphStore:
        target = Path(tempfile.mkdtemp(dir=workdir)) / "store"
        store = OxigraphStore(target)
        load_data(store, folder)
        return store

    def load_and_close() -> tuple[float, float]:
        start = time.perf_counter()
        store = load_disk()
        loaded = time.perf_counter() - start
        store.close()  # waits for the compaction that runs in the background after a load
        return loaded, time.perf_counter() - start

    timings = [load_and_close() for _ in range(3 if big else repeat)]
    rdflib_load_s = median_of(lambda: rdflib_dataset(folder), 1 if big else reps)
    loaded = load_disk()
    loaded.close()  # the measurements below use the compacted store
    assert loaded.path is not None
    store = OxigraphStore(loaded.path)
    triples = sum(1 for _ in store._store)
    results.add(Row(count, f"load data folder, embedded store on disk ({triples} triples)",
                    statistics.median(t[0] for t in timings), rdflib_load_s,
                    "baseline: rdflib Dataset.parse; the store is then compacted in the "
                    "background", "< 5 s" if count == 290 else ""))  # fmt: skip
    results.add(Row(count, "load data folder and close the store on disk (after compaction)",
                    statistics.median(t[1] for t in timings), rdflib_load_s))  # fmt: skip
    results.add(
        Row(count, "load data folder, in-memory store",
            median_of(lambda: load_data(OxigraphStore(), folder), reps), rdflib_load_s)
    )  # fmt: skip

    # validation
    graphs = [str(GRAPH[m.slug]) for m in data.municipalities]
    if count <= WHOLE_PYSHACL_LIMIT:
        union = store.to_rdflib(graphs)
        whole: float | None = median_of(lambda: validate_graph(union), 1)
        note = "pySHACL on the union: the reference"
        whole_turbo = median_of(lambda: validate_graph(union, engine="turbo"), 1)
        results.add(
            Row(count, "validate whole, pyshacl-turbo (validate_graph)", whole_turbo, whole)
        )
    else:
        per = results_baseline(results, WHOLE_PYSHACL_LIMIT)
        whole = per * count / WHOLE_PYSHACL_LIMIT if per else None
        note = f"extrapolated linearly from {WHOLE_PYSHACL_LIMIT} municipalities (lower bound)"
    results.add(
        Row(count, "validate whole, pySHACL (validate_graph) — baseline", whole, None, note)
    )
    for engine in ("pyshacl", "turbo"):
        full = median_of(lambda e=engine: validate_store(store, engine=e), reps)  # type: ignore[misc]
        results.add(Row(count, f"validate per municipality graph, {engine}, {worker_count()} cores",
                        full, whole, "", "< 10 s" if count == 290 else ""))  # fmt: skip
        state = ValidationState()
        validate_store(store, engine=engine, state=state)
        changes = _changes(store, graphs, 5 if big else max(3, repeat))
        times = []
        for change in changes:
            change()
            start = time.perf_counter()
            report = validate_store(store, engine=engine, state=state)
            times.append(time.perf_counter() - start)
            assert len(report.stats.validated_graphs) <= 3, report.stats
        results.add(Row(count, f"re-validate after one municipality changed, {engine}",
                        statistics.median(times), whole, "",
                        "< 0.3 s" if count == 290 else ""))  # fmt: skip
    found = {(r.shape_id, r.focus_node, r.severity) for r in validate_store(store).results}
    assert found == data.expected(), "the injected defects were not found exactly"

    # named queries
    first = data.municipalities[0].slug
    params = {"goal": f"{first}:goal-kf1", "body": f"{first}:body-kf", "municipality": first,
              "sdg": "11", "lang": "sv"}  # fmt: skip
    dataset = rdflib_dataset(folder)
    nquads = workdir / f"dataset-{count}.nq"
    nquads.write_bytes(store.dump(None, "application/n-quads"))
    server = Server(workdir / f"server-{count}", nquads)
    remote = RemoteStore.from_url(server.url)
    texts = {}
    for name, query in sorted(named_queries().items()):
        declared = {p.name: p for p in query.parameters}
        bindings = get_query(name).bind(store, {k: v for k, v in params.items() if k in declared})
        texts[name] = bind_values(query.text, bindings)
    from_disk = {n: median_of(lambda t=t: store.select(t), 15) for n, t in texts.items()}  # type: ignore[misc]
    start = time.perf_counter()
    store.keep_memory_copy()  # as goalgraph run serves it
    assert store.wait_for_memory_copy(300), "the memory copy was not built"
    results.add(Row(count, "build the memory copy of the store on disk (in the background)",
                    time.perf_counter() - start))  # fmt: skip
    rows = []
    try:
        for name, text in texts.items():
            copied = median_of(lambda t=text: store.select(t), 15)  # type: ignore[misc]
            served = median_of(lambda t=text: remote.select(t), 15)  # type: ignore[misc]
            baseline = rdflib_query_time(dataset, text, 1 if big else 3)
            rows.append((name, baseline, from_disk[name], copied, served))
            print(f"  query {name:34} rdflib {_fmt(baseline):>10}  disk {_fmt(from_disk[name]):>9}"
                  f"  memory copy {_fmt(copied):>9}  server {_fmt(served):>9}",
                  flush=True)  # fmt: skip
    finally:
        remote.close()
        server.stop()
    results.queries[count] = rows
    target = "< 50 ms" if count == 290 else ""
    copy_worst = max(rows, key=lambda r: r[3])
    results.add(Row(count, "slowest named query, embedded store on disk, read from its memory "
                    "copy (as served)", copy_worst[3], None, copy_worst[0], target))  # fmt: skip
    disk_worst = max(rows, key=lambda r: r[2])
    results.add(Row(count, "slowest named query, embedded store on disk, read from disk",
                    disk_worst[2], None, disk_worst[0]))  # fmt: skip

    # diagrams
    for kind in ("chain", "process"):
        seconds = median_of(lambda k=kind: render_diagram(store, k, first, "svg"), reps * 3)  # type: ignore[misc]
        results.add(Row(count, f"render {kind} diagram of one municipality (SVG)", seconds))
    store.close()


def results_baseline(results: Results, scale: int) -> float | None:
    for row in results.rows:
        if row.scale == scale and row.what.startswith("validate whole, pySHACL"):
            return row.median
    return None


def _changes(store: Store, graphs: list[str], count: int) -> list[Callable[[], None]]:
    """Edits of one municipality each: drop one triple (a label), later put it back."""
    out: list[Callable[[], None]] = []
    for graph in graphs[:count]:

        def change(graph: str = graph) -> None:
            data = store.dump(graph, "application/n-triples")
            triples = list(ox.parse(data, format=ox.RdfFormat.N_TRIPLES))
            store.replace_graph(graph, triples[1:] + triples[:1])  # same content, new write
            comment = ox.Triple(
                triples[0].subject,
                ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment"),
                ox.Literal(f"changed {time.time()}", language="sv"),
            )
            store.replace_graph(graph, [*triples, comment])

        out.append(change)
    return out


# --- the report ------------------------------------------------------------------------------


def report(results: Results, scales: list[int]) -> str:
    import pyoxigraph
    import pyshacl
    import pyshacl_turbo

    lines = [
        f"# Storage and scale benchmark, {date.today().isoformat()}",
        "",
        f"Machine: {machine()}.",
        f"Versions: pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}, "
        f"pySHACL {pyshacl.__version__}, pyshacl-turbo {pyshacl_turbo.__version__}.",
        "Data: synthetic municipalities from `goalgraph.testing.synthetic` (seed 2024, 10 % "
        "with injected defects, all found exactly), plus the ontology and the Agenda 2030 graph.",
        "Command: `python benchmarks/bench_scale.py` (one process run; medians; the ratio is "
        "baseline time / measured time, the baselines measured in the same run).",
        "",
        "| municipalities | measurement | median | baseline | ratio | target | note |",
        "| ---: | --- | ---: | ---: | ---: | --- | --- |",
    ]
    for row in results.rows:
        ratio = f"{row.baseline / row.median:.1f}x" if row.baseline and row.median else ""
        met = ""
        if row.target and row.median is not None:
            limit = float(row.target.split()[1]) * (0.001 if row.target.endswith("ms") else 1)
            met = " ✓" if row.median < limit else " ✗"
        lines.append(
            f"| {row.scale} | {row.what} | {_fmt(row.median)} | {_fmt(row.baseline)} | {ratio} "
            f"| {row.target}{met} | {row.note} |"
        )
    for scale in scales:
        rows = results.queries.get(scale, [])
        lines += [
            "",
            f"## Named queries, {scale} municipalities (median of 15; rdflib: "
            f"{'1 run' if scale >= 100 else '3 runs'}, stopped after {RDFLIB_QUERY_TIMEOUT:g} s)",
            "",
            "| query | rdflib in memory (baseline) | embedded, read from disk | ratio "
            "| embedded, read from its memory copy | ratio | Oxigraph server | ratio |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, baseline, from_disk, copied, served in rows:
            shown = _fmt(baseline) if baseline is not None else f"> {RDFLIB_QUERY_TIMEOUT:g} s"
            r1, r2, r3 = (
                f"{baseline / t:.0f}x" if baseline else "" for t in (from_disk, copied, served)
            )
            lines.append(f"| {name} | {shown} | {_fmt(from_disk)} | {r1} | {_fmt(copied)} | {r2} "
                         f"| {_fmt(served)} | {r3} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scales", type=int, nargs="+", default=[1, 29, 290])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args()
    results = Results()
    with tempfile.TemporaryDirectory(prefix="goalgraph-bench-") as tmp:
        for count in sorted(args.scales):
            run_scale(count, args.repeat, results, Path(tmp))
    text = report(results, sorted(args.scales))
    out = args.output or ROOT / "benchmarks" / "results" / f"scale-{date.today().isoformat()}.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print("\n" + text)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
