"""The service's derived reads: diagrams, the comparison, a municipality's page view, the
goals a selection keeps and structure metrics, each built once per data generation through
:meth:`GraphService.read <api.service.GraphService.read>`.

:class:`PageReads` is a part of :class:`~api.service.GraphService` (its base class): it uses
the service's store, lock, cache and cached reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import rdflib

from goalgraph.analysis import analyse
from goalgraph.analysis.compare import Comparison, ReferenceEntry, compare, reference_entries
from goalgraph.analysis.metrics import StructureMetrics
from goalgraph.diagrams import render_diagram
from goalgraph.lifecycle.selection import NOT_STATED, Resolved, Selection, select_store
from goalgraph.lifecycle.validity import element_period_text, periods
from goalgraph.model.municipality_views import (
    dimension_choices,
    hierarchy_groups,
    keep_dimension_value,
)
from goalgraph.model.structure import read_structure
from goalgraph.model.subsets import find_hierarchy, find_value
from goalgraph.model.views import SLUG, Views
from goalgraph.namespaces import municipality_graph
from goalgraph.store.oxigraph import Store
from goalgraph.validation.scale import ScaleReport
from goalgraph.validation.selection import SelectedReport, select_report

from .readcache import GenerationCache, RWLock

T = TypeVar("T")


class PageReads:
    """Diagrams, comparisons and page views over the service's cached reads."""

    store: Store
    lock: RWLock
    cache: GenerationCache
    generation: int

    if TYPE_CHECKING:  # provided by GraphService

        def read(self, key: Hashable, build: Callable[[Views], T]) -> T: ...

        def require_municipality(self, slug: str) -> str: ...

        def municipality_report(self, slug: str, *, audit: bool = True) -> ScaleReport: ...

    def diagram(
        self,
        kind: str,
        target: str,
        fmt: str,
        lang: str,
        selection: Selection | None = None,
        *,
        dimension: str | None = None,
        hierarchy: str | None = None,
    ) -> bytes:
        """A diagram (``chain``, ``goal``, ``process``, ``comparison``) as SVG, PNG or PDF; a
        municipality's chain, processes or comparison show the goals the selection keeps
        (default: in force today); a chain, only those carrying the dimension value
        ``dimension`` or in the goal hierarchy ``hierarchy``."""
        selection = selection or Selection()
        slugs = target.split(",") if kind == "comparison" else [target]
        limited = kind in ("chain", "overview", "process", "comparison") and all(
            SLUG.match(s) for s in slugs
        )

        def build(_views: Views) -> bytes:
            store = self.store
            if limited:
                store = self._selected_store(tuple(slugs), selection)[0]
            return render_diagram(
                store,
                kind,
                target,
                fmt,
                lang=lang,
                link_base="",
                dimension=dimension,
                hierarchy=hierarchy,
            )

        key = (
            "diagram",
            kind,
            target,
            fmt,
            lang,
            selection.key(),
            dimension,
            hierarchy,
            dt.date.today(),
        )
        return self.read(key, build)

    def start_page(self, lang: str) -> tuple[list[dict[str, Any]], Any, tuple[ReferenceEntry, ...]]:
        """The start page's reads: the municipalities, the SDG goals and the reference list of
        Sweden's municipalities."""
        return (
            self.read(("municipalities", lang), lambda v: v.municipalities(lang)),
            self.read(("sdg-goals", lang), lambda v: v.sdg_goals(lang)),
            self.read(("reference", lang), lambda _v: reference_entries(self.store, lang)),
        )

    def comparison(
        self, slugs: Sequence[str], lang: str, selection: Selection | None = None
    ) -> Comparison:
        """The comparison of municipalities (goalgraph.analysis.compare), of the goals the
        selection keeps (default: in force today)."""
        for slug in slugs:
            self.require_municipality(slug)
        selection = selection or Selection()
        return self.read(
            ("compare", tuple(slugs), lang, selection.key(), dt.date.today()),
            lambda _v: compare(self.store, list(slugs), lang=lang, selection=selection),
        )

    def comparison_page(
        self, slugs: Sequence[str], lang: str, selection: Selection | None = None
    ) -> tuple[Comparison, str]:
        """The comparison and its page's part (tables and drawn diagrams), each built once per
        generation, selection and day."""
        selection = selection or Selection()
        result = self.comparison(slugs, lang, selection)
        key = ("compare-html", tuple(slugs), lang, selection.key(), dt.date.today())
        fragment = self.read(key, lambda _v: result.to_html_fragment(link_base=""))
        return result, fragment

    def municipality_view(
        self,
        slug: str,
        lang: str,
        selection: Selection | None = None,
        dimension: str | None = None,
    ) -> dict[str, Any]:
        """The municipality page's view of the goals the selection keeps (default: in force
        today), each with its period ("period not stated" when the data has none), the
        periods to choose from, the dimension values to filter by and, with ``dimension``,
        only the goals carrying that value (an unknown one is a :class:`NotFoundError`)."""
        self.require_municipality(slug)
        selection = selection or Selection()
        wanted = None
        if dimension:
            structure = self.read(
                ("structure", slug, lang), lambda _v: read_structure(self.store, slug, lang)
            )
            wanted = find_value(structure, dimension, slug)[1].iri

        def build(views: Views) -> dict[str, Any]:
            graph = self.store.to_rdflib([str(municipality_graph(slug))])
            snapshot, decided = self._selected_store((slug,), selection)
            # the labels are those of the whole data; the snapshot only leaves elements out
            view = Views(snapshot, views.index).municipality(slug, lang)
            for group in view["element_levels"]:
                for element in group["elements"]:
                    text = element_period_text(graph, rdflib.URIRef(element["iri"]), lang)
                    element["period"] = text or NOT_STATED[lang]
                    element["period_stated"] = text is not None
            resolved = decided[slug]
            view["selection"] = {
                "mode": resolved.mode,
                "day": resolved.day.isoformat(),
                "period": resolved.period.iri if resolved.period else None,
                "fallback": resolved.fallback,
                "text": resolved.text(lang),
                "as_of": selection.day.isoformat() if selection.day else None,
                "chosen": selection.period,
                "everything": selection.everything,
                "periods": [
                    {
                        "iri": p.iri,
                        "id": p.iri.rsplit("/", 1)[-1],
                        "label": p.label,
                        "kind": p.kind,
                        "years": p.years() or None,
                    }
                    for p in periods(graph, slug, lang)
                ],
            }
            view["dimension_choices"] = dimension_choices(view)
            view["dimension_filter"] = None
            for found in view["structure"]["dimensions"]:
                for value in found["values"]:
                    if value["iri"] == wanted:
                        keep_dimension_value(view, found, value)
            view["hierarchy_groups"] = hierarchy_groups(view)
            return view

        key = ("municipality-view", slug, lang, selection.key(), wanted, dt.date.today())
        return self.read(key, build)

    def selected(self, slug: str, selection: Selection | None = None) -> tuple[Store, Resolved]:
        """A store with the municipality limited to the selection (default: in force today)
        and how the selection was decided for it; an unknown period is a
        :class:`NotFoundError` naming it and the known ones."""
        self.require_municipality(slug)
        chosen = selection or Selection()

        def build(_views: Views) -> tuple[Store, Resolved]:
            store, decided = self._selected_store((slug,), chosen)
            return store, decided[slug]

        return self.read(("selected", slug, chosen.key(), dt.date.today()), build)

    def check_part(
        self, slug: str, lang: str, dimension: str | None, hierarchy: str | None
    ) -> None:
        """A :class:`NotFoundError` naming the dimension value or goal hierarchy that the
        municipality does not have."""
        structure = self.read(
            ("structure", slug, lang), lambda _v: read_structure(self.store, slug, lang)
        )
        if dimension:
            find_value(structure, dimension, slug)
        if hierarchy:
            find_hierarchy(structure, hierarchy, slug)

    def _selected_store(
        self, slugs: tuple[str, ...], selection: Selection
    ) -> tuple[Store, dict[str, Any]]:
        """The municipalities limited to the selection (:func:`select_store`), once per
        generation, day and selection; called under the read lock (from a build of
        :meth:`read`)."""
        key = ("selected-store", slugs, selection.key(), dt.date.today())
        return self.cache.get(
            self.generation, key, lambda: select_store(self.store, slugs, selection)
        )

    def selected_report(
        self, slug: str, selection: Selection | None = None, *, audit: bool = True
    ) -> SelectedReport:
        """:meth:`municipality_report` limited to the goals the selection keeps (default: in
        force today)."""
        report = self.municipality_report(slug, audit=audit)
        selection = selection or Selection()
        with self.lock.read():
            graph = self.store.to_rdflib([str(municipality_graph(slug))])
        return select_report(report, [(slug, graph)], selection)

    def analysis(self, slug: str) -> StructureMetrics:
        """Structure metrics of one municipality (goalgraph.analysis)."""
        self.require_municipality(slug)
        return self.read(("analysis", slug), lambda _v: analyse(self.store, slug))


__all__ = ["PageReads"]
