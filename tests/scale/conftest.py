"""Fixtures for the storage and scale tests: the three backends, each loaded from data/, and
real Oxigraph servers that the tests start on loopback and stop again."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from scale_helpers import BACKENDS, OxigraphServer

from goalgraph.store.load import default_store, load_data
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.store.protocol import Store


@pytest.fixture(scope="session")
def oxigraph_servers(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, OxigraphServer]]:
    """Two servers: one holds data/ for the whole session, one is emptied for each test."""
    servers = {
        name: OxigraphServer(tmp_path_factory.mktemp(f"oxigraph-{name}"))
        for name in ("shared", "scratch")
    }
    yield servers
    for server in servers.values():
        server.stop()


def _open(kind: str, folder: Path, server: OxigraphServer) -> Store:
    if kind == "memory":
        return OxigraphStore()
    if kind in ("disk", "disk+copy"):
        return OxigraphStore(folder / "store")
    return server.store()


def _loaded(kind: str, folder: Path, server: OxigraphServer) -> Store:
    """A store of ``kind`` loaded from data/; "disk+copy" reads from its memory copy."""
    store = _open(kind, folder, server)
    load_data(store)
    if kind == "disk+copy":
        assert isinstance(store, OxigraphStore)
        store.keep_memory_copy()
        assert store.wait_for_memory_copy(60), "the memory copy was not built within 60 s"
    return store


@pytest.fixture(scope="session", params=BACKENDS)
def loaded_store(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    oxigraph_servers: dict[str, OxigraphServer],
) -> Iterator[Store]:
    """Each backend loaded from data/, shared by the session (read only: do not write)."""
    store = _loaded(request.param, tmp_path_factory.mktemp("disk"), oxigraph_servers["shared"])
    yield store
    store.close()


@pytest.fixture(params=BACKENDS)
def fresh_backend(
    request: pytest.FixtureRequest, tmp_path: Path, oxigraph_servers: dict[str, OxigraphServer]
) -> Iterator[Store]:
    """Each backend loaded from data/, private to one test (which may write to it)."""
    store = _loaded(request.param, tmp_path, oxigraph_servers["scratch"])
    yield store
    store.close()


@pytest.fixture
def silent_server() -> Iterator[str]:
    """A server that accepts connections and never answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}/query"
    sock.close()


@pytest.fixture(scope="module")
def reference() -> OxigraphStore:
    """data/ in the embedded store, the reference the other backends are compared with."""
    return default_store()
