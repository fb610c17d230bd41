"""The API documentation (/docs, Swagger UI) works without internet: the browser may reach
the server only, and the page still shows the route groups and their operations."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit


def _offline(page: Any, server: str) -> list[str]:
    """Refuse every request that does not go to the server; return the refused addresses."""
    host = urlsplit(server).netloc
    refused: list[str] = []

    def handle(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).netloc == host or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    page.route("**/*", handle)
    return refused


def test_swagger_ui_shows_the_routes_offline(page: Any, server: str) -> None:
    refused = _offline(page, server)
    page.goto("/docs")
    page.locator(".swagger-ui .opblock-tag").first.wait_for()
    assert page.title() == "goalgraph – API (Swagger UI)"
    assert page.locator(".swagger-ui .info .title").inner_text().startswith("goalgraph")
    tags = page.locator(".swagger-ui .opblock-tag").all_inner_texts()
    assert any(t.startswith("sparql") for t in tags), tags
    assert any(t.startswith("resources") for t in tags), tags
    assert page.locator(".swagger-ui .opblock").count() > 20, "the operations are listed"
    assert refused == [], f"the page asked for {refused}"
