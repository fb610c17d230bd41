"""Each goal's period in the chain diagram, as a reader sees it in the SVG from
``/diagrams/chain``: where a municipality's goals belong to several periods each goal box has
a small line with its period, and a goal not in force today says so; by default the diagram
shows the goals in force today. Tested on Tomelilla, Umeå and Kungsör in data/, and on Nora,
whose goals have no periods."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from goalgraph.store.oxigraph import OxigraphStore

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def client(store: OxigraphStore) -> TestClient:
    app = create_app(store=store, settings=Settings(write_token=None, warm_up=False))
    with TestClient(app) as test_client:
        yield test_client  # type: ignore[misc]


def _goal_boxes(svg: str) -> dict[str, str]:
    """Each drawn goal (its local id) and the text of its box, lines joined by spaces."""
    root = ET.fromstring(svg)
    boxes = {}
    for group in root.iter(f"{SVG}g"):
        if "element" not in (group.get("class") or "").split():
            continue
        title = group.findtext(f"{SVG}title") or ""
        text = " ".join((t.text or "").strip() for t in group.iter(f"{SVG}text"))
        boxes[title.rsplit("/", 1)[-1]] = re.sub(r"\s+", " ", text)
    return boxes


def _chain(client: TestClient, slug: str, **params: str) -> dict[str, str]:
    answer = client.get("/diagrams/chain", params={"target": slug, **params})
    assert answer.status_code == 200, answer.text
    return _goal_boxes(answer.text)


def test_today_each_goal_says_its_period_and_none_is_out_of_force(client: TestClient) -> None:
    boxes = _chain(client, "tomelilla")
    current = {k: v for k, v in boxes.items() if k.startswith("goal-2025")}
    assert len(current) == 6
    assert all("Period: 2025–2028" in text for text in current.values()), current
    assert not any("gäller inte i dag" in text for text in boxes.values())
    assert not any(k.startswith("goal-tidigare") for k in boxes)


def test_an_earlier_day_shows_the_earlier_set_marked_not_in_force(client: TestClient) -> None:
    boxes = _chain(client, "tomelilla", as_of="2024-06-01")
    earlier = {k: v for k, v in boxes.items() if k.startswith("goal-tidigare")}
    assert len(earlier) == 6
    for text in earlier.values():
        period = "Period: Nuvarande mandatperiod enligt intranätsidan (år anges inte)"
        assert f"{period} · gäller inte i dag" in text, text


def test_every_period_marks_only_the_goals_not_in_force(client: TestClient) -> None:
    boxes = _chain(client, "umea", all="1")
    old = {k: v for k, v in boxes.items() if "Period: 2019–2022" in v}
    assert old, boxes
    assert all("gäller inte i dag" in v for v in old.values())
    # the goals in force today state no period of their own: no line, and no note
    current = {k: v for k, v in boxes.items() if k not in old}
    assert current and not any("Period" in v or "gäller inte" in v for v in current.values())
    english = _chain(client, "umea", all="1", lang="en")
    assert any("Period: 2019–2022 · not in force today" in v for v in english.values())


def test_goals_of_one_day_show_their_dates(client: TestClient) -> None:
    boxes = _chain(client, "kungsor")
    texts = " | ".join(boxes.values())
    assert "Period: 2022–2025" in texts
    assert "Period: 2022-01-01–2022-12-31" in texts


def test_a_municipality_without_periods_gets_no_lines(client: TestClient) -> None:
    boxes = _chain(client, "nora")
    assert boxes and not any("Period" in v for v in boxes.values())


def test_the_time_statements_give_the_lines_of_the_whole_graph(store: OxigraphStore) -> None:
    # period_lines parses only the statements about time; on every municipality in data/,
    # today and over every period, they give what the municipality's whole graph gives
    from goalgraph.analysis.compare import all_slugs
    from goalgraph.diagrams.periods import element_period_lines, period_lines
    from goalgraph.lifecycle.selection import Selection, select_store
    from goalgraph.namespaces import municipality_graph

    today = dt.date.today()
    for slug in all_slugs(store):
        for selection in (Selection(), Selection(everything=True)):
            snapshot, _ = select_store(store, [slug], selection)
            whole = snapshot.to_rdflib([str(municipality_graph(slug))])
            assert period_lines(snapshot, slug, "sv", today) == element_period_lines(
                whole, slug, "sv", today
            ), slug
