"""The parts every page view shares: the view queries (``goalgraph/model/queries/*.rq``),
literal and value helpers, and :class:`ViewBase`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import ORG, RDF, RDFS, SKOS

from goalgraph.errors import NotFoundError
from goalgraph.model.labels import LabelIndex, View, as_text
from goalgraph.model.recurrence import RECURRENCE_PREDICATES, recurrence_of
from goalgraph.model.view_queries import view_query
from goalgraph.namespaces import GG, ID, SDG, municipality_iri
from goalgraph.store.protocol import Store
from goalgraph.texts import strings

#: Statements every page shows in its own place: the type, the name as title, the description
#: and the sources.
_SHOWN_ELSEWHERE = frozenset({RDF.type, SKOS.prefLabel, RDFS.comment, GG.citation})


def literal(graph: rdflib.Graph, node: object, prop: URIRef, lang: str) -> str | None:
    values = [o for o in graph.objects(node, prop) if isinstance(o, Literal)]  # type: ignore[arg-type]
    if not values:
        return None
    for choice in (lang, "sv", None, "en"):
        for value in values:
            if value.language == choice:
                return str(value)
    return str(values[0])


def objects_of(graph: rdflib.Graph, node: Any, prop: Any) -> list[Any]:
    return sorted(graph.objects(node, prop), key=str)


def in_language(values: Iterable[object], lang: str) -> list[object]:
    """The values a reader of ``lang`` sees: where the same statement is written in several
    languages, only the page's language (else Swedish); other values as they are."""
    values = list(values)
    tagged = [v for v in values if isinstance(v, Literal) and v.language]
    for choice in (lang, "sv"):
        chosen = [v for v in tagged if v.language == choice]
        if chosen:
            return [v for v in values if v not in tagged or v in chosen]
    return values


def value_view(index: LabelIndex, term: object, lang: str) -> View:
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


def optional_ref(index: LabelIndex, term: object | None, lang: str) -> View | None:
    return None if term is None else index.ref(term, lang)


def _parts(parts: list[str]) -> tuple[tuple[int, int, str], ...]:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)


def notation_key(notation: str) -> tuple[tuple[int, int, str], ...]:
    return _parts(notation.split("."))


class ViewBase:
    """What every view is built from: one store, the label index of its current data, and
    the steps that all pages share (a description, its statements, citations and links)."""

    def __init__(self, store: Store, index: LabelIndex | None = None) -> None:
        self.store = store
        self.index = index or LabelIndex.build(store)

    def exists(self, iri: URIRef) -> bool:
        """Whether the store states anything about ``iri``."""
        return self.store.ask(view_query("exists"), {"r": iri})

    def describe(self, iri: URIRef) -> rdflib.Graph:
        """The concise bounded description of ``iri`` (its triples and its blank nodes')."""
        graph = self.store.construct(view_query("describe"), {"r": iri})
        if len(graph) == 0:
            raise NotFoundError(f"unknown resource <{iri}>")
        return graph

    def _citations(self, graph: rdflib.Graph, node: object, lang: str) -> list[View]:
        out: list[View] = []
        for cit in objects_of(graph, node, GG.citation):
            doc = graph.value(cit, GG.citedDocument)
            citation = {
                "document": self.index.ref(doc, lang) if doc is not None else None,
                "passage": literal(graph, cit, GG.passage, lang),
                "locator": literal(graph, cit, GG.locator, lang),
                "comment": literal(graph, cit, RDFS.comment, lang),
            }
            if citation not in out:  # the same source stated for many facts is shown once
                out.append(citation)
        return out

    def _types(self, iri: object, lang: str) -> list[View]:
        return [self.index.ref(t, lang) for t in sorted(self.index.types.get(as_text(iri), []))]

    def _level(self, graph: rdflib.Graph, node: object, lang: str) -> View | None:
        level = graph.value(node, GG.atLevel)  # type: ignore[call-overload]
        if level is None:
            return None
        return {**self.index.ref(level, lang), "rank": self._rank(level)}

    def _rank(self, level: object) -> int | None:
        rows = self.store.select(view_query("level-rank"), {"l": URIRef(as_text(level))})
        values = [int(str(r["rank"])) for r in rows if r["rank"] is not None]
        return min(values) if values else None

    def _element(self, iri: object, lang: str, levels: dict[str, View]) -> View:
        ref = self.index.ref(iri, lang)
        ref["short"] = self.index.short_label(iri, lang)
        ref["identifier"] = self.index.identifier.get(as_text(iri))
        ref["level"] = levels.get(as_text(iri))
        return ref

    def _levels_of(self, elements: Iterable[str], lang: str) -> dict[str, View]:
        wanted = set(elements)
        rows = self.store.select(view_query("element-levels"))
        out: dict[str, View] = {}
        for row in rows:
            x = as_text(row["x"])
            if x in wanted:
                rank = int(str(row["rank"])) if row["rank"] is not None else None
                out[x] = {**self.index.ref(row["level"], lang), "rank": rank}
        return out

    def incoming(self, iri: URIRef, lang: str) -> list[View]:
        """The statements that point at ``iri``: predicate and subject."""
        return [
            {"predicate": self.index.ref(r["p"], lang), "subject": self.index.ref(r["s"], lang)}
            for r in self.store.select(view_query("incoming"), {"r": iri})
        ]

    def properties(self, graph: rdflib.Graph, iri: URIRef, lang: str) -> list[View]:
        """The outgoing statements of ``iri``, grouped by predicate (blank nodes expanded),
        without those the page shows in its own places (type, name, description, sources)."""
        out = []
        recurs = recurrence_of(graph, iri).text(lang)
        for pred in sorted(set(graph.predicates(iri)), key=str):
            if pred in _SHOWN_ELSEWHERE or (recurs and pred in RECURRENCE_PREDICATES):
                continue
            values = []
            for obj in in_language(objects_of(graph, iri, pred), lang):
                if isinstance(obj, BNode):
                    values.append({"blank": True, "properties": self._bnode(graph, obj, lang)})
                else:
                    values.append(value_view(self.index, obj, lang))
            out.append({"predicate": self.index.ref(pred, lang), "values": values})
        if recurs:
            # the three recurrence statements read as one phrase ("juni varje år")
            out.append(
                {
                    "predicate": {"iri": None, "label": strings(lang)["recurs"]},
                    "values": [{"value": recurs}],
                }
            )
        return out

    def _bnode(self, graph: rdflib.Graph, node: BNode, lang: str) -> list[View]:
        return [
            {
                "predicate": self.index.ref(p, lang),
                "values": [
                    {"blank": True, "properties": self._bnode(graph, o, lang)}
                    if isinstance(o, BNode)
                    else value_view(self.index, o, lang)
                    for o in in_language(objects_of(graph, node, p), lang)
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
            rows = self.store.select(view_query("superclasses"), {"t": URIRef(t)})
            out.update(as_text(r["super"]) for r in rows)
        return out

    def generic(self, iri: URIRef, lang: str, kind: str = "resource") -> View:
        """Any resource: its types, label, statements, citations and incoming links."""
        graph = self.describe(iri)
        return {
            "kind": kind,
            **self.index.ref(iri, lang),
            "types": self._types(iri, lang),
            "comment": literal(graph, iri, RDFS.comment, lang),
            "municipality": self._municipality_of(iri, lang),
            "properties": self.properties(graph, iri, lang),
            "citations": self._citations(graph, iri, lang),
            "incoming": self.incoming(iri, lang),
            "gaps": self._gaps(iri, lang),
        }

    def _gaps(self, iri: URIRef, lang: str) -> list[View]:
        """What the sources leave open about ``iri`` (or, for its parent, about its level)."""
        gaps: dict[str, View] = {}
        for row in self.store.select(view_query("view-gaps"), {"r": iri}):
            gap = gaps.setdefault(
                as_text(row["gap"]),
                {
                    **self.index.ref(row["gap"], lang),
                    "kind": self.index.ref(row["kind"], lang),
                    "parent": as_text(row["kind"]) == str(GG.ParentNotStated),
                    "count": None if row["count"] is None else int(as_text(row["count"])),
                    "sources": [],
                },
            )
            if row["source"] is not None:
                gap["sources"].append(self.index.ref(row["source"], lang))
        return list(gaps.values())

    def _sdg_links(self, graph: rdflib.Graph, iri: URIRef, lang: str) -> list[View]:
        """The element's Agenda 2030 links: its SDG contributions, and its framework links to
        an SDG goal (a goal that *is* an SDG goal covers it)."""
        out = []
        links = [(link, GG.sdg) for link in objects_of(graph, iri, GG.sdgContribution)]
        links += [(link, GG.frameworkGoal) for link in objects_of(graph, iri, GG.frameworkLink)]
        for link, prop in links:
            target = graph.value(link, prop)
            if prop == GG.frameworkGoal and not str(target).startswith(str(SDG)):
                continue
            basis = graph.value(link, GG.basis)
            if target is None:
                continue
            out.append(
                {
                    **self.index.ref(target, lang),
                    "notation": self.index.notation.get(str(target)),
                    "goal": self._sdg_goal_ref(target, lang),
                    "basis": self.index.ref(basis, lang) if basis is not None else None,
                    "reason": literal(graph, link, GG.reason, lang),
                }
            )
        return sorted(out, key=lambda s: notation_key(s["notation"] or ""))

    def _sdg_goal_ref(self, iri: object, lang: str) -> View | None:
        notation = self.index.notation.get(as_text(iri), "")
        number = notation.split(".")[0]
        if not number.isdigit():
            return None
        goal = SDG[number]
        return {**self.index.ref(goal, lang), "notation": number}
