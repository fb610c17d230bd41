"""The memory copy of a store on disk: a second Oxigraph store in memory that answers reads
and is kept in step with every write.

Oxigraph answers several times faster from memory than from its on-disk files, where every
term of an answer is a separate lookup. The copy is built in a background thread; the writes
made meanwhile are logged and replayed on it before it is used.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import pyoxigraph as ox

#: The embedded backend's logger: the copy is part of it.
log = logging.getLogger("goalgraph.store.oxigraph")


class MemoryCopy:
    """The copy of one store on disk; every method runs under the store's write lock.

    ``current`` returns the store on disk that writes go to (``None`` once closed): a copy
    built from a store that has since been replaced (a bulk write) or closed is dropped.
    """

    def __init__(
        self, lock: threading.RLock, location: str, current: Callable[[], ox.Store | None]
    ) -> None:
        self._lock = lock
        self._location = location
        self._current = current
        self.store: ox.Store | None = None  # the copy, once it is ready
        self.wanted = False
        self._build = 0  # the number of the copy being built; a newer one outdates it
        self._log: list[str] | None = None  # the updates made while the copy is built
        self._ready = threading.Condition(lock)

    def keep(self, source: ox.Store) -> None:
        """Start keeping a copy of ``source`` (nothing when one is kept already)."""
        if not self.wanted:
            self.wanted = True
            self._start(source)

    def wait(self, timeout: float | None) -> bool:
        """Wait until the copy is ready; ``False`` if it is not after ``timeout`` seconds,
        none is wanted, or it could not be built."""
        with self._ready:
            return (
                self._ready.wait_for(lambda: self.store is not None or not self.wanted, timeout)
                and self.store is not None
            )

    def _start(self, source: ox.Store) -> None:
        """Build a new copy of ``source`` in the background."""
        self.store = None
        self._build += 1
        self._log = []
        thread = threading.Thread(
            target=self._make,
            args=(source, self._build),
            name="goalgraph-memory-copy",
            daemon=True,
        )
        thread.start()

    def _make(self, source: ox.Store, build: int) -> None:
        copy: ox.Store | None = None
        error: BaseException | None = None
        try:
            names = list(source.named_graphs())
            data = source.dump(format=ox.RdfFormat.N_QUADS) or b""
            copy = ox.Store()
            for name in names:
                copy.add_graph(name)
            # parsed here rather than loaded by Oxigraph, whose loaders rename blank nodes:
            # the copy answers with the labels the store on disk has
            copy.bulk_extend(ox.parse(data, format=ox.RdfFormat.N_QUADS))
            del data
        except Exception as exc:
            copy, error = None, exc
        with self._lock:
            if build != self._build or source is not self._current():
                return  # a bulk write or close came in between
            if copy is not None:
                try:
                    for update in self._log or ():  # the writes made while it was built
                        copy.update(update)
                except (OSError, RuntimeError, ValueError) as exc:
                    copy, error = None, exc
            if copy is None:  # reads keep going to disk; waiters are told
                log.warning("could not build the memory copy of %s", self._location,
                            exc_info=error)  # fmt: skip
                self.wanted = False
            self.store = copy
            self._log = None
            self._ready.notify_all()

    def drop(self, *, wanted: bool) -> None:
        """Stop reading from the copy; rebuild it from the current store when ``wanted``."""
        self.store = None
        self._log = None
        self._build += 1
        self.wanted = wanted and self.wanted
        current = self._current()
        if self.wanted and current is not None:
            self._start(current)
        self._ready.notify_all()

    def refresh(self, source: ox.Store, graphs: list[ox.NamedNode]) -> None:
        """Bring the copy in step with ``source``, a new store that differs from the old one
        only in ``graphs``: those graphs are copied from it (blank node labels included);
        reads go to ``source`` meanwhile. A copy that is not ready yet is built again."""
        copy = self.store
        if copy is None or self._log is not None:
            self.drop(wanted=True)
            return
        self.store = None  # readers see the new store whole, never a half-updated copy
        try:
            for name in graphs:
                copy.remove_graph(name)
                copy.add_graph(name)
                copy.bulk_extend(source.quads_for_pattern(None, None, None, name))
        except (OSError, RuntimeError, ValueError):
            log.warning("the memory copy of %s is rebuilt", self._location, exc_info=True)
            self.drop(wanted=True)
            return
        self.store = copy
        self._ready.notify_all()

    def apply(self, update: str) -> None:
        """Apply an update that the store on disk has just made."""
        if self._log is not None:
            self._log.append(update)
        if self.store is not None:
            try:
                self.store.update(update)
            except (OSError, RuntimeError, ValueError):
                log.warning("the memory copy of %s is rebuilt", self._location, exc_info=True)
                self.drop(wanted=True)
