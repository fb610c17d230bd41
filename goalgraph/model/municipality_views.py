"""The page views of municipalities: the list, one municipality with its chain elements,
bodies, documents, governance models and Agenda 2030 coverage."""

from __future__ import annotations

from collections import defaultdict

from rdflib import URIRef
from rdflib.namespace import RDFS

from goalgraph.conventions import natural_key
from goalgraph.errors import NotFoundError
from goalgraph.model.addresses import resource_iri
from goalgraph.model.labels import View, as_text
from goalgraph.model.recurrence import Recurrence, number, read_flag, recurrence_of
from goalgraph.model.structure import read_structure
from goalgraph.model.subsets import local_id
from goalgraph.model.view_base import ViewBase, literal, notation_key, objects_of, optional_ref
from goalgraph.model.view_queries import view_query
from goalgraph.namespaces import GG, ID


class MunicipalityViews(ViewBase):
    """Views of municipalities."""

    def municipalities(self, lang: str = "sv") -> list[View]:
        """The municipalities with code and number of goals."""
        counts: dict[str, int] = defaultdict(int)
        for row in self.store.select(view_query("goal-counts")):
            counts[as_text(row["m"])] = int(str(row["n"]))
        out = []
        for row in self.store.select(view_query("view-municipalities")):
            iri = as_text(row["m"])
            if not iri.startswith(str(ID)):
                continue
            out.append(
                {
                    **self.index.ref(iri, lang),
                    "slug": iri[len(str(ID)) :],
                    "code": None if row["code"] is None else as_text(row["code"]),
                    "goals": counts[iri],
                }
            )
        return sorted(out, key=lambda m: m["label"])

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
        members = [
            as_text(r["x"]) for r in self.store.select(view_query("members"), {"municipality": iri})
        ]
        groups: dict[str, list[str]] = defaultdict(list)
        for member in members:
            kind = self.kind(URIRef(member))
            groups[kind].append(member)
        levels = self._levels_of(groups["goal"], lang)
        supports = self.store.select(view_query("element-links"), {"m": iri})
        ups: dict[str, list[View]] = defaultdict(list)
        owners: dict[str, list[View]] = defaultdict(list)
        for row in supports:
            x = as_text(row["x"])
            for target, term in ((ups, row["up"]), (owners, row["owner"])):
                if term is None or any(r["iri"] == as_text(term) for r in target[x]):
                    continue
                ref = self.index.ref(term, lang)
                if target is ups:
                    ref = self._element(term, lang, levels)
                target[x].append(ref)
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

        recurs = self._steps_recur(iri, lang)
        view.update(
            {
                "elements": elements,
                "element_levels": element_levels(elements),
                "bodies": refs("body"),
                "documents": refs("document"),
                "decisions": refs("decision"),
                "processes": [{**p, "recurs": recurs.get(p["iri"])} for p in refs("process")],
                "governance_models": self.governance(iri, lang),
                "sdg_coverage": self.sdg_coverage(iri, lang),
                "structure": self.structure(slug, lang),
            }
        )
        view.pop("incoming", None)
        return view

    def _steps_recur(self, municipality: URIRef, lang: str) -> dict[str, str]:
        """Per process, when its steps recur in words ("juni varje år; varje år"), in step
        order and each once; a process whose steps do not recur is left out."""
        steps: dict[str, dict[str, tuple[int, Recurrence]]] = defaultdict(dict)
        for row in self.store.select(view_query("step-recurrence"), {"m": municipality}):
            step, order = as_text(row["step"]), row["order"]
            steps[as_text(row["process"])][step] = (
                99 if order is None else int(str(order)),
                Recurrence(
                    number(row["recurringMonth"]),
                    number(row["timesPerYear"]),
                    read_flag(None if row["everyYear"] is None else str(row["everyYear"])),
                ),
            )
        out = {}
        for process, found in steps.items():
            texts: list[str] = []
            for _, recurrence in sorted(found.values(), key=lambda f: f[0]):
                text = recurrence.text(lang)
                if text and text not in texts:
                    texts.append(text)
            if texts:
                out[process] = "; ".join(texts)
        return out

    def structure(self, slug: str, lang: str) -> View:
        """Dimensions with the goals grouped by value, external frameworks with the links to
        them, and goal hierarchies with their levels."""
        found = read_structure(self.store, slug, lang)

        def ref(iri: str) -> View:
            return self.index.ref(URIRef(iri), lang)

        return {
            "dimensions": [
                {
                    "iri": d.iri,
                    "label": d.label,
                    "values": [
                        {"iri": v.iri, "label": v.label, "elements": [ref(e) for e in v.elements]}
                        for v in d.values
                    ],
                }
                for d in found.dimensions
            ],
            "frameworks": [
                {
                    "iri": iri,
                    "label": label,
                    "links": [
                        {
                            "source": ref(k.source),
                            "goal": k.goal_label,
                            "notation": k.goal_notation,
                            "kind": self.index.ref(
                                GG.IsFrameworkGoal if k.is_framework_goal else GG.DerivesFrom, lang
                            ),
                            "basis": self.index.ref(URIRef(k.basis), lang) if k.basis else None,
                            "reason": k.reason,
                        }
                        for k in found.framework_links
                        if k.framework == iri
                    ],
                }
                for iri, label in found.frameworks()
            ],
            "hierarchies": [
                {"iri": h.iri, "label": h.label, "levels": [ref(level) for level in h.levels]}
                for h in found.hierarchies
            ],
        }

    def governance(self, municipality: URIRef, lang: str) -> list[View]:
        """The governance models of a municipality: levels, follow-up points and rules."""
        rows = self.store.select(view_query("governance-models"), {"m": municipality})
        models = []
        for row in rows:
            model = row["model"]
            graph = self.describe(URIRef(as_text(model)))
            levels = []
            for level in objects_of(graph, model, GG.hasLevel):
                lg = self.describe(level)
                indicators = lg.value(level, GG.indicatorsHere)
                levels.append(
                    {
                        **self.index.ref(level, lang),
                        "rank": self._rank(level),
                        "kind": optional_ref(self.index, lg.value(level, GG.levelKind), lang),
                        "member_class": optional_ref(
                            self.index, lg.value(level, GG.memberClass), lang
                        ),
                        "parents": [
                            self.index.ref(p, lang) for p in objects_of(lg, level, GG.parentLevel)
                        ],
                        "decided_by": [
                            self.index.ref(p, lang) for p in objects_of(lg, level, GG.decidedByType)
                        ],
                        "owner_type": [
                            self.index.ref(p, lang) for p in objects_of(lg, level, GG.ownerType)
                        ],
                        "indicators_here": None
                        if indicators is None
                        else bool(indicators.toPython()),
                        "comment": literal(lg, level, RDFS.comment, lang),
                    }
                )
            levels.sort(key=lambda level: (level["rank"] or 99, level["label"]))
            follow_ups = []
            for point in objects_of(graph, model, GG.followUpPoint):
                pg = self.describe(point)
                follow_ups.append(
                    {
                        **self.index.ref(point, lang),
                        "kinds": [
                            self.index.ref(k, lang) for k in objects_of(pg, point, GG.followUpKind)
                        ],
                        "levels": [
                            self.index.ref(k, lang)
                            for k in objects_of(pg, point, GG.followsUpLevel)
                        ],
                        "reports_to": [
                            self.index.ref(k, lang) for k in objects_of(pg, point, GG.reportsTo)
                        ],
                        "recurs": recurrence_of(pg, point).text(lang),
                    }
                )
            rules = []
            for rule in objects_of(graph, model, GG.hasRule):
                rg = self.describe(rule)
                rules.append(
                    {
                        **self.index.ref(rule, lang),
                        "kind": optional_ref(self.index, rg.value(rule, GG.ruleKind), lang),
                        "levels": [
                            self.index.ref(k, lang) for k in objects_of(rg, rule, GG.appliesToLevel)
                        ],
                        "body_types": [
                            self.index.ref(k, lang)
                            for k in objects_of(rg, rule, GG.appliesToBodyType)
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
        rows = self.store.select(view_query("view-sdg-coverage"), {"m": municipality})
        goals: dict[str, View] = {}
        for row in rows:
            goal_ref = self._sdg_goal_ref(row["linked"], lang)
            if goal_ref is None:
                continue
            entry = goals.setdefault(goal_ref["iri"], {**goal_ref, "targets": [], "elements": []})
            notation = self.index.notation.get(as_text(row["linked"]))
            if notation and notation != goal_ref["notation"] and notation not in entry["targets"]:
                entry["targets"].append(notation)
            ref = self.index.ref(row["element"], lang)
            if ref not in entry["elements"]:
                entry["elements"].append(ref)
        for entry in goals.values():
            entry["targets"].sort(key=notation_key)
        return sorted(goals.values(), key=lambda g: notation_key(g["notation"]))


def element_levels(elements: list[View]) -> list[View]:
    """The elements grouped by level, top first. When every element of a level supports the
    same goals and those are all the goals of whole levels, ``supports_all`` names those levels
    once instead of repeating them per element."""
    groups: dict[str, View] = {}
    for element in elements:
        level = element["level"] or {"iri": "", "label": "", "rank": None}
        group = groups.setdefault(level["iri"], {**level, "elements": []})
        group["elements"].append(element)
        element["supports"].sort(
            key=lambda s: (
                (s.get("level") or {}).get("rank") or 99,
                natural_key(s.get("identifier") or ""),
            )
        )
    members_of = {iri: {e["iri"] for e in g["elements"]} for iri, g in groups.items()}
    for group in groups.values():
        group["supports_all"] = None
        sets = {frozenset(s["iri"] for s in e["supports"]) for e in group["elements"]}
        if len(group["elements"]) < 2 or len(sets) != 1:
            continue
        targets = next(iter(sets))
        levels = [iri for iri, members in members_of.items() if members and members <= targets]
        if len(targets) >= 2 and set().union(*(members_of[i] for i in levels)) == targets:
            group["supports_all"] = [
                {k: groups[i][k] for k in ("iri", "label", "rank")} for i in levels
            ]
    return list(groups.values())


def dimension_choices(view: View) -> list[View]:
    """The dimension values a reader can filter the municipality's goals by: those that some
    shown goal carries, per dimension, with their local ids and the number of goals."""
    shown = {e["iri"] for e in view["elements"]}
    choices = []
    for dimension in view["structure"]["dimensions"]:
        values = [
            {
                "id": local_id(v["iri"]),
                "iri": v["iri"],
                "label": v["label"],
                "count": sum(e["iri"] in shown for e in v["elements"]),
            }
            for v in dimension["values"]
        ]
        values = [v for v in values if v["count"]]
        if values:
            choices.append({"iri": dimension["iri"], "label": dimension["label"], "values": values})
    return choices


def keep_dimension_value(view: View, dimension: View, value: View) -> None:
    """Leave in ``view`` only the goals carrying ``value`` (of ``dimension``), level by level;
    a level's "supports all" stays true of the goals left. ``view["dimension_filter"]`` says
    what is shown."""
    keep = {e["iri"] for e in value["elements"]}
    view["elements"] = [e for e in view["elements"] if e["iri"] in keep]
    groups = []
    for group in view["element_levels"]:
        elements = [e for e in group["elements"] if e["iri"] in keep]
        if elements:
            groups.append({**group, "elements": elements})
    view["element_levels"] = groups
    view["dimension_filter"] = {
        "id": local_id(value["iri"]),
        "iri": value["iri"],
        "label": value["label"],
        "dimension": dimension["label"],
        "count": len(view["elements"]),
    }


def hierarchy_groups(view: View) -> list[View]:
    """The level groups of ``view`` per goal hierarchy, when the model has more than one (the
    council's chain beside a programme), in the hierarchies' order; levels in none come last
    under no name. Empty when the model has one hierarchy or none."""
    hierarchies = view["structure"]["hierarchies"]
    if len(hierarchies) < 2:
        return []
    out = []
    placed: set[str] = set()
    for hierarchy in hierarchies:
        levels = {level["iri"] for level in hierarchy["levels"]}
        groups = [g for g in view["element_levels"] if g["iri"] in levels]
        placed |= levels
        out.append(
            {
                "iri": hierarchy["iri"],
                "id": local_id(hierarchy["iri"]),
                "label": hierarchy["label"],
                "levels": groups,
                "count": sum(len(g["elements"]) for g in groups),
            }
        )
    rest = [g for g in view["element_levels"] if g["iri"] not in placed]
    if rest:
        out.append(
            {
                "iri": None,
                "id": None,
                "label": None,
                "levels": rest,
                "count": sum(len(g["elements"]) for g in rest),
            }
        )
    return out
