"""Read views of the knowledge graph: plain, JSON-ready dicts for one resource at a time.

A view gathers what a reader needs about one resource: a goal with its chain up and down,
the documents behind it, its Agenda 2030 links, owner and indicators; a municipality with its
governance model; an SDG goal or target with the municipal goals that serve it, across
municipalities. Labels come in the requested language (Swedish, then any, as fallback) from a
:class:`LabelIndex` built once per version of the data. Every query binds its parameters
through the store (a ``VALUES`` block, see :mod:`goalgraph.sparql.binding`), never by formatting.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import ORG, RDF, RDFS, SKOS

from goalgraph import conventions
from goalgraph.conventions import LANGUAGES, SLUG, natural_key
from goalgraph.errors import NotFoundError
from goalgraph.namespaces import GG, ID, SDG, SDGO, municipality_iri
from goalgraph.store.protocol import Store

View = dict[str, Any]
LOCAL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
SDG_NOTATION = re.compile(r"^\d{1,2}(?:\.[0-9a-z]{1,2})?$")

_P = """PREFIX gg: <https://w3id.org/goalgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX sdgo: <http://metadata.un.org/sdg/ontology#>
"""
Q_LABELS = (
    _P
    + """SELECT ?x ?p ?l WHERE {
  VALUES ?p { skos:prefLabel rdfs:label gg:shortLabel skos:notation dcterms:identifier }
  ?x ?p ?l . FILTER(isIRI(?x)) }"""
)
Q_TYPES = _P + "SELECT ?x ?t WHERE { ?x a ?t . FILTER(isIRI(?x) && isIRI(?t)) }"
Q_EXISTS = "ASK WHERE { ?r ?p ?o }"
Q_INCOMING = "SELECT ?r ?s ?p WHERE { ?s ?p ?r . FILTER(isIRI(?s)) } ORDER BY ?p ?s"
Q_CHAIN_UP = _P + """SELECT DISTINCT ?goal ?element WHERE { ?goal gg:supports+ ?element }"""
Q_CHAIN_DOWN = _P + """SELECT DISTINCT ?goal ?element WHERE { ?element gg:supports+ ?goal }"""
Q_DOCUMENTS = (
    _P
    + """SELECT DISTINCT ?goal ?document ?via WHERE {
  ?via gg:supports* ?goal . ?document gg:supportsGoal ?via }"""
)
Q_MEMBERS = _P + """SELECT ?municipality ?x WHERE { ?x gg:municipality ?municipality }"""
Q_MUNICIPALITIES = (
    _P
    + """SELECT ?m ?code WHERE { ?m a gg:Municipality .
  OPTIONAL { ?m gg:municipalityCode ?code } }"""
)
Q_SERVING = (
    _P
    + """SELECT DISTINCT ?sdg ?linked_to ?element ?municipality ?basis ?link WHERE {
  ?linked_to skos:broader* ?sdg .
  ?link gg:sdg ?linked_to .
  ?element gg:sdgContribution ?link ; gg:municipality ?municipality .
  OPTIONAL { ?link gg:basis ?basis } }"""
)
Q_SDG_COUNTS = (
    _P
    + """SELECT ?goal (COUNT(DISTINCT ?element) AS ?n) WHERE {
  ?goal a sdgo:Goal . ?linked_to skos:broader* ?goal .
  ?link gg:sdg ?linked_to . ?element gg:sdgContribution ?link ; gg:municipality ?m }
  GROUP BY ?goal"""
)


def _s(term: object) -> str:
    return str(term)


@dataclass
class LabelIndex:
    """Labels, notations and types of every IRI in the store, read in two queries."""

    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    short: dict[str, dict[str, str]] = field(default_factory=dict)
    notation: dict[str, str] = field(default_factory=dict)
    identifier: dict[str, str] = field(default_factory=dict)
    types: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, store: Store) -> LabelIndex:
        """Read the index from ``store``."""
        index = cls()
        rdfs_labels: dict[str, dict[str, str]] = defaultdict(dict)
        for row in store.select(Q_LABELS):
            x, p, lit = _s(row["x"]), row["p"], row["l"]
            lang = lit.language if isinstance(lit, Literal) and lit.language else ""
            if p == SKOS.prefLabel:
                index.labels.setdefault(x, {}).setdefault(lang, _s(lit))
            elif p == RDFS.label:
                rdfs_labels[x].setdefault(lang, _s(lit))
            elif p == GG.shortLabel:
                index.short.setdefault(x, {}).setdefault(lang, _s(lit))
            elif p == SKOS.notation:
                index.notation.setdefault(x, _s(lit))
            else:
                index.identifier.setdefault(x, _s(lit))
        for x, by_lang in rdfs_labels.items():
            index.labels.setdefault(x, by_lang)
        for row in store.select(Q_TYPES):
            index.types[_s(row["x"])].append(_s(row["t"]))
        return index

    def label(self, iri: object, lang: str = "sv") -> str:
        """The label of ``iri`` in ``lang``, else Swedish, untagged, any; else its IRI's tail."""
        key = _s(iri)
        by_lang = self.labels.get(key)
        if by_lang:
            for choice in (lang, "sv", "", "en"):
                if choice in by_lang:
                    return by_lang[choice]
            return next(iter(by_lang.values()))
        return self.notation.get(key) or compact(key)

    def short_label(self, iri: object, lang: str = "sv") -> str | None:
        """The short (diagram) label, when there is one."""
        by_lang = self.short.get(_s(iri))
        if not by_lang:
            return None
        return by_lang.get(lang) or by_lang.get("sv") or next(iter(by_lang.values()))

    def has_type(self, iri: object, *classes: URIRef) -> bool:
        """Whether ``iri`` has any of ``classes`` as a direct type."""
        wanted = {_s(c) for c in classes}
        return any(t in wanted for t in self.types.get(_s(iri), ()))

    def ref(self, iri: object, lang: str) -> View:
        """A reference to a resource: its IRI and label."""
        return {"iri": _s(iri), "label": self.label(iri, lang)}


def compact(iri: str) -> str:
    """A short display form of an IRI (its last segment)."""
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


def check_lang(lang: str) -> str:
    """Return ``lang`` when supported (``sv``, ``en``); a page in another is not found."""
    return conventions.check_lang(lang, NotFoundError)


def resource_iri(slug: str, local: str | None = None) -> URIRef:
    """The IRI of a municipality (``local`` None) or of one of its resources; checks both parts."""
    if not SLUG.match(slug):
        raise NotFoundError(f"not a municipality slug: {slug!r}")
    if local is None:
        return municipality_iri(slug)
    if not LOCAL.match(local):
        raise NotFoundError(f"not a resource name: {local!r}")
    return URIRef(f"{ID}{slug}/{local}")


def sdg_iri(notation: str) -> URIRef:
    """The IRI of an SDG goal (``11``) or target (``11.3``)."""
    if not SDG_NOTATION.match(notation):
        raise NotFoundError(f"not an SDG goal or target number: {notation!r}")
    return SDG[notation]


def _lit(graph: rdflib.Graph, node: object, prop: URIRef, lang: str) -> str | None:
    values = [o for o in graph.objects(node, prop) if isinstance(o, Literal)]  # type: ignore[arg-type]
    if not values:
        return None
    for choice in (lang, "sv", None, "en"):
        for value in values:
            if value.language == choice:
                return str(value)
    return str(values[0])


def _objects(graph: rdflib.Graph, node: Any, prop: Any) -> list[Any]:
    return sorted(graph.objects(node, prop), key=str)


def _value(index: LabelIndex, term: object, lang: str) -> View:
    if isinstance(term, URIRef):
        return {"iri": str(term), "label": index.label(term, lang)}
    if isinstance(term, Literal):
        out: View = {"value": str(term)}
        if term.language:
            out["lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out
    return {"value": str(term), "blank": True}


class Views:
    """Builds views from one store and the label index of its current data."""

    def __init__(self, store: Store, index: LabelIndex | None = None) -> None:
        self.store = store
        self.index = index or LabelIndex.build(store)

    # -- helpers -------------------------------------------------------------------------------

    def exists(self, iri: URIRef) -> bool:
        """Whether the store states anything about ``iri``."""
        return self.store.ask(Q_EXISTS, {"r": iri})

    def describe(self, iri: URIRef) -> rdflib.Graph:
        """The concise bounded description of ``iri`` (its triples and its blank nodes')."""
        graph = self.store.construct("DESCRIBE ?r WHERE {}", {"r": iri})
        if len(graph) == 0:
            raise NotFoundError(f"unknown resource <{iri}>")
        return graph

    def _citations(self, graph: rdflib.Graph, node: object, lang: str) -> list[View]:
        out = []
        for cit in _objects(graph, node, GG.citation):
            doc = graph.value(cit, GG.citedDocument)
            out.append(
                {
                    "document": self.index.ref(doc, lang) if doc is not None else None,
                    "passage": _lit(graph, cit, GG.passage, lang),
                    "locator": _lit(graph, cit, GG.locator, lang),
                    "comment": _lit(graph, cit, RDFS.comment, lang),
                }
            )
        return out

    def _types(self, iri: object, lang: str) -> list[View]:
        return [self.index.ref(t, lang) for t in sorted(self.index.types.get(_s(iri), []))]

    def _level(self, graph: rdflib.Graph, node: object, lang: str) -> View | None:
        level = graph.value(node, GG.atLevel)  # type: ignore[call-overload]
        if level is None:
            return None
        return {**self.index.ref(level, lang), "rank": self._rank(level)}

    def _rank(self, level: object) -> int | None:
        rows = self.store.select(
            _P + "SELECT ?l ?rank WHERE { ?l gg:rank ?rank }", {"l": URIRef(_s(level))}
        )
        values = [int(str(r["rank"])) for r in rows if r["rank"] is not None]
        return min(values) if values else None

    def _element(self, iri: object, lang: str, levels: dict[str, View]) -> View:
        ref = self.index.ref(iri, lang)
        ref["short"] = self.index.short_label(iri, lang)
        ref["identifier"] = self.index.identifier.get(_s(iri))
        ref["level"] = levels.get(_s(iri))
        return ref

    def _levels_of(self, elements: Iterable[str], lang: str) -> dict[str, View]:
        wanted = set(elements)
        rows = self.store.select(
            _P + "SELECT ?x ?level ?rank WHERE { ?x gg:atLevel ?level . "
            "OPTIONAL { ?level gg:rank ?rank } }"
        )
        out: dict[str, View] = {}
        for row in rows:
            x = _s(row["x"])
            if x in wanted:
                rank = int(str(row["rank"])) if row["rank"] is not None else None
                out[x] = {**self.index.ref(row["level"], lang), "rank": rank}
        return out

    def incoming(self, iri: URIRef, lang: str) -> list[View]:
        """The statements that point at ``iri``: predicate and subject."""
        return [
            {"predicate": self.index.ref(r["p"], lang), "subject": self.index.ref(r["s"], lang)}
            for r in self.store.select(Q_INCOMING, {"r": iri})
        ]

    def properties(self, graph: rdflib.Graph, iri: URIRef, lang: str) -> list[View]:
        """The outgoing statements of ``iri``, grouped by predicate (blank nodes expanded)."""
        out = []
        for pred in sorted(set(graph.predicates(iri)), key=str):
            if pred == RDF.type:
                continue
            values = []
            for obj in _objects(graph, iri, pred):
                if isinstance(obj, BNode):
                    values.append({"blank": True, "properties": self._bnode(graph, obj, lang)})
                else:
                    values.append(_value(self.index, obj, lang))
            out.append({"predicate": self.index.ref(pred, lang), "values": values})
        return out

    def _bnode(self, graph: rdflib.Graph, node: BNode, lang: str) -> list[View]:
        return [
            {
                "predicate": self.index.ref(p, lang),
                "values": [
                    {"blank": True, "properties": self._bnode(graph, o, lang)}
                    if isinstance(o, BNode)
                    else _value(self.index, o, lang)
                    for o in _objects(graph, node, p)
                ],
            }
            for p in sorted(set(graph.predicates(node)), key=str)
            if p != RDF.type
        ]

    def _municipality_of(self, iri: URIRef, lang: str) -> View | None:
        text = str(iri)
        if not text.startswith(str(ID)):
            return None
        slug = text[len(str(ID)) :].split("/", 1)[0]
        m = municipality_iri(slug)
        return {**self.index.ref(m, lang), "slug": slug}

    # -- lists ---------------------------------------------------------------------------------

    def municipalities(self, lang: str = "sv") -> list[View]:
        """The municipalities with code and number of goals."""
        counts: dict[str, int] = defaultdict(int)
        for row in self.store.select(
            _P + "SELECT ?m (COUNT(DISTINCT ?g) AS ?n) WHERE { ?g a gg:Goal ; gg:municipality ?m }"
            " GROUP BY ?m"
        ):
            counts[_s(row["m"])] = int(str(row["n"]))
        out = []
        for row in self.store.select(Q_MUNICIPALITIES):
            iri = _s(row["m"])
            if not iri.startswith(str(ID)):
                continue
            out.append(
                {
                    **self.index.ref(iri, lang),
                    "slug": iri[len(str(ID)) :],
                    "code": None if row["code"] is None else _s(row["code"]),
                    "goals": counts[iri],
                }
            )
        return sorted(out, key=lambda m: m["label"])

    # -- one resource --------------------------------------------------------------------------

    def kind(self, iri: URIRef) -> str:
        """What sort of page a resource gets: municipality, goal, body, document, decision,
        process, sdg or resource."""
        types = set(self.index.types.get(str(iri), []))
        classes = self._superclasses(types)
        for kind, cls in (
            ("municipality", GG.Municipality),
            ("goal", GG.ChainElement),
            ("process", GG.Process),
            ("decision", GG.Decision),
            ("document", GG.Document),
            ("body", ORG.Organization),
            ("sdg", SKOS.Concept),
        ):
            if str(cls) in classes:
                return kind
        return "resource"

    def _superclasses(self, types: set[str]) -> set[str]:
        out = set(types)
        for t in types:
            rows = self.store.select(
                _P + "SELECT ?t ?super WHERE { ?t rdfs:subClassOf+ ?super }", {"t": URIRef(t)}
            )
            out.update(_s(r["super"]) for r in rows)
        return out

    def resource(self, iri: URIRef, lang: str = "sv") -> View:
        """The view of any resource, with the extras of its kind."""
        kind = self.kind(iri)
        builders = {
            "municipality": lambda: self.municipality(str(iri)[len(str(ID)) :], lang),
            "goal": lambda: self.goal(iri, lang),
            "body": lambda: self.body(iri, lang),
            "document": lambda: self.document(iri, lang),
            "decision": lambda: self.generic(iri, lang, "decision"),
            "process": lambda: self.process(iri, lang),
        }
        return builders.get(kind, lambda: self.generic(iri, lang, kind))()

    def generic(self, iri: URIRef, lang: str, kind: str = "resource") -> View:
        """Any resource: its types, label, statements, citations and incoming links."""
        graph = self.describe(iri)
        return {
            "kind": kind,
            **self.index.ref(iri, lang),
            "types": self._types(iri, lang),
            "comment": _lit(graph, iri, RDFS.comment, lang),
            "municipality": self._municipality_of(iri, lang),
            "properties": self.properties(graph, iri, lang),
            "citations": self._citations(graph, iri, lang),
            "incoming": self.incoming(iri, lang),
        }

    def goal(self, iri: URIRef, lang: str = "sv") -> View:
        """A goal (or vision, focus area, activity) with its chain, documents, SDGs, owner and
        indicators."""
        view = self.generic(iri, lang, "goal")
        graph = self.describe(iri)
        up = [_s(r["element"]) for r in self.store.select(Q_CHAIN_UP, {"goal": iri})]
        down = [_s(r["element"]) for r in self.store.select(Q_CHAIN_DOWN, {"goal": iri})]
        levels = self._levels_of([*up, *down, str(iri)], lang)

        def chain(items: list[str], reverse: bool) -> list[View]:
            elements = [self._element(x, lang, levels) for x in items]
            return sorted(
                elements,
                key=lambda e: (
                    (e["level"] or {}).get("rank") or 99,
                    e["identifier"] or "",
                    e["iri"],
                ),
                reverse=reverse,
            )

        documents = []
        for row in self.store.select(Q_DOCUMENTS, {"goal": iri}):
            doc = row["document"]
            documents.append(
                {
                    **self.index.ref(doc, lang),
                    "types": self._types(doc, lang),
                    "via": self.index.ref(row["via"], lang),
                    "direct": row["via"] == iri,
                }
            )
        documents.sort(key=lambda d: (not d["direct"], d["label"]))
        indicators = []
        for ind in _objects(graph, iri, GG.hasIndicator):
            ig = graph
            if not isinstance(ind, BNode):
                ig = self.store.construct("DESCRIBE ?r WHERE {}", {"r": ind})
            indicators.append(
                {
                    **self.index.ref(ind, lang),
                    "label": _lit(ig, ind, SKOS.prefLabel, lang) or self.index.label(ind, lang),
                    "kolada": _lit(ig, ind, GG.koladaId, lang),
                    "unit": _lit(ig, ind, GG.unit, lang),
                    "baseline": _lit(ig, ind, GG.baselineValue, lang),
                    "baseline_year": _lit(ig, ind, GG.baselineYear, lang),
                    "target": _lit(ig, ind, GG.targetValue, lang),
                    "target_year": _lit(ig, ind, GG.targetYear, lang),
                }
            )
        view.update(
            {
                "short": self.index.short_label(iri, lang),
                "identifier": self.index.identifier.get(str(iri)),
                "level": levels.get(str(iri)),
                "owners": [self.index.ref(o, lang) for o in _objects(graph, iri, GG.ownedBy)],
                "contributors": [
                    self.index.ref(o, lang) for o in _objects(graph, iri, GG.contributingBody)
                ],
                "supports": [
                    self._element(o, lang, levels) for o in _objects(graph, iri, GG.supports)
                ],
                "chain_up": chain(up, reverse=True),
                "chain_down": chain(down, reverse=False),
                "documents": documents,
                "sdg": self._sdg_links(graph, iri, lang),
                "indicators": indicators,
            }
        )
        return view

    def _sdg_links(self, graph: rdflib.Graph, iri: URIRef, lang: str) -> list[View]:
        out = []
        for link in _objects(graph, iri, GG.sdgContribution):
            target = graph.value(link, GG.sdg)
            basis = graph.value(link, GG.basis)
            if target is None:
                continue
            out.append(
                {
                    **self.index.ref(target, lang),
                    "notation": self.index.notation.get(str(target)),
                    "goal": self._sdg_goal_ref(target, lang),
                    "basis": self.index.ref(basis, lang) if basis is not None else None,
                    "reason": _lit(graph, link, GG.reason, lang),
                }
            )
        return sorted(out, key=lambda s: _notation_key(s["notation"] or ""))

    def _sdg_goal_ref(self, iri: object, lang: str) -> View | None:
        notation = self.index.notation.get(_s(iri), "")
        number = notation.split(".")[0]
        if not number.isdigit():
            return None
        goal = SDG[number]
        return {**self.index.ref(goal, lang), "notation": number}

    def body(self, iri: URIRef, lang: str = "sv") -> View:
        """A body with the goals it owns or contributes to, and its place in the organisation."""
        view = self.generic(iri, lang, "body")
        rows = self.store.select(
            _P
            + """SELECT ?body ?goal ?role WHERE {
              { ?goal gg:ownedBy ?body . BIND("owner" AS ?role) } UNION
              { ?goal gg:contributingBody ?body . BIND("contributor" AS ?role) } }""",
            {"body": iri},
        )
        levels = self._levels_of([_s(r["goal"]) for r in rows], lang)
        view["goals"] = sorted(
            ({**self._element(r["goal"], lang, levels), "role": _s(r["role"])} for r in rows),
            key=lambda g: ((g["level"] or {}).get("rank") or 99, g["identifier"] or "", g["label"]),
        )
        return view

    def document(self, iri: URIRef, lang: str = "sv") -> View:
        """A document with the goals it supports and the decisions that adopt it."""
        view = self.generic(iri, lang, "document")
        graph = self.describe(iri)
        view["supports_goals"] = [
            self.index.ref(g, lang) for g in _objects(graph, iri, GG.supportsGoal)
        ]
        view["sdg"] = self._sdg_links(graph, iri, lang)
        return view

    def process(self, iri: URIRef, lang: str = "sv") -> View:
        """A process with its steps in order."""
        view = self.generic(iri, lang, "process")
        rows = self.store.select(
            _P
            + """SELECT ?p ?step ?order ?date ?by ?produces WHERE { ?p gg:hasStep ?step .
              OPTIONAL { ?step gg:stepOrder ?order } OPTIONAL { ?step gg:plannedDate ?date }
              OPTIONAL { ?step gg:performedBy ?by } OPTIONAL { ?step gg:produces ?produces } }""",
            {"p": iri},
        )
        steps: dict[str, View] = {}
        for row in rows:
            key = _s(row["step"])
            step = steps.setdefault(
                key,
                {
                    **self.index.ref(row["step"], lang),
                    "order": int(str(row["order"])) if row["order"] is not None else None,
                    "date": None if row["date"] is None else _s(row["date"]),
                    "performed_by": [],
                    "produces": [],
                },
            )
            for name, term in (("performed_by", row["by"]), ("produces", row["produces"])):
                ref = None if term is None else self.index.ref(term, lang)
                if ref is not None and ref not in step[name]:
                    step[name].append(ref)
        view["steps"] = sorted(steps.values(), key=lambda s: (s["order"] or 0, s["label"]))
        return view

    def municipality(self, slug: str, lang: str = "sv") -> View:
        """A municipality: its elements, bodies, documents, decisions, processes and
        governance model."""
        iri = resource_iri(slug)
        if not self.index.has_type(iri, GG.Municipality):
            raise NotFoundError(f"unknown municipality {slug!r}")
        view = self.generic(iri, lang, "municipality")
        view["slug"] = slug
        view["code"] = next(
            (m["code"] for m in self.municipalities(lang) if m["iri"] == str(iri)), None
        )
        members = [_s(r["x"]) for r in self.store.select(Q_MEMBERS, {"municipality": iri})]
        groups: dict[str, list[str]] = defaultdict(list)
        for member in members:
            kind = self.kind(URIRef(member))
            groups[kind].append(member)
        levels = self._levels_of(groups["goal"], lang)
        supports = self.store.select(
            _P + "SELECT ?m ?x ?up ?owner WHERE { ?x gg:municipality ?m ; gg:atLevel ?l . "
            "OPTIONAL { ?x gg:supports ?up } OPTIONAL { ?x gg:ownedBy ?owner } }",
            {"m": iri},
        )
        ups: dict[str, list[View]] = defaultdict(list)
        owners: dict[str, list[View]] = defaultdict(list)
        for row in supports:
            x = _s(row["x"])
            for target, term in ((ups, row["up"]), (owners, row["owner"])):
                if term is not None and self.index.ref(term, lang) not in target[x]:
                    target[x].append(self.index.ref(term, lang))
        elements = []
        for x in groups["goal"]:
            element = self._element(x, lang, levels)
            element["types"] = self._types(x, lang)
            element["supports"] = ups[x]
            element["owners"] = owners[x]
            elements.append(element)
        elements.sort(
            key=lambda e: (
                (e["level"] or {}).get("rank") or 99,
                natural_key(e["identifier"] or ""),
                e["label"],
            )
        )

        def refs(kind: str) -> list[View]:
            items = [
                {**self.index.ref(x, lang), "types": self._types(x, lang)} for x in groups[kind]
            ]
            return sorted(items, key=lambda r: r["label"])

        view.update(
            {
                "elements": elements,
                "bodies": refs("body"),
                "documents": refs("document"),
                "decisions": refs("decision"),
                "processes": refs("process"),
                "governance_models": self.governance(iri, lang),
                "sdg_coverage": self.sdg_coverage(iri, lang),
            }
        )
        view.pop("incoming", None)
        return view

    def governance(self, municipality: URIRef, lang: str) -> list[View]:
        """The governance models of a municipality: levels, follow-up points and rules."""
        rows = self.store.select(
            _P + "SELECT ?m ?model WHERE { ?model a gg:GovernanceModel ; gg:modelOf ?m }",
            {"m": municipality},
        )
        models = []
        for row in rows:
            model = row["model"]
            graph = self.describe(URIRef(_s(model)))
            levels = []
            for level in _objects(graph, model, GG.hasLevel):
                lg = self.describe(level)
                indicators = lg.value(level, GG.indicatorsHere)
                levels.append(
                    {
                        **self.index.ref(level, lang),
                        "rank": self._rank(level),
                        "kind": _opt_ref(self.index, lg.value(level, GG.levelKind), lang),
                        "member_class": _opt_ref(self.index, lg.value(level, GG.memberClass), lang),
                        "parents": [
                            self.index.ref(p, lang) for p in _objects(lg, level, GG.parentLevel)
                        ],
                        "decided_by": [
                            self.index.ref(p, lang) for p in _objects(lg, level, GG.decidedByType)
                        ],
                        "owner_type": [
                            self.index.ref(p, lang) for p in _objects(lg, level, GG.ownerType)
                        ],
                        "indicators_here": None
                        if indicators is None
                        else bool(indicators.toPython()),
                        "comment": _lit(lg, level, RDFS.comment, lang),
                    }
                )
            levels.sort(key=lambda level: (level["rank"] or 99, level["label"]))
            follow_ups = []
            for point in _objects(graph, model, GG.followUpPoint):
                pg = self.describe(point)
                follow_ups.append(
                    {
                        **self.index.ref(point, lang),
                        "kinds": [
                            self.index.ref(k, lang) for k in _objects(pg, point, GG.followUpKind)
                        ],
                        "levels": [
                            self.index.ref(k, lang) for k in _objects(pg, point, GG.followsUpLevel)
                        ],
                        "reports_to": [
                            self.index.ref(k, lang) for k in _objects(pg, point, GG.reportsTo)
                        ],
                    }
                )
            rules = []
            for rule in _objects(graph, model, GG.hasRule):
                rg = self.describe(rule)
                rules.append(
                    {
                        **self.index.ref(rule, lang),
                        "kind": _opt_ref(self.index, rg.value(rule, GG.ruleKind), lang),
                        "levels": [
                            self.index.ref(k, lang) for k in _objects(rg, rule, GG.appliesToLevel)
                        ],
                        "body_types": [
                            self.index.ref(k, lang)
                            for k in _objects(rg, rule, GG.appliesToBodyType)
                        ],
                    }
                )
            models.append(
                {
                    **self.index.ref(model, lang),
                    "levels": levels,
                    "follow_ups": sorted(follow_ups, key=lambda f: f["label"]),
                    "rules": sorted(rules, key=lambda r: r["label"]),
                }
            )
        return sorted(models, key=lambda m: m["label"])

    def sdg_coverage(self, municipality: URIRef, lang: str) -> list[View]:
        """The SDG goals a municipality's elements link to, with the targets and elements."""
        rows = self.store.select(
            _P
            + """SELECT ?m ?element ?linked WHERE { ?element gg:municipality ?m ;
              gg:sdgContribution ?link . ?link gg:sdg ?linked }""",
            {"m": municipality},
        )
        goals: dict[str, View] = {}
        for row in rows:
            goal_ref = self._sdg_goal_ref(row["linked"], lang)
            if goal_ref is None:
                continue
            entry = goals.setdefault(goal_ref["iri"], {**goal_ref, "targets": [], "elements": []})
            notation = self.index.notation.get(_s(row["linked"]))
            if notation and notation != goal_ref["notation"] and notation not in entry["targets"]:
                entry["targets"].append(notation)
            ref = self.index.ref(row["element"], lang)
            if ref not in entry["elements"]:
                entry["elements"].append(ref)
        for entry in goals.values():
            entry["targets"].sort(key=_notation_key)
        return sorted(goals.values(), key=lambda g: _notation_key(g["notation"]))

    # -- Agenda 2030 ---------------------------------------------------------------------------

    def sdg_goals(self, lang: str = "sv") -> list[View]:
        """The 17 SDG goals with colour and the number of municipal elements linked to each."""
        counts = {_s(r["goal"]): int(str(r["n"])) for r in self.store.select(Q_SDG_COUNTS)}
        rows = self.store.select(
            _P + "SELECT ?g ?colour WHERE { ?g a sdgo:Goal . OPTIONAL { ?g gg:colour ?colour } }"
        )
        out = [
            {
                **self.index.ref(r["g"], lang),
                "notation": self.index.notation.get(_s(r["g"]), compact(_s(r["g"]))),
                "colour": None if r["colour"] is None else _s(r["colour"]),
                "linked_elements": counts.get(_s(r["g"]), 0),
            }
            for r in rows
        ]
        return sorted(out, key=lambda g: _notation_key(g["notation"]))

    def sdg(self, notation: str, lang: str = "sv") -> View:
        """An SDG goal or target with its targets and the municipal elements that serve it."""
        iri = sdg_iri(notation)
        if not self.index.has_type(iri, SDGO.Goal, SDGO.Target):
            raise NotFoundError(f"unknown SDG goal or target {notation!r}")
        graph = self.describe(iri)
        is_goal = self.index.has_type(iri, SDGO.Goal)
        definition = _lit(graph, iri, SKOS.definition, lang)
        definition_lang = next(
            (
                o.language
                for o in graph.objects(iri, SKOS.definition)
                if isinstance(o, Literal) and str(o) == definition
            ),
            None,
        )
        view: View = {
            "kind": "sdg-goal" if is_goal else "sdg-target",
            **self.index.ref(iri, lang),
            "notation": notation,
            "definition": definition,
            "definition_lang": definition_lang,
            "colour": _lit(graph, iri, GG.colour, lang),
            "goal": None if is_goal else self._sdg_goal_ref(iri, lang),
        }
        if is_goal:
            rows = self.store.select(
                _P + "SELECT ?g ?t WHERE { ?t skos:broader ?g ; a sdgo:Target }", {"g": iri}
            )
            view["targets"] = sorted(
                (
                    {
                        **self.index.ref(r["t"], lang),
                        "notation": self.index.notation.get(_s(r["t"])),
                    }
                    for r in rows
                ),
                key=lambda t: _notation_key(t["notation"] or ""),
            )
        serving: list[View] = []
        for row in self.store.select(Q_SERVING, {"sdg": iri}):
            link_graph = (
                self.store.construct(
                    "CONSTRUCT { ?link ?p ?o } WHERE { ?link ?p ?o }", {"link": row["link"]}
                )
                if isinstance(row["link"], URIRef)
                else None
            )
            reason = self._reason(row["element"], row["link"], row["linked_to"], lang, link_graph)
            m = row["municipality"]
            serving.append(
                {
                    "municipality": {**self.index.ref(m, lang), "slug": compact(_s(m))},
                    "element": {
                        **self.index.ref(row["element"], lang),
                        "types": self._types(row["element"], lang),
                    },
                    "linked_to": {
                        **self.index.ref(row["linked_to"], lang),
                        "notation": self.index.notation.get(_s(row["linked_to"])),
                    },
                    "basis": _opt_ref(self.index, row["basis"], lang),
                    "reason": reason,
                }
            )
        serving.sort(key=lambda s: (str(s["municipality"]), str(s["element"])))
        view["served_by"] = serving
        return view

    def _reason(
        self, element: object, link: object, target: object, lang: str, graph: rdflib.Graph | None
    ) -> str | None:
        if graph is not None:
            return _lit(graph, link, GG.reason, lang)
        element_graph = self.describe(URIRef(_s(element)))
        for node in element_graph.objects(URIRef(_s(element)), GG.sdgContribution):
            if element_graph.value(node, GG.sdg) == target:
                return _lit(element_graph, node, GG.reason, lang)
        return None


def _opt_ref(index: LabelIndex, term: object | None, lang: str) -> View | None:
    return None if term is None else index.ref(term, lang)


def _parts(parts: list[str]) -> tuple[tuple[int, int, str], ...]:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def _notation_key(notation: str) -> tuple[tuple[int, int, str], ...]:
    return _parts(notation.split("."))


__all__ = [
    "LANGUAGES",
    "LabelIndex",
    "Views",
    "check_lang",
    "compact",
    "resource_iri",
    "sdg_iri",
]
