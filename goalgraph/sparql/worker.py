"""The worker side of :mod:`goalgraph.sparql.pool`: the length-prefixed messages it reads and
writes, the walls it enters before it reads anything, and the loop that runs queries and
patches on its own copy of the dataset."""

from __future__ import annotations

import json
import os
import struct
from collections.abc import Iterable
from contextlib import suppress
from dataclasses import asdict
from typing import Any, BinaryIO

import pyoxigraph as ox

from goalgraph.errors import QueryError
from goalgraph.mediatypes import GRAPH_FORMATS, RESULT_FORMATS
from goalgraph.sparql import sandbox
from goalgraph.sparql.guard import check_patch, parse_query
from goalgraph.sparql.limits import (
    Dataset,
    QueryResult,
    QueryTimeoutError,
    ResultTooLargeError,
)
from goalgraph.sparql.results import WRITERS

HEADER = struct.Struct("!Q")


# --- the worker side ---------------------------------------------------------------------------


class MessageError(ValueError):
    """A message between the service and a worker that is not well-formed."""


def encode_message(message: dict[str, Any]) -> bytes:
    """A message as bytes: its JSON header (byte values replaced by their index), then each
    byte value with its length. JSON, not pickle: decoding a message never runs code."""
    blobs: list[bytes] = []
    header: dict[str, Any] = {}
    for key, value in message.items():
        if isinstance(value, bytes):
            header[key] = {"$bytes": len(blobs)}
            blobs.append(value)
        else:
            header[key] = value
    head = json.dumps(header, ensure_ascii=False).encode("utf-8")
    parts = [HEADER.pack(len(head)), head]
    for blob in blobs:
        parts += [HEADER.pack(len(blob)), blob]
    return b"".join(parts)


def decode_message(data: bytes) -> dict[str, Any]:
    """The message :func:`encode_message` wrote; :class:`MessageError` when it is not one."""
    view = memoryview(data)

    def take(offset: int) -> tuple[bytes, int]:
        if offset + HEADER.size > len(view):
            raise MessageError("a worker message is cut off")
        (size,) = HEADER.unpack(view[offset : offset + HEADER.size])
        start = offset + HEADER.size
        if start + size > len(view):
            raise MessageError("a worker message is cut off")
        return bytes(view[start : start + size]), start + size

    head, offset = take(0)
    try:
        header = json.loads(head.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise MessageError(f"a worker message has no readable header: {exc}") from None
    if not isinstance(header, dict):
        raise MessageError("a worker message header is not an object")
    blobs: list[bytes] = []
    while offset < len(view):
        blob, offset = take(offset)
        blobs.append(blob)
    message: dict[str, Any] = {}
    for key, value in header.items():
        if isinstance(value, dict) and set(value) == {"$bytes"}:
            index = value["$bytes"]
            if not isinstance(index, int) or not 0 <= index < len(blobs):
                raise MessageError(f"a worker message refers to a missing byte field {key!r}")
            message[key] = blobs[index]
        else:
            message[key] = value
    return message


def write_message(stream: BinaryIO, message: dict[str, Any]) -> None:
    data = encode_message(message)
    stream.write(HEADER.pack(len(data)) + data)
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


def execute(
    store: ox.Store, query: str, media_type: str, max_rows: int, dataset: Dataset = None
) -> dict[str, Any]:
    """Run one query on ``store`` over ``dataset`` and serialise at most ``max_rows`` results
    (worker side). Without a dataset the query's own FROM / FROM NAMED apply, and without
    those the default graph is the union of all graphs."""
    checked = parse_query(query)
    if dataset is None and checked.has_dataset:
        dataset = (checked.default_graphs, checked.named_graphs)
    if dataset is None:
        result = store.query(query, use_default_graph_as_union=True)
    else:
        default, named = dataset
        result = store.query(
            query,
            default_graph=[ox.NamedNode(g) for g in default],
            named_graphs=[ox.NamedNode(g) for g in named],
        )
    return asdict(serialize_result(result, media_type, max_rows))


def execute_patch(current: bytes, update: str) -> bytes:
    """Apply a checked graph patch to a copy of a graph in N-Triples; the result in N-Triples
    (worker side)."""
    check_patch(update)
    scratch = ox.Store()
    scratch.bulk_load(current, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    scratch.update(update)
    triples = [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in scratch.quads_for_pattern(None, None, None, ox.DefaultGraph())
    ]
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


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
        fmt = RESULT_FORMATS.get(media_type, ox.QueryResultsFormat.JSON)
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
        writer_type = media_type if media_type in WRITERS else next(iter(WRITERS))
        return QueryResult(WRITERS[writer_type](variables, rows), writer_type, len(rows))
    triples: list[ox.Triple] = []
    for triple in result:
        if len(triples) == max_rows:
            raise ResultTooLargeError(
                f"the result has more than {max_rows} triples; add a LIMIT to the query"
            )
        triples.append(triple)
    rdf_format = GRAPH_FORMATS.get(media_type, ox.RdfFormat.TURTLE)
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
    """The worker loop: load datasets, answer queries and apply patches until standard input
    closes."""
    store = ox.Store()
    while True:
        header = _read_exact(stdin, HEADER.size)
        if header is None:
            return
        payload = _read_exact(stdin, HEADER.unpack(header)[0])
        if payload is None:
            return
        message = decode_message(payload)
        try:
            if message["op"] == "load":
                store = ox.Store()
                store.bulk_load(message["data"], format=ox.RdfFormat.N_QUADS)
                reply: dict[str, Any] = {"ok": True}
            elif message["op"] == "patch":
                reply = {"ok": True, "data": execute_patch(message["data"], message["update"])}
            else:
                reply = {
                    "ok": True,
                    **execute(
                        store,
                        message["query"],
                        message["media_type"],
                        message["max_rows"],
                        message.get("dataset"),
                    ),
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
        write_message(stdout, reply)


def enter_worker_walls() -> tuple[str, ...]:
    """What a worker process does before it reads anything: die with its parent, cut itself
    off the network (the walls installed, see :func:`goalgraph.sparql.sandbox.isolate`),
    yield the processor to pages and take its memory cap."""
    parent = os.environ.get("GOALGRAPH_WORKER_PARENT")
    sandbox.die_with_parent(int(parent) if parent else None)
    walls = sandbox.isolate()
    with suppress(OSError):
        os.nice(10)  # pages and /health come first on a busy machine
    memory = os.environ.get("GOALGRAPH_WORKER_MEMORY")
    _limit_memory(int(memory) if memory else None)
    return walls
