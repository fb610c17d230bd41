"""After a write the start page's and the comparison's views are built for the new data in
the background: the first request finds them built, and they show the written data."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Callable

from api_helpers import AUTH, TOKEN
from fastapi.testclient import TestClient

from api.settings import Settings
from goalgraph.lifecycle.selection import Selection

OLD = "Hållbar samhällsutveckling och tillväxt"
NEW = "Växande Vaggeryd i hela kommunen"
UPDATE = (
    "PREFIX gg: <https://w3id.org/goalgraph/ontology#> "
    "DELETE DATA { <https://w3id.org/goalgraph/id/vaggeryd/goal-kf1> "
    f'gg:shortLabel "{OLD}"@sv }} ; '
    "INSERT DATA { <https://w3id.org/goalgraph/id/vaggeryd/goal-kf1> "
    f'gg:shortLabel "{NEW}"@sv }}'
)


def _wait_for_warm_up(timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while any(t.name == "warm-write" for t in threading.enumerate()):
        assert time.monotonic() < deadline, f"the warm-up after the write ran over {timeout} s"
        time.sleep(0.05)


def test_the_comparison_is_built_after_a_write_and_shows_the_new_data(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(Settings(write_token=TOKEN, warm_up=False))
    before = client.get("/comparison", headers={"Accept": "text/html"})
    assert before.status_code == 200 and OLD in before.text

    response = client.patch(
        "/graph/vaggeryd",
        content=UPDATE.encode(),
        headers={**AUTH, "Content-Type": "application/sparql-update"},
    )
    assert response.status_code == 200, response.text
    _wait_for_warm_up()

    service = client.app.state.service  # type: ignore[attr-defined]
    slugs = tuple(service.slugs())
    key = ("compare-html", slugs, "sv", Selection().key(), dt.date.today())
    built: list[str] = []
    fragment = service.cache.get(service.generation, key, lambda: built.append("x") or "")
    assert not built, "the comparison's page part was not built after the write"
    assert NEW in fragment and OLD not in fragment

    page = client.get("/comparison", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert NEW in page.text and OLD not in page.text


def test_without_the_warm_up_the_comparison_is_built_on_request(
    make_client: Callable[..., TestClient],
) -> None:
    client = make_client(Settings(write_token=TOKEN, warm_up=False, warm_after_write=False))
    response = client.patch(
        "/graph/vaggeryd",
        content=UPDATE.encode(),
        headers={**AUTH, "Content-Type": "application/sparql-update"},
    )
    assert response.status_code == 200, response.text
    assert not any(t.name == "warm-write" for t in threading.enumerate())
    page = client.get("/comparison", headers={"Accept": "text/html"})
    assert page.status_code == 200 and NEW in page.text
