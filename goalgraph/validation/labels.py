"""The names of what validation results are about, read from the graph.

:func:`labels_from_store` names each chain element by its number and short label ("KF-mål 1 –
Ansvarsfull och produktiv ekonomi") with its level, from
:func:`goalgraph.model.reader.read_municipality`; levels, bodies, documents and processes by
their labels; anything else by its ``skos:prefLabel``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from goalgraph.conventions import check_lang, natural_key
from goalgraph.errors import GoalgraphError
from goalgraph.model.reader import read_municipality
from goalgraph.namespaces import GRAPH, ID
from goalgraph.store.edit import parse_graph
from goalgraph.store.oxigraph import OxigraphStore, Store
from goalgraph.validation.report import ValidationReport

__all__ = [
    "Labels",
    "Subject",
    "add_labels",
    "focus_iri",
    "labels_from_store",
    "report_labels",
    "upload_labels",
]

_LABEL_QUERY = """\
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?label ?title WHERE {
  OPTIONAL { ?node skos:prefLabel ?label }
  OPTIONAL { ?node dcterms:title ?title }
}"""
_IRI_START = re.compile(r"^(\S+)")


@dataclass(frozen=True)
class Subject:
    """What a finding is about, named for people: "KF-mål 1 – Ansvarsfull och produktiv ekonomi"."""

    iri: str
    name: str
    level: str | None = None
    municipality: str | None = None
    sort: tuple[object, ...] = ()


@dataclass
class Labels:
    """Names of the resources findings are about, by IRI, in one language."""

    lang: str
    subjects: dict[str, Subject] = field(default_factory=dict)
    municipalities: dict[str, str] = field(default_factory=dict)

    def subject(self, iri: str) -> Subject:
        """The named subject of ``iri``; an unknown one is named by the end of its IRI."""
        found = self.subjects.get(iri)
        if found is not None:
            return found
        local = iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        return Subject(iri, local or iri, sort=(9, natural_key(local)))

    def municipality(self, iri: str | None) -> str:
        """The municipality's name; ``""`` for none."""
        if iri is None:
            return ""
        return self.municipalities.get(iri) or iri.rstrip("/").rsplit("/", 1)[-1]


def labels_from_store(store: Store, municipalities: Iterable[str], lang: str = "sv") -> Labels:
    """The names of the chain elements, levels, bodies, documents and processes of each
    municipality (IRIs or slugs) as the store holds them."""
    labels = Labels(check_lang(lang))
    for municipality in municipalities:
        slug = municipality[len(str(ID)) :] if municipality.startswith(str(ID)) else municipality
        try:
            model = read_municipality(store, slug, lang)
        except GoalgraphError:
            continue
        labels.municipalities[model.iri] = model.label
        ranks = {level.iri: level.rank for level in model.levels}
        levels = {level.iri: level.label for level in model.levels}
        for position, e in enumerate(model.elements):
            name = e.label
            if e.identifier and e.short_label:
                name = f"{e.identifier} – {e.short_label}"
            elif e.identifier:
                name = f"{e.identifier} – {e.label}"
            level = levels.get(e.level)
            labels.subjects[e.iri] = Subject(
                e.iri,
                name,
                None if level and name.startswith(level) else level,
                model.iri,
                (0, ranks.get(e.level, 99), natural_key(e.identifier or e.display), position),
            )
        others = [
            *((lv.iri, lv.label) for lv in model.levels),
            *((b.iri, b.display) for b in model.bodies),
            *((d.iri, d.label) for d in model.documents),
            *((p.iri, p.label) for p in model.processes),
        ]
        for iri, name in others:
            labels.subjects.setdefault(
                iri, Subject(iri, name, None, model.iri, (1, 0, natural_key(name), 0))
            )
        labels.subjects.setdefault(
            model.iri, Subject(model.iri, model.label, None, model.iri, (-1,))
        )
    return labels


def _label_lookup(store: Store, iri: str, lang: str) -> str | None:
    """The label of one resource outside the chain (a decision, an indicator)."""
    found: dict[str, str] = {}
    for row in store.select(_LABEL_QUERY, {"node": URIRef(iri)}):
        for name in ("label", "title"):
            term = row.get(name)
            if term is not None:
                found.setdefault(getattr(term, "language", None) or "", str(term))
    for key in (lang, "sv", ""):
        if key in found:
            return found[key]
    return None


def add_labels(labels: Labels, store: Store, iris: Iterable[str]) -> None:
    """Name the resources in ``iris`` that :func:`labels_from_store` did not (by prefLabel)."""
    for iri in iris:
        if iri in labels.subjects or not iri.startswith(("http://", "https://")):
            continue
        name = _label_lookup(store, iri, labels.lang)
        if name is not None:
            labels.subjects[iri] = Subject(iri, name, sort=(2, 0, natural_key(name), 0))


def focus_iri(focus: str) -> str:
    """The named resource of a focus node (a blank node is written ``IRI gg:prop []``)."""
    match = _IRI_START.match(focus)
    return match.group(1) if match else focus


def report_labels(store: Store, report: ValidationReport, lang: str = "sv") -> Labels:
    """The names for every subject of ``report``'s results, read from ``store``."""

    if not isinstance(report, ValidationReport):
        raise TypeError("report_labels() takes a validation report")
    municipalities = set(report.municipalities) | {
        r.municipality for r in report.results if r.municipality
    }
    labels = labels_from_store(store, sorted(municipalities), lang)
    add_labels(labels, store, sorted({focus_iri(r.focus_node) for r in report.results}))
    return labels


def upload_labels(
    data: bytes, media_type: str, report: ValidationReport, *, source: str, lang: str = "sv"
) -> Labels:
    """The names for ``report`` on uploaded RDF (not stored), read from a scratch store."""

    store = OxigraphStore()
    try:
        store.replace_graph(str(GRAPH["upload"]), parse_graph(data, media_type, source=source))
        return report_labels(store, report, lang)
    finally:
        store.close()
