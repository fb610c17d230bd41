"""The dimension filter as a reader meets it on the real data: on Umeå's page, choose a value
of the council goals' grouping (Personalpolitiska mål) and see only the goals carrying it, in
the tables and the chain diagram; the same on /diagrams/chain; plain Swedish, English on the
switch; an unknown value is a 422 naming the known ones."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

PERSONNEL = ("Mål 5", "Mål 6", "Mål 7")
OTHERS = ("Mål 1", "Mål 2", "Mål 3", "Mål 4", "Mål 8")


def _chain_text(html: str) -> str:
    """The visible text of the page's goal-chain section, without the inline diagrams."""
    part = html.split('<section id="chain">', 1)[1].split('<section id="governance">', 1)[0]
    part = re.sub(r"<svg.*?</svg>", " ", part, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", part))


def _table_numbers(html: str) -> list[str]:
    """The goal numbers in the chain's tables, in order."""
    part = html.split('<section id="chain">', 1)[1].split('<section id="governance">', 1)[0]
    tables = re.findall(r'<table class="elements">(.*?)</table>', part, re.S)
    return re.findall(r'<span class="muted" lang="sv">(Mål \d+)</span>', "".join(tables))


def test_the_page_offers_the_values_and_lists_every_goal_by_default(client: TestClient) -> None:
    page = client.get("/id/umea", params={"format": "html"})
    assert page.status_code == 200
    assert '<select id="dimension" name="dimension">' in page.text
    assert '<optgroup label="Kommunfullmäktiges målgrupper">' in page.text
    text = _chain_text(page.text)
    assert "Visa målen med" in text
    for choice in ("Finansiella mål (1)", "Inriktningsmål (4)", "Personalpolitiska mål (3)"):
        assert choice in text
    assert sorted(_table_numbers(page.text)) == sorted(PERSONNEL + OTHERS)
    assert "Bara målen med" not in text


def test_choosing_a_value_shows_only_the_goals_carrying_it(client: TestClient) -> None:
    page = client.get("/id/umea", params={"format": "html", "dimension": "dim-personal"})
    assert page.status_code == 200
    text = _chain_text(page.text)
    assert "Bara målen med Personalpolitiska mål (Kommunfullmäktiges målgrupper): 3 mål" in text
    assert "visa alla mål" in text
    assert _table_numbers(page.text) == list(PERSONNEL)
    assert '<option value="dim-personal" selected>' in page.text
    # the chain diagram draws the same three goals, under the value's name
    svg = page.text.split('id="whole-chain"', 1)[1].split("</svg>", 1)[0]
    assert "Målkedja: Umeå kommun – Personalpolitiska mål" in svg
    assert svg.count('class="node element goal"') == 3
    # an overview would count the whole chain: it is left out while a value is chosen
    assert 'id="overview"' not in page.text
    by_name = client.get(
        "/id/umea", params={"format": "json", "dimension": "Personalpolitiska mål"}
    )
    assert by_name.json()["dimension_filter"]["id"] == "dim-personal"
    numbers = [e["identifier"] for g in by_name.json()["element_levels"] for e in g["elements"]]
    assert numbers == list(PERSONNEL)


def test_english_on_the_switch(client: TestClient) -> None:
    page = client.get(
        "/id/umea", params={"format": "html", "dimension": "dim-personal", "lang": "en"}
    )
    text = _chain_text(page.text)
    assert "Show the goals with" in text and "any value" in text
    assert (
        "Only the goals with Personnel-policy goals (Groups of the council goals): 3 goals" in text
    )
    assert "show all goals" in text and "Visa målen med" not in text


def test_the_filter_keeps_the_period_and_the_period_keeps_the_filter(client: TestClient) -> None:
    page = client.get(
        "/id/umea", params={"format": "html", "all": "1", "dimension": "dim-personal"}
    )
    form = page.text.split('class="dimension-filter"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="all" value="1">' in form
    period_form = page.text.split('class="period-selector"', 1)[1].split("</form>", 1)[0]
    assert '<input type="hidden" name="dimension" value="dim-personal">' in period_form
    assert "?all=1&amp;lang=sv&amp;dimension=dim-personal" in period_form
    # the goals of 2019–2022 have no such grouping: every period still shows only the three
    assert _table_numbers(page.text) == list(PERSONNEL)


def test_a_municipality_whose_goals_carry_no_value_gets_no_filter(client: TestClient) -> None:
    # Nordanstig's sources name three sustainability dimensions but not which goal is in which
    page = client.get("/id/nordanstig", params={"format": "html"})
    assert page.status_code == 200
    assert 'id="dimension"' not in page.text
    assert "Dimension: Hållbarhet" in page.text


def test_an_unknown_value_is_a_422_naming_the_known_ones(client: TestClient) -> None:
    for path, params in (
        ("/id/umea", {"dimension": "Medarbetare", "format": "json"}),
        ("/diagrams/chain", {"target": "umea", "dimension": "Medarbetare"}),
    ):
        answer = client.get(path, params=params)
        assert answer.status_code == 422, answer.text
        body = answer.json()
        assert body["detail"][0]["loc"] == ["query", "dimension"]
        assert (
            "unknown dimension value 'Medarbetare' of umea; "
            "known: dim-finansiell, dim-inriktning, dim-personal"
        ) in body["message"]


def test_an_unknown_period_beside_a_value_is_still_named_as_a_period(client: TestClient) -> None:
    answer = client.get(
        "/id/umea", params={"format": "json", "dimension": "dim-personal", "period": "1999"}
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["query", "period"]
    assert "unknown period '1999' of umea" in answer.json()["message"]


def test_the_chain_diagram_route_takes_the_value(client: TestClient) -> None:
    svg = client.get("/diagrams/chain", params={"target": "umea", "dimension": "dim-inriktning"})
    assert svg.status_code == 200
    assert svg.text.count('class="node element goal"') == 4
    assert "Målkedja: Umeå kommun – Inriktningsmål" in svg.text
    whole = client.get("/diagrams/chain", params={"target": "umea"})
    assert whole.text.count('class="node element goal"') == 8
    other = client.get(
        "/diagrams/goal",
        params={"target": "umea:goal-mal-1", "dimension": "dim-inriktning"},
    )
    assert other.status_code == 422 and "only a chain diagram takes dimension" in other.text
