"""Goal-chain diagrams stay legible as chains grow: the densest chain in data/ and a synthetic
chain of 60 goals, drawn as the pages show them (the chain and a level's view at their own size
in a scrolling frame, the overview fitted to the page's width), measured in Chromium at
1280 px: no text under 10 px."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from goalgraph import resources
from goalgraph.diagrams import chain_diagram, level_diagram, overview_diagram
from goalgraph.diagrams.render import render_dot
from goalgraph.model.governance import Element, Level, Municipality, SdgLink
from goalgraph.model.reader import read_municipality, read_sdg_goals
from goalgraph.store.load import default_store, municipality_files
from goalgraph.store.protocol import Store

ROOT = Path(__file__).resolve().parents[2]
CSS = (ROOT / "api" / "static" / "style.css").read_text(encoding="utf-8")
MIN_FONT_PX = 10.0
PAGE_WIDTH = 1280
ID = "https://w3id.org/goalgraph/id/syntetisk/"


@pytest.fixture(scope="module")
def store() -> Iterator[Store]:
    store = default_store()
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def blank(browser: Any) -> Iterator[Any]:
    page = browser.new_page(viewport={"width": PAGE_WIDTH, "height": 900})
    try:
        yield page
    finally:
        page.close()


def _measure(page: Any, svg: str, *, fit: bool) -> tuple[float, int]:
    """The smallest drawn font (CSS px) of ``svg`` shown in a page's diagram frame, and the
    number of texts measured; ``fit`` scales the drawing to the frame's width."""
    extra = ".diagram svg { max-width: 100%; }" if fit else ""
    start = svg.index("<svg")
    page.set_content(
        f"<!DOCTYPE html><html><head><style>{CSS}{extra}</style></head><body><main>"
        f'<figure class="diagram">{svg[start:]}</figure></main></body></html>'
    )
    least, count = page.evaluate(
        """() => { let least = null, count = 0;
        for (const t of document.querySelectorAll('figure svg text')) {
          const m = t.getScreenCTM(); if (!m || t.getBoundingClientRect().width === 0) continue;
          const px = parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
          count += 1; if (least === null || px < least) least = px; }
        return [least, count]; }"""
    )
    assert least is not None, "the diagram has text"
    return float(least), int(count)


def _svg(graph: Any) -> str:
    return render_dot(graph.source, "svg").decode("utf-8")


def _densest(store: Store) -> Municipality:
    """The municipality of data/ whose chain has the most links (support and Agenda 2030)."""
    slugs = [path.stem for path in municipality_files(resources.data_dir())]
    assert slugs, "data/ has municipalities"
    models = [read_municipality(store, slug) for slug in slugs]
    return max(models, key=lambda m: sum(len(e.supports) for e in m.elements) + len(m.sdg_links))


def _level(iri: str, label: str, rank: int, parents: tuple[str, ...]) -> Level:
    return Level(iri, label, rank, None, None, parents, (), (), None)


def synthetic_chain(goals: int = 60) -> Municipality:
    """A vision, 9 council goals and ``goals - 10`` board goals, each board goal supporting two
    council goals (so no level bundles into one edge), with Agenda 2030 links."""
    vision, council, board = (ID + "level-vision", ID + "level-kf", ID + "level-namnd")
    levels = (
        _level(vision, "Vision", 1, ()),
        _level(council, "Fullmäktigemål", 2, (vision,)),
        _level(board, "Nämndmål", 3, (council,)),
    )
    elements = [Element(ID + "vision", "Vision", None, "En syntetisk vision", None, None, vision)]
    for i in range(1, 10):
        elements.append(
            Element(
                ID + f"kf{i}",
                "Goal",
                f"KF-mål {i}",
                f"Fullmäktigemål nummer {i} om hållbar utveckling i hela kommunen",
                f"KF-mål {i}",
                None,
                council,
                supports=(ID + "vision",),
            )
        )
    for i in range(1, goals - 9):
        parents = (ID + f"kf{i % 9 + 1}", ID + f"kf{(i * 4) % 9 + 1}")
        elements.append(
            Element(
                ID + f"n{i}",
                "Goal",
                f"Nämndmål {i}",
                f"Nämndens mål {i}: bättre service och kortare väntetider för invånarna",
                None,
                None,
                board,
                supports=tuple(dict.fromkeys(parents)),
            )
        )
    sdg = "http://metadata.un.org/sdg/"
    links = tuple(
        SdgLink(
            ID + f"n{i}",
            f"{sdg}{i % 17 + 1}.1",
            f"{i % 17 + 1}.1",
            f"{sdg}{i % 17 + 1}",
            str(i % 17 + 1),
            None,
            None,
        )
        for i in range(1, goals - 9, 3)
    )
    return Municipality(
        "syntetisk",
        ID[:-1],
        "Syntetisk kommun",
        "9999",
        "sv",
        levels,
        tuple(elements),
        (),
        (),
        links,
        (),
        (),
        (),
    )


def test_the_densest_chain_in_data_reads_at_10_px_or_more(blank: Any, store: Store) -> None:
    model = _densest(store)
    sdg_goals = read_sdg_goals(store)
    council = max(model.levels, key=lambda lv: sum(e.level == lv.iri for e in model.elements))
    for name, graph, fit in (
        ("chain", chain_diagram(model, sdg_goals, size=None), False),
        ("level", level_diagram(model, council.iri, sdg_goals, size=None), False),
        ("overview", overview_diagram(model, size=None), True),
    ):
        least, count = _measure(blank, _svg(graph), fit=fit)
        assert count > 10, f"{model.slug} {name}: the texts are measured"
        assert least >= MIN_FONT_PX, f"{model.slug} {name}: text of {least:.1f} px"


def test_a_synthetic_chain_of_60_goals_reads_at_10_px_or_more(blank: Any, store: Store) -> None:
    model = synthetic_chain(60)
    assert len(model.elements) == 60
    sdg_goals = read_sdg_goals(store)
    chain = _svg(chain_diagram(model, sdg_goals, size=None))
    assert chain.count('class="node element goal') == 59, "every goal is drawn"
    assert chain.count('class="edge supports"') == 9 + sum(
        len(e.supports) for e in model.elements[10:]
    ), "each support is an edge (no level supports all of another)"
    for name, svg, fit in (
        ("chain", chain, False),
        ("level", _svg(level_diagram(model, ID + "level-kf", sdg_goals, size=None)), False),
        ("overview", _svg(overview_diagram(model, size=None)), True),
    ):
        least, _ = _measure(blank, svg, fit=fit)
        assert least >= MIN_FONT_PX, f"synthetic {name}: text of {least:.1f} px"
