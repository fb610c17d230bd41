"""The period selection over HTTP: the municipality page, diagrams, comparison and validation
take ?as_of=, ?period= and ?all=1, and by default show the goals in force today."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_municipality_page_shows_the_goals_in_force_and_a_period_selector(
    client: TestClient,
) -> None:
    page = client.get("/id/tomelilla", params={"format": "html"})
    assert page.status_code == 200
    assert '<select id="period" name="period">' in page.text
    assert "period-2025-2028" in page.text and "Förenkling leder till" not in page.text
    assert "period anges inte" in page.text
    earlier = client.get("/id/tomelilla", params={"format": "html", "as_of": "2024-06-01"})
    assert "Förenkling leder till" in earlier.text and "Mål som gäller 2024-06-01" in earlier.text


def test_json_view_names_the_selection_and_each_goals_period(client: TestClient) -> None:
    view = client.get("/id/umea", params={"format": "json", "period": "2019-2022"}).json()
    assert view["selection"]["mode"] == "period"
    periods = {e["period"] for g in view["element_levels"] for e in g["elements"]}
    assert "Perioden 2019–2022" in periods


def test_a_bad_date_is_a_clear_400(client: TestClient) -> None:
    answer = client.get("/id/umea", params={"format": "json", "as_of": "juni"})
    assert answer.status_code == 400 and "not a date" in answer.text


def test_validation_and_comparison_take_the_selection(client: TestClient) -> None:
    today = client.get("/validation/umea", params={"format": "json"}).json()
    everything = client.get("/validation/umea", params={"format": "json", "all": "1"}).json()
    assert today["selection"]["umea"]["left_out"] > 0
    assert (
        len(everything["results"]) == len(today["results"]) + today["selection"]["umea"]["left_out"]
    )
    chosen = client.get(
        "/comparison", params={"format": "json", "m": ["kungsor", "umea"], "as_of": "2021-06-01"}
    ).json()
    assert chosen["current"]["periods"]["kungsor"]["day"] == "2021-06-01"
    svg = client.get("/diagrams/chain", params={"target": "umea", "period": "2019-2022"})
    assert svg.status_code == 200 and "Goda livsvillkor" in svg.text
