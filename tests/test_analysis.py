"""Structural analysis: metrics of the real chains checked against values counted by hand in the
data, and of a small made-up chain with the faults the metrics exist to find."""

from __future__ import annotations

import json

import pytest

from goalgraph import resources as _resources
from goalgraph.analysis import analyse, read_municipality
from goalgraph.errors import NotFoundError
from goalgraph.store.load import default_store, load_files
from goalgraph.store.load import municipality_files as _municipality_files
from goalgraph.store.oxigraph import OxigraphStore

#: The municipalities of data/, as an unknown municipality's message names them.
KNOWN = ", ".join(p.stem for p in _municipality_files(_resources.data_dir()))

VAGGERYD = "https://w3id.org/goalgraph/id/vaggeryd/"


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return default_store()


def test_vaggeryd_structure(store):
    m = analyse(store, "vaggeryd")
    # vision + four council goals, each supporting the vision
    assert (m.elements, m.links, m.depth, m.completeness) == (5, 4, 1, 1.0)
    assert [(lv.label, lv.elements, lv.completeness) for lv in m.levels] == [
        ("Vision", 1, 1.0),
        ("Fullmäktigemål", 4, 1.0),
        ("Nämndmål", 0, None),
    ]
    assert m.populated_levels == 2
    vision, council, _ = m.levels
    assert (vision.fan_in_mean, vision.fan_in_max) == (4.0, 4)
    assert (council.fan_out_mean, council.fan_out_max) == (1.0, 1)
    assert m.orphans == ()
    # the model has board goals below the council goals, the data none: four dead ends
    assert sorted(r.iri for r in m.dead_ends) == [f"{VAGGERYD}goal-kf{n}" for n in range(1, 5)]
    assert [(c.label, c.count) for c in m.goals_per_body] == [("KF", 4)]
    # the strategic development programme supports each council goal
    assert {c.count for c in m.documents_per_goal} == {1} and len(m.documents_per_goal) == 4
    assert m.key_goals == ()


def test_vaggeryd_sdg_coverage(store):
    m = analyse(store, "vaggeryd")
    # kf1: 11.3 11.a 8.4 | kf2: 8.5 8.2 4.1 4.4 | kf3: 3.4 4.3 11.7 | kf4: 11.7 10.2 16.1 16.7
    assert {c.label: c.count for c in m.sdg_goals} == {
        "3": 1,
        "4": 2,
        "8": 2,
        "10": 1,
        "11": 3,
        "16": 1,
    }
    targets = {c.label: c.count for c in m.sdg_targets}
    assert len(targets) == 13 and targets["11.7"] == 2
    assert sum(targets.values()) == 14
    assert (m.goals_with_sdg, m.goals, m.sdg_share) == (4, 4, 1.0)
    # the programme covers all 17 goals: shown, but not counted as goal coverage
    assert m.sdg_goals_via_documents == tuple(str(n) for n in range(1, 18))


def test_nora_structure(store):
    m = analyse(store, "nora")
    # vision, overarching goal, 3 sub-goals, 11 council goals; each council goal supports
    # the overarching goal and the three sub-goals: 1 + 3 + 11 * 4 links
    assert (m.elements, m.links, m.depth, m.completeness) == (16, 48, 3, 1.0)
    assert [lv.elements for lv in m.levels] == [1, 1, 3, 11, 0, 0]
    overarching, sub_goals, council = m.levels[1], m.levels[2], m.levels[3]
    assert overarching.fan_in_max == 14
    assert (sub_goals.fan_in_mean, sub_goals.fan_in_max) == (11.0, 11)
    assert (council.fan_out_mean, council.fan_in_max) == (4.0, 0)
    assert len(m.dead_ends) == 11 and m.orphans == ()
    assert [(c.label, c.count) for c in m.goals_per_body] == [("KF", 11)]
    assert all(c.count == 0 for c in m.documents_per_goal)
    # every element below the overarching goal reaches the vision only through it
    assert [(k.label, k.dependents, k.share) for k in m.key_goals] == [
        ("13 000 invånare 2030", 14, 14 / 16)
    ]
    assert (m.goals_with_sdg, m.goals) == (11, 15)
    assert [c.label for c in m.sdg_goals] == ["1", "3", "4", "8", "9", "11", "13", "16", "17"]
    assert len(m.sdg_targets) == 21


BROKEN = r"""
@prefix gg: <https://w3id.org/goalgraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix sdg: <http://metadata.un.org/sdg/> .
@prefix id: <https://w3id.org/goalgraph/id/> .
@prefix x: <https://w3id.org/goalgraph/id/brokenby/> .

id:brokenby a gg:Municipality ; gg:municipalityCode "9998" ; skos:prefLabel "Brokenby kommun"@sv .
x:model a gg:GovernanceModel ; gg:modelOf id:brokenby ;
    gg:hasLevel x:level-a , x:level-b , x:level-c .
x:level-a a gg:GovernanceLevel ; skos:prefLabel "Vision"@sv ; gg:rank 1 .
x:level-b a gg:GovernanceLevel ; skos:prefLabel "Inriktningar"@sv ; gg:rank 2 ;
    gg:parentLevel x:level-a .
x:level-c a gg:GovernanceLevel ; skos:prefLabel "Nämndmål"@sv ; gg:rank 3 ;
    gg:parentLevel x:level-b .
x:body-a a gg:Board ; gg:municipality id:brokenby ; skos:prefLabel "Nämnd A"@sv .
x:body-b a gg:MunicipalCompany ; gg:municipality id:brokenby ; skos:prefLabel "Bolag B"@sv .

x:v a gg:Vision ; gg:municipality id:brokenby ; gg:atLevel x:level-a ; skos:prefLabel "V"@sv .
x:b1 a gg:Goal ; gg:municipality id:brokenby ; gg:atLevel x:level-b ; skos:prefLabel "B1"@sv ;
    gg:supports x:v ; gg:ownedBy x:body-a ;
    gg:sdgContribution [ gg:sdg sdg:11.3 ; gg:basis gg:CuratedByGoalgraph ] .
x:b2 a gg:Goal ; gg:municipality id:brokenby ; gg:atLevel x:level-b ; skos:prefLabel "B2"@sv ;
    gg:supports x:v ; gg:ownedBy x:body-a ;
    gg:sdgContribution [ gg:sdg sdg:11 ; gg:basis gg:DecidedByMunicipality ] .
x:b3 a gg:Goal ; gg:municipality id:brokenby ; gg:atLevel x:level-b ; skos:prefLabel "B3"@sv .
x:b4 a gg:Goal ; gg:municipality id:brokenby ; gg:atLevel x:level-b ; skos:prefLabel "B4"@sv ;
    gg:supports x:v ; gg:ownedBy x:body-b .
x:c1 a gg:Goal ; gg:municipality id:brokenby ; gg:atLevel x:level-c ; skos:prefLabel "C1"@sv ;
    gg:supports x:b1 ; gg:contributingBody x:body-b ;
    gg:sdgContribution [ gg:sdg sdg:3.4 ; gg:basis gg:CuratedByGoalgraph ] .
x:c2 a gg:Goal ; gg:municipality id:brokenby ; gg:atLevel x:level-c ; skos:prefLabel "C2"@sv ;
    gg:supports x:b3 .
x:c3 a gg:Goal ; gg:municipality id:brokenby ; gg:atLevel x:level-c ; skos:prefLabel "C3"@sv ;
    gg:supports x:b1 , x:b2 .
x:c5 a gg:Goal ; gg:municipality id:brokenby ; gg:atLevel x:level-c ; skos:prefLabel "C5"@sv ;
    gg:supports x:c6 .
x:c6 a gg:Goal ; gg:municipality id:brokenby ; gg:atLevel x:level-c ; skos:prefLabel "C6"@sv ;
    gg:supports x:c5 .
x:doc a gg:Programme ; gg:municipality id:brokenby ; skos:prefLabel "Program"@sv ;
    gg:supportsGoal x:b1 , x:b2 ;
    gg:sdgContribution [ gg:sdg sdg:5 ; gg:basis gg:StatedInSource ] .
"""


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    path = tmp_path_factory.mktemp("data") / "brokenby.ttl"
    path.write_text(BROKEN, encoding="utf-8")
    store = default_store()
    load_files(store, [path])
    return analyse(store, "brokenby")


def test_completeness_counts_the_elements_whose_chain_reaches_the_top(broken):
    # below the top: b1 b2 b3 b4 c1 c2 c3 c5 c6; reaching the vision: b1 b2 b4 c1 c3
    assert broken.completeness == 5 / 9
    levels = {lv.label: lv for lv in broken.levels}
    assert (levels["Inriktningar"].reaching_top, levels["Inriktningar"].completeness) == (3, 0.75)
    assert (levels["Nämndmål"].reaching_top, levels["Nämndmål"].completeness) == (2, 0.4)
    assert broken.depth == 2  # c1 -> b1 -> v


def test_orphans_dead_ends_fan_in_and_fan_out(broken):
    assert [r.label for r in broken.orphans] == ["B3"]
    assert [r.label for r in broken.dead_ends] == ["B4"]
    levels = {lv.label: lv for lv in broken.levels}
    assert (levels["Inriktningar"].fan_in_mean, levels["Inriktningar"].fan_in_max) == (1.0, 2)
    assert (levels["Nämndmål"].fan_out_mean, levels["Nämndmål"].fan_out_max) == (1.2, 2)


def test_key_goals_are_the_ones_others_reach_the_top_only_through(broken):
    # c1 reaches the vision only through b1; c3 also through b2
    assert [(k.label, k.dependents, k.share) for k in broken.key_goals] == [("B1", 1, 0.1)]


def test_goals_per_body_documents_and_sdg(broken):
    assert [(c.label, c.count) for c in broken.goals_per_body] == [("Nämnd A", 2), ("Bolag B", 1)]
    assert [(c.label, c.count) for c in broken.contributions_per_body] == [("Bolag B", 1)]
    documents = {c.label: c.count for c in broken.documents_per_goal}
    assert documents["B1"] == documents["B2"] == 1 and documents["B3"] == 0
    assert {c.label: c.count for c in broken.sdg_goals} == {"3": 1, "11": 2}
    assert {c.label: c.count for c in broken.sdg_targets} == {"3.4": 1, "11.3": 1}
    assert (broken.goals_with_sdg, broken.goals) == (3, 9)
    assert broken.sdg_goals_via_documents == ("5",)


def test_metrics_as_json(store):
    data = analyse(store, "nora").to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["depth"] == 3 and data["key_goals"][0]["share"] == 0.875
    assert data["levels"][3]["label"] == "Fullmäktigemål"


def test_model_reads_the_governance_model_from_the_data(store):
    nora = read_municipality(store, "nora", "en")
    assert [lv.label for lv in nora.levels][:4] == [
        "Vision",
        "Overarching goal",
        "Sub-goals of the overarching goal",
        "Council goals",
    ]
    council = nora.levels[3]
    assert [r.label for r in council.decided_by] == ["municipal council"]
    assert council.indicators_here is False and nora.levels[4].indicators_here is True


def test_unknown_municipality(store):
    with pytest.raises(NotFoundError, match=f"unknown municipality 'oslo'; known: {KNOWN}"):
        analyse(store, "oslo")
