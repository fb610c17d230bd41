"""The media types goalgraph reads and writes: one table, with each type's short name,
aliases, file suffixes and Oxigraph format.

>>> MEDIA_TYPES["ntriples"].media_type
'application/n-triples'
>>> by_suffix(".ttl")
'text/turtle'
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

TURTLE = "text/turtle"
NTRIPLES = "application/n-triples"
NQUADS = "application/n-quads"
TRIG = "application/trig"
JSONLD = "application/ld+json"
RDFXML = "application/rdf+xml"
SPARQL_JSON = "application/sparql-results+json"
SPARQL_XML = "application/sparql-results+xml"
CSV = "text/csv"
TSV = "text/tab-separated-values"


@dataclass(frozen=True)
class MediaType:
    """A format: its short name, media type, other names and file suffixes."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()
    suffixes: tuple[str, ...] = ()


MEDIA_TYPES: dict[str, MediaType] = {
    m.name: m
    for m in (
        MediaType("json", "application/json"),
        MediaType("html", "text/html", ("htm",)),
        MediaType("turtle", TURTLE, ("ttl",), (".ttl", ".turtle")),
        MediaType("jsonld", JSONLD, ("json-ld",), (".jsonld", ".json")),
        MediaType("ntriples", NTRIPLES, ("nt", "n-triples"), (".nt",)),
        MediaType("rdfxml", RDFXML, ("rdf", "xml-rdf")),
        MediaType("srj", SPARQL_JSON, ("sparql-json",)),
        MediaType("srx", SPARQL_XML, ("xml", "sparql-xml")),
        MediaType("csv", CSV),
        MediaType("tsv", TSV),
        MediaType("svg", "image/svg+xml"),
        MediaType("png", "image/png"),
        MediaType("pdf", "application/pdf"),
        MediaType("markdown", "text/markdown", ("md",)),
        MediaType("text", "text/plain", ("txt",)),
    )
}

#: RDF media types and the Oxigraph format of each.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    TURTLE: ox.RdfFormat.TURTLE,
    NTRIPLES: ox.RdfFormat.N_TRIPLES,
    NQUADS: ox.RdfFormat.N_QUADS,
    TRIG: ox.RdfFormat.TRIG,
    JSONLD: ox.RdfFormat.JSON_LD,
    RDFXML: ox.RdfFormat.RDF_XML,
}

#: The formats of one graph (no named graphs), as a CONSTRUCT or DESCRIBE answer is written.
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    m: RDF_FORMATS[m] for m in (TURTLE, NTRIPLES, JSONLD, RDFXML)
}

#: SPARQL results media types and the Oxigraph format of each.
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    SPARQL_JSON: ox.QueryResultsFormat.JSON,
    SPARQL_XML: ox.QueryResultsFormat.XML,
    CSV: ox.QueryResultsFormat.CSV,
    TSV: ox.QueryResultsFormat.TSV,
}


def by_suffix(suffix: str) -> str | None:
    """The media type of a file suffix (``.ttl``), or ``None``."""
    wanted = suffix.lower()
    for media in MEDIA_TYPES.values():
        if wanted in media.suffixes:
            return media.media_type
    return None
