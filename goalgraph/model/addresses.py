"""The addresses of pages: a municipality's or resource's IRI from its slug and local name,
an SDG goal's or target's from its number, and the languages a page can be in."""

from __future__ import annotations

import re

from rdflib import URIRef

from goalgraph import conventions
from goalgraph.conventions import SLUG
from goalgraph.errors import NotFoundError
from goalgraph.namespaces import ID, SDG, municipality_iri

LOCAL = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
SDG_NOTATION = re.compile(r"^\d{1,2}(?:\.[0-9a-z]{1,2})?$")


def check_lang(lang: str) -> str:
    """Return ``lang`` when supported (``sv``, ``en``); a page in another is not found."""
    return conventions.check_lang(lang, NotFoundError)


def resource_iri(slug: str, local: str | None = None) -> URIRef:
    """The IRI of a municipality (``local`` None) or of one of its resources; checks both parts."""
    if not SLUG.match(slug):
        raise NotFoundError(f"not a municipality slug: {slug!r}")
    if local is None:
        return municipality_iri(slug)
    if not LOCAL.match(local):
        raise NotFoundError(f"not a resource name: {local!r}")
    return URIRef(f"{ID}{slug}/{local}")


def sdg_iri(notation: str) -> URIRef:
    """The IRI of an SDG goal (``11``) or target (``11.3``)."""
    if not SDG_NOTATION.match(notation):
        raise NotFoundError(f"not an SDG goal or target number: {notation!r}")
    return SDG[notation]
