"""The follow-up report shows the municipality's assessments and why a result cannot be
assessed."""

from __future__ import annotations

from goalgraph.reports import build_report, render_report
from goalgraph.store.oxigraph import OxigraphStore


def test_vargarda_followup_has_the_assessments_with_motivation_and_source(
    store: OxigraphStore,
) -> None:
    report = build_report(store, "followup", "vargarda", lang="sv", year=2023)
    html = render_report(report, "html").decode("utf-8")
    assert "Kommunens bedömningar" in html
    assert "8 av 30 uppnådda; 3 av 30 delvis uppnådda; 19 av 30 inte uppnådda" in html
    assert "Verksamhetens utfall 2023" not in html  # the citation, not the motivation
    assert "😒 Inte uppnått" in html  # the sub-goal in the scale's symbol


def test_a_followup_without_assessments_has_no_such_section(store: OxigraphStore) -> None:
    report = build_report(store, "followup", "kungsor", lang="en")
    html = render_report(report, "html").decode("utf-8")
    assert "The municipality's assessments" not in html and "Indicator results" in html
