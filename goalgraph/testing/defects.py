"""The defects that can be injected into a synthetic municipality, one per shape, each with the
exact results (shape, focus node, severity) it must cause."""

from __future__ import annotations

from collections.abc import Callable

from goalgraph.namespaces import ID, SHAPES
from goalgraph.testing.builder import Builder
from goalgraph.testing.models import Element
from goalgraph.testing.names import BAD_SDG_INDICATOR, lit
from goalgraph.testing.records import Defect, Expected


def _full(b: Builder, curie: str) -> str:
    return f"{ID}{b.slug}/{curie.split(':', 1)[1]}"


def _defect(b: Builder, kind: str, text: str, *expected: tuple[str, str, str]) -> Defect:
    return Defect(kind, b.slug, text, tuple(Expected(s, f, v) for s, f, v in expected))


def _pick(b: Builder, ok: Callable[[Element], bool] = lambda e: True) -> Element | None:
    choices = [e for e in b.leaf_goals() if ok(e)]
    if not choices:
        return None
    element = b.rng.choice(choices)
    b.used.add(element.iri)
    return element


def _d_level(b: Builder, _n: Builder | None) -> Defect | None:
    e = _pick(b, lambda e: e.indicator is None)
    if e is None:
        return None
    b.remove(e.iri, "gg:atLevel")
    return _defect(b, "I01", "goal without level", ("I01", _full(b, e.iri), "Violation"))


def _d_missing(b: Builder, _n: Builder | None) -> Defect | None:
    e = _pick(b)
    if e is None:
        return None
    b.add(e.iri, "gg:supports", f"{b.p}goal-finns-inte")
    return _defect(
        b, "I03", "supports a goal that does not exist", ("I03", _full(b, e.iri), "Violation")
    )


def _d_cycle(b: Builder, _n: Builder | None) -> Defect | None:
    e = _pick(b)
    if e is None:
        return None
    b.add(e.iri, "gg:supports", e.iri)
    return _defect(b, "I04", "goal supports itself", ("I04", _full(b, e.iri), "Violation"))


def _d_sdg_indicator(b: Builder, _n: Builder | None) -> Defect | None:
    e = _pick(b)
    if e is None:
        return None
    b.add(
        e.iri,
        "gg:sdgContribution",
        f"[ a gg:SdgContribution ; gg:sdg sdg:{BAD_SDG_INDICATOR} ; gg:basis gg:StatedInSource ]",
    )
    return _defect(b, "I05", "SDG link to an indicator", ("I05", _full(b, e.iri), "Violation"))


def _d_no_basis(b: Builder, _n: Builder | None) -> Defect | None:
    e = _pick(b)
    if e is None:
        return None
    b.add(e.iri, "gg:sdgContribution", "[ a gg:SdgContribution ; gg:sdg sdg:11.1 ]")
    return _defect(b, "I06", "SDG link without basis", ("I06", _full(b, e.iri), "Violation"))


def _d_no_reason(b: Builder, _n: Builder | None) -> Defect | None:
    e = _pick(b)
    if e is None:
        return None
    b.add(
        e.iri,
        "gg:sdgContribution",
        "[ a gg:SdgContribution ; gg:sdg sdg:11.2 ; gg:basis gg:CuratedByGoalgraph ]",
    )
    return _defect(
        b, "I07", "curated SDG link without reason", ("I07", _full(b, e.iri), "Violation")
    )


def _d_label(b: Builder, _n: Builder | None) -> Defect | None:
    body = f"{b.p}body-klk"
    if body in b.used:
        return None
    b.used.add(body)
    b.remove(body, "skos:prefLabel")
    b.add(body, "skos:prefLabel", lit("Municipal Executive Office", "en"))
    return _defect(
        b, "I08", "body with an English label only", ("I08", _full(b, body), "Violation")
    )


def _d_citation(b: Builder, _n: Builder | None) -> Defect | None:
    body = f"{b.p}body-ks"
    if body in b.used:
        return None
    b.used.add(body)
    b.add(body, "gg:citation", f"[ a gg:Citation ; gg:citedDocument {b.p}doc-kallan ]")
    return _defect(b, "I09", "citation without passage", ("I09", _full(b, body), "Violation"))


def _d_decision(b: Builder, _n: Builder | None) -> Defect | None:
    decision = f"{b.p}decision-kf-budget"
    if decision in b.used:
        return None
    b.used.add(decision)
    b.add(decision, "dcterms:date", f'"{b.year}-12-02"^^xsd:date')  # a second day
    return _defect(b, "I10", "decision with two dates", ("I10", _full(b, decision), "Violation"))


def _d_undated(b: Builder, _n: Builder | None) -> Defect | None:
    budget = f"{b.p}decision-kf-budget"
    decision = next((d for d in b.decisions if d != budget and d not in b.used), None)
    if decision is None:
        return None
    b.used.add(decision)
    b.remove(decision, "dcterms:date")  # and no gap that says the sources leave the day open
    return _defect(b, "G06", "decision without a day", ("G06", _full(b, decision), "Violation"))


def _d_steps(b: Builder, _n: Builder | None) -> Defect | None:
    step = f"{b.p}step-budget-2"
    if step in b.used:
        return None
    b.used.add(step)
    b.remove(step, "gg:stepOrder")
    b.add(step, "gg:stepOrder", "3")
    other = _full(b, f"{b.p}step-budget-3")
    return _defect(
        b, "I11", "two steps with the same order",
        ("I11", _full(b, step), "Violation"), ("I11", other, "Violation"),
    )  # fmt: skip


def _d_rank(b: Builder, _n: Builder | None) -> Defect | None:
    if "ranks" in b.used or len(b.levels) < 2:
        return None
    b.used.add("ranks")
    low, high = b.levels[-1], b.levels[-2]
    lo, hi = f"{b.p}level-{low.key}", f"{b.p}level-{high.key}"
    b.remove(lo, "gg:rank")
    b.add(lo, "gg:rank", str(len(b.levels) - 1))
    return _defect(
        b, "M04", "two levels with the same rank",
        ("M04", _full(b, lo), "Violation"), ("M04", _full(b, hi), "Violation"),
        ("M05", _full(b, lo), "Violation"),
    )  # fmt: skip


def _d_no_parent(b: Builder, _n: Builder | None) -> Defect | None:
    e = _pick(b, lambda e: len(e.parents) == 1)
    if e is None:
        return None
    b.remove(e.iri, "gg:supports")
    return _defect(
        b, "M08", "goal supports nothing at the parent level", ("M08", _full(b, e.iri), "Violation")
    )


def _d_cross(b: Builder, n: Builder | None) -> Defect | None:
    e = _pick(b)
    if e is None or n is None:
        return None
    other = next((x for x in n.elements.values() if x.member == "Goal"), None)
    if other is None:
        return None
    b.add(e.iri, "gg:supports", f"<{_full(n, other.iri)}>")
    return _defect(
        b, "M09", "goal supports another municipality's goal", ("M09", _full(b, e.iri), "Violation")
    )


def _d_owner(b: Builder, _n: Builder | None) -> Defect | None:
    level_owner = {lv.key: lv.owner for lv in b.levels}
    e = _pick(b, lambda e: level_owner[e.level] not in (None, "Council", "Body"))
    if e is None:
        return None
    b.remove(e.iri, "gg:ownedBy")
    b.add(e.iri, "gg:ownedBy", f"{b.p}body-kf")
    return _defect(
        b, "M10", "goal owned by the wrong kind of body", ("M10", _full(b, e.iri), "Violation")
    )


def _d_decider(b: Builder, _n: Builder | None) -> Defect | None:
    decided = {lv.key: lv.decided_by for lv in b.levels}
    e = _pick(b, lambda e: decided[e.level] == "Board")
    if e is None:
        return None
    decision = f"{b.p}decision-ks-fel"
    b.resource(decision, "gg:Decision", "Kommunstyrelsen antar ett nämndmål", locator="Beslut")
    b.add(decision, "gg:decidedBy", f"{b.p}body-ks")
    b.add(decision, "dcterms:date", f'"{b.year}-12-01"^^xsd:date')
    b.add(decision, "gg:adopts", e.iri)
    return _defect(
        b, "M11", "board goal adopted by the executive board", ("M11", _full(b, e.iri), "Violation")
    )


def _d_indicator(b: Builder, _n: Builder | None) -> Defect | None:
    here = {lv.key: lv.indicators for lv in b.levels}
    e = _pick(b, lambda e: here[e.level] is False)
    if e is None:
        return None
    b.add(e.iri, "gg:hasIndicator", f"{b.p}ind-fel")
    return _defect(
        b, "M12", "indicator where the model puts none", ("M12", _full(b, e.iri), "Violation")
    )


def _d_no_indicator(b: Builder, _n: Builder | None) -> Defect | None:
    e = _pick(b, lambda e: e.indicator is not None)
    if e is None:
        return None
    b.remove(e.iri, "gg:hasIndicator")
    return _defect(b, "A01", "goal without indicator", ("A01", _full(b, e.iri), "Warning"))


def _d_no_document(b: Builder, _n: Builder | None) -> Defect | None:
    e = _pick(b)
    if e is None:
        return None
    for goals in b.documents.values():
        if e.iri in goals:
            goals.remove(e.iri)
    return _defect(
        b, "A04", "goal without supporting document", ("A04", _full(b, e.iri), "Warning")
    )


_DEFECTS: dict[str, Callable[[Builder, Builder | None], Defect | None]] = {
    "I01": _d_level, "I03": _d_missing, "I04": _d_cycle, "I05": _d_sdg_indicator,
    "I06": _d_no_basis, "I07": _d_no_reason, "I08": _d_label, "I09": _d_citation,
    "I10": _d_decision, "I11": _d_steps, "M04": _d_rank, "M08": _d_no_parent, "M09": _d_cross,
    "M10": _d_owner, "M11": _d_decider, "M12": _d_indicator, "A01": _d_no_indicator,
    "A04": _d_no_document, "G06": _d_undated,
}  # fmt: skip
#: The shapes that the defects exercise.
DEFECT_SHAPES = tuple(sorted({str(SHAPES[k]) for k in _DEFECTS}))


def inject(builder: Builder, count: int, neighbour: Builder | None) -> list[Defect]:
    """Inject up to ``count`` defects into ``builder``'s municipality (``neighbour``: another
    one, for defects that cross municipalities)."""
    kinds = list(_DEFECTS)
    builder.rng.shuffle(kinds)
    out: list[Defect] = []
    for kind in kinds:
        if len(out) == count:
            break
        defect = _DEFECTS[kind](builder, neighbour)
        if defect is not None:
            out.append(defect)
    return out
