"""Goals as a reader meets them on a municipality's page: the page's frame and its inventory
lines are no goals, a level is read in the document's own words (an aim announced with a
colon, a counted area named by the title, an adjective in the singular), sections announced
in a sentence or set under a label give two levels, a vision may be quoted over two lines."""

from __future__ import annotations

from corpus_inputs import build

from goalgraph.authoring.extraction import extract_text, read_document
from goalgraph.authoring.extraction.vocabulary import find_terms
from goalgraph.namespaces import GG


def _goals(text: str) -> list[tuple[str, str]]:
    draft = extract_text(text, "provby")
    return [(s.text, s.detail) for s in draft.statements if s.kind == "goal"]


def test_a_pages_contact_box_date_and_approval_line_are_no_goals() -> None:
    text = (
        "Mål och vision\n\n"
        "På sidan Målen finns en längre beskrivning av varje målområde:\n\n"
        "Kontakt\n\nSenast uppdaterad:\n\n3 mars 2024\n\n"
        "Antagen av kommunfullmäktige 2021-05-10, § 40\n"
    )
    assert _goals(text) == []


def test_list_items_counting_a_documents_parts_are_no_goals() -> None:
    text = (
        "Provby 2030\n\n"
        "Provbys hållbarhetsprogram har tre målområden och består av:\n\n"
        " • en deklaration\n • fyra målbilder\n • tre principer för genomförande\n"
    )
    assert _goals(text) == []


def test_aims_introduced_with_a_colon_are_goals_even_as_att_clauses() -> None:
    text = (
        "Målsättning 2025\n\n"
        "Kommunfullmäktige beslutade den 3 maj 2021 att anta kommunens målsättningar för 2025:\n\n"
        " • att vi har skapat 500 nya arbetstillfällen tillsammans med näringslivet\n"
        " • att alla barn har en plats i förskolan nära hemmet\n"
    )
    assert _goals(text) == [
        ("att vi har skapat 500 nya arbetstillfällen tillsammans med näringslivet", "Målsättning"),
        ("att alla barn har en plats i förskolan nära hemmet", "Målsättning"),
    ]


def test_an_aim_named_in_passing_names_no_level() -> None:
    text = (
        "Styrning\n\n"
        "Varje år beskriver kommunplanen vilka målsättningar politikerna har för perioden.\n\n"
        "Planeringen sker i tre steg\n\n"
        " • Budget för ett år\n • Planering i verksamheterna\n • Uppföljning i årsredovisningen\n"
    )
    assert _goals(text) == []


def test_counted_areas_take_the_compound_the_title_names() -> None:
    text = (
        "Prioriterade utvecklingsområden\n\n"
        "Tre prioriterade områden lyfts fram:\n\n"
        "Boende\n\nVi ska bygga bostäder för alla åldrar i hela kommunen.\n\n"
        "Skola\n\nVi ska ge alla elever goda möjligheter att lyckas i skolan.\n\n"
        "Natur\n\nVi ska värna naturen och göra den tillgänglig för alla.\n"
    )
    assert _goals(text) == [
        ("Boende", "Prioriterat utvecklingsområde"),
        ("Skola", "Prioriterat utvecklingsområde"),
        ("Natur", "Prioriterat utvecklingsområde"),
    ]


def test_a_level_word_takes_its_adjective_in_the_singular() -> None:
    assert [t.name for t in find_terms("De sex lokala inriktningarna:")] == ["Lokal inriktning"]
    assert [t.name for t in find_terms("kommunens strategiska målen")] == ["Strategiskt mål"]
    assert [t.name for t in find_terms("tre övergripande mål")] == ["Övergripande mål"]


def test_perspectives_announced_in_a_sentence_head_their_goals() -> None:
    text = (
        "Vision och mål\n\n"
        "Kommunens mål är uppdelade under två perspektiv; trygghet och tillväxt.\n\n"
        "Trygghet\n\n"
        "En säker skolväg\n\n"
        "Alla barn ska kunna gå och cykla till skolan utan att vara rädda för trafiken.\n\n"
        "Tillväxt\n\n"
        "Fler företag\n\n"
        "Provby ska vara en kommun där det är enkelt att starta och driva ett företag.\n"
    )
    draft = extract_text(text, "provby")
    goals = [(s.text, s.detail) for s in draft.statements if s.kind == "goal"]
    assert goals == [
        ("Trygghet", "Perspektiv"),
        ("En säker skolväg", "Mål"),
        ("Tillväxt", "Perspektiv"),
        ("Fler företag", "Mål"),
    ]
    label = {s.resource: s.text for s in draft.statements if s.kind == "goal"}
    ns = draft.graph.namespace_manager
    child = next(s for s in draft.statements if s.text == "Fler företag")
    parent = draft.graph.value(ns.expand_curie(f"provby:{child.resource}"), GG.supports)
    assert label[str(parent).rsplit("/", 1)[-1].split("#")[-1]] == "Tillväxt"


def test_a_label_over_each_sections_list_names_the_level_below_the_sections() -> None:
    text = (
        "Fokusområden\n\n"
        "Kommunfullmäktige har beslutat om två fokusområden för mandatperioden.\n\n"
        "Lärande\n\n"
        "Vi möjliggör lärande så att fler kan försörja sig själva.\n\n"
        "Önskade effekter:\n\n"
        " • Fler elever går ut skolan med godkända betyg\n"
        " • Fler vuxna i utbildning\n\n"
        "Hälsa\n\n"
        "Vi skapar miljöer där alla kan leva ett gott liv med god hälsa.\n\n"
        "Önskade effekter:\n\n"
        " • Förbättrad folkhälsa\n"
        " • Fler trygga invånare\n"
    )
    assert _goals(text) == [
        ("Lärande", "Fokusområde"),
        ("Fler elever går ut skolan med godkända betyg", "Önskad effekt"),
        ("Fler vuxna i utbildning", "Önskad effekt"),
        ("Hälsa", "Fokusområde"),
        ("Förbättrad folkhälsa", "Önskad effekt"),
        ("Fler trygga invånare", "Önskad effekt"),
    ]


def test_a_vision_quoted_over_two_lines_is_one_vision() -> None:
    text = (
        "Vision Provby 2030\n\n"
        "Visionen visar vart kommunen vill gå.\n\n"
        "Vision Provby 2030\n\n"
        "”Provby är en trygg kommun året runt.\n\n"
        "Provby växer tillsammans med sina invånare.”\n"
    )
    visions = [g for g in _goals(text) if g[1] == "Vision"]
    assert visions[0] == (
        "Provby är en trygg kommun året runt. Provby växer tillsammans med sina invånare.",
        "Vision",
    )


def test_a_pdf_line_ending_in_a_quoted_stop_ends_its_sentence() -> None:
    text = (
        "Vision 2030\n\n”Provby är en öppen kommun där alla är välkomna att bo och verka.”\n"
        "Provby – det hållbara samhället\n"
    )
    data, suffix = build(text, "pdf", "Vision 2030")
    blocks = [b.text for b in read_document(data, "vision" + suffix).blocks]
    assert "Provby – det hållbara samhället" in blocks


def test_headings_of_name_dash_phrase_after_the_vision_are_its_parts() -> None:
    text = (
        "Vision 2030\n\n"
        "Provby – en plats att växa i\n\n"
        "Vår vision beskriver hur vi vill att Provby ska utvecklas fram till år 2030.\n\n"
        "Provby – det trygga samhället\n\n"
        "Vi bygger ett samhälle där alla känner sig trygga i hela kommunen, varje dag.\n\n"
        "Provby – det gröna samhället\n\n"
        "Vi tar vara på naturen och gör det enkelt att leva hållbart för alla invånare.\n\n"
        "Kommunfullmäktige fattade beslut om vision Provby 2030 den 12 mars 2019.\n"
    )
    assert _goals(text) == [
        ("Provby – en plats att växa i", "Vision"),
        ("Provby – det trygga samhället", "Vision"),
        ("Provby – det gröna samhället", "Vision"),
    ]


def test_a_paragraph_about_vision_documents_is_not_the_vision() -> None:
    text = (
        "Vision för Provby\n\n"
        "Vart femte år tas ett nytt visionsdokument fram för hur kommunen ska utvecklas.\n\n"
        "Vision 2030\n\n"
        "Provby – livskvalitet varje dag\n"
    )
    assert _goals(text) == [("Provby – livskvalitet varje dag", "Vision")]


def test_pairs_of_lines_labelled_by_bare_level_words_give_two_levels() -> None:
    text = (
        "Strategiska inriktningar och mål\n\n"
        "Inriktning: Boende och livsmiljö\n\n"
        "Mål: I Provby finns bostäder för alla skeden i livet.\n\n"
        "Inriktning: Näringsliv\n\n"
        "Mål: Provby har ett näringsliv med bredd och fler arbetstillfällen.\n"
    )
    draft = extract_text(text, "provby")
    goals = [(s.text, s.detail) for s in draft.statements if s.kind == "goal"]
    assert goals == [
        ("Boende och livsmiljö", "Inriktning"),
        ("I Provby finns bostäder för alla skeden i livet.", "Mål"),
        ("Näringsliv", "Inriktning"),
        ("Provby har ett näringsliv med bredd och fler arbetstillfällen.", "Mål"),
    ]


def test_the_adoption_line_under_the_vision_heading_is_passed_over() -> None:
    text = (
        "Vår vision\n\n"
        "Antagen av kommunfullmäktige 2015-04-20, § 31\n\n"
        "Provby är en plats där alla kan växa och känna sig hemma.\n"
    )
    assert ("Provby är en plats där alla kan växa och känna sig hemma.", "Vision") in _goals(text)


def test_a_vision_set_as_name_and_phrase_after_a_paragraph_on_what_visions_are() -> None:
    text = (
        "Vision 2030\n\n"
        "En vision beskriver ett önskat framtida tillstånd. Visionen ger oss en riktning.\n\n"
        "Provby - Läge för liv och rörelse\n\n"
        "I Provby är rörelse den drivande kraften för liv, lärande och företagande.\n"
    )
    assert ("Provby - Läge för liv och rörelse", "Vision") in _goals(text)


def test_what_a_vision_shall_be_is_no_vision() -> None:
    text = (
        "Arbetet med en ny vision\n\n"
        "Vision för Provby ska:\n\n"
        " • vara tidlös.\n • vara skriven på ett språk som alla förstår.\n"
    )
    assert _goals(text) == []


def test_an_adjective_and_bare_areas_counted_name_a_level() -> None:
    text = (
        "Mål och vision\n\n"
        "Visionen är uppdelad i tre strategiska områden\n\n"
        " • Tillväxt\n • Trygghet\n • Närhet\n"
    )
    assert _goals(text) == [
        ("Tillväxt", "Strategiskt område"),
        ("Trygghet", "Strategiskt område"),
        ("Närhet", "Strategiskt område"),
    ]


def test_areas_in_passing_name_no_level() -> None:
    assert [
        t.name for t in find_terms("Vi bygger nya bostäder i centrala områden av staden.")
    ] == []


def test_a_sentence_saying_what_kind_of_thing_is_no_goal() -> None:
    text = "Vision\n\nProvby 2030 är en vision för hur kommunen ska växa.\n"
    assert _goals(text) == []


def test_a_list_of_strategies_under_a_goal_is_not_read_as_goals() -> None:
    text = (
        "Kommunfullmäktiges prioriterade mål\n\n"
        "Mål 1: Stärka Provby som en attraktiv kommun för invånare och besökare\n\n"
        "Provby vill erbjuda mötesplatser med trygghet och närhet för alla som bor här.\n\n"
        "Fullmäktiges beslutade strategier:\n\n"
        " • Skapa en trygg hemvist där mångfald är en tillgång\n"
        " • Verka för en hållbar tillväxt ur ekonomiska, sociala och miljömässiga aspekter\n"
        " • Fortsätta utveckla våra mötesplatser\n"
    )
    assert _goals(text) == [
        ("Stärka Provby som en attraktiv kommun för invånare och besökare", "Mål")
    ]
