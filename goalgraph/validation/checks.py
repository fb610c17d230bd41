"""The shapes split into SPARQL checks that run on the store and the rest the engine runs per
part, and running those checks with their results in the engine's form."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import cast

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from goalgraph.namespaces import GG, SH
from goalgraph.store.oxigraph import Store, iri_ref
from goalgraph.validation.graph import load_shapes
from goalgraph.validation.report import ValidationResult
from goalgraph.validation.results import (
    local_id,
    local_name,
    message_templates,
    municipality_of,
    named_shape,
    node_text,
    render_value,
    result_messages,
)
from goalgraph.validation.rewrite import SparqlCheck, rewrite_select

_SHAPE_LINKS = (
    SH.node,
    SH.property,
    SH["not"],
    SH["and"],
    SH["or"],
    SH.xone,
    SH.qualifiedValueShape,
)


def _target_pattern(shapes: Graph, shape: Node) -> str | None:
    """A group pattern that binds ``?this`` to the shape's focus nodes, or ``None``."""
    if (shape, SH.target, None) in shapes or any(
        (shape, RDF.type, c) in shapes for c in (RDFS.Class, URIRef(f"{_OWL}Class"))
    ):
        return None
    branches: list[str] = []
    for cls in sorted(shapes.objects(shape, SH.targetClass), key=str):
        branches.append(
            f"?this {iri_ref(str(RDF.type))}/{iri_ref(str(RDFS.subClassOf))}* {_n3(cls)}"
        )
    nodes = sorted(shapes.objects(shape, SH.targetNode), key=str)
    if nodes:
        branches.append(f"VALUES ?this {{ {' '.join(_n3(n) for n in nodes)} }}")
    for prop in sorted(shapes.objects(shape, SH.targetSubjectsOf), key=str):
        branches.append(f"?this {_n3(prop)} ?__object")
    for prop in sorted(shapes.objects(shape, SH.targetObjectsOf), key=str):
        branches.append(f"?__subject {_n3(prop)} ?this")
    if not branches:
        return None
    union = " UNION ".join(f"{{ {b} }}" for b in branches)
    return f"{{ SELECT DISTINCT ?this WHERE {{ {union} }} }}"


_OWL = "http://www.w3.org/2002/07/owl#"


def _n3(term: Node) -> str:
    if isinstance(term, URIRef):
        return iri_ref(str(term))
    if isinstance(term, RdfLiteral):
        return term.n3()
    raise ValueError(f"cannot write {term!r} in a query")


def _prefixes(shapes: Graph, constraint: Node) -> str:
    lines: list[str] = []
    for holder in shapes.objects(constraint, SH.prefixes):
        for declaration in shapes.objects(holder, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is not None and namespace is not None:
                lines.append(f"PREFIX {prefix}: {iri_ref(str(namespace))}")
    return "\n".join(sorted(set(lines)))


_CONTEXT = f"""
  OPTIONAL {{ ?this {iri_ref(str(GG.municipality))} ?__m }}
  OPTIONAL {{ ?__o1 ?__p1 ?this . FILTER (isBlank(?this))
    OPTIONAL {{ ?__o1 {iri_ref(str(GG.municipality))} ?__m1 }}
    OPTIONAL {{ ?__o2 ?__p2 ?__o1 . FILTER (isBlank(?__o1))
      OPTIONAL {{ ?__o2 {iri_ref(str(GG.municipality))} ?__m2 }} }} }}
  BIND (COALESCE(?value, ?this) AS ?__v)
  OPTIONAL {{ ?__v ?__vp ?__vo . FILTER (isBlank(?__v)) }}
"""


@dataclass(frozen=True)
class ShapeSplit:
    """The shapes divided between whole-graph queries and the engine."""

    shapes: Graph  # all shapes (for names, severities and messages)
    engine_shapes: Graph  # the shapes without the rewritten constraints
    checks: tuple[SparqlCheck, ...]
    fingerprint: str


@cache
def shape_split(audit: bool = True) -> ShapeSplit:
    """Split :func:`goalgraph.validation.graph.load_shapes` (cached per ``audit``)."""
    shapes = load_shapes(audit)
    engine_shapes = Graph()
    for triple in shapes:
        engine_shapes.add(triple)
    for prefix, namespace in shapes.namespaces():
        engine_shapes.bind(prefix, namespace)
    checks: list[SparqlCheck] = []
    for shape, constraint in sorted(shapes.subject_objects(SH.sparql), key=str):
        check = _check(shapes, shape, constraint)
        if check is not None:
            checks.append(check)
            engine_shapes.remove((shape, SH.sparql, constraint))
    digest = hashlib.sha256(
        "\n".join(sorted(line for line in shapes.serialize(format="nt").splitlines())).encode()
    ).hexdigest()
    return ShapeSplit(shapes, engine_shapes, tuple(checks), digest)


def _check(shapes: Graph, shape: Node, constraint: Node) -> SparqlCheck | None:
    deactivated = [shapes.value(n, SH.deactivated) for n in (shape, constraint)]
    if any(d is not None and bool(d.toPython()) for d in deactivated if isinstance(d, RdfLiteral)):
        return None
    if (shape, SH.path, None) in shapes or not isinstance(shape, URIRef):
        return None
    if (None, RDF.first, shape) in shapes or any(
        (None, link, shape) in shapes for link in _SHAPE_LINKS
    ):
        return None  # a shape used inside another one also runs on that one's value nodes
    select = shapes.value(constraint, SH.select)
    target = _target_pattern(shapes, shape)
    if select is None or target is None:
        return None
    inner = rewrite_select(str(select), target)
    if inner is None:
        return None
    head = f"{_prefixes(shapes, constraint)}\nSELECT * #FROM#\nWHERE {{\n  {{ {inner} }}"
    return SparqlCheck(str(shape), str(constraint), f"{head}\n}}", f"{head}{_CONTEXT}}}")


def _with_dataset(query: str, graphs: Sequence[str] | None) -> str:
    dataset = "" if graphs is None else " ".join(f"FROM {iri_ref(g)}" for g in graphs)
    return query.replace("#FROM#", dataset)


def run_checks(
    store: Store, split: ShapeSplit, graphs: Sequence[str] | None = None
) -> list[tuple[ValidationResult, frozenset[str]]]:
    """Run the whole-graph checks on ``store`` (restricted to ``graphs`` with FROM, if given);
    each result comes with the IRIs that tie it to the data (its focus node or, for a blank
    node, the named nodes that hold it)."""
    answers = []
    focus: set[URIRef] = set()
    for check in split.checks:
        rows = store.select(_with_dataset(check.query, graphs))
        if any(isinstance(r.get(v), BNode) for r in rows.rows for v in ("this", "value")):
            rows = store.select(_with_dataset(check.context_query, graphs))
        focus.update(r["this"] for r in rows.rows if isinstance(r.get("this"), URIRef))  # type: ignore[misc]
        answers.append((check, rows))
    municipalities: dict[Node, list[Node]] = {}
    if focus:
        values = " ".join(iri_ref(str(f)) for f in sorted(focus))
        query = _with_dataset(
            f"SELECT ?s ?m #FROM# WHERE {{ VALUES ?s {{ {values} }} "
            f"?s {iri_ref(str(GG.municipality))} ?m }}",
            graphs,
        )
        for row in store.select(query).rows:
            municipalities.setdefault(cast(Node, row["s"]), []).append(cast(Node, row["m"]))
    out: list[tuple[ValidationResult, frozenset[str]]] = []
    for check, rows in answers:
        out.extend(_check_results(split, check, rows.variables, rows.rows, municipalities))
    return out


def _check_results(
    split: ShapeSplit,
    check: SparqlCheck,
    variables: Sequence[str],
    rows: Sequence[Mapping[str, Node | None]],
    municipalities: Mapping[Node, Sequence[Node]],
) -> Iterator[tuple[ValidationResult, frozenset[str]]]:
    shapes = split.shapes
    shape = URIRef(check.shape)
    named = named_shape(shapes, shape)
    severity = local_name(shapes.value(shape, SH.severity) or SH.Violation)
    templates = message_templates(shapes, named)
    extras = [v for v in variables if not v.startswith("__") and v not in ("this", "value", "path")]
    grouped: dict[tuple[Node | None, ...], tuple[Graph, set[str]]] = {}
    for row in rows:
        focus = row.get("this")
        if focus is None:
            continue
        value = row.get("value") or focus  # a node shape reports the focus node as the value
        key = (focus, row.get("path"), value, *(row.get(v) for v in extras))
        context, anchors = grouped.setdefault(key, (Graph(), set()))
        _add_context(context, anchors, focus, value, row)
        for municipality in municipalities.get(focus, ()):
            context.add((focus, GG.municipality, municipality))
    for key, (context, anchors) in grouped.items():
        focus, path, value = cast(Node, key[0]), key[1], cast(Node, key[2])
        focus_text = node_text(context, focus)
        value_text = render_value(context, value)
        known = {"this": focus_text, "focusNode": focus_text, "value": value_text}
        path_text = None if path is None else str(path)
        if path_text is not None:
            known["path"] = path_text
        bindings = {v: str(x) for v, x in zip(extras, key[3:], strict=True) if x is not None}
        messages = result_messages(templates, [], {**bindings, **known})
        result = ValidationResult(
            focus_node=focus_text,
            shape=str(named),
            shape_id=local_id(named),
            severity=severity,
            path=path_text,
            value=value_text,
            message_sv=messages["sv"],
            message_en=messages["en"],
            municipality=municipality_of(context, focus),
        )
        yield result, frozenset(anchors)


def _add_context(
    context: Graph, anchors: set[str], focus: Node, value: Node, row: Mapping[str, Node | None]
) -> None:
    """Rebuild, from the projected context columns, the triples that the report needs to
    name blank nodes and municipalities."""
    municipality = GG.municipality
    if row.get("__m") is not None:
        context.add((focus, municipality, cast(Node, row["__m"])))
    owner, link = row.get("__o1"), row.get("__p1")
    if owner is not None and link is not None:
        context.add((owner, link, focus))
        if row.get("__m1") is not None:
            context.add((owner, municipality, cast(Node, row["__m1"])))
        outer, outer_link = row.get("__o2"), row.get("__p2")
        if outer is not None and outer_link is not None:
            context.add((outer, outer_link, owner))
            if row.get("__m2") is not None:
                context.add((outer, municipality, cast(Node, row["__m2"])))
            if isinstance(outer, URIRef):
                anchors.add(str(outer))
        if isinstance(owner, URIRef):
            anchors.add(str(owner))
    if row.get("__vp") is not None and row.get("__vo") is not None:
        context.add((value, cast(Node, row["__vp"]), cast(Node, row["__vo"])))
    if isinstance(focus, URIRef):
        anchors.add(str(focus))
