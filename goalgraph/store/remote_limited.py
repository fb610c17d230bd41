"""Running one untrusted query on a SPARQL server within time and row limits, read as it streams."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from urllib.parse import urlencode

import httpx

from goalgraph.errors import QueryError
from goalgraph.mediatypes import NTRIPLES, SPARQL_JSON
from goalgraph.sparql.guard import parse_query
from goalgraph.sparql.limits import Dataset, Limits, QueryResult
from goalgraph.sparql.worker import query_timeout_error
from goalgraph.store.oxigraph import StoreError
from goalgraph.store.remote_protocol import (
    LimitedAnswer,
    forget_frames,
    garbage_text,
    read_answer,
    read_prefix,
    status_error,
    transport_error,
)

__all__ = ["query_with_limits"]


def query_with_limits(
    client: httpx.Client,
    url: str,
    query: str,
    media_type: str,
    limits: Limits,
    dataset: Dataset,
    union_dataset: Callable[[float], list[tuple[str, str]]],
) -> QueryResult:
    """Run an untrusted, read-only query on the server at ``url`` within ``limits``,
    serialised in ``media_type`` as the embedded store's workers do.

    The query is refused by :func:`~goalgraph.sparql.guard.parse_query` unless it parses
    as a plain query without ``SERVICE``. That check is the only wall goalgraph keeps
    here: whether the server itself may send requests (federated queries, ``LOAD``) is
    the server's own configuration, the second wall, which its operator must close.
    The query is sent as a form POST with ``dataset`` as ``default-graph-uri`` /
    ``named-graph-uri`` (else its ``FROM`` / ``FROM NAMED``, else the parameters that
    ``union_dataset`` gives within the timeout, so its default graph is the union of the
    named graphs). The whole exchange has the deadline ``limits.timeout`` (checked between
    the chunks of the answer; each wait for the server is bounded by it too) and ends in
    :class:`~goalgraph.sparql.limits.QueryTimeoutError`. The answer (SPARQL JSON or
    N-Triples) is parsed while it streams in: more than ``limits.max_rows`` rows or
    triples, or more bytes than they may take, is
    :class:`~goalgraph.sparql.limits.ResultTooLargeError`, and the rest is not read.
    """
    checked = parse_query(query)
    if dataset is None and checked.has_dataset:
        dataset = (checked.default_graphs, checked.named_graphs)
    deadline = time.monotonic() + limits.timeout
    if dataset is None:
        params = union_dataset(limits.timeout)
    else:
        params = [("default-graph-uri", g) for g in dataset[0]]
        params += [("named-graph-uri", g) for g in dataset[1]]
    try:
        return _limited_query(
            client, url, query, checked.form, params, media_type, limits, deadline
        )
    except BaseException as exc:
        forget_frames(exc)
        raise


def _limited_query(
    client: httpx.Client,
    url: str,
    query: str,
    form: str,
    dataset: list[tuple[str, str]],
    media_type: str,
    limits: Limits,
    deadline: float,
) -> QueryResult:
    """Post ``query`` (of ``form``: SELECT, ASK, CONSTRUCT, DESCRIBE) to ``url`` with the
    ``dataset`` parameters and read the answer as it streams in, within ``limits`` and by
    ``deadline`` (a :func:`time.monotonic` time), serialised in ``media_type``."""
    graph_form = form in ("CONSTRUCT", "DESCRIBE")
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise query_timeout_error(limits.timeout)
    try:
        with client.stream(
            "POST",
            url,
            timeout=remaining,
            content=urlencode([("query", query), *dataset]).encode("utf-8"),
            headers={
                "Accept": NTRIPLES if graph_form else SPARQL_JSON,
                "Content-Type": "application/x-www-form-urlencoded",
            },
        ) as response:
            if response.status_code >= 400:
                detail = read_prefix(response, 4096).decode("utf-8", "replace")
                raise status_error(response.status_code, url, detail)
            answer = LimitedAnswer(response, deadline, limits)
            try:
                return read_answer(
                    io.BufferedReader(answer), graph_form, media_type, limits.max_rows, form
                )
            except SyntaxError as exc:
                expected = "N-Triples" if graph_form else "SPARQL JSON results"
                kind = response.headers.get("content-type", "no content type")
                raise StoreError(garbage_text(url, expected, kind, answer.head)) from exc
            except (ValueError, RuntimeError) as exc:  # serialising, as in the workers
                raise QueryError(f"query failed: {exc}") from exc
    except (httpx.ReadTimeout, httpx.WriteTimeout):
        raise query_timeout_error(limits.timeout) from None
    except httpx.HTTPError as exc:
        raise transport_error(exc, url, limits.timeout) from exc
