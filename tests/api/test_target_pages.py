"""The goal page shows an indicator's target kind and the municipality's assessments."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_the_goal_page_shows_the_assessment_with_its_motivation(client: TestClient) -> None:
    html = client.get("/id/vargarda/goal-delmal-skola-1", headers={"Accept": "text/html"}).text
    assert "<h2>Bedömningar</h2>" in html
    assert "inte uppnått" in html
    assert "90% av vårdnadshavarna upplever att" in html
    view = client.get("/id/vargarda/goal-delmal-skola-1?format=json").json()
    (assessment,) = view["assessments"]
    assert assessment["period"] == "2023"
    assert assessment["source"] == "Årsredovisning 2023: Målområde - Utvecklande skola"


def test_the_goal_page_shows_a_comparative_target_and_what_it_is_compared_with(
    client: TestClient,
) -> None:
    view = client.get("/id/kungsor/goal-kf-2021-behorighet?format=json&lang=en").json()
    (indicator,) = view["indicators"]
    assert indicator["target_kind"] == "comparison with others"
    assert indicator["compared_with"] == "average of comparable municipalities"
    html = client.get(
        "/id/kungsor/goal-kf-2021-behorighet?lang=sv", headers={"Accept": "text/html"}
    ).text
    assert "jämförelse med andra: genomsnittet för jämförbara kommuner" in html
    assert "<h2>Bedömningar</h2>" not in html
