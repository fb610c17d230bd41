"""Loading goalgraph's data folder (and single files) into a store.

Every file is parsed completely before the store changes, so a broken file leaves the store as
it was. Reading the files safely (formats, guards, errors with file, line and column) is
:mod:`goalgraph.store.rdf_files`; the data folder's own rules are
:mod:`goalgraph.store.datacheck`. On the embedded store the files are parsed one after another
while Oxigraph's bulk loaders fill a new data folder, which becomes the store only when every
file parsed and the data check passed.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from goalgraph import resources
from goalgraph.conventions import SLUG
from goalgraph.errors import InputError
from goalgraph.namespaces import GRAPH, ONTOLOGY_IRI
from goalgraph.store.bulk import Part
from goalgraph.store.datacheck import (
    WATCHED,
    DataCheck,
    FileCheck,
    check_municipality_files,
    checked_format,
    parsed_file,
)
from goalgraph.store.open import open_store
from goalgraph.store.oxigraph import OxigraphStore, Store
from goalgraph.store.rdf_files import (
    FORMATS_BY_NAME,
    FORMATS_BY_SUFFIX,
    check_xml_entities,
    file_nquads,
    format_for,
    parse_bytes,
    parse_file,
)

SDG_GRAPH = str(GRAPH["sdg"])
#: Sweden's 290 municipalities (``data/reference/municipalities.ttl``), beside the SDG graph.
MUNICIPALITIES_GRAPH = str(GRAPH["reference/municipalities"])
ONTOLOGY_GRAPH = str(GRAPH["ontology"])
#: External goal frameworks (``data/reference/frameworks/<name>.ttl``), one graph each.
FRAMEWORK_GRAPH_PREFIX = str(GRAPH["reference/frameworks/"])


@dataclass
class _ReadFile:
    """A municipality file read once for the data check and the load."""

    check: FileCheck  # what the data check's rules found in it
    text: bytes = b""
    error: Exception | None = None  # raised after the data check


def _read_file(path: Path, graph: str, check: DataCheck) -> _ReadFile:
    """Parse one file (its N-Quads for ``graph``) and apply the data check's rules to the
    triples they read."""
    try:
        text, watched = file_nquads(path, graph, WATCHED)
    except Exception as exc:  # the data check parses the file on its own, as it would
        return _ReadFile(check.file(parsed_file(path), path), error=exc)
    scratch = None
    if checked_format(path):
        scratch = ox.Store()
        scratch.extend(watched)
    return _ReadFile(check.file(scratch, path), text)


def _municipality_parts(
    paths: Sequence[Path], names: Sequence[str], check: DataCheck
) -> Iterator[tuple[str, bytes]]:
    """Each municipality file, in order, as its graph's N-Quads. After the last one the data
    check decides on all of them (its first error in file order), then the first file that
    did not parse raises its error; nothing is yielded after a file that did not parse."""
    checks: list[FileCheck] = []
    failed: Exception | None = None
    for path, name in zip(paths, names, strict=True):
        read = _read_file(path, name, check)
        checks.append(read.check)
        if read.error is not None:
            failed = failed or read.error
        elif failed is None:
            yield name, read.text
    check.folder(paths, checks)
    if failed is not None:
        raise failed


@dataclass
class LoadSummary:
    """What was loaded: triples per named graph, and the municipality slugs."""

    graphs: dict[str, int] = field(default_factory=dict)
    municipalities: list[str] = field(default_factory=list)
    #: True when a persistent store already held this data and was not written.
    reused: bool = False

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def municipality_files(data_dir: Path) -> list[Path]:
    """The municipality files of a data folder, sorted by slug."""
    folder = data_dir / "municipalities"
    files = sorted(
        p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in FORMATS_BY_SUFFIX
    )
    for path in files:
        if not SLUG.match(path.stem):
            raise InputError(
                "a municipality file name must be a lower-case slug such as 'nora.ttl'",
                source=str(path),
            )
    return files


def sdg_triples(folder: Path) -> list[ox.Triple]:
    """The Agenda 2030 graph: ``sdg.ttl`` and every other ``*.ttl`` of the folder (e.g. the
    Swedish target texts, ``targets-sv.ttl``)."""
    files = sorted(folder.glob("*.ttl"), key=lambda p: (p.name != "sdg.ttl", p.name))
    return [t for path in files for t in parse_file(path)]


def load_data(store: Store, data_dir: Path | None = None) -> LoadSummary:
    """Load the ontology, the SDG graph and every municipality of ``data_dir`` into ``store``.

    The store is written only when every file parsed; on the embedded store as one bulk write
    into a new data folder that replaces the old one at the end.
    """
    data_dir = resources.data_dir() if data_dir is None else data_dir
    paths = municipality_files(data_dir)
    summary = LoadSummary(municipalities=[p.stem for p in paths])

    def reference() -> Iterator[tuple[str, list[ox.Triple]]]:
        yield ONTOLOGY_GRAPH, parse_file(resources.ontology_file())
        yield SDG_GRAPH, sdg_triples(data_dir / "sdg")
        yield from _municipalities_reference(data_dir)
        yield from _framework_references(data_dir)

    names = [str(GRAPH[p.stem]) for p in paths]
    with _gc_paused():  # many short-lived triples, no cycles: the cyclic GC would only scan
        if isinstance(store, OxigraphStore):
            # each file parsed once, for the data check and the load, while the loaders fill
            # the new data folder; the first broken file in order is the one reported
            parts: Iterator[tuple[str, Part]] = itertools.chain(
                reference(), _municipality_parts(paths, names, DataCheck(data_dir))
            )
            graphs = [ONTOLOGY_GRAPH, SDG_GRAPH, *_reference_names(data_dir), *names]
            summary.graphs.update(store.replace_graphs_from(graphs, parts))
        else:
            check_municipality_files(paths, data_dir)  # before anything is written
            parsed = zip(names, map(parse_file, paths), strict=True)
            _commit(store, [*reference(), *parsed], summary)
    return summary


def _municipalities_reference(data_dir: Path) -> Iterator[tuple[str, list[ox.Triple]]]:
    """The municipality reference graph, when the data folder has one."""
    path = data_dir / "reference" / "municipalities.ttl"
    if path.is_file():
        yield MUNICIPALITIES_GRAPH, parse_file(path)


def _reference_names(data_dir: Path) -> list[str]:
    return (
        [MUNICIPALITIES_GRAPH] if (data_dir / "reference" / "municipalities.ttl").is_file() else []
    ) + [FRAMEWORK_GRAPH_PREFIX + p.stem for p in framework_files(data_dir)]


def framework_files(data_dir: Path) -> list[Path]:
    """The external goal frameworks of a data folder (``reference/frameworks/*.ttl``)."""
    folder = data_dir / "reference" / "frameworks"
    return sorted(folder.glob("*.ttl")) if folder.is_dir() else []


def _framework_references(data_dir: Path) -> Iterator[tuple[str, list[ox.Triple]]]:
    for path in framework_files(data_dir):
        yield FRAMEWORK_GRAPH_PREFIX + path.stem, parse_file(path)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector (reference counting goes on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load_files(store: Store, paths: Iterable[Path], *, fmt: str | None = None) -> LoadSummary:
    """Load municipality files (graph named after each file's stem), plus the reference data."""
    summary = LoadSummary()
    staged: list[tuple[str, list[ox.Triple]]] = []
    for path in paths:
        staged.append((str(GRAPH[_slug(path)]), parse_file(path, fmt)))
        summary.municipalities.append(_slug(path))
    if ONTOLOGY_GRAPH not in store.named_graphs():
        staged.append((ONTOLOGY_GRAPH, parse_file(resources.ontology_file())))
    if SDG_GRAPH not in store.named_graphs():
        staged.append((SDG_GRAPH, sdg_triples(resources.sdg_file().parent)))
    if MUNICIPALITIES_GRAPH not in store.named_graphs():
        staged.extend(_municipalities_reference(resources.data_dir()))
    for graph, triples in _framework_references(resources.data_dir()):
        if graph not in store.named_graphs():
            staged.append((graph, triples))
    _commit(store, staged, summary)
    return summary


def _slug(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or "upload"


def _commit(store: Store, staged: list[tuple[str, list[ox.Triple]]], summary: LoadSummary) -> None:
    """Write every staged graph in one ``replace_graphs`` call (one transaction where the
    store has them); several entries for one graph are merged."""
    merged: dict[str, list[ox.Triple]] = {}
    for graph, triples in staged:
        merged.setdefault(graph, []).extend(triples)
    summary.graphs.update(store.replace_graphs(merged))


def default_store(data_dir: Path | None = None) -> OxigraphStore:
    """An embedded in-memory store loaded from the data folder."""
    store = OxigraphStore()
    load_data(store, data_dir)
    return store


def data_fingerprint(data_dir: Path | None = None) -> str:
    """A hash of the ontology and every file under the data folder's ``sdg/``, ``reference/``
    and ``municipalities/`` (names and contents), to tell whether a store is up to date."""
    data_dir = resources.data_dir() if data_dir is None else data_dir
    digest = hashlib.sha256(str(data_dir.resolve()).encode())
    files = [resources.ontology_file()]
    for sub in ("sdg", "reference", "municipalities"):
        folder = data_dir / sub
        if folder.is_dir():
            files.extend(sorted(p for p in folder.rglob("*") if p.is_file()))
    for path in files:
        digest.update(str(path).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def stored_summary(store: Store) -> LoadSummary:
    """What a store holds: triples per named graph and the municipality slugs."""
    rows = store.select("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    summary = LoadSummary(reused=True)
    for row in rows:
        graph, count = str(row["g"]), int(str(row["n"]))
        summary.graphs[graph] = count
        slug = graph.removeprefix(str(GRAPH))
        if graph != slug and graph not in (SDG_GRAPH, ONTOLOGY_GRAPH) and SLUG.match(slug):
            summary.municipalities.append(slug)
    summary.municipalities.sort()
    return summary


def open_loaded_store(
    spec: str | Path | None = None, data_dir: Path | None = None
) -> tuple[Store, LoadSummary]:
    """Open a store (see :func:`goalgraph.store.oxigraph.open_store`) that holds the data.

    An in-memory store is loaded from ``data_dir``. A store in a folder is loaded when the data
    files changed since it was last loaded from them (:func:`data_fingerprint`); otherwise it is
    used as it is, with the writes made through the API since then. A remote store is used as
    it is, and loaded only while it holds no municipality.
    """
    store = open_store(spec)
    try:
        if isinstance(store, OxigraphStore) and store.path is not None:
            fingerprint = data_fingerprint(data_dir)
            if store.get_meta("source") == fingerprint:
                return store, stored_summary(store)
            summary = load_data(store, data_dir)
            store.set_meta("source", fingerprint)
            return store, summary
        if store.capabilities.remote:
            summary = stored_summary(store)
            if summary.municipalities:
                return store, summary
        return store, load_data(store, data_dir)
    except BaseException:
        store.close()
        raise


__all__ = [
    "FORMATS_BY_NAME",
    "FORMATS_BY_SUFFIX",
    "FRAMEWORK_GRAPH_PREFIX",
    "MUNICIPALITIES_GRAPH",
    "ONTOLOGY_GRAPH",
    "ONTOLOGY_IRI",
    "SDG_GRAPH",
    "LoadSummary",
    "check_xml_entities",
    "data_fingerprint",
    "default_store",
    "file_nquads",
    "format_for",
    "load_data",
    "load_files",
    "municipality_files",
    "open_loaded_store",
    "parse_bytes",
    "parse_file",
    "stored_summary",
]
