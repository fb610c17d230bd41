"""Running untrusted, read-only SPARQL queries with a time limit and a result-size limit.

pyoxigraph cannot interrupt a running query, and a thread with a deadline cannot stop one
either. So each query runs in a worker *process* that holds its own copy of the dataset
(N-Quads, reloaded when the dataset's generation changes). When the deadline passes the
worker is killed and a fresh one is started for the next query; the caller gets a
:class:`QueryTimeoutError`. A query whose result would exceed ``max_rows`` solutions (or
triples) is refused with :class:`ResultTooLargeError` rather than silently truncated, so a
client never mistakes a partial answer for the whole one. Workers also have a memory cap.
When the data lives in a SPARQL server, the server answers instead, with the same limits
(:meth:`goalgraph.store.remote.RemoteStore.query_with_limits`); both paths count and serialise
results with :func:`serialize_result`.

The worker is this module run as ``python -m goalgraph.sparql.pool`` (its side lives in
:mod:`goalgraph.sparql.worker`, the limits and errors in :mod:`goalgraph.sparql.limits`); it speaks
length-prefixed messages (a JSON header and raw byte fields, :func:`encode_message`) over its
standard input and output with its parent only; nothing it sends can run code in the parent.
Before it reads anything it cuts itself off the network and arranges to die with its parent
(:mod:`goalgraph.sparql.sandbox`); one that cannot be cut off says so and exits, so no query
runs in a process that could send a request. Its first message says which walls hold. Graph
patches run in such a process too (:func:`run_patch`). A worker that dies (killed for memory,
or by anyone) costs no client its answer: the query is retried once on a fresh worker, and a
second failure is a :class:`QueryWorkerError` (503), never a client error.
"""

from __future__ import annotations

import os
import queue
import select
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pyoxigraph as ox

from goalgraph.errors import QueryError
from goalgraph.sparql.guard import check_patch, parse_query
from goalgraph.sparql.limits import (
    Dataset,
    Limits,
    QueryBusyError,
    QueryResult,
    QueryTimeoutError,
    QueryWorkerError,
    ResultTooLargeError,
)
from goalgraph.sparql.worker import (
    HEADER,
    MessageError,
    decode_message,
    encode_message,
    enter_worker_walls,
    query_timeout_error,
    serialize_result,
    serve,
    write_message,
)

__all__ = [
    "Dataset",
    "Limits",
    "QueryBusyError",
    "QueryResult",
    "QueryTimeoutError",
    "QueryWorkerError",
    "ResultTooLargeError",
    "SparqlPool",
    "enter_worker_walls",
    "query_timeout_error",
    "run_patch",
    "serialize_result",
]

# --- the parent side ---------------------------------------------------------------------------

#: Seconds a new worker may take to start and report its walls.
START_TIMEOUT = 60.0
_WORKER_DIED = "the query worker stopped unexpectedly"


class _WorkerDiedError(QueryError):
    """The worker process ended (or closed its pipes) while it had a request."""


class _Spawner:
    """Starts worker processes from one long-lived thread.

    The kernel's parent-death signal fires when the *thread* that started a process ends, so
    workers are not started from request threads (which come and go) but from this one,
    which lives as long as the pool.
    """

    def __init__(self) -> None:
        self._requests: queue.Queue[tuple[Callable[[], Any], queue.Queue[Any]] | None] = (
            queue.Queue()
        )
        self._thread = threading.Thread(target=self._loop, name="sparql-spawner", daemon=True)
        self._thread.start()

    def _loop(self) -> None:
        while (request := self._requests.get()) is not None:
            start, answer = request
            try:
                answer.put((True, start()))
            except BaseException as exc:  # handed to the caller
                answer.put((False, exc))

    def run(self, start: Callable[[], Any]) -> Any:
        answer: queue.Queue[Any] = queue.Queue(maxsize=1)
        self._requests.put((start, answer))
        ok, value = answer.get()
        if not ok:
            raise value
        return value

    def stop(self) -> None:
        self._requests.put(None)


def _start_process(memory_bytes: int | None) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["GOALGRAPH_WORKER_PARENT"] = str(os.getpid())
    if memory_bytes is not None:
        env["GOALGRAPH_WORKER_MEMORY"] = str(memory_bytes)
    return subprocess.Popen(  # our own interpreter and module, no shell
        [sys.executable, "-m", "goalgraph.sparql.pool"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        bufsize=0,
        env=env,
        close_fds=True,
    )


class _Worker:
    """One worker process, the walls it reported and the dataset generation it holds."""

    def __init__(self, memory_bytes: int | None, spawner: _Spawner | None = None) -> None:
        if spawner is None:
            self.proc = _start_process(memory_bytes)
        else:
            self.proc = spawner.run(lambda: _start_process(memory_bytes))
        self.generation: int | None = None
        try:
            hello = self._receive(time.monotonic() + START_TIMEOUT)
        except (QueryError, MessageError, EOFError) as exc:
            self.kill()
            raise QueryWorkerError(f"a query worker could not start: {exc}") from None
        if not hello.get("ok"):
            self.kill()
            raise QueryWorkerError(f"a query worker refused to start: {hello.get('message')}")
        self.walls: tuple[str, ...] = tuple(hello["walls"])

    @property
    def alive(self) -> bool:
        return self.proc.poll() is None

    def call(self, message: dict[str, Any], deadline: float) -> dict[str, Any]:
        if self.proc.stdin is None:
            raise _WorkerDiedError(_WORKER_DIED)
        data = encode_message(message)
        try:
            self.proc.stdin.write(HEADER.pack(len(data)) + data)
        except (BrokenPipeError, OSError) as exc:
            raise _WorkerDiedError(_WORKER_DIED) from exc
        return self._receive(deadline)

    def _receive(self, deadline: float) -> dict[str, Any]:
        if self.proc.stdout is None:
            raise _WorkerDiedError(_WORKER_DIED)
        fd = self.proc.stdout.fileno()
        header = self._read(fd, HEADER.size, deadline)
        return decode_message(self._read(fd, HEADER.unpack(header)[0], deadline))

    def _read(self, fd: int, size: int, deadline: float) -> bytes:
        chunks: list[bytes] = []
        while size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise QueryTimeoutError("deadline")
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            try:
                chunk = os.read(fd, min(size, 1 << 20))
            except OSError as exc:
                raise _WorkerDiedError(_WORKER_DIED) from exc
            if not chunk:
                raise _WorkerDiedError(_WORKER_DIED)
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait()
        for stream in (self.proc.stdin, self.proc.stdout):
            if stream is not None:
                stream.close()


_REPLY_ERRORS: dict[str, type[QueryError]] = {
    "rows": ResultTooLargeError,
    "syntax": QueryError,
    "forbidden": QueryError,
}


class SparqlPool:
    """A small pool of query worker processes (see the module docstring)."""

    def __init__(self, limits: Limits, size: int = 2, load_timeout: float = 120.0) -> None:
        self.limits = limits
        self.size = size
        self.load_timeout = load_timeout
        self._idle: queue.LifoQueue[_Worker] = queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._spawner = _Spawner()

    def execute(
        self,
        query: str,
        media_type: str,
        *,
        generation: int,
        dataset: Callable[[], bytes],
        graphs: Dataset = None,
    ) -> QueryResult:
        """Run ``query`` over ``graphs`` in a worker holding dataset ``generation``
        (``dataset()`` gives its N-Quads when the worker needs them). A worker that dies is
        replaced and the query tried once more."""
        with self.slot():
            try:
                return self._run(query, media_type, generation, dataset, graphs)
            except _WorkerDiedError:
                pass
            try:
                return self._run(query, media_type, generation, dataset, graphs)
            except _WorkerDiedError:
                raise QueryWorkerError(
                    "the query worker stopped twice while running this query (it may need "
                    "more memory than this server allows); try again later or narrow it down"
                ) from None

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one of the ``size`` query slots while a query runs; :class:`QueryBusyError`
        when none frees up within the time limit."""
        if not self._slots.acquire(timeout=self.limits.timeout):
            raise QueryBusyError("the SPARQL endpoint is busy; try again in a moment")
        try:
            yield
        finally:
            self._slots.release()

    def _run(
        self,
        query: str,
        media_type: str,
        generation: int,
        dataset: Callable[[], bytes],
        graphs: Dataset,
    ) -> QueryResult:
        taken = self._take()
        worker: _Worker | None = taken
        try:
            if taken.generation != generation:
                taken.call({"op": "load", "data": dataset()}, time.monotonic() + self.load_timeout)
                taken.generation = generation
            message = {
                "op": "query",
                "query": query,
                "media_type": media_type,
                "max_rows": self.limits.max_rows,
                "dataset": graphs,
            }
            try:
                reply = taken.call(message, time.monotonic() + self.limits.timeout)
            except QueryTimeoutError:
                self._discard(taken)
                worker = None
                raise query_timeout_error(self.limits.timeout) from None
            if not reply["ok"]:
                raise _REPLY_ERRORS.get(reply["kind"], QueryError)(reply["message"])
            return QueryResult(reply["body"], reply["media_type"], reply["count"])
        except (_WorkerDiedError, MessageError, EOFError):
            if worker is not None:
                self._discard(worker)
                worker = None
            raise _WorkerDiedError(_WORKER_DIED) from None
        finally:
            if worker is not None:
                if worker.alive:
                    self._idle.put(worker)
                else:
                    self._discard(worker)

    def _take(self) -> _Worker:
        if self._closed:
            raise QueryWorkerError("the SPARQL endpoint is shutting down")
        while True:
            try:
                worker = self._idle.get_nowait()
            except queue.Empty:
                break
            if worker.alive:
                return worker
            self._discard(worker)
        worker = _Worker(self.limits.memory_bytes, self._spawner)
        with self._lock:
            self._all.add(worker)
        return worker

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

    def worker_pids(self) -> list[int]:
        """The process ids of the running workers."""
        with self._lock:
            return [w.proc.pid for w in self._all if w.alive]

    def warm_up(self) -> None:
        """Start one worker ahead of the first query."""
        self._idle.put(self._take())

    def close(self) -> None:
        """Stop every worker."""
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for worker in workers:
            worker.kill()
        self._spawner.stop()


def run_patch(current: bytes, update: str, *, timeout: float = 60.0) -> list[ox.Triple]:
    """Apply a graph patch (checked by :func:`~goalgraph.sparql.guard.check_patch`) to a copy
    of a graph given as N-Triples, in a worker process cut off the network; the patched
    triples."""
    check_patch(update)
    worker = _Worker(Limits().memory_bytes)
    try:
        message = {"op": "patch", "data": current, "update": update}
        try:
            reply = worker.call(message, time.monotonic() + timeout)
        except QueryTimeoutError:
            raise QueryError(f"the patch took longer than {timeout:g} s and was stopped") from None
        except (_WorkerDiedError, MessageError, EOFError):
            raise QueryWorkerError("the patch worker stopped unexpectedly") from None
    finally:
        worker.kill()
    if not reply["ok"]:
        if reply["kind"] == "syntax":
            raise QueryError(reply["message"].replace("SPARQL syntax", "SPARQL Update syntax"))
        if reply["kind"] == "forbidden":
            raise QueryError(reply["message"])
        raise QueryError(f"the patch failed: {reply['message']}")
    return [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in ox.parse(reply["data"], format=ox.RdfFormat.N_TRIPLES)
    ]


def main() -> None:
    """Entry point of a worker process: walls first, then the loop."""
    stdout = sys.stdout.buffer
    try:
        walls = enter_worker_walls()
    except OSError as exc:
        write_message(stdout, {"ok": False, "kind": "sandbox", "message": str(exc)})
        sys.exit(3)
    # the parser builds its grammar on first use (a good part of a second): do it before the
    # worker says it is ready, so that it never counts against a query's time limit
    parse_query("ASK {}")
    write_message(stdout, {"ok": True, "walls": list(walls)})
    serve(sys.stdin.buffer, stdout)


if __name__ == "__main__":
    main()
