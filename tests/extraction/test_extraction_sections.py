"""Goals set out by a document's sections: lists under a heading of a year's goals, areas
written as a name and a dash before their text, visions on a line of their own."""

from __future__ import annotations

from goalgraph.authoring.extraction import extract_text


def _goals(text: str) -> list[tuple[str, str]]:
    draft = extract_text(text, "provby")
    return [(s.text, s.detail) for s in draft.statements if s.kind == "goal"]


def test_a_list_under_a_heading_of_the_years_goals_at_the_level_named_above() -> None:
    text = (
        "Verksamhetsmål\n\nTrygg uppväxt\n\n"
        "Arbetet rör främst förvaltningens möte med barn och familjer i hela kommunen.\n\n"
        "Mål för 2024\n\n"
        " • Andelen elever med godkända betyg ska öka jämfört med föregående läsår.\n"
        " • Väntetiden till förskoleplats ska minska i förhållande till föregående år\n"
        ".\n"
        " • Antalet familjehem i egen regi ska öka med minst tio.\n"
    )
    assert _goals(text)[-3:] == [
        ("Andelen elever med godkända betyg ska öka jämfört med föregående läsår.",
         "Verksamhetsmål"),
        ("Väntetiden till förskoleplats ska minska i förhållande till föregående år",
         "Verksamhetsmål"),
        ("Antalet familjehem i egen regi ska öka med minst tio.", "Verksamhetsmål"),
    ]  # fmt: skip


def test_a_list_under_a_heading_with_a_year_but_no_goals_is_no_goals() -> None:
    text = (
        "Händelser 2024\n\n"
        " • Biblioteket fick nya öppettider under sommaren.\n"
        " • Simhallen stängdes för renovering i mars.\n"
    )
    assert _goals(text) == []


def test_areas_written_as_a_name_and_a_dash_before_their_text() -> None:
    text = (
        "Kommunfullmäktige har antagit en ny plan för hur kommunen ska styras.\n\n"
        "Tre målområden:\n\n"
        "Bygga och bo – fler bostäder i hela kommunen gör att fler vill flytta hit, och de "
        "som bor här kan bo kvar genom livets olika skeden.\n\n"
        "Goda livsvillkor – alla ska ha möjlighet till arbete, utbildning och en meningsfull "
        "fritid, oavsett var i kommunen de bor.\n\n"
        "Klimat och miljö - kommunen minskar sina utsläpp och ställer om sina fordon, sina "
        "lokaler och sina inköp.\n"
    )
    assert _goals(text) == [
        ("Bygga och bo", "Målområde"),
        ("Goda livsvillkor", "Målområde"),
        ("Klimat och miljö", "Målområde"),
    ]
