"""Reading RDF files and loading goalgraph's data folder into a store.

Every file is parsed completely before anything is stored, so a broken file leaves the store
as it was. Parse errors name the file, line and column. JSON-LD remote contexts are never
fetched, and an RDF/XML document that declares entities or names an external DTD is refused
before Oxigraph sees it (no entity expansion, no external reference).

One thing over 400 lines: reading RDF files safely and loading them into a store; the checks
of each format and the bulk paths of the backends belong together.
"""

from __future__ import annotations

import gc
import hashlib
import itertools
import re
import xml.parsers.expat
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from goalgraph import resources
from goalgraph.conventions import SLUG
from goalgraph.errors import InputError
from goalgraph.namespaces import GRAPH, ONTOLOGY_IRI
from goalgraph.store.bulk import NQuads
from goalgraph.store.datacheck import (
    DataCheck,
    FileCheck,
    check_municipality_files,
    checked_format,
    parsed_file,
)
from goalgraph.store.open import open_store
from goalgraph.store.oxigraph import OxigraphStore, Store, worker_count

FORMATS_BY_SUFFIX: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".turtle": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".json": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}

FORMATS_BY_NAME: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "json-ld": ox.RdfFormat.JSON_LD,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nt": ox.RdfFormat.N_TRIPLES,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "n-triples": ox.RdfFormat.N_TRIPLES,
}

SDG_GRAPH = str(GRAPH["sdg"])
#: Sweden's 290 municipalities (``data/reference/municipalities.ttl``), beside the SDG graph.
MUNICIPALITIES_GRAPH = str(GRAPH["reference/municipalities"])
ONTOLOGY_GRAPH = str(GRAPH["ontology"])
#: External goal frameworks (``data/reference/frameworks/<name>.ttl``), one graph each.
FRAMEWORK_GRAPH_PREFIX = str(GRAPH["reference/frameworks/"])
_POSITION = re.compile(r"line (\d+)(?: between columns (\d+)| column (\d+))?")


def format_for(path: Path, explicit: str | None = None) -> ox.RdfFormat:
    """The RDF format of a file, from an explicit name or its suffix."""
    if explicit is not None:
        fmt = FORMATS_BY_NAME.get(explicit.lower()) or _media_type_format(explicit)
        if fmt is None:
            raise InputError(f"unknown RDF format {explicit!r}", source=str(path))
        return fmt
    fmt = FORMATS_BY_SUFFIX.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(sorted(FORMATS_BY_SUFFIX))
        raise InputError(
            f"not an RDF file: unknown suffix {path.suffix or '(none)'!r} "
            f"(expected one of {known})",
            source=str(path),
        )
    return fmt


def _media_type_format(media_type: str) -> ox.RdfFormat | None:
    try:
        return ox.RdfFormat.from_media_type(media_type.split(";")[0].strip())
    except ValueError:
        return None


def parse_bytes(data: bytes, fmt: ox.RdfFormat, *, source: str) -> list[ox.Triple]:
    """Parse RDF triples from bytes; a syntax error becomes an :class:`InputError`.

    Named graphs are refused: a municipality's data is one graph.
    """
    _check_text(data, fmt, source)
    check_xml_entities(data, fmt, source)
    try:
        quads = list(ox.parse(data, format=fmt, without_named_graphs=True))
    except SyntaxError as exc:
        raise _syntax_error(exc, source) from exc
    except ValueError as exc:
        raise InputError(str(exc), source=source) from exc
    return [q.triple for q in quads]


def _check_text(data: bytes, fmt: ox.RdfFormat, source: str) -> None:
    """Refuse what is not UTF-8 text (or holds NUL bytes where a text format is expected)."""
    try:
        text_check = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            "not UTF-8 text (is it an RDF file?)", source=source, line=bad_line
        ) from exc
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES) and "\x00" in text_check:
        raise InputError("contains NUL bytes: not an RDF text file", source=source)


class _PrologReadError(Exception):
    """Raised by the XML parser when the root element starts: the prolog has been read."""


def check_xml_entities(data: bytes, fmt: ox.RdfFormat, source: str) -> None:
    """Refuse an RDF/XML document whose document type declares entities (internal or
    external: the "billion laughs" and XXE forms) or refers to an external DTD.

    The decision is made by an XML parser (expat) on the document's prolog: it stops at the
    first declaration, before any entity is expanded, and at the root element, after which no
    declaration may follow. Other formats pass unchanged.
    """
    if fmt != ox.RdfFormat.RDF_XML:
        return
    parser = xml.parsers.expat.ParserCreate()

    def refuse(what: str) -> None:
        raise InputError(
            f"RDF/XML with {what} is refused (entity declarations and external DTDs are "
            "not read); write the IRIs out in full",
            source=source,
            line=parser.CurrentLineNumber,
        )

    def on_entity(name: str, is_parameter: int, *_rest: object) -> None:
        refuse(f"an entity declaration (<!ENTITY {'% ' if is_parameter else ''}{name}>)")

    def on_unparsed(name: str, *_rest: object) -> None:
        refuse(f"an entity declaration (<!ENTITY {name}>)")

    def on_doctype(name: str, system_id: str | None, public_id: str | None, _sub: int) -> None:
        if system_id is not None or public_id is not None:
            refuse(f"an external DTD (<!DOCTYPE {name} {system_id or public_id}>)")

    def on_root(*_args: object) -> None:
        raise _PrologReadError

    parser.EntityDeclHandler = on_entity
    parser.UnparsedEntityDeclHandler = on_unparsed
    parser.StartDoctypeDeclHandler = on_doctype
    parser.StartElementHandler = on_root
    try:
        parser.Parse(data, True)
    except _PrologReadError:
        return
    except xml.parsers.expat.ExpatError as exc:
        raise InputError(
            f"not well-formed XML: {xml.parsers.expat.errors.messages[exc.code]}",
            source=source,
            line=exc.lineno,
            column=exc.offset + 1,
        ) from exc


def _syntax_error(exc: SyntaxError, source: str) -> InputError:
    line, column = _position(str(exc))
    return InputError(_clean_message(str(exc)), source=source, line=line, column=column)


def file_ntriples(path: Path) -> bytes | list[ox.Triple]:
    """One data file as N-Triples text, parsed by Oxigraph in a scratch in-memory store (no
    Python object per triple); its blank nodes get labels of their own. JSON-LD is parsed as
    :func:`parse_file` does (triples). Errors name the file and line."""
    return _scratch_ntriples(path)[1]


def _scratch_ntriples(
    path: Path, graph: str | None = None
) -> tuple[ox.Store | None, bytes | list[ox.Triple]]:
    """:func:`file_ntriples`, with the scratch store that parsed the file (``None`` for
    JSON-LD). With ``graph``, the text is N-Quads of that graph (:class:`NQuads`), written by
    Oxigraph in the calling thread."""
    rdf_format = format_for(path)
    if rdf_format not in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.RDF_XML):
        return None, parse_file(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=str(path)) from exc
    _check_text(data, rdf_format, str(path))
    check_xml_entities(data, rdf_format, str(path))
    scratch = ox.Store()
    # a triple format: every triple goes to one graph
    target = ox.NamedNode(graph if graph is not None else "urn:goalgraph:scratch")
    text: bytes
    try:
        scratch.load(data, format=rdf_format, to_graph=target)
        if graph is None:
            text = scratch.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=target) or b""
        else:
            text = NQuads(scratch.dump(format=ox.RdfFormat.N_QUADS) or b"")
    except SyntaxError as exc:
        raise _syntax_error(exc, str(path)) from exc
    except ValueError as exc:
        raise InputError(str(exc), source=str(path)) from exc
    if not text:
        raise InputError("holds no RDF triples", source=str(path))
    return scratch, text


@dataclass
class _ReadFile:
    """A municipality file read once for the data check and the load."""

    check: FileCheck  # what the data check's rules found in it
    text: bytes | list[ox.Triple] = b""
    error: Exception | None = None  # raised when the load reaches the file


def _read_file(path: Path, graph: str, check: DataCheck) -> _ReadFile:
    """Parse one file (its N-Quads for ``graph``) and apply the data check's rules to it."""
    try:
        scratch, text = _scratch_ntriples(path, graph)
    except Exception as exc:  # the data check parses the file on its own, as it would
        return _ReadFile(check.file(parsed_file(path), path), error=exc)
    return _ReadFile(check.file(scratch if checked_format(path) else None, path), text)


def _loaded_text(read: _ReadFile) -> bytes | list[ox.Triple]:
    if read.error is not None:
        raise read.error
    return read.text


def parse_file(path: Path, fmt: str | None = None) -> list[ox.Triple]:
    """Parse one RDF file; errors name the file and line."""
    rdf_format = format_for(path, fmt)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=str(path)) from exc
    triples = parse_bytes(data, rdf_format, source=str(path))
    if not triples:
        raise InputError("holds no RDF triples", source=str(path))
    return triples


def _position(message: str) -> tuple[int | None, int | None]:
    match = _POSITION.search(message)
    if not match:
        return None, None
    column = match.group(2) or match.group(3)
    return int(match.group(1)), int(column) if column else None


def _clean_message(message: str) -> str:
    message = re.sub(r"^Parser error at line \d+ between columns \d+ and \d+: ", "", message)
    return re.sub(r" \(line \d+\)$", "", message)


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
            # each file parsed once by Oxigraph (without a Python object per triple), one
            # thread per core (the parser does not hold the GIL), for the data check and the
            # load; read in order, so the first broken file is the one reported
            check = DataCheck(data_dir)
            with ThreadPoolExecutor(worker_count(), thread_name_prefix="goalgraph-parse") as pool:
                read = list(pool.map(_read_file, paths, names, itertools.repeat(check)))
            check.folder(paths, [r.check for r in read])
            texts = map(_loaded_text, read)
            parts = itertools.chain(reference(), zip(names, texts, strict=True))
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
    "FRAMEWORK_GRAPH_PREFIX",
    "MUNICIPALITIES_GRAPH",
    "ONTOLOGY_GRAPH",
    "ONTOLOGY_IRI",
    "SDG_GRAPH",
    "LoadSummary",
    "check_xml_entities",
    "data_fingerprint",
    "default_store",
    "format_for",
    "load_data",
    "load_files",
    "municipality_files",
    "open_loaded_store",
    "parse_bytes",
    "parse_file",
    "stored_summary",
]
