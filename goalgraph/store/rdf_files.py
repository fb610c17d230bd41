"""Reading RDF files safely: the format from a file's name, a parse whose errors name the file,
line and column, and the guards before any parser sees the bytes (UTF-8 text, no NUL bytes in
a text format; no entity declarations or external DTD in RDF/XML). JSON-LD remote contexts are
never fetched."""

from __future__ import annotations

import re
import xml.parsers.expat
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from goalgraph.errors import InputError
from goalgraph.store.bulk import NQuads, with_graph

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


def file_nquads(
    path: Path, graph: str, watched: frozenset[ox.NamedNode] = frozenset()
) -> tuple[NQuads, list[ox.Quad]]:
    """One data file as N-Quads text of ``graph``, written by Oxigraph from its own strict
    parse (blank nodes renamed, so that they are the file's own), and the triples whose
    predicate is in ``watched`` (for checks that read only those). Errors name the file,
    line and column."""
    rdf_format = format_for(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", source=str(path)) from exc
    _check_text(data, rdf_format, str(path))
    check_xml_entities(data, rdf_format, str(path))
    kept: list[ox.Quad] = []

    def watching() -> Iterator[ox.Quad]:
        for quad in ox.parse(
            data, format=rdf_format, without_named_graphs=True, rename_blank_nodes=True
        ):
            if quad.predicate in watched:
                kept.append(quad)
            yield quad

    try:
        text = ox.serialize(watching(), format=ox.RdfFormat.N_TRIPLES) or b""
    except SyntaxError as exc:
        raise _syntax_error(exc, str(path)) from exc
    except ValueError as exc:
        raise InputError(str(exc), source=str(path)) from exc
    if not text:
        raise InputError("holds no RDF triples", source=str(path))
    return NQuads(with_graph(graph, text)), kept
