"""A municipality's goal governance as read from the store.

:func:`read_municipality` reads one municipality with the named queries (``model-*.rq``,
``chain-*.rq``, ``bodies.rq``, ``documents.rq``, ``sdg-links.rq``, ``processes.rq``) into
frozen dataclasses: its governance model (levels by ``gg:rank`` with their local names,
follow-up points and rules), its chain elements, bodies, documents, Agenda 2030 links and
processes. Nothing about a particular municipality is assumed. Everything is sorted, so the
diagrams, metrics and reports built on it are deterministic.

>>> from goalgraph.store.load import default_store
>>> nora = read_municipality(default_store(), "nora")
>>> [level.label for level in nora.levels][:2]
['Vision', 'Övergripande mål']

The dataclasses themselves are in :mod:`goalgraph.model.governance`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from goalgraph.conventions import SLUG, check_lang, natural_key
from goalgraph.errors import NotFoundError
from goalgraph.model.gaps import read_gaps, read_link_bases
from goalgraph.model.governance import (
    Body,
    Document,
    Element,
    FollowUp,
    Level,
    Municipality,
    Process,
    Ref,
    Rule,
    SdgGoal,
    SdgLink,
    Step,
)
from goalgraph.model.recurrence import read_flag
from goalgraph.model.rows import first as _first
from goalgraph.model.rows import group_rows as _group
from goalgraph.model.rows import text as _s
from goalgraph.model.rows import values as _values
from goalgraph.model.structure import read_structure
from goalgraph.namespaces import GG, ID, municipality_iri
from goalgraph.sparql.named import run_query
from goalgraph.store.protocol import SelectResult, Store


def _refs(rows: Iterable[Mapping[str, object]], name: str, terms: TermLabels) -> tuple[Ref, ...]:
    iris = {str(r[name]) for r in rows if r.get(name) is not None}
    return tuple(Ref(iri, terms.label(iri)) for iri in sorted(iris))


class TermLabels:
    """The labels of the ontology's terms (body types, level kinds, ...) in one language,
    falling back to Swedish and then to the term's local name."""

    def __init__(self, result: SelectResult, lang: str) -> None:
        found: dict[str, dict[str, str]] = defaultdict(dict)
        for row in result:
            label = row["label"]
            language = getattr(label, "language", None) or ""
            found[str(row["term"])].setdefault(language, str(label))
        self._labels = dict(found)
        self.lang = lang

    def label(self, iri: str) -> str:
        """The label of ``iri`` in the chosen language."""
        labels = self._labels.get(iri, {})
        for language in (self.lang, "sv", ""):
            if language in labels:
                return labels[language]
        return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def municipality_labels(store: Store, lang: str = "sv") -> dict[str, tuple[str, str | None]]:
    """Every municipality in the store: slug → (label, municipality code)."""
    out: dict[str, tuple[str, str | None]] = {}
    for row in run_query(store, "municipality-labels", lang=check_lang(lang)):
        iri = str(row["municipality"])
        if iri.startswith(str(ID)):
            slug = iri[len(str(ID)) :]
            out[slug] = (str(row["label"] or slug), _s(row["code"]))
    return dict(sorted(out.items()))


def check_slug(store: Store, slug: str, lang: str = "sv") -> tuple[str, str | None]:
    """The label and code of the municipality ``slug``; a :class:`NotFoundError` naming the
    known municipalities if the store does not hold it."""
    known = municipality_labels(store, lang)
    if slug not in known:
        raise NotFoundError(
            f"unknown municipality {slug!r}; known: {', '.join(known) or 'none'}"
            if SLUG.match(slug)
            else f"not a municipality slug: {slug!r} (lower-case, e.g. 'nora')"
        )
    return known[slug]


def read_sdg_goals(store: Store, lang: str = "sv") -> tuple[SdgGoal, ...]:
    """The 17 SDG goals in number order, with short names in ``lang`` and colours."""
    return tuple(
        SdgGoal(str(r["goal"]), str(r["notation"]), str(r["label"]), str(r["colour"] or "#888888"))
        for r in run_query(store, "sdg-goals", lang=check_lang(lang))
    )


def read_municipality(store: Store, slug: str, lang: str = "sv") -> Municipality:
    """Read one municipality; an unknown slug is a :class:`NotFoundError` naming the known ones."""
    label, code = check_slug(store, slug, check_lang(lang))
    params = {"municipality": municipality_iri(slug), "lang": lang}
    terms = TermLabels(run_query(store, "term-labels"), lang)
    levels = _read_levels(run_query(store, "model-levels", **params), terms)
    elements = _read_elements(
        run_query(store, "chain-elements", **params),
        run_query(store, "chain-links", municipality=params["municipality"]),
    )
    ranks = {level.iri: level.rank for level in levels}
    return Municipality(
        slug=slug,
        iri=str(municipality_iri(slug)),
        label=label,
        code=code,
        lang=lang,
        levels=levels,
        elements=tuple(sorted(elements, key=lambda e: (ranks.get(e.level, len(ranks) + 1),))),
        bodies=_read_bodies(run_query(store, "bodies", **params), terms),
        documents=_read_documents(run_query(store, "documents", **params), terms),
        sdg_links=_read_sdg_links(run_query(store, "sdg-links", **params)),
        follow_ups=_read_follow_ups(run_query(store, "model-follow-up", **params), terms),
        rules=_read_rules(run_query(store, "model-rules", **params), terms),
        processes=_read_processes(run_query(store, "processes", **params), terms),
        gaps=read_gaps(run_query(store, "gaps", municipality=params["municipality"])),
        link_bases=read_link_bases(run_query(store, "link-bases", **params)),
        structure=read_structure(store, slug, lang),
    )


def _read_levels(result: SelectResult, terms: TermLabels) -> tuple[Level, ...]:
    levels = []
    for iri, rows in _group(result, "level").items():
        first = rows[0]
        kinds = _refs(rows, "kind", terms)
        indicators = {str(r["indicatorsHere"]) for r in rows if r.get("indicatorsHere") is not None}
        levels.append(
            Level(
                iri=iri,
                label=str(first["label"] or iri),
                rank=int(str(first["rank"])),
                kind=kinds[0] if kinds else None,
                member_class=_first(rows, "memberClass"),
                parents=_values(rows, "parentLevel"),
                decided_by=_refs(rows, "decidedByType", terms),
                owner_types=_refs(rows, "ownerType", terms),
                indicators_here=(indicators.pop() in ("true", "1"))
                if len(indicators) == 1
                else None,
            )
        )
    return tuple(sorted(levels, key=lambda lv: (lv.rank, natural_key(lv.iri))))


def _read_elements(result: SelectResult, links: SelectResult) -> tuple[Element, ...]:
    related: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row in links:
        related[(str(row["element"]), str(row["relation"]))].append(str(row["object"]))

    def linked(iri: str, relation: str) -> tuple[str, ...]:
        return tuple(sorted(set(related[(iri, relation)]), key=natural_key))

    elements = []
    for iri, rows in _group(result, "element").items():
        types = _values(rows, "type")
        local = [t.rsplit("#", 1)[-1] for t in types]
        elements.append(
            Element(
                iri=iri,
                type="Goal" if "Goal" in local else local[0],
                identifier=_first(rows, "identifier"),
                label=str(_first(rows, "label") or iri),
                short_label=_first(rows, "shortLabel"),
                definition=_first(rows, "definition"),
                level=str(_first(rows, "level")),
                supports=linked(iri, str(GG.supports)),
                owners=linked(iri, str(GG.ownedBy)),
                contributors=linked(iri, str(GG.contributingBody)),
                indicators=linked(iri, str(GG.hasIndicator)),
            )
        )
    return tuple(
        sorted(elements, key=lambda e: (natural_key(e.identifier or "~"), natural_key(e.iri)))
    )


def _read_bodies(result: SelectResult, terms: TermLabels) -> tuple[Body, ...]:
    bodies = []
    for iri, rows in _group(result, "body").items():
        types = _refs(rows, "type", terms)
        shorts = sorted({str(r["shortLabel"]) for r in rows if r.get("shortLabel") is not None})
        bodies.append(
            Body(
                iri=iri,
                label=str(_first(rows, "label") or iri),
                short_label=min(shorts, key=lambda s: (len(s), s)) if shorts else None,
                type=types[0],
                parent=_first(rows, "parent"),
            )
        )
    return tuple(sorted(bodies, key=lambda b: natural_key(b.iri)))


def _read_documents(result: SelectResult, terms: TermLabels) -> tuple[Document, ...]:
    documents = []
    for iri, rows in _group(result, "document").items():
        types = _refs(rows, "type", terms)
        documents.append(
            Document(
                iri=iri,
                label=str(_first(rows, "label") or iri),
                type=types[0],
                supports=_values(_related(rows, GG.supportsGoal), "element"),
                includes=_values(_related(rows, GG.includesGoal), "element"),
            )
        )
    return tuple(sorted(documents, key=lambda d: natural_key(d.iri)))


def _related(rows: list[dict[str, object]], relation: str) -> list[dict[str, object]]:
    return [r for r in rows if str(r.get("relation")) == str(relation)]


def _read_sdg_links(result: SelectResult) -> tuple[SdgLink, ...]:
    links = {
        SdgLink(
            source=str(r["source"]),
            sdg=str(r["sdg"]),
            notation=str(r["notation"]),
            goal=str(r["sdgGoal"]),
            goal_notation=str(r["sdgGoal"]).rsplit("/", 1)[-1],
            basis=_s(r["basis"]),
            reason=_s(r["reason"]),
        )
        for r in result
    }
    return tuple(sorted(links, key=lambda k: (natural_key(k.source), natural_key(k.notation))))


def _read_follow_ups(result: SelectResult, terms: TermLabels) -> tuple[FollowUp, ...]:
    return tuple(
        FollowUp(
            iri=iri,
            label=str(_first(rows, "label") or iri),
            kinds=_refs(rows, "kind", terms),
            levels=_values(rows, "level"),
            reports_to=_values(rows, "reportsTo"),
            recurring_month=_int(_first(rows, "recurringMonth")),
            times_per_year=_int(_first(rows, "timesPerYear")),
            every_year=read_flag(_first(rows, "everyYear")),
        )
        for iri, rows in sorted(_group(result, "point").items(), key=lambda kv: natural_key(kv[0]))
    )


def _read_rules(result: SelectResult, terms: TermLabels) -> tuple[Rule, ...]:
    rules = []
    for iri, rows in sorted(_group(result, "rule").items(), key=lambda kv: natural_key(kv[0])):
        kinds = _refs(rows, "kind", terms)
        rules.append(
            Rule(
                iri=iri,
                label=str(_first(rows, "label") or iri),
                kind=kinds[0] if kinds else None,
                levels=_values(rows, "level"),
                body_types=_refs(rows, "bodyType", terms),
            )
        )
    return tuple(rules)


def _read_processes(result: SelectResult, terms: TermLabels) -> tuple[Process, ...]:
    processes = []
    for iri, rows in _group(result, "process").items():
        steps = []
        for step_iri, step_rows in _group(rows, "step").items():
            order = _first(step_rows, "order")
            steps.append(
                Step(
                    iri=step_iri,
                    order=int(order) if order is not None else None,
                    label=str(_first(step_rows, "label") or step_iri),
                    date=_first(step_rows, "date"),
                    alternative_date=_first(step_rows, "alternativeDate"),
                    performers=_values(step_rows, "performedBy"),
                    produces=_values(step_rows, "produces"),
                    kinds=_refs(step_rows, "stepKind", terms),
                    feeds_back_to=_values(step_rows, "feedsBackTo"),
                    recurring_month=_int(_first(step_rows, "recurringMonth")),
                    times_per_year=_int(_first(step_rows, "timesPerYear")),
                    proposes=_values(step_rows, "proposes"),
                    every_year=read_flag(_first(step_rows, "everyYear")),
                )
            )
        steps.sort(key=lambda s: (s.order is None, s.order or 0, s.date or "", natural_key(s.iri)))
        processes.append(
            Process(
                iri=iri,
                label=str(_first(rows, "processLabel") or iri),
                process_of=_process_of(rows),
                steps=tuple(steps),
            )
        )
    return tuple(sorted(processes, key=_chronological))


def _int(value: str | None) -> int | None:
    return int(value) if value is not None else None


def _process_of(rows: list[dict[str, object]]) -> Ref | None:
    iri = _first(rows, "processOf")
    return Ref(iri, _first(rows, "processOfLabel") or iri) if iri else None


def _chronological(process: Process) -> tuple[str, tuple[tuple[int, int | str], ...]]:
    """Processes by their first planned date, undated ones last."""
    first = min((step.date for step in process.steps if step.date), default="9999")
    return first, natural_key(process.iri)
