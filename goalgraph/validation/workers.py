"""The process pool that runs the engines, kept between runs and stopped with its helpers."""

from __future__ import annotations

import atexit
import contextlib
import multiprocessing
from concurrent.futures import Executor, ProcessPoolExecutor
from multiprocessing import forkserver, resource_tracker

# --- the pool ---------------------------------------------------------------------------------

_POOL: tuple[int, ProcessPoolExecutor] | None = None


def pool(workers: int) -> Executor:
    global _POOL
    if _POOL is not None and _POOL[0] == workers:
        return _POOL[1]
    if _POOL is not None:
        _POOL[1].shutdown(cancel_futures=True)
    # forkserver: clean workers even when this process runs threads (a server, a test
    # runner); fork could copy a held lock into them. (Like every process pool, it needs the
    # ``if __name__ == "__main__":`` guard in scripts.)
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["goalgraph.validation.engines"])
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    _POOL = (workers, executor)
    return executor


def running(workers: int) -> bool:
    """Whether a pool of ``workers`` processes is already running (worth a single job)."""
    return _POOL is not None and _POOL[0] == workers


@atexit.register
def shutdown_pool() -> None:
    """Stop the worker processes (they are kept between runs) and the helper processes that
    multiprocessing started for them: the forkserver and the resource tracker. Each starts
    again when the next validation needs it."""
    global _POOL
    if _POOL is not None:
        _POOL[1].shutdown(wait=True, cancel_futures=True)
        _POOL = None
    for helper in (forkserver._forkserver, resource_tracker._resource_tracker):
        stop = getattr(helper, "_stop", None)  # Python 3.11's private, stable stop
        if stop is None:
            continue
        if helper is resource_tracker._resource_tracker and getattr(helper, "_pid", 0) is None:
            continue  # a tracker inherited from the parent process (a spawned worker): not ours
        with contextlib.suppress(OSError, ChildProcessError):  # already gone
            stop()
