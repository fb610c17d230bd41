"""What a person sees in a real browser: municipality, goal chain, language, upload, SPARQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

BROKEN = """@prefix gg: <https://w3id.org/goalgraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://w3id.org/goalgraph/id/> .
id:testby a gg:Municipality ; skos:prefLabel "Testby kommun"@sv ; gg:municipalityCode "9999" .
<https://w3id.org/goalgraph/id/testby/goal-1> a gg:Goal ;
    skos:prefLabel "Ett mål utan nivå"@sv ; gg:municipality id:testby .
"""

DATA_MUNICIPALITIES = Path(__file__).resolve().parents[2] / "data" / "municipalities"


def test_open_a_municipality_and_follow_a_goal_to_its_chain(page: Any) -> None:
    page.goto("/")
    page.get_by_role("link", name="Nora kommun").click()
    page.wait_for_url("**/id/nora")
    assert page.locator("h1").inner_text() == "Nora kommun"
    assert page.locator("#whole-chain svg").count() == 1, "the goal-chain diagram is drawn"
    assert page.locator("#overview svg").count() == 1, "and its overview"
    assert page.locator("#governance").inner_text().startswith("Styrmodell")
    page.locator("#chain table a[href='/id/nora/goal-kf1']").click()
    page.wait_for_url("**/id/nora/goal-kf1")
    chain_up = page.locator("ol.chain-up li").all_inner_texts()
    assert any("Nora ska vara en plats" in item for item in chain_up)
    assert page.locator("#owners").inner_text().strip()


def test_switch_language(page: Any) -> None:
    page.goto("/id/vaggeryd/goal-kf1")
    assert "Uppåt i målkedjan" in page.content()
    page.locator("#lang-switch").click()
    page.wait_for_load_state()
    assert "Up the goal chain" in page.content()
    assert page.locator("h1").inner_text().startswith("Vaggeryd Municipality shall")
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en", "the choice is remembered"


def test_upload_a_broken_file_and_see_the_violation(page: Any, tmp_path: Path) -> None:
    broken = tmp_path / "testby.ttl"
    broken.write_text(BROKEN, encoding="utf-8")
    page.goto("/validation")
    page.set_input_files("input[name=file]", str(broken))
    page.locator("#upload-form button").click()
    page.wait_for_selector("table.report")
    rows = page.locator("table.report tr.violation").all_inner_texts()
    assert rows and any("goal-1" in row for row in rows)
    assert "Fel:" in page.locator("#summary").inner_text()


def test_run_a_sparql_query_and_see_rows(page: Any) -> None:
    page.goto("/sparql")
    page.get_by_role("link", name="Kommunerna och deras kommunkoder").click()
    page.wait_for_selector("#query")
    page.locator("#run").click()
    page.wait_for_selector("table.results")
    cells = page.locator("table.results td").all_inner_texts()
    assert "Nora kommun" in cells and "0665" in cells
    # one row per municipality with goal data: one graph file each in data/municipalities/
    municipalities = len(list(DATA_MUNICIPALITIES.glob("*.ttl")))
    assert page.locator("#row-count").inner_text().startswith(f"{municipalities} ")
