"""Targets and assessments counted for the comparison, for the goals the comparison counts.

A target is what an indicator states: a kind (``gg:targetKind``: a level to reach, a ceiling, a
comparison with others, a ranking place, a change from a baseline year, a milestone, every
year), a target value or staged targets. An indicator that states none of them is counted as an
indicator without a target. An indicator counts with the elements it measures; one that no
element names has no period and always counts. An assessment (``gg:Assessment``) is counted
*without an indicator* when what it assesses (a goal, a level, a document) has none: the yearly
"målet bedöms delvis uppnått" with its motivation. Only the elements the model holds are
counted, so a model limited to its current period counts that period; assessments of a level or
a document count when their year lies in that period.

>>> from goalgraph.store.load import default_store
>>> from goalgraph.model.reader import read_municipality
>>> store = default_store()
>>> profile = target_profile(store, read_municipality(store, "umea"))
>>> [(k.label, k.count) for k in profile.kinds if k.count]
[('ja/nej-mål', 1), ('placering', 1), ('tak', 1), ('varje år', 1)]
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from typing import Any

from rdflib import Literal, URIRef

from goalgraph.analysis.current import CurrentPeriod
from goalgraph.model.governance import Municipality
from goalgraph.model.view_queries import view_query
from goalgraph.namespaces import GG
from goalgraph.store.protocol import Store

LEVEL_TARGET = str(GG.LevelTarget)


@dataclass(frozen=True)
class KindCount:
    """One target kind and how many of the municipality's indicators state a target of it."""

    iri: str
    label: str
    count: int


@dataclass(frozen=True)
class TargetProfile:
    """The targets and assessments of one municipality's counted goals."""

    slug: str
    #: every target kind of the ontology, by name, with its count (0 where none)
    kinds: tuple[KindCount, ...]
    #: indicators with a target, and indicators that state none
    targets: int
    indicators_without_target: int
    #: assessments of the counted goals (and of levels and documents in the period)
    assessments: int
    #: of those, the assessments of a goal, level or document without an indicator
    assessments_without_indicator: int

    def count(self, kind: URIRef | str) -> int:
        """How many targets of ``kind`` the municipality states."""
        return next((k.count for k in self.kinds if k.iri == str(kind)), 0)

    def to_json(self) -> dict[str, Any]:
        """The profile as plain JSON data."""
        data = asdict(self)
        data["kinds"] = [asdict(k) for k in self.kinds]
        return data


def target_kinds(store: Store, lang: str) -> tuple[tuple[str, str], ...]:
    """The ontology's target kinds as ``(iri, name)``, by name."""
    rows = store.select(view_query("target-kinds"), {"lang": Literal(lang)})
    found = {str(r["kind"]): str(r["label"]) for r in rows}
    return tuple(sorted(found.items(), key=lambda kv: kv[1].casefold()))


def target_profile(
    store: Store,
    model: Municipality,
    period: CurrentPeriod | None = None,
    everything: Iterable[str] | None = None,
    kinds: tuple[tuple[str, str], ...] | None = None,
) -> TargetProfile:
    """Count the targets and assessments of ``model``'s elements.

    ``everything`` is the municipality's elements in every period (default: the model's own);
    an assessment of an element outside the model is left out, and one of a level or a
    document counts when its year lies in ``period`` (or always, without a period's years).
    """
    municipality = URIRef(model.iri)
    counted = {e.iri for e in model.elements}
    elements = set(everything) if everything is not None else counted
    kind_of: dict[str, str | None] = {}
    measured: dict[str, set[str]] = {}
    for row in store.select(view_query("comparison-targets"), {"m": municipality}):
        indicator = str(row["indicator"])
        if row.get("element") is not None:
            measured.setdefault(indicator, set()).add(str(row["element"]))
        if row.get("kind") is not None:
            kind_of[indicator] = str(row["kind"])
        elif row.get("value") is not None or row.get("staged") is not None:
            kind_of.setdefault(indicator, LEVEL_TARGET)
        else:
            kind_of.setdefault(indicator, None)
    # an indicator counts with the elements it measures; one that measures none has no period
    kind_of = {i: k for i, k in kind_of.items() if i not in measured or measured[i] & counted}
    by_kind = Counter(kind for kind in kind_of.values() if kind is not None)
    assessments = without = 0
    for row in store.select(view_query("comparison-assessments"), {"m": municipality}):
        subject = str(row["subject"])
        if subject in elements:
            if subject not in counted:
                continue
        elif not _in_period(str(row["period"]), period):
            continue
        assessments += 1
        without += row.get("indicator") is None
    names = kinds if kinds is not None else target_kinds(store, model.lang)
    return TargetProfile(
        slug=model.slug,
        kinds=tuple(KindCount(iri, label, by_kind.get(iri, 0)) for iri, label in names),
        targets=sum(by_kind.values()),
        indicators_without_target=sum(1 for kind in kind_of.values() if kind is None),
        assessments=assessments,
        assessments_without_indicator=without,
    )


def _in_period(assessed: str, period: CurrentPeriod | None) -> bool:
    """True when the assessed year (``2023``, ``2023-06``, ``2023-06-30``) lies in ``period``."""
    if period is None or (period.begin is None and period.end is None):
        return True
    year = assessed[:4]
    return (period.begin is None or year >= period.begin) and (
        period.end is None or year <= period.end
    )
