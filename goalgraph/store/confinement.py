"""Confinement of a write: a municipality's graph describes that municipality and nothing else.

The rules, decided on parsed triples (pyoxigraph terms), never on text:

- **Subjects.** Every subject is the municipality's own resource: its IRI
  ``https://w3id.org/goalgraph/id/{slug}`` or one below ``…/id/{slug}/``, or a blank node
  reached from such a resource (a citation, an SDG contribution). So no triple types or
  labels an ontology term, an SDG concept, a reference resource or another municipality's
  resource.
- **Objects.** Terms of the ontology and of other vocabularies (classes, kinds such as
  ``gg:InterimReport``), SDG concepts (``gg:sdg``) and web addresses of sources may be
  objects: they are reference data that the graph points at, never describes. A resource of
  another municipality (anything else under ``…/id/``) may be an object only where the model
  shares it between municipalities: a joint body (``gg:JointBody``, "shared by several
  municipalities") that its host municipality's graph describes, as the value of a property
  whose range in the ontology is an organisation (``gg:Body`` or ``org:Organization``:
  ``gg:ownedBy``, ``gg:contributingBody``, ``gg:decidedBy`` …). The goal chain itself never
  crosses municipalities (ggsh:M09), and a municipality's own IRI is never a value elsewhere.
- **The municipality.** The graph holds exactly one ``gg:Municipality``, the one its slug
  names, and its municipality code is not the code of another municipality in the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

import pyoxigraph as ox

from goalgraph import resources
from goalgraph.namespaces import GG, GRAPH, ID, municipality_iri
from goalgraph.store.edit import RDF_TYPE, GraphContentError
from goalgraph.store.oxigraph import Store, iri_ref

_RDFS_RANGE = "http://www.w3.org/2000/01/rdf-schema#range"
_RDFS_SUBCLASS = "http://www.w3.org/2000/01/rdf-schema#subClassOf"
_ORGANISATION_CLASSES = {str(GG.Body), "http://www.w3.org/ns/org#Organization"}
_MUNICIPALITY = ox.NamedNode(str(GG.Municipality))
_CODE = ox.NamedNode(str(GG.municipalityCode))
#: errors listed in one message, at most
_SHOWN = 5


class ConfinementError(GraphContentError):
    """A write that would describe something other than its own municipality."""


class MunicipalityConflictError(GraphContentError):
    """A graph whose municipality clashes with another one in the store (e.g. its code)."""


def own_resource(iri: str, slug: str) -> bool:
    """Whether ``iri`` is the municipality ``slug`` or one of its resources."""
    base = f"{ID}{slug}"
    return iri == base or iri.startswith(base + "/")


def _term(term: object) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    return str(term)


def _triple(t: ox.Triple) -> str:
    return f"{_term(t.subject)} {_term(t.predicate)} {_term(t.object)}"


@cache
def organisation_properties() -> frozenset[str]:
    """The properties whose range in the ontology is an organisation (a body or a subclass)."""
    ontology = list(ox.parse(path=resources.ontology_file()))
    parents: dict[str, set[str]] = {}
    ranges: dict[str, set[str]] = {}
    for t in ontology:
        if not isinstance(t.object, ox.NamedNode) or not isinstance(t.subject, ox.NamedNode):
            continue
        if t.predicate.value == _RDFS_SUBCLASS:
            parents.setdefault(t.subject.value, set()).add(t.object.value)
        elif t.predicate.value == _RDFS_RANGE:
            ranges.setdefault(t.subject.value, set()).add(t.object.value)

    def organisation(cls: str, seen: frozenset[str] = frozenset()) -> bool:
        if cls in _ORGANISATION_CLASSES:
            return True
        return any(organisation(p, seen | {cls}) for p in parents.get(cls, set()) - seen)

    return frozenset(p for p, rs in ranges.items() if any(organisation(r) for r in rs))


def _unreached_blank_nodes(triples: Sequence[ox.Triple], slug: str) -> set[ox.BlankNode]:
    """The blank subjects not reached, through any chain of triples, from an own resource."""
    edges: dict[object, list[ox.BlankNode]] = {}
    blank_subjects: set[ox.BlankNode] = set()
    for t in triples:
        if isinstance(t.subject, ox.BlankNode):
            blank_subjects.add(t.subject)
        if isinstance(t.object, ox.BlankNode):
            edges.setdefault(t.subject, []).append(t.object)
    reached: set[ox.BlankNode] = set()
    todo = [
        b
        for t in triples
        if isinstance(t.subject, ox.NamedNode) and own_resource(t.subject.value, slug)
        for b in edges.get(t.subject, ())
    ]
    while todo:
        node = todo.pop()
        if node not in reached:
            reached.add(node)
            todo.extend(edges.get(node, ()))
    return blank_subjects - reached


def _shared_bodies(store: Store, slug: str, iris: Iterable[str]) -> set[str]:
    """Those of ``iris`` that another municipality's graph describes as a joint body."""
    wanted = sorted(set(iris))
    if not wanted:
        return set()
    values = " ".join(iri_ref(i) for i in wanted)
    own_graph = iri_ref(str(GRAPH[slug]))
    query = f"""
SELECT DISTINCT ?body WHERE {{
  VALUES ?body {{ {values} }}
  GRAPH ?g {{ ?body a ?class }}
  FILTER (?g != {own_graph})
  ?class <{_RDFS_SUBCLASS}>* {iri_ref(str(GG.JointBody))} .
}}"""
    return {str(b) for b in store.select(query).column("body") if b is not None}


def _taken_codes(store: Store, slug: str) -> dict[str, str]:
    """The municipality codes of the store's other municipalities: code → municipality IRI."""
    own = iri_ref(str(municipality_iri(slug)))
    query = f"""
SELECT ?m ?code WHERE {{
  ?m a {iri_ref(str(GG.Municipality))} ; {iri_ref(str(GG.municipalityCode))} ?code .
  FILTER (?m != {own})
}}"""
    return {str(row["code"]): str(row["m"]) for row in store.select(query)}


def _refuse(cls: type[GraphContentError], slug: str, problems: list[str]) -> None:
    shown = "; ".join(problems[:_SHOWN])
    more = f" (and {len(problems) - _SHOWN} more)" if len(problems) > _SHOWN else ""
    raise cls(
        f"the graph for {slug!r} may describe only <{ID}{slug}> and the resources under "
        f"<{ID}{slug}/>; nothing was stored: {shown}{more}"
    )


def check_confinement(triples: Sequence[ox.Triple], slug: str, store: Store) -> None:
    """Refuse ``triples`` as the graph of ``slug`` unless they keep to the rules in the module
    docstring; the error names the offending triples. ``store`` holds the other
    municipalities (their joint bodies and codes)."""
    problems: list[str] = []
    foreign: dict[str, list[ox.Triple]] = {}
    organisation = organisation_properties()
    for t in triples:
        s, o = t.subject, t.object
        if isinstance(s, ox.NamedNode) and not own_resource(s.value, slug):
            problems.append(f"{_triple(t)}: the subject is not a resource of {slug!r}")
        elif isinstance(s, ox.Triple) or isinstance(o, ox.Triple):
            problems.append(f"{_triple(t)}: quoted triples are not taken")
        if (
            isinstance(o, ox.NamedNode)
            and o.value.startswith(str(ID))
            and not own_resource(o.value, slug)
        ):
            foreign.setdefault(o.value, []).append(t)
    unreached = _unreached_blank_nodes(triples, slug)
    for t in triples:
        if t.subject in unreached:
            problems.append(
                f"{_triple(t)}: the blank node is not reached from a resource of {slug!r}"
            )
    shared = _shared_bodies(store, slug, foreign)
    for iri, uses in foreign.items():
        for t in uses:
            if iri not in shared:
                problems.append(
                    f"{_triple(t)}: <{iri}> belongs to another municipality and is not a "
                    "joint body (gg:JointBody) described in its graph"
                )
            elif t.predicate.value not in organisation:
                problems.append(
                    f"{_triple(t)}: a joint body of another municipality may only be the value "
                    "of a property whose range is an organisation (e.g. gg:ownedBy, gg:decidedBy)"
                )
    if problems:
        _refuse(ConfinementError, slug, problems)
    check_municipality(triples, slug, store)


def check_municipality(triples: Sequence[ox.Triple], slug: str, store: Store) -> None:
    """Exactly one ``gg:Municipality``, the one ``slug`` names, with a code that no other
    municipality in ``store`` has."""
    own = ox.NamedNode(str(municipality_iri(slug)))
    municipalities = sorted(
        {t.subject.value for t in triples if t.predicate == RDF_TYPE and t.object == _MUNICIPALITY}  # type: ignore[union-attr]
    )
    if municipalities != [own.value]:
        found = ", ".join(f"<{m}>" for m in municipalities) or "none"
        raise GraphContentError(
            f"the graph for {slug!r} must describe exactly one municipality, <{own.value}> "
            f"as a gg:Municipality; found: {found}"
        )
    codes = {t.object.value for t in triples if t.subject == own and t.predicate == _CODE}  # type: ignore[union-attr]
    taken = _taken_codes(store, slug)
    clashes = sorted(c for c in codes if c in taken)
    if clashes:
        raise MunicipalityConflictError(
            f"the municipality code {clashes[0]!r} of <{own.value}> is already the code of "
            f"<{taken[clashes[0]]}>; nothing was stored"
        )


__all__ = [
    "ConfinementError",
    "MunicipalityConflictError",
    "check_confinement",
    "check_municipality",
    "organisation_properties",
    "own_resource",
]
