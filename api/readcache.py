"""The service's concurrency parts: a readers/writer lock and a cache that keeps values for
one data generation (a write moves the generation on and the cache forgets)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")


class StaleReadError(Exception):
    """The data changed while a read was being prepared; it is retried."""


class RWLock:
    """A readers/writer lock that lets a waiting writer in before new readers."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False
        self._waiting_writers = 0

    @contextmanager
    def read(self) -> Iterator[None]:
        """Hold the lock shared."""
        with self._cond:
            while self._writer or self._waiting_writers:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                if not self._readers:
                    self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        """Hold the lock exclusively."""
        with self._cond:
            self._waiting_writers += 1
            while self._writer or self._readers:
                self._cond.wait()
            self._waiting_writers -= 1
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


class GenerationCache:
    """A small LRU cache that forgets everything when the data's generation changes."""

    def __init__(self, size: int = 512) -> None:
        self._size = size
        self._data: OrderedDict[Hashable, Any] = OrderedDict()
        self._generation = -1
        self._lock = threading.Lock()
        self._building: dict[Hashable, threading.Event] = {}

    def get(self, generation: int, key: Hashable, build: Callable[[], T]) -> T:
        """The cached value for ``key``, built with ``build()`` when missing. Callers asking
        for a key that another thread is building wait for that build (a request arriving
        while a write's warm-up builds a page gets the same result, built once)."""
        while True:
            pending: threading.Event | None = None
            with self._lock:
                if generation < self._generation:  # an older reader: build, keep nothing
                    break
                if generation != self._generation:
                    self._data.clear()
                    self._building.clear()
                    self._generation = generation
                if key in self._data:
                    self._data.move_to_end(key)
                    return self._data[key]
                pending = self._building.get(key)
                if pending is None:
                    pending = self._building[key] = threading.Event()
                    break
            pending.wait()  # the other build ended (kept, failed or stale): look again
        if pending is None:
            return build()
        try:
            value = build()
            with self._lock:
                if generation == self._generation:
                    self._data[key] = value
                    while len(self._data) > self._size:
                        self._data.popitem(last=False)
            return value
        finally:
            with self._lock:
                if self._generation == generation and self._building.get(key) is pending:
                    del self._building[key]
            pending.set()


__all__ = ["GenerationCache", "RWLock", "StaleReadError"]
