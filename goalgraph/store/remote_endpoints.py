"""A SPARQL server's query, update and Graph Store endpoints, from its URL and the environment."""

from __future__ import annotations

import os
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

__all__ = ["Endpoints", "endpoints_from_url"]


@dataclass(frozen=True)
class Endpoints:
    """A server's endpoints and credentials, and whether it is Virtuoso (staged writes)."""

    query: str
    update: str
    gsp: str | None
    auth: tuple[str, str] | str | None
    virtuoso: bool


def endpoints_from_url(url: str) -> Endpoints:
    """The endpoints beside the query endpoint ``url`` (see
    :meth:`~goalgraph.store.remote.RemoteStore.from_url`)."""
    parts = urlsplit(url)
    auth: tuple[str, str] | str | None = None
    if parts.username:
        auth = (parts.username, parts.password or "")
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port else host
        parts = parts._replace(netloc=netloc)
    elif os.environ.get("GOALGRAPH_STORE_TOKEN"):
        auth = os.environ["GOALGRAPH_STORE_TOKEN"]
    query = urlunsplit(parts)
    base, _, last = query.rstrip("/").rpartition("/")
    update: str | None = os.environ.get("GOALGRAPH_UPDATE_ENDPOINT")
    gsp: str | None = os.environ.get("GOALGRAPH_GSP_ENDPOINT")
    virtuoso = False
    if last == "query":
        update = update or f"{base}/update"
        gsp = gsp or f"{base}/store"
    elif last == "sparql" and gsp is None:
        # Virtuoso: the Graph Store protocol beside /sparql, and staged writes
        gsp, virtuoso = f"{base}/sparql-graph-crud", True
    return Endpoints(query, update or query, gsp, auth, virtuoso)
