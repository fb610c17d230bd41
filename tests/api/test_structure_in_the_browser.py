"""The dimension filter and the goal hierarchies in Chromium, on a real server over the data
plus Provby (the fictional municipality with two goal hierarchies of tests/test_structure.py):
the reader chooses a value in the control and sees only its goals; the hierarchies are
sections of their own; diagram text stays readable; the pages are photographed (the
screenshots are kept in pytest's temporary folder, ``chromium-*.png``)."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from api.launch import ServerStartError, running_server
from goalgraph.authoring.workbook import read_workbook_bytes
from tests.e2e.test_reading import MIN_FONT_PX, _smallest_diagram_font
from tests.test_structure import YAML


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`goalgraph --store <its own> run` over data/ on a free loopback port, with Provby
    written to it through the API, as an editor would (PUT /graph/provby)."""
    base = tmp_path_factory.mktemp("served")
    _, graph = read_workbook_bytes(YAML.encode(), "provby.yaml", "yaml")
    token = secrets.token_urlsafe(16)
    command = ["goalgraph", "--store", str(base / "store"), "run"]
    try:
        with running_server(
            {"GOALGRAPH_WRITE_TOKEN": token, "GOALGRAPH_STORE": None},
            command=command,
            timeout=180,
        ) as url:
            written = httpx.put(
                f"{url}/graph/provby",
                content=graph.serialize(format="turtle").encode(),
                headers={"Authorization": f"Bearer {token}", "Content-Type": "text/turtle"},
                timeout=120,
            )
            assert written.status_code in (200, 201), written.text
            yield url
    except ServerStartError as exc:
        pytest.fail(str(exc))


@pytest.fixture
def page(browser: Any, server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=server, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    try:
        yield page
    finally:
        context.close()


def _numbers(page: Any) -> list[str]:
    """The goal numbers the chain's tables show."""
    return page.locator("#chain table.elements td span[lang=sv]").all_inner_texts()


def test_choose_a_perspective_and_see_only_its_goals(
    page: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    page.goto("/id/umea")
    assert sorted(_numbers(page)) == sorted(f"Mål {n}" for n in range(1, 9))
    whole = page.evaluate("document.documentElement.scrollHeight")
    page.select_option("#dimension", label="Personalpolitiska mål (3)")
    page.get_by_role("button", name="Filtrera").click()
    page.wait_for_url(re.compile(r"dimension=dim-personal"))
    assert _numbers(page) == ["Mål 5", "Mål 6", "Mål 7"]
    shown = page.locator("#dimension-shown")
    assert shown.inner_text().startswith(
        "Bara målen med Personalpolitiska mål (Kommunfullmäktiges målgrupper): 3 mål"
    )
    assert page.locator("#dimension option:checked").inner_text() == "Personalpolitiska mål (3)"
    diagram = page.locator("#whole-chain svg")
    assert diagram.locator("g.node.element").count() == 3
    least = _smallest_diagram_font(page)
    assert least is not None and least >= MIN_FONT_PX, least
    assert page.evaluate("document.documentElement.scrollHeight") <= whole
    shots = tmp_path_factory.mktemp("screenshots")
    page.screenshot(path=str(shots / "chromium-umea-personalpolitiska.png"), full_page=True)
    # the switch keeps the choice and speaks English
    page.get_by_role("link", name="In English").click()
    page.wait_for_url(re.compile(r"lang=en"))
    assert (
        page.locator("#dimension-shown")
        .inner_text()
        .startswith(
            "Only the goals with Personnel-policy goals (Groups of the council goals): 3 goals"
        )
    )
    assert page.locator("label[for=dimension]").inner_text() == "Show the goals with"
    # and the filter is let go of
    page.get_by_role("link", name="show all goals").click()
    page.wait_for_function("() => !location.search.includes('dimension')")
    assert len(_numbers(page)) == 8


def test_two_hierarchies_are_two_sections(
    page: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    page.goto("/id/provby")
    sections = page.locator("#chain section.hierarchy")
    assert sections.count() == 2
    headings = [h.split("\n")[0] for h in sections.locator("h3").all_inner_texts()]
    assert headings == ["Fullmäktiges målkedja 3 mål", "Hållbarhetsprogrammet 1 mål"]
    council, programme = sections.nth(0), sections.nth(1)
    assert council.locator("table.elements tbody tr").count() == 3
    assert (
        programme.locator("table.elements tbody tr")
        .all_inner_texts()[0]
        .startswith("Klimat och miljö")
    )
    programme.locator("summary", has_text="Diagram: Hållbarhetsprogrammet").click()
    drawn = programme.locator("figure svg")
    assert drawn.is_visible()
    assert "Målkedja: Provby kommun – Hållbarhetsprogrammet" in drawn.text_content()
    least = _smallest_diagram_font(page)
    assert least is not None and least >= MIN_FONT_PX, least
    shots = tmp_path_factory.mktemp("screenshots")
    page.screenshot(path=str(shots / "chromium-provby-hierarchies.png"), full_page=True)
