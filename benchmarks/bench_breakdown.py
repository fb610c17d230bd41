"""Where the time goes: the load of a data folder, the per-selection copy of the pages and the
named queries, step by step, with wall and CPU time and each step's share.

    .venv/bin/python benchmarks/bench_breakdown.py [--scale 290] [--repeat 3]

On ``--scale`` synthetic municipalities (seed 2024, 10 % with injected defects) and on data/:

- **load** into the embedded store on disk: reading and parsing the files (one thread per
  core), the data check's rules, the N-Quads texts for the bulk loaders, the bulk load itself;
- **per-selection copy** (:func:`goalgraph.lifecycle.selection.select_store`, a page with a
  period or date): each municipality's graph to rdflib, the selection, the copy written back;
- **named queries** as served (from the memory copy): the query's evaluation with each
  solution read, against ``select`` (the same with rdflib terms), so the share of the term
  conversion is measured, not assumed.

CPU time is this process's (all threads); on a shared machine it is steadier than wall time.
Medians over ``--repeat`` runs; writes ``benchmarks/results/breakdown-<date>.md``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_scale import machine  # noqa: E402
from timing import write_results  # noqa: E402

import goalgraph.lifecycle.selection as selection_module  # noqa: E402
import goalgraph.store.bulk as bulk_module  # noqa: E402
import goalgraph.store.load as load_module  # noqa: E402
from goalgraph import resources  # noqa: E402
from goalgraph.analysis.compare import all_slugs  # noqa: E402
from goalgraph.sparql.binding import bind_values  # noqa: E402
from goalgraph.sparql.named import get_query, named_queries  # noqa: E402
from goalgraph.store.oxigraph import OxigraphStore  # noqa: E402
from goalgraph.testing.synthetic import generate  # noqa: E402

Steps = dict[str, list[tuple[float, float]]]  # step: (wall, cpu) per run
_LOCK = threading.Lock()


@contextmanager
def instrumented(
    steps: dict[str, list[float]], targets: list[tuple[Any, str, str]]
) -> Iterator[None]:
    """Time each ``(owner, attribute, step)`` function while the block runs (summed per step)."""
    saved = []
    for owner, attribute, step in targets:
        original = getattr(owner, attribute)
        saved.append((owner, attribute, original))

        def timed(*args: Any, _f: Callable[..., Any] = original, _s: str = step, **kw: Any) -> Any:
            start = time.perf_counter()
            try:
                return _f(*args, **kw)
            finally:
                with _LOCK:  # steps run in threads too
                    steps[_s] = [steps.get(_s, [0.0])[0] + time.perf_counter() - start]

        setattr(owner, attribute, timed)
    try:
        yield
    finally:
        for owner, attribute, original in saved:
            setattr(owner, attribute, original)


def run_steps(fn: Callable[[], object], targets: list[tuple[Any, str, str]], repeat: int) -> Steps:
    """Per run: the total (wall, CPU) and each instrumented step's wall time."""
    out: Steps = {}
    for _ in range(repeat):
        steps: dict[str, list[float]] = {}
        cpu = time.process_time()
        start = time.perf_counter()
        with instrumented(steps, targets):
            fn()
        wall = time.perf_counter() - start
        out.setdefault("total", []).append((wall, time.process_time() - cpu))
        for step, (seconds,) in steps.items():
            out.setdefault(step, []).append((seconds, 0.0))
    return out


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def table(title: str, steps: Steps, notes: dict[str, str]) -> list[str]:
    total = statistics.median(w for w, _ in steps["total"])
    cpu = statistics.median(c for _, c in steps["total"])
    lines = [f"### {title}", "", "| step | wall (median) | spread | share of the total | what |",
             "| --- | ---: | ---: | ---: | --- |"]  # fmt: skip
    for step, runs in steps.items():
        walls = [w for w, _ in runs]
        median = statistics.median(walls)
        note = notes.get(step, "")
        if step == "total":
            note = f"CPU {fmt(cpu)} (all threads of this process)"
        lines.append(f"| {step} | {fmt(median)} | {fmt(min(walls))}–{fmt(max(walls))} | "
                     f"{median / total:.0%} | {note} |")  # fmt: skip
    return [*lines, ""]


LOAD_STEPS = [
    (load_module, "_read_file", "read and parse the files (summed)"),
    (load_module, "check_municipality_files", "data check: the rules"),
    (bulk_module, "bulk_load", "bulk load (one loader per core, while the files parse)"),
]
LOAD_NOTES = {
    "read and parse the files (summed)": "Oxigraph's parser written out as N-Quads, the data "
    "check on the triples its rules read; in the calling thread while the loaders load",
}
EVERY_PERIOD = selection_module.Selection.parse(None, None, True)
SELECTION_STEPS = [
    (OxigraphStore, "to_rdflib", "municipality graph to rdflib"),
    (selection_module, "resolve", "decide the selection"),
    (selection_module, "select_graph", "the graph limited to the selection"),
    (selection_module, "ox_triples", "back to Oxigraph terms"),
    (OxigraphStore, "replace_graph", "write the copy (reference graphs and municipalities)"),
]


def query_rows(
    store: OxigraphStore, first: str, repeat: int
) -> list[tuple[str, int, float, float]]:
    """Per named query: rows, evaluation with every solution read, ``select`` (medians)."""
    params = {"goal": f"{first}:goal-kf1", "body": f"{first}:body-kf", "municipality": first,
              "sdg": "11", "lang": "sv"}  # fmt: skip
    reader = store._reader  # the memory copy, as served
    out = []
    for name, query in sorted(named_queries().items()):
        declared = {p.name for p in query.parameters}
        bindings = get_query(name).bind(store, {k: v for k, v in params.items() if k in declared})
        text = bind_values(query.text, bindings)

        def evaluate(t: str = text) -> object:
            result = reader.query(t, use_default_graph_as_union=True)
            assert isinstance(result, ox.QuerySolutions)  # every named query is a SELECT
            names = [v.value for v in result.variables]
            return [[solution[v] for v in names] for solution in result]

        def select(t: str = text) -> object:
            return store.select(t)

        times = {}
        for label, fn in (("evaluate", evaluate), ("select", select)):
            fn()
            runs = []
            for _ in range(max(5, repeat * 5)):
                start = time.perf_counter()
                fn()
                runs.append(time.perf_counter() - start)
            times[label] = statistics.median(runs)
        out.append((name, len(store.select(text)), times["evaluate"], times["select"]))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=290)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args()
    lines: list[str] = []
    with tempfile.TemporaryDirectory(prefix="goalgraph-breakdown-") as tmp:
        work = Path(tmp)
        data = generate(args.scale, seed=2024, defect_rate=0.1)
        # each folder with the municipality whose goal, body and municipality the queries take
        folders = {f"{args.scale} synthetic municipalities": (data.write(work / "data"),
                                                              data.municipalities[0].slug),
                   "data/": (resources.data_dir(), "nora")}  # fmt: skip
        for what, (folder, first) in folders.items():

            def load_disk(folder: Path = folder) -> None:
                store = OxigraphStore(Path(tempfile.mkdtemp(dir=work)) / "store")
                load_module.load_data(store, folder)
                store.close()

            steps = run_steps(load_disk, LOAD_STEPS, args.repeat)
            lines += table(f"Load of {what} into the store on disk (close excluded from the "
                           "steps, included in the total)", steps, LOAD_NOTES)  # fmt: skip
            memory = OxigraphStore()
            load_module.load_data(memory, folder)
            slugs = all_slugs(memory)
            shown = slugs[:30]  # a comparison page shows a few; the copy grows with them

            def copy(store: OxigraphStore = memory, shown: list[str] = shown) -> None:
                selection_module.select_store(store, shown, EVERY_PERIOD)

            steps = run_steps(copy, SELECTION_STEPS, args.repeat)
            lines += table(
                f"Per-selection copy of {what} (every period, {len(shown)} municipalities)",
                steps,
                {},
            )
            disk = OxigraphStore(Path(tempfile.mkdtemp(dir=work)) / "store")
            load_module.load_data(disk, folder)
            disk.keep_memory_copy()
            if not disk.wait_for_memory_copy(600):
                raise RuntimeError("the memory copy was not built")
            rows = query_rows(disk, first, args.repeat)
            disk.close()
            lines += [f"### Named queries on {what}, from the memory copy (as served)", "",
                      "| query | rows | evaluation, every solution read | `select` (rdflib "
                      "terms) | term conversion's share |",
                      "| --- | ---: | ---: | ---: | ---: |"]  # fmt: skip
            for name, count, evaluate, select in sorted(rows, key=lambda r: -r[3]):
                share = max(0.0, (select - evaluate) / select) if select else 0.0
                lines.append(f"| {name} | {count} | {fmt(evaluate)} | {fmt(select)} | "
                             f"{share:.0%} |")  # fmt: skip
            lines.append("")

    import pyoxigraph
    import rdflib

    load_average = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    head = [
        f"# Breakdown, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}; load average at the end {load_average}.",
        f"Versions: pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}.",
        f"Command: `.venv/bin/python benchmarks/bench_breakdown.py --scale {args.scale} "
        f"--repeat {args.repeat}`. Medians, spread lowest–highest; a step's share is of the "
        "median total (steps in threads can sum to more than the wall time).",
        "",
    ]
    write_results("breakdown", "\n".join(head + lines) + "\n", args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
