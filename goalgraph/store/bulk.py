"""Bulk writes of the embedded store: the parts of a write as N-Quads texts, made as the parts
are produced and loaded meanwhile by one Oxigraph bulk loader per core."""

from __future__ import annotations

import logging
import os
import queue
import shutil
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox

from goalgraph.store.folder import open_oxigraph
from goalgraph.store.protocol import QuadLike
from goalgraph.store.terms import as_triples, ntriples
from goalgraph.store.update import iri_ref

log = logging.getLogger("goalgraph.store.bulk")


class NQuads(bytes):
    """N-Quads text as Oxigraph writes it (one quad per line), every quad in the graph of the
    part it comes with, and blank nodes of its own: loaded as it is."""


#: Part of a graph in a bulk write: triples, N-Triples text as Oxigraph writes it, or
#: :class:`NQuads` of that graph
Part = Sequence[QuadLike] | bytes


def kept_quads(old: ox.Store, kept: Sequence[ox.NamedNode]) -> Iterator[ox.Quad] | None:
    """The quads of the default graph and of the ``kept`` graphs (``None`` when none)."""
    default = ox.DefaultGraph()
    if not kept and next(old.quads_for_pattern(None, None, None, default), None) is None:
        return None

    def quads() -> Iterator[ox.Quad]:
        yield from old.quads_for_pattern(None, None, None, default)
        for name in kept:
            yield from old.quads_for_pattern(None, None, None, name)

    return quads()


def _nquads(graph: str, triples: Sequence[ox.Triple]) -> bytes:
    """One graph as N-Quads (see :func:`with_graph`)."""
    return with_graph(graph, ntriples(triples))


def with_graph(graph: str, text: bytes) -> bytes:
    """N-Triples as Oxigraph writes them, as N-Quads of ``graph``: the graph name added to
    every line (a line ends with `` .`` and a newline, and holds no other newline)."""
    return text.replace(b" .\n", f" {iri_ref(graph)} .\n".encode())


def part_triples(part: Part) -> list[ox.Triple]:
    if isinstance(part, NQuads):
        return [q.triple for q in ox.parse(part, format=ox.RdfFormat.N_QUADS)]
    if isinstance(part, bytes):
        return [q.triple for q in ox.parse(part, format=ox.RdfFormat.N_TRIPLES)]
    return as_triples(part)


#: The size of the texts the loaders are given: large enough that a loader's fixed cost per
#: text (tens of milliseconds on disk) stays small, small enough that loading starts while
#: the parts are still being produced and that each text's sort stays cheap.
TEXT_BYTES = 4 << 20


def nquads_texts(
    graphs: set[str], parts: Iterable[tuple[str, Part]], counts: dict[str, int]
) -> Iterator[tuple[bytes, bool]]:
    """``parts`` as N-Quads texts of about :data:`TEXT_BYTES`, made as the parts are produced,
    each with whether Oxigraph wrote it from terms it had checked (triples and
    :class:`NQuads`, not other bytes: then its loader need not check the IRIs and literals
    again). Each loader renames the blank nodes of its text, so triple parts (whose blank node
    labels parts may share) all go into one text, the last; byte parts have blank nodes of
    their own. ``counts`` receives the triples per graph."""
    merged: dict[str, list[ox.Triple]] = {}
    pending: list[bytes] = []
    size, checked = 0, True
    for graph, part in parts:
        if graph not in graphs:
            raise ValueError(f"graph {graph} was not announced for this write")
        if not isinstance(part, bytes):
            merged.setdefault(graph, []).extend(as_triples(part))
            continue
        counts[graph] = counts.get(graph, 0) + part.count(b"\n")
        if not part:
            continue
        own = isinstance(part, NQuads)
        pending.append(part if own else with_graph(graph, part))
        size += len(part)
        checked = checked and own
        if size >= TEXT_BYTES:
            yield b"".join(pending), checked
            pending, size, checked = [], 0, True
    if pending:
        yield b"".join(pending), checked
    for graph, triples in merged.items():
        counts[graph] = counts.get(graph, 0) + len(triples)
    text = b"".join(_nquads(graph, triples) for graph, triples in merged.items() if triples)
    if text:
        yield text, True


class Loaders:
    """Oxigraph bulk loaders filling one store, one thread each (a loader runs on one core,
    without the GIL): :meth:`load` hands a text to the next free loader, :meth:`finish` waits
    for them all and raises the first loader's error. Used as a context manager, leaving it
    with an error stops the loaders after their current text."""

    def __init__(self, store: ox.Store, count: int) -> None:
        self._texts: queue.SimpleQueue[tuple[bytes, bool] | None] = queue.SimpleQueue()
        self._failures: list[BaseException] = []
        self._stopped = False
        self._threads = [
            threading.Thread(
                target=self._run, args=(store,), name="goalgraph-bulk-load", daemon=True
            )
            for _ in range(max(1, count))
        ]
        for thread in self._threads:
            thread.start()

    def _run(self, store: ox.Store) -> None:
        while (item := self._texts.get()) is not None:
            if self._failures or self._stopped:
                continue  # drain: the write is abandoned
            text, checked = item
            try:
                store.bulk_load(text, format=ox.RdfFormat.N_QUADS, lenient=checked)
            except BaseException as exc:  # raised again in the calling thread
                self._failures.append(exc)

    def load(self, text: bytes, checked: bool) -> None:
        if self._failures:
            raise self._failures[0]
        self._texts.put((text, checked))

    def _join(self) -> None:
        for _ in self._threads:
            self._texts.put(None)
        for thread in self._threads:
            thread.join()
        self._threads = []  # a finished thread holds the store no more

    def finish(self) -> None:
        self._join()
        if self._failures:
            raise self._failures[0]

    def __enter__(self) -> Loaders:
        return self

    def __exit__(self, kind: object, *_rest: object) -> None:
        if kind is not None:
            self._stopped = True
        self._join()


def bulk_load(store: ox.Store, texts: Iterable[tuple[bytes, bool]], loaders: int) -> None:
    """Bulk load N-Quads ``texts`` (see :func:`nquads_texts`) into ``store`` with up to
    ``loaders`` loaders, as the texts come; when producing a text raises, the loaders stop
    and the error propagates."""
    pool = Loaders(store, loaders)
    del store  # only the loaders hold it (an error's traceback keeps this frame)
    with pool:
        for text, checked in texts:
            pool.load(text, checked)
        pool.finish()


def build_store(
    old: ox.Store,
    names: Sequence[str],
    texts: Iterable[tuple[bytes, bool]],
    loaders: int,
    target_dir: Path | None,
    root: Path | None = None,
) -> ox.Store:
    """A new store (in ``target_dir``, or in memory) holding ``old``'s graphs other than
    ``names`` as they are and the N-Quads ``texts`` (see :func:`bulk_load`), flushed. If
    producing a text or loading raises, the new store is closed, its folder removed, and the
    error propagates; ``old`` is not changed. ``root``: the store's folder, named in errors."""
    new = ox.Store() if target_dir is None else open_oxigraph(target_dir, root or target_dir)
    wanted = set(names)
    kept = [n for n in old.named_graphs() if isinstance(n, ox.NamedNode) and n.value not in wanted]
    old_quads = None
    try:
        for name in [*kept, *(ox.NamedNode(g) for g in names)]:
            new.add_graph(name)
        old_quads = kept_quads(old, kept)
        if old_quads is not None:
            new.bulk_extend(old_quads)  # as they are, blank node labels included
        bulk_load(new, texts, loaders)
        if target_dir is not None:
            new.flush()
    except BaseException:
        # an error's traceback keeps this frame: drop the stores, so that the new one closes
        # (its folder can go) and the old one closes with its owner
        del new, old, old_quads
        if target_dir is not None:
            shutil.rmtree(target_dir, ignore_errors=True)
        raise
    return new


def compact_in_background(store: ox.Store, location: str) -> threading.Thread:
    """Compact a freshly bulk-loaded data folder in a thread (merging the loaders' files makes
    lookups on disk about a fifth faster); reads and writes go on meanwhile. A failure is
    logged: a slower store, not a broken one."""

    def compact() -> None:
        try:
            store.optimize()
        except (OSError, RuntimeError):
            log.warning("could not compact the store at %s", location, exc_info=True)

    thread = threading.Thread(target=compact, name="goalgraph-compact", daemon=True)
    thread.start()
    return thread


def worker_count() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
