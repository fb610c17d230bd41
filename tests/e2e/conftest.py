"""End-to-end fixtures: a real uvicorn server on a free 127.0.0.1 port and Debian's Chromium
driven by Playwright. A missing browser fails the tests with the reason; it never skips."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from api.launch import ServerStartError, running_server

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The service over the project's data/, as `goalgraph run` serves it."""
    try:
        with running_server({"GOALGRAPH_WRITE_TOKEN": None}) as base:
            yield base
    except ServerStartError as exc:
        pytest.fail(str(exc))


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
