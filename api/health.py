"""The store's health as /health reports it: a probe query asked at most about once a second.

A health check must be cheap and must not wait behind page requests, yet it should say whether
the store answers, not only whether the process runs. :class:`StoreProbe` asks the store one
small query in a thread of its own at most once per ``interval`` and keeps the answer; every
health check in between is answered from it on the event loop. A probe that does not answer
within ``timeout`` makes the store unavailable; while that probe's thread is still stuck, no
second one is started, so a hung store never ties up more than one thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import time
from collections.abc import Callable
from dataclasses import dataclass

from goalgraph.store.protocol import Store

#: Reads at most one triple of any named graph: an answer, true or false, means the store reads.
PROBE_QUERY = "ASK { GRAPH ?g { ?s ?p ?o } }"


@dataclass(frozen=True)
class ProbeState:
    """The last probe: whether the store answered, why not, and when it was asked."""

    ok: bool
    reason: str | None
    at: float


class StoreProbe:
    """Whether ``store`` answers a query, asked at most once per ``interval`` seconds."""

    def __init__(
        self,
        store: Store,
        *,
        interval: float = 1.0,
        timeout: float = 2.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.interval = interval
        self.timeout = timeout
        self._clock = clock
        self._last: ProbeState | None = None
        self._running: asyncio.Future[ProbeState] | None = None
        self._thread: concurrent.futures.Future[bool] | None = None
        self._executor = concurrent.futures.ThreadPoolExecutor(1, "goalgraph-health")

    async def state(self) -> ProbeState:
        """The store's state, at most ``interval`` seconds old (the first call waits for it)."""
        last = self._last
        if last is not None and self._clock() - last.at < self.interval:
            return last
        if self._running is None or self._running.done():
            self._running = asyncio.ensure_future(self._probe())
        if last is not None:
            return last  # the probe runs on; this check answers with the state before it
        return await asyncio.shield(self._running)

    async def settled(self) -> ProbeState | None:
        """The state once the probe in flight (if any) has ended."""
        if self._running is not None:
            await asyncio.shield(self._running)
        return self._last

    async def _probe(self) -> ProbeState:
        if self._thread is not None and not self._thread.done():
            state = ProbeState(
                False,
                f"the store has not answered a probe for over {self.timeout:g} s",
                self._clock(),
            )
        else:
            self._thread = self._executor.submit(self._ask)
            try:
                await asyncio.wait_for(asyncio.wrap_future(self._thread), self.timeout)
                state = ProbeState(True, None, self._clock())
            except TimeoutError:
                state = ProbeState(
                    False,
                    f"the store did not answer a probe within {self.timeout:g} s",
                    self._clock(),
                )
            except Exception as exc:  # the store's own error, named in the reason
                state = ProbeState(False, f"the store cannot be read: {exc}", self._clock())
        self._last = state
        return state

    def _ask(self) -> bool:
        return self.store.ask(PROBE_QUERY)

    def close(self) -> None:
        """Stop the probe's thread (a stuck probe is left to end on its own)."""
        self._executor.shutdown(wait=False, cancel_futures=True)


__all__ = ["PROBE_QUERY", "ProbeState", "StoreProbe"]
