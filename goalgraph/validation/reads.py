"""The triples the engine shapes can read, so that an engine call is given no others.

Without SPARQL, rules, custom components or closed shapes, a SHACL engine reads only triples
whose predicate is in a path, a target, an ``sh:equals``-like comparison, ``rdf:type`` or
``rdfs:subClassOf``; the rest (labels, identifiers, years no shape checks) is dropped before
the call, except what names a result (``gg:municipality``, every triple of a blank node).
The results are the same; the engine's cost grows with the triples it is given, and the
ontology alone was most of a small part's call.
"""

from __future__ import annotations

import re

from rdflib import Graph, URIRef
from rdflib.term import Node

from goalgraph.namespaces import SH

#: what makes a shapes graph read more than the triples described above (with ``sh:closed``)
_UNSAFE = (
    SH.sparql,
    SH.target,
    SH.rule,
    SH.validator,
    SH.nodeValidator,
    SH.propertyValidator,
    SH.parameter,
    SH.expression,
    SH.values,
    SH.js,
    SH.jsFunctionName,
)

_COMPARED = (SH.equals, SH.disjoint, SH.lessThan, SH.lessThanOrEquals)
_TARGETED = (SH.targetSubjectsOf, SH.targetObjectsOf)
_ALWAYS_READ = (
    "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
    "http://www.w3.org/2000/01/rdf-schema#subClassOf",
    "https://w3id.org/goalgraph/ontology#municipality",  # names a result's municipality
)


def unread_lines(shapes: Graph) -> re.Pattern[bytes] | None:
    """A pattern of the N-Triples lines the shapes cannot read (a named subject, a predicate
    in no path, target or comparison, an object that is no blank node), or ``None`` when the
    shapes can read any triple (closed shapes, SPARQL, rules, custom components)."""
    if any((None, p, None) in shapes for p in _UNSAFE) or (None, SH.closed, None) in shapes:
        return None
    read = set(_ALWAYS_READ)
    for path in shapes.objects(None, SH.path):
        read.update(iri.decode() for iri in _iris_under(shapes, path))
    for predicate in (*_COMPARED, *_TARGETED):
        read.update(str(o) for o in shapes.objects(None, predicate) if isinstance(o, URIRef))
    by_namespace: dict[str, list[str]] = {}
    for iri in sorted(read):  # one alternative per namespace: far fewer to try per line
        cut = max(iri.rfind("#"), iri.rfind("/")) + 1
        by_namespace.setdefault(iri[:cut], []).append(iri[cut:])
    kept = "|".join(
        re.escape(namespace) + "(?:" + "|".join(re.escape(n) for n in names) + ")"
        for namespace, names in by_namespace.items()
    )
    return re.compile(
        rf"^<[^>]*>[ \t]+<(?!(?:{kept})>)[^>]*>[ \t]+(?!_:)[^\n]*\n?".encode(), re.MULTILINE
    )


def readable(data: bytes, unread: re.Pattern[bytes] | None) -> bytes:
    """``data`` without the lines ``unread`` matches."""
    return data if unread is None else unread.sub(b"", data)


def _iris_under(shapes: Graph, start: Node) -> set[bytes]:
    seen: set[Node] = set()
    frontier = [start]
    iris: set[bytes] = set()
    while frontier:
        node = frontier.pop()
        if node in seen:
            continue
        seen.add(node)
        if isinstance(node, URIRef):
            iris.add(str(node).encode())
            continue
        frontier.extend(o for _, o in shapes.predicate_objects(node))
    return iris
