"""The store probe behind /health: asked at most once per interval, a hung store ties up one
thread only and is reported, and a store that answers again is healthy again."""

from __future__ import annotations

import asyncio
import threading

from api.health import PROBE_QUERY, StoreProbe


class _Store:
    """A store whose ``ask`` counts its calls and can be made to hang or fail."""

    def __init__(self) -> None:
        self.asked = 0
        self.release = threading.Event()
        self.release.set()
        self.error: Exception | None = None

    def ask(self, query: str) -> bool:
        assert query == PROBE_QUERY
        self.asked += 1
        self.release.wait(10)
        if self.error is not None:
            raise self.error
        return True


def test_the_probe_is_asked_once_per_interval_and_reports_a_hung_store() -> None:
    async def scenario() -> None:
        store = _Store()
        now = [0.0]
        probe = StoreProbe(store, interval=1.0, timeout=0.2, clock=lambda: now[0])  # type: ignore[arg-type]
        try:
            first = await probe.state()
            assert first.ok and store.asked == 1
            for _ in range(50):  # within the interval: the kept state, no new query
                assert (await probe.state()).ok
            assert store.asked == 1

            store.release.clear()  # the store hangs
            now[0] = 2.0
            assert (await probe.state()).ok  # answered from the state before the probe
            hung = await probe.settled()  # the probe times out
            assert hung is not None
            assert not hung.ok and "did not answer a probe within 0.2 s" in (hung.reason or "")
            now[0] = 4.0
            await probe.state()
            stuck = await probe.settled()
            assert stuck is not None and not stuck.ok and "has not answered" in (stuck.reason or "")
            assert store.asked == 2  # no second thread behind the stuck one

            store.error = RuntimeError("connection refused")
            store.release.set()  # the stuck query ends, with an error
            await asyncio.sleep(0.05)
            while not probe._thread or not probe._thread.done():  # the thread ends
                await asyncio.sleep(0.01)
            now[0] = 6.0
            await probe.state()
            failed = await probe.settled()
            assert (
                failed is not None
                and not failed.ok
                and failed.reason == "the store cannot be read: connection refused"
            )

            store.error = None
            now[0] = 8.0
            await probe.state()
            healthy = await probe.settled()
            assert healthy is not None and healthy.ok
        finally:
            store.release.set()
            probe.close()

    asyncio.run(scenario())
