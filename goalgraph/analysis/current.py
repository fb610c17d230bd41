"""Each municipality's current period, and its goal chain limited to that period.

The current period is the latest period (by its first year, then its last year) that a chain
element of the municipality is valid during (``gg:validDuring``). An element without a period
counts in every period: nothing in the data says it has ended.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from goalgraph.model.reader import Municipality
from goalgraph.sparql.named import run_query
from goalgraph.store.protocol import Store


@dataclass(frozen=True)
class CurrentPeriod:
    """One municipality's current period and what limiting the chain to it left out."""

    slug: str
    iri: str | None
    label: str | None
    begin: str | None
    end: str | None
    left_out: int


def element_periods(
    store: Store, lang: str = "sv"
) -> tuple[dict[str, dict[str, set[str]]], dict[str, tuple[str | None, str, str]]]:
    """Per municipality IRI: element IRI → the periods it is valid during; and per period IRI:
    (label, first year, last year), unknown years as empty strings."""
    found: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    facts: dict[str, tuple[str | None, str, str]] = {}
    for row in run_query(store, "element-periods", lang=lang).rows:
        period = str(row["period"])
        found[str(row["municipality"])][str(row["element"])].add(period)
        label = row.get("label")
        facts[period] = (
            str(label) if label is not None else None,
            str(row.get("begin") or ""),
            str(row.get("end") or ""),
        )
    return found, facts


def current_views(
    store: Store, models: Sequence[Municipality]
) -> tuple[tuple[Municipality, ...], tuple[CurrentPeriod, ...]]:
    """Each model limited to its current period, and the period found for each."""
    lang = models[0].lang if models else "sv"
    periods_of, facts = element_periods(store, lang)
    limited, found = [], []
    for model in models:
        per_element = periods_of.get(model.iri, {})
        used = {p for ps in per_element.values() for p in ps}
        if not used:
            limited.append(model)
            found.append(CurrentPeriod(model.slug, None, None, None, None, 0))
            continue
        current = max(used, key=lambda p: (facts[p][1], facts[p][2], p))
        keep = {e.iri for e in model.elements if current in per_element.get(e.iri, {current})}
        limited.append(limit(model, keep))
        label, begin, end = facts[current]
        found.append(
            CurrentPeriod(
                model.slug,
                current,
                label,
                begin or None,
                end or None,
                len(model.elements) - len(keep),
            )
        )
    return tuple(limited), tuple(found)


def limit(model: Municipality, keep: set[str]) -> Municipality:
    """The model with only the chain elements ``keep`` (links to others dropped)."""
    elements = tuple(
        dataclasses.replace(e, supports=tuple(s for s in e.supports if s in keep))
        for e in model.elements
        if e.iri in keep
    )
    everything = {e.iri for e in model.elements}
    links = tuple(k for k in model.sdg_links if k.source in keep or k.source not in everything)
    documents = tuple(
        dataclasses.replace(
            d,
            supports=tuple(g for g in d.supports if g in keep or g not in everything),
            includes=tuple(g for g in d.includes if g in keep or g not in everything),
        )
        for d in model.documents
    )
    return dataclasses.replace(
        model, elements=elements, sdg_links=links, documents=documents, _index={}
    )
