"""What each goal's period line costs the goal-chain diagram: per municipality in data/, the
chain's DOT source and SVG with the period lines (:mod:`goalgraph.diagrams.periods`) against
the same without them, measured in the same run.

Run: .venv/bin/python benchmarks/bench_chain_periods.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import platform

from timing import median_seconds

from goalgraph.analysis.compare import all_slugs
from goalgraph.diagrams.chain import chain_diagram
from goalgraph.diagrams.periods import period_lines
from goalgraph.diagrams.render import render_dot
from goalgraph.model.governance import Municipality
from goalgraph.model.reader import read_municipality, read_sdg_goals
from goalgraph.store.load import default_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=9)
    repeat = parser.parse_args().repeat
    load = os.getloadavg()[0]
    print(
        f"# chain diagram with and without period lines: {platform.machine()}, "
        f"Python {platform.python_version()}, load {load:.1f}; median of {repeat} runs\n"
    )
    store = default_store()
    sdg = read_sdg_goals(store)
    print(
        "| municipality | lines | DOT ms | DOT + periods ms | ratio "
        "| SVG ms | SVG + periods ms | ratio |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for slug in all_slugs(store):
        model = read_municipality(store, slug)
        lines = period_lines(store, slug)

        def plain_source(m: Municipality = model) -> str:
            return chain_diagram(m, sdg, size=None).source

        def dated_source(m: Municipality = model, s: str = slug) -> str:
            return chain_diagram(m, sdg, size=None, periods=period_lines(store, s)).source

        plain = median_seconds(plain_source, repeat)
        dated = median_seconds(dated_source, repeat)
        svg = median_seconds(lambda: render_dot(plain_source(), "svg"), repeat)
        svg_dated = median_seconds(lambda: render_dot(dated_source(), "svg"), repeat)
        print(
            f"| {slug} | {len(lines)} | {plain * 1000:.1f} | {dated * 1000:.1f} "
            f"| {dated / plain:.2f} | {svg * 1000:.1f} | {svg_dated * 1000:.1f} "
            f"| {svg_dated / svg:.2f} |"
        )


if __name__ == "__main__":
    main()
