"""The comparison resource: JSON figures, the Markdown report and the page."""

from __future__ import annotations

from fastapi.testclient import TestClient


def test_comparison_json_has_the_overlap_of_vaggeryd_and_nora(client: TestClient) -> None:
    response = client.get("/comparison", params=[("m", "vaggeryd"), ("m", "nora")])
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = response.json()
    text = str(body)
    assert "vaggeryd" in text and "nora" in text
    # 5 SDG goals shared out of 10 linked by either municipality (computed by hand in
    # tests/test_compare.py): the Jaccard index at goal level is 0.5.
    assert "0.5" in text


def test_comparison_page_in_swedish_and_markdown_report(client: TestClient) -> None:
    page = client.get("/comparison", headers={"Accept": "text/html"})
    assert page.status_code == 200
    assert "Vaggeryds kommun" in page.text and "Nora kommun" in page.text
    assert "<svg" in page.text
    markdown = client.get("/comparison", params={"format": "markdown"})
    assert markdown.status_code == 200
    assert markdown.text.lstrip().startswith("#")
