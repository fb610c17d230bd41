"""Report benchmark: each report kind of each municipality as PDF, Word and HTML.

For every report the building (reading the graph, validating for the audit report, drawing
the diagrams) and each format's rendering are timed separately, after a warm-up run in the
same process (as the service renders them): a report's diagrams are drawn once (Graphviz) and
kept, so the format columns time the layout alone. The first PDF of the process is timed
apart, since it includes loading WeasyPrint and its default style sheet. The audit report is
timed with the validation the service already holds (``validation=``), and once end to end:
validating, reading, drawing and laying out a fresh report.

Target: a PDF report in under 5 s (building plus rendering).

Run: .venv/bin/python benchmarks/bench_reports.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import platform
import time

from timing import median_seconds

from goalgraph.reports import KINDS, build_report, render_report
from goalgraph.reports.audit import municipality_report
from goalgraph.reports.common import Context
from goalgraph.store.load import default_store

PDF_TARGET_S = 5.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    store = default_store()
    print(f"python {platform.python_version()}, {os.cpu_count()} cores, load {os.getloadavg()}")
    first = build_report(store, "programme", "vaggeryd")
    start = time.perf_counter()
    render_report(first, "pdf")
    print(f"first PDF of the process (vaggeryd programme): {time.perf_counter() - start:.2f} s")
    worst = 0.0
    print(f"{'report':22} {'build':>7} {'pdf':>7} {'docx':>7} {'html':>7} {'build+pdf':>10}")
    for slug in ("nora", "vaggeryd"):
        validation = municipality_report(Context(store, slug, "sv"))
        for kind in KINDS:
            extra = {"validation": validation} if kind == "audit" else {}
            report = build_report(store, kind, slug, **extra)  # type: ignore[arg-type]
            build = median_seconds(
                lambda kind=kind, slug=slug, extra=extra: build_report(store, kind, slug, **extra),
                args.repeat,
            )
            times = {
                fmt: median_seconds(
                    lambda fmt=fmt, report=report: render_report(report, fmt), args.repeat
                )
                for fmt in ("pdf", "docx", "html")
            }
            total = build + times["pdf"]
            worst = max(worst, total)
            print(
                f"{kind + ' ' + slug:22} {build:7.2f} {times['pdf']:7.2f} {times['docx']:7.2f} "
                f"{times['html']:7.2f} {total:10.2f}"
            )
    own = median_seconds(
        lambda: render_report(build_report(store, "audit", "nora"), "pdf"), args.repeat
    )
    print(f"audit nora end to end (own validation, diagrams, PDF): {own:.2f} s")
    verdict = "met" if worst < PDF_TARGET_S else "NOT met"
    print(f"slowest report as PDF: {worst:.2f} s (target < {PDF_TARGET_S} s: {verdict})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
