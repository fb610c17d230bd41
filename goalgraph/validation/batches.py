"""What one engine call needs of the data, and which parts can share one call, with exactly
the results of separate calls.

**The triples the shapes can read.** Without SPARQL, rules, custom components or closed
shapes, the engine reads only triples whose predicate is in a path, a target, an
``sh:equals``-like comparison, ``rdf:type`` or ``rdfs:subClassOf``; the rest (labels,
identifiers, years nobody checks) is dropped before the call, except what names a result
(``gg:municipality``, every triple of a blank node).

**Parts in one call.** An engine call has a fixed cost (the ontology is inserted and read
again, the call itself), so a worker validates several parts in one call when that cannot
change a result. The argument, for core SHACL without SPARQL, rules or custom components:
validating a focus node reads the triples *from* the nodes it reaches (paths, ``sh:class``,
targets) and, only for the predicates under an ``sh:inversePath`` or of an
``sh:targetObjectsOf``, the triples *into* them. A part joins a group when none of the triples
it adds starts at a node of the group (data, reference or ontology) or, for those predicates
and for blank nodes, ends at one; and the same the other way round. Then every node a focus
node of one part reaches has the same triples in both directions as in its own call, so its
results, and the context that names them, are the same; each part keeps the results about its
own nodes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from rdflib import Graph, URIRef
from rdflib.term import Node

from goalgraph.namespaces import SH

#: subject, predicate and (a node) object of an N-Triples line, the terms as written
NT_TRIPLE = re.compile(rb"^(<[^>]*>|_:\S+)[ \t]+<([^>]*)>[ \t]+(<[^>]*>|_:\S+)?", re.MULTILINE)

#: what makes a shapes graph read more than the triples described above
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


#: parts per engine call: beyond this the call grows and saves nothing more
GROUP_LIMIT = 8


def inverse_predicates(shapes: Graph) -> frozenset[bytes] | None:
    """The predicates the shapes read from object to subject, or ``None`` when the shapes can
    read other triples (SPARQL, rules, custom components, SPARQL targets)."""
    if any((None, p, None) in shapes for p in _UNSAFE):
        return None
    found: set[bytes] = set()
    for path in shapes.objects(None, SH.inversePath):
        found.update(_iris_under(shapes, path))
    found.update(
        str(p).encode() for p in shapes.objects(None, SH.targetObjectsOf) if isinstance(p, URIRef)
    )
    return frozenset(found)


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


@dataclass
class Side:
    """The nodes of some data and the triples of it that could be read from elsewhere."""

    nodes: set[bytes] = field(default_factory=set)
    subjects: set[bytes] = field(default_factory=set)
    #: objects of triples that are read backwards (an inverse predicate, or a blank node)
    entered: set[bytes] = field(default_factory=set)

    def add(self, data: bytes, inverse: frozenset[bytes]) -> None:
        for s, p, o in NT_TRIPLE.findall(data):
            self.nodes.add(s)
            self.subjects.add(s)
            if o:
                self.nodes.add(o)
                if p in inverse or o.startswith(b"_:"):
                    self.entered.add(o)

    def reaches(self, nodes: set[bytes]) -> bool:
        """Whether these triples start at, or are read backwards from, one of ``nodes``."""
        return not (self.subjects.isdisjoint(nodes) and self.entered.isdisjoint(nodes))


@dataclass
class Member:
    """One part as a candidate for a group: its data and its reference lines."""

    data: Side
    reference: frozenset[bytes]


def member(data: bytes, reference: bytes, inverse: frozenset[bytes]) -> Member:
    side = Side()
    side.add(data, inverse)
    return Member(side, frozenset(line for line in reference.split(b"\n") if line.strip()))


@cache
def _ontology_nodes(ontology: bytes) -> frozenset[bytes]:
    nodes: set[bytes] = set()
    for s, _, o in NT_TRIPLE.findall(ontology):
        nodes.add(s)
        if o:
            nodes.add(o)
    return frozenset(nodes)


def groups(
    members: Sequence[Member], ontology: bytes, inverse: frozenset[bytes] | None
) -> list[list[int]]:
    """The members' indices in groups that can share one engine call (in order; each group
    at most :data:`GROUP_LIMIT` long); one member per group when ``inverse`` is ``None``."""
    if inverse is None:
        return [[i] for i in range(len(members))]
    base = _ontology_nodes(ontology)
    out: list[list[int]] = []
    current: list[int] = []
    data = Side()
    reference: set[bytes] = set()
    nodes: set[bytes] = set(base)
    for index, candidate in enumerate(members):
        if current and (
            len(current) >= GROUP_LIMIT
            or not _fits(candidate, data, reference, nodes, base, inverse)
        ):
            out.append(current)
            current, data, reference, nodes = [], Side(), set(), set(base)
        current.append(index)
        data.nodes |= candidate.data.nodes
        data.subjects |= candidate.data.subjects
        data.entered |= candidate.data.entered
        added = Side()
        added.add(b"\n".join(candidate.reference - reference), inverse)
        reference |= candidate.reference
        nodes |= candidate.data.nodes | added.nodes
    if current:
        out.append(current)
    return out


def _fits(
    candidate: Member,
    data: Side,
    reference: set[bytes],
    nodes: set[bytes],
    base: frozenset[bytes],
    inverse: frozenset[bytes],
) -> bool:
    """Whether ``candidate`` and the group see none of each other's triples."""
    new_reference, old_reference = Side(), Side()
    new_reference.add(b"\n".join(candidate.reference - reference), inverse)
    old_reference.add(b"\n".join(reference - candidate.reference), inverse)
    if candidate.data.reaches(nodes) or new_reference.reaches(nodes):
        return False
    own = set(base) | candidate.data.nodes
    own.update(_reference_nodes(candidate.reference, inverse))
    return not (data.reaches(own) or old_reference.reaches(own))


def _reference_nodes(lines: frozenset[bytes], inverse: frozenset[bytes]) -> set[bytes]:
    side = Side()
    side.add(b"\n".join(lines), inverse)
    return side.nodes
