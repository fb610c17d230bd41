"""What a reader sees on the municipality and goal pages: labels, not IRIs or ontology terms;
a page that fits a few screens; diagram text large enough to read; one language per page.

The checks run over every municipality the start page lists, whatever their number."""

from __future__ import annotations

import re
from typing import Any

#: Nora's page (11 council goals, each supporting 4 goals above) at 1280 px width must stay
#: under this height; it was 10,500 px when each goal repeated the full texts it supports.
NORA_MAX_HEIGHT = 3600
#: The smallest font of a diagram on a page, in CSS pixels as the browser draws it.
MIN_FONT_PX = 10.0
RAW = re.compile(
    r"https?://w3id\.org/goalgraph|\bgg:[A-Za-z]|\b(prefLabel|altLabel|rdfs:comment)\b"
)
#: Words that only the other language uses on these pages (whole words, case-insensitive).
ENGLISH = ("the", "goal", "goals", "supports", "owner", "documents", "level", "sources", "and")
SWEDISH = ("och", "mål", "stödjer", "ägare", "nivå", "källor", "kommunkod", "styrmodell")
#: A quotation of a source's own words inside a text ("Mål 3" in an English note)
QUOTED = re.compile(r'"[^"\n]{1,80}"|“[^”\n]{1,80}”')
#: Parts whose text is data in its own language, not the page's (names in the source's words).
DATA_PARTS = "figure, .sources, q, [lang], details.text"


def _municipality_pages(page: Any) -> list[str]:
    page.goto("/")
    hrefs = page.locator("main a[href^='/id/']").evaluate_all(
        "els => els.map(e => e.getAttribute('href'))"
    )
    found = sorted({h for h in hrefs if re.fullmatch(r"/id/[a-z0-9-]+", h)})
    assert found, "the start page lists municipalities"
    return found


def _first_goal(page: Any, municipality: str) -> str:
    page.goto(municipality)
    return page.locator("#chain table a[href*='/goal-']").first.get_attribute("href")


def _visible_text(page: Any, *, without_data: bool = False) -> str:
    """The text of the page's main part with every fold open; the curators' technical notes
    (which may name RDF terms) are left out, and with ``without_data`` the data's own texts."""
    script = """(skip) => { const main = document.querySelector('main').cloneNode(true);
        for (const el of main.querySelectorAll('details.technical')) el.remove();
        if (skip) for (const el of main.querySelectorAll(skip)) el.remove();
        for (const d of main.querySelectorAll('details')) d.open = true;
        return main.innerText; }"""
    return page.evaluate(script, DATA_PARTS if without_data else None)


def _smallest_diagram_font(page: Any) -> float | None:
    return page.evaluate(
        """() => { let least = null;
        for (const t of document.querySelectorAll('figure svg text')) {
          const m = t.getScreenCTM(); if (!m || t.getBoundingClientRect().width === 0) continue;
          const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
          if (least === null || px < least) least = px; }
        return least; }"""
    )


def test_no_raw_iri_or_ontology_term_in_municipality_and_goal_pages(page: Any) -> None:
    for municipality in _municipality_pages(page):
        for path in (municipality, _first_goal(page, municipality)):
            page.goto(path)
            text = _visible_text(page)
            found = RAW.search(text)
            assert found is None, f"{path} shows {found.group(0)!r}"


def test_nora_page_fits_a_few_screens(page: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto("/id/nora")
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < NORA_MAX_HEIGHT, f"the Nora page is {height} px tall"
    council = page.locator("#chain table.elements tr", has_text=re.compile(r"KF-mål \d+"))
    assert council.count() == 11, "every council goal is still listed"


def test_every_diagram_text_is_at_least_10_px(page: Any) -> None:
    page.set_viewport_size({"width": 1280, "height": 900})
    for municipality in _municipality_pages(page):
        for path in (municipality, _first_goal(page, municipality)):
            page.goto(path)
            least = _smallest_diagram_font(page)
            assert least is not None, f"{path} draws a diagram"
            assert least >= MIN_FONT_PX, f"{path}: diagram text of {least:.1f} px"


def test_main_pages_speak_one_language(page: Any) -> None:
    paths = ["/", "/sdg", "/sparql", "/no-such-page"]
    for municipality in _municipality_pages(page):
        paths += [municipality, _first_goal(page, municipality)]
    # a goal that has only its Swedish wording is shown so on an English page, marked
    # lang="sv" (and so left out of the check, as the data's own texts are)
    for lang, foreign in (("sv", ENGLISH), ("en", SWEDISH)):
        for path in paths:
            page.goto(f"{path}?lang={lang}")
            text = QUOTED.sub("", _visible_text(page, without_data=True))
            words = set(re.findall(r"\w+", text.lower()))
            wrong = sorted(words & set(foreign))
            assert not wrong, f"{path} in {lang} shows {wrong}"
