"""Benchmark of the real municipalities in data/: validating all of them and comparing all of
them at once.

Targets on 2 cores: validation of every municipality (cold: no earlier results kept, audit
warnings included) under 2 s; the comparison of all (``compare_all``: reading, metrics,
current periods, clusters, similar goals) under 3 s, and its HTML page and tables measured
beside it. Each figure is the median of ``--repeat`` runs after one warm-up, on a store loaded
once, with the spread (lowest–highest). Baselines in the same run: pySHACL on the union of the
graphs (``validate_graph``, the reference, once) and the same validation in one process
(``workers=1``). The phases of the validation runs (:class:`~goalgraph.validation.state.RunStats`)
are tabled below. Writes ``benchmarks/results/municipalities-<date>-<time>.md`` and prints it.

    .venv/bin/python benchmarks/bench_municipalities.py [--repeat 5]
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

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_scale import machine  # noqa: E402
from timing import timed, write_results  # noqa: E402

from goalgraph.analysis.compare import all_slugs, compare_all  # noqa: E402
from goalgraph.analysis.frames import write_tables  # noqa: E402
from goalgraph.namespaces import GRAPH  # noqa: E402
from goalgraph.store.load import default_store  # noqa: E402
from goalgraph.validation.graph import validate_graph  # noqa: E402
from goalgraph.validation.scale import default_engine, validate_store  # noqa: E402

VALIDATION_TARGET = 2.0
COMPARISON_TARGET = 3.0
PHASES = ("hash", "read", "parse", "partition", "sparql", "sparql-store", "engine",
          "engine-parse", "engine-validate", "engine-results", "report", "total")  # fmt: skip


def fmt(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args()
    started = time.perf_counter()
    store = default_store()
    load = time.perf_counter() - started
    slugs = all_slugs(store)
    engine = default_engine()
    report = validate_store(store)
    phases: dict[str, list[float]] = {}

    def validate() -> None:
        run = validate_store(store)
        for phase, seconds in run.stats.seconds.items():
            phases.setdefault(phase, []).append(seconds)

    validation = timed(validate, args.repeat)
    one_process = timed(lambda: validate_store(store, workers=1), args.repeat)
    union = store.to_rdflib([str(GRAPH[slug]) for slug in slugs])  # as bench_scale does
    reference = timed(lambda: validate_graph(union), 1, warm_up=False)
    comparison = timed(lambda: compare_all(store), args.repeat)
    result = compare_all(store)
    page = timed(lambda: result.to_html_fragment(link_base=""), args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        tables = timed(lambda: write_tables(result, Path(folder) / "tables.xlsx"), args.repeat)

    import pyoxigraph
    import pyshacl
    import pyshacl_turbo
    import rdflib

    def row(what: str, times: list[float], target: float | None = None, note: str = "") -> str:
        median = statistics.median(times)
        met = "" if target is None else ("yes" if median < target else "no")
        limit = "" if target is None else fmt(target)
        return (
            f"| {what} | {fmt(median)} | {fmt(min(times))}–{fmt(max(times))} | {len(times)} "
            f"| {limit} | {met} | {note} |"
        )

    median = statistics.median(validation)
    load_average = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"# Municipalities benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"{len(slugs)} municipalities ({', '.join(slugs)}), {len(union)} triples.",
        f"Machine: {machine()}; load average at the end {load_average}.",
        f"Versions: pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}, "
        f"pySHACL {pyshacl.__version__}, pyshacl-turbo {pyshacl_turbo.__version__}; "
        f"engine {engine} (`GOALGRAPH_SHACL_ENGINE`).",
        f"Command: `.venv/bin/python benchmarks/bench_municipalities.py --repeat {args.repeat}`. "
        "Medians after one warm-up run, spread lowest–highest.",
        "",
        "| what | median | spread | runs | target | met | note |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
        row("load data/ into memory (once)", [load]),
        row("validate all municipalities (cold, with audit)", validation, VALIDATION_TARGET,
            f"{statistics.median(reference) / median:.1f}x faster than pySHACL on the union, "
            f"{statistics.median(one_process) / median:.1f}x faster than one process"),
        row("validate all municipalities in one process (`workers=1`), baseline", one_process),
        row("pySHACL on the union (`validate_graph`), reference baseline", reference),
        row("compare all (`compare_all`)", comparison, COMPARISON_TARGET),
        row("the comparison as HTML (page fragment, comparison diagram)", page),
        row("the comparison's tables as xlsx", tables),
        "",
        f"Validation conforms: {report.conforms} ({len(report.violations)} violations, "
        f"{len(report.warnings)} warnings); {report.stats.parts} parts.",
        "",
        "## Where a validation run's time goes (medians of the timed runs)",
        "",
        "| phase | median | spread |",
        "| --- | ---: | ---: |",
    ]  # fmt: skip
    for phase in PHASES:
        if phase in phases:
            times = phases[phase]
            lines.append(
                f"| {phase} | {fmt(statistics.median(times))} | "
                f"{fmt(min(times))}–{fmt(max(times))} |"
            )
    lines += [
        "",
        "`engine` is wall time until the pool's results are in; meanwhile this process runs the "
        "SHACL-SPARQL checks (`sparql`). `engine-parse`, `engine-validate` and `engine-results` "
        "are the engine's own phases summed over its processes (CPU time on several cores).",
        "",
    ]
    write_results("municipalities", "\n".join(lines), args.output)


if __name__ == "__main__":
    main()
