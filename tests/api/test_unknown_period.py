"""An unknown period is a bad value of ``period`` on every route that takes one: a 422 naming
the parameter, the period asked for and the periods the municipality has (never a 404, which
would say that the page itself does not exist)."""

from __future__ import annotations

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
