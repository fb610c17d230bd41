"""The comparison of Vaggeryd and Nora, checked against figures worked out by hand from the
data, and its Markdown, HTML and JSON renderings."""

from __future__ import annotations

import json
import re

import pytest

from goalgraph import resources
from goalgraph.analysis.compare import compare
from goalgraph.errors import GoalgraphError, NotFoundError
from goalgraph.store.load import default_store, load_files, municipality_files
from goalgraph.store.oxigraph import OxigraphStore

# The SDG targets each municipality's goals serve, read off the data files by hand.
VAGGERYD_TARGETS = {
    "goal-kf1": {"11.3", "11.a", "8.4"},
    "goal-kf2": {"8.5", "8.2", "4.1", "4.4"},
    "goal-kf3": {"3.4", "4.3", "11.7"},
    "goal-kf4": {"11.7", "10.2", "16.1", "16.7"},
}
NORA_TARGETS = {
    "goal-kf1": {"16.6"},
    "goal-kf2": {"13.2", "11.6", "9.4"},
    "goal-kf3": {"16.6", "16.10"},
    "goal-kf4": {"4.4", "8.8"},
    "goal-kf5": {"1.3", "3.8"},
    "goal-kf6": {"11.7", "17.17", "3.4"},
    "goal-kf7": {"11.2", "11.a", "9.1"},
    "goal-kf8": {"11.4"},
    "goal-kf9": {"17.17", "4.7"},
    "goal-kf10": {"4.1", "4.2", "4.a"},
    "goal-kf11": {"16.6", "8.3"},
}


def _targets(goals: dict[str, set[str]]) -> set[str]:
    return set().union(*goals.values())


def _sdg_goals(goals: dict[str, set[str]]) -> set[str]:
    return {t.split(".")[0] for t in _targets(goals)}


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return default_store()


@pytest.fixture(scope="module")
def result(store):
    return compare(store, ["vaggeryd", "nora"])


def test_sdg_overlap_is_the_jaccard_index_at_goal_and_target_level(result):
    v_goals, n_goals = _sdg_goals(VAGGERYD_TARGETS), _sdg_goals(NORA_TARGETS)
    v_targets, n_targets = _targets(VAGGERYD_TARGETS), _targets(NORA_TARGETS)
    # by hand: goals {3,4,8,10,11,16} and {1,3,4,8,9,11,13,16,17}: 5 shared of 10 = 0.5
    assert (len(v_goals & n_goals), len(v_goals | n_goals)) == (5, 10)
    # targets: 13 and 21, 5 shared (3.4 4.1 4.4 11.7 11.a) of 29
    assert (len(v_targets), len(n_targets), len(v_targets & n_targets)) == (13, 21, 5)
    [overlap] = result.overlaps
    assert (overlap.a, overlap.b) == ("vaggeryd", "nora")
    assert overlap.goal_jaccard == 0.5
    assert overlap.target_jaccard == pytest.approx(5 / 29)
    assert overlap.shared_goals == ("3", "4", "8", "11", "16")
    assert overlap.shared_targets == ("3.4", "4.1", "4.4", "11.7", "11.a")


def test_sdg_matrix_counts_goals_per_sdg_goal_and_marks_document_links(result):
    rows = {row.goal.notation: row for row in result.sdg}
    assert list(rows) == [str(n) for n in range(1, 18)]
    # SDG 11: Vaggeryd kf1 kf3 kf4; Nora kf2 kf6 kf7 kf8
    assert rows["11"].goals == (3, 4)
    assert rows["11"].targets == (
        ("11.3", "11.7", "11.a"),
        ("11.2", "11.4", "11.6", "11.7", "11.a"),
    )
    # SDG 2: no goal serves it; Vaggeryd's programme covers all 17 goals
    assert rows["2"].goals == (0, 0) and rows["2"].via_documents == (True, False)
    for notation, row in rows.items():
        expected = tuple(
            sum(1 for ts in goals.values() if any(t.split(".")[0] == notation for t in ts))
            for goals in (VAGGERYD_TARGETS, NORA_TARGETS)
        )
        assert row.goals == expected, notation


def test_governance_models_side_by_side_aligned_by_level_kind(result):
    kinds = [row.label for row in result.levels]
    assert kinds == [
        "vision",
        "övergripande mål",
        "delmål i övergripande mål",
        "fullmäktigemål",
        "nämndmål",
        "handlingsplaner och aktiviteter",
    ]
    council = next(row for row in result.levels if row.label == "fullmäktigemål")
    (vaggeryd,), (nora,) = council.cells
    assert (vaggeryd.rank, vaggeryd.elements, vaggeryd.decided_by) == (2, 4, ("kommunfullmäktige",))
    assert (nora.rank, nora.elements, nora.indicators_here) == (4, 11, False)
    overarching = next(row for row in result.levels if row.label == "övergripande mål")
    assert overarching.cells[0] == () and overarching.cells[1][0].label == "Övergripande mål"
    boards = next(row for row in result.levels if row.label == "nämndmål")
    assert boards.cells[1][0].indicators_here is True
    assert boards.cells[1][0].decided_by == ("nämnd", "utskott")


def test_follow_up_and_rules_from_the_governance_models(result):
    data = result.to_json()["governance"]
    nora_kinds = sorted(k for f in data["follow_up"]["nora"] for k in f["kinds"])
    assert nora_kinds == ["delårsrapport", "årsbokslut"]
    assert {b for f in data["follow_up"]["nora"] for b in f["reports_to"]} == {"KF"}
    vaggeryd_kinds = sorted(k for f in data["follow_up"]["vaggeryd"] for k in f["kinds"])
    assert vaggeryd_kinds == ["årlig revidering", "återkoppling till medborgarna"]
    [rule] = data["rules"]["vaggeryd"]
    assert rule["kind"] == "alla organ bidrar till alla mål"
    assert rule["body_types"] == ["nämnd", "kommunalt bolag"]
    assert sorted(r["kind"] for r in data["rules"]["nora"]) == [
        "alla mål stödjer nivån",
        "indikatorer beslutas av organtyp",
    ]


def test_structural_metrics_side_by_side(result):
    vaggeryd, nora = result.metrics
    assert (vaggeryd.elements, vaggeryd.depth, nora.elements, nora.depth) == (5, 1, 16, 3)


def test_similar_goals_each_with_its_reason(result):
    best = result.similar[0]
    # Vaggeryd KF-mål 3 (..., en aktiv fritid ...) and Nora KF-mål 6 (... aktiv fritid):
    # the only pair sharing two targets, and sharing words
    assert (best.a.iri.rsplit("/", 1)[1], best.b.iri.rsplit("/", 1)[1]) == ("goal-kf3", "goal-kf6")
    assert best.shared_targets == ("3.4", "11.7")
    assert {"aktiv", "fritid"} <= set(best.shared_words)
    assert best.reason == "samma delmål: 3.4, 11.7; gemensamma ord: aktiv, fritid"
    # every pair of goals sharing a target is listed
    sharing = {
        (v, n) for v, vt in VAGGERYD_TARGETS.items() for n, nt in NORA_TARGETS.items() if vt & nt
    }
    listed = {(p.a.iri.rsplit("/", 1)[1], p.b.iri.rsplit("/", 1)[1]) for p in result.similar}
    assert sharing <= listed
    assert all(p.a.slug == "vaggeryd" and p.b.slug == "nora" and p.reason for p in result.similar)
    assert [p.score for p in result.similar] == sorted(
        (p.score for p in result.similar), reverse=True
    )
    words_only = [p for p in result.similar if not p.shared_targets]
    assert words_only and all(p.shared_words for p in words_only)


def test_how_the_processes_differ(result):
    vaggeryd, nora = result.processes
    # Vaggeryd: 7 + 1 + 4 steps, 9 dated; Nora: 5 + 4 steps, 3 dated
    assert (vaggeryd.steps, vaggeryd.dated_steps, nora.steps, nora.dated_steps) == (12, 9, 9, 3)
    assert (vaggeryd.first_date, vaggeryd.last_date) == ("2019-05-27", "2019-12")
    assert vaggeryd.external == ("Glokala Sverige",) and nora.external == ()
    differences = {(d.item, d.present) for d in result.differences}
    assert ("delårsrapport", ("Nora kommun",)) in differences
    assert ("årsbokslut", ("Nora kommun",)) in differences
    assert ("återkoppling till medborgarna", ("Vaggeryds kommun",)) in differences
    assert ("Glokala Sverige", ("Vaggeryds kommun",)) in differences
    assert ("KF", ("Nora kommun",)) in differences


def test_json_is_plain_data(result):
    data = result.to_json()
    assert json.loads(json.dumps(data)) == data
    assert [m["slug"] for m in data["municipalities"]] == ["vaggeryd", "nora"]
    assert data["sdg"]["overlap"][0]["goal_jaccard"] == 0.5
    assert data["metrics"]["nora"]["depth"] == 3


def test_markdown_report(result):
    md = result.to_markdown()
    assert md.startswith("# Jämförelse av målstyrning: Vaggeryds kommun, Nora kommun\n")
    assert "| Vaggeryds kommun \u2013 Nora kommun | 0,50 | 0,17 | 3, 4, 8, 11, 16 |" in md
    assert "| 11 Hållbara städer och samhällen | 3 (11.3, 11.7, 11.a) ◆ | 4 (11.2" in md
    assert "| Djup: längsta kedja upp till toppen | 1 | 3 |" in md
    for heading in ("## Styrmodeller", "## Agenda 2030", "## Liknande mål", "## Processer"):
        assert heading in md
    table_rows = [line for line in md.splitlines() if line.startswith("|")]
    assert all(line.endswith("|") for line in table_rows)


def test_html_report_is_self_contained_with_the_diagrams_inline(result):
    html = result.to_html()
    assert html.startswith("<!DOCTYPE html>")
    assert not re.search(r"<script|<link|<img|<iframe|\bsrc=|url\(|@import", html, re.I)
    # the comparison, the two goal chains and the two process diagrams
    assert html.count("<svg") == 5 and "<?xml" not in html
    assert 'href="https://w3id.org/goalgraph/id/nora/goal-kf6"' in html
    assert '<td class="num">0,50</td>' in html
    relative = result.to_html(link_base="")
    assert 'href="/id/nora/goal-kf6"' in relative


def test_english_report(store):
    english = compare(store, ["vaggeryd", "nora"], lang="en")
    md = english.to_markdown()
    assert md.startswith(
        "# Comparison of goal governance: Vaggeryd Municipality, Nora Municipality"
    )
    assert "| Vaggeryd Municipality \u2013 Nora Municipality | 0.50 | 0.17 |" in md
    assert "Council goals" in md and "interim report" in md


THIRD = r"""
@prefix gg: <https://w3id.org/goalgraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix sdg: <http://metadata.un.org/sdg/> .
@prefix id: <https://w3id.org/goalgraph/id/> .
@prefix x: <https://w3id.org/goalgraph/id/tredje/> .
id:tredje a gg:Municipality ; gg:municipalityCode "9997" ;
    skos:prefLabel "Tredje <b>&</b> kommun"@sv .
x:model a gg:GovernanceModel ; gg:modelOf id:tredje ; gg:hasLevel x:level-1 , x:level-2 .
x:level-1 a gg:GovernanceLevel ; skos:prefLabel "Målområden <i>"@sv ; gg:rank 1 ;
    gg:levelKind gg:FocusAreaLevel .
x:level-2 a gg:GovernanceLevel ; skos:prefLabel "Mål"@sv ; gg:rank 2 ; gg:parentLevel x:level-1 ;
    gg:levelKind gg:CouncilGoalLevel .
x:area a gg:FocusArea ; gg:municipality id:tredje ; gg:atLevel x:level-1 ;
    skos:prefLabel "Livsmiljö"@sv .
x:goal-1 a gg:Goal ; gg:municipality id:tredje ; gg:atLevel x:level-2 ; gg:supports x:area ;
    skos:prefLabel "<script>alert('x')</script> aktiv fritid för alla | barn"@sv ;
    gg:sdgContribution [ gg:sdg sdg:11.7 ; gg:basis gg:CuratedByGoalgraph ] .
"""


@pytest.fixture(scope="module")
def with_third(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "tredje.ttl"
    path.write_text(THIRD, encoding="utf-8")
    store = default_store()
    load_files(store, [path])
    return compare(store, ["vaggeryd", "nora", "tredje"])


def test_any_number_of_municipalities(with_third):
    pairs = [(o.a, o.b) for o in with_third.overlaps]
    assert pairs == [("vaggeryd", "nora"), ("vaggeryd", "tredje"), ("nora", "tredje"), ("*", "*")]
    everyone = with_third.overlaps[-1]
    # 11.7 is served by all three; SDG goal 11 likewise
    assert everyone.shared_targets == ("11.7",) and everyone.shared_goals == ("11",)
    # a focus-area level has its own row, placed above the council goals
    kinds = [row.label for row in with_third.levels]
    assert kinds.index("strategi- eller målområde") < kinds.index("fullmäktigemål")
    assert any(p.b.slug == "tredje" for p in with_third.similar)


def test_data_text_is_escaped_in_html_and_markdown(with_third):
    html = with_third.to_html()
    assert "<script>alert" not in html and "<b>&</b>" not in html
    assert "&lt;script&gt;alert(" in html and "Tredje &lt;b&gt;&amp;&lt;/b&gt; kommun" in html
    md = with_third.to_markdown()
    table_rows = [line for line in md.splitlines() if "alert" in line and line.startswith("|")]
    assert table_rows and all(r"\<script\>" in line and r"\| barn" in line for line in table_rows)


@pytest.mark.parametrize(
    ("slugs", "error", "message"),
    [
        (["nora"], GoalgraphError, "two or more municipalities"),
        (["nora", "nora"], GoalgraphError, "named twice"),
        (["nora", "oslo"], NotFoundError, "unknown municipality 'oslo'; known: {known}"),
    ],
)
def test_bad_requests(store, slugs, error, message):
    """The unknown municipality's message names every municipality of the data, in order."""
    known = ", ".join(p.stem for p in municipality_files(resources.data_dir()))
    assert "nora" in known and "vaggeryd" in known
    with pytest.raises(error, match=re.escape(message.format(known=known))):
        compare(store, slugs)
