"""Several goal hierarchies in one municipality, as a reader meets them: the page shows the
council's chain and the sustainability programme each as its own section with its own tables
and diagram, ``/diagrams/chain?hierarchy=`` draws one of them, the overview frames the levels
by hierarchy. Most cases use Provby, the fictional municipality of tests/test_structure.py,
beside the real data; Uppsala is the real municipality with two hierarchies (Mål och budget
and its environment and climate programme)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from goalgraph.authoring.workbook import import_graph, read_workbook_bytes
from goalgraph.store.load import default_store
from tests.test_structure import YAML


@pytest.fixture(scope="module")
def provby_client() -> Iterator[TestClient]:
    """The service over the data plus Provby, imported from its YAML form."""
    store = default_store()
    slug, graph = read_workbook_bytes(YAML.encode(), "provby.yaml", "yaml")
    import_graph(store, slug, graph)
    app = create_app(store=store, settings=Settings(write_token=None, warm_up=False))
    with TestClient(app) as client:
        yield client


def _section(html: str, ident: str) -> str:
    found = re.search(rf'<section class="hierarchy" id="{ident}">(.*?)</section>', html, re.S)
    assert found, f"the page has the section {ident}"
    return found.group(1)


def _text(html: str) -> str:
    html = re.sub(r"<svg.*?</svg>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _tables(html: str) -> str:
    return _text("".join(re.findall(r'<table class="elements">.*?</table>', html, re.S)))


def test_the_page_shows_each_hierarchy_with_its_own_tables_and_diagram(
    provby_client: TestClient,
) -> None:
    page = provby_client.get("/id/provby", params={"format": "html"})
    assert page.status_code == 200
    council = _section(page.text, "hierarchy-hierarchy-kf")
    programme = _section(page.text, "hierarchy-hierarchy-program")
    assert _text(council).split("Diagram:")[0].strip() == "Fullmäktiges målkedja 3 mål"
    assert "Hållbarhetsprogrammet 1 mål" in _text(programme)
    assert "Provby ska vara en trygg plats" in _tables(council)
    assert "Alla elever ska känna sig trygga" in _tables(council)
    assert "Klimat och miljö" not in _tables(council)
    assert "Klimat och miljö" in _tables(programme)
    assert "Provby ska" not in _tables(programme)
    # each section draws its own hierarchy
    assert "Målkedja: Provby kommun – Fullmäktiges målkedja" in council
    assert "Målkedja: Provby kommun – Hållbarhetsprogrammet" in programme
    assert programme.count('class="node element') == 1
    # the hierarchy is named as its page links it, not by its IRI
    assert '<a href="/id/provby/hierarchy-program">Hållbarhetsprogrammet</a>' in programme


def test_uppsalas_page_shows_its_two_hierarchies_as_two_sections(client: TestClient) -> None:
    page = client.get("/id/uppsala", params={"format": "html"})
    assert page.status_code == 200
    assert page.text.count('<section class="hierarchy"') == 2
    budget = _section(page.text, "hierarchy-hierarchy-mal-och-budget")
    programme = _section(page.text, "hierarchy-hierarchy-miljo-och-klimat")
    # the goals in force today: three fokusmål read, three overarching goals, four etappmål
    assert _text(budget).split("Diagram:")[0].strip() == "Mål och budget 3 mål"
    assert _text(programme).split("Diagram:")[0].strip() == "Miljö- och klimatprogrammet 7 mål"
    assert "Uppsala ska säkra en stark ekonomi och värna välfärden" in _tables(budget)
    assert "Klimatanpassat Uppsala" not in _tables(budget)
    assert "Klimatanpassat Uppsala" in _tables(programme)
    assert "Etappmål 4" in _tables(programme)
    assert "Fokusmål" not in _tables(programme)
    assert "Målkedja: Uppsala kommun – Mål och budget" in budget
    assert programme.count('class="node element') == 7
    assert '<a href="/id/uppsala/hierarchy-miljo-och-klimat">Miljö- och klimatprogrammet</a>' in (
        programme
    )


def test_a_municipality_with_one_chain_keeps_its_plain_tables(provby_client: TestClient) -> None:
    page = provby_client.get("/id/umea", params={"format": "html"})
    assert 'class="hierarchy"' not in page.text
    assert page.text.count('<details class="level-group"') >= 2


def test_the_chain_diagram_is_drawn_per_hierarchy(provby_client: TestClient) -> None:
    programme = provby_client.get(
        "/diagrams/chain", params={"target": "provby", "hierarchy": "hierarchy-program"}
    )
    assert programme.status_code == 200
    svg = programme.text
    assert "Fokusområden" in svg and "Klimat och miljö" in svg
    assert "Fullmäktigemål" not in svg and "Nämndmål" not in svg
    council = provby_client.get(
        "/diagrams/chain", params={"target": "provby", "hierarchy": "Fullmäktiges målkedja"}
    )
    assert council.status_code == 200
    assert "Fullmäktigemål" in council.text and "Nämndmål" in council.text
    assert "Klimat och miljö" not in council.text
    assert council.text.count('class="node element goal"') == 3
    # with a dimension value too: the council's goals carrying Ekonomi
    both = provby_client.get(
        "/diagrams/chain",
        params={"target": "provby", "hierarchy": "hierarchy-kf", "dimension": "Ekonomi"},
    )
    assert "Målkedja: Provby kommun – Fullmäktiges målkedja · Ekonomi" in both.text
    assert both.text.count('class="node element goal"') == 1
    # no goal of the programme carries Ekonomi: its level is left out, not called empty
    none = provby_client.get(
        "/diagrams/chain",
        params={"target": "provby", "hierarchy": "hierarchy-program", "dimension": "Ekonomi"},
    )
    assert none.status_code == 200
    assert "Fokusområden" not in none.text and "inga mål i datan" not in none.text


def test_the_overview_frames_the_levels_by_hierarchy(provby_client: TestClient) -> None:
    svg = provby_client.get("/diagrams/overview", params={"target": "provby"}).text
    clusters = re.findall(r'<g id="[^"]*clust\d+" class="cluster hierarchy">(.*?)</g>', svg, re.S)
    names = sorted(" ".join(re.findall(r"<text[^>]*>([^<]*)</text>", c)) for c in clusters)
    assert len(clusters) == 2, svg[:2000]
    assert names == ["Fullmäktiges målkedja", "Hållbarhetsprogrammet"]
    umea = provby_client.get("/diagrams/overview", params={"target": "umea"}).text
    assert "cluster hierarchy" not in umea


def test_an_unknown_hierarchy_is_a_422_naming_the_known_ones(provby_client: TestClient) -> None:
    answer = provby_client.get(
        "/diagrams/chain", params={"target": "provby", "hierarchy": "Kvalitetsprogrammet"}
    )
    assert answer.status_code == 422
    body = answer.json()
    assert body["detail"][0]["loc"] == ["query", "hierarchy"]
    assert (
        "unknown goal hierarchy 'Kvalitetsprogrammet' of provby; "
        "known: hierarchy-kf, hierarchy-program"
    ) in body["message"]
    none = provby_client.get("/diagrams/chain", params={"target": "nora", "hierarchy": "x"})
    assert none.status_code == 422 and "known: none / inga" in none.text
