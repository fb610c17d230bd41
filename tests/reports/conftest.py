"""Fixtures for the reports and findings tests: reports rendered once per session, a store
with Provby's indicators and results, a live server and Debian's Chromium for the pages."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.launch import ServerStartError, running_server
from api.settings import Settings
from goalgraph.authoring.workbook import import_graph, read_workbook
from goalgraph.reports import build_report, render_report
from goalgraph.store.load import default_store
from goalgraph.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parents[2]
T = TypeVar("T")
PROVBY = ROOT / "tests" / "authoring" / "fixtures" / "provby.yaml"
CHROMIUM = os.environ.get("GOALGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]


@pytest.fixture(scope="session")
def report_client(store: OxigraphStore) -> Iterator[TestClient]:
    """The service over the project's data, in-process."""
    app = create_app(store=store, settings=Settings(write_token=None, warm_up=False))
    with TestClient(app) as client:
        yield client


@pytest.fixture(scope="session")
def audit_pdf(report_client: TestClient) -> bytes:
    """Nora's audit report as the API serves it (PDF, Swedish)."""
    response = report_client.get("/reports/audit/nora?format=pdf&lang=sv")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return response.content


@pytest.fixture(scope="session")
def programme_pdf(store: OxigraphStore) -> bytes:
    """Vaggeryd's goal programme in English (PDF)."""
    return render_report(build_report(store, "programme", "vaggeryd", lang="en"), "pdf")


@pytest.fixture(scope="session")
def provby_store() -> OxigraphStore:
    """The project's data plus Provby, a municipality with indicators, results and rules."""
    store = default_store()
    slug, graph = read_workbook(PROVBY)
    import_graph(store, slug, graph)
    return store


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The service over the project's data/ on a free loopback port."""
    try:
        with running_server({"GOALGRAPH_WRITE_TOKEN": None}) as base:
            yield base
    except ServerStartError as exc:
        pytest.fail(str(exc))


class BrowserThread:
    """Debian's Chromium driven from one worker thread of its own.

    Playwright's sync API allows one instance per thread, and other browser tests of the
    session may hold the main thread's; so every page action runs in this thread."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chromium")
        self._state: dict[str, Any] = {}
        self._executor.submit(self._start).result()

    def _start(self) -> None:
        from playwright.sync_api import sync_playwright

        playwright = sync_playwright().start()
        self._state["playwright"] = playwright
        self._state["browser"] = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )

    def run(self, action: Callable[[Any], T]) -> T:
        """``action(page)`` on a fresh page (own cookies) with the server as base URL."""

        def job() -> T:
            context = self._state["browser"].new_context(base_url=self.base_url)
            page = context.new_page()
            page.set_default_timeout(20_000)
            try:
                return action(page)
            finally:
                context.close()

        return self._executor.submit(job).result()

    def close(self) -> None:
        """Stop the browser and the thread."""

        def stop() -> None:
            self._state["browser"].close()
            self._state["playwright"].stop()

        self._executor.submit(stop).result()
        self._executor.shutdown()


@pytest.fixture(scope="session")
def browser(server: str) -> Iterator[BrowserThread]:
    """Headless Chromium (Debian's package); missing, the tests fail with the reason."""
    if not (os.path.isfile(CHROMIUM) or shutil.which(CHROMIUM)):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package")
    chromium = BrowserThread(server)
    try:
        yield chromium
    finally:
        chromium.close()
