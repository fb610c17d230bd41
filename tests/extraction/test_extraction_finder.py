"""The statistical goal finder shipped beside the rules (goal_finder.json)."""

from __future__ import annotations

import pytest
from corpus_inputs import build, documents

from goalgraph.authoring.extraction import extract_bytes, extract_text, finder, read_document
from goalgraph.authoring.extraction.finder import char_ngrams, probabilities

FALKENBERG = next(d for d in documents("heldout6") if d[0] == "falkenberg-vision-och-mal")


def _goals(draft: object) -> dict[str, float]:
    return {s.text: s.confidence for s in draft.statements if s.kind == "goal"}  # type: ignore[attr-defined]


def test_the_ngrams_are_those_scikit_learn_trained_on() -> None:
    text_mod = pytest.importorskip("sklearn.feature_extraction.text")
    analyzer = text_mod.TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)).build_analyzer()
    for text in ("Ett hållbart  Huddinge", "Mål 1. I Östersund", "a bc", "Öka\tmedborgarindex"):
        assert list(char_ngrams(text)) == analyzer(text)


def test_a_goal_list_the_rules_leave_is_found_at_a_lower_confidence() -> None:
    ident, text, meta, _ = FALKENBERG
    data, suffix = build(text, meta["input"], meta["title"])
    with finder.disabled():
        rules = _goals(extract_bytes(data, ident + suffix, "falkenberg"))
    both = _goals(extract_bytes(data, ident + suffix, "falkenberg"))
    goal = "Sveriges bästa näringslivskommun"
    assert goal not in rules
    assert goal in both
    assert both[goal] < 0.5 <= min(rules.values())
    assert set(rules) <= set(both)


def test_contact_lines_and_another_organisations_list_are_not_goals() -> None:
    text = (
        "Våra mål\n\nKommunfullmäktige har beslutat om följande mål:\n\n"
        "  • Alla barn ska klara skolan\n  • Fler ska ha ett arbete\n\n"
        "Kontakta oss\n\nKommunikationschef\n\n040-625 61 12\n"
    )
    blocks = [b for b in read_document(text.encode(), "mal.txt").blocks if b.text.strip()]
    chances = dict(zip((b.text.strip() for b in blocks), probabilities(blocks) or [], strict=True))
    assert chances["Kontakta oss"] < 0.5
    assert chances["040-625 61 12"] < 0.5
    assert chances["Alla barn ska klara skolan"] > chances["Kommunikationschef"]
    other = text.replace("Kommunfullmäktige har", "Regeringen har i sin strategi")
    assert not any(t.startswith("Alla barn") for t in _goals(extract_text(other, "provby")))


def test_an_item_that_defines_a_kind_of_goal_is_no_goal_for_the_finder() -> None:
    text = (
        "Förändringsmål\n\nFörändringsmålen har två inriktningar:\n\n"
        "  • Effektmål gäller det som kommunen ska leverera till invånarna\n"
        "  • Alla barn ska klara skolan\n"
    )
    blocks = [b for b in read_document(text.encode(), "mal.txt").blocks if b.text.strip()]
    chances = dict(zip((b.text.strip() for b in blocks), probabilities(blocks) or [], strict=True))
    assert chances["Effektmål gäller det som kommunen ska leverera till invånarna"] == 0.0
    assert chances["Alla barn ska klara skolan"] > 0.0
