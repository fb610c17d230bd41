"""The content hashes of a store's graphs, kept between writes."""

from __future__ import annotations

import threading
from collections.abc import Iterable


class GraphHashes:
    """Each graph's hash, computed once and kept until a write to the graph forgets it.

    A hash computed while a write ran is not kept: :meth:`lookup` returns the write count, and
    :meth:`keep` keeps the hash only when no write came in since."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._hashes: dict[str, str] = {}
        self._generation = 0  # counts the writes

    def lookup(self, graph: str) -> tuple[str | None, int]:
        """The kept hash of ``graph`` (``None``: none), and the write count to pass to
        :meth:`keep`."""
        with self._lock:
            return self._hashes.get(graph), self._generation

    def keep(self, graph: str, value: str, generation: int) -> None:
        """Keep a graph's hash unless a write came in since ``generation`` was read."""
        with self._lock:
            if generation == self._generation:
                self._hashes.setdefault(graph, value)

    def forget(self, graphs: Iterable[str]) -> None:
        """Forget the hashes of ``graphs`` (they are being written)."""
        with self._lock:
            self._generation += 1
            for graph in graphs:
                self._hashes.pop(graph, None)

    def clear(self) -> None:
        with self._lock:
            self._generation += 1
            self._hashes.clear()
