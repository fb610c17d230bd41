"""Turning one ``sh:ValidationResult`` of a SHACL report into a
:class:`~goalgraph.validation.report.ValidationResult`: the named shape it belongs to, its
messages with the placeholders filled in, and the nodes written for people."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from goalgraph.conventions import LANGUAGES
from goalgraph.namespaces import GG, ID, PREFIXES, SH, SHAPES
from goalgraph.validation.report import ValidationResult

if TYPE_CHECKING:
    pass


_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")
SHAPE_TYPES = (SH.NodeShape, SH.PropertyShape)


# --- turning one sh:ValidationResult into a ValidationResult ------------------------------


def shacl_result(data: Graph, shapes: Graph, report: Graph, node: Node) -> ValidationResult:
    focus = report.value(node, SH.focusNode)
    source = report.value(node, SH.sourceShape)
    severity = report.value(node, SH.resultSeverity)
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    if focus is None or source is None or severity is None:
        raise ValueError(f"incomplete SHACL result in pySHACL's report: {node}")
    shape = named_shape(shapes, source)
    focus_text = node_text(data, focus)
    value_text = None if value is None else render_value(data, value)
    path_text = None if path is None else _path_text(report, path)
    known = {"this": focus_text, "focusNode": focus_text}
    if value_text is not None:
        known["value"] = value_text
    if path_text is not None:
        known["path"] = path_text
    produced = [str(m) for m in report.objects(node, SH.resultMessage)]
    messages = result_messages(message_templates(shapes, shape), produced, known)
    return ValidationResult(
        focus_node=focus_text,
        shape=str(shape),
        shape_id=local_id(shape),
        severity=local_name(severity),
        path=path_text,
        value=value_text,
        message_sv=messages["sv"],
        message_en=messages["en"],
        municipality=municipality_of(data, focus),
    )


def named_shape(shapes: Graph, source: Node) -> Node:
    """The nearest ``ggsh:`` shape at or above ``source`` (e.g. a blank property shape)."""
    seen: set[Node] = set()
    frontier = [source]
    while frontier:
        node = frontier.pop(0)
        if isinstance(node, URIRef) and str(node).startswith(str(SHAPES)):
            return node
        if node in seen:
            continue
        seen.add(node)
        frontier.extend(shapes.subjects(None, node))
    return source


def message_templates(shapes: Graph, shape: Node) -> dict[str, str]:
    templates: dict[str, str] = {}
    for message in shapes.objects(shape, SH.message):
        if isinstance(message, Literal) and message.language in LANGUAGES:
            templates.setdefault(message.language, str(message))
    return templates


def result_messages(
    templates: Mapping[str, str], produced: list[str], known: Mapping[str, str]
) -> dict[str, str]:
    """Messages in sv and en, with ``{?var}``/``{$var}`` filled in.

    pySHACL fills the placeholders of SPARQL-based messages but drops their language tags;
    matching each produced message against the templates recovers the bound variables, which
    then complete both languages (the focus node, value and path are taken from the result).
    """
    bindings: dict[str, str] = {}
    for template in templates.values():
        pattern = template_pattern(template)
        if pattern is None:
            continue
        for message in produced:
            match = pattern.fullmatch(message)
            if match:
                bindings.update(
                    (k, v) for k, v in match.groupdict().items() if not _PLACEHOLDER.fullmatch(v)
                )
    bindings.update(known)
    fallback = produced[0] if produced else ""
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        chosen = templates.get(lang) or templates.get("en") or templates.get("sv")
        if chosen is None:
            out[lang] = fallback
            continue
        out[lang] = _PLACEHOLDER.sub(lambda m: bindings.get(m.group(1), m.group(0)), chosen)
    return out


@lru_cache(maxsize=256)
def template_pattern(template: str) -> re.Pattern[str] | None:
    parts: list[str] = []
    names: set[str] = set()
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        parts.append(re.escape(template[position : match.start()]))
        name = match.group(1)
        parts.append(f"(?P={name})" if name in names else f"(?P<{name}>.*?)")
        names.add(name)
        position = match.end()
    if not names:
        return None
    parts.append(re.escape(template[position:]))
    return re.compile("".join(parts), re.DOTALL)


# --- rendering nodes -------------------------------------------------------------------------


def node_text(data: Graph, node: Node) -> str:
    """An IRI or literal as text; a blank node through the named resource that holds it."""
    if not isinstance(node, BNode):
        return str(node)
    owner = _owner(data, node)
    if owner is None:
        return "[]"
    subject, predicate = owner
    return f"{node_text(data, subject)} {_curie(predicate)} []"


def render_value(data: Graph, node: Node) -> str:
    """A value as text; a blank node (a citation, an SDG link) as an inline description."""
    if not isinstance(node, BNode):
        return str(node)
    parts = [
        f"{_curie(p)} {_term_text(o)}"
        for p, o in sorted(data.predicate_objects(node), key=lambda po: (str(po[0]), str(po[1])))
        if p != RDF.type
    ]
    return f"[ {' ; '.join(parts)} ]" if parts else "[]"


def _term_text(term: Node) -> str:
    if isinstance(term, Literal):
        text = str(term) if len(str(term)) <= 60 else str(term)[:59] + "…"
        return f'"{text}"' + (f"@{term.language}" if term.language else "")
    if isinstance(term, BNode):
        return "[]"
    return _curie(term)


def _owner(data: Graph, node: BNode) -> tuple[Node, Node] | None:
    """The subject and predicate that link to a blank node, preferring a named subject."""
    links = sorted(
        data.subject_predicates(node), key=lambda sp: (isinstance(sp[0], BNode), str(sp))
    )
    return links[0] if links else None


def _curie(iri: Node) -> str:
    """``gg:supports`` for an IRI in one of goalgraph's namespaces, else ``<iri>``."""
    text = str(iri)
    for prefix, namespace in PREFIXES.items():
        local = text[len(namespace) :]
        if text.startswith(namespace) and local and not re.search(r"[/#]", local):
            return f"{prefix}:{local}"
    return f"<{text}>"


def _path_text(report: Graph, path: Node) -> str:
    """A SHACL path as text: an IRI as it is, a complex path in SPARQL syntax."""
    if isinstance(path, URIRef):
        return str(path)
    return _sparql_path(report, path)


def _sparql_path(graph: Graph, path: Node) -> str:
    if isinstance(path, URIRef):
        return _curie(path)
    if graph.value(path, RDF.first) is not None:
        return "/".join(_sparql_path(graph, p) for p in Collection(graph, path))
    for predicate, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(_sparql_path(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(_sparql_path(graph, p) for p in Collection(graph, alternatives)) + ")"
    return "[]"


def municipality_of(data: Graph, focus: Node) -> str | None:
    """The focus node's gg:municipality, or the municipality whose namespace holds its IRI."""
    node: Node | None = focus
    for _ in range(8):  # climb out of blank nodes (citations, SDG contributions)
        if node is None:
            return None
        municipality = data.value(node, GG.municipality)
        if municipality is not None:
            return str(municipality)
        if not isinstance(node, BNode):
            break
        owner = _owner(data, node)
        node = owner[0] if owner else None
    text = str(node)
    if isinstance(node, URIRef) and text.startswith(str(ID)):
        slug = text[len(str(ID)) :].split("/", 1)[0]
        if slug:
            return str(ID[slug])
    return None


def local_id(shape: Node) -> str:
    text = str(shape)
    return text[len(str(SHAPES)) :] if text.startswith(str(SHAPES)) else text


def local_name(iri: Node) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1]
