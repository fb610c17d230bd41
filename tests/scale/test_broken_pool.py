"""A validation worker process that dies (killed by the system or a signal) does not break the
validations after it: the pool is replaced and the lost batch is run again."""

from __future__ import annotations

import os
import signal
import time

from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.validation import workers
from goalgraph.validation.scale import validate_store


def test_a_killed_worker_process_does_not_break_later_validations(store: OxigraphStore) -> None:
    first = validate_store(store, workers=2)
    assert workers.running(2)  # the ten municipalities ran in the process pool
    executor = workers.pool(2)
    # the pool's own processes (a private attribute of ProcessPoolExecutor): kill them all
    for pid in list(executor._processes):  # type: ignore[attr-defined]
        os.kill(pid, signal.SIGKILL)
    time.sleep(0.5)  # the pool notices that its processes are gone
    again = validate_store(store, workers=2)
    assert again.results == first.results
    assert validate_store(store, workers=2).results == first.results
