"""Content negotiation: the q-sorted Accept parser and the format choice, table-driven."""

from __future__ import annotations

import pytest

from api.negotiation import NotAcceptableError, negotiate, parse_accept

RESOURCE = ("json", "html", "turtle", "jsonld", "ntriples")
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"

CASES = [
    # (Accept header, ?format=, expected format name)
    (None, None, "json"),
    ("", None, "json"),
    ("*/*", None, "json"),
    (BROWSER, None, "html"),
    ("application/json", None, "json"),
    ("text/turtle", None, "turtle"),
    ("application/ld+json", None, "jsonld"),
    ("application/n-triples", None, "ntriples"),
    ("text/turtle;q=0.5, application/ld+json", None, "jsonld"),
    ("text/turtle;q=0.9, application/n-triples;q=0.95", None, "ntriples"),
    ("text/*", None, "html"),
    ("text/*;q=0.5, text/turtle", None, "turtle"),
    ("application/json;q=0, */*;q=0.1", None, "html"),
    ("garbage, text/turtle", None, "turtle"),
    ("text/turtle;q=abc, application/json;q=0.2", None, "json"),
    (BROWSER, "ttl", "turtle"),
    (BROWSER, "json", "json"),
    ("text/html", "application/ld+json", "jsonld"),
    (None, "nt", "ntriples"),
]


@pytest.mark.parametrize(("accept", "override", "expected"), CASES)
def test_negotiate_chooses_the_best_offered_format(
    accept: str | None, override: str | None, expected: str
) -> None:
    assert negotiate(accept, RESOURCE, override).name == expected


@pytest.mark.parametrize(
    ("accept", "override"),
    [("image/png", None), ("application/json;q=0", None), (None, "pdf"), (None, "evil<script>")],
)
def test_unacceptable_requests_name_the_available_types(
    accept: str | None, override: str | None
) -> None:
    with pytest.raises(NotAcceptableError) as caught:
        negotiate(accept, RESOURCE, override)
    assert "text/turtle" in str(caught.value)


def test_parse_accept_sorts_by_q_then_specificity_then_order() -> None:
    ranges = parse_accept("text/*;q=0.8, */*;q=0.8, text/html, application/json;q=0.8")
    assert [(r.type, r.subtype) for r in ranges] == [
        ("text", "html"),
        ("application", "json"),
        ("text", "*"),
        ("*", "*"),
    ]
