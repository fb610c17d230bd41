"""Limits for the whole app: a request-body size limit (uploads, writes, SPARQL POSTs) and
fair admission to the SPARQL workers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

import anyio
from anyio import to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from goalgraph.sparql.pool import QueryBusyError

T = TypeVar("T")


class BodyTooLargeError(Exception):
    """A request body over the limit."""

    def __init__(self, limit: int) -> None:
        super().__init__(f"the request body is larger than the limit of {limit} bytes")
        self.limit = limit


class BodyLimitMiddleware:
    """Refuses bodies over ``max_bytes``: at once from ``Content-Length``, else while reading."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    length = int(value)
                except ValueError:
                    length = -1
                if length < 0 or length > self.max_bytes:
                    await self._reject(send, length < 0)
                    return
        received = 0

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLargeError(self.max_bytes)
            return message

        await self.app(scope, limited, send)

    async def _reject(self, send: Send, malformed: bool) -> None:
        status = 400 if malformed else 413
        message = (
            "the Content-Length header is not a number"
            if malformed
            else f"the request body is larger than the limit of {self.max_bytes} bytes"
        )
        body = json.dumps(
            {
                "error": "bad-request" if malformed else "too-large",
                "message": message,
                "status": status,
            }
        ).encode()
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [
                    (b"content-type", b"application/json"),
                    (b"content-length", str(len(body)).encode()),
                    (b"connection", b"close"),
                ],
            }
        )
        await send({"type": "http.response.body", "body": body})


class SparqlGate:
    """Admission to the SPARQL workers, so a few clients cannot starve the rest and pages
    never wait behind queries.

    Queries run on their own threads (a limiter of ``workers`` threads, not the shared
    thread pool that serves pages and ``/health``). One client address may have at most
    ``per_client`` queries admitted (running or waiting); at most ``queue`` may wait, in
    arrival order, and none longer than ``wait`` seconds. A query over a bound gets
    :class:`~goalgraph.sparql.pool.QueryBusyError` (503 with ``Retry-After``) at once.
    """

    def __init__(self, workers: int, per_client: int, queue: int, wait: float) -> None:
        self.workers = workers
        self.per_client = per_client
        self.queue = queue
        self.wait = wait
        self._slots = anyio.CapacityLimiter(workers)
        self._threads = anyio.CapacityLimiter(workers)
        self._clients: dict[str, int] = {}
        self._admitted = 0

    async def run(self, client: str, func: Callable[..., T], *args: Any) -> T:
        """Run ``func(*args)`` on a SPARQL thread once ``client`` is admitted."""
        if self._clients.get(client, 0) >= self.per_client:
            raise QueryBusyError(
                f"this client already has {self.per_client} SPARQL "
                f"{'query' if self.per_client == 1 else 'queries'} running or waiting; "
                "wait for the answer before sending the next one"
            )
        if self._admitted >= self.workers + self.queue:
            raise QueryBusyError("the SPARQL endpoint is busy; try again in a moment")
        self._clients[client] = self._clients.get(client, 0) + 1
        self._admitted += 1
        try:
            with anyio.move_on_after(self.wait) as scope:
                await self._slots.acquire()
            if scope.cancelled_caught:
                raise QueryBusyError(
                    f"no SPARQL worker was free within {self.wait:g} s; try again in a moment"
                )
            try:
                return await to_thread.run_sync(func, *args, limiter=self._threads)
            finally:
                self._slots.release()
        finally:
            self._admitted -= 1
            left = self._clients[client] - 1
            if left:
                self._clients[client] = left
            else:
                del self._clients[client]
