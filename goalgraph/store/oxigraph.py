"""One store interface for goalgraph, with three backends.

The store holds one named graph per municipality (``graph/{slug}``) beside the Agenda 2030
reference graph (``graph/sdg``) and the ontology (``graph/ontology``). Queries see the union
of all graphs as their default graph. Parameters are bound as a standard ``VALUES`` block
(see :mod:`goalgraph.sparql.binding`), never by formatting strings.

Backends, chosen with :func:`open_store`:

- :class:`OxigraphStore` on disk (a path): the embedded, persistent default of
  ``goalgraph run``. Writes are transactions: a process killed in the middle of one leaves the
  store as it was before or after, never half-written; readers see one or the other.
- :class:`OxigraphStore` in memory (``memory:``): the same engine without a folder.
- :class:`goalgraph.store.remote.RemoteStore` (``http://…/query``): any SPARQL 1.1 server
  that speaks the Query, Update and Graph Store protocols (Oxigraph server, Apache Jena
  Fuseki, GraphDB, Virtuoso), for one data set shared by many users.

Each backend states what it guarantees in :class:`Capabilities`.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from goalgraph.errors import GoalgraphError, QueryError
from goalgraph.namespaces import PREFIXES
from goalgraph.sparql.binding import bind_values

Term = rdflib.URIRef | rdflib.Literal | rdflib.BNode
QuadLike = ox.Quad | ox.Triple
#: Part of a graph in a bulk write: triples, or N-Triples text as Oxigraph writes it
Part = Sequence[QuadLike] | bytes

#: A write of more triples than this builds a new data folder (bulk load) and switches to it
#: atomically, instead of running one SPARQL update transaction.
BULK_THRESHOLD = 50_000
#: Where ``goalgraph run`` keeps its embedded store, relative to the folder it runs in.
DEFAULT_STORE_PATH = Path("var") / "store"

log = logging.getLogger("goalgraph.store.oxigraph")


class StoreError(GoalgraphError):
    """A store that cannot be opened, read or written; the message names its folder or
    endpoint."""


@dataclass(frozen=True)
class Capabilities:
    """What a backend guarantees."""

    #: The data outlives the process that wrote it.
    persistent: bool
    #: ``replace_graph``/``replace_graphs`` are all-or-nothing and readers see the data
    #: before or after a write, never in between.
    transactional: bool
    #: The data lives in a server that other clients may change at any time.
    remote: bool


@dataclass(frozen=True)
class SelectResult:
    """The rows of a SELECT query, with rdflib terms (``None`` for unbound)."""

    variables: list[str]
    rows: list[dict[str, Term | None]]

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Term | None]]:
        return iter(self.rows)

    def column(self, name: str) -> list[Term | None]:
        """All values of one variable, in row order."""
        return [row.get(name) for row in self.rows]

    def to_json(self) -> list[dict[str, str | None]]:
        """Rows as plain strings, for JSON output."""
        return [{k: (None if v is None else str(v)) for k, v in row.items()} for row in self.rows]


@runtime_checkable
class Store(Protocol):
    """What goalgraph needs from a triple store."""

    @property
    def capabilities(self) -> Capabilities:
        """What this backend guarantees."""
        ...

    @property
    def location(self) -> str:
        """Where the data is: ``memory``, a folder or an endpoint URL (for messages)."""
        ...

    def replace_graph(self, graph: str, quads: Iterable[QuadLike]) -> int:
        """Replace the content of one named graph; returns the number of triples stored."""
        ...

    def replace_graphs(self, graphs: Mapping[str, Iterable[QuadLike]]) -> dict[str, int]:
        """Replace several named graphs in one write (atomic where ``transactional``)."""
        ...

    def remove_graph(self, graph: str) -> None:
        """Remove one named graph."""
        ...

    def named_graphs(self) -> list[str]:
        """The IRIs of the named graphs, sorted."""
        ...

    def graph_hash(self, graph: str) -> str:
        """A hash of one named graph's content; it changes whenever the content changes."""
        ...

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> SelectResult:
        """Run a SELECT query with bound parameters."""
        ...

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ASK query with bound parameters."""
        ...

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> rdflib.Graph:
        """Run a CONSTRUCT or DESCRIBE query."""
        ...

    def query_serialized(
        self, query: str, media_type: str, bindings: Mapping[str, Node] | None = None
    ) -> tuple[bytes, str]:
        """Run any query and serialise its result in a SPARQL results or RDF media type."""
        ...

    def dump(self, graph: str | None, media_type: str) -> bytes:
        """Serialise one named graph (or, with ``None``, all of them as a dataset or union)."""
        ...

    def to_rdflib(self, graphs: Sequence[str] | None = None) -> rdflib.Graph:
        """The triples of the given named graphs (default all) as one rdflib Graph."""
        ...

    def close(self) -> None:
        """Release the store (its folder lock or its connections)."""
        ...


# --- term conversion -------------------------------------------------------------------------


def to_ox(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """Convert an rdflib term to a pyoxigraph term."""
    if isinstance(term, rdflib.URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r} to an RDF term")


def to_rdflib(term: object) -> Term:
    """Convert a pyoxigraph term to an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return rdflib.Literal(term.value, lang=term.language)
        return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))
    raise TypeError(f"unsupported term {term!r}")


def rdflib_graph(triples: Iterable[ox.Triple]) -> rdflib.Graph:
    """An rdflib graph of Oxigraph triples (e.g. a CONSTRUCT result)."""
    graph = rdflib.Graph()
    for triple in triples:
        graph.add(
            (to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object))
        )
    return graph


def solution_rows(
    solutions: Iterable[Any], variables: Sequence[str]
) -> list[dict[str, Term | None]]:
    """SELECT solutions as rows of rdflib terms; a term that recurs (a municipality, a basis,
    a label) is converted once."""
    converted: dict[Any, Term] = {}
    rows = []
    for solution in solutions:
        row: dict[str, Term | None] = {}
        for var in variables:
            term = solution[var]
            if term is None:
                row[var] = None
                continue
            value = converted.get(term)
            if value is None:
                value = converted[term] = to_rdflib(term)
            row[var] = value
        rows.append(row)
    return rows


def _bytes(data: bytes | None) -> bytes:
    """pyoxigraph returns ``None`` only when it wrote to an output it was given."""
    if data is None:
        raise RuntimeError("serialisation produced no bytes")
    return data


def as_triples(quads: Iterable[QuadLike]) -> list[ox.Triple]:
    """Triples from quads or triples (a quad's graph name is dropped)."""
    return [q if isinstance(q, ox.Triple) else q.triple for q in quads]


def ntriples_hash(data: bytes) -> str:
    """An order-independent hash of N-Triples or N-Quads lines (the sum of the line hashes).

    Blank nodes count with the labels the store writes, so two loads of the same file may
    hash differently; a changed graph always hashes differently.

    >>> ntriples_hash(b"<a:s> <a:p> <a:o> .\\n<a:s> <a:p> <a:q> .\\n") == ntriples_hash(
    ...     b"<a:s> <a:p> <a:q> .\\n<a:s> <a:p> <a:o> .\\n")
    True
    """
    total = 0
    count = 0
    for raw in data.split(b"\n"):
        line = raw.strip()
        if not line or line.startswith(b"#"):
            continue
        total += int.from_bytes(hashlib.blake2b(line, digest_size=16).digest(), "big")
        count += 1
    return f"{count}-{total % (1 << 128):032x}"


def _ntriples(triples: Sequence[ox.Triple]) -> bytes:
    return _bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))


def iri_ref(iri: str) -> str:
    """``<iri>`` for SPARQL text; refuses characters that could end the IRI early."""
    if re.search(r'[\x00-\x20<>"{}|\\^`]', iri):
        raise QueryError(f"not an IRI: {iri!r}")
    return f"<{iri}>"


def replace_update(graphs: Mapping[str, list[ox.Triple]]) -> str:
    """One SPARQL update that replaces the given named graphs (one transaction on a server)."""
    ops = [f"DROP SILENT GRAPH {iri_ref(g)} ;\nCREATE SILENT GRAPH {iri_ref(g)}" for g in graphs]
    blocks = [
        f"GRAPH {iri_ref(g)} {{\n{_ntriples(t).decode('utf-8')}}}" for g, t in graphs.items() if t
    ]
    if blocks:
        ops.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(ops)


RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}

RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}


# --- the embedded store --------------------------------------------------------------------

_META = "goalgraph-store.json"
_FORMAT = "goalgraph-store/1"
_DATA_DIR = re.compile(r"^data-(\d{6})$")


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

    def __init__(self, path: Path | str | None = None) -> None:
        self.path = Path(path) if path is not None else None
        self._write_lock = threading.RLock()
        self._hash_lock = threading.Lock()
        self._hashes: dict[str, str] = {}
        self._generation = 0  # counts the writes; a hash read during one is not kept
        self._meta: dict[str, Any] = {}
        self._data_dir: Path | None = None
        self._ox: ox.Store | None = ox.Store() if self.path is None else self._open_disk(self.path)
        # the memory copy of a store on disk (see keep_memory_copy); all four under _write_lock
        self._copy: ox.Store | None = None
        self._copy_wanted = False
        self._copy_build = 0  # the number of the copy being built; a newer one outdates it
        self._copy_log: list[str] | None = None  # the updates made while the copy is built
        self._copy_ready = threading.Condition(self._write_lock)
        self._compaction: threading.Thread | None = None  # see _compact_later

    def __repr__(self) -> str:
        return f"OxigraphStore({self.location})"

    @classmethod
    def from_ntriples(cls, graphs: Mapping[str, bytes]) -> OxigraphStore:
        """A scratch in-memory store with the given named graphs (N-Triples), bulk loaded."""
        store = cls()
        for graph, data in graphs.items():
            name = ox.NamedNode(graph)
            store._store.add_graph(name)
            if data.strip():
                store._store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES, to_graph=name)
        return store

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
            self._drop_copy(wanted=False)
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
        copy = self._copy
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
            self._store  # noqa: B018 - raises when closed
            if not self._copy_wanted:
                self._copy_wanted = True
                self._start_copy()

    def wait_for_memory_copy(self, timeout: float | None = None) -> bool:
        """Wait until reads come from the memory copy; ``False`` if it is not ready after
        ``timeout`` seconds, none was asked for (see :meth:`keep_memory_copy`), or it could
        not be built (the reason is logged; reads then go to disk)."""
        with self._copy_ready:
            return (
                self._copy_ready.wait_for(
                    lambda: self._copy is not None or not self._copy_wanted, timeout
                )
                and self._copy is not None
            )

    def _start_copy(self) -> None:
        """Build a new memory copy of the store on disk in the background (under the lock)."""
        self._copy = None
        self._copy_build += 1
        self._copy_log = []
        thread = threading.Thread(
            target=self._build_copy,
            args=(self._store, self._copy_build),
            name="goalgraph-memory-copy",
            daemon=True,
        )
        thread.start()

    def _build_copy(self, source: ox.Store, build: int) -> None:
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
        with self._write_lock:
            if build != self._copy_build or source is not self._ox:
                return  # a bulk write or close came in between
            if copy is not None:
                try:
                    for update in self._copy_log or ():  # the writes made while it was built
                        copy.update(update)
                except (OSError, RuntimeError, ValueError) as exc:
                    copy, error = None, exc
            if copy is None:  # reads keep going to disk; waiters are told
                log.warning("could not build the memory copy of %s", self.location,
                            exc_info=error)  # fmt: skip
                self._copy_wanted = False
            self._copy = copy
            self._copy_log = None
            self._copy_ready.notify_all()

    def _drop_copy(self, *, wanted: bool) -> None:
        """Stop reading from the memory copy (under the lock); rebuild it when ``wanted``."""
        self._copy = None
        self._copy_log = None
        self._copy_build += 1
        self._copy_wanted = wanted and self._copy_wanted
        if self._copy_wanted and self._ox is not None:
            self._start_copy()
        self._copy_ready.notify_all()

    def _update(self, update: str) -> None:
        """Run a SPARQL update on the store, then on its memory copy (under the lock)."""
        self._store.update(update)
        if self._copy_log is not None:
            self._copy_log.append(update)
        if self._copy is not None:
            try:
                self._copy.update(update)
            except (OSError, RuntimeError, ValueError):
                log.warning("the memory copy of %s is rebuilt", self.location, exc_info=True)
                self._drop_copy(wanted=True)

    # -- opening a folder -----------------------------------------------------------------------

    def _open_disk(self, root: Path) -> ox.Store:
        try:
            if root.exists() and not root.is_dir():
                raise StoreError(f"cannot open the store at {root}: it is a file, not a folder")
            root.mkdir(parents=True, exist_ok=True)
            meta_path = root / _META
            entries = sorted(p.name for p in root.iterdir())
        except OSError as exc:
            raise StoreError(f"cannot open the store at {root}: {exc.strerror or exc}") from exc
        if meta_path.exists():
            self._meta = _read_meta(meta_path, root)
            current = root / str(self._meta["current"])
            if not current.is_dir():
                raise StoreError(
                    f"the store at {root} is damaged: its data folder {current.name} is missing"
                )
            store = _open_oxigraph(current, root)
            self._data_dir = current
            _remove_data_dirs(root, keep={current.name})
            return store
        if "CURRENT" in entries and any(e.startswith("OPTIONS") for e in entries):
            return _open_oxigraph(root, root)  # a plain Oxigraph folder
        if any(not _DATA_DIR.match(e) for e in entries):
            raise StoreError(
                f"{root} is not a goalgraph store: the folder holds other files "
                f"({', '.join(entries[:5])}); use an empty or new folder"
            )
        _remove_data_dirs(root, keep=set())  # left by a creation that was interrupted
        current = root / "data-000001"
        store = _open_oxigraph(current, root)
        self._data_dir = current
        self._meta = {"format": _FORMAT, "current": current.name}
        _write_meta(root, self._meta)
        return store

    # -- metadata ---------------------------------------------------------------------------

    def get_meta(self, key: str) -> Any:
        """A value kept with the store (e.g. the fingerprint of the data it was loaded from)."""
        return self._meta.get(key)

    def set_meta(self, key: str, value: Any) -> None:
        """Keep a JSON value with the store (written atomically on disk)."""
        with self._write_lock:
            self._meta[key] = value
            if self.path is not None and self._data_dir is not None:
                _write_meta(self.path, self._meta)

    # -- writing --------------------------------------------------------------------------------

    def replace_graph(self, graph: str, quads: Iterable[QuadLike]) -> int:
        return self.replace_graphs({graph: quads})[graph]

    def replace_graphs(self, graphs: Mapping[str, Iterable[QuadLike]]) -> dict[str, int]:
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
                self._forget_hashes(staged)
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
        names = list(dict.fromkeys(graphs))
        if not self._can_rebuild:  # a plain Oxigraph folder: one update transaction
            merged: dict[str, list[ox.Triple]] = {g: [] for g in names}
            for graph, part in parts:
                merged[graph].extend(_part_triples(part))
            return self.replace_graphs(merged) if merged else {}
        loaders = worker_count() if self.path is not None else 1  # memory: fast enough with one
        counts, texts = _nquads_for_loaders(set(names), parts, loaders)  # before any writing
        with self._write_lock:
            try:
                self._rebuild(names, texts)
                return {graph: counts.get(graph, 0) for graph in names}
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"cannot write to the store at {self.location}: {exc}") from exc
            finally:
                self._forget_hashes(names)

    @property
    def _can_rebuild(self) -> bool:
        return self.path is None or self._data_dir is not None

    def _forget_hashes(self, graphs: Iterable[str]) -> None:
        with self._hash_lock:
            self._generation += 1
            for graph in graphs:
                self._hashes.pop(graph, None)

    def _rebuild(self, names: Sequence[str], texts: Sequence[bytes]) -> None:
        """Build a new store with the untouched graphs and the new graphs' N-Quads ``texts``
        (bulk loaded in parallel), then switch to it."""
        old = self._reader  # the copy, when there is one, reads faster
        self._wait_for_compaction()
        if self.path is None or self._data_dir is None:
            new = ox.Store()
            target_dir = None
        else:
            number = int(_DATA_DIR.match(self._data_dir.name).group(1)) + 1  # type: ignore[union-attr]
            target_dir = self.path / f"data-{number:06d}"
            _remove_data_dirs(self.path, keep={self._data_dir.name})
            new = _open_oxigraph(target_dir, self.path)
        wanted = set(names)
        kept = [
            name
            for name in old.named_graphs()
            if isinstance(name, ox.NamedNode) and name.value not in wanted
        ]
        try:
            for name in [*kept, *(ox.NamedNode(g) for g in names)]:
                new.add_graph(name)
            kept_quads = _kept_quads(old, kept)
            if kept_quads is not None:
                new.bulk_extend(kept_quads)  # as they are, blank node labels included
            _bulk_load(new, texts)
            if target_dir is not None:
                new.flush()
        except BaseException:
            del new  # closes it (nothing else holds it), so that its folder can go
            if target_dir is not None:
                shutil.rmtree(target_dir, ignore_errors=True)
            raise
        if target_dir is not None and self.path is not None:
            meta = {**self._meta, "current": target_dir.name}
            _write_meta(self.path, meta)  # the switch: an atomic rename
            self._meta = meta
            self._data_dir = target_dir
        self._ox = new  # readers that started on the old store finish on it
        if target_dir is not None:
            self._compact_later(new)
        if self._copy_wanted:
            self._drop_copy(wanted=True)  # reads go to the new store until its copy is ready

    def _compact_later(self, store: ox.Store) -> None:
        """Compact a freshly loaded data folder in the background (merging the loaders' files
        makes lookups on disk about a fifth faster); reads and writes go on meanwhile, and
        :meth:`close` and the next bulk write wait for it."""

        def compact() -> None:
            try:
                store.optimize()
            except (OSError, RuntimeError):  # a slower store, not a broken one
                log.warning("could not compact the store at %s", self.location, exc_info=True)

        self._compaction = threading.Thread(target=compact, name="goalgraph-compact", daemon=True)
        self._compaction.start()

    def _wait_for_compaction(self) -> None:
        compaction, self._compaction = self._compaction, None
        if compaction is not None:
            compaction.join()

    def remove_graph(self, graph: str) -> None:
        with self._write_lock:
            try:
                self._update(f"DROP SILENT GRAPH {iri_ref(graph)}")
            except (OSError, RuntimeError) as exc:
                raise StoreError(f"cannot write to the store at {self.location}: {exc}") from exc
            finally:
                self._forget_hashes([graph])

    # -- reading --------------------------------------------------------------------------------

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._reader.named_graphs() if isinstance(g, ox.NamedNode))

    def graph_hash(self, graph: str) -> str:
        with self._hash_lock:
            cached = self._hashes.get(graph)
            generation = self._generation
        if cached is not None:
            return cached
        data = self._reader.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(graph))
        value = ntriples_hash(data or b"")
        self._keep_hash(graph, value, generation)
        return value

    def _keep_hash(self, graph: str, value: str, generation: int) -> None:
        """Keep a graph's hash unless a write came in since ``generation`` was read."""
        with self._hash_lock:
            if generation == self._generation:
                self._hashes.setdefault(graph, value)

    def _query(self, query: str, bindings: Mapping[str, Node] | None) -> object:
        try:
            return self._reader.query(bind_values(query, bindings), use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL syntax error: {exc}") from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryError(f"query failed: {exc}") from exc

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> SelectResult:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        variables = [v.value for v in result.variables]
        return SelectResult(variables, solution_rows(result, variables))

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> rdflib.Graph:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        return rdflib_graph(result)

    def query_serialized(
        self, query: str, media_type: str, bindings: Mapping[str, Node] | None = None
    ) -> tuple[bytes, str]:
        result = self._query(query, bindings)
        if isinstance(result, ox.QueryTriples):
            fmt = RDF_FORMATS.get(media_type, ox.RdfFormat.TURTLE)
            if fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):  # a query answers triples
                fmt = ox.RdfFormat.TURTLE
            return _bytes(result.serialize(format=fmt)), fmt.media_type
        fmt_r = RESULT_FORMATS.get(media_type, ox.QueryResultsFormat.JSON)
        return _bytes(result.serialize(format=fmt_r)), fmt_r.media_type  # type: ignore[attr-defined]

    def dump(self, graph: str | None, media_type: str) -> bytes:
        fmt = RDF_FORMATS.get(media_type)
        if fmt is None:
            raise ValueError(f"unsupported RDF media type {media_type!r}")
        with self._hash_lock:
            generation = self._generation
        store = self._reader
        if graph is not None and fmt == ox.RdfFormat.N_TRIPLES:
            data = store.dump(format=fmt, from_graph=ox.NamedNode(graph)) or b""
            self._keep_hash(graph, ntriples_hash(data), generation)  # for graph_hash
            return data
        if graph is not None:
            return _bytes(store.dump(format=fmt, from_graph=ox.NamedNode(graph), prefixes=PREFIXES))
        if fmt.supports_datasets:
            return _bytes(store.dump(format=fmt, prefixes=PREFIXES))
        quads = store.quads_for_pattern(None, None, None, None)
        return _bytes(
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
        for name in names:
            data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(name))
            out.parse(data=data, format="nt")
        return out


def _kept_quads(old: ox.Store, kept: Sequence[ox.NamedNode]) -> Iterator[ox.Quad] | None:
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
    """One graph as N-Quads (see :func:`_with_graph`)."""
    return _with_graph(graph, _ntriples(triples))


def _with_graph(graph: str, ntriples: bytes) -> bytes:
    """N-Triples as Oxigraph writes them, as N-Quads of ``graph``: the graph name added to
    every line (a line ends with `` .`` and a newline, and holds no other newline)."""
    return ntriples.replace(b" .\n", f" {iri_ref(graph)} .\n".encode())


def _part_triples(part: Part) -> list[ox.Triple]:
    if isinstance(part, bytes):
        return [q.triple for q in ox.parse(part, format=ox.RdfFormat.N_TRIPLES)]
    return as_triples(part)


def _nquads_for_loaders(
    graphs: set[str], parts: Iterable[tuple[str, Part]], loaders: int
) -> tuple[dict[str, int], list[bytes]]:
    """The triples per graph, and ``parts`` as at most ``loaders`` N-Quads texts of about equal
    size (see :func:`_loader_groups`)."""
    merged: dict[str, list[ox.Triple]] = {}
    counts: dict[str, int] = {}
    chunks: list[tuple[bytes, set[str]]] = []
    for graph, part in parts:
        if graph not in graphs:
            raise ValueError(f"graph {graph} was not announced for this write")
        if isinstance(part, bytes):  # N-Triples with blank nodes of its own
            counts[graph] = counts.get(graph, 0) + part.count(b"\n")
            if part:
                chunks.append((_with_graph(graph, part), set()))
        else:
            merged.setdefault(graph, []).extend(as_triples(part))
    for graph, triples in merged.items():
        counts[graph] = counts.get(graph, 0) + len(triples)
        if triples:
            chunks.append((_nquads(graph, triples), _blank_labels(triples)))
    return counts, _loader_groups(chunks, loaders)


def _blank_labels(triples: Iterable[ox.Triple]) -> set[str]:
    return {
        term.value
        for t in triples
        for term in (t.subject, t.object)
        if isinstance(term, ox.BlankNode)
    }


def _bulk_load(store: ox.Store, texts: Sequence[bytes]) -> None:
    """Bulk load N-Quads texts into ``store``, each in its own thread (Oxigraph's bulk loader
    runs on one core, without the GIL, and several may fill one store)."""
    if len(texts) <= 1:
        for text in texts:
            store.bulk_load(text, format=ox.RdfFormat.N_QUADS)
        return
    failures: list[BaseException] = []

    def load(text: bytes) -> None:
        try:
            store.bulk_load(text, format=ox.RdfFormat.N_QUADS)
        except BaseException as exc:  # raised again in the calling thread
            failures.append(exc)

    threads = [
        threading.Thread(target=load, args=(text,), name="goalgraph-bulk-load", daemon=True)
        for text in texts
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def _loader_groups(chunks: Sequence[tuple[bytes, set[str]]], loaders: int) -> list[bytes]:
    """The chunks (one per graph) joined into at most ``loaders`` texts of about equal size.
    Each graph goes to one loader whole, so its blank nodes stay one; when two chunks share a
    blank node label, all go through one loader."""
    seen: set[str] = set()
    for _, blanks in chunks:
        if seen & blanks:
            loaders = 1
            break
        seen |= blanks
    groups: list[list[bytes]] = [[] for _ in range(max(1, min(loaders, len(chunks))))]
    sizes = [0] * len(groups)
    for data, _ in sorted(chunks, key=lambda c: -len(c[0])):
        smallest = sizes.index(min(sizes))
        groups[smallest].append(data)
        sizes[smallest] += len(data)
    return [b"".join(group) for group in groups]


def worker_count() -> int:
    """The cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def _open_oxigraph(folder: Path, root: Path) -> ox.Store:
    """Open an Oxigraph folder; a lock or damage is a :class:`StoreError` naming ``root``."""
    try:
        return ox.Store(str(folder))
    except OSError as exc:
        text = str(exc)
        if "lock" in text.lower():
            raise StoreError(
                f"the store at {root} is in use: another process (or another open store in this "
                f"one) holds its lock; close it or choose another store ({text})"
            ) from exc
        raise StoreError(f"cannot open the store at {root}: {text}") from exc
    except RuntimeError as exc:
        raise StoreError(
            f"the store at {root} is damaged and was not changed ({exc}); restore it from a "
            "backup, or remove the folder to rebuild it from the data files"
        ) from exc


def _read_meta(path: Path, root: Path) -> dict[str, Any]:
    try:
        meta = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise StoreError(
            f"the store at {root} is damaged: cannot read {path.name} ({exc})"
        ) from exc
    if (
        not isinstance(meta, dict)
        or meta.get("format") != _FORMAT
        or not _DATA_DIR.match(str(meta.get("current", "")))
    ):
        raise StoreError(f"the store at {root} is damaged: {path.name} is not {_FORMAT} metadata")
    return meta


def _write_meta(root: Path, meta: Mapping[str, Any]) -> None:
    """Write the metadata file atomically (a new file, fsync, rename, fsync of the folder)."""
    tmp = root / f".{_META}.tmp"
    with open(tmp, "w", encoding="utf-8") as handle:
        json.dump(meta, handle, indent=2, sort_keys=True)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, root / _META)
    fd = os.open(root, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_data_dirs(root: Path, keep: set[str]) -> None:
    """Remove data folders that the metadata does not name (left by an interrupted bulk write
    or kept until no reader can still be using them)."""
    for entry in root.iterdir():
        if entry.is_dir() and _DATA_DIR.match(entry.name) and entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)


# --- opening a store by name -----------------------------------------------------------------


def open_store(spec: str | Path | None = None, *, timeout: float = 30.0) -> Store:
    """Open a store: ``None`` or ``memory:`` in memory, ``http(s)://…`` a SPARQL server (its
    query endpoint; see :class:`goalgraph.store.remote.RemoteStore`), anything else a folder.

    >>> open_store("memory:").capabilities.persistent
    False
    """
    text = "memory:" if spec is None else str(spec)
    if text in ("memory:", "memory", ":memory:"):
        return OxigraphStore()
    if re.match(r"^https?://", text, re.IGNORECASE):
        from goalgraph.store.remote import RemoteStore

        return RemoteStore.from_url(text, timeout=timeout)
    return OxigraphStore(Path(text.removeprefix("file://")).expanduser())
