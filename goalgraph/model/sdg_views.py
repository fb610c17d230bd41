"""The page views of Agenda 2030: the 17 goals, and one goal or target with the municipal
elements that serve it."""

from __future__ import annotations

import rdflib
from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from goalgraph.errors import NotFoundError
from goalgraph.model.addresses import sdg_iri
from goalgraph.model.labels import View, as_text, compact
from goalgraph.model.view_base import ViewBase, literal, notation_key, optional_ref
from goalgraph.model.view_queries import view_query
from goalgraph.namespaces import GG, SDGO


class SdgViews(ViewBase):
    """Views of the SDG goals and targets."""

    def sdg_goals(self, lang: str = "sv") -> list[View]:
        """The 17 SDG goals with colour and the number of municipal goals (``linked_elements``)
        and of documents (``linked_documents``) linked to each."""
        counts: dict[str, tuple[int, int]] = {}
        for r in self.store.select(view_query("sdg-counts")):
            documents = int(str(r["documents"]))
            counts[as_text(r["goal"])] = (int(str(r["n"])) - documents, documents)
        rows = self.store.select(view_query("sdg-colours"))
        out = [
            {
                **self.index.ref(r["g"], lang),
                "notation": self.index.notation.get(as_text(r["g"]), compact(as_text(r["g"]))),
                "colour": None if r["colour"] is None else as_text(r["colour"]),
                "linked_elements": counts.get(as_text(r["g"]), (0, 0))[0],
                "linked_documents": counts.get(as_text(r["g"]), (0, 0))[1],
            }
            for r in rows
        ]
        return sorted(out, key=lambda g: notation_key(g["notation"]))

    def sdg(self, notation: str, lang: str = "sv") -> View:
        """An SDG goal or target with its targets and the municipal elements that serve it."""
        iri = sdg_iri(notation)
        if not self.index.has_type(iri, SDGO.Goal, SDGO.Target):
            raise NotFoundError(f"unknown SDG goal or target {notation!r}")
        graph = self.describe(iri)
        is_goal = self.index.has_type(iri, SDGO.Goal)
        definition = literal(graph, iri, SKOS.definition, lang)
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
            # the Swedish texts of goals and targets are goalgraph's own translation, noted so
            "translation_note": (
                literal(graph, iri, SKOS.note, lang) if definition_lang == "sv" else None
            ),
            "colour": literal(graph, iri, GG.colour, lang),
            "goal": None if is_goal else self._sdg_goal_ref(iri, lang),
        }
        if is_goal:
            rows = self.store.select(view_query("sdg-targets"), {"g": iri})
            view["targets"] = sorted(
                (
                    {
                        **self.index.ref(r["t"], lang),
                        "notation": self.index.notation.get(as_text(r["t"])),
                    }
                    for r in rows
                ),
                key=lambda t: notation_key(t["notation"] or ""),
            )
        serving: list[View] = []
        served = list(self.store.select(view_query("serving-sdg"), {"sdg": iri}))
        documents = {as_text(r["element"]) for r in served if r["document"] is not None}
        for row in served:
            link_graph = (
                self.store.construct(view_query("link-statements"), {"link": row["link"]})
                if isinstance(row["link"], URIRef)
                else None
            )
            reason = self._reason(row["element"], row["link"], row["linked_to"], lang, link_graph)
            m = row["municipality"]
            serving.append(
                {
                    "municipality": {**self.index.ref(m, lang), "slug": compact(as_text(m))},
                    "element": {
                        **self.index.ref(row["element"], lang),
                        "types": self._types(row["element"], lang),
                        "document": as_text(row["element"]) in documents,
                    },
                    "linked_to": {
                        **self.index.ref(row["linked_to"], lang),
                        "notation": self.index.notation.get(as_text(row["linked_to"])),
                    },
                    "basis": optional_ref(self.index, row["basis"], lang),
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
            return literal(graph, link, GG.reason, lang)
        element_graph = self.describe(URIRef(as_text(element)))
        for node in element_graph.objects(URIRef(as_text(element)), GG.sdgContribution):
            if element_graph.value(node, GG.sdg) == target:
                return literal(element_graph, node, GG.reason, lang)
        return None
