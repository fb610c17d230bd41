"""Read views of the knowledge graph: plain, JSON-ready dicts for one resource at a time.

A view gathers what a reader needs about one resource: a goal with its chain up and down,
the documents behind it, its Agenda 2030 links, owner and indicators; a municipality with its
governance model; an SDG goal or target with the municipal goals that serve it, across
municipalities. Labels come in the requested language (Swedish, then any, as fallback) from a
:class:`LabelIndex` built once per version of the data. Every query binds its parameters
through the store (a ``VALUES`` block, see :mod:`goalgraph.sparql.binding`), never by formatting.
"""

from __future__ import annotations

from rdflib import URIRef

from goalgraph.conventions import LANGUAGES as LANGUAGES
from goalgraph.conventions import SLUG as SLUG
from goalgraph.model.addresses import LOCAL as LOCAL
from goalgraph.model.addresses import SDG_NOTATION as SDG_NOTATION
from goalgraph.model.addresses import check_lang, resource_iri, sdg_iri
from goalgraph.model.labels import LabelIndex, View, compact
from goalgraph.model.municipality_views import MunicipalityViews
from goalgraph.model.resource_views import ResourceViews
from goalgraph.model.sdg_views import SdgViews
from goalgraph.namespaces import ID


class Views(MunicipalityViews, ResourceViews, SdgViews):
    """Builds views from one store and the label index of its current data."""

    def resource(self, iri: URIRef, lang: str = "sv") -> View:
        """The view of any resource, with the extras of its kind."""
        kind = self.kind(iri)
        builders = {
            "municipality": lambda: self.municipality(str(iri)[len(str(ID)) :], lang),
            "goal": lambda: self.goal(iri, lang),
            "body": lambda: self.body(iri, lang),
            "document": lambda: self.document(iri, lang),
            "decision": lambda: self.generic(iri, lang, "decision"),
            "process": lambda: self.process(iri, lang),
        }
        return builders.get(kind, lambda: self.generic(iri, lang, kind))()


__all__ = [
    "LANGUAGES",
    "LabelIndex",
    "View",
    "Views",
    "check_lang",
    "compact",
    "resource_iri",
    "sdg_iri",
]
