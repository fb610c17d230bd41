"""Benchmark of the real municipalities in data/: validating all of them and comparing all of
them at once.

Targets on 2 cores: validation of every municipality (cold: no earlier results kept, audit
warnings included) under 2 s; the comparison of all (``compare_all``: reading, metrics,
current periods, clusters, similar goals) under 3 s, and its HTML page and tables measured
beside it. Each figure is the median of ``--repeat`` runs after one warm-up, on a store loaded
once. Writes ``benchmarks/results/municipalities-<date>-<time>.md`` and prints it.

    .venv/bin/python benchmarks/bench_municipalities.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import tempfile
import time
from pathlib import Path

from timing import median_seconds

from goalgraph.analysis.compare import all_slugs, compare_all
from goalgraph.analysis.frames import write_tables
from goalgraph.store.load import default_store
from goalgraph.validation.scale import validate_store

RESULTS = Path(__file__).parent / "results"
VALIDATION_TARGET = 2.0
COMPARISON_TARGET = 3.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    store = default_store()
    load = time.perf_counter() - started
    slugs = all_slugs(store)
    report = validate_store(store)
    violations = len(report.violations)
    warnings = len(report.warnings)
    validation = median_seconds(lambda: validate_store(store), args.repeat)
    comparison = median_seconds(lambda: compare_all(store), args.repeat)
    result = compare_all(store)
    page = median_seconds(lambda: result.to_html_fragment(link_base=""), args.repeat)
    with tempfile.TemporaryDirectory() as folder:
        tables = median_seconds(
            lambda: write_tables(result, Path(folder) / "tables.xlsx"), args.repeat
        )
    cores = len(os.sched_getaffinity(0))
    load_avg = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"# Municipalities benchmark, {dt.date.today().isoformat()}",
        "",
        f"{len(slugs)} municipalities ({', '.join(slugs)}); {cores} cores; Python "
        f"{platform.python_version()}; load average at the end {load_avg}.",
        f"Command: `.venv/bin/python benchmarks/bench_municipalities.py --repeat {args.repeat}`",
        "",
        "| what | median (s) | target (s) | met |",
        "| --- | ---: | ---: | --- |",
        f"| load data/ into memory (once) | {load:.2f} | | |",
        f"| validate all municipalities (cold, with audit) | {validation:.2f} | "
        f"{VALIDATION_TARGET:.0f} | {'yes' if validation < VALIDATION_TARGET else 'no'} |",
        f"| compare all (`compare_all`) | {comparison:.2f} | {COMPARISON_TARGET:.0f} | "
        f"{'yes' if comparison < COMPARISON_TARGET else 'no'} |",
        f"| the comparison as HTML (page fragment, comparison diagram) | {page:.2f} | | |",
        f"| the comparison's tables as xlsx | {tables:.2f} | | |",
        "",
        f"Validation conforms: {report.conforms}"
        + f" ({violations} violations, {warnings} warnings)"
        + ".",
        "",
    ]
    text = "\n".join(lines)
    RESULTS.mkdir(exist_ok=True)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d-%H%M")  # one file per run
    (RESULTS / f"municipalities-{stamp}.md").write_text(text, "utf-8")
    print(text)


if __name__ == "__main__":
    main()
