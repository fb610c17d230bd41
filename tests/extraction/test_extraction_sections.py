"""Goals set out by a document's sections: lists under a heading of a year's goals, areas
written as a name and a dash before their text, visions on a line of their own."""

from __future__ import annotations

from goalgraph.authoring.extraction import extract_bytes, extract_text


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


def test_a_vision_on_a_line_of_its_own_above_the_news_that_it_was_adopted() -> None:
    text = (
        "Nyhet\nPublicerad 2021-06-09\n\n"
        "Provby kommun – en trygg plats att växa upp och bli gammal på.\n\n"
        "En ny vision för Provby kommun antogs av kommunfullmäktige i april.\n\n"
        "Visionen tillhör alla som bor och verkar i kommunen.\n"
    )
    assert ("Provby kommun – en trygg plats att växa upp och bli gammal på.", "Vision") in (
        _goals(text)
    )


def test_a_line_above_a_paragraph_about_a_vision_not_adopted_is_no_vision() -> None:
    text = (
        "Vi gör Provby tillsammans.\n\n"
        "Visionen ska vägleda oss i hur Provby ska fortsätta att utvecklas de närmaste åren.\n"
    )
    assert ("Vi gör Provby tillsammans.", "Vision") not in _goals(text)


def test_the_vision_under_its_heading_ends_with_its_sentence() -> None:
    text = (
        "Vår vision\n\n"
        "Tillsammans skapar vi Sveriges mest inkluderande och gröna kommun.\n\n"
        "Modell för kommunens utvecklingsarbete i form av ett hus med värdegrund och mål.\n"
    )
    assert _goals(text) == [
        ("Tillsammans skapar vi Sveriges mest inkluderande och gröna kommun.", "Vision")
    ]


def test_a_vision_quoted_after_is_now() -> None:
    text = (
        "Den sista delen är borttagen och visionen är nu: ”Provby den gröna kommunen!” "
        "Visionen är vår vägledning framåt.\n"
    )
    assert [g for g, level in _goals(text) if level == "Vision"] == ["Provby den gröna kommunen!"]


def test_one_word_sub_items_and_links_to_files_are_no_goals() -> None:
    text = (
        "Vision 2030\n\n"
        " • Provby är en trygg kommun att bo och leva i.\n"
        " • Handlingsprogram för Provby 2015-2018PDF (pdf, 866.9 kB)\n\n"
        "Visionen vilar på tre hållbarhetsperspektiv:\n\n"
        " • socialt\n • ekologiskt (miljömässigt)\n • ekonomiskt\n"
    )
    assert [g for g, _ in _goals(text)] == ["Provby är en trygg kommun att bo och leva i."]


def test_a_note_in_brackets_after_a_goals_name_is_cut() -> None:
    text = (
        "Kommunens fyra fokusområden:\n\n"
        " • Trygghet\n • Utbildning\n • Näringsliv (nytt fokusområde från och med år 2021)\n"
        " • Hälsa (fysisk och psykisk)\n"
    )
    assert [g for g, _ in _goals(text)] == [
        "Trygghet",
        "Utbildning",
        "Näringsliv",
        "Hälsa (fysisk och psykisk)",
    ]


def test_the_rows_of_a_table_run_into_a_paragraph_are_goals_of_its_level_column() -> None:
    text = (
        "Sammanfattning Resultatet för året ligger på ca 17 mnkr. Kommunmål Nr Kommunmål Antal "
        "indikatorer (2018) Antal åtaganden (2018) 1.1 Provby kommun ska erbjuda attraktiva "
        "boendemiljöer Medborgarnas hälsa ska förbättras Utbildningsnivån ska höjas Andelen "
        "sysselsatta ska öka och kostnaderna ska minska Medborgarna ska känna sig trygga\n"
    )
    assert _goals(text) == [
        ("Provby kommun ska erbjuda attraktiva boendemiljöer", "Kommunmål"),
        ("Medborgarnas hälsa ska förbättras", "Kommunmål"),
        ("Utbildningsnivån ska höjas", "Kommunmål"),
        ("Andelen sysselsatta ska öka och kostnaderna ska minska", "Kommunmål"),
        ("Medborgarna ska känna sig trygga", "Kommunmål"),
    ]


def test_the_goal_column_of_an_html_table_with_a_number_column() -> None:
    page = (
        "<html><body><h1>Mål 2019</h1><table><tr><th>Nr</th><th>Kommunmål</th>"
        "<th>Antal indikatorer</th></tr>"
        "<tr><td>1.1</td><td>Kommunen ska erbjuda attraktiva boendemiljöer</td><td>3</td></tr>"
        "<tr><td>1.2</td><td>Medborgarnas hälsa ska förbättras</td><td>2</td></tr>"
        "</table></body></html>"
    )
    draft = extract_bytes(page.encode(), "mal.html", "provby")
    assert [(s.text, s.detail) for s in draft.statements if s.kind == "goal"] == [
        ("Kommunen ska erbjuda attraktiva boendemiljöer", "Kommunmål"),
        ("Medborgarnas hälsa ska förbättras", "Kommunmål"),
    ]


def test_numbered_goals_each_heading_a_section_with_a_labelled_list_below() -> None:
    text = (
        "Kommunfullmäktige har beslutat om tre målområden:\n\n"
        "1. Attraktivt att bo och verka i\n\n"
        "Ett hållbart samhälle för invånarna i dag och i morgon.\n\n"
        "Förväntat resultat:\n\n"
        " • Fler arbetstillfällen inom näringslivet.\n"
        " • Ett rikt kultur- och fritidsutbud.\n\n"
        "2. En erkänt bra skola\n\n"
        "En skola med sikte på lärande för livet.\n\n"
        "Förväntat resultat:\n\n"
        " • Fler behöriga lärare och förskollärare.\n\n"
        "3. Omsorg av hög kvalitet\n\n"
        "Goda resultat ska säkerställas för ett gott liv.\n"
    )
    assert _goals(text) == [
        ("Attraktivt att bo och verka i", "Målområde"),
        ("Fler arbetstillfällen inom näringslivet.", "Förväntat resultat"),
        ("Ett rikt kultur- och fritidsutbud.", "Förväntat resultat"),
        ("En erkänt bra skola", "Målområde"),
        ("Fler behöriga lärare och förskollärare.", "Förväntat resultat"),
        ("Omsorg av hög kvalitet", "Målområde"),
    ]


def test_the_short_heading_over_a_years_goals_is_their_area_and_its_text_no_goal() -> None:
    text = (
        "Verksamhetsmål\n\n"
        "Trygg uppväxt\n\n"
        "Målen rör främst det arbete som sker i förvaltningens möte med barn och familjer.\n\n"
        "Mål för 2024\n\n"
        " • Andelen elever med godkända betyg ska öka jämfört med föregående läsår.\n\n"
        "Hållbar tillväxt\n\n"
        "Kommunen har en viktig roll för att skapa tillväxt och en hållbar utveckling.\n\n"
        "Mål för 2024\n\n"
        " • Befolkningen ska öka med minst fem procent över en femårsperiod.\n"
    )
    assert _goals(text) == [
        ("Trygg uppväxt", "Område"),
        ("Andelen elever med godkända betyg ska öka jämfört med föregående läsår.",
         "Verksamhetsmål"),
        ("Hållbar tillväxt", "Område"),
        ("Befolkningen ska öka med minst fem procent över en femårsperiod.", "Verksamhetsmål"),
    ]  # fmt: skip


def test_a_numbered_goal_labelled_with_its_period() -> None:
    text = (
        "Mål 1 år 2020-2023: 30 000 invånare 2030\n\n"
        "Kommunen ska skapa attraktiva boenden i hela kommunen.\n\n"
        "Mål 2 år 2020-2023: Service i toppklass\n"
    )
    goals = _goals(text)
    assert ("30 000 invånare 2030", "Mål") in goals
    assert ("Service i toppklass", "Mål") in goals


def test_a_vision_named_after_a_comma_at_the_end_of_a_sentence() -> None:
    text = (
        "Planen utgår från visionen, Regionstad Provby - för ett aktivt liv. Provby är år "
        "2030 en levande kommun.\n"
    )
    assert ("Regionstad Provby - för ett aktivt liv", "Vision") in _goals(text)
    assert [g for g, level in _goals("Vi arbetar mot visionen, och den är vår.\n")] == []


def test_the_sentence_between_a_levels_introduction_and_its_list_is_the_first_goal() -> None:
    text = (
        "Kommunfullmäktige har antagit inriktningsmål som är vägledande för all verksamhet:\n\n"
        "Den kommunala verksamheten ska ge god service inom ramen för en sund ekonomi.\n\n"
        " • Provby är en attraktiv kommun för boende, företagande och besök.\n"
        " • Provby är den trygga och hållbara kommunen.\n"
    )
    assert _goals(text) == [
        ("Den kommunala verksamheten ska ge god service inom ramen för en sund ekonomi.",
         "Inriktningsmål"),
        ("Provby är en attraktiv kommun för boende, företagande och besök.", "Inriktningsmål"),
        ("Provby är den trygga och hållbara kommunen.", "Inriktningsmål"),
    ]  # fmt: skip


def test_a_vision_with_a_sentence_pointing_back_at_it() -> None:
    text = (
        "Vision 2030 - en framtidsresa\n\n"
        "En levande kommun vid havet. En småstad med natur i världsklass. Det är visionen som "
        "vägleder kommunens arbete.\n"
    )
    assert ("En levande kommun vid havet. En småstad med natur i världsklass.", "Vision") in (
        _goals(text)
    )


def test_a_name_in_quotes_after_a_level_word() -> None:
    text = (
        "Målområdet ”Ett samhälle för alla” känns igen från förra perioden men har ett "
        "tydligare fokus på trygghet.\n\n"
        "Det är viktigt att ”alla kan delta” i arbetet.\n"
    )
    assert _goals(text) == [("Ett samhälle för alla", "Målområde")]


_COUNTED = (
    "Kommunfullmäktiges fem mål är samlade i två målområden som utgår från hållbarheten.\n\n"
    "Social hållbarhet – en trygg kommun\n\n"
    " • En trygg skolgång lägger grunden för framtiden\n"
    " • Provby är trivsamt för alla invånare\n"
    " • Verksamheterna håller hög kvalitet\n\n"
    "Ekologisk hållbarhet – en naturkommun\n\n"
    " • Minska klimatpåverkan\n"
    " • Värna biologisk mångfald\n"
)


def test_headings_over_lists_as_many_as_a_paragraph_counts_are_areas_and_goals() -> None:
    assert _goals(_COUNTED) == [
        ("Social hållbarhet – en trygg kommun", "Målområde"),
        ("En trygg skolgång lägger grunden för framtiden", "Mål"),
        ("Provby är trivsamt för alla invånare", "Mål"),
        ("Verksamheterna håller hög kvalitet", "Mål"),
        ("Ekologisk hållbarhet – en naturkommun", "Målområde"),
        ("Minska klimatpåverkan", "Mål"),
        ("Värna biologisk mångfald", "Mål"),
    ]


def test_headings_over_lists_that_the_count_does_not_match_are_not_grouped() -> None:
    text = _COUNTED.replace("fem mål", "sex mål")
    assert ("Social hållbarhet – en trygg kommun", "Målområde") not in _goals(text)


def test_a_vision_written_as_a_verse_under_its_heading() -> None:
    text = (
        "Provby sätter segel – vision 2030\n\n"
        "Livet i Provby är gemenskap,\n\n"
        "för varandra och världen.\n\n"
        "Trygghet ger mod att växa,\n\n"
        "tillsammans och var för sig.\n\n"
        "Om visionen\n\n"
        "Visionen gäller för hela Provby, både orten och kommunen som organisation.\n"
    )
    verse = (
        "Livet i Provby är gemenskap,\nför varandra och världen.\nTrygghet ger mod att växa,\n"
        "tillsammans och var för sig."
    )
    assert (verse, "Vision") in _goals(text)
