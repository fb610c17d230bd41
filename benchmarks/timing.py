"""Shared timing helper for the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


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
