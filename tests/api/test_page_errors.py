"""Errors on the pages that take input, as a reader sees them: said in the page's language,
the input kept (the query in its box, the uploaded file's lines around the error), the
parser's own words as a technical note marked as English."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from fastapi.testclient import TestClient

from api.settings import Settings

HTML = {"Accept": "text/html"}
BROKEN_QUERY = "SELECT ?goal WHERE {\n  ?goal a <https://w3id.org/goalgraph/ontology#Goal>\n"


def _error_box(page: str, box: str) -> str:
    found = re.search(rf'<div class="error" id="{box}">(.*?)</div>', page, re.S)
    assert found, f"the page shows the {box} box"
    return found.group(1)


def _said(box: str) -> str:
    """The box's text without its technical note."""
    return re.sub(r"<details.*?</details>", "", box, flags=re.S)


def test_a_broken_query_is_explained_in_swedish_and_kept_in_its_box(client: TestClient) -> None:
    page = client.get("/sparql", params={"query": BROKEN_QUERY, "lang": "sv"}, headers=HTML)
    assert page.status_code == 400
    assert f">{html.escape(BROKEN_QUERY, quote=False)}</textarea>" in page.text
    box = _error_box(page.text, "query-error")
    assert "går inte att läsa som en SPARQL 1.1-fråga" in _said(box)
    assert not re.search(r"\b(the|query|syntax|error)\b", _said(box)), _said(box)
    note = re.search(r'<code lang="en">(.*?)</code>', box, re.S)
    assert note and "syntax error at line" in note.group(1), "the parser's words, as English"


def test_the_same_error_on_the_english_page_is_english(client: TestClient) -> None:
    page = client.get("/sparql", params={"query": BROKEN_QUERY, "lang": "en"}, headers=HTML)
    box = _error_box(page.text, "query-error")
    assert "cannot be read as a SPARQL 1.1 query" in _said(box)
    assert "<code>" in box and "syntax error at line" in box


def test_service_is_refused_with_the_reason_in_the_pages_language(client: TestClient) -> None:
    query = "SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }"
    page = client.get("/sparql", params={"query": query, "lang": "sv"}, headers=HTML)
    assert page.status_code == 400
    assert "frågar inga andra servrar (SERVICE)" in _said(_error_box(page.text, "query-error"))


def test_the_row_limit_is_said_with_its_number(make_client: Callable[..., TestClient]) -> None:
    limited = make_client(Settings(max_result_rows=10))
    query = "SELECT * WHERE { ?s ?p ?o }"
    page = limited.get("/sparql", params={"query": query, "lang": "sv"}, headers=HTML)
    assert page.status_code == 422
    assert "fler än 10 rader" in _said(_error_box(page.text, "query-error"))
    assert f">{html.escape(query, quote=False)}</textarea>" in page.text


def test_the_row_count_agrees_with_its_number(client: TestClient) -> None:
    one = "SELECT ?m WHERE { ?m a <https://w3id.org/goalgraph/ontology#Municipality> } LIMIT 1"
    two = one.replace("LIMIT 1", "LIMIT 2")
    for query, sv, en in ((one, "1 rad", "1 row"), (two, "2 rader", "2 rows")):
        for lang, words in (("sv", sv), ("en", en)):
            page = client.get("/sparql", params={"query": query, "lang": lang}, headers=HTML)
            found = re.search(r'id="row-count">([^<]*)<', page.text)
            assert found and found.group(1) == words, (lang, found and found.group(1))


def test_an_upload_that_cannot_be_read_shows_the_lines_to_correct(client: TestClient) -> None:
    turtle = (
        "@prefix gg: <https://w3id.org/goalgraph/ontology#> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        "<https://w3id.org/goalgraph/id/testby> a gg:Municipality ;\n"
        '    skos:prefLabel "Testby kommun"@sv\n'
        "    gg:municipalityCode 9999 .\n"
    )
    files = {"file": ("testby.ttl", turtle.encode(), "text/turtle")}
    page = client.post("/validation", params={"lang": "sv"}, files=files, headers=HTML)
    assert page.status_code == 400
    box = _error_box(page.text, "input-error")
    said = _said(box)
    assert "Filen kunde inte läsas" in said and "testby.ttl" in said
    assert "inget har sparats" in said
    marked = re.search(r'<span class="here">\s*(\d+)  (.*?)</span>', box)
    assert marked, "the line of the error is marked in the excerpt"
    number, line = int(marked.group(1)), html.unescape(marked.group(2))
    assert line == turtle.splitlines()[number - 1], "the user's own line, as sent"
    assert f"rad {number}" in said
    assert '<code lang="en">' in box, "the parser's words as a technical note in English"
