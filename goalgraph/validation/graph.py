"""Validate goalgraph data against the SHACL shapes in ``shapes/``.

The shapes are split by concern: ``integrity.ttl``, ``model.ttl`` and ``lifecycle.ttl``
(violations) and ``audit.ttl`` (warnings). Each shape is named after a requirement id
(``ggsh:I03``) and carries its message in Swedish and English. :func:`validate_graph` runs
pySHACL on a copy of the data merged with the Agenda 2030 reference graph, with the ontology
as ``ont_graph``, and turns the SHACL report into :class:`ValidationResult` records, each
reported against the named shape.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import asdict, dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any
from typing import Literal as LiteralType

import pyshacl
from rdflib import BNode, ConjunctiveGraph, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Result
from rdflib.term import Node

from goalgraph import resources
from goalgraph.conventions import LANGUAGES
from goalgraph.namespaces import GG, ID, PREFIXES, SH, SHAPES

if TYPE_CHECKING:
    from goalgraph.validation.findings import Labels

__all__ = [
    "ValidationReport",
    "ValidationResult",
    "load_shapes",
    "shape_ids",
    "validate_graph",
]

Lang = LiteralType["sv", "en"]

#: Shape files run on every validation; the audit file only when ``audit=True``.
CORE_SHAPE_FILES: tuple[str, ...] = ("integrity.ttl", "model.ttl", "lifecycle.ttl")
AUDIT_SHAPE_FILE = "audit.ttl"

_SEVERITY_LABELS: dict[str, dict[str, str]] = {
    "sv": {"Violation": "Överträdelse", "Warning": "Varning", "Info": "Information"},
    "en": {"Violation": "Violation", "Warning": "Warning", "Info": "Info"},
}
_PLACEHOLDER = re.compile(r"\{[?$](\w+)\}")
_SHAPE_TYPES = (SH.NodeShape, SH.PropertyShape)


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, reported against the named shape (requirement) that produced it."""

    focus_node: str
    shape: str
    shape_id: str
    severity: str
    path: str | None
    value: str | None
    message_sv: str
    message_en: str
    municipality: str | None

    def message(self, lang: str) -> str:
        """The message in ``"sv"`` or ``"en"``."""
        if lang == "sv":
            return self.message_sv
        if lang == "en":
            return self.message_en
        raise ValueError(f"unsupported language {lang!r} (use 'sv' or 'en')")

    def sort_key(self) -> tuple[str, ...]:
        """Municipality, focus node, shape, then the rest: a total, deterministic order."""
        return (
            self.municipality or "",
            self.focus_node,
            self.shape,
            self.path or "",
            self.value or "",
            self.message_en,
        )


@dataclass
class ValidationReport:
    """The outcome of :func:`validate_graph`: the results and pySHACL's report graph."""

    conforms: bool
    results: list[ValidationResult]
    graph: Graph = field(repr=False, compare=False)
    #: The municipalities in the validated data, with or without results.
    municipalities: list[str] = field(default_factory=list)

    @property
    def violations(self) -> list[ValidationResult]:
        """Results with severity Violation."""
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        """Results with severity Warning."""
        return [r for r in self.results if r.severity == "Warning"]

    def by_municipality(self) -> dict[str | None, dict[str, list[ValidationResult]]]:
        """Results grouped by municipality, then by focus node, in report order.

        A validated municipality without results maps to an empty dict.
        """
        keys = set(self.municipalities) | {r.municipality for r in self.results}
        grouped: dict[str | None, dict[str, list[ValidationResult]]] = {
            m: {} for m in sorted(keys, key=lambda m: m or "")
        }
        for result in self.results:
            grouped[result.municipality].setdefault(result.focus_node, []).append(result)
        return grouped

    def to_text(self, lang: Lang = "sv", labels: Labels | None = None, group: str = "goal") -> str:
        """A readable report in Swedish (``"sv"``) or English (``"en"``): the summary, the
        findings named for people (goals by ``labels``, see :mod:`goalgraph.validation.findings`,
        grouped by ``"goal"`` or ``"finding"``), then the technical details with the RDF terms."""
        from goalgraph.validation.findings import present

        labels_for = _SEVERITY_LABELS.get(lang)
        if labels_for is None:
            raise ValueError(f"unsupported language {lang!r} (use 'sv' or 'en')")
        counts = {s: sum(r.severity == s for r in self.results) for s in labels_for}
        if lang == "sv":
            head = [
                "Valideringsrapport",
                f"Uppfyller kraven: {'ja' if self.conforms else 'nej'} "
                f"({counts['Violation']} överträdelser, {counts['Warning']} varningar, "
                f"{counts['Info']} information)",
            ]
            details = "Tekniska detaljer"
        else:
            head = [
                "Validation report",
                f"Conforms: {'yes' if self.conforms else 'no'} "
                f"({counts['Violation']} violations, {counts['Warning']} warnings, "
                f"{counts['Info']} infos)",
            ]
            details = "Technical details"
        findings = present(self, labels, lang).to_text(group)  # type: ignore[arg-type]
        technical = self._technical_text(lang)
        return "\n".join([*head, "", findings, details, "", technical])

    def _technical_text(self, lang: str) -> str:
        """Every result by municipality and focus node, with shape ids and RDF terms."""
        labels = _SEVERITY_LABELS[lang]
        if lang == "sv":
            heading, no_municipality, value_word = "Kommun", "(ingen kommun)", "värde"
            nothing = "Inga avvikelser."
        else:
            heading, no_municipality, value_word = "Municipality", "(no municipality)", "value"
            nothing = "No findings."
        lines: list[str] = []
        for municipality, by_focus in self.by_municipality().items():
            if lines:
                lines.append("")
            lines.append(f"{heading}: {municipality}" if municipality else no_municipality)
            if not by_focus:
                lines.append(f"  {nothing}")
            for focus, results in by_focus.items():
                lines.append(f"  {focus}")
                for r in results:
                    line = f"    [{labels[r.severity]}] {r.shape_id}: {r.message(lang)}"
                    if r.value is not None and r.value != focus:
                        line += f" ({value_word}: {r.value})"
                    lines.append(line)
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict[str, Any]:
        """A JSON-serialisable summary with stable keys."""
        return {
            "conforms": self.conforms,
            "violations": len(self.violations),
            "warnings": len(self.warnings),
            "municipalities": list(self.municipalities),
            "results": [asdict(r) for r in self.results],
        }

    def to_turtle(self) -> str:
        """The standard SHACL validation report (``sh:ValidationReport``) as pySHACL made it."""
        return self.graph.serialize(format="turtle")


class _PreparedQueryGraph(Graph):
    """A graph that parses each distinct SPARQL text once.

    pySHACL sends the same SHACL-SPARQL text for every focus node; rdflib would parse it
    every time, which costs far more than evaluating it on a municipality's graph.
    """

    def query(
        self,
        query_object: str | Query,
        processor: Any = "sparql",
        result: Any = "sparql",
        initNs: Mapping[str, Any] | None = None,  # noqa: N803 - rdflib's signature
        initBindings: Mapping[str, Any] | None = None,  # noqa: N803
        use_store_provided: bool = True,
        **kwargs: Any,
    ) -> Result:
        if isinstance(query_object, str) and not initNs:
            query_object = _prepared(query_object)
        return super().query(
            query_object, processor, result, initNs, initBindings, use_store_provided, **kwargs
        )


@lru_cache(maxsize=256)
def _prepared(text: str) -> Query:
    return prepareQuery(text)


def _parse_files(names: Iterable[str]) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(resources.shapes_dir() / name, format="turtle")
    return graph


@cache
def load_shapes(audit: bool = True) -> Graph:
    """The shapes graph: integrity and model shapes, plus the audit shapes if ``audit``.

    The graph is cached and shared; do not modify it.
    """
    names = CORE_SHAPE_FILES + ((AUDIT_SHAPE_FILE,) if audit else ())
    return _parse_files(names)


@cache
def _all_shapes() -> Graph:
    return _parse_files(sorted(p.name for p in resources.shapes_dir().glob("*.ttl")))


def shape_ids() -> list[str]:
    """The requirement ids of all named shapes in ``shapes/``, e.g. ``["A01", ..., "M12"]``."""
    graph = _all_shapes()
    ids = {
        str(s)[len(str(SHAPES)) :]
        for t in _SHAPE_TYPES
        for s in graph.subjects(RDF.type, t)
        if isinstance(s, URIRef) and str(s).startswith(str(SHAPES))
    }
    return sorted(ids)


@cache
def _ontology() -> Graph:
    return Graph().parse(resources.ontology_file(), format="turtle")


@cache
def _sdg_reference() -> Graph:
    return Graph().parse(resources.sdg_file(), format="turtle")


def _triples(graph: Graph) -> Iterator[tuple[Node, Node, Node]]:
    if isinstance(graph, ConjunctiveGraph):  # a Dataset: validate the union of its graphs
        for s, p, o, _ in graph.quads((None, None, None, None)):
            yield s, p, o
    else:
        yield from graph.triples((None, None, None))


def validate_graph(
    data: Graph,
    *,
    audit: bool = True,
    reference: Graph | None = None,
    engine: str = "pyshacl",
) -> ValidationReport:
    """Validate ``data`` against the goalgraph shapes.

    ``engine`` is ``"pyshacl"`` (the reference) or ``"turbo"`` (pyshacl-turbo, a Rust engine
    with pySHACL's API and the same results); see :mod:`goalgraph.validation.scale` for large data.

    The data is copied, with the SDG reference graph (default: ``data/sdg/sdg.ttl``), into a
    fresh graph; ``data`` itself is never changed. The ontology is passed to pySHACL as
    ``ont_graph`` so that ``rdfs:subClassOf`` is known. With ``audit=False`` only the
    integrity and model shapes run.

    >>> data = Graph().parse(
    ...     format="turtle",
    ...     data="@prefix gg: <https://w3id.org/goalgraph/ontology#> . "
    ...     "<https://w3id.org/goalgraph/id/exempel> a gg:Municipality ; "
    ...     'gg:municipalityCode "665" .',
    ... )
    >>> report = validate_graph(data)
    >>> report.conforms, [(r.shape_id, r.value) for r in report.violations]
    (False, [('I08', None), ('I12', '665')])
    >>> report.violations[1].message_sv.startswith("Varje kommun ska ha exakt en kommunkod")
    True
    """
    if engine not in ("pyshacl", "turbo"):
        raise ValueError(f"unknown SHACL engine {engine!r} (use 'pyshacl' or 'turbo')")
    with _LOCK:
        return _validate(data, audit=audit, reference=reference, engine=engine)


#: rdflib's SPARQL parser (pyparsing), which pySHACL uses, is not thread-safe.
_LOCK = threading.Lock()


def _validate(
    data: Graph, *, audit: bool, reference: Graph | None, engine: str = "pyshacl"
) -> ValidationReport:
    merged = _PreparedQueryGraph()
    merged.addN(
        (s, p, o, merged)
        for s, p, o in _triples(_sdg_reference() if reference is None else reference)
    )
    merged.addN((s, p, o, merged) for s, p, o in _triples(data))
    shapes = load_shapes(audit)
    if engine == "turbo":
        import pyshacl_turbo

        run_engine: Any = pyshacl_turbo.validate
    else:
        run_engine = pyshacl.validate
    _, report_graph, text = run_engine(
        merged,
        shacl_graph=shapes,
        ont_graph=_ontology(),
        inference="none",
        advanced=True,
        allow_warnings=True,
        inplace=True,
    )
    if not isinstance(report_graph, Graph):  # pySHACL reports a broken shape this way
        raise RuntimeError(f"SHACL validation failed: {text}")
    results = sorted(
        (
            _result(merged, shapes, report_graph, node)
            for node in report_graph.objects(None, SH.result)
        ),
        key=ValidationResult.sort_key,
    )
    conforms = not any(r.severity == "Violation" for r in results)
    municipalities = sorted(
        str(m) for m in merged.subjects(RDF.type, GG.Municipality) if isinstance(m, URIRef)
    )
    return ValidationReport(conforms, results, report_graph, municipalities)


# --- turning one sh:ValidationResult into a ValidationResult ------------------------------


def _result(data: Graph, shapes: Graph, report: Graph, node: Node) -> ValidationResult:
    focus = report.value(node, SH.focusNode)
    source = report.value(node, SH.sourceShape)
    severity = report.value(node, SH.resultSeverity)
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    if focus is None or source is None or severity is None:
        raise ValueError(f"incomplete SHACL result in pySHACL's report: {node}")
    shape = _named_shape(shapes, source)
    focus_text = _node_text(data, focus)
    value_text = None if value is None else _value_text(data, value)
    path_text = None if path is None else _path_text(report, path)
    known = {"this": focus_text, "focusNode": focus_text}
    if value_text is not None:
        known["value"] = value_text
    if path_text is not None:
        known["path"] = path_text
    produced = [str(m) for m in report.objects(node, SH.resultMessage)]
    messages = _messages(_templates(shapes, shape), produced, known)
    return ValidationResult(
        focus_node=focus_text,
        shape=str(shape),
        shape_id=_local_id(shape),
        severity=_local_name(severity),
        path=path_text,
        value=value_text,
        message_sv=messages["sv"],
        message_en=messages["en"],
        municipality=_municipality(data, focus),
    )


def _named_shape(shapes: Graph, source: Node) -> Node:
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


def _templates(shapes: Graph, shape: Node) -> dict[str, str]:
    templates: dict[str, str] = {}
    for message in shapes.objects(shape, SH.message):
        if isinstance(message, Literal) and message.language in LANGUAGES:
            templates.setdefault(message.language, str(message))
    return templates


def _messages(
    templates: Mapping[str, str], produced: list[str], known: Mapping[str, str]
) -> dict[str, str]:
    """Messages in sv and en, with ``{?var}``/``{$var}`` filled in.

    pySHACL fills the placeholders of SPARQL-based messages but drops their language tags;
    matching each produced message against the templates recovers the bound variables, which
    then complete both languages (the focus node, value and path are taken from the result).
    """
    bindings: dict[str, str] = {}
    for template in templates.values():
        pattern = _template_pattern(template)
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
def _template_pattern(template: str) -> re.Pattern[str] | None:
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


def _node_text(data: Graph, node: Node) -> str:
    """An IRI or literal as text; a blank node through the named resource that holds it."""
    if not isinstance(node, BNode):
        return str(node)
    owner = _owner(data, node)
    if owner is None:
        return "[]"
    subject, predicate = owner
    return f"{_node_text(data, subject)} {_curie(predicate)} []"


def _value_text(data: Graph, node: Node) -> str:
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


def _municipality(data: Graph, focus: Node) -> str | None:
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


def _local_id(shape: Node) -> str:
    text = str(shape)
    return text[len(str(SHAPES)) :] if text.startswith(str(SHAPES)) else text


def _local_name(iri: Node) -> str:
    text = str(iri)
    return re.split(r"[#/]", text)[-1]
