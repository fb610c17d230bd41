"""The embedded store (pyoxigraph), in memory or in a folder on disk: the default backend of
:class:`goalgraph.store.protocol.Store`.

Its parts live beside it: the folder layout (:mod:`goalgraph.store.folder`), bulk writes
(:mod:`goalgraph.store.bulk`), the memory copy (:mod:`goalgraph.store.memory_copy`), the
kept graph hashes (:mod:`goalgraph.store.hash_cache`);
:func:`goalgraph.store.open.open_store` chooses a backend by name.

:class:`OxigraphStore` has one method per operation of the protocol.
"""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from goalgraph.errors import QueryError
from goalgraph.mediatypes import RDF_FORMATS, RESULT_FORMATS
from goalgraph.namespaces import PREFIXES
from goalgraph.sparql.binding import bind_values
from goalgraph.store.bulk import (
    Part,
    build_store,
    compact_in_background,
    nquads_texts,
    part_triples,
    worker_count,
)
from goalgraph.store.folder import (
    DATA_DIR,
    open_folder,
    remove_data_dirs,
    write_meta,
)
from goalgraph.store.hash_cache import GraphHashes
from goalgraph.store.hashing import ntriples_hash
from goalgraph.store.memory_copy import MemoryCopy
from goalgraph.store.protocol import Capabilities, QuadLike, SelectResult, Store, StoreError, Term
from goalgraph.store.terms import (
    add_graph_quads,
    as_triples,
    ask_answer,
    construct_answer,
    rdflib_graph,
    select_answer,
    serialized,
    serialized_answer,
    solution_rows,
    to_ox,
    to_rdflib,
)
from goalgraph.store.update import iri_ref, replace_update

#: A write of more triples than this builds a new data folder (bulk load) and switches to it
#: atomically, instead of running one SPARQL update transaction.
BULK_THRESHOLD = 50_000
#: Where ``goalgraph run`` keeps its embedded store, relative to the folder it runs in.
DEFAULT_STORE_PATH = Path("var") / "store"


#: Names that modules elsewhere still import from here; at home in the modules named above.
__all__ = [
    "BULK_THRESHOLD",
    "DEFAULT_STORE_PATH",
    "RDF_FORMATS",
    "RESULT_FORMATS",
    "Capabilities",
    "OxigraphStore",
    "QuadLike",
    "SelectResult",
    "Store",
    "StoreError",
    "Term",
    "as_triples",
    "iri_ref",
    "ntriples_hash",
    "rdflib_graph",
    "replace_update",
    "solution_rows",
    "to_ox",
    "to_rdflib",
    "worker_count",
]


class OxigraphStore:
    """The embedded store (pyoxigraph): in memory, or on disk when given a folder.

    On disk the folder holds ``goalgraph-store.json`` and one Oxigraph data folder
    (``data-000001``…) that it names. Small writes are single SPARQL update transactions; a
    bulk write (more than :data:`BULK_THRESHOLD` triples) loads a new data folder and then
    switches the metadata file to it with an atomic rename, so a killed process leaves the
    store as it was before or after. A locked folder (another process has it open) or a damaged
    one is a :class:`StoreError` naming the folder; nothing is removed or rebuilt silently.
    A plain Oxigraph folder (e.g. one that ``oxigraph serve --location`` made) is opened as it
    is; its bulk writes then run as one (slower) update transaction.

    A long-running process can read a store on disk from a copy in memory
    (:meth:`keep_memory_copy`): Oxigraph answers several times faster from memory than from
    its on-disk files, where every term of an answer is a separate lookup.
    """

    def __init__(self, path: Path | str | None = None, *, read_only: bool = False) -> None:
        self.path = Path(path) if path is not None else None
        if read_only and self.path is None:
            raise StoreError("only a store on disk can be opened read-only")
        #: opened read-only (several processes may read one folder; none writes through it)
        self.read_only = read_only
        self._write_lock = threading.RLock()
        self._hashes = GraphHashes()
        self._meta: dict[str, Any] = {}
        self._data_dir: Path | None = None
        self._ox: ox.Store | None
        if self.path is None:
            self._ox = ox.Store()
        else:
            opened = open_folder(self.path, read_only=read_only)
            self._ox, self._meta, self._data_dir = opened.store, opened.meta, opened.data_dir
        # the memory copy of a store on disk (see keep_memory_copy), used under _write_lock
        self._copy = MemoryCopy(self._write_lock, self.location, lambda: self._ox)
        self._compaction: threading.Thread | None = None  # see _compact_later

    def __repr__(self) -> str:
        return f"OxigraphStore({self.location})"

    @classmethod
    def from_ntriples(cls, graphs: Mapping[str, bytes]) -> OxigraphStore:
        """A scratch in-memory store with the given named graphs (N-Triples), bulk loaded."""
        store = cls()
        for graph, data in graphs.items():
            store.load_ntriples(graph, data)
        return store

    def load_ntriples(self, graph: str, data: bytes) -> None:
        """Bulk load N-Triples into ``graph`` of a scratch in-memory store (not atomic; a
        store on disk takes its writes through :meth:`replace_graphs`)."""
        if self.path is not None:
            raise StoreError("load_ntriples is for scratch stores in memory")
        name = ox.NamedNode(graph)
        with self._write_lock:
            self._store.add_graph(name)
            if data.strip():
                self._store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
            self._hashes.forget([graph])

    @property
    def reads_from_memory(self) -> bool:
        """Whether reads are answered from memory (an in-memory store, or a store on disk
        whose memory copy is ready)."""
        return self.path is None or self._copy.store is not None

    @property
    def capabilities(self) -> Capabilities:
        return Capabilities(persistent=self.path is not None, transactional=True, remote=False)

    @property
    def location(self) -> str:
        return "memory" if self.path is None else str(self.path)

    def close(self) -> None:
        """Release the folder (its lock); the store cannot be used afterwards."""
        with self._write_lock:
            self._wait_for_compaction()
            self._ox = None
            self._copy.drop(wanted=False)
            self._hashes.clear()

    @property
    def _store(self) -> ox.Store:
        """The store that writes go to (on disk, or the in-memory store)."""
        store = self._ox
        if store is None:
            raise StoreError(f"the store at {self.location} is closed")
        return store

    @property
    def _reader(self) -> ox.Store:
        """The store that reads go to: the memory copy when it is ready, else :attr:`_store`."""
        copy = self._copy.store
        return copy if copy is not None else self._store

    # -- the memory copy ------------------------------------------------------------------------

    def keep_memory_copy(self) -> None:
        """Answer reads from a copy of the store on disk in memory, kept in step with every
        write (each write goes to disk first, then to the copy, before it returns; readers
        see the store as it was before or after it). The copy is built in the background;
        reads go to disk until it is ready, and again for a few seconds after a bulk write,
        while it is rebuilt. It costs memory (about 0.4 kB per triple) and suits a
        long-running process such as ``goalgraph run``; an in-memory store needs none."""
        if self.path is None:
            return
        with self._write_lock:
            self._copy.keep(self._store)  # raises when closed

    def wait_for_memory_copy(self, timeout: float | None = None) -> bool:
        """Wait until reads come from the memory copy; ``False`` if it is not ready after
        ``timeout`` seconds, none was asked for (see :meth:`keep_memory_copy`), or it could
        not be built (the reason is logged; reads then go to disk)."""
        return self._copy.wait(timeout)

    def _update(self, update: str) -> None:
        """Run a SPARQL update on the store, then on its memory copy (under the lock)."""
        self._store.update(update)
        self._copy.apply(update)

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the store at {self.location} is open read-only")

    # -- metadata ---------------------------------------------------------------------------

    def get_meta(self, key: str) -> Any:
        """A value kept with the store (e.g. the fingerprint of the data it was loaded from)."""
        return self._meta.get(key)

    def set_meta(self, key: str, value: Any) -> None:
        """Keep a JSON value with the store (written atomically on disk)."""
        self._check_writable()
        with self._write_lock:
            self._meta[key] = value
            if self.path is not None and self._data_dir is not None:
                write_meta(self.path, self._meta)

    # -- writing --------------------------------------------------------------------------------

    def replace_graph(self, graph: str, quads: Iterable[QuadLike]) -> int:
        return self.replace_graphs({graph: quads})[graph]

    def replace_graphs(self, graphs: Mapping[str, Iterable[QuadLike]]) -> dict[str, int]:
        self._check_writable()
        staged = {graph: as_triples(quads) for graph, quads in graphs.items()}
        total = sum(len(t) for t in staged.values())
        if total > BULK_THRESHOLD and self._can_rebuild:
            return self.replace_graphs_from(list(staged), staged.items())
        with self._write_lock:
            try:
                self._update(replace_update(staged))
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"cannot write to the store at {self.location}: {exc}") from exc
            finally:
                self._hashes.forget(staged)
        return {graph: len(t) for graph, t in staged.items()}

    def replace_graphs_from(
        self, graphs: Sequence[str], parts: Iterable[tuple[str, Part]]
    ) -> dict[str, int]:
        """Replace ``graphs`` with the triples of ``parts`` (graph name, triples; a graph may
        come in several parts, e.g. parsed files) in one bulk write: a new data folder, loaded
        by one Oxigraph bulk loader per core, becomes the store only when every part was
        written. If producing a part raises, the store is unchanged and the error propagates.
        A part may also be N-Triples text as Oxigraph writes it (one triple per line) whose
        blank nodes are its own. Returns the number of triples per graph."""
        self._check_writable()
        names = list(dict.fromkeys(graphs))
        if not self._can_rebuild:  # a plain Oxigraph folder: one update transaction
            merged: dict[str, list[ox.Triple]] = {g: [] for g in names}
            for graph, part in parts:
                merged[graph].extend(part_triples(part))
            return self.replace_graphs(merged) if merged else {}
        loaders = worker_count() if self.path is not None else 1  # memory: fast enough with one
        counts: dict[str, int] = {}
        texts = nquads_texts(set(names), parts, counts)  # produced while the loaders load
        with self._write_lock:
            try:
                self._rebuild(names, texts, loaders)
                return {graph: counts.get(graph, 0) for graph in names}
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"cannot write to the store at {self.location}: {exc}") from exc
            finally:
                self._hashes.forget(names)

    @property
    def _can_rebuild(self) -> bool:
        return self.path is None or self._data_dir is not None

    def _rebuild(
        self, names: Sequence[str], texts: Iterable[tuple[bytes, bool]], loaders: int
    ) -> None:
        """Build a new store with the untouched graphs and the new graphs' N-Quads ``texts``
        (bulk loaded by ``loaders`` loaders as they come, see
        :func:`~goalgraph.store.bulk.bulk_load`), then switch to it. If producing a text
        raises, the new store is dropped and the error propagates."""
        self._wait_for_compaction()
        target_dir = None
        if self.path is not None and self._data_dir is not None:
            number = int(DATA_DIR.match(self._data_dir.name).group(1)) + 1  # type: ignore[union-attr]
            target_dir = self.path / f"data-{number:06d}"
            shutil.rmtree(target_dir, ignore_errors=True)  # left by an interrupted write
        # the copy, when there is one, reads faster; not kept in this frame, which an error's
        # traceback keeps
        new = build_store(self._reader, names, texts, loaders, target_dir, self.path)
        if target_dir is not None and self.path is not None and self._data_dir is not None:
            meta = {**self._meta, "current": target_dir.name}
            write_meta(self.path, meta)  # the switch: an atomic rename
            self._meta = meta
            # the folder just replaced stays for readers still on it; older ones go
            remove_data_dirs(self.path, keep={self._data_dir.name, target_dir.name})
            self._data_dir = target_dir
        self._ox = new  # readers that started on the old store finish on it
        if target_dir is not None:
            self._compact_later(new)
        if (
            self._copy.wanted
        ):  # the replaced graphs copied over; reads go to the new store meanwhile
            self._copy.refresh(new, [ox.NamedNode(g) for g in names])

    def _compact_later(self, store: ox.Store) -> None:
        """Compact a freshly loaded data folder in the background (see
        :func:`~goalgraph.store.bulk.compact_in_background`); :meth:`close` and the next bulk
        write wait for it."""
        self._compaction = compact_in_background(store, self.location)

    def _wait_for_compaction(self) -> None:
        compaction, self._compaction = self._compaction, None
        if compaction is not None:
            compaction.join()

    def remove_graph(self, graph: str) -> None:
        self._check_writable()
        with self._write_lock:
            try:
                self._update(f"DROP SILENT GRAPH {iri_ref(graph)}")
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"cannot write to the store at {self.location}: {exc}") from exc
            finally:
                self._hashes.forget([graph])

    # -- reading --------------------------------------------------------------------------------

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._reader.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_hash(self, graph: str) -> str:
        cached, generation = self._hashes.lookup(graph)
        if cached is not None:
            return cached
        data = self._reader.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        value = ntriples_hash(data or b"")
        self._hashes.keep(graph, value, generation)
        return value

    def _query(self, query: str, bindings: Mapping[str, Node] | None) -> object:
        try:
            return self._reader.query(bind_values(query, bindings), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> SelectResult:
        return select_answer(self._query(query, bindings))

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        return ask_answer(self._query(query, bindings))

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> rdflib.Graph:
        return construct_answer(self._query(query, bindings))

    def query_serialized(
        self, query: str, media_type: str, bindings: Mapping[str, Node] | None = None
    ) -> tuple[bytes, str]:
        return serialized_answer(self._query(query, bindings), media_type)

    def dump(self, graph: str | None, media_type: str) -> bytes:
        fmt = RDF_FORMATS.get(media_type)
        if fmt is None:
            raise ValueError(f"unsupported RDF media type {media_type!r}")
        cached, generation = self._hashes.lookup(graph) if graph is not None else (None, 0)
        store = self._reader
        if graph is not None and fmt == ox.RdfFormat.N_TRIPLES:
            data = store.dump(format=fmt, from_graph=ox.NamedNode(graph)) or b""
            if cached is None:  # a kept hash stays valid until a write forgets it
                self._hashes.keep(graph, ntriples_hash(data), generation)  # for graph_hash
            return data
        if graph is not None:
            return serialized(
                store.dump(format=fmt, from_graph=ox.NamedNode(graph), prefixes=PREFIXES)
            )
        if fmt.supports_datasets:
            return serialized(store.dump(format=fmt, prefixes=PREFIXES))
        quads = store.quads_for_pattern(None, None, None, None)
        return serialized(
            ox.serialize(
                (ox.Triple(q.subject, q.predicate, q.object) for q in quads),
                format=fmt,
                prefixes=PREFIXES,
            )
        )

    def to_rdflib(self, graphs: Sequence[str] | None = None) -> rdflib.Graph:
        names = self.named_graphs() if graphs is None else list(graphs)
        store = self._reader
        out = rdflib.Graph()
        for name in names:  # each graph's blank nodes its own, as a parse of its dump
            add_graph_quads(out, store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
        return out
