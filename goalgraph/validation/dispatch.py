"""Handing validation jobs to the engines' process pool and gathering the batches' results."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from goalgraph.validation.engines import Engine, Job, run_batch
from goalgraph.validation.report import ValidationResult
from goalgraph.validation.workers import pool, running, shutdown_pool

__all__ = ["Batch", "Pending", "start_jobs"]

log = logging.getLogger("goalgraph.validation")

Batch = tuple[list[tuple[str, list[ValidationResult]]], dict[str, float]]


@dataclass
class Pending:
    """Engine results on their way: batches in the pool, or one batch to run here."""

    futures: list[Future[Batch]]
    local: Callable[[], Batch] | None = None
    #: Each future's batch, run here if its worker process died (a broken pool).
    rerun: list[Callable[[], Batch]] = field(default_factory=list)

    def result(self) -> tuple[dict[str, list[ValidationResult]], dict[str, float]]:
        out: dict[str, list[ValidationResult]] = {}
        timings: dict[str, float] = {}
        batches = [self.local()] if self.local is not None else []
        for index, future in enumerate(self.futures):
            try:
                batches.append(future.result())
            except BrokenProcessPool:
                # a worker process was killed (by the system or a signal): the pool is no
                # longer usable; start a new one next time and run this batch here
                log.warning("a validation worker process died; running its batch here")
                shutdown_pool()
                batches.append(self.rerun[index]())
        for results, batch_timings in batches:
            out.update(results)
            for phase, seconds in batch_timings.items():
                timings[phase] = timings.get(phase, 0.0) + seconds
        return out, timings

    def cancel(self) -> None:
        for future in self.futures:
            future.cancel()


def start_jobs(
    engine: Engine, audit: bool, ontology: bytes, jobs: Sequence[Job], workers: int
) -> Pending:
    """Start the engine on ``jobs``: in batches on the pool of ``workers`` processes, or here
    when there is one worker (or one job and no pool running yet)."""
    if not jobs:
        return Pending([])
    if workers <= 1 or (len(jobs) <= 1 and not running(workers)):
        # one job: here, unless a pool is running already (then it overlaps with the checks)
        return Pending([], lambda: run_batch(engine, audit, ontology, jobs))
    size = max(1, min(16, len(jobs) // (workers * 4) or 1))
    batches = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    try:
        executor = pool(workers)
        futures = [executor.submit(run_batch, engine, audit, ontology, b) for b in batches]
    except BrokenProcessPool:
        # a worker of the running pool died since its last use: a new pool, once
        shutdown_pool()
        executor = pool(workers)
        futures = [executor.submit(run_batch, engine, audit, ontology, b) for b in batches]
    rerun: list[Callable[[], Batch]] = [
        functools.partial(run_batch, engine, audit, ontology, b) for b in batches
    ]
    return Pending(futures, rerun=rerun)
