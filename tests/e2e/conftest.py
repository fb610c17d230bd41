"""End-to-end fixtures: a real uvicorn server on a free 127.0.0.1 port and Debian's Chromium
driven by Playwright. A missing browser fails the tests with the reason; it never skips."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from api.launch import ServerStartError, running_server

ROOT = Path(__file__).resolve().parents[2]
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
def server() -> Iterator[str]:
    """The service over the project's data/, as `goalgraph run` serves it."""
    try:
        with running_server({"GOALGRAPH_WRITE_TOKEN": None}) as base:
            yield base
    except ServerStartError as exc:
        pytest.fail(str(exc))


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


@pytest.fixture
def page(browser: object, server: str) -> Iterator[object]:
    """A fresh browser page (own cookies) with the server as base URL."""
    context = browser.new_context(base_url=server)  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(20_000)
    try:
        yield page
    finally:
        context.close()
