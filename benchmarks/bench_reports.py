"""Report benchmark: each report kind of each municipality as PDF, Word and HTML.

For every report the building (reading the graph, validating for the audit report, drawing
the diagrams) and each format's rendering are timed separately, after a warm-up run in the
same process (as the service renders them): a report's diagrams are drawn once (Graphviz) and
kept, so the format columns time the layout alone. The first PDF of the process is timed
apart, since it includes loading WeasyPrint and its default style sheet. The audit report is
timed with the validation the service already holds (``validation=``), and once end to end:
validating, reading, drawing and laying out a fresh report.

Target: a PDF report in under 5 s (building plus rendering).

Writes ``benchmarks/results/reports-<date>-<time>.md`` with the date, the machine and the
versions, and prints it.

Run: .venv/bin/python benchmarks/bench_reports.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

from timing import machine, timed, write_results

from goalgraph.reports import KINDS, build_report, render_report
from goalgraph.reports.audit import municipality_report
from goalgraph.reports.common import Context
from goalgraph.store.load import default_store

PDF_TARGET_S = 5.0


def cell(times: list[float]) -> str:
    """Median and spread in seconds."""
    return f"{statistics.median(times):.2f} ({min(times):.2f}–{max(times):.2f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args()
    store = default_store()
    first = build_report(store, "programme", "vaggeryd")
    start = time.perf_counter()
    render_report(first, "pdf")
    first_pdf = time.perf_counter() - start
    worst = (0.0, "")
    rows = []
    for slug in ("nora", "vaggeryd"):
        validation = municipality_report(Context(store, slug, "sv"))
        for kind in KINDS:
            extra = {"validation": validation} if kind == "audit" else {}
            report = build_report(store, kind, slug, **extra)  # type: ignore[arg-type]
            build = timed(
                lambda kind=kind, slug=slug, extra=extra: build_report(store, kind, slug, **extra),
                args.repeat,
            )
            times = {
                fmt: timed(lambda fmt=fmt, report=report: render_report(report, fmt), args.repeat)
                for fmt in ("pdf", "docx", "html")
            }
            total = statistics.median(build) + statistics.median(times["pdf"])
            worst = max(worst, (total, f"{kind} {slug}"))
            rows.append(
                f"| {kind} {slug} | {cell(build)} | {cell(times['pdf'])} | {cell(times['docx'])} "
                f"| {cell(times['html'])} | {total:.2f} |"
            )
            print(rows[-1], flush=True)
    own = timed(lambda: render_report(build_report(store, "audit", "nora"), "pdf"), args.repeat)
    verdict = "met" if worst[0] < PDF_TARGET_S else "NOT met"
    load_average = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"# Reports benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}; load average at the end {load_average}.",
        f"Versions: WeasyPrint {version('weasyprint')}, python-docx {version('python-docx')}, "
        f"rdflib {version('rdflib')}, pyoxigraph {version('pyoxigraph')}.",
        f"Command: `.venv/bin/python benchmarks/bench_reports.py --repeat {args.repeat}`. "
        "Seconds: median (lowest–highest) after one warm-up run in the same process.",
        "",
        f"- slowest report as PDF (building plus rendering): {worst[0]:.2f} s ({worst[1]}); "
        f"target < {PDF_TARGET_S:g} s → {verdict}",
        f"- the first PDF of the process (vaggeryd programme, loading WeasyPrint and its style "
        f"sheet): {first_pdf:.2f} s",
        f"- audit nora end to end (its own validation, diagrams, PDF): {cell(own)}",
        f"- ratio in the same run: the slowest PDF report is "
        f"{worst[0] / statistics.median(own):.1f}x the end-to-end audit report",
        "",
        "| report | build | PDF | Word | HTML | build + PDF |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *rows,
    ]
    write_results("reports", "\n".join(lines) + "\n", args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
