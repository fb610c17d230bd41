"""Writing SPARQL 1.1 SELECT results (JSON, XML, CSV, TSV) from solutions already read.

pyoxigraph serialises a whole result iterator; a capped read (at most N rows) needs its own
writer. The output follows the W3C result formats; ``tests/api`` checks it against
pyoxigraph's own serialiser.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Sequence
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from goalgraph.mediatypes import CSV, SPARQL_JSON, SPARQL_XML, TSV

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

Row = Sequence[object | None]


def _json_term(term: object) -> dict[str, object]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out: dict[str, object] = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != XSD_STRING:
            out["datatype"] = term.datatype.value
        return out
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": _json_term(term.subject),
                "predicate": _json_term(term.predicate),
                "object": _json_term(term.object),
            },
        }
    raise TypeError(f"unsupported term {term!r}")


def to_json(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    """``application/sparql-results+json``."""
    bindings = [
        {
            var: _json_term(value)
            for var, value in zip(variables, row, strict=True)
            if value is not None
        }
        for row in rows
    ]
    doc = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _xml_term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        if term.datatype.value != XSD_STRING:
            return (
                f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
            )
        return f"<literal>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        parts = (
            ("subject", term.subject),
            ("predicate", term.predicate),
            ("object", term.object),
        )
        return "<triple>" + "".join(f"<{n}>{_xml_term(t)}</{n}>" for n, t in parts) + "</triple>"
    raise TypeError(f"unsupported term {term!r}")


def to_xml(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    """``application/sparql-results+xml``."""
    out = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head>']
    out.extend(f"<variable name={quoteattr(v)}/>" for v in variables)
    out.append("</head><results>")
    for row in rows:
        out.append("<result>")
        for var, value in zip(variables, row, strict=True):
            if value is not None:
                out.append(f"<binding name={quoteattr(var)}>{_xml_term(value)}</binding>")
        out.append("</result>")
    out.append("</results></sparql>")
    return "".join(out).encode("utf-8")


def _csv_value(term: object | None) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode | ox.Literal):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return str(term)


def to_csv(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    """``text/csv`` (values only: IRIs and lexical forms, as the W3C CSV format says)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(variables)
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return buffer.getvalue().encode("utf-8")


def _tsv_value(term: object | None) -> str:
    if term is None:
        return ""
    text = str(term)  # N-Triples syntax
    return text.replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def to_tsv(variables: Sequence[str], rows: Sequence[Row]) -> bytes:
    """``text/tab-separated-values`` (terms in Turtle/N-Triples syntax)."""
    lines = ["\t".join(f"?{v}" for v in variables)]
    lines.extend("\t".join(_tsv_value(v) for v in row) for row in rows)
    return ("\n".join(lines) + "\n").encode("utf-8")


WRITERS: dict[str, Callable[[Sequence[str], Sequence[Row]], bytes]] = {
    SPARQL_JSON: to_json,
    SPARQL_XML: to_xml,
    CSV: to_csv,
    TSV: to_tsv,
}
