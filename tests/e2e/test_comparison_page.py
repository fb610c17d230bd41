"""The comparison as a reader meets it: its diagram at /diagrams/comparison and the page's
table of contents, whose every entry leads to its part of the page."""

from __future__ import annotations

from typing import Any

import httpx


def test_the_comparison_diagram_draws_every_municipality_named(server: str) -> None:
    response = httpx.get(
        f"{server}/diagrams/comparison",
        params=[("target", "nora"), ("target", "vaggeryd")],
        timeout=60,
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("image/svg+xml")
    svg = response.text
    assert "Nora kommun" in svg and "Vaggeryds kommun" in svg


def test_every_entry_of_the_comparison_contents_leads_to_its_part(page: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/comparison?m=nora&m=vaggeryd")
    links = page.locator("#comparison a[href^='#']")
    targets = links.evaluate_all("els => els.map(e => e.getAttribute('href').slice(1))")
    assert len(targets) >= 5, f"the contents list the parts: {targets}"
    missing = page.evaluate(
        "ids => ids.filter(id => document.getElementById(id) === null)", targets
    )
    assert missing == [], f"contents entries without a part: {missing}"
    last = targets[-1]
    links.last.click()
    page.wait_for_function("id => location.hash === '#' + id", arg=last)
    top = page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", last)
    assert abs(top) < 900, f"#{last} is scrolled into view (top at {top:.0f} px)"
