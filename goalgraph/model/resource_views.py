"""The page views of one resource of a municipality: a goal with its chain, documents,
Agenda 2030 links and indicators; a body; a document; a process."""

from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from goalgraph.model.labels import View, as_text
from goalgraph.model.view_base import ViewBase, literal, objects_of
from goalgraph.model.view_queries import view_query
from goalgraph.namespaces import GG


class ResourceViews(ViewBase):
    """Views of goals, bodies, documents and processes."""

    def goal(self, iri: URIRef, lang: str = "sv") -> View:
        """A goal (or vision, focus area, activity) with its chain, documents, SDGs, owner and
        indicators."""
        view = self.generic(iri, lang, "goal")
        graph = self.describe(iri)
        up = [
            as_text(r["element"])
            for r in self.store.select(view_query("view-chain-up"), {"goal": iri})
        ]
        down = [
            as_text(r["element"])
            for r in self.store.select(view_query("view-chain-down"), {"goal": iri})
        ]
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
        for row in self.store.select(view_query("view-documents"), {"goal": iri}):
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
        for ind in objects_of(graph, iri, GG.hasIndicator):
            ig = graph
            if not isinstance(ind, BNode):
                ig = self.store.construct(view_query("describe"), {"r": ind})
            indicators.append(
                {
                    **self.index.ref(ind, lang),
                    "label": literal(ig, ind, SKOS.prefLabel, lang) or self.index.label(ind, lang),
                    "kolada": literal(ig, ind, GG.koladaId, lang),
                    "unit": literal(ig, ind, GG.unit, lang),
                    "baseline": literal(ig, ind, GG.baselineValue, lang),
                    "baseline_year": literal(ig, ind, GG.baselineYear, lang),
                    "target": literal(ig, ind, GG.targetValue, lang),
                    "target_year": literal(ig, ind, GG.targetYear, lang),
                    "target_kind": self._term(ig.value(ind, GG.targetKind), lang),
                    "compared_with": self._term(ig.value(ind, GG.comparedWith), lang),
                }
            )
        view.update(
            {
                "short": self.index.short_label(iri, lang),
                "identifier": self.index.identifier.get(str(iri)),
                "level": levels.get(str(iri)),
                "owners": [self.index.ref(o, lang) for o in objects_of(graph, iri, GG.ownedBy)],
                "contributors": [
                    self.index.ref(o, lang) for o in objects_of(graph, iri, GG.contributingBody)
                ],
                "supports": [
                    {**self._element(o, lang, levels), **self._link_basis(graph, iri, o, lang)}
                    for o in objects_of(graph, iri, GG.supports)
                ],
                "chain_up": chain(up, reverse=True),
                "chain_down": chain(down, reverse=False),
                "documents": documents,
                "sdg": self._sdg_links(graph, iri, lang),
                "indicators": indicators,
                "assessments": self._assessments(iri, lang),
            }
        )
        return view

    def _link_basis(self, graph: Graph, iri: URIRef, target: object, lang: str) -> View:
        """The basis and reason recorded for the link ``iri`` gg:supports ``target``."""
        for link in objects_of(graph, iri, GG.qualifiedLink):
            prop = graph.value(link, GG.linkProperty) or GG.supports
            basis = graph.value(link, GG.basis)
            if graph.value(link, GG.linkTarget) == target and prop == GG.supports and basis:
                return {
                    "basis": self.index.ref(basis, lang),
                    "inferred": basis == GG.InferredByEditor,
                    "reason": literal(graph, link, GG.reason, lang),
                }
        return {"basis": None, "inferred": False, "reason": None}

    def _term(self, term: object, lang: str) -> str | None:
        return None if term is None else self.index.label(term, lang)

    def _assessments(self, iri: URIRef, lang: str) -> list[View]:
        """The municipality's assessments of ``iri``, newest first, motivation in ``lang``."""
        found: dict[str, View] = {}
        for row in self.store.select(view_query("view-assessments"), {"r": iri}):
            key = as_text(row["assessment"])
            entry = found.setdefault(
                key,
                {
                    "period": as_text(row["period"]),
                    "status": self._term(row.get("status"), lang),
                    "trend": self._term(row.get("trend"), lang),
                    "counts": [
                        as_text(row[k]) if row.get(k) is not None else None
                        for k in ("assessed", "achieved", "partly", "not")
                    ],
                    "source": self._term(row.get("source"), lang),
                    "motivation": {},
                },
            )
            text = row.get("motivation")
            if isinstance(text, Literal):
                entry["motivation"][text.language or ""] = str(text)
        for entry in found.values():
            texts = entry["motivation"]
            entry["motivation"] = texts.get(lang) or texts.get("sv") or texts.get("") or None
        return list(found.values())

    def body(self, iri: URIRef, lang: str = "sv") -> View:
        """A body with the goals it owns or contributes to, and its place in the organisation."""
        view = self.generic(iri, lang, "body")
        rows = self.store.select(view_query("goals-of-body-role"), {"body": iri})
        levels = self._levels_of([as_text(r["goal"]) for r in rows], lang)
        view["goals"] = sorted(
            ({**self._element(r["goal"], lang, levels), "role": as_text(r["role"])} for r in rows),
            key=lambda g: ((g["level"] or {}).get("rank") or 99, g["identifier"] or "", g["label"]),
        )
        return view

    def document(self, iri: URIRef, lang: str = "sv") -> View:
        """A document with the goals it supports and the decisions that adopt it."""
        view = self.generic(iri, lang, "document")
        graph = self.describe(iri)
        view["supports_goals"] = [
            self.index.ref(g, lang) for g in objects_of(graph, iri, GG.supportsGoal)
        ]
        view["sdg"] = self._sdg_links(graph, iri, lang)
        return view

    def process(self, iri: URIRef, lang: str = "sv") -> View:
        """A process with its steps in order."""
        view = self.generic(iri, lang, "process")
        rows = self.store.select(view_query("process-steps"), {"p": iri})
        steps: dict[str, View] = {}
        for row in rows:
            key = as_text(row["step"])
            step = steps.setdefault(
                key,
                {
                    **self.index.ref(row["step"], lang),
                    "order": int(str(row["order"])) if row["order"] is not None else None,
                    "date": None if row["date"] is None else as_text(row["date"]),
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
