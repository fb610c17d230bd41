"""Filling the service's caches in the background: at start-up (views, audit reports, a
SPARQL worker) and after each write (the start page's and the comparison's views for the new
data), so that the first request after either does not build them.

A write moves the data generation on before the warm-up starts, and every cached value is
keyed by the generation: the warm-up builds the new data's views, never an old one's. A
request arriving while a view is being built waits for that build (see
:class:`api.readcache.GenerationCache`); a warm-up stops as soon as another write follows,
and the service's :meth:`~api.service.GraphService.close` waits for it.
"""

from __future__ import annotations

import logging
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .service import GraphService

log = logging.getLogger("goalgraph.api")
#: the languages whose pages are warmed, the default first
LANGUAGES = ("sv", "en")


def warm_up(service: GraphService) -> None:
    """Fill the caches that are slow to build (views, audit reports) at start-up."""
    try:
        if not service.store.capabilities.remote:  # a server answers remote queries
            service.pool.warm_up()
        for slug in service.slugs():
            service.municipality_report(slug)
    except Exception:
        log.warning("cache warm-up failed", exc_info=True)


def warm_after_write(service: GraphService) -> threading.Thread:
    """Start building, on a thread of its own, what the start page and the comparison of all
    municipalities need for the data of the current generation (called when a write has
    moved the generation on; the thread's reads wait for the write lock to be released)."""
    thread = threading.Thread(
        target=_warm_pages, args=(service, service.generation), daemon=True, name="warm-write"
    )
    thread.start()
    return thread


def _warm_pages(service: GraphService, generation: int) -> None:
    try:
        for lang in LANGUAGES:
            if service.generation != generation or service.closed:
                return  # another write followed (its own warm-up builds its data), or the end
            service.start_page(lang)
            slugs = service.slugs()
            if len(slugs) >= 2 and service.generation == generation and not service.closed:
                service.comparison_page(slugs, lang)
    except Exception:  # a page that cannot be built is built (and reported) on request
        log.warning("warm-up after a write failed", exc_info=True)
