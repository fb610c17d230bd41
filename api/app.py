"""The FastAPI application: :func:`create_app` builds it; nothing is built at import time.

``goalgraph run`` (and the README's run command) serves it on 127.0.0.1 with the embedded
store loaded from ``data/``.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio
from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from goalgraph import __version__
from goalgraph.store.load import default_store
from goalgraph.store.oxigraph import OxigraphStore, Store
from goalgraph.validation.scale import shutdown_pool

from . import error_handlers as errors
from .caching import ResourceCacheMiddleware, Version
from .health import HealthProbe
from .limits import BodyLimitMiddleware
from .routers import (
    authoring,
    comparison,
    diagrams,
    extraction,
    graphs,
    home,
    lifecycle,
    reports,
    resources,
    sdg,
    sparql,
    suggestions,
    validation,
)
from .service import GraphService
from .settings import Settings
from .warming import warm_up

log = logging.getLogger("goalgraph.api")
STATIC = Path(__file__).resolve().parent / "static"

DESCRIPTION = """\
Kunskapsgraf för kommunal målstyrning kopplad till Agenda 2030 /
a knowledge graph of municipal goal governance linked to Agenda 2030.

Resources are served at the path of their IRI (`https://w3id.org/goalgraph/id/nora/goal-kf1`
→ `/id/nora/goal-kf1`). JSON by default; Turtle, JSON-LD and N-Triples by `Accept` or
`?format=`; HTML for browsers. `/sparql` is a read-only SPARQL 1.1 endpoint with a time and a
row limit. Writes (`PUT`/`PATCH /graph/{slug}`) need the operator's bearer token and are
validated against the integrity shapes before anything is stored.
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    """Build the store (unless one was given) and the service; stop the workers at the end."""
    store: Store | None = app.state.initial_store
    if store is None:
        data_dir: Path | None = app.state.data_dir
        store = await anyio.to_thread.run_sync(default_store, data_dir)
    if app.state.settings.memory_copy and isinstance(store, OxigraphStore):
        store.keep_memory_copy()  # on disk: reads from memory once the copy is built
    service = GraphService(store, app.state.settings)
    app.state.service = service
    if app.state.settings.warm_up:
        threading.Thread(target=warm_up, args=(service,), daemon=True).start()
    probe = HealthProbe(service)
    app.state.health = probe
    await probe.start()
    try:
        yield
    finally:
        await probe.stop()
        await anyio.to_thread.run_sync(_close, service)


def _close(service: GraphService) -> None:
    """Stop every process the service started: the SPARQL workers and the validation pool
    (with its forkserver and resource tracker)."""
    try:
        service.close()
    finally:
        shutdown_pool()


def _version(app: FastAPI) -> Version | None:
    """The data's version for the resource cache (``None`` before the lifespan made the
    service)."""
    service: GraphService | None = getattr(app.state, "service", None)
    if service is None:
        return None
    generation, modified = service.stamp
    if generation != service.generation:  # a write is finishing: the next request caches
        return None
    return Version(generation, modified)


def create_app(
    *, store: Store | None = None, data_dir: Path | None = None, settings: Settings | None = None
) -> FastAPI:
    """The goalgraph HTTP service over ``store`` (default: the embedded store loaded from
    ``data_dir``, itself defaulting to the project's ``data/``)."""
    app = FastAPI(
        title="goalgraph",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        docs_url=None,  # /docs: api/routers/home.py, with Swagger UI's files served here
        redoc_url=None,  # ReDoc loads its logo from a CDN
        openapi_tags=[
            {"name": "pages", "description": "Start page and health."},
            {"name": "resources", "description": "Municipalities, goals, bodies, documents, …"},
            {"name": "agenda2030", "description": "SDG goals and targets."},
            {"name": "sparql", "description": "SPARQL 1.1 Protocol endpoint (read-only)."},
            {"name": "graphs", "description": "Graph store: read and validated writes."},
            {"name": "validation", "description": "SHACL validation reports."},
            {"name": "diagrams", "description": "Goal-chain and process diagrams."},
            {"name": "comparison", "description": "Comparing municipalities."},
            {"name": "authoring", "description": "Sheets, period diffs, status, suggestions."},
        ],
    )
    app.state.initial_store = store
    app.state.data_dir = data_dir
    app.state.settings = settings or Settings.from_env()
    errors.install(app)
    app.add_middleware(BodyLimitMiddleware, max_bytes=app.state.settings.max_upload_bytes)
    app.add_middleware(ResourceCacheMiddleware, version=lambda: _version(app))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.mount("/docs/assets", StaticFiles(directory=home.API_DOCS_ASSETS), name="docs-assets")
    app.include_router(authoring.router)
    app.include_router(lifecycle.router)  # before resources: /id/{slug}/diff, /id/{slug}/status
    app.include_router(suggestions.router)
    app.include_router(extraction.router)
    for module in (home, resources, sdg, sparql, graphs, validation, diagrams, comparison):
        app.include_router(module.router)
    app.include_router(reports.router)
    return app
