"""The labels, notations and types of every IRI in the store, read once per version of the
data: the index the page views take their labels from."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal, URIRef
from rdflib.namespace import RDFS, SKOS

from goalgraph.model.view_queries import view_query
from goalgraph.namespaces import GG
from goalgraph.store.protocol import Store

View = dict[str, Any]

_DCT = "http://purl.org/dc/terms/"
#: Swedish and English names of the terms of other vocabularies that pages show as property
#: names (the ontology's own terms have their labels in the graph).
TERM_LABELS: dict[str, tuple[str, str]] = {
    str(SKOS.prefLabel): ("namn", "name"),
    str(SKOS.altLabel): ("annat namn", "other name"),
    str(SKOS.definition): ("definition", "definition"),
    str(SKOS.notation): ("beteckning", "notation"),
    str(SKOS.note): ("anmärkning", "note"),
    str(RDFS.label): ("namn", "name"),
    str(RDFS.comment): ("beskrivning", "description"),
    str(RDFS.seeAlso): ("se även", "see also"),
    _DCT + "isPartOf": ("del av", "part of"),
    _DCT + "hasPart": ("består av", "has part"),
    _DCT + "date": ("datum", "date"),
    _DCT + "issued": ("utfärdat", "issued"),
    _DCT + "modified": ("ändrat", "modified"),
    _DCT + "title": ("titel", "title"),
    _DCT + "identifier": ("identifierare", "identifier"),
    _DCT + "source": ("källa", "source"),
    _DCT + "publisher": ("utgivare", "publisher"),
    _DCT + "creator": ("upphov", "creator"),
    _DCT + "description": ("beskrivning", "description"),
    _DCT + "subject": ("ämne", "subject"),
    "http://www.w3.org/ns/org#subOrganizationOf": ("del av organisationen", "part of"),
    "http://www.w3.org/ns/org#hasSubOrganization": ("underorganisation", "sub-organisation"),
    "http://www.w3.org/ns/org#classification": ("klassificering", "classification"),
    "http://www.w3.org/ns/prov#wasDerivedFrom": ("härledd från", "derived from"),
    "http://www.w3.org/2002/07/owl#sameAs": ("samma som", "same as"),
    "http://xmlns.com/foaf/0.1/homepage": ("webbplats", "home page"),
    "http://xmlns.com/foaf/0.1/page": ("sida", "page"),
}


def as_text(term: object) -> str:
    return str(term)


@dataclass
class LabelIndex:
    """Labels, notations and types of every IRI in the store, read in two queries."""

    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    short: dict[str, dict[str, str]] = field(default_factory=dict)
    notation: dict[str, str] = field(default_factory=dict)
    identifier: dict[str, str] = field(default_factory=dict)
    types: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    @classmethod
    def build(cls, store: Store) -> LabelIndex:
        """Read the index from ``store``."""
        index = cls()
        rdfs_labels: dict[str, dict[str, str]] = defaultdict(dict)
        for row in store.select(view_query("labels")):
            x, p, lit = as_text(row["x"]), row["p"], row["l"]
            lang = lit.language if isinstance(lit, Literal) and lit.language else ""
            if p == SKOS.prefLabel:
                index.labels.setdefault(x, {}).setdefault(lang, as_text(lit))
            elif p == RDFS.label:
                rdfs_labels[x].setdefault(lang, as_text(lit))
            elif p == GG.shortLabel:
                index.short.setdefault(x, {}).setdefault(lang, as_text(lit))
            elif p == SKOS.notation:
                index.notation.setdefault(x, as_text(lit))
            else:
                index.identifier.setdefault(x, as_text(lit))
        for x, by_lang in rdfs_labels.items():
            index.labels.setdefault(x, by_lang)
        for row in store.select(view_query("types")):
            index.types[as_text(row["x"])].append(as_text(row["t"]))
        return index

    def label(self, iri: object, lang: str = "sv") -> str:
        """The label of ``iri`` in ``lang``, else Swedish, untagged, any; else its IRI's tail."""
        return self._label(iri, lang)[0]

    def label_lang(self, iri: object, lang: str = "sv") -> str:
        """The language of :meth:`label`'s answer: ``lang`` itself, another language the label
        falls back to (``sv`` on an English page), or ``""`` when untagged or not a label."""
        return self._label(iri, lang)[1]

    def _label(self, iri: object, lang: str) -> tuple[str, str]:
        key = as_text(iri)
        by_lang = self.labels.get(key)
        if by_lang:
            for choice in (lang, "sv", "", "en"):
                if choice in by_lang:
                    return by_lang[choice], choice
            return next(iter(by_lang.items()))[::-1]
        if key in TERM_LABELS:
            sv, en = TERM_LABELS[key]
            return (en, lang) if lang == "en" else (sv, lang)
        return self.notation.get(key) or compact(key), ""

    def short_label(self, iri: object, lang: str = "sv") -> str | None:
        """The short (diagram) label, when there is one."""
        by_lang = self.short.get(as_text(iri))
        if not by_lang:
            return None
        if lang in by_lang:
            return by_lang[lang]
        if self.label_lang(iri, lang) == lang:
            return None  # the full label in the page's language, not a short one in another
        return by_lang.get("sv") or next(iter(by_lang.values()))

    def has_type(self, iri: object, *classes: URIRef) -> bool:
        """Whether ``iri`` has any of ``classes`` as a direct type."""
        wanted = {as_text(c) for c in classes}
        return any(t in wanted for t in self.types.get(as_text(iri), ()))

    def ref(self, iri: object, lang: str) -> View:
        """A reference to a resource: its IRI and label, and the label's language (``lang``)
        when it is not the one asked for (a Swedish wording on an English page)."""
        label, found = self._label(iri, lang)
        ref: View = {"iri": as_text(iri), "label": label}
        if found and found != lang:
            ref["lang"] = found
        return ref


def compact(iri: str) -> str:
    """A short display form of an IRI (its last segment)."""
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri
