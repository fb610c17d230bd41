"""Named resources from the cache keyed by the data's version: validators, 304 answers, and
a write that makes every cached answer stale."""

from __future__ import annotations

import datetime as dt
from email.utils import format_datetime, parsedate_to_datetime

from api_helpers import AUTH
from fastapi.testclient import TestClient

from api.caching import ResponseCache, Version

GOAL = "/id/vaggeryd/goal-kf1"
KF1 = "<https://w3id.org/goalgraph/id/vaggeryd/goal-kf1>"
UPDATE = {"Content-Type": "application/sparql-update"}
SKOS = "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "


def test_a_resource_carries_validators_and_the_same_answer_twice(client: TestClient) -> None:
    first = client.get(GOAL, headers={"Accept": "application/json"})
    second = client.get(GOAL, headers={"Accept": "application/json"})
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert first.json()["iri"].endswith("/vaggeryd/goal-kf1")
    etag = first.headers["etag"]
    assert etag.startswith('"') and etag == second.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    assert parsedate_to_datetime(first.headers["last-modified"]).tzinfo is not None
    assert first.headers["content-language"] == "sv"
    assert int(first.headers["content-length"]) == len(first.content)


def test_each_format_and_language_is_its_own_answer(client: TestClient) -> None:
    json_sv = client.get(GOAL, headers={"Accept": "application/json"})
    json_en = client.get(GOAL + "?lang=en", headers={"Accept": "application/json"})
    turtle = client.get(GOAL, headers={"Accept": "text/turtle"})
    page = client.get(GOAL, headers={"Accept": "text/html"})
    assert json_en.headers["content-language"] == "en"
    assert json_en.headers["set-cookie"].startswith("lang=en")
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert page.headers["content-type"].startswith("text/html")
    assert "content-security-policy" in page.headers
    tags = {r.headers["etag"] for r in (json_sv, json_en, turtle, page)}
    assert len(tags) == 4
    client.cookies.clear()
    # the cookie chooses the language as the query does, and is part of the cache key
    client.cookies.set("lang", "en")
    by_cookie = client.get(GOAL, headers={"Accept": "application/json"})
    assert by_cookie.headers["content-language"] == "en"
    assert by_cookie.json() == json_en.json()
    client.cookies.clear()


def test_if_none_match_gets_304_without_a_body(client: TestClient) -> None:
    first = client.get(GOAL, headers={"Accept": "application/json"})
    again = client.get(
        GOAL, headers={"Accept": "application/json", "If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["vary"] == "Accept, Cookie"
    other = client.get(GOAL, headers={"Accept": "application/json", "If-None-Match": '"other"'})
    assert other.status_code == 200 and other.content == first.content
    # the tag of another format does not match this one
    turtle = client.get(
        GOAL, headers={"Accept": "text/turtle", "If-None-Match": first.headers["etag"]}
    )
    assert turtle.status_code == 200 and b"goal-kf1" in turtle.content


def test_if_modified_since_gets_304_only_when_nothing_changed_since(client: TestClient) -> None:
    first = client.get(GOAL, headers={"Accept": "application/json"})
    modified = parsedate_to_datetime(first.headers["last-modified"])
    later = format_datetime(modified + dt.timedelta(seconds=5), usegmt=True)
    earlier = format_datetime(modified - dt.timedelta(seconds=5), usegmt=True)
    assert client.get(GOAL, headers={"If-Modified-Since": later}).status_code == 304
    assert client.get(GOAL, headers={"If-Modified-Since": earlier}).status_code == 200
    assert client.get(GOAL, headers={"If-Modified-Since": "not a date"}).status_code == 200
    # If-None-Match wins over If-Modified-Since
    both = {"If-None-Match": '"other"', "If-Modified-Since": later}
    assert client.get(GOAL, headers=both).status_code == 200


def test_errors_are_not_cached_and_carry_no_validators(client: TestClient) -> None:
    for _ in range(2):
        missing = client.get("/id/vaggeryd/goal-nosuchgoal")
        assert missing.status_code == 404
        assert "etag" not in missing.headers
    refused = client.get(GOAL, headers={"Accept": "image/png"})
    assert refused.status_code == 406 and "etag" not in refused.headers


def test_a_write_makes_the_cached_answers_stale(writer: TestClient) -> None:
    before = writer.get(GOAL, headers={"Accept": "text/turtle"})
    assert b"Tillv\xc3\xa4xtm\xc3\xa5let" not in before.content
    update = SKOS + f'INSERT DATA {{ {KF1} skos:altLabel "Tillväxtmålet"@sv }}'
    response = writer.patch("/graph/vaggeryd", content=update.encode(), headers={**AUTH, **UPDATE})
    assert response.status_code == 200, response.text
    after = writer.get(
        GOAL, headers={"Accept": "text/turtle", "If-None-Match": before.headers["etag"]}
    )
    assert after.status_code == 200 and "Tillväxtmålet" in after.text
    assert after.headers["etag"] != before.headers["etag"]
    assert parsedate_to_datetime(after.headers["last-modified"]) >= parsedate_to_datetime(
        before.headers["last-modified"]
    )
    assert writer.get(GOAL, headers={"Accept": "text/turtle"}).content == after.content


def test_a_validation_page_is_cached_until_a_write_changes_it(writer: TestClient) -> None:
    page, html = "/validation/vaggeryd", {"Accept": "text/html"}
    before = writer.get(page, headers=html)
    assert before.status_code == 200 and "etag" in before.headers
    again = writer.get(page, headers={**html, "If-None-Match": before.headers["etag"]})
    assert again.status_code == 304
    # the municipality's name, which the page shows, changes
    municipality = "<https://w3id.org/goalgraph/id/vaggeryd>"
    update = SKOS + (
        f"DELETE {{ {municipality} skos:prefLabel ?old }} "
        f'INSERT {{ {municipality} skos:prefLabel "Vaggeryd med nytt namn"@sv }} '
        f'WHERE {{ {municipality} skos:prefLabel ?old . FILTER(lang(?old) = "sv") }}'
    )
    response = writer.patch("/graph/vaggeryd", content=update.encode(), headers={**AUTH, **UPDATE})
    assert response.status_code == 200, response.text
    after = writer.get(page, headers={**html, "If-None-Match": before.headers["etag"]})
    assert after.status_code == 200 and "Vaggeryd med nytt namn" in after.text
    assert "Vaggeryd med nytt namn" not in before.text


def test_the_cache_is_bounded_and_forgets_an_old_generation() -> None:
    from api.caching import Entry

    now = dt.datetime.now(dt.UTC)
    cache = ResponseCache(max_entries=3, max_bytes=16 * 1000)
    version = Version(1, now)
    for i in range(5):
        key = (str(i).encode(),)
        assert cache.get(version.generation, key) is None
        cache.put(version.generation, key, Entry(200, (), b"x" * 100, b'"t"', now))
    assert len(cache) == 3 and cache.size_bytes == 300
    assert cache.get(1, (b"0",)) is None and cache.get(1, (b"4",)) is not None
    cache.put(1, (b"big",), Entry(200, (), b"x" * 1001, b'"t"', now))  # over 1/16 of the bytes
    assert cache.get(1, (b"big",)) is None
    assert cache.get(2, (b"4",)) is None and len(cache) == 0
    cache.put(1, (b"late",), Entry(200, (), b"x", b'"t"', now))  # an older generation's answer
    assert cache.get(2, (b"late",)) is None
