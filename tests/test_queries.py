"""Named queries: every .rq prepares, and the queries answer what the sources state."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.plugins.sparql import prepareQuery

from goalgraph import NotFoundError, QueryError, resources, run_query
from goalgraph.model.reader import read_municipality
from goalgraph.namespaces import ID, SDG, municipality_ns
from goalgraph.resources import view_queries_dir
from goalgraph.sparql.named import named_queries, read_queries
from goalgraph.store.load import municipality_files

NORA = municipality_ns("nora")
VAGGERYD = municipality_ns("vaggeryd")

REQUIRED = {
    "documents-supporting-goal",
    "chain-up",
    "goals-of-body",
    "sdg-coverage",
    "goals-without-indicator-or-owner",
    "goals-serving-sdg",
}


def test_the_required_named_queries_exist() -> None:
    assert set(named_queries()) >= REQUIRED


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_prepares_and_documents_itself(name: str, store) -> None:
    query = named_queries()[name]
    prepareQuery(query.text)
    assert query.title and query.purpose, f"{name}.rq needs a title and a Purpose: line"
    variables = {p.name for p in query.parameters}
    for variable in variables:
        assert f"?{variable}" in query.text, f"{name}: parameter {variable} is not used"


def _council_goals(store, slug: str) -> list[rdflib.URIRef]:
    rows = run_query(store, "goals-of-municipality", municipality=slug)
    return sorted(
        {r["element"] for r in rows if str(r["levelName"]).lower().startswith("fullmäktige")}
    )


def test_all_eleven_nora_council_goals_reach_the_overarching_goal_and_the_vision(store) -> None:
    goals = _council_goals(store, "nora")
    assert len(goals) == 11
    for goal in goals:
        chain = run_query(store, "chain-up", goal=goal)
        kinds = {str(r["levelName"]) for r in chain}
        elements = {r["element"] for r in chain}
        assert NORA["goal-overarching"] in elements, goal
        assert NORA["vision"] in elements, goal
        assert str(chain.rows[-1]["levelName"]) == "Vision", kinds


def test_vaggeryds_four_council_goals_each_reach_the_vision(store) -> None:
    goals = _council_goals(store, "vaggeryd")
    assert len(goals) == 4
    for goal in goals:
        elements = {r["element"] for r in run_query(store, "chain-up", goal=goal)}
        assert elements == {VAGGERYD["vision"]}


def test_the_programme_supports_each_vaggeryd_goal_and_through_them_the_vision(store) -> None:
    direct = run_query(store, "documents-supporting-goal", goal="vaggeryd:goal-kf1")
    titles = {str(r["title"]) for r in direct}
    assert "Strategiskt utvecklingsprogram" in titles
    through = run_query(store, "documents-supporting-goal", goal="vaggeryd:vision")
    via = {r["via"] for r in through if "utvecklingsprogram" in str(r["title"])}
    assert via == set(_council_goals(store, "vaggeryd"))
    assert not any(r["direct"].toPython() for r in through if r["via"] in via)


def test_goals_of_the_council_are_the_council_goals(store) -> None:
    rows = run_query(store, "goals-of-body", body="nora:body-kf")
    owned = sorted({r["goal"] for r in rows if str(r["role"]) == "owner"})
    assert set(_council_goals(store, "nora")) <= set(owned)


def test_sdg_coverage_of_vaggeryd_spans_all_seventeen_goals_through_the_programme(store) -> None:
    rows = run_query(store, "sdg-coverage", municipality="vaggeryd")
    goals = {r["sdgGoal"] for r in rows}
    assert goals == {SDG[str(n)] for n in range(1, 18)}
    curated = {r["target"] for r in rows if r["target"] is not None}
    assert curated, "the curated goal → target links appear with their targets"
    bases = {r["basis"].split("#")[1] for r in rows}
    assert bases == {"StatedInSource", "CuratedByGoalgraph"}


def test_goals_without_indicator_or_owner_in_nora_are_the_goals_without_indicator(store) -> None:
    rows = run_query(store, "goals-without-indicator-or-owner", municipality="nora")
    assert rows.rows, "Nora's goals have no indicators: the source leaves them to the boards"
    assert all(r["missingIndicator"].toPython() for r in rows)


def test_goals_serving_an_sdg_goal_span_municipalities(store) -> None:
    """Every municipality whose goals (as read by the model) serve SDG 11, Nora and Vaggeryd
    among them, and no other."""
    rows = run_query(store, "goals-serving-sdg", sdg="sdg:11")
    serving = set()
    for path in municipality_files(resources.data_dir()):
        model = read_municipality(store, path.stem)
        if any(link.goal_notation == "11" for link in model.goal_links()):
            serving.add(ID[path.stem])
    assert {ID["vaggeryd"], ID["nora"]} <= serving
    assert {r["municipality"] for r in rows} == serving
    # Nora and Vaggeryd link targets; a municipality may also link the goal itself (Kungsör's
    # goals carry SDG names), so across all only "SDG 11 or one of its targets" holds
    for r in rows:
        linked = str(r["linkedTo"])
        if r["municipality"] in (ID["vaggeryd"], ID["nora"]):
            assert linked.startswith(str(SDG) + "11."), linked
        assert linked == str(SDG) + "11" or linked.startswith(str(SDG) + "11."), linked
    assert all(r["reason"] is not None for r in rows)


def test_unknown_goal_is_an_error_naming_it(store) -> None:
    with pytest.raises(NotFoundError, match="nora/goal-kf99"):
        run_query(store, "chain-up", goal="nora:goal-kf99")


def test_unknown_municipality_is_an_error(store) -> None:
    with pytest.raises(NotFoundError, match="id/stockholm"):
        run_query(store, "sdg-coverage", municipality="stockholm")


def test_unknown_query_and_parameter_are_errors(store) -> None:
    with pytest.raises(NotFoundError, match="known queries"):
        run_query(store, "no-such-query")
    with pytest.raises(QueryError, match="no parameter"):
        run_query(store, "chain-up", goal="nora:goal-kf1", colour="red")


def test_parameters_are_bound_not_spliced(store) -> None:
    hostile = 'nora:goal-kf1> } ; DROP ALL ; SELECT * { ?s ?p "'
    with pytest.raises(QueryError, match="not an IRI"):
        run_query(store, "chain-up", goal=hostile)


@pytest.mark.parametrize("name", sorted(read_queries(view_queries_dir())))
def test_every_view_query_prepares_and_documents_itself(name: str) -> None:
    query = read_queries(view_queries_dir())[name]
    prepareQuery(query.text)
    assert query.title and query.purpose, f"{name}.rq needs a title and a Purpose: line"
    for parameter in query.parameters:
        assert f"?{parameter.name}" in query.text, f"{name}: parameter {parameter.name} is unused"
