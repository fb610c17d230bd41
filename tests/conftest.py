"""Shared fixtures: one store loaded from the project's data/ per test session."""

from __future__ import annotations

import pytest

from goalgraph.store.load import default_store
from goalgraph.store.oxigraph import OxigraphStore


@pytest.fixture(scope="session")
def store() -> OxigraphStore:
    """The embedded store loaded from data/ (read-only in tests: do not write to it)."""
    return default_store()
