"""Preparing a write to one municipality's graph: parse, patch on a copy, sanity checks.

Nothing here touches the store: the caller validates the candidate triples and commits them
(see ``api.service``). A patch is SPARQL Update limited by :func:`check_patch` and applied to
a private copy of the graph, so a failing patch changes nothing.
"""

from __future__ import annotations

import pyoxigraph as ox

from goalgraph.errors import GoalgraphError, InputError
from goalgraph.mediatypes import JSONLD, NTRIPLES, RDF_FORMATS, TURTLE
from goalgraph.namespaces import GG, municipality_iri
from goalgraph.sparql.guard import check_patch
from goalgraph.sparql.pool import run_patch
from goalgraph.store.load import parse_bytes

#: Media types a municipality graph may be sent in.
WRITE_FORMATS: dict[str, ox.RdfFormat] = {m: RDF_FORMATS[m] for m in (TURTLE, JSONLD, NTRIPLES)}
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


class UnsupportedFormatError(GoalgraphError):
    """A body in a media type that is not an accepted RDF format."""


class GraphContentError(GoalgraphError):
    """A graph that parses but is not a municipality's graph (e.g. the municipality is missing)."""


def rdf_format(media_type: str | None) -> ox.RdfFormat:
    """The RDF format of a ``Content-Type`` value; :class:`UnsupportedFormatError` otherwise."""
    base = (media_type or "").split(";")[0].strip().lower()
    fmt = WRITE_FORMATS.get(base)
    if fmt is None:
        raise UnsupportedFormatError(
            f"unsupported content type {base or '(none)'!r}; "
            f"send one of: {', '.join(WRITE_FORMATS)}"
        )
    return fmt


def parse_graph(data: bytes, media_type: str | None, *, source: str) -> list[ox.Triple]:
    """Parse a request body as RDF triples (no named graphs, no remote JSON-LD contexts)."""
    fmt = rdf_format(media_type)
    triples = parse_bytes(data, fmt, source=source)
    if not triples:
        raise InputError("holds no RDF triples", source=source)
    return triples


def check_municipality_graph(triples: list[ox.Triple], slug: str) -> None:
    """Refuse a graph that does not describe the municipality its URL names."""
    municipality = ox.NamedNode(str(municipality_iri(slug)))
    kind = ox.NamedNode(str(GG.Municipality))
    if not any(
        t.subject == municipality and t.predicate == RDF_TYPE and t.object == kind for t in triples
    ):
        raise GraphContentError(
            f"the graph for {slug!r} must describe the municipality <{municipality.value}> "
            "as a gg:Municipality"
        )


def apply_patch(current: bytes, update: str) -> list[ox.Triple]:
    """Apply a restricted SPARQL Update (:func:`check_patch`) to a copy of a graph given as
    N-Triples. The update runs in a worker process that can open no network connection
    (:func:`goalgraph.sparql.pool.run_patch`), so a patch that slipped past the check still
    cannot send a request."""
    check_patch(update)
    return run_patch(current, update)
