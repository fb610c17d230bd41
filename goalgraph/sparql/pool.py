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

The worker is this module run as ``python -m goalgraph.sparql.pool``; it speaks
length-prefixed pickles over its standard input and output with its parent only.
"""

from __future__ import annotations

import os
import pickle
import queue
import select
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from typing import Any, BinaryIO

import pyoxigraph as ox

from goalgraph.errors import QueryError
from goalgraph.sparql.guard import check_query
from goalgraph.sparql.results import WRITERS

RESULT_MEDIA_TYPES = tuple(WRITERS)
GRAPH_MEDIA_TYPES: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}
BOOLEAN_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_HEADER = struct.Struct("!Q")


class QueryTimeoutError(QueryError):
    """The query ran longer than the time limit and was stopped."""


class ResultTooLargeError(QueryError):
    """The result has more rows (or triples) than the limit allows."""


class QueryBusyError(QueryError):
    """Every worker stayed busy for longer than the time limit."""


@dataclass(frozen=True)
class Limits:
    """Limits for one query: seconds, rows (solutions or triples) and worker memory."""

    timeout: float = 10.0
    max_rows: int = 10_000
    memory_bytes: int | None = 2 * 1024**3


@dataclass(frozen=True)
class QueryResult:
    """A serialised query result."""

    body: bytes
    media_type: str
    count: int | None


# --- the worker side ---------------------------------------------------------------------------


def _write_message(stream: BinaryIO, message: object) -> None:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    stream.write(_HEADER.pack(len(data)) + data)
    stream.flush()


def _read_exact(stream: BinaryIO, size: int) -> bytes | None:
    chunks: list[bytes] = []
    while size:
        chunk = stream.read(size)
        if not chunk:
            return None
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def execute(store: ox.Store, query: str, media_type: str, max_rows: int) -> dict[str, Any]:
    """Run one query on ``store`` and serialise at most ``max_rows`` results (worker side)."""
    check_query(query)
    result = store.query(query, use_default_graph_as_union=True)
    return asdict(serialize_result(result, media_type, max_rows))


def serialize_result(
    result: ox.QueryBoolean | ox.QuerySolutions | Iterable[ox.Triple],
    media_type: str,
    max_rows: int,
) -> QueryResult:
    """Serialise a query result in ``media_type`` (or the default of its kind), refusing one
    with more than ``max_rows`` solutions or triples with :class:`ResultTooLargeError`.

    The result is read lazily, so a large one is refused after ``max_rows + 1`` items.
    """
    if isinstance(result, ox.QueryBoolean):
        fmt = BOOLEAN_FORMATS.get(media_type, ox.QueryResultsFormat.JSON)
        return QueryResult(result.serialize(format=fmt) or b"", fmt.media_type, None)
    if isinstance(result, ox.QuerySolutions):
        variables = [v.value for v in result.variables]
        rows: list[list[Any]] = []
        for solution in result:
            if len(rows) == max_rows:
                raise ResultTooLargeError(
                    f"the result has more than {max_rows} rows; add a LIMIT (and OFFSET to page)"
                )
            rows.append([solution[v] for v in variables])
        writer_type = media_type if media_type in WRITERS else RESULT_MEDIA_TYPES[0]
        return QueryResult(WRITERS[writer_type](variables, rows), writer_type, len(rows))
    triples: list[ox.Triple] = []
    for triple in result:
        if len(triples) == max_rows:
            raise ResultTooLargeError(
                f"the result has more than {max_rows} triples; add a LIMIT to the query"
            )
        triples.append(triple)
    rdf_format = GRAPH_MEDIA_TYPES.get(media_type, ox.RdfFormat.TURTLE)
    body = ox.serialize(triples, format=rdf_format) or b""
    return QueryResult(body, rdf_format.media_type, len(triples))


def query_timeout_error(timeout: float) -> QueryTimeoutError:
    """The error for a query stopped at its time limit of ``timeout`` seconds."""
    return QueryTimeoutError(
        f"the query took longer than {timeout:g} s and was stopped; narrow it down or add a LIMIT"
    )


def _limit_memory(memory_bytes: int | None) -> None:
    if memory_bytes is None:
        return
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    except (ImportError, ValueError, OSError):  # pragma: no cover - platform without limits
        pass


def serve(stdin: BinaryIO, stdout: BinaryIO) -> None:
    """The worker loop: load datasets and answer queries until standard input closes."""
    store = ox.Store()
    while True:
        header = _read_exact(stdin, _HEADER.size)
        if header is None:
            return
        payload = _read_exact(stdin, _HEADER.unpack(header)[0])
        if payload is None:
            return
        message = pickle.loads(payload)
        try:
            if message["op"] == "load":
                store = ox.Store()
                store.bulk_load(message["data"], format=ox.RdfFormat.N_QUADS)
                reply: dict[str, Any] = {"ok": True}
            else:
                reply = {
                    "ok": True,
                    **execute(store, message["query"], message["media_type"], message["max_rows"]),
                }
        except ResultTooLargeError as exc:
            reply = {"ok": False, "kind": "rows", "message": str(exc)}
        except SyntaxError as exc:
            reply = {"ok": False, "kind": "syntax", "message": f"SPARQL syntax error: {exc}"}
        except QueryError as exc:
            reply = {"ok": False, "kind": "forbidden", "message": str(exc)}
        except MemoryError:
            reply = {"ok": False, "kind": "failed", "message": "the query needs too much memory"}
        except (OSError, ValueError, RuntimeError, TypeError) as exc:
            reply = {"ok": False, "kind": "failed", "message": f"query failed: {exc}"}
        _write_message(stdout, reply)


# --- the parent side ---------------------------------------------------------------------------


class _Worker:
    """One worker process and the dataset generation it holds."""

    def __init__(self, memory_bytes: int | None) -> None:
        env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
        if memory_bytes is not None:
            env["GOALGRAPH_WORKER_MEMORY"] = str(memory_bytes)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "goalgraph.sparql.pool"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            bufsize=0,
            env=env,
            close_fds=True,
        )
        self.generation: int | None = None

    def call(self, message: dict[str, Any], deadline: float) -> dict[str, Any]:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        try:
            self.proc.stdin.write(_HEADER.pack(len(data)) + data)
        except (BrokenPipeError, OSError) as exc:
            raise QueryError("the query worker stopped unexpectedly") from exc
        fd = self.proc.stdout.fileno()
        header = self._read(fd, _HEADER.size, deadline)
        reply: dict[str, Any] = pickle.loads(self._read(fd, _HEADER.unpack(header)[0], deadline))
        return reply

    def _read(self, fd: int, size: int, deadline: float) -> bytes:
        chunks: list[bytes] = []
        while size:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise QueryTimeoutError("deadline")
            ready, _, _ = select.select([fd], [], [], remaining)
            if not ready:
                continue
            chunk = os.read(fd, min(size, 1 << 20))
            if not chunk:
                raise QueryError(
                    "the query failed: it needed more memory or time than this server allows"
                )
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

    def execute(
        self, query: str, media_type: str, *, generation: int, dataset: Callable[[], bytes]
    ) -> QueryResult:
        """Run ``query`` in a worker holding dataset ``generation`` (``dataset()`` gives its
        N-Quads when the worker needs them)."""
        with self.slot():
            return self._run(query, media_type, generation, dataset)

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
        self, query: str, media_type: str, generation: int, dataset: Callable[[], bytes]
    ) -> QueryResult:
        worker: _Worker | None = None
        try:
            worker = self._take()
            if worker.generation != generation:
                worker.call({"op": "load", "data": dataset()}, time.monotonic() + self.load_timeout)
                worker.generation = generation
            message = {
                "op": "query",
                "query": query,
                "media_type": media_type,
                "max_rows": self.limits.max_rows,
            }
            try:
                reply = worker.call(message, time.monotonic() + self.limits.timeout)
            except QueryTimeoutError:
                self._discard(worker)
                worker = None
                raise query_timeout_error(self.limits.timeout) from None
            if not reply["ok"]:
                exc_type = {
                    "rows": ResultTooLargeError,
                    "syntax": QueryError,
                    "forbidden": QueryError,
                }.get(reply["kind"], QueryError)
                raise exc_type(reply["message"])
            return QueryResult(reply["body"], reply["media_type"], reply["count"])
        except QueryError as exc:
            if worker is not None and worker.proc.poll() is not None:
                self._discard(worker)
                worker = None
            raise exc
        finally:
            if worker is not None:
                self._idle.put(worker)

    def _take(self) -> _Worker:
        if self._closed:
            raise QueryError("the SPARQL endpoint is shutting down")
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            worker = _Worker(self.limits.memory_bytes)
            with self._lock:
                self._all.add(worker)
            return worker

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)

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


def main() -> None:
    """Entry point of a worker process."""
    memory = os.environ.get("GOALGRAPH_WORKER_MEMORY")
    _limit_memory(int(memory) if memory else None)
    serve(sys.stdin.buffer, sys.stdout.buffer)


if __name__ == "__main__":
    main()
