"""An unknown period is a bad value of ``period`` on every route that takes one: a 422 naming
the parameter, the period asked for and the periods the municipality has (never a 404, which
would say that the page itself does not exist)."""

from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

ROUTES = [
    ("/id/tomelilla", {"format": "json"}),
    ("/id/tomelilla", {"format": "html"}),
    ("/validation/tomelilla", {"format": "json"}),
    ("/reports/audit/tomelilla", {}),
    ("/diagrams/chain", {"target": "tomelilla"}),
    ("/comparison", {"m": ["tomelilla", "vaggeryd"], "format": "json"}),
]


@pytest.mark.parametrize(("path", "params"), ROUTES)
def test_an_unknown_period_is_a_422_naming_it(
    client: TestClient, path: str, params: dict[str, object]
) -> None:
    answer = client.get(path, params={**params, "period": "1999-2002"})
    assert answer.status_code == 422, answer.text[:300]
    if answer.headers["content-type"].startswith("application/json"):
        body = answer.json()
        assert body["error"] == "invalid-parameters"
        assert body["detail"][0]["loc"] == ["query", "period"]
        message = body["message"]
    else:
        message = answer.text
    assert "unknown period '1999-2002' of tomelilla" in message
    assert "period-2025-2028" in message


def test_a_known_period_is_still_answered(client: TestClient) -> None:
    answer = client.get("/id/tomelilla", params={"format": "json", "period": "2025-2028"})
    assert answer.status_code == 200


def _visible(page: str) -> str:
    """The page's text as a reader sees it: no tags, no closed technical note."""
    body = re.sub(r"<details>.*?</details>", " ", page, flags=re.S)  # closed by default
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    body = re.sub(r"</?(a|span|code|strong|em|b|i)\b[^>]*>", "", body)  # inline: no gap
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def test_the_page_says_it_in_swedish_with_the_periods_to_choose(client: TestClient) -> None:
    page = client.get(
        "/id/tomelilla", params={"period": "1999-2002"}, headers={"Accept": "text/html"}
    )
    assert page.status_code == 422
    seen = _visible(page.text)
    assert "Perioden ”1999-2002” finns inte för Tomelilla kommun." in seen
    assert (
        "Kommunens perioder: Nuvarande mandatperiod enligt intranätsidan (år anges inte), "
        "2025–2028."
    ) in seen
    assert "unknown period" not in seen and "query.period" not in seen
    link = re.search(r'<a href="(\?period=[^"]+)">2025–2028</a>', page.text)
    assert link is not None
    assert (
        client.get(
            "/id/tomelilla" + html.unescape(link.group(1)), headers={"Accept": "text/html"}
        ).status_code
        == 200
    )


def test_the_english_page_says_it_in_english(client: TestClient) -> None:
    page = client.get(
        "/id/tomelilla",
        params={"period": "1999-2002", "lang": "en"},
        headers={"Accept": "text/html"},
    )
    seen = _visible(page.text)
    assert "The period “1999-2002” does not exist for Tomelilla kommun." in seen
    assert "The municipality's periods: " in seen and "2025–2028." in seen


def test_another_bad_value_is_explained_and_its_detail_kept(client: TestClient) -> None:
    page = client.get("/id/umea", params={"dimension": "nope"}, headers={"Accept": "text/html"})
    assert page.status_code == 422
    seen = _visible(page.text)
    assert "Ett värde i adressen går inte att använda." in seen
    assert "dimension" in seen  # the open technical note names the parameter
