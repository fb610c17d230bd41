"""The service layer between the routers and the goalgraph library.

One :class:`GraphService` per app holds the store, a readers/writer lock (a write swaps a
municipality's graph while no reader is inside; writers queue behind one another), a
generation number that every commit increments, per-generation caches of views, reports and
diagrams, and the SPARQL worker pool. Its parts elsewhere: the lock and the cache
(:mod:`api.readcache`), the derived reads of pages, diagrams and the comparison
(:mod:`api.page_reads`, its base class) and the warm-up after writes (:mod:`api.warming`).
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import pyoxigraph as ox
import rdflib

from goalgraph.errors import GoalgraphError, InputError, NotFoundError
from goalgraph.mediatypes import GRAPH_FORMATS, NQUADS, NTRIPLES
from goalgraph.model.views import SLUG, LabelIndex, Views
from goalgraph.namespaces import ID, PREFIXES, municipality_graph
from goalgraph.sparql.guard import parse_query
from goalgraph.sparql.pool import Dataset, Limits, QueryResult, SparqlPool
from goalgraph.store.edit import (
    GraphContentError,
    apply_patch,
    parse_graph,
)
from goalgraph.store.oxigraph import Store, to_ox
from goalgraph.store.remote import RemoteStore
from goalgraph.store.terms import rdflib_graph
from goalgraph.validation.graph import ValidationReport, validate_graph
from goalgraph.validation.scale import ScaleReport, ValidationState, validate_store
from goalgraph.validation.write import (
    REFERENCE_SLUGS,
    CommitResult,
    StoreValidationError,
    check_slug,
    commit_municipality,
    copy_state,
    remove_municipality,
)

from .page_reads import PageReads
from .readcache import GenerationCache, RWLock, StaleReadError
from .settings import Settings
from .warming import warm_after_write

T = TypeVar("T")
READ_ONLY_GRAPHS = REFERENCE_SLUGS


class ValidationFailedError(GoalgraphError):
    """A write whose data does not conform to the integrity shapes; carries the report."""

    def __init__(self, message: str, report: dict[str, Any]) -> None:
        super().__init__(message)
        self.report = report


#: What a committed write did (:class:`goalgraph.validation.write.CommitResult`).
WriteResult = CommitResult


class GraphService(PageReads):
    """Reads, validated writes and SPARQL over one store (see the module docstring)."""

    def __init__(self, store: Store, settings: Settings) -> None:
        self.store = store
        self.settings = settings
        self.lock = RWLock()
        self._write_mutex = threading.Lock()
        self.generation = 0
        #: the generation and when its data was written (or the service started), together
        self.stamp = (0, dt.datetime.now(dt.UTC))
        self._views: tuple[int, Views] | None = None
        self._views_lock = threading.Lock()
        self.cache = GenerationCache()
        #: set by :meth:`close`; the warm-up after a write (``_warming``) stops at it
        self.closed = False
        self._warming: threading.Thread | None = None
        self._validation = {True: ValidationState(), False: ValidationState()}
        self._validation_lock = threading.Lock()
        self.pool = SparqlPool(
            Limits(timeout=settings.query_timeout, max_rows=settings.max_result_rows),
            size=settings.query_workers,
        )

    def close(self) -> None:
        """Stop the SPARQL workers, after the warm-up of the last write (if one runs)."""
        self.closed = True
        warming = self._warming
        if warming is not None:
            warming.join()
        self.pool.close()

    # -- reading -------------------------------------------------------------------------------

    def views(self) -> Views:
        """The view builder for the current data (its label index is rebuilt after a write)."""
        with self._views_lock:
            if self._views is None or self._views[0] != self.generation:
                generation = self.generation
                with self.lock.read():
                    self._views = (generation, Views(self.store, LabelIndex.build(self.store)))
            return self._views[1]

    def read(self, key: Hashable, build: Callable[[Views], T]) -> T:
        """A cached read: ``build(views)`` under the read lock, once per generation."""
        while True:
            generation = self.generation
            views = self.views()

            def run(views: Views = views, generation: int = generation) -> T:
                with self.lock.read():
                    if self.generation != generation:
                        raise StaleReadError
                    return build(views)

            try:
                return self.cache.get(generation, key, run)
            except StaleReadError:
                continue

    def slugs(self) -> list[str]:
        """The municipalities in the store."""
        return self.read(("slugs",), lambda v: [m["slug"] for m in v.municipalities("sv")])

    def require_municipality(self, slug: str) -> str:
        """``slug`` if it is a municipality in the store, else :class:`NotFoundError`."""
        if not SLUG.match(slug) or slug not in self.slugs():
            raise NotFoundError(f"unknown municipality {slug!r}; known: {', '.join(self.slugs())}")
        return slug

    def describe_rdf(self, iri: rdflib.URIRef, media_type: str) -> bytes:
        """The description of a resource in an RDF format."""

        def build(views: Views) -> bytes:
            if not views.exists(iri):
                raise NotFoundError(f"unknown resource <{iri}>")
            # N-Triples from the store (any backend), then serialised with goalgraph's prefixes
            body, _ = self.store.query_serialized("DESCRIBE ?r WHERE {}", NTRIPLES, {"r": iri})
            return serialize_triples(body, media_type)

        return self.read(("rdf", str(iri), media_type), build)

    def graph_rdf(self, slug: str, media_type: str) -> bytes:
        """One municipality's named graph in an RDF format."""
        graph = READ_ONLY_GRAPHS.get(slug) or str(
            municipality_graph(self.require_municipality(slug))
        )
        with self.lock.read():
            return self.store.dump(graph, media_type)

    def municipality_read(self, key: Hashable, slug: str, build: Callable[[Store], T]) -> T:
        """``build(store)`` for one municipality under the read lock, cached per generation
        (the authoring reads: sheet export, period diff, indicator status)."""
        self.require_municipality(slug)
        return self.read(("municipality-read", slug, key), lambda _v: build(self.store))

    # -- validation ----------------------------------------------------------------------------

    def store_report(self, *, audit: bool = True) -> ScaleReport:
        """The validation of every municipality graph, once per generation; after a write
        only the changed graphs are validated again (:func:`validate_store`)."""

        def build(_views: Views) -> ScaleReport:
            with self._validation_lock:
                return validate_store(self.store, audit=audit, state=self._validation[audit])

        return self.read(("store-report", audit), build)

    def municipality_report(self, slug: str, *, audit: bool = True) -> ScaleReport:
        """One municipality's part of :meth:`store_report`: the results about its nodes, and
        those without a municipality that were found in its graph."""
        self.require_municipality(slug)
        whole = self.store_report(audit=audit)
        iri, graph = str(ID[slug]), str(municipality_graph(slug))
        state = self._validation[audit]
        with self._validation_lock:
            unowned = {
                r
                for part, results in state.results.items()
                if graph in part
                for r in results
                if r.municipality is None
            }
        results = [r for r in whole.results if r.municipality == iri or r in unowned]
        conforms = not any(r.severity == "Violation" for r in results)
        report = ScaleReport(conforms, results, None, [iri])  # type: ignore[arg-type]
        report.stats = whole.stats
        return report

    def validate_upload(self, data: bytes, media_type: str, *, source: str) -> ValidationReport:
        """Validate uploaded RDF without storing it."""
        triples = parse_graph(data, media_type, source=source)
        return validate_graph(rdflib_graph(triples), audit=True)

    # -- writing -------------------------------------------------------------------------------

    def replace(self, slug: str, data: bytes, media_type: str | None) -> WriteResult:
        """Replace (or create) a municipality's graph with ``data`` (:meth:`_commit`)."""
        check_slug(slug)
        triples = parse_graph(data, media_type, source="request body")
        with self._write_mutex:
            return self._commit(slug, triples)

    def patch(self, slug: str, update: str) -> WriteResult:
        """Apply a restricted SPARQL Update to a copy of a municipality's graph and commit the
        result (:meth:`_commit`)."""
        check_slug(slug)
        self.require_municipality(slug)
        with self._write_mutex:
            with self.lock.read():
                current = self.store.dump(str(municipality_graph(slug)), NTRIPLES)
            triples = apply_patch(current, update)
            return self._commit(slug, triples)

    def import_graph(self, slug: str, graph: rdflib.Graph) -> WriteResult:
        """Replace a municipality's graph with an imported one (a sheet read by
        goalgraph.authoring), as :meth:`replace` does."""
        check_slug(slug)
        triples = []
        for s, p, o in graph:
            subject, predicate = to_ox(s), to_ox(p)
            if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
                raise GraphContentError(f"not an RDF triple: {s!r} {p!r} {o!r}")
            triples.append(ox.Triple(subject, predicate, to_ox(o)))
        with self._write_mutex:
            return self._commit(slug, triples)

    def delete(self, slug: str) -> WriteResult:
        """Remove a municipality's graph, unless the rest of the store still needs it; its
        cached views, reports and diagrams go with the generation, its validation results
        with the next validation run."""
        check_slug(slug, verb="removed")
        self.require_municipality(slug)
        with self._write_mutex:
            state = self._state_copy()
            try:
                result = remove_municipality(self.store, slug, state=state, lock=self._exclusive)
            except StoreValidationError as exc:
                raise ValidationFailedError(
                    str(exc).replace("the data for", "removing"), exc.report.to_json()
                ) from exc
            finally:
                self._keep_state(state)
        return result

    def _state_copy(self) -> ValidationState:
        """A private copy of the integrity validation state, for one write to check its
        candidate with (readers go on meanwhile; writers are kept out by the write mutex)."""
        with self._validation_lock:
            return copy_state(self._validation[False])

    def _keep_state(self, state: ValidationState) -> None:
        """Keep a write's state (brought up to date with the store before the write; the
        next validation run sees by the graph hashes what the write changed)."""
        if state.key:
            with self._validation_lock:
                self._validation[False] = state

    @contextmanager
    def _exclusive(self) -> Iterator[None]:
        """The write lock, while a checked write changes the store; the generation (and with
        it every cached view, report and diagram) moves on afterwards."""
        with self.lock.write():
            try:
                yield
            finally:
                self.generation += 1
                self.stamp = (self.generation, dt.datetime.now(dt.UTC))
                if self.settings.warm_after_write and not self.closed:
                    self._warming = warm_after_write(self)

    def _commit(self, slug: str, triples: list[ox.Triple]) -> WriteResult:
        """The validated write (:func:`goalgraph.validation.write.commit_municipality`): confined
        to the municipality, validated with the whole store, rolled back when refused."""
        state = self._state_copy()
        try:
            return commit_municipality(self.store, slug, triples, state=state, lock=self._exclusive)
        except StoreValidationError as exc:
            raise ValidationFailedError(str(exc), exc.report.to_json()) from exc
        finally:
            self._keep_state(state)

    # -- SPARQL --------------------------------------------------------------------------------

    def sparql(self, query: str, media_type: str, *, graphs: Dataset = None) -> QueryResult:
        """Run a public, read-only query with the time and size limits: a SPARQL server
        answers it itself, for the embedded store a worker process holding a copy of the data
        does (:mod:`goalgraph.sparql.pool`).

        The dataset is ``graphs`` (the protocol's ``default-graph-uri`` / ``named-graph-uri``)
        when given, else the query's ``FROM`` / ``FROM NAMED``, else the union of all graphs.
        """
        checked = parse_query(query)
        if graphs is None and checked.has_dataset:
            graphs = (checked.default_graphs, checked.named_graphs)
        if isinstance(self.store, RemoteStore):
            with self.pool.slot():
                return self.store.query_with_limits(
                    query, media_type, self.pool.limits, dataset=graphs
                )
        generation = self.generation

        def dataset() -> bytes:
            with self.lock.read():
                return self.store.dump(None, NQUADS)

        return self.pool.execute(
            query, media_type, generation=generation, dataset=dataset, graphs=graphs
        )


def serialize_triples(ntriples: bytes, media_type: str) -> bytes:
    """Re-serialise N-Triples in another RDF format, with goalgraph's prefixes."""
    if media_type == NTRIPLES:
        return ntriples
    triples = list(ox.parse(ntriples, format=ox.RdfFormat.N_TRIPLES))
    return ox.serialize(triples, format=GRAPH_FORMATS[media_type], prefixes=PREFIXES) or b""


__all__ = [
    "GraphService",
    "InputError",
    "RWLock",
    "ValidationFailedError",
    "WriteResult",
]
