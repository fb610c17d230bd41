"""Opening a store by name: in memory, a folder, or a SPARQL server."""

from __future__ import annotations

import re
from pathlib import Path

from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.store.protocol import Store
from goalgraph.store.remote import RemoteStore


def open_store(spec: str | Path | None = None, *, timeout: float = 30.0) -> Store:
    """Open a store: ``None`` or ``memory:`` in memory, ``http(s)://…`` a SPARQL server (its
    query endpoint; see :class:`goalgraph.store.remote.RemoteStore`), anything else a folder.

    >>> open_store("memory:").capabilities.persistent
    False
    """
    text = "memory:" if spec is None else str(spec)
    if text in ("memory:", "memory", ":memory:"):
        return OxigraphStore()
    if re.match(r"^https?://", text, re.IGNORECASE):
        return RemoteStore.from_url(text, timeout=timeout)
    return OxigraphStore(Path(text.removeprefix("file://")).expanduser())
