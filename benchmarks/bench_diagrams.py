"""Diagram and comparison benchmark: each municipality's goal-chain diagram and the
Vaggeryd-Nora report, each against a baseline measured in the same run.

- chain diagram (SVG, from the store) against bare ``dot -Tsvg`` on the same DOT source:
  the ratio is what reading the graph and building the DOT adds to Graphviz's own work;
- the comparison report (HTML with five diagrams; Markdown without) against loading the
  store from data/.

Targets: a chain diagram in under 0.3 s, the Vaggeryd-Nora report in under 2 s.

Run: .venv/bin/python benchmarks/bench_diagrams.py [--repeat N]
"""

from __future__ import annotations

import argparse
import platform
import subprocess
from collections.abc import Callable

from timing import median_seconds

from goalgraph.analysis.compare import compare
from goalgraph.diagrams import diagram_source, render_diagram
from goalgraph.store.load import default_store

CHAIN_TARGET_S = 0.3
REPORT_TARGET_S = 2.0


def bare_dot(source: str) -> Callable[[], bytes]:
    """Graphviz alone: ``dot -Tsvg`` on a DOT source."""
    data = source.encode("utf-8")
    return lambda: (
        subprocess.run(["dot", "-Tsvg"], input=data, capture_output=True, check=True).stdout
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()
    repeat = args.repeat
    dot_version = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    print(
        f"# goalgraph diagram benchmark: {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, {dot_version}; median of {repeat} runs\n"
    )
    store = default_store()
    load_s = median_seconds(default_store, repeat)

    rows = []
    for slug in ("vaggeryd", "nora"):
        source = diagram_source(store, "chain", slug)
        dot_s = median_seconds(bare_dot(source), repeat)
        for fmt in ("svg", "png"):
            seconds = median_seconds(
                lambda slug=slug, fmt=fmt: render_diagram(store, "chain", slug, fmt), repeat
            )
            rows.append(
                (f"chain diagram {slug} ({fmt})", seconds, "dot -Tsvg", dot_s, CHAIN_TARGET_S)
            )
    html_s = median_seconds(lambda: compare(store, ["vaggeryd", "nora"]).to_html(), repeat)
    rows.append(("Vaggeryd-Nora report (HTML)", html_s, "load store", load_s, REPORT_TARGET_S))
    md_s = median_seconds(lambda: compare(store, ["vaggeryd", "nora"]).to_markdown(), repeat)
    rows.append(("Vaggeryd-Nora report (Markdown)", md_s, "load store", load_s, REPORT_TARGET_S))

    print("| what | median ms | baseline | baseline ms | ratio | target ms | within |")
    print("|---|---:|---|---:|---:|---:|---|")
    for name, seconds, baseline, base_s, target in rows:
        within = "yes" if seconds < target else "NO"
        print(
            f"| {name} | {seconds * 1000:.1f} | {baseline} | {base_s * 1000:.1f} "
            f"| {seconds / base_s:.2f} | {target * 1000:.0f} | {within} |"
        )


if __name__ == "__main__":
    main()
