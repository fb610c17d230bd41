"""Shared fixtures: one store loaded from the project's data/ per test session, and one
headless Chromium per test process (Playwright's sync API allows one instance per thread, so
every browser test of the process shares it)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest

from goalgraph.store.load import default_store
from goalgraph.store.oxigraph import OxigraphStore

CHROMIUM = os.environ.get("GOALGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def store() -> OxigraphStore:
    """The embedded store loaded from data/ (read-only in tests: do not write to it)."""
    return default_store()


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Headless Chromium (Debian's package, never a downloaded build)."""
    if not (os.path.isfile(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: the browser tests need Debian's chromium "
            "package (scripts/setup.sh test installs it) or GOALGRAPH_CHROMIUM set to a binary"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("playwright is not installed: pip install -e '.[test]'")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()
