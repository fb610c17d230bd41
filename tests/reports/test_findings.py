"""Validation findings as a person reads them: in the CLI's text, and on the page in Chromium."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from goalgraph.cli import main
from goalgraph.store.load import load_files
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.validation.findings import present, report_labels
from goalgraph.validation.graph import shape_ids, validate_graph

ROOT = Path(__file__).resolve().parents[2]
TEXTS = yaml.safe_load((ROOT / "goalgraph/templates/findings.yaml").read_text(encoding="utf-8"))
RAW = re.compile(r"https?://|\bgg:|\bggsh:|\bskos:|\bdcterms:")
KF = re.compile(r"KF-mål (\d+)")


def _words(lang: str) -> set[str]:
    """The findings' own titles in one language (data texts, not the municipality's)."""
    return {entry[lang]["title"] for entry in TEXTS.values()}


def _findings_part(text: str) -> str:
    """The CLI text before its technical details."""
    marker = "Tekniska detaljer" if "Tekniska detaljer" in text else "Technical details"
    assert marker in text
    return text.split(marker, 1)[0]


def test_every_shape_has_plain_texts_in_both_languages_without_rdf_terms() -> None:
    assert set(TEXTS) == set(shape_ids())
    for shape, entry in TEXTS.items():
        for lang in ("sv", "en"):
            assert set(entry[lang]) == {"title", "text", "why"}, (shape, lang)
            for text in entry[lang].values():
                assert text and not RAW.search(text), (shape, lang, text)
    assert not (_words("sv") & _words("en"))


def _broken_nora(tmp_path: Path) -> Path:
    source = (ROOT / "data/municipalities/nora.ttl").read_text(encoding="utf-8")
    broken = source.replace(
        "gg:supports nora:goal-overarching , nora:goal-hallbarhet",
        "gg:supports nora:goal-missing , nora:goal-hallbarhet",
        1,
    )
    assert broken != source
    path = tmp_path / "nora.ttl"
    path.write_text(broken, encoding="utf-8")
    return path


def test_a_broken_link_is_a_finding_on_the_goal_named_by_number_and_short_label(
    tmp_path: Path,
) -> None:
    store = OxigraphStore()
    load_files(store, [_broken_nora(tmp_path)])
    report = validate_graph(store.to_rdflib())
    findings = present(report, report_labels(store, report, "sv"))
    (broken,) = [f for f in findings.items if f.shape_id == "I03"]
    assert broken.subject.name == "KF-mål 1 – Ansvarsfull och produktiv ekonomi"
    assert broken.subject.level == "Fullmäktigemål"
    assert broken.severity_label == "Fel" and broken.title == "Målet stödjer något som saknas"
    assert broken.technical.value == "https://w3id.org/goalgraph/id/nora/goal-missing"
    counts = {c.shape_id: c.count for c in findings.counts}
    assert counts["I03"] == 1 and counts["A04"] == 15
    assert findings.counts[0].severity == "Violation"  # errors before warnings
    english = present(report, report_labels(store, report, "en"))
    (broken_en,) = [f for f in english.items if f.shape_id == "I03"]
    assert broken_en.subject.name == "KF-mål 1 – Responsible, productive finances"
    assert broken_en.title == "The goal supports something missing"


def _kf_order(text: str) -> list[int]:
    seen: list[int] = []
    for number in (int(n) for n in KF.findall(text)):
        if number not in seen:
            seen.append(number)
    return seen


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_cli_text_names_goals_in_natural_order_without_rdf_terms(
    capsys: pytest.CaptureFixture[str], lang: str
) -> None:
    code = main(["validate", "nora", "--lang", lang])
    out = capsys.readouterr().out
    assert code == 0
    findings = _findings_part(out)
    assert not RAW.search(findings), RAW.search(findings)
    assert _kf_order(findings) == list(range(1, 12))
    assert ("KF-mål 1 – Ansvarsfull och produktiv ekonomi" in findings) == (lang == "sv")
    own, other = _words(lang), _words("en" if lang == "sv" else "sv")
    assert any(word in findings for word in own)
    assert not [word for word in other if word in findings]
    assert "https://w3id.org/goalgraph/id/nora/goal-kf1" in out  # in the technical details


def test_cli_text_grouped_by_finding_counts_each_kind(capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", "nora", "--group", "finding"])
    findings = _findings_part(capsys.readouterr().out)
    assert "15  Inget styrdokument stödjer målet [Varning, A04]" in findings
    block = findings.split("Inget styrdokument stödjer målet [Varning, A04]\n", 2)[2]
    listed = block.split("\n\n", 1)[0]
    assert listed.count("\n  – ") == 15 and _kf_order(listed) == list(range(1, 12))


def _findings_page(page: Any, url: str) -> dict[str, Any]:
    """What a person sees of the findings on ``url``."""
    page.goto(url)
    page.wait_for_selector("#findings")
    link = page.locator("#findings article.finding-goal h3 a", has_text="KF-mål 10 ")
    return {
        "text": page.locator("#findings").inner_text(),
        "headings": page.locator("#findings article.finding-goal h3").all_inner_texts(),
        "kf10": link.get_attribute("href"),
        "counts": page.locator("#finding-counts tbody tr").all_inner_texts(),
        "pdf": page.locator("#report-links a", has_text="PDF").first.get_attribute("href"),
    }


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_page_shows_findings_by_goal_in_one_language_without_rdf_terms(
    browser: Any, lang: str
) -> None:
    seen = browser.run(lambda page: _findings_page(page, f"/validation/nora?lang={lang}"))
    text = seen["text"]
    assert not RAW.search(text), RAW.search(text)
    assert len(seen["headings"]) == 15
    assert _kf_order("\n".join(seen["headings"])) == list(range(1, 12))
    assert seen["kf10"] == "/id/nora/goal-kf10"
    other = _words("en" if lang == "sv" else "sv")
    assert not [word for word in other if word in text]
    assert any(word in text for word in _words(lang))
    assert sum(int(row.split("\t")[1]) for row in seen["counts"]) == 23
    assert seen["pdf"] == f"/reports/audit/nora?format=pdf&lang={lang}"


def _switch_to_findings(page: Any) -> dict[str, Any]:
    page.goto("/validation/nora?lang=sv")
    page.get_by_role("link", name="per fynd").click()
    page.wait_for_selector("#kind-A04")
    return {
        "kinds": page.locator("#findings article.finding-kind h3").all_inner_texts(),
        "goals": page.locator("#kind-A04 li").all_inner_texts(),
        "text": page.locator("#findings").inner_text(),
    }


def test_page_switches_to_grouping_by_finding(browser: Any) -> None:
    seen = browser.run(_switch_to_findings)
    assert seen["kinds"][0].startswith("Inget styrdokument stödjer målet")
    assert len(seen["goals"]) == 15
    assert _kf_order("\n".join(seen["goals"])) == list(range(1, 12))
    assert not RAW.search(seen["text"])
