"""The health probe: the store itself is asked about once a second, off the event loop, and
``/health`` answers from the last result, so a health check costs what answering from memory
costs and still says whether the store can answer.

The probe sends the store a trivial query (``ASK``, without the service's read lock, so a
write in progress does not hold it up) and reads the municipalities once per data generation.
When the probe fails, or none has finished for :data:`STALE_AFTER` seconds (the store hangs),
``/health`` answers 503 with the reason.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from dataclasses import dataclass, replace

import anyio

from .service import GraphService

log = logging.getLogger("goalgraph.api")

#: seconds between the end of one probe and the start of the next
INTERVAL = 1.0
#: seconds after the last finished probe at which the store counts as not answering
STALE_AFTER = 15.0
PROBE_QUERY = "ASK { ?s ?p ?o }"
#: seconds the service's start waits for the first probe
FIRST_PROBE_WAIT = 2.0


@dataclass(frozen=True)
class ProbeResult:
    """What the last probe found: ``reason`` is ``None`` when the store answered."""

    finished: float  # time.monotonic() when the probe ended
    generation: int
    municipalities: tuple[str, ...] = ()
    reason: str | None = None


class HealthProbe:
    """Asks the store about once per :data:`INTERVAL`; :meth:`answer` reads the last result."""

    def __init__(self, service: GraphService, interval: float = INTERVAL) -> None:
        self.service = service
        self.interval = interval
        self.last: ProbeResult | None = None
        self._encoded: tuple[ProbeResult, bytes] | None = None
        self._task: asyncio.Task[None] | None = None
        self._probed = asyncio.Event()

    def ask(self) -> str | None:
        """Ask the store the probe query (blocking); the reason it failed, or ``None``."""
        try:
            self.service.store.ask(PROBE_QUERY)
        except Exception as exc:  # any failure of the store is what the probe reports
            log.warning("health probe: the store did not answer", exc_info=True)
            return f"the store did not answer: {type(exc).__name__}: {exc}"[:500]
        return None

    async def refresh(self) -> None:
        """Probe the store on a worker thread and keep the result; the municipalities are
        read again (also on a thread) only when the data generation changed."""
        reason = await anyio.to_thread.run_sync(self.ask)
        previous = self.last
        if reason is not None:
            self.last = ProbeResult(time.monotonic(), self.service.generation, reason=reason)
            return
        if (
            previous is None
            or previous.reason is not None
            or (previous.generation != self.service.generation)
        ):
            generation = self.service.generation
            try:
                slugs = tuple(await anyio.to_thread.run_sync(self.service.slugs))
            except Exception as exc:
                reason = f"the store did not answer: {type(exc).__name__}: {exc}"[:500]
                self.last = ProbeResult(time.monotonic(), generation, reason=reason)
                return
            self.last = ProbeResult(time.monotonic(), generation, slugs)
        else:
            self.last = ProbeResult(time.monotonic(), previous.generation, previous.municipalities)

    async def start(self, wait: float = FIRST_PROBE_WAIT) -> None:
        """Probe now and then every interval, in the background; wait at most ``wait`` seconds
        for the first probe, so that a store that does not answer never holds up the
        service's start (until a probe ends, /health is 503)."""
        self._probed = asyncio.Event()
        self._task = asyncio.get_running_loop().create_task(self._loop())
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._probed.wait(), wait)

    async def stop(self) -> None:
        """Stop probing."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    async def _loop(self) -> None:
        while True:
            try:
                await self.refresh()
            except Exception:  # never end the loop: the next probe reports again
                log.warning("health probe failed", exc_info=True)
            self._probed.set()
            await asyncio.sleep(self.interval)

    async def encoded(self) -> tuple[int, bytes]:
        """:meth:`answer` as JSON (UTF-8); a healthy answer is encoded once per probe. After
        a write the municipalities of the new generation are read (on a thread, once) before
        the answer, so /health never lists those of the data before the write."""
        last = self.last
        generation = self.service.generation
        if last is not None and last.reason is None and last.generation != generation:
            slugs = tuple(await anyio.to_thread.run_sync(self.service.slugs))
            if self.last is last:
                self.last = replace(last, generation=generation, municipalities=slugs)
        last, cached = self.last, self._encoded
        status, body = self.answer()
        if status == 200 and cached is not None and cached[0] is last:
            return status, cached[1]
        data = json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        if status == 200 and last is not None:
            self._encoded = (last, data)
        return status, data

    def answer(self) -> tuple[int, dict[str, object]]:
        """The status and body of ``/health`` from the last probe."""
        last = self.last
        if last is None:
            return 503, {"status": "unavailable", "reason": "the store has not been probed yet"}
        age = time.monotonic() - last.finished
        if age > STALE_AFTER:
            reason = f"the store has not answered a probe for {age:.0f} s"
            return 503, {"status": "unavailable", "reason": reason}
        if last.reason is not None:
            return 503, {"status": "unavailable", "reason": last.reason}
        body = {
            "status": "ok",
            "generation": last.generation,
            "municipalities": list(last.municipalities),
        }
        return 200, body
