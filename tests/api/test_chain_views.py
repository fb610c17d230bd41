"""The goal chain's overview and a level's view, on the pages and at /diagrams/{kind}."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

HTML = {"Accept": "text/html"}
COUNCIL = "/id/nora/level-fullmaktigemal"


def test_the_overview_names_every_level_with_its_number_of_goals(client: TestClient) -> None:
    svg = client.get("/diagrams/overview", params={"target": "nora"}).text
    assert svg.count('class="node level"') == 6, "one box per level of Nora's model"
    assert "Fullmäktigemål" in svg and "11 mål" in svg
    assert "alla stödjer alla" in svg, "the council goals support all goals above, said once"
    assert "9 globala mål" in svg
    assert 'class="node element' not in svg, "no goal boxes in the overview"


def test_a_levels_view_draws_its_goals_and_those_they_support(client: TestClient) -> None:
    svg = client.get("/diagrams/level", params={"target": "nora:level-fullmaktigemal"}).text
    goals = re.findall(r'class="node element goal', svg)
    assert len(goals) == 11 + 4, "the 11 council goals and the 4 goals they support"
    assert "KF&#45;mål 1 ·" in svg and "KF&#45;mål 11 ·" in svg


def test_an_unknown_level_is_404(client: TestClient) -> None:
    response = client.get("/diagrams/level", params={"target": "nora:level-finns-inte"})
    assert response.status_code == 404


def test_the_level_page_shows_the_levels_view(client: TestClient) -> None:
    page = client.get(COUNCIL, headers=HTML).text
    chain = page[page.index('<section id="chain">') :]
    assert "<svg" in chain and "KF&#45;mål 11 ·" in chain


def test_the_municipality_page_offers_the_overview_and_the_whole_chain(
    client: TestClient,
) -> None:
    page = client.get("/id/nora", headers=HTML).text
    overview = re.search(r'<details class="diagram-view" id="overview"( open)?>', page)
    whole = re.search(r'<details class="diagram-view" id="whole-chain"( open)?>', page)
    assert overview and whole
    # Nora's 16 goals read as a whole chain; the overview is one click away
    assert whole.group(1) == " open" and overview.group(1) is None
