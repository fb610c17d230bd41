"""Fixtures for the API tests: apps over the project's data, through the app factory."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from api_helpers import TOKEN
from fastapi.testclient import TestClient

from api.app import create_app
from api.deps import get_settings
from api.settings import Settings
from goalgraph.store.load import default_store
from goalgraph.store.oxigraph import OxigraphStore


@pytest.fixture(scope="session")
def session_client(store: OxigraphStore) -> Iterator[TestClient]:
    """One app over the shared session store (no write token configured)."""
    app = create_app(store=store, settings=Settings(write_token=None))
    with TestClient(app) as test_client:
        yield test_client


@pytest.fixture
def client(session_client: TestClient) -> TestClient:
    """The shared read-only client, without cookies from earlier tests."""
    session_client.cookies.clear()
    return session_client


@pytest.fixture
def fresh_store() -> OxigraphStore:
    """A private store that a test may write to."""
    return default_store()


@pytest.fixture
def make_client(fresh_store: OxigraphStore) -> Iterator[Callable[..., TestClient]]:
    """Build a client over ``fresh_store`` with the given settings (through dependency
    overrides, so the token can differ per test)."""
    clients: list[TestClient] = []

    def build(settings: Settings | None = None) -> TestClient:
        chosen = settings or Settings(write_token=TOKEN, warm_up=False)
        app = create_app(store=fresh_store, settings=chosen)
        app.dependency_overrides[get_settings] = lambda: chosen
        test_client = TestClient(app)
        test_client.__enter__()
        clients.append(test_client)
        return test_client

    yield build
    for test_client in clients:
        test_client.__exit__(None, None, None)


@pytest.fixture
def writer(make_client: Callable[..., TestClient]) -> TestClient:
    """A client whose server has a write token."""
    return make_client()
