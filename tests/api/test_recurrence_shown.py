"""When a follow-up point or a process step recurs, as a reader meets it on the real data:
Uppsala's page and process diagram say that the boards' follow-up happens three times a year
(in English on the switch); a process step that recurs says when on the page and in the
diagram, also when it is only marked "every year"."""

from __future__ import annotations

import html
import re

from api_helpers import AUTH
from fastapi.testclient import TestClient

GG = "PREFIX gg: <https://w3id.org/goalgraph/ontology#> "
STEP = "<https://w3id.org/goalgraph/id/umea/step-juni>"
UPDATE = {"Content-Type": "application/sparql-update"}


def _items(part: str) -> list[str]:
    """The visible text of each list item in ``part``."""
    items = re.findall(r"<li>(.*?)</li>", part, re.S)
    return [html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", i))).strip() for i in items]


def _follow_up_items(page: str) -> list[str]:
    """The visible text of each item under the governance model's follow-up heading."""
    part = page.split('<section id="governance">', 1)[1].split("</section>", 1)[0]
    lists = re.findall(r"<h4>[^<]*</h4>\s*<ul>(.*?)</ul>", part, re.S)
    return _items(lists[0])


def _process_items(page: str) -> list[str]:
    """The visible text of each item of the page's list of processes."""
    part = page.split('<section id="processes">', 1)[1].split("</section>", 1)[0]
    return _items(part)


def _svg_texts(svg: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_uppsala_page_says_the_follow_up_is_three_times_a_year(client: TestClient) -> None:
    page = client.get("/id/uppsala", params={"format": "html"})
    assert page.status_code == 200
    items = _follow_up_items(page.text)
    tertial = next(i for i in items if i.startswith("Nämnderna och bolagsstyrelserna"))
    assert tertial.endswith("· När: 3 gånger per år")
    # the annual report's follow-up in 2022 does not recur, and says nothing of it
    final = next(i for i in items if i.startswith("Avslutande uppföljning"))
    assert "När:" not in final and "gånger" not in final


def test_the_english_page_says_it_in_english(client: TestClient) -> None:
    page = client.get("/id/uppsala", params={"format": "html", "lang": "en"})
    assert page.status_code == 200
    items = _follow_up_items(page.text)
    tertial = next(i for i in items if i.startswith("The boards and company boards"))
    assert tertial.endswith("· When: 3 times a year")
    assert "gånger" not in " ".join(items)


def test_the_page_data_carries_the_recurrence(client: TestClient) -> None:
    view = client.get("/id/uppsala", params={"format": "json"}).json()
    points = {f["label"]: f["recurs"] for m in view["governance_models"] for f in m["follow_ups"]}
    assert points["Nämnderna och bolagsstyrelserna rapporterar tre gånger om året"] == (
        "3 gånger per år"
    )


def test_uppsala_process_diagram_shows_the_follow_up_and_when(client: TestClient) -> None:
    for lang, frame, label, when in (
        ("sv", "Uppföljning i styrmodellen", "Nämnderna och bolagsstyrelserna", "3 gånger per år"),
        (
            "en",
            "Follow-up in the governance model",
            "The boards and company boards",
            "3 times a year",
        ),
    ):
        svg = client.get("/diagrams/process", params={"target": "uppsala", "lang": lang})
        assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg")
        texts = _svg_texts(svg.text)
        assert frame in texts
        # the recurrence heads the point's box, just above its label
        assert texts[texts.index(when) + 1] == label


def test_umea_page_says_when_its_budget_process_recurs(client: TestClient) -> None:
    for lang, when in (("sv", "När: juni varje år"), ("en", "When: June every year")):
        page = client.get("/id/umea", params={"format": "html", "lang": lang})
        assert [i.endswith(f"· {when}") for i in _process_items(page.text)] == [True]


def test_a_step_marked_every_year_says_so(writer: TestClient) -> None:
    before = _svg_texts(writer.get("/diagrams/process", params={"target": "umea"}).text)
    assert "1. juni varje år" in before and "1. varje år" not in before
    update = GG + (
        f"DELETE WHERE {{ {STEP} gg:recurringMonth ?m }} ; "
        f"INSERT DATA {{ {STEP} gg:everyYear true }}"
    )
    response = writer.patch("/graph/umea", content=update.encode(), headers={**AUTH, **UPDATE})
    assert response.status_code == 200, response.text
    for lang, head in (("sv", "1. varje år"), ("en", "1. every year")):
        svg = writer.get("/diagrams/process", params={"target": "umea", "lang": lang}).text
        assert head in _svg_texts(svg)
    page = writer.get("/id/umea", params={"format": "html"}).text
    assert [i.rsplit(" · ", 1)[-1] for i in _process_items(page)] == ["När: varje år"]


def _properties(page: str) -> dict[str, str]:
    """The visible name and value of each statement in the page's property list."""
    part = page.split('<section id="properties">', 1)[1].split("</section>", 1)[0]
    pairs = re.findall(r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>", part, re.S)

    def text(fragment: str) -> str:
        return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()

    return {text(k): text(v) for k, v in pairs}


def test_the_step_page_says_when_in_words(client: TestClient) -> None:
    page = client.get("/id/umea/step-juni", params={"format": "html"})
    assert page.status_code == 200
    props = _properties(page.text)
    assert props["när"] == "juni varje år"
    # a note written in both languages is shown in the page's language only
    assert props["anmärkning"] == "Ett steg som återkommer i juni varje år."
    # not the raw statement ("återkommer i månaden: 6")
    assert not any(k.startswith("återkommer") for k in props)
    english = _properties(
        client.get("/id/umea/step-juni", params={"lang": "en", "format": "html"}).text
    )
    assert english["when"] == "June every year"
    assert english["note"] == "A step that recurs in June every year."
