"""The documentation site builds from the repository with warnings as errors, with the four
guides, the API reference from the docstrings and the ontology page from pyLODE."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from goalgraph.cli import main
from goalgraph.docs import build_site
from goalgraph.errors import GoalgraphError

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    assert main(["docs", "--site", "-o", str(out)]) == 0  # strict: a warning fails the build
    return out


def _text(page: Path) -> str:
    html = page.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.mark.parametrize(
    ("page", "phrases"),
    [
        ("strategist", ["goalgraph import nora.xlsx", "Målet saknar ägare", "goalgraph report"]),
        ("auditor", ["A04", "goalgraph report audit nora", "årsbokslut"]),
        ("researcher", ["query_frame", "goalgraph kolada fetch", "Jaccard", "Källa: Kolada"]),
        ("operator", ["GOALGRAPH_WRITE_TOKEN", "Virtuoso", "/health", "memory:"]),
    ],
)
def test_each_guide_is_built_with_its_content(site: Path, page: str, phrases: list[str]) -> None:
    text = _text(site / page / "index.html")
    for phrase in phrases:
        assert phrase in text, f"{page}: {phrase!r} missing"


def test_the_researcher_page_shows_the_example_script_that_the_tests_run(site: Path) -> None:
    text = _text(site / "researcher" / "index.html")
    for name in ("comparison_frames", "write_tables", "dag_longest_path_length"):
        assert name in text  # the script itself, included by the snippet
    assert "--8&lt;--" not in text and "--8<--" not in text


def test_the_api_reference_comes_from_the_docstrings(site: Path) -> None:
    analysis = _text(site / "reference" / "analysis" / "index.html")
    # frames.goal_graph's own docstring, rendered
    assert "goal_graph" in analysis and "networkx" in analysis
    public = _text(site / "reference" / "goalgraph" / "index.html")
    assert "run_query" in public and "default_store" in public
    # doctest examples are code blocks, not paragraphs with markup
    assert "&gt;&gt;&gt;" in (site / "reference" / "model" / "index.html").read_text("utf-8")


def test_the_ontology_page_is_pylodes_and_linked_from_every_page(site: Path) -> None:
    ontology = (site / "ontology.html").read_text(encoding="utf-8")
    assert "pyLODE" in ontology and "https://w3id.org/goalgraph/ontology" in ontology
    assert 'href="../ontology.html"' in (site / "auditor" / "index.html").read_text("utf-8")


def test_security_and_changelog_are_the_repositorys_own(site: Path) -> None:
    assert "Reporting a vulnerability" in _text(site / "security" / "index.html")
    changelog = _text(site / "changelog" / "index.html")
    assert "Changelog" in changelog and "Kolada" in changelog


def test_a_broken_link_fails_the_strict_build(tmp_path: Path) -> None:
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "docs", copy / "docs")
    for name in ("mkdocs.yml", "SECURITY.md", "CHANGELOG.md"):
        shutil.copy(ROOT / name, copy / name)
    page = copy / "docs" / "auditor.md"
    page.write_text(page.read_text("utf-8") + "\nSee [the missing page](missing.md).\n", "utf-8")
    with pytest.raises(GoalgraphError, match=r"missing\.md"):
        build_site(tmp_path / "site", config=copy / "mkdocs.yml")
