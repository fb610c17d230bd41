"""Decisions, dates and bodies as Swedish municipalities write them, read by the draft
extractor: each form in a passage of the kind municipal pages and documents carry."""

from __future__ import annotations

import pytest
from rdflib.namespace import RDF

from goalgraph.authoring.extraction import extract_text
from goalgraph.authoring.extraction.decisions import find_decisions
from goalgraph.dates import find_dates, latest_year
from goalgraph.namespaces import GG


def _statements(text: str, kind: str) -> list[tuple[str, str]]:
    draft = extract_text(text, "provby")
    return [(s.text, s.detail) for s in draft.statements if s.kind == kind]


def _days(text: str) -> set[str]:
    return {detail for _, detail in _statements(text, "date") if len(detail) == 10}


def _decisions(text: str) -> list[tuple[str, str]]:
    return _statements(text, "decision")


def _bodies(text: str) -> set[str]:
    return {name for name, _ in _statements(text, "body")}


# -- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Antagen av kommunfullmäktige 27.5.2019.", "2019-05-27"),
        ("Reviderad 03.11.2021 av kommunstyrelsen.", "2021-11-03"),
        ("Gäller från 27 maj 2019.", "2019-05-27"),
        ("Beslutsdatum: 2019-05-27", "2019-05-27"),
    ],
)
def test_a_calendar_day_in_every_written_form(text: str, value: str) -> None:
    assert [f.value for f in find_dates(text)] == [value]


@pytest.mark.parametrize(
    "text",
    [
        "Ökningen var 27.5 procent.",  # a decimal number
        "Se avsnitt 2.1.3 om målen.",  # a section number
        "Version 1.13.2020 av planen.",  # no month 13
    ],
)
def test_numbers_with_points_that_are_no_day(text: str) -> None:
    assert list(find_dates(text)) == []


def test_a_season_is_a_period_of_months_not_a_calendar_day() -> None:
    text = "Mål och budget 2020\n\nArbetet med nya mål börjar hösten 2019 i alla nämnder.\n"
    (season,) = find_dates("börjar hösten 2019")
    assert (season.value, season.precision) == ("2019-hösten", "season")
    assert _days(text) == set()


def test_a_day_without_a_year_is_in_the_year_of_the_news_items_date() -> None:
    # a news page about goals up to 2030: "den 14 september" is in the year it is published
    text = (
        "Nya mål för Provby kommun\n\n"
        "Efter sommaren påbörjar vi arbetet, och den 14 september genomför vi en workshop om "
        "Agenda 2030 i kommunens målarbete.\n\n"
        "Publicerad 2023-06-16\n"
    )
    assert _days(text) == {"2023-09-14", "2023-06-16"}


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("2023-05-17\n\nMål för perioden 2024–2027.", 2023),
        ("Vision 2035\n\nSenast uppdaterad 26 maj 2023", 2023),
        ("Antagen 2015-05-25, reviderad 2008-09-16.", 2015),
        ("Mål för perioden 2024–2027.", None),
    ],
)
def test_the_year_of_the_latest_day_a_text_writes(text: str, year: int | None) -> None:
    assert latest_year(text) == year


# -- decisions --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kommunfullmäktige beslutade den 12 juni 2023 (§ 87) om nya mål.",
         ("KF", "2023-06-12", "§ 87")),
        ("Visionen är antagen av KF 2019-06-17 § 45.", ("KF", "2019-06-17", "§ 45")),
        ("Planen fastställd av kommunstyrelsen 2021-03-03.", ("KS", "2021-03-03", None)),
        ("Programmet antogs av kommunfullmäktige 27.5.2019.", ("KF", "2019-05-27", None)),
        ("Beslutet om att anta de nya målen togs av kommunfullmäktige den 15 juni 2023.",
         ("KF", "2023-06-15", None)),
    ],
)  # fmt: skip
def test_decisions_with_their_day_and_minute_paragraph(
    text: str, expected: tuple[str, str, str | None]
) -> None:
    (decision,) = find_decisions(text)
    assert decision.date is not None
    assert (decision.short, decision.date.value, decision.paragraph) == expected


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Den 16 maj antog kommunfullmäktige strategiska målområden för perioden 2024–2027.",
         "2023-05-16"),
        ("Så går att sammanfatta fokusområdena i kommunplanen som kommunfullmäktige beslutade "
         "om den 23 maj.", "2023-05-23"),
        ("Kommunstyrelsen antog planen den 3/4.", "2023-04-03"),
    ],
)  # fmt: skip
def test_a_decision_taken_on_a_day_without_a_year_is_in_the_documents_year(
    text: str, day: str
) -> None:
    page = f"Kommunens politiker har beslutat om mål\n\n{text}\n\nPublicerad 2023-05-26\n"
    (decision,) = _decisions(page)
    assert decision[1] == day


@pytest.mark.parametrize(
    "text",
    [
        "KF 25 nov – beslut om budget",  # a timetable's planned step
        "Kommunfullmäktige beslutar om budgeten den 14 juni.",  # a decision to come
        # a body's paper, not its decision
        "Beslutsunderlag: Kommunstyrelsens tjänsteskrivelse den 15 augusti 2011.",
    ],
)
def test_a_planned_step_or_a_decision_not_said_to_be_taken_is_no_decision(text: str) -> None:
    assert list(find_decisions(text, year=2023)) == []


def test_a_decision_of_a_month_beside_its_minute_paragraph() -> None:
    (decision,) = find_decisions("Kommunfullmäktige har i juni 2023 beslutat (§ 62) om målen.")
    assert decision.date is not None
    assert (decision.date.value, decision.paragraph) == ("2023-06", "§ 62")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I maj 2012 fattade kommunfullmäktige beslut om en ny vision.", ("KF", "2012-05")),
        ("Programmet antogs av kommunfullmäktige i december 2021.", ("KF", "2021-12")),
        # the clause's one body and its date far apart
        ("Kommunfullmäktige i Provby antog det kommunala handlingsprogrammet för Provby "
         "2015-18 vid sitt sammanträde den 23 februari 2015.", ("KF", "2015-02-23")),
        # the body inside the meeting's name
        ("Planen antogs under kommunfullmäktigemötet 26 april 2021.", ("KF", "2021-04-26")),
        # a board of two names, in lower case
        ("Därför beslutade kultur- och föreningsnämnden att anta listan den 24 mars 2010.",
         ("Kultur- och föreningsnämnden", "2010-03-24")),
    ],
)  # fmt: skip
def test_a_decision_has_its_body_and_its_date_to_the_precision_written(
    text: str, expected: tuple[str, str]
) -> None:
    """A month alone dates the decision to the month; the body may stand apart from the date
    in the clause, or inside a word."""
    (decision,) = find_decisions(text)
    assert decision.date is not None
    assert (decision.short, decision.date.value) == expected


@pytest.mark.parametrize(
    ("text", "case"),
    [
        ("Dnr KS 2022/123. Mål och budget antagen av kommunfullmäktige 2022-12-07 § 112.",
         "KS 2022/123"),
        ("Uppdragsplan Kultur- och fritidsnämndens uppdrag KFN 2017/0298. Antagen av nämnden "
         "den 14 december 2017.", "KFN 2017/0298"),
        ("Kf 2022-12-07, § 112, diarienummer: KS 2022/0456", "KS 2022/0456"),
    ],
)  # fmt: skip
def test_a_decision_carries_its_case_number(text: str, case: str) -> None:
    (decision,) = find_decisions(text)
    assert decision.case == case
    draft = extract_text(f"Mål och budget\n\n{text}\n", "provby")
    (node,) = draft.graph.subjects(RDF.type, GG.Decision)
    assert [str(c) for c in draft.graph.objects(node, GG.caseNumber)] == [case]


def test_a_paragraph_and_its_year_is_no_case_number() -> None:
    (decision,) = find_decisions("Antagen av KF § 112/2022.")
    assert (decision.paragraph, decision.year, decision.case) == ("§ 112", 2022, None)


# -- bodies ---------------------------------------------------------------------------------


def test_a_district_board_is_named_by_its_district() -> None:
    text = (
        "Uppföljning av mål\n\nServicenämnden, Förskolenämnden och stadsområdesnämnd Söder "
        "beskriver i vilken omfattning de bidrar till måluppfyllelsen. Även "
        "stadsområdesnämnderna lyfts fram.\n"
    )
    assert _bodies(text) == {"Servicenämnden", "Förskolenämnden", "Stadsområdesnämnd Söder"}


def test_the_preparation_of_a_matter_is_no_drafting_committee() -> None:
    text = (
        "Budgetprocessen\n\nEfter politisk beredning av budgetunderlaget fattar "
        "kommunfullmäktige under hösten beslut om rambudgeten.\n"
    )
    assert _bodies(text) == {"Kommunfullmäktige"}
    committee = "Fullmäktigeberedning\n\nBeredningen har tagit fram ett förslag till mål.\n"
    assert "Beredningen" in _bodies(committee)


def test_the_operations_are_a_body_only_as_the_last_link_of_the_goal_chain() -> None:
    spoken_of = (
        "Inriktningsmål\n\nInriktningsmålen utgör ramen för stadens styrning av "
        "verksamheterna under mandatperioden. Nämnderna bryter ner dem.\n"
    )
    assert _bodies(spoken_of) == set()
    chain = (
        "Målkedjan\n\nMålen sätts av kommunfullmäktige och bryts ner vidare i nämnder och "
        "utskott och vidare ut till verksamheterna.\n"
    )
    assert {"Kommunfullmäktige", "Verksamheterna", "Nämnder och utskott"} <= _bodies(chain)


@pytest.mark.parametrize(
    ("text", "body"),
    [
        ("Fullmäktige har nu antagit en ny vision för kommunen.", "KF"),
        ("Den fastslogs av kommunstyrelsen i planen för året.", "KS"),
        ("Den 3 mars beslutade kommunfullmäktige om en ny plan för perioden.", "KF"),
    ],
)  # fmt: skip
def test_a_decision_written_without_its_year_is_undated(text: str, body: str) -> None:
    (decision,) = find_decisions(text)
    assert (decision.short, decision.date, decision.year) == (body, None, None)


@pytest.mark.parametrize(
    "text",
    [
        "Här finns de mål som kommunfullmäktige har beslutat.",  # decisions in general
        "Planen antogs av kommunfullmäktige 2016 efter en lång process.",  # by its year alone
        "För åren 2024-2026 har kommunfullmäktige antagit tre mål.",  # by its years
        "Strategin, fastställd av kommunfullmäktige, gäller i fyra år.",  # a participle
        "Beslutat av: Kommunstyrelsen Giltighetstid:",  # a form's field
        "Datum 2021-02-03 KS 2021/0042 Förslag till beslut",  # a case number's letters
    ],
)  # fmt: skip
def test_no_undated_decision_without_a_finite_verb_of_its_body(text: str) -> None:
    assert list(find_decisions(text)) == []


def test_an_undated_decision_is_drafted_only_where_its_body_has_no_dated_one() -> None:
    page = ("Nu har vi en plan\n\nKommunfullmäktige har antagit en ny plan för kommunen.\n\n"
            "Kommunstyrelsen godkände i går förslaget.\n\n"
            "Planen antogs av kommunfullmäktige den 4 maj 2022.\n")  # fmt: skip
    assert sorted(_decisions(page)) == [("KF 2022-05-04", "2022-05-04"), ("KS", "")]


def test_a_decision_taken_in_a_month_with_tog_beslut() -> None:
    text = "Kommunfullmäktige tog i mars 2021 beslut om en ny vision för Provby."
    assert _decisions(text) == [("KF 2021-03", "2021-03")]


def test_one_bodys_decisions_on_days_joined_by_och_are_each_a_decision() -> None:
    text = (
        "Fastställd av kommunfullmäktige 2020-06-15 § 70, med ändringar i enlighet med "
        "kommunfullmäktiges beslut 2020-10-19 § 112 och 2020-12-14 § 140."
    )
    assert sorted(detail for _, detail in _decisions(text)) == [
        "2020-06-15",
        "2020-10-19",
        "2020-12-14",
    ]


def test_a_council_that_has_set_goals_has_decided_without_a_date() -> None:
    text = "Kommunfullmäktige har bestämt sex mål för ett hållbart Provby."
    assert _decisions(text) == [("KF", "")]


def test_committees_named_by_compound_field_or_adjective_are_bodies() -> None:
    text = (
        "Demokratiberedningen har lämnat sitt förslag till verksamhetsutskottet. "
        "Beredningen för skolfrågor och Tekniska nämnden yttrade sig."
    )
    assert {
        "Demokratiberedningen",
        "Verksamhetsutskottet",
        "Beredningen för skolfrågor",
        "Tekniska nämnden",
    } <= _bodies(text)
    assert "Beredningen" not in _bodies(text)
