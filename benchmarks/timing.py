"""Shared helpers for the benchmarks: timing and the results file of a run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path


def median_seconds(fn: Callable[[], object], repeat: int, *, warm_up: bool = True) -> float:
    """The median wall time of ``fn`` over ``repeat`` runs, after one warm-up run (unless
    ``warm_up`` is false, for runs too long to repeat)."""
    if warm_up:
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def write_results(kind: str, text: str, output: Path | None = None) -> Path:
    """Write one run's results to ``output`` (default: ``results/<kind>-<UTC stamp>.md``),
    print them and say where they went."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d-%H%M")
    out = output or Path(__file__).resolve().parent / "results" / f"{kind}-{stamp}.md"
    out.write_text(text, encoding="utf-8")
    print("\n" + text)
    print(f"wrote {out}")
    return out
