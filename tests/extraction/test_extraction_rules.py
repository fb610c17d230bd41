"""The rules one by one: Swedish dates, decisions as written, the document's own level
names, and the development corpus as a whole (in-sample; the held-out figures are measured
by benchmarks/bench_extract.py, never asserted here)."""

from __future__ import annotations

import pytest
from corpus_inputs import build, documents

from goalgraph.authoring.extraction import extract_bytes, extract_text, score_gold
from goalgraph.authoring.extraction.decisions import find_decisions
from goalgraph.authoring.extraction.vocabulary import find_terms, level_key
from goalgraph.dates import BadDateError, find_dates, find_periods


@pytest.mark.parametrize(
    ("text", "value", "precision"),
    [
        ("beslutat 2019-05-27", "2019-05-27", "day"),
        ("den 27 maj 2019", "2019-05-27", "day"),
        ("7:e december 2022", "2022-12-07", "day"),
        ("10–11 december 2018", "2018-12-10", "day"),
        ("den 27/5", "2019-05-27", "day"),
        ("27/5 2021", "2021-05-27", "day"),
        ("i december 2021", "2021-12", "month"),
        ("hösten 2019", "2019-hösten", "season"),
        ("Sept. 2020", "2020-09", "month"),
    ],
)
def test_swedish_dates_in_every_form(text: str, value: str, precision: str) -> None:
    (found,) = find_dates(text, year=2019)
    assert (found.value, found.precision) == (value, precision)


def test_a_day_and_month_without_a_year_waits_for_the_document_year() -> None:
    assert list(find_dates("KS 8 nov", year=None)) == []
    assert [f.value for f in find_dates("KS 8 nov", year=2022)] == ["2022-11-08"]


@pytest.mark.parametrize("text", ["2020-02-31", "31 februari 2020", "30/2 2021"])
def test_a_date_that_does_not_exist_is_an_error(text: str) -> None:
    with pytest.raises(BadDateError, match="does not exist"):
        list(find_dates(text))


def test_periods_are_year_ranges_not_dates() -> None:
    text = "Strategisk plan 2022-2024, EVP 2023–2025, beslut 2022-12-31"
    assert [(a, b) for a, b, _ in find_periods(text)] == [(2022, 2024), (2023, 2025)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("KF § 112/2022", ("KF", None, 2022, "§ 112")),
        ("Kf 2022-12-07, § 112", ("KF", "2022-12-07", None, "§ 112")),
        ("beslutades i Kommunfullmäktige § 97 2019-06-24", ("KF", "2019-06-24", None, "§ 97")),
        ("har kommunfullmäktige, 2019-02-27 § 14, beslutat", ("KF", "2019-02-27", None, "§ 14")),
        ("beslutad i kommunfullmäktige den 27 maj 2019", ("KF", "2019-05-27", None, None)),
        ("Antagen av kommunstyrelsen 3 mars 2021 § 40", ("KS", "2021-03-03", None, "§ 40")),
        ("Socialnämnden beslutade 2023-02-14 § 9", ("Socialnämnden", "2023-02-14", None, "§ 9")),
        ("kommunfullmäktige har i juni 2023 beslutat (§ 62)", ("KF", "2023-06", None, "§ 62")),
        ("antogs av byggnadsnämnden 2021-04-12", ("Byggnadsnämnden", "2021-04-12", None, None)),
    ],
)
def test_decisions_as_municipalities_write_them(
    text: str, expected: tuple[str, str | None, int | None, str | None]
) -> None:
    (decision,) = find_decisions(text)
    found = (decision.short, decision.date.value if decision.date else None, decision.year,
             decision.paragraph)  # fmt: skip
    assert found == expected


@pytest.mark.parametrize(
    "text",
    [
        "KF 25 nov – beslut om budget",
        "Kommunfullmäktige beslutar om budget i juni varje år",
        "Kommunfullmäktige beslutar i juni 2025 om nästa års budget",
    ],
)
def test_planned_steps_and_recurring_processes_are_not_decisions(text: str) -> None:
    assert list(find_decisions(text, year=2022)) == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("följande fyra fokusområden:", ["Fokusområde"]),
        ("Kommunfullmäktiges övergripande mål för mandatperioden", ["Övergripande mål"]),
        ("strategiska mål och resultatmål", ["Strategiskt mål", "Resultatmål"]),
        ("nämndsmålen i utvecklingsperspektivet", ["Nämndsmål", "Utvecklingsperspektiv"]),
        ("fyra strategiska inriktningar", ["Strategisk inriktning"]),
        ("Bedömning görs om respektive mål har uppfyllts", []),
        ("måluppfyllelsen och målvärde", []),
    ],
)
def test_level_names_are_found_in_the_documents_own_words(text: str, names: list[str]) -> None:
    assert [t.name for t in find_terms(text)] == names


def test_level_names_compare_across_inflection_and_joining_s() -> None:
    assert level_key("målområdena") == level_key("Målområde")
    assert level_key("nämndsmål") == level_key("Nämndmål")
    assert level_key("Kommunfullmäktiges mål") == level_key("kommunfullmäktigemål")


def test_a_list_with_no_goal_context_is_not_goals() -> None:
    text = (
        "Bedömning av målen\n\nBedömning görs om respektive mål har uppfyllts helt eller ej.\n\n"
        "  • Vid hel måluppfyllelse går utvecklingen åt rätt håll.\n"
        "  • Vid delvis måluppfyllelse går den svagt åt rätt håll.\n"
    )
    assert extract_text(text, "provby").counts.get("goal", 0) == 0


#: In-sample floors on the development parts (measured: every figure 1.00 except goal recall
#: 0.99 on dev/, one quoted council goal under a goal area; benchmarks/bench_extract.py).
@pytest.mark.parametrize("part", ["dev", "heldout2", "heldout3"])
@pytest.mark.parametrize("measure", ["goals (fuzzy)", "decisions", "dates"])
def test_the_development_part_as_a_whole(part: str, measure: str) -> None:
    matched = extracted = gold_count = agree = pairs = 0
    for ident, text, meta, gold in documents(part):
        data, suffix = build(text, meta["input"], meta["title"])
        score = score_gold(extract_bytes(data, ident + suffix, ident.split("-")[0]), gold)
        m, e, g = score.counts[measure]
        matched, extracted, gold_count = matched + m, extracted + e, gold_count + g
        agree, pairs = agree + score.level_agree, pairs + score.level_pairs
    assert matched / extracted >= 0.95 and matched / gold_count >= 0.95
    assert agree / pairs >= 0.95


HELDOUT_1 = {ident: (text, meta, gold) for ident, text, meta, gold in documents("heldout")}


def _goal_texts(ident: str) -> list[tuple[str, str]]:
    text, meta, _ = HELDOUT_1[ident]
    data, suffix = build(text, meta["input"], meta["title"])
    draft = extract_bytes(data, ident + suffix, ident.split("-")[0])
    return [(s.text, s.detail) for s in draft.statements if s.kind == "goal"]


def test_goals_named_after_a_level_word_in_running_text() -> None:
    assert _goal_texts("vargarda-maluppfoljning-2023") == [
        ("Social hållbarhet – omsorg och fritid", "Fokusområde"),
        ("Utvecklande skola", "Fokusområde"),
        ("Hållbar miljö", "Fokusområde"),
        ("Social Hållbarhet och organisation", "Fokusområde"),
    ]
    assert _goal_texts("aneby-strategisk-plan-2015-2018") == [
        ("Ett gott liv i en hållbar kommun", "Vision")
    ]


def test_a_goal_under_a_heading_that_is_a_level_name() -> None:
    goals = _goal_texts("vadstena-vision-och-mal")
    assert goals[-1] == (
        "Årets resultat ska uppgå till 7 miljoner kronor, det vill säga ungefär 2% av "
        "skatteintäkter, generella statsbidrag och utjämning över tid.",
        "Finansiellt mål",
    )


def test_sentences_describing_a_goal_heading_are_not_goals_themselves() -> None:
    goals = [text for text, _ in _goal_texts("nacka-overgripande-mal")]
    assert "Stark och balanserad tillväxt" in goals
    assert not [g for g in goals if g.startswith(("Nacka är", "Nacka växer"))]


def _goals(text: str) -> list[tuple[str, str]]:
    draft = extract_text(text, "provby")
    return [(s.text, s.detail) for s in draft.statements if s.kind == "goal"]


def test_a_list_another_organisation_sets_out_is_not_the_municipalitys() -> None:
    text = (
        "Arbetet i landet\n\nRegeringen har i sin strategi pekat ut följande tre "
        "fokusområden:\n\n  • Ren luft\n  • Starka samhällen\n  • Fler jobb\n"
    )
    assert _goals(text) == []
    own = text.replace("Regeringen har i sin strategi", "Kommunfullmäktige har")
    assert [g for g, _ in _goals(own)] == ["Ren luft", "Starka samhällen", "Fler jobb"]


def test_a_definition_of_what_a_vision_is_is_not_the_vision() -> None:
    text = (
        "Så styrs kommunen\n\nVision – beskriver det läge som kommunen vill nå om tjugo år.\n\n"
        "Visionen är större än en siffra och talar om riktningen.\n"
    )
    assert _goals(text) == []
    assert _goals("Om oss\n\nVår vision – Provby, nära till allt.\n") == [
        ("Provby, nära till allt", "Vision")
    ]


def test_news_about_the_municipality_is_not_a_goal() -> None:
    text = (
        "Provby kommun\n\nSamarbeten\n\nProvby kommun är med i ett nätverk med andra "
        "kommuner. Syftet är att lära av varandra. Nätverket träffas två gånger om året.\n\n"
        "Provby kommuns styrmodell är ett stöd för att nå de mål som fullmäktige beslutat.\n"
    )
    assert _goals(text) == []


def test_a_level_name_and_a_colon_before_a_goal() -> None:
    assert _goals("Barn och skola\n\nÖvergripande mål: Trygg skolgång för alla\n") == [
        ("Trygg skolgång för alla", "Övergripande mål")
    ]


def test_goals_enumerated_after_a_level_name_in_a_sentence() -> None:
    text = (
        "Om målen\n\nKommunens inriktningsmål är: trygg vardag, grön omställning och fler jobb.\n"
    )
    assert _goals(text) == [
        ("trygg vardag", "Inriktningsmål"),
        ("grön omställning", "Inriktningsmål"),
        ("fler jobb", "Inriktningsmål"),
    ]


def test_named_boards_in_lower_case_are_bodies() -> None:
    draft = extract_text(
        "Mål för nämnden\n\nDärför har kultur- och fritidsnämnden satt upp mål. "
        "Planen lämnas till kommunstyrelse och fullmäktige.\n",
        "provby",
    )
    bodies = sorted(s.text for s in draft.statements if s.kind == "body")
    assert bodies == ["Kommunfullmäktige", "Kommunstyrelsen", "Kultur- och fritidsnämnden"]


def test_lists_under_short_headings_in_a_section_named_by_a_level() -> None:
    text = (
        "Kommunfullmäktiges mål\n\nFör 2016 har politikerna satt upp fyra mål.\n\n"
        "Demokrati\n\n • Andelen invånare som upplever att de har inflytande ska öka.\n\n"
        "Finanser\n\n • Soliditeten ska vara minst oförändrad.\n • Årets resultat ska öka.\n"
    )
    assert _goals(text) == [
        ("Andelen invånare som upplever att de har inflytande ska öka.", "Kommunfullmäktiges mål"),
        ("Soliditeten ska vara minst oförändrad.", "Kommunfullmäktiges mål"),
        ("Årets resultat ska öka.", "Kommunfullmäktiges mål"),
    ]


def test_the_short_headings_are_goals_where_the_section_names_the_level_above() -> None:
    text = (
        "Övergripande mål – vad vill vi uppnå?\n\n"
        "Inom varje målområde har kommunfullmäktige fastslagit övergripande mål.\n\n"
        "Attraktiv kommun\n\n • Våra invånare har en god hälsa.\n\n"
        "Trygghet\n\n • Våra barn har en bra start i livet.\n"
    )
    assert _goals(text) == [
        ("Attraktiv kommun", "Målområde"),
        ("Våra invånare har en god hälsa.", "Övergripande mål"),
        ("Trygghet", "Målområde"),
        ("Våra barn har en bra start i livet.", "Övergripande mål"),
    ]


def test_a_case_number_line_above_a_list_is_no_group() -> None:
    text = (
        "Vision, värdegrund och övergripande fullmäktigemål\n\n"
        "Fyra uppslag - Ett uppslag per fullmäktigemål med kort lättläst summering samt\n\n"
        "Dnr KS 2019/160\n\n"
        "- Vilka mål är relevanta här och på vilket sätt\n- Styrdokument som är kopplade\n"
    )
    assert _goals(text) == []


def test_headings_after_following_areas_and_a_level_labelled_paragraph() -> None:
    text = (
        "I flerårsplanen 2016-2018 finns följande områden:\n\nKunden i fokus\n\n"
        "Kommunfullmäktiges mål: Medborgare och kunder ska uppleva hög kvalitet.\n\n"
        "Mångfald\n\nKommunfullmäktiges mål: Utbudet ska präglas av en mångfald utförare.\n"
    )
    assert sorted(_goals(text)) == sorted(
        [
            ("Kunden i fokus", "Område"),
            ("Medborgare och kunder ska uppleva hög kvalitet.", "Kommunfullmäktiges mål"),
            ("Mångfald", "Område"),
            ("Utbudet ska präglas av en mångfald utförare.", "Kommunfullmäktiges mål"),
        ]
    )


def test_a_perspective_heading_with_its_goal_image_and_goals() -> None:
    text = (
        "Det ekonomiska perspektivet\n\n"
        "Målbild: En ordnad ekonomi är förutsättningen för välfärd.\n\n"
        "Strategiska mål\n\n • Soliditeten ska öka under mandatperioden.\n\n"
        "Strategier för att nå målen\n\n • Prioritera investeringar som minskar driftkostnaden.\n"
    )
    assert sorted(_goals(text)) == sorted(
        [
            ("Det ekonomiska perspektivet", "Perspektiv"),
            ("En ordnad ekonomi är förutsättningen för välfärd.", "Målbild"),
            ("Soliditeten ska öka under mandatperioden.", "Strategiskt mål"),
        ]
    )


def test_text_under_a_vision_heading_that_speaks_of_the_vision_is_no_vision() -> None:
    text = "Vision\n\nFramtidsbild för kommunen. Visionen antas av kommunfullmäktige.\n"
    assert _goals(text) == []
    text = "Kil - på rätt spår\n\nVisionen Kil - på rätt spår ska leda kommunen in i framtiden.\n"
    assert _goals(text) == [("Kil - på rätt spår", "Vision")]


def test_a_decision_by_the_board_the_text_names() -> None:
    text = (
        "Uppdragsplan Kultur- och fritidsnämndens uppdrag KFN 2017/0298. "
        "Antagen av nämnden den 14 december 2017."
    )
    (decision,) = find_decisions(text)
    assert (decision.short, decision.date and decision.date.value) == (
        "Kultur- och fritidsnämnden",
        "2017-12-14",
    )


def test_a_day_without_a_year_takes_the_year_written_with_it_elsewhere() -> None:
    text = "Antagen den 14 december 2017.\n\nUppdragsplan 2018. Antagen den 14 december.\n"
    days = {s.detail for s in extract_text(text, "provby").statements if s.kind == "date"}
    assert days == {"2017-12-14"}


def test_names_in_brackets_in_a_paragraph_about_a_level() -> None:
    text = (
        "Målområdena visar vad som är prioriterat. De är indelade i två perspektiv: det externa "
        "(attraktiv kommun, trygghet och kunskap samt hållbar utveckling) och det interna "
        "(finansiellt perspektiv samt medarbetarperspektiv).\n"
    )
    assert [name for name, _ in _goals(text)] == [
        "attraktiv kommun",
        "trygghet och kunskap",
        "hållbar utveckling",
        "finansiellt perspektiv",
        "medarbetarperspektiv",
    ]
    assert {level for _, level in _goals(text)} == {"Målområde"}
    assert _goals("Målen gäller (se sidan 4, bilaga 2) alla verksamheter.\n") == []


def test_a_case_number_that_is_no_day_is_not_read_as_a_date() -> None:
    text = (
        "Friluftsliv\n\nDiarienummer: ST 265/5, FN 47/5. Beslutat av kommunfullmäktige "
        "2019-05-27.\n\nVision\n\nÅr 2030 är Provby kommun en trygg och kreativ kommun.\n"
    )
    draft = extract_text(text, "provby")
    assert draft.counts.get("decision") == 1
    assert ("År 2030 är Provby kommun en trygg och kreativ kommun.", "Vision") in [
        (s.text, s.detail) for s in draft.statements if s.kind == "goal"
    ]
    turtle = draft.to_turtle()
    assert "2019-05-27" in turtle and "-05-47" not in turtle


@pytest.mark.parametrize(
    ("text", "vision"),
    [
        ("Om oss\n\nI Provby arbetar vi efter visionen ”Vi växer tillsammans”. Den gäller.\n",
         "Vi växer tillsammans"),
        ("Vision 2025\n\nTillsammans skapar vi det goda livet i Provby!\n\nDen 23 februari 2015 "
         "antog kommunfullmäktige kommunens nya vision.\n",
         "Tillsammans skapar vi det goda livet i Provby!"),
        ("Vision\n\nProvby kommuns vision lyder:\n\n ”Tillsammans skapar vi framtidens "
         "kommun”\n\nI Provby skapar vi vår framtid tillsammans med alla som bor här.\n",
         "Tillsammans skapar vi framtidens kommun"),
        ("Vision 2035\n\nVår vision, kommunen som ger plats, är till för oss som bor här.\n",
         "kommunen som ger plats"),
        ("Strategi\n\nSida 1 Ansvarig: Kultur Vision för Provby 2030 År 2030 har Provby befäst "
         "sin roll - En framgångsrik kommun. Med ett läge mitt i regionen.\n",
         "År 2030 har Provby befäst sin roll - En framgångsrik kommun."),
    ],
)  # fmt: skip
def test_a_vision_written_as_a_sentence_or_a_quotation(text: str, vision: str) -> None:
    assert _goals(text) == [(vision, "Vision")]


def test_a_text_that_speaks_of_the_vision_is_not_the_vision() -> None:
    text = "Vision 2030\n\nProvby har en vision, en beskrivning av livet här år 2030.\n"
    assert _goals(text) == []


def test_areas_named_inside_a_sentence() -> None:
    text = (
        "Mål\n\nMålen utgår från visionens tre områden: den trygga kommunen, den lärande "
        "kommunen och den nära kommunen.\n\nMålområdena omfattar Barn och unga, Kultur och "
        "fritid samt Vård och omsorg.\n\nVi har två områden: skola, vård och omsorg.\n"
    )
    assert _goals(text) == [
        ("den trygga kommunen", "Område"),
        ("den lärande kommunen", "Område"),
        ("den nära kommunen", "Område"),
        ("Barn och unga", "Målområde"),
        ("Kultur och fritid", "Målområde"),
        ("Vård och omsorg", "Målområde"),
    ]


def test_numbered_goals_named_inline() -> None:
    text = (
        "Agenda 2030\n\nTre mål ska prioriteras: Mål 4, God utbildning för alla, mål 8, "
        "Anständiga arbetsvillkor, samt mål 11, Hållbara städer och samhällen, prioriteras.\n"
    )
    assert [g for g, _ in _goals(text)] == [
        "God utbildning för alla",
        "Anständiga arbetsvillkor",
        "Hållbara städer och samhällen",
    ]


def test_bullets_run_on_in_one_line_are_goals_at_the_level_before_them() -> None:
    text = (
        "Hushållning\n\nI planen fastställs mål. Prioriterade områden: • Skola för kunskap "
        "• Tillväxt i Provby • Provbyborna i fokus Resursmål: • Personal • Ekonomi Stadens "
        "prioriterade områden och resursmål kan bedömas som uppfyllt.\n\nArbetet sker inom tre "
        "strategiska fokusområden; Tillgänglig plats – Mötesplats – Levande plats.\n"
    )
    assert _goals(text) == [
        ("Tillgänglig plats", "Fokusområde"),
        ("Mötesplats", "Fokusområde"),
        ("Levande plats", "Fokusområde"),
        ("Skola för kunskap", "Prioriterat område"),
        ("Tillväxt i Provby", "Prioriterat område"),
        ("Provbyborna i fokus", "Prioriterat område"),
        ("Personal", "Resursmål"),
        ("Ekonomi", "Resursmål"),
    ]


def test_a_numbered_goal_heading_that_repeats_a_list_item_is_one_goal() -> None:
    listed = (
        "Våra mål\n\nKommunfullmäktige har beslutat om följande tre mål:\n\n"
        "  1. Trygg uppväxt för alla barn\n  2. Ett starkt näringsliv\n  3. En grön kommun\n\n"
    )
    headed = (
        "Mål 1. Trygg uppväxt för alla barn\n\nFör att nå målet ska skolan vara bra.\n\n"
        "Mål 2. Ett starkt näringsliv\n\nFöretagen ska växa.\n"
    )
    assert _goals(headed) == [
        ("Trygg uppväxt för alla barn", "Mål"),
        ("Ett starkt näringsliv", "Mål"),
    ]
    goals = [g for g, _ in _goals(listed + headed)]
    assert goals.count("Trygg uppväxt för alla barn") == 1
    assert "En grön kommun" in goals


def test_a_vision_heading_with_an_owner_and_its_text_below() -> None:
    text = (
        "Vår vision: Tillsammans växer vi\n\nProvby är en plats att växa på. Här möts vi. "
        "Här trivs vi.\n\nProvby kommun är en attraktiv arbetsgivare. Hos oss trivs alla.\n"
    )
    assert _goals(text) == [("Tillsammans växer vi", "Vision")]


@pytest.mark.parametrize(
    "text",
    [
        "Om Provby\n\nMålen utgår från kommunens vision: ”Tillsammans växer vi” där kommunen "
        "visar sin ambition att vara minst 20.000 invånare 2030.\n",
        "Om Provby\n\nKommunens vision för 2030 är ”Tillsammans växer vi” och den gäller alla.\n",
        "Vision 2040\n\nEn vision visar vart vi är på väg. Provby kommun har tagit fram en vision "
        "med invånarna.\n\n”Tillsammans växer vi”\n\nDet gröna samhället\n\nProvby är grönt.\n",
    ],
)
def test_a_vision_that_is_a_quotation(text: str) -> None:
    assert _goals(text) == [("Tillsammans växer vi", "Vision")]


def test_areas_listed_after_the_level_word_and_is() -> None:
    text = (
        "Mål\n\nFullmäktige har antagit mål för perioden. Målområdena är gröna Provby, trygga "
        "Provby och växande Provby.\n"
    )
    assert _goals(text) == [
        ("gröna Provby", "Målområde"),
        ("trygga Provby", "Målområde"),
        ("växande Provby", "Målområde"),
    ]


def test_counted_areas_in_a_quotation_set_off_by_a_dash() -> None:
    text = (
        "Budget antagen\n\n- I maj fastställdes en strategi. För att nå målet har följande tre "
        "områden prioriterats för arbetet: Skola och lärande, Vård och omsorg samt Bygga och "
        "bo, säger ordföranden.\n"
    )
    assert _goals(text) == [
        ("Skola och lärande", "Område"),
        ("Vård och omsorg", "Område"),
        ("Bygga och bo", "Område"),
    ]


def test_an_item_that_defines_a_kind_of_goal_is_no_goal() -> None:
    text = (
        "Förändringsmål\n\nFörändringsmålen har två inriktningar:\n\n"
        "  • Effektmål gäller det som kommunen ska leverera till invånarna\n"
        "  • Processmål – handlar om kommunens egna arbetssätt\n"
    )
    assert _goals(text) == []


def test_a_lone_paragraph_under_a_heading_that_is_a_level_name() -> None:
    text = (
        "Vision\n\nProvby gör plats för alla!\n\nVisionsmål\n\nProvby ska gå från god till "
        "bäst när det gäller tillväxt.\n\nVärdegrund\n\nVi är öppna och modiga.\n"
    )
    assert ("Provby ska gå från god till bäst när det gäller tillväxt.", "Visionsmål") in (
        _goals(text)
    )


def test_a_paragraph_about_goals_under_a_level_heading_is_no_goal() -> None:
    text = "Inriktningsmål\n\nFör 2024 har fullmäktige satt upp nio mål.\n\nEkonomi\n\nText.\n"
    assert _goals(text) == []


def test_goals_set_as_headings_after_the_paragraph_that_names_their_level() -> None:
    text = (
        "Planen i korthet\n\nHär följer de fokusområden som planen tar upp. Läs hela planen "
        "här.\n\nEn lärande organisation\n\nVi utvecklar våra medarbetare. Alla ska trivas.\n\n"
        "En växande kommun\n\nVi bygger fler bostäder. Fler ska flytta hit.\n"
    )
    assert _goals(text) == [
        ("En lärande organisation", "Fokusområde"),
        ("En växande kommun", "Fokusområde"),
    ]


def test_goals_set_as_headings_that_say_what_shall_be() -> None:
    text = (
        "Målen i budgeten\n\nBudgeten pekar ut riktningen i form av mål. Målen är sex stycken."
        "\n\nArbetslösheten ska minska till 8 %\n\nI mars var den 9 %. Frågan är prioriterad."
        "\n\nAntalet invånare ska öka till 9 000\n\nI dag bor 8 700 här. Fler behövs.\n"
    )
    assert _goals(text) == [
        ("Arbetslösheten ska minska till 8 %", "Mål"),
        ("Antalet invånare ska öka till 9 000", "Mål"),
    ]


def test_headings_below_a_section_with_more_text_are_no_goals() -> None:
    text = (
        "Styrning\n\nKommunen styrs mot visionen.\n\nFullmäktige beslutar om inriktningsmål."
        "\n\nBudgetprocess\n\nBudgeten tas fram varje år.\n\nIntern kontroll\n\nRisker ses över.\n"
    )
    assert not [g for g, _ in _goals(text) if g in ("Budgetprocess", "Intern kontroll")]


def test_a_pages_feedback_question_and_its_buttons_are_not_goals() -> None:
    text = (
        "Kommunens mål\n\nKommunfullmäktige har fyra övergripande mål:\n\n"
        "  • Alla barn får en bra start i livet\n"
        "  • Företagen växer i hela kommunen\n"
        "  • Kan du ge oss ett bättre förslag?\n"
        "  • Ja Nej\n"
    )
    goals = [s.text for s in extract_text(text, "provby").statements if s.kind == "goal"]
    assert "Alla barn får en bra start i livet" in goals
    assert not [g for g in goals if g.endswith("?") or g == "Ja Nej"]


def test_a_label_every_goal_of_a_list_shares_is_not_part_of_the_goal() -> None:
    text = (
        "Kommunens plan\n\nI planen finns följande fyra målområden:\n\n"
        "  • Delmål: Trygga gator i alla orter\n"
        "  • Delmål: Fler jobb i kommunen\n"
        "  • Hållbarhet: naturen som resurs\n"
        "  • Ren luft och rent vatten\n"
    )
    goals = [s.text for s in extract_text(text, "provby").statements if s.kind == "goal"]
    assert "Trygga gator i alla orter" in goals and "Fler jobb i kommunen" in goals
    assert "Hållbarhet: naturen som resurs" in goals  # a label one goal alone has stays


def test_one_noun_items_under_counted_areas_are_goals_and_adjectives_are_not() -> None:
    text = (
        "Styrning\n\nKommunen har tre övergripande målområden:\n\n"
        "  • trygghet\n  • tillväxt\n  • folkhälsa\n\n"
        "Arbetet utgår från tre perspektiv:\n\n"
        "  • kulturellt\n  • ekologiskt\n  • socialt\n"
    )
    goals = {s.text for s in extract_text(text, "provby").statements if s.kind == "goal"}
    assert {"trygghet", "tillväxt", "folkhälsa"} <= goals
    assert not goals & {"kulturellt", "ekologiskt", "socialt"}


def test_a_day_without_its_year_in_a_text_that_dates_nothing_is_no_date() -> None:
    undated = "Planen 2024-2027\n\nDen 25 april beslutade fullmäktige om planen för 2024-2027.\n"
    dated = undated + "\nPublicerad 2024-04-26\n"
    days = [{s.detail for s in extract_text(t, "provby").statements if s.kind == "date"}
            for t in (undated, dated)]  # fmt: skip
    assert days == [set(), {"2024-04-25", "2024-04-26"}]


@pytest.mark.parametrize("intro", ["Så här lyder vår vision:", "Nu har vi en ny vision:"])
def test_a_vision_announced_by_its_line_above(intro: str) -> None:
    text = f"Nyheter\n\n{intro}\n\nProvby – här växer vi!\n\nI Provby bygger vi framtiden.\n"
    goals = [(s.text, s.detail) for s in extract_text(text, "provby").statements
             if s.kind == "goal"]  # fmt: skip
    assert goals == [("Provby – här växer vi!", "Vision")]
