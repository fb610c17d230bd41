"""Validation at scale: per municipality graph, incremental and in parallel, over any store.

:func:`validate_store` gives the same results as
:func:`goalgraph.validation.graph.validate_graph` on the union of the store's graphs (pySHACL
stays the reference), in a fraction of the time:

- **Reading once.** A full run reads every municipality graph as N-Triples, in one thread per
  core (the stores read without holding the GIL), and hashes what it read; the engine, the
  queries and the parts below all work on these copies.
- **SHACL-SPARQL constraints as whole-graph queries.** pySHACL runs a ``sh:sparql`` constraint
  once per focus node, which was about 96 % of its time. Each such constraint of a node shape
  is rewritten into one query that binds ``$this`` to all the shape's targets at once and runs
  over the combined data, so it also sees links between municipalities. A full run queries an
  in-memory store built from the graphs it read and the ontology and Agenda 2030 graphs (a
  store on disk or on a server answers these queries several times slower; an in-memory
  store is queried directly), in this process while the pool runs the engine. Constraints
  that cannot be rewritten safely (``GRAPH``, sub-queries, ``$PATH``, shapes used inside
  other shapes) stay with the engine.
- **The other constraints per part, in parallel.** The municipality graphs are split into
  parts: a graph is its own part unless it describes a node that another graph mentions
  (a joint body, a goal that supports another municipality's goal); linked graphs form one
  part, so no check misses a link. Each part is validated with the remaining shapes, with the
  ontology and the Agenda 2030 nodes it mentions, by the chosen engine in a process pool over
  the available cores: ``"pyshacl"`` (the reference) or ``"turbo"`` (pyshacl-turbo, a Rust
  engine with pySHACL's API); ``GOALGRAPH_SHACL_ENGINE`` sets the default.
- **Incrementally.** A :class:`ValidationState` remembers each graph's content hash
  (:meth:`~goalgraph.store.oxigraph.Store.graph_hash`) and each part's results; the next run
  validates only the parts with a changed graph, the SPARQL constraints on an in-memory store
  with the part and the reference data (on the store itself when many parts changed).
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal, cast

import pyoxigraph as ox
import pyshacl
from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from goalgraph import resources
from goalgraph.errors import GoalgraphError
from goalgraph.namespaces import GG, SH
from goalgraph.store.load import MUNICIPALITIES_GRAPH, ONTOLOGY_GRAPH, SDG_GRAPH
from goalgraph.store.oxigraph import OxigraphStore, Store, iri_ref, ntriples_hash, worker_count
from goalgraph.validation.graph import (
    ValidationReport,
    ValidationResult,
    _local_id,
    _local_name,
    _messages,
    _municipality,
    _named_shape,
    _node_text,
    _PreparedQueryGraph,
    _result,
    _templates,
    _value_text,
    load_shapes,
)

Engine = Literal["pyshacl", "turbo"]
ENGINES: tuple[str, ...] = ("pyshacl", "turbo")
REFERENCE_GRAPHS: tuple[str, ...] = (ONTOLOGY_GRAPH, SDG_GRAPH, MUNICIPALITIES_GRAPH)
#: Above this many changed parts an incremental run queries the whole data once instead.
_INCREMENTAL_QUERY_LIMIT = 16
_REFERENCE_PART = "(reference)"
NTRIPLES = "application/n-triples"
_SHAPE_LINKS = (
    SH.node,
    SH.property,
    SH["not"],
    SH["and"],
    SH["or"],
    SH.xone,
    SH.qualifiedValueShape,
)
#: subject and object of an N-Triples line (terms separated by spaces or tabs)
_NT_NODES = re.compile(
    rb"^(?:<([^>]*)>|_:(\S+))[ \t]+<[^>]*>[ \t]+(?:<([^>]*)>|_:(\S+))?", re.MULTILINE
)


def default_engine() -> Engine:
    """The engine ``GOALGRAPH_SHACL_ENGINE`` names (default ``pyshacl``, the reference)."""
    return check_engine(os.environ.get("GOALGRAPH_SHACL_ENGINE", "pyshacl"))


def check_engine(name: str) -> Engine:
    """``name`` if it is an engine, else a :class:`GoalgraphError` listing them."""
    if name not in ENGINES:
        raise GoalgraphError(f"unknown SHACL engine {name!r}; use one of: {', '.join(ENGINES)}")
    return cast(Engine, name)


# --- SHACL-SPARQL constraints as whole-graph queries -----------------------------------------


@dataclass(frozen=True)
class SparqlCheck:
    """One ``sh:sparql`` constraint of a node shape, rewritten to run on all targets at once."""

    shape: str  # the shape that holds the constraint (pySHACL's sh:sourceShape)
    constraint: str  # the constraint node
    query: str  # the whole-graph query; ``#FROM#`` marks where a dataset may be inserted
    context_query: str  # the same with the triples that name blank nodes in the report


_TOKEN = re.compile(
    r"(?P<comment>#[^\n]*)"
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*')"
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r"|(?P<var>[?$][A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_-]*)"
    r"|(?P<open>\{)|(?P<close>\})"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_UNSUPPORTED_WORDS = {"GRAPH", "SERVICE", "LIMIT", "OFFSET", "GROUP", "HAVING", "FROM"}
_UNSUPPORTED_VARS = {"PATH", "currentShape", "shapesGraph"}


@dataclass
class _Group:
    start: int  # offset just after the "{"
    kind: str  # "normal", "exists" or "values"
    direct: bool = False  # mentions $this outside nested groups
    via_exists: bool = False  # a nested EXISTS group mentions $this
    anywhere: bool = False  # mentions $this at any depth
    simple: bool = True  # only triple patterns (for an EXISTS group)
    filter_start: int | None = None  # where "FILTER [NOT] EXISTS" begins (for an EXISTS group)
    negated: bool = False  # FILTER NOT EXISTS
    own: set[str] = field(default_factory=set)  # variables outside nested groups
    children: list[set[str]] = field(default_factory=list)  # variables of each nested group
    paren: int = 0  # parenthesis depth of the direct content
    bound: set[str] = field(default_factory=set)  # variables of its own triple patterns
    variables: set[str] = field(default_factory=set)  # every variable, at any depth
    #: FILTER [NOT] EXISTS groups that may become MINUS or a join:
    #: (negated, pattern, variables, child index, start, end)
    minus: list[tuple[bool, str, set[str], int, int, int]] = field(default_factory=list)
    statement: list[tuple[str, str, int, int]] = field(default_factory=list)  # tokens read
    triples: list[str] = field(default_factory=list)  # its own plain triple patterns
    in_expression: bool = False  # inside FILTER or BIND
    expression_depth: int = 0


_SIMPLE_WORDS = {"a", "true", "false"}
_TRIPLE_OTHER = set(":;,/|^*+?()!")
_CLAUSE_WORDS = {"OPTIONAL", "MINUS", "UNION", "VALUES", "GRAPH", "SERVICE", "FILTER", "BIND"}


def _flush(group: _Group, select: str) -> None:
    """End the statement being read; keep it if it is a plain triple pattern."""
    tokens, group.statement = group.statement, []
    if len(tokens) < 3:
        return
    for kind, text, _, _ in tokens:
        if kind == "other" and text not in _TRIPLE_OTHER:
            return
        if kind == "word" and text.upper() in _CLAUSE_WORDS:
            return
    group.triples.append(select[tokens[0][2] : tokens[-1][3]])


def _read(group: _Group, token: tuple[str, str, int, int], plain_word: bool, select: str) -> None:
    """Follow the direct content of a group to collect its plain triple patterns."""
    kind, text = token[0], token[1]
    upper = text.upper() if plain_word else ""
    if group.in_expression:
        if kind == "other" and text == ")" and group.paren == group.expression_depth:
            group.in_expression = False
        return
    if upper in _CLAUSE_WORDS or kind == "open" or (kind == "other" and text == "."):
        _flush(group, select)
        if upper in ("FILTER", "BIND"):
            group.in_expression = True
            group.expression_depth = group.paren
        return
    group.statement.append(token)


def rewrite_select(select: str, target: str) -> str | None:
    """Rewrite a SHACL ``SELECT`` query so that ``$this`` ranges over ``target`` (a group
    pattern binding ``?this``) instead of being pre-bound to one focus node.

    The target is inserted at the top of the WHERE clause and in every group that SPARQL
    evaluates on its own (a UNION branch, OPTIONAL, MINUS) and that mentions ``$this``,
    directly or in a FILTER EXISTS; inside EXISTS the outer binding applies. A
    ``FILTER NOT EXISTS`` of plain triple patterns that share a variable with the triple
    patterns of its group becomes a ``MINUS`` at the end of the group, and a ``FILTER EXISTS``
    whose variables that occur elsewhere in the group are all bound by its triple patterns
    becomes a join with the distinct solutions of those variables: the same solutions, but
    Oxigraph evaluates the pattern once instead of once per row. Returns ``None`` for queries
    this cannot do exactly.

    >>> rewrite_select("SELECT $this ?value WHERE { $this <p:a> ?value . }", "{ T }")
    'SELECT $this ?value WHERE {{ T }  $this <p:a> ?value . }'
    """
    tokens = [(m.lastgroup or "", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(select)]
    words = [
        (i, t[1].upper())
        for i, t in enumerate(tokens)
        if t[0] == "word" and not _prefixed(tokens, i)
    ]
    if any(w in _UNSUPPORTED_WORDS for _, w in words):
        return None
    selects = [i for i, w in words if w == "SELECT"]
    if len(selects) != 1:
        return None
    for kind, text, _, _ in tokens:
        if kind == "var" and text[1:] in _UNSUPPORTED_VARS:
            return None
    edits: list[tuple[int, int, str]] = []
    stack: list[_Group] = []
    pending: str | None = None
    not_exists: list[str] = []  # the words of a "FILTER NOT EXISTS" being read
    filter_start = 0
    projection_has_this = False
    projection_star = False
    projection_end: int | None = None
    select_at = tokens[selects[0]][3]
    for i, (kind, text, start, end) in enumerate(tokens):
        if kind in ("comment", "space"):
            continue
        if not stack and start > select_at and projection_end is None:
            if kind == "word" and text.upper() in ("DISTINCT", "REDUCED"):
                select_at = end
            elif kind == "var" and text[1:] == "this":
                projection_has_this = True
            elif kind == "other" and text == "*":
                projection_star = True
            if (kind == "word" and text.upper() == "WHERE") or kind == "open":
                projection_end = start
        plain_word = kind == "word" and not _prefixed(tokens, i)
        upper = text.upper() if plain_word else ""
        if upper == "FILTER":
            not_exists, filter_start = ["FILTER"], start
        elif upper in ("NOT", "EXISTS") and not_exists:
            not_exists.append(upper)
        elif kind != "open":
            not_exists = []
        if stack and kind != "var" and plain_word and text not in _SIMPLE_WORDS:
            stack[-1].simple = False
        if kind == "other" and stack and text in "()":
            stack[-1].paren += 1 if text == "(" else -1
        if stack and kind != "close":
            _read(stack[-1], tokens[i], plain_word, select)
        if upper == "EXISTS":
            pending = "exists"
        elif upper == "VALUES":
            pending = "values"
        elif kind == "open":
            if stack and stack[-1].kind == "values":
                return None
            if stack:
                stack[-1].simple = False
            group = _Group(end, pending or "normal")
            if not_exists in (["FILTER", "NOT", "EXISTS"], ["FILTER", "EXISTS"]):
                group.filter_start = filter_start
                group.negated = len(not_exists) == 3
            stack.append(group)
            pending = None
            not_exists = []
        elif kind == "close":
            if not stack:
                return None
            group = stack.pop()
            _flush(group, select)
            if stack and stack[-1].in_expression and stack[-1].paren == stack[-1].expression_depth:
                stack[-1].in_expression = False  # the end of FILTER [NOT] EXISTS { … }
            if group.kind == "normal":
                targeted = not stack or group.direct or group.via_exists
                if targeted:
                    edits.append((group.start, group.start, f"{target} "))
                    group.bound.add("this")
                for negated, pattern, variables, index, begin, finish in group.minus:
                    outside = group.own.union(
                        *(v for j, v in enumerate(group.children) if j != index)
                    )
                    shared = variables & outside
                    # the group's own triple patterns hold for every row it has, so adding them
                    # changes nothing but lets Oxigraph start from the bound variables
                    if group.triples:
                        pattern = " . ".join(group.triples) + f" . {pattern}"
                    elif "this" in variables:
                        pattern = f"{target} {pattern}"
                    if negated and variables & group.bound:
                        edits.append((begin, finish, " "))
                        edits.append((start, start, f" MINUS {{{pattern}}} "))
                    elif not negated and shared and shared <= group.bound:
                        keys = " ".join(f"?{v}" for v in sorted(shared))
                        edits.append((begin, finish, " "))
                        edits.append(
                            (start, start, f" {{ SELECT DISTINCT {keys} WHERE {{{pattern}}} }} ")
                        )
            if stack:
                parent = stack[-1]
                parent.anywhere = parent.anywhere or group.anywhere
                parent.variables |= group.variables
                parent.children.append(group.variables)
                if group.kind == "exists" and group.anywhere:
                    parent.via_exists = True
                if group.kind == "exists" and group.simple and group.filter_start is not None:
                    parent.minus.append(
                        (
                            group.negated,
                            select[group.start : start],
                            group.variables,
                            len(parent.children) - 1,
                            group.filter_start,
                            end,
                        )
                    )
        elif kind == "var" and stack:
            group = stack[-1]
            group.variables.add(text[1:])
            group.own.add(text[1:])
            if group.paren == 0:
                group.bound.add(text[1:])
            if text[1:] == "this":
                group.direct = True
                group.anywhere = True
    if stack or projection_end is None or not edits:
        return None
    out = select
    for begin, finish, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = f"{out[:begin]}{text}{out[finish:]}"
    if not projection_has_this and not projection_star:
        out = f"{out[:select_at]} ?this{out[select_at:]}"
    return out


def _prefixed(tokens: Sequence[tuple[str, str, int, int]], i: int) -> bool:
    """Whether the word at ``i`` is part of a prefixed name (``gg:graph``)."""
    before = tokens[i - 1][1] if i > 0 else ""
    after = tokens[i + 1][1] if i + 1 < len(tokens) else ""
    return before == ":" or after == ":"


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
    named = _named_shape(shapes, shape)
    severity = _local_name(shapes.value(shape, SH.severity) or SH.Violation)
    templates = _templates(shapes, named)
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
        focus_text = _node_text(context, focus)
        value_text = _value_text(context, value)
        known = {"this": focus_text, "focusNode": focus_text, "value": value_text}
        path_text = None if path is None else str(path)
        if path_text is not None:
            known["path"] = path_text
        bindings = {v: str(x) for v, x in zip(extras, key[3:], strict=True) if x is not None}
        messages = _messages(templates, [], {**bindings, **known})
        result = ValidationResult(
            focus_node=focus_text,
            shape=str(named),
            shape_id=_local_id(named),
            severity=severity,
            path=path_text,
            value=value_text,
            message_sv=messages["sv"],
            message_en=messages["en"],
            municipality=_municipality(context, focus),
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


# --- the engine, per part --------------------------------------------------------------------


@dataclass(frozen=True)
class _Job:
    """One part for a worker: its graphs as N-Triples and the reference nodes it mentions."""

    key: str
    data: bytes
    reference: bytes


def _engine_results(
    engine: Engine, audit: bool, ontology: bytes, job: _Job
) -> list[ValidationResult]:
    """Validate one part with the engine; only results about the part's own nodes."""
    split = shape_split(audit)
    run = _turbo if engine == "turbo" else _pyshacl
    results = run(split, ontology, job)
    if not results:
        return []
    own = _own_nodes(job.data)
    return [r for r, focus in results if focus in own]


def _own_nodes(data: bytes) -> set[str]:
    """The IRIs and blank node labels (``_:x``) that occur as subject or object in ``data``."""
    rows = _NT_NODES.findall(data)
    iris = {s for s, _, _, _ in rows} | {o for _, _, o, _ in rows}
    labels = {s for _, s, _, _ in rows} | {o for _, _, _, o in rows}
    iris.discard(b"")
    labels.discard(b"")
    return {i.decode("utf-8") for i in iris} | {"_:" + b.decode("utf-8") for b in labels}


def _node_key(node: Node) -> str:
    return f"_:{node}" if isinstance(node, BNode) else str(node)


class _SameLabels(dict[str, str]):
    """An rdflib N-Triples blank node context that keeps each label as it is."""

    def get(self, key: str, default: Any = None) -> str:
        return key


def _pyshacl(split: ShapeSplit, ontology: bytes, job: _Job) -> list[tuple[ValidationResult, str]]:
    data = _PreparedQueryGraph()
    # keep the blank node labels of the dump: results are matched to the part's own nodes
    data.parse(data=job.data + b"\n" + job.reference, format="nt", bnode_context=_SameLabels())
    _, report, text = pyshacl.validate(
        data,
        shacl_graph=split.engine_shapes,
        ont_graph=_ontology_graph(ontology),
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,
    )
    if not isinstance(report, Graph):
        raise GoalgraphError(f"SHACL validation failed: {text}")
    return _report_results(data, split, report)


def _turbo(split: ShapeSplit, ontology: bytes, job: _Job) -> list[tuple[ValidationResult, str]]:
    program = _turbo_program(split.fingerprint, split.engine_shapes)
    store = ox.Store()
    for part in (job.data, job.reference, ontology):
        if part.strip():  # parse keeps the blank node labels of the dump; load renames them
            store.extend(ox.parse(part, format=ox.RdfFormat.N_TRIPLES))
    _, report, text = program.validate(store, inference="none", allow_warnings=True)
    if not isinstance(report, Graph):
        raise GoalgraphError(f"SHACL validation failed: {text}")
    nodes: set[Node] = set()
    for predicate in (SH.focusNode, SH.value):
        nodes.update(report.objects(None, predicate))
    return _report_results(_store_context(store, nodes), split, report)


_TURBO: dict[str, Any] = {}


def _turbo_program(fingerprint: str, shapes: Graph) -> Any:
    program = _TURBO.get(fingerprint)
    if program is None:
        import pyshacl_turbo

        program = pyshacl_turbo.compile_shapes(shapes, advanced=True)
        _TURBO[fingerprint] = program
    return program


def _report_results(
    data: Graph, split: ShapeSplit, report: Graph
) -> list[tuple[ValidationResult, str]]:
    out = []
    for node in report.objects(None, SH.result):
        focus = report.value(node, SH.focusNode)
        if focus is None:
            continue
        out.append((_result(data, split.shapes, report, node), _node_key(focus)))
    return out


def _store_context(store: ox.Store, nodes: Iterable[Node]) -> Graph:
    """The triples around ``nodes`` that rendering needs: their municipality and, for blank
    nodes, their description and the chain of nodes that hold them."""
    graph = Graph()
    seen: set[Node] = set()
    frontier = list(nodes)
    municipality = ox.NamedNode(str(GG.municipality))
    while frontier:
        node = frontier.pop()
        if node in seen or isinstance(node, RdfLiteral):
            continue
        seen.add(node)
        term = ox.BlankNode(str(node)) if isinstance(node, BNode) else ox.NamedNode(str(node))
        for quad in store.quads_for_pattern(term, municipality, None):
            graph.add((node, GG.municipality, _rdflib(quad.object)))
        if isinstance(node, BNode):
            for quad in store.quads_for_pattern(term, None, None):
                graph.add((node, _rdflib(quad.predicate), _rdflib(quad.object)))
            for quad in store.quads_for_pattern(None, None, term):
                owner = _rdflib(quad.subject)
                graph.add((owner, _rdflib(quad.predicate), node))
                frontier.append(owner)
    return graph


def _rdflib(term: Any) -> Node:
    from goalgraph.store.oxigraph import to_rdflib

    return to_rdflib(term)


@cache
def _ontology_graph(ontology: bytes) -> Graph:
    return Graph().parse(data=ontology, format="nt")


# --- parts: graphs linked by shared nodes ----------------------------------------------------


@dataclass
class GraphInfo:
    """What the state keeps about one municipality graph."""

    hash: str
    described: set[str]  # IRIs it has triples about
    mentioned: set[str]  # IRIs in subject or object position


def graph_info(data: bytes, content_hash: str) -> GraphInfo:
    """The nodes of one graph, from its N-Triples."""
    rows = _NT_NODES.findall(data)
    subjects = {s for s, _, _, _ in rows}
    objects = {o for _, _, o, _ in rows}
    subjects.discard(b"")
    objects.discard(b"")
    described = {s.decode("utf-8") for s in subjects}
    return GraphInfo(content_hash, described, described | {o.decode("utf-8") for o in objects})


def partition(graphs: Mapping[str, GraphInfo]) -> list[tuple[str, ...]]:
    """Group graphs that one check may need together: a graph that describes an IRI is linked
    with every graph that mentions it. Returns sorted tuples of graph names."""
    parent = {g: g for g in graphs}

    def find(g: str) -> str:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    describers: dict[str, str] = {}
    for name in sorted(graphs):
        for iri in graphs[name].described:
            other = describers.setdefault(iri, name)
            if other != name:
                parent[find(name)] = find(other)
    for name in sorted(graphs):
        for iri in graphs[name].mentioned:
            describer = describers.get(iri)
            if describer is not None and describer != name:
                parent[find(name)] = find(describer)
    groups: dict[str, list[str]] = {}
    for name in graphs:
        groups.setdefault(find(name), []).append(name)
    return sorted(tuple(sorted(g)) for g in groups.values())


# --- state and report ------------------------------------------------------------------------


@dataclass
class ValidationState:
    """What an incremental validation remembers between runs (see :func:`validate_store`)."""

    key: str = ""
    graphs: dict[str, GraphInfo] = field(default_factory=dict)
    #: results per part (a part is a tuple of graph names; the reference data is its own part)
    results: dict[tuple[str, ...], list[ValidationResult]] = field(default_factory=dict)
    #: the reference graphs as last read (their hashes, N-Triples, the SDG index); not saved
    reference_data: tuple[str, dict[str, bytes], dict[str, bytes]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def save(self, path: Path) -> None:
        """Write the state as JSON (atomically)."""
        data = {
            "key": self.key,
            "graphs": {
                g: {
                    "hash": i.hash,
                    "described": sorted(i.described),
                    "mentioned": sorted(i.mentioned),
                }
                for g, i in self.graphs.items()
            },
            "results": [
                {"part": list(part), "results": [asdict(r) for r in results]}
                for part, results in self.results.items()
            ],
        }
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> ValidationState:
        """Read a state written by :meth:`save`; a missing or unreadable file is an empty state."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                key=data["key"],
                graphs={
                    g: GraphInfo(i["hash"], set(i["described"]), set(i["mentioned"]))
                    for g, i in data["graphs"].items()
                },
                results={
                    tuple(p["part"]): [ValidationResult(**r) for r in p["results"]]
                    for p in data["results"]
                },
            )
        except (OSError, ValueError, KeyError, TypeError):
            return cls()


@dataclass
class RunStats:
    """What one run did. ``seconds`` holds the wall time of each phase: ``hash``, ``read``,
    ``engine`` (until the pool's results are in; in this time the process runs the
    whole-graph queries, ``sparql``) and ``total``."""

    engine: str
    incremental: bool
    graphs: int
    parts: int
    validated_graphs: list[str]
    seconds: dict[str, float]


class ScaleReport(ValidationReport):
    """A :class:`ValidationReport` whose SHACL report graph is built from the results on
    first use."""

    stats: RunStats
    _graph: Graph | None = None

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            self._graph = _report_graph(self.conforms, self.results)
        return self._graph

    @graph.setter
    def graph(self, value: Graph | None) -> None:
        self._graph = value


def _report_graph(conforms: bool, results: Sequence[ValidationResult]) -> Graph:
    graph = Graph()
    graph.bind("sh", SH)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, RdfLiteral(conforms)))
    for r in results:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, _report_term(r.focus_node)))
        graph.add((node, SH.sourceShape, URIRef(r.shape)))
        graph.add((node, SH.resultSeverity, SH[r.severity]))
        if r.path is not None:
            graph.add((node, SH.resultPath, _report_term(r.path)))
        if r.value is not None:
            graph.add((node, SH.value, _report_term(r.value)))
        graph.add((node, SH.resultMessage, RdfLiteral(r.message_sv, lang="sv")))
        graph.add((node, SH.resultMessage, RdfLiteral(r.message_en, lang="en")))
    return graph


def _report_term(text: str) -> Node:
    return (
        URIRef(text)
        if re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", text)
        else RdfLiteral(text)
    )


# --- the pool ---------------------------------------------------------------------------------

_POOL: tuple[int, ProcessPoolExecutor] | None = None


def _pool(workers: int) -> Executor:
    global _POOL
    if _POOL is not None and _POOL[0] == workers:
        return _POOL[1]
    if _POOL is not None:
        _POOL[1].shutdown(cancel_futures=True)
    # forkserver: clean workers even when this process runs threads (a server, a test
    # runner); fork could copy a held lock into them. (Like every process pool, it needs the
    # ``if __name__ == "__main__":`` guard in scripts.)
    method = "forkserver" if "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    if method == "forkserver":
        context.set_forkserver_preload(["goalgraph.validation.scale"])
    executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    _POOL = (workers, executor)
    return executor


@atexit.register
def shutdown_pool() -> None:
    """Stop the worker processes (they are kept between runs) and the helper processes that
    multiprocessing started for them: the forkserver and the resource tracker. Each starts
    again when the next validation needs it."""
    global _POOL
    if _POOL is not None:
        _POOL[1].shutdown(wait=True, cancel_futures=True)
        _POOL = None
    from multiprocessing import forkserver, resource_tracker

    for helper in (forkserver._forkserver, resource_tracker._resource_tracker):
        stop = getattr(helper, "_stop", None)  # Python 3.11's private, stable stop
        if stop is None:
            continue
        with contextlib.suppress(OSError, ChildProcessError):  # already gone
            stop()


def _run_batch(
    engine: Engine, audit: bool, ontology: bytes, jobs: Sequence[_Job]
) -> list[tuple[str, list[ValidationResult]]]:
    return [(job.key, _engine_results(engine, audit, ontology, job)) for job in jobs]


# --- validating a store ----------------------------------------------------------------------


def validate_store(
    store: Store,
    *,
    audit: bool = True,
    engine: str | None = None,
    state: ValidationState | None = None,
    workers: int | None = None,
) -> ScaleReport:
    """Validate every municipality graph of ``store`` (see the module docstring).

    With a ``state`` from an earlier run, only the parts with a changed graph are validated
    again, and ``state`` is updated. ``workers`` is the number of processes (default: the
    available cores; 1 validates in this process). The report's ``stats`` say what was done.
    """
    chosen = check_engine(engine) if engine is not None else default_engine()
    state = state if state is not None else ValidationState()
    workers = worker_count() if workers is None else max(1, workers)
    split = shape_split(audit)
    timings: dict[str, float] = {}
    started = time.perf_counter()

    names = store.named_graphs()
    data_graphs = [g for g in names if g not in REFERENCE_GRAPHS]
    reference = [g for g in REFERENCE_GRAPHS if g in names]
    reference_hashes = "|".join([*reference, *(store.graph_hash(g) for g in reference)])
    key = "|".join([chosen, str(audit), split.fingerprint, reference_hashes])
    full = state.key != key
    dumps: dict[str, bytes] = {}
    if full:
        state.graphs.clear()
        state.results.clear()
        dumps = _read_graphs(store, data_graphs)
        if isinstance(store, OxigraphStore):  # it hashed what it dumped
            hashes = {g: store.graph_hash(g) for g in data_graphs}
        else:
            hashes = {g: ntriples_hash(d) for g, d in dumps.items()}
    else:
        hashes = {g: store.graph_hash(g) for g in data_graphs}
    changed = {g for g, h in hashes.items() if g not in state.graphs or state.graphs[g].hash != h}
    removed = set(state.graphs) - set(hashes)
    timings["hash"] = time.perf_counter() - started

    step = time.perf_counter()
    dumps.update(_read_graphs(store, sorted(changed - set(dumps))))
    old_parts = set(state.results) - {(_REFERENCE_PART,)}
    for g in removed:
        del state.graphs[g]
    for g, data in dumps.items():
        state.graphs[g] = graph_info(data, hashes[g])
    parts = partition(state.graphs)
    touched = changed | removed
    affected = touched | {g for p in old_parts if touched.intersection(p) for g in p}
    to_validate = [p for p in parts if affected.intersection(p)]
    for part in old_parts:
        if affected.intersection(part):
            del state.results[part]
    dumps.update(_read_graphs(store, sorted({g for p in to_validate for g in p} - set(dumps))))
    timings["read"] = time.perf_counter() - step

    step = time.perf_counter()
    if state.reference_data is None or state.reference_data[0] != reference_hashes:
        stored = {g: store.dump(g, NTRIPLES) for g in reference}  # the ontology and SDG graphs
        state.reference_data = (
            reference_hashes,
            stored,
            _reference_index(stored.get(SDG_GRAPH, b"")),
        )
    _, stored, sdg = state.reference_data
    ontology = (
        stored[ONTOLOGY_GRAPH]
        if ONTOLOGY_GRAPH in stored
        else _file_ntriples(resources.ontology_file())
    )
    jobs = [_job(part, dumps, state.graphs, sdg) for part in to_validate]
    if full:
        reference_data = b"\n".join(sdg.values())
        jobs.append(_Job(_REFERENCE_PART, reference_data, b""))
    pending = _start_jobs(chosen, audit, ontology, jobs, workers)
    try:  # the whole-graph checks run here while the pool runs the engine
        checks_started = time.perf_counter()
        part_of = {g: p for p in parts for g in p}
        if full or len(to_validate) > _INCREMENTAL_QUERY_LIMIT:
            wanted = set(to_validate) | ({(_REFERENCE_PART,)} if full else set())
            target: Store = store
            if full and not (isinstance(store, OxigraphStore) and store.path is None):
                # a copy in memory of the graphs just read: much faster to query than a
                # store on disk or on a server
                target = OxigraphStore.from_ntriples({**dumps, **stored})
            check_results = _attribute(run_checks(target, split), state.graphs, part_of, wanted)
        else:  # each changed part on a scratch store: its graphs and the reference data
            check_results = {}
            sdg_data = b"".join(sdg.values())
            for part in to_validate:
                scratch = OxigraphStore.from_ntriples(
                    {**{g: dumps[g] for g in part}, ONTOLOGY_GRAPH: ontology, SDG_GRAPH: sdg_data}
                )
                rows = run_checks(scratch, split)
                check_results.update(_attribute(rows, state.graphs, part_of, {part}))
        timings["sparql"] = time.perf_counter() - checks_started
        engine_results = pending.result()
    except BaseException:
        pending.cancel()
        raise
    timings["engine"] = time.perf_counter() - step

    for part_key, results in engine_results.items():
        part = (_REFERENCE_PART,) if part_key == _REFERENCE_PART else tuple(part_key.split("\n"))
        state.results[part] = list(results)
    for part, results in check_results.items():
        state.results.setdefault(part, []).extend(results)
    state.key = key

    merged = sorted(
        {r for results in state.results.values() for r in results}, key=ValidationResult.sort_key
    )
    conforms = not any(r.severity == "Violation" for r in merged)
    found = store.select(f"SELECT DISTINCT ?m WHERE {{ ?m a {iri_ref(str(GG.Municipality))} }}")
    municipalities = sorted(str(m) for m in found.column("m") if isinstance(m, URIRef))
    report = ScaleReport(conforms, merged, None, municipalities)  # type: ignore[arg-type]
    timings["total"] = time.perf_counter() - started
    report.stats = RunStats(
        engine=chosen,
        incremental=not full,
        graphs=len(data_graphs),
        parts=len(parts),
        validated_graphs=sorted(g for p in to_validate for g in p),
        seconds=timings,
    )
    return report


def _file_ntriples(path: Path) -> bytes:
    return cast(
        bytes,
        ox.serialize(
            [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(path=path)],
            format=ox.RdfFormat.N_TRIPLES,
        ),
    )


def _reference_index(data: bytes) -> dict[str, bytes]:
    """The reference graph's N-Triples lines grouped by subject IRI (or blank label)."""
    index: dict[str, list[bytes]] = {}
    for line in data.split(b"\n"):
        if not line.strip():
            continue
        # the subject ends at its ">" (an IRI) or at the first space or tab (a blank node):
        # N-Triples allows either separator, and some servers (Virtuoso) write tabs
        is_iri = line.startswith(b"<")
        subject = line[1 : line.index(b">")] if is_iri else line.split(None, 1)[0]
        index.setdefault(subject.decode("utf-8"), []).append(line)
    return {s: b"\n".join(lines) + b"\n" for s, lines in index.items()}


def _job(
    part: tuple[str, ...],
    dumps: Mapping[str, bytes],
    graphs: Mapping[str, GraphInfo],
    sdg: Mapping[str, bytes],
) -> _Job:
    data = b"\n".join(dumps[g] for g in part)
    mentioned = set().union(*(graphs[g].mentioned for g in part))
    reference = b"".join(sdg[iri] for iri in sorted(mentioned) if iri in sdg)
    return _Job("\n".join(part), data, reference)


def _read_graphs(store: Store, graphs: Sequence[str]) -> dict[str, bytes]:
    """The N-Triples of ``graphs``, read in one thread per core (the embedded store and the
    HTTP client release the GIL while they read)."""
    threads = min(worker_count(), len(graphs))
    if threads <= 1:
        return {g: store.dump(g, NTRIPLES) for g in graphs}
    with ThreadPoolExecutor(threads, thread_name_prefix="goalgraph-read") as pool:
        return dict(zip(graphs, pool.map(lambda g: store.dump(g, NTRIPLES), graphs), strict=True))


@dataclass
class _Pending:
    """Engine results on their way: batches in the pool, or one batch to run here."""

    futures: list[Future[list[tuple[str, list[ValidationResult]]]]]
    local: Callable[[], list[tuple[str, list[ValidationResult]]]] | None = None

    def result(self) -> dict[str, list[ValidationResult]]:
        out = dict(self.local()) if self.local is not None else {}
        for future in self.futures:
            out.update(future.result())
        return out

    def cancel(self) -> None:
        for future in self.futures:
            future.cancel()


def _start_jobs(
    engine: Engine, audit: bool, ontology: bytes, jobs: Sequence[_Job], workers: int
) -> _Pending:
    if not jobs:
        return _Pending([])
    if workers <= 1 or len(jobs) <= 1:
        return _Pending([], lambda: _run_batch(engine, audit, ontology, jobs))
    size = max(1, min(16, len(jobs) // (workers * 4) or 1))
    batches = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    executor = _pool(workers)
    return _Pending([executor.submit(_run_batch, engine, audit, ontology, b) for b in batches])


def _attribute(
    checked: Sequence[tuple[ValidationResult, frozenset[str]]],
    graphs: Mapping[str, GraphInfo],
    part_of: Mapping[str, tuple[str, ...]],
    wanted: set[tuple[str, ...]],
) -> dict[tuple[str, ...], list[ValidationResult]]:
    """Give each whole-graph result to the parts whose graphs mention its anchor IRIs (the
    reference part when none does); keep only the ``wanted`` parts."""
    where: dict[str, set[tuple[str, ...]]] = {}
    needed = {iri for _, anchors in checked for iri in anchors}
    for graph, info in graphs.items():
        for iri in needed & info.mentioned:
            where.setdefault(iri, set()).add(part_of[graph])
    out: dict[tuple[str, ...], list[ValidationResult]] = {}
    for result, anchors in checked:
        parts = {p for iri in anchors for p in where.get(iri, ())} or {(_REFERENCE_PART,)}
        for part in parts & wanted:
            out.setdefault(part, []).append(result)
    return out


__all__ = [
    "ENGINES",
    "RunStats",
    "ScaleReport",
    "ShapeSplit",
    "SparqlCheck",
    "ValidationState",
    "default_engine",
    "partition",
    "rewrite_select",
    "run_checks",
    "shape_split",
    "validate_store",
    "worker_count",
]
