"""Pages that inline several diagrams (the comparison, a municipality's overview beside its
chain) have no element id twice: Graphviz numbers every SVG alike (``graph0``, ``node1``), so
each diagram's ids get a prefix of their own, and every reference inside a diagram still
points to an element of that diagram."""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from goalgraph.diagrams import render_diagram
from goalgraph.store.oxigraph import OxigraphStore


class _Ids(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: Counter[str] = Counter()
        self.svgs = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.svgs += tag == "svg"
        for name, value in attrs:
            if name == "id" and value is not None:
                self.ids[value] += 1


def _ids(html: str) -> _Ids:
    parser = _Ids()
    parser.feed(html)
    return parser


@pytest.fixture(scope="module")
def client(store: OxigraphStore) -> TestClient:
    app = create_app(store=store, settings=Settings(write_token=None, warm_up=False))
    with TestClient(app) as test_client:
        yield test_client  # type: ignore[misc]


@pytest.mark.parametrize(
    "path",
    [
        "/comparison?m=nora&m=vaggeryd&format=html",
        "/id/nora?format=html",
        "/id/umea?format=html",
    ],
)
def test_no_id_twice_on_a_page_with_several_diagrams(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200, page.text[:500]
    found = _ids(page.text)
    assert found.svgs >= 2, f"{path} inlines several diagrams"
    twice = sorted(i for i, n in found.ids.items() if n > 1)
    assert twice == [], f"{path} repeats ids: {twice[:10]}"
    # what a diagram refers to by id is in the page
    for ref in re.findall(r'url\(#([^)]+)\)|href="#([^"]+)"', page.text):
        target = ref[0] or ref[1]
        assert target in found.ids, f"{path}: #{target} is no element of the page"


def test_the_same_diagram_is_the_same_bytes_and_another_has_other_ids(
    store: OxigraphStore,
) -> None:
    first = render_diagram(store, "chain", "nora")
    assert render_diagram(store, "chain", "nora") == first
    other = render_diagram(store, "overview", "nora")
    ids = set(re.findall(rb' id="([^"]+)"', first))
    assert ids and not ids & set(re.findall(rb' id="([^"]+)"', other))
    assert b'id="graph0"' not in first
