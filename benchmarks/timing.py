"""Shared helpers for the benchmarks: timing, the machine and the results file of a run."""

from __future__ import annotations

import os
import platform
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path


def timed(fn: Callable[[], object], repeat: int, *, warm_up: bool = True) -> list[float]:
    """The wall times of ``repeat`` runs of ``fn``, after one warm-up run (unless ``warm_up``
    is false, for runs too long to repeat)."""
    if warm_up:
        fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def median_seconds(fn: Callable[[], object], repeat: int, *, warm_up: bool = True) -> float:
    """The median wall time of ``fn`` over ``repeat`` runs (see :func:`timed`)."""
    return statistics.median(timed(fn, repeat, warm_up=warm_up))


def machine() -> str:
    """The machine in one line: cores, CPU, memory, Python and the system."""
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        mem_kb = next(
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        )
        ram = f"{mem_kb / 1024 / 1024:.1f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        ram = "RAM unknown"
    return (
        f"{os.cpu_count()} cores (nproc {len(os.sched_getaffinity(0))}), {cpu}, {ram}, "
        f"Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def spread(values: list[float], fmt: Callable[[float], str]) -> str:
    """``lowest–highest`` of ``values``."""
    return f"{fmt(min(values))}–{fmt(max(values))}"


def write_results(kind: str, text: str, output: Path | None = None) -> Path:
    """Write one run's results to ``output`` (default: ``results/<kind>-<UTC stamp>.md``),
    print them and say where they went."""
    stamp = datetime.now(UTC).strftime("%Y-%m-%d-%H%M")
    out = output or Path(__file__).resolve().parent / "results" / f"{kind}-{stamp}.md"
    out.write_text(text, encoding="utf-8")
    print("\n" + text)
    print(f"wrote {out}")
    return out
