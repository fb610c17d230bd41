"""Goal areas set as headings, and a board's goals in lists under its area headings (invented
texts, as a user drafts them)."""

from __future__ import annotations

from goalgraph.authoring.extraction import extract_text, finder


def _goals(text: str) -> dict[str, str]:
    with finder.disabled():
        draft = extract_text(text, "provby")
    return {s.text: s.detail for s in draft.statements if s.kind == "goal"}


def test_an_area_heading_over_its_text_is_the_goal_not_the_first_sentence() -> None:
    text = (
        "Budget 2030\n\nFokusområden\n\nEtt grönare Provby\n\n"
        "Kommunen ska minska utsläppen med hälften. Det kräver arbete i alla förvaltningar.\n\n"
        "Goda livsvillkor för alla\n\n"
        "Alla invånare ska ha tillgång till bra service. Skolan ska vara bäst i länet.\n"
    )
    assert _goals(text) == {
        "Ett grönare Provby": "Fokusområde",
        "Goda livsvillkor för alla": "Fokusområde",
    }


def test_under_a_goal_level_heading_the_sentence_stays_the_goal() -> None:
    text = (
        "Budget 2030\n\nFinansiella mål\n\nResultat\n\n"
        "Resultatet ska uppgå till minst 2 procent av skatteintäkterna. Det mäts årligen.\n"
    )
    assert _goals(text) == {
        "Resultatet ska uppgå till minst 2 procent av skatteintäkterna.": "Finansiellt mål"
    }


def test_a_boards_goals_in_lists_under_area_headings() -> None:
    text = (
        "Mål 2031\n\nMålen för fritidsnämnden ska under år 2031 vara:\n\n"
        "Delaktighet\n\n  • Fler unga ska delta i föreningslivet.\n"
        "  • Erbjuda öppna mötesplatser i varje kommundel.\n\n"
        "Hälsa\n\n  • Alla ska kunna motionera nära hemmet.\n"
    )
    goals = _goals(text)
    assert set(goals) == {
        "Fler unga ska delta i föreningslivet.",
        "Erbjuda öppna mötesplatser i varje kommundel.",
        "Alla ska kunna motionera nära hemmet.",
    }
    assert set(goals.values()) == {"Mål"}


def test_an_image_caption_is_no_goal() -> None:
    text = (
        "Vision 2040\n\nIllustration över Provby och dess hamn\n\n"
        "Vår vision är att Provby ska vara en trygg plats för hela livet.\n"
    )
    draft = extract_text(text, "provby")
    goals = [s.text for s in draft.statements if s.kind == "goal"]
    assert not any(g.startswith("Illustration") for g in goals)


def _sure_of_everything(few: int) -> dict[str, object]:
    """A finder that reads every block as a goal (p ≈ 0.99)."""
    return {"cut": 0.9, "few": few, "alone_cut": 0.7, "ngram_range": [2, 4],
            "intercept": 5.0, "ngrams": {}, "layout": {}}  # fmt: skip


def test_where_the_rules_find_few_goals_the_finder_adds_more_than_list_items() -> None:
    text = "Provby framåt\n\nEn levande landsbygd\n\n  • Fler företag i Provby\n"
    drafts = {}
    for few in (0, 3):
        with finder.using(_sure_of_everything(few)):
            draft = extract_text(text, "provby")
        drafts[few] = {s.text for s in draft.statements if s.kind == "goal"}
    assert drafts[0] == {"Fler företag i Provby"}
    assert {"En levande landsbygd", "Fler företag i Provby"} <= drafts[3]


def test_a_list_of_who_does_what_in_the_goal_work_is_no_goal() -> None:
    text = (
        "Vår styrning\n\nFör att nå vår vision arbetar alla tillsammans, och alla har olika "
        "uppgifter:\n\n  • Politiken sätter målen.\n  • Förvaltningen genomför besluten.\n"
    )
    assert _goals(text) == {}
