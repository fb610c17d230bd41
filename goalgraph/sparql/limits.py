"""What an untrusted query may take and what it gets back: the limits, the errors when one is
passed, the dataset a query reads and the serialised result."""

from __future__ import annotations

from dataclasses import dataclass

from goalgraph.errors import QueryError


class QueryTimeoutError(QueryError):
    """The query ran longer than the time limit and was stopped."""


class ResultTooLargeError(QueryError):
    """The result has more rows (or triples) than the limit allows."""


class QueryBusyError(QueryError):
    """Every worker stayed busy for longer than the time limit."""


class QueryWorkerError(QueryBusyError):
    """A worker process failed (it died, or could not be cut off the network): a server
    problem (503), not the client's."""


#: The graphs a query reads: ``None`` is the union of all graphs as default graph (and every
#: named graph), else (default graphs, named graphs) as FROM / FROM NAMED or the protocol's
#: ``default-graph-uri`` / ``named-graph-uri`` give them.
Dataset = tuple[tuple[str, ...], tuple[str, ...]] | None


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
