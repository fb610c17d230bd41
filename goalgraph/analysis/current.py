"""Each municipality's goal chain limited to what a reader chose to see: by default the goals in
force today, or a day or a period (:class:`goalgraph.lifecycle.validity.Selection`).

Whether an element is in force is decided in :mod:`goalgraph.lifecycle.validity`; an element
without any statement about its time counts as in force, since nothing says it has ended. When
no goal of a municipality is in force today, its latest period begun by today is shown and the
comparison says so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from goalgraph.lifecycle.selection import Selection, resolve, selected_elements
from goalgraph.model.governance import Municipality
from goalgraph.namespaces import GRAPH
from goalgraph.store.protocol import Store


@dataclass(frozen=True)
class CurrentPeriod:
    """One municipality's selection, as decided, and what limiting the chain to it left out."""

    slug: str
    iri: str | None
    label: str | None
    begin: str | None
    end: str | None
    left_out: int
    #: ``day``, ``period`` or ``all`` (see :class:`~goalgraph.lifecycle.validity.Resolved`).
    mode: str = "day"
    day: str | None = None
    #: A readable line: what is counted.
    text: str = ""


def current_views(
    store: Store,
    models: Sequence[Municipality],
    selection: Selection | None = None,
    today: dt.date | None = None,
) -> tuple[tuple[Municipality, ...], tuple[CurrentPeriod, ...]]:
    """Each model limited to the selection (default: in force today), and how it was decided."""
    selection = selection or Selection()
    limited, found = [], []
    for model in models:
        graph = store.to_rdflib([str(GRAPH[model.slug])])
        resolved = resolve(graph, model.slug, selection, today)
        keep = {str(e) for e in selected_elements(graph, model.slug, resolved)}
        keep &= {e.iri for e in model.elements}
        limited.append(limit(model, keep))
        period = resolved.period
        found.append(
            CurrentPeriod(
                model.slug,
                period.iri if period else None,
                period.label if period else None,
                str(period.interval.start.year) if period and period.interval.start else None,
                str(period.interval.end.year) if period and period.interval.end else None,
                len(model.elements) - len(keep),
                resolved.mode,
                resolved.day.isoformat(),
                resolved.text(model.lang),
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
