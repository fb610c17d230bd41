"""The pages show what the sources leave open and the basis of an inferred link."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from goalgraph.store.load import default_store


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = create_app(store=default_store(), settings=Settings(write_token=None))
    with TestClient(app) as test_client:
        yield test_client


def _text(client: TestClient, path: str, lang: str = "sv") -> str:
    response = client.get(path, params={"lang": lang}, headers={"accept": "text/html"})
    assert response.status_code == 200, response.text
    html = response.text[response.text.index("<h1") :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_goal_without_a_stated_parent_is_not_said_to_be_at_the_top(client) -> None:
    text = _text(client, "/id/umea/goal-mal-1", "en")
    assert "The sources do not state what the goal supports." in text
    assert "At the top of the goal chain." not in text
    assert "Not stated in the sources parent not stated — left open by" in text


def test_a_top_goal_is_still_at_the_top(client) -> None:
    assert "Överst i målkedjan." in _text(client, "/id/kungsor/goal-kf-2022-stader")


def test_an_inferred_link_names_its_basis_and_reason(client) -> None:
    text = _text(client, "/id/tomelilla/goal-2025-1-1")
    assert "Stödjer Hållbar utveckling (härledd av redaktören:" in text
    assert "står under rubriken för strategiområdet Hållbar utveckling" in text


def test_a_decision_at_a_two_day_meeting_and_a_page_not_read(client) -> None:
    decision = _text(client, "/id/uppsala/decision-kf-mb-2019")
    assert "tidigast 2018-12-10" in decision and "senast 2018-12-11" in decision
    level = _text(client, "/id/uppsala/level-fokusmal")
    assert "Anges inte i källorna ej läst (källan anger 4)" in level
