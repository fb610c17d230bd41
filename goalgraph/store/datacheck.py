"""Checks of a data folder's municipality files before anything is loaded.

Each municipality file that names a ``gg:Municipality`` must name one, whose
``gg:municipalityCode`` is in the reference list of Sweden's municipalities
(``data/reference/municipalities.ttl``); no two files may describe the same municipality; a
citation of a document whose sources it holds must quote a passage, and every source file under
``data/sources/<folder>/`` that a document names must exist and begin with the address it came from
(``URL: https://…``). A folder the data folder does not hold (e.g. the synthetic municipalities'
``synthetic/``) is not checked. The two seed documents at the top of ``data/sources/`` are
copies of the municipalities' own documents and have no address line.

The decisions are made on the parsed triples, never on the text of the RDF files.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import NamedTuple, cast

import pyoxigraph as ox

from goalgraph.errors import InputError
from goalgraph.store.bulk import worker_count

GG = "https://w3id.org/goalgraph/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
MUNICIPALITY = ox.NamedNode(GG + "Municipality")
CODE = ox.NamedNode(GG + "municipalityCode")
CITATION = ox.NamedNode(GG + "Citation")
PASSAGE = ox.NamedNode(GG + "passage")
CITED = ox.NamedNode(GG + "citedDocument")
SOURCE = ox.NamedNode("http://purl.org/dc/terms/source")
NOTATION = ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation")
SCHEME = ox.NamedNode("http://www.w3.org/2004/02/skos/core#inScheme")
#: The first line of a source file: ``URL: https://…`` (or ``URL (part): https://…``).
ADDRESS = re.compile(r"^URL(?: \([^)]*\))?: https?://\S+")
#: Each citation's cited documents' sources (a cited document is an IRI or a blank node).
_CITED_SOURCES = f"""SELECT ?citation ?source WHERE {{
  ?citation a <{GG}Citation> ; <{GG}citedDocument> ?document .
  FILTER(!isLiteral(?document))
  ?document <http://purl.org/dc/terms/source> ?source
}}"""
REFERENCE_SCHEME = ox.NamedNode("https://w3id.org/goalgraph/id/reference/municipalities")
#: Every predicate the rules of :meth:`DataCheck.file` read: a store holding only a file's
#: triples with these predicates gives the same findings as one holding them all.
WATCHED = frozenset({RDF_TYPE, CODE, PASSAGE, CITED, SOURCE})


def reference_codes(path: Path) -> set[str]:
    """The municipality codes of the reference list."""
    store = ox.Store()
    store.bulk_load(path=str(path), format=ox.RdfFormat.TURTLE)
    entries = {q.subject for q in store.quads_for_pattern(None, SCHEME, REFERENCE_SCHEME)}
    return {
        _text(q.object)
        for q in store.quads_for_pattern(None, NOTATION, None)
        if q.subject in entries
    }


class FileCheck(NamedTuple):
    """What the rules found in one file: its kommunkod, or the error that stops there."""

    code: str | None
    code_error: InputError | None = None  # not exactly one municipality or kommunkod
    citation_error: InputError | None = None  # a citation or source file breaks a rule


class DataCheck:
    """The rules for one data folder: :meth:`file` reads one file's triples (safe to call from
    several threads at once), :meth:`folder` decides on all files, in order."""

    def __init__(self, data_dir: Path) -> None:
        self.reference = data_dir / "reference" / "municipalities.ttl"
        self.codes = reference_codes(self.reference) if self.reference.is_file() else None
        self.sources = data_dir / "sources"
        self.held = _Held(self.sources)

    def file(self, store: ox.Store | None, path: Path) -> FileCheck:
        """The facts of one parsed file (``None``: a file these rules do not read)."""
        if store is None:
            return FileCheck(None)
        try:
            code = _code(store, path)
        except InputError as exc:
            return FileCheck(None, code_error=exc)
        if code is None:
            return FileCheck(None)  # no municipality here: validation reports what is missing
        try:
            _check_citations(store, path, self.sources, self.held)
        except InputError as exc:
            return FileCheck(code, citation_error=exc)
        return FileCheck(code)

    def folder(self, paths: Sequence[Path], checks: Sequence[FileCheck]) -> None:
        """Raise the first error in ``paths`` order, the rules applied in order for each."""
        seen: dict[str, Path] = {}
        for path, check in zip(paths, checks, strict=True):
            if check.code_error is not None:
                raise check.code_error
            code = check.code
            if code is None:
                continue
            if self.codes is not None and code not in self.codes:
                raise InputError(
                    f"kommunkod {code!r} is not in the reference list of Sweden's "
                    f"municipalities ({self.reference.name})",
                    source=str(path),
                )
            if code in seen:
                raise InputError(
                    f"a second file for the municipality with kommunkod {code} "
                    f"(also described by {seen[code].name}); one file per municipality",
                    source=str(path),
                )
            seen[code] = path
            if check.citation_error is not None:
                raise check.citation_error


def check_municipality_files(
    paths: Sequence[Path], data_dir: Path, parsed: Sequence[ox.Store | None] | None = None
) -> None:
    """Refuse the data folder's municipality files when one of them breaks a rule above; the
    :class:`~goalgraph.errors.InputError` names the file (the first one in ``paths`` order).

    ``parsed`` holds each file's triples when the caller has them (see :func:`parsed_file`);
    otherwise the files are parsed here, one thread per core (Oxigraph's parser does not hold
    the GIL). The rules are applied in order."""
    check = DataCheck(data_dir)
    if parsed is None:
        threads = max(1, min(worker_count(), len(paths)))
        with ThreadPoolExecutor(threads, thread_name_prefix="goalgraph-check") as pool:
            parsed = list(pool.map(parsed_file, paths))
    check.folder(
        paths, [check.file(store, path) for path, store in zip(paths, parsed, strict=True)]
    )


def checked_format(path: Path) -> bool:
    """Whether these rules read the file: Turtle and N-Triples (RDF/XML and JSON-LD are read
    only by the loader's guarded parse: no entities, no remote contexts)."""
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    return fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES)


def parsed_file(path: Path) -> ox.Store | None:
    """The file's triples in a scratch store (in any graph); ``None`` for a file these rules
    do not read or one that does not parse (the loader's parser reports it, with line and
    column)."""
    if not checked_format(path):
        return None
    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower())
    store = ox.Store()
    try:
        store.bulk_load(path=str(path), format=fmt)
    except (SyntaxError, ValueError, OSError):
        return None
    return store


def _code(store: ox.Store, path: Path) -> str | None:
    subjects = {q.subject for q in store.quads_for_pattern(None, RDF_TYPE, MUNICIPALITY)}
    if not subjects:
        return None
    if len(subjects) != 1:
        raise InputError(
            f"a municipality file describes exactly one gg:Municipality, not {len(subjects)}",
            source=str(path),
        )
    (subject,) = subjects
    found = {_text(q.object) for q in store.quads_for_pattern(subject, CODE, None)}
    if len(found) != 1:
        raise InputError(
            f"the municipality needs exactly one kommunkod (gg:municipalityCode), not {len(found)}",
            source=str(path),
        )
    return found.pop()


def _check_citations(store: ox.Store, path: Path, sources: Path, held: _Held) -> None:
    """Every citation of a document whose sources this data folder holds quotes a passage,
    and those source files exist and name their address."""
    names: dict[object, list[str]] = {}
    rows = store.query(_CITED_SOURCES, use_default_graph_as_union=True)
    for row in cast(ox.QuerySolutions, rows):
        names.setdefault(row[0], []).append(_text(row[1]))
    checked: set[str] = set()
    for quad in store.quads_for_pattern(None, RDF_TYPE, CITATION):
        citation = quad.subject
        kept = [n for n in names.get(citation, ()) if held(n)]
        if not kept:
            continue  # sources kept elsewhere (e.g. synthetic municipalities)
        passages = [_text(q.object) for q in store.quads_for_pattern(citation, PASSAGE, None)]
        if not any(p.strip() for p in passages):
            raise InputError("a citation quotes no passage (gg:passage)", source=str(path))
        for name in kept:
            if name not in checked:
                checked.add(name)
                _check_source(name, path, sources)


class _Held:
    """:func:`_held` for one check, each source folder (or seed) looked up once."""

    def __init__(self, sources: Path) -> None:
        self.sources = sources
        self.known: dict[tuple[str, bool], bool] = {}
        self.names: dict[str, bool] = {}

    def __call__(self, name: str) -> bool:
        found = self.names.get(name)
        if found is None:
            found = self.names[name] = self._folder(name)
        return found

    def _folder(self, name: str) -> bool:
        parts = Path(name).parts
        if not parts:
            return False
        key = (parts[0], len(parts) > 1)  # what _held looks at
        found = self.known.get(key)
        if found is None:
            found = self.known[key] = _held(name, self.sources)
        return found


def _held(name: str, sources: Path) -> bool:
    """Whether the data folder holds the copies of this source's folder (or the seed)."""
    parts = Path(name).parts
    if not parts:
        return False
    return (sources / parts[0]).is_dir() if len(parts) > 1 else (sources / parts[0]).is_file()


def _text(term: object) -> str:
    """The lexical value of a literal (or IRI); empty for anything else."""
    return term.value if isinstance(term, ox.Literal | ox.NamedNode) else ""


def _check_source(name: str, path: Path, sources: Path) -> None:
    parts = Path(name).parts
    if len(parts) == 1:
        return  # a seed document
    if ".." in parts or Path(name).is_absolute():
        raise InputError(f"source file {name!r} is outside data/sources", source=str(path))
    target = sources.joinpath(*parts)
    if not target.is_file():
        raise InputError(f"source file {name!r} does not exist in data/sources", source=str(path))
    with target.open(encoding="utf-8") as handle:
        first = handle.readline().strip()
    if not ADDRESS.match(first):
        raise InputError(
            f"source file {name!r} does not begin with its public address (URL: https://…)",
            source=str(path),
        )
