"""Targets as municipalities write them, assessments without indicators and colour scales:
each target kind measured as written (or why it cannot be), the municipality's assessment as
the status, conflicts shown rather than kept silently, scales in words, trends and rules by
year, the target kinds a model allows, and the round trip through the sheet forms."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, XSD

from goalgraph.authoring.convert import graph_to_tables
from goalgraph.authoring.errors import AuthoringError
from goalgraph.authoring.table_reader import tables_to_graph
from goalgraph.authoring.workbook import read_workbook
from goalgraph.authoring.xlsx import read_xlsx, write_xlsx
from goalgraph.authoring.yaml_io import parse_yaml
from goalgraph.authoring.yaml_write import tables_to_yaml
from goalgraph.lifecycle.indicators import compute_status
from goalgraph.namespaces import GG

ROOT = Path(__file__).resolve().parents[2]
CASE = ROOT / "tests/shapes/cases/80-valid-targets-assessments-scales.ttl"
P = "https://w3id.org/goalgraph/id/provby/"
DATA = ROOT / "data/municipalities"


def _case() -> Graph:
    return Graph().parse(CASE, format="turtle")


def _result(graph: Graph, indicator: str, period: str, value: str, **extra: str) -> None:
    node = BNode()
    graph.add((URIRef(P + indicator), GG.hasResult, node))
    graph.add((node, RDF.type, GG.Result))
    graph.add((node, GG.period, Literal(period, datatype=XSD.gYear)))
    graph.add((node, GG.measuredValue, Literal(Decimal(value))))
    graph.add((node, DCTERMS.source, Literal("Test")))
    for key, text in extra.items():
        graph.add((node, GG[key], Literal(Decimal(text))))


def _indicators(graph: Graph, year: int | None) -> dict[str, tuple[float | None, str | None]]:
    report = compute_status(graph, "provby", year)
    return {
        iri.removeprefix(P): (
            None if r.attainment is None else round(r.attainment, 3),
            r.open("en"),
        )
        for iri, r in report.indicators.items()
    }


# --- each target kind ----------------------------------------------------------------------


def test_each_target_kind_is_measured_as_written() -> None:
    graph = _case()
    _result(graph, "ind-utslapp", "2023", "1000")
    _result(graph, "ind-utslapp", "2024", "700")  # -35 % of 1000 is 650
    _result(graph, "ind-skolgard", "2024", "0")  # due in 2024, not done
    _result(graph, "ind-resultat", "2024", "0.6")  # the 2024 exception is 0.5
    _result(graph, "ind-ranking", "2024", "95")  # among the 90 best
    found = _indicators(graph, 2024)
    assert found["ind-chefer"] == (1.0, None)  # 28, at most 30
    assert found["ind-behorighet"] == (1.0, None)  # 84 above the comparable average 82.5
    assert found["ind-utslapp"] == (round(650 / 700, 3), None)
    assert found["ind-skolgard"] == (0.0, None)
    assert found["ind-resultat"] == (1.0, None)
    assert found["ind-ranking"] == (round(90 / 95, 3), None)


def test_a_ceiling_exceeded_and_a_yearly_target_outside_its_exception() -> None:
    graph = _case()
    _result(graph, "ind-chefer", "2025", "40")
    _result(graph, "ind-resultat", "2025", "0.6")  # 2025 has no exception: 1 per cent
    found = _indicators(graph, 2025)
    assert found["ind-chefer"] == (0.75, None)
    assert found["ind-resultat"] == (0.6, None)


def test_a_comparison_without_the_comparison_value_cannot_be_assessed() -> None:
    graph = _case()
    _result(graph, "ind-behorighet", "2025", "90")  # no gg:referenceValue
    attainment, reason = _indicators(graph, 2025)["ind-behorighet"]
    assert attainment is None
    assert reason == "cannot be assessed without the average of comparable municipalities for 2025"
    report = compute_status(graph, "provby", 2025)
    reason = "kan inte bedömas utan genomsnittet för jämförbara kommuner för 2025"
    assert reason in report.to_markdown()


def test_not_better_than_the_comparison_is_not_achieved() -> None:
    graph = _case()
    _result(graph, "ind-behorighet", "2025", "82.5", referenceValue="82.5")
    attainment, _ = _indicators(graph, 2025)["ind-behorighet"]
    assert attainment is not None and attainment < 1.0


def test_a_change_from_a_baseline_year_needs_the_baseline() -> None:
    graph = _case()
    _result(graph, "ind-utslapp", "2024", "700")  # no result for 2023 and no baseline value
    attainment, reason = _indicators(graph, 2024)["ind-utslapp"]
    assert attainment is None
    assert reason == "cannot be assessed without the value for the baseline year 2023"


def test_a_milestone_before_its_year_is_not_yet_due() -> None:
    graph = _case()
    _result(graph, "ind-skolgard", "2023", "0")
    attainment, reason = _indicators(graph, 2023)["ind-skolgard"]
    assert attainment is None and reason == "due in 2024; not done in 2023"


# --- conflicts ---------------------------------------------------------------------------


def test_two_different_results_for_one_period_are_both_shown_and_not_assessed() -> None:
    graph = _case()
    _result(graph, "ind-chefer", "2024", "33")  # beside 28
    report = compute_status(graph, "provby", 2024)
    result = report.indicators[P + "ind-chefer"]
    assert result.conflict == (28.0, 33.0) and result.attainment is None
    markdown = report.to_markdown("sv")
    assert "28 antal / 33 antal" in markdown and "två olika utfall för samma period" in markdown


def test_the_assessment_gives_the_status_and_two_different_ones_give_none() -> None:
    graph = _case()
    council = compute_status(graph, "provby", 2024).goal(P + "goal-kf1-2023")
    assert council.status == str(GG.PartlyAchieved)
    assert council.attainment is None  # the council level's status is its assessment only
    assert council.assessments[0].motivation("sv") == (
        "Fler elever känner sig trygga, men inte i alla skolor."
    )
    second = URIRef(P + "assessment-kf1-2024-b")
    graph.add((second, RDF.type, GG.Assessment))
    graph.add((second, GG.assesses, URIRef(P + "goal-kf1-2023")))
    graph.add((second, GG.assessedPeriod, Literal("2024", datatype=XSD.gYear)))
    graph.add((second, GG.status, GG.Achieved))
    council = compute_status(graph, "provby", 2024).goal(P + "goal-kf1-2023")
    assert council.conflict and council.status == str(GG.NoData)
    assert council.note("en") == "two different assessments for the same period"
    assert len(council.assessments) == 2


def test_a_level_assessed_as_a_whole_set_is_reported_with_its_counts() -> None:
    report = compute_status(_case(), "provby", 2024)
    (whole,) = report.set_assessments
    assert whole.subject == P + "level-nm"
    assert (whole.assessed, whole.achieved, whole.partly, whole.not_achieved) == (10, 4, 3, 3)
    assert "4 av 10 uppnådda; 3 av 10 delvis uppnådda; 3 av 10 inte uppnådda" in (
        report.to_markdown("sv")
    )


# --- scales -------------------------------------------------------------------------------


def test_the_rule_of_the_year_applies_and_a_scale_in_words_computes_no_status() -> None:
    graph = _case()
    board_2024 = compute_status(graph, "provby", 2024).goal(P + "goal-bun1")
    assert board_2024.rule == P + "rollup" and board_2024.status == str(GG.Achieved)
    _result(graph, "ind-trygghet", "2025", "95")
    board_2025 = compute_status(graph, "provby", 2025).goal(P + "goal-bun1")
    assert board_2025.rule == P + "rollup-2025"
    assert board_2025.status == str(GG.TowardsTarget)  # 91 → 95, the scale's trend band
    rule = URIRef(P + "rollup-2025")
    for band in list(graph.objects(rule, GG.hasBand)):
        if (band, GG.trend, None) in graph:
            graph.remove((rule, GG.hasBand, band))
    board_2025 = compute_status(graph, "provby", 2025).goal(P + "goal-bun1")
    assert board_2025.status == str(GG.NoData) and board_2025.attainment is not None
    assert "no thresholds" in (board_2025.note("en") or "")


def test_an_assessment_shows_the_symbol_of_the_scale() -> None:
    graph = _case()
    node = URIRef(P + "assessment-bun1-2025")
    graph.add((node, RDF.type, GG.Assessment))
    graph.add((node, GG.assesses, URIRef(P + "goal-bun1")))
    graph.add((node, GG.assessedPeriod, Literal("2025", datatype=XSD.gYear)))
    graph.add((node, GG.status, GG.NotAchieved))
    board = compute_status(graph, "provby", 2025).goal(P + "goal-bun1")
    assert board.band.symbol == "😒" and board.band.label("sv") == "😒 Inte uppnått"
    assert board.band.definition("sv") == "Målet bedöms inte bli uppfyllt under året."


def test_a_trend_scale_shows_the_direction_of_the_latest_results() -> None:
    graph = _case()
    rule = URIRef(P + "rollup-trend")
    graph.add((rule, RDF.type, GG.RollUpRule))
    for trend, colour in ((GG.TowardsTarget, "#2e7d32"), (GG.AwayFromTarget, "#c62828")):
        band = BNode()
        graph.add((rule, GG.hasBand, band))
        graph.add((band, GG.trend, trend))
        graph.add((band, GG.colour, Literal(colour)))
    graph.add((URIRef(P + "goal-bun1"), GG.rollUpRule, rule))
    _result(graph, "ind-chefer", "2023", "31")  # 31 → 28: fewer per manager, towards
    _result(graph, "ind-ranking", "2023", "80")
    _result(graph, "ind-ranking", "2024", "95")  # 80 → 95: away from the best places
    _result(graph, "ind-resultat", "2023", "0.2")
    _result(graph, "ind-resultat", "2024", "0.6")  # up: towards
    board = compute_status(graph, "provby", 2024).goal(P + "goal-bun1")
    assert board.trend == str(GG.TowardsTarget)  # two of three indicators point the right way
    assert board.band.colour == "#2e7d32" and board.band.label("sv") == "rör sig mot målet"


# --- the form ---------------------------------------------------------------------------


def test_targets_assessments_and_scales_round_trip_through_yaml_and_xlsx(tmp_path: Path) -> None:
    graph = _case()
    _result(graph, "ind-behorighet", "2025", "85", referenceValue="83")
    counts = (GG.rank, GG.assessedCount, GG.achievedCount, GG.partlyAchievedCount)
    for s, p, o in list(graph):  # the form writes these numbers as decimals
        integer = isinstance(o, Literal) and o.datatype == XSD.integer
        if integer and p not in (*counts, GG.notAchievedCount):
            graph.remove((s, p, o))
            graph.add((s, p, Literal(Decimal(str(o)))))
    for cls in (GG.FollowUpPoint, GG.GovernanceLevel, GG.RollUpRule):  # as the template has them
        for node in list(graph.subjects(RDF.type, cls)):
            graph.add((node, GG.municipality, URIRef("https://w3id.org/goalgraph/id/provby")))
    tables = graph_to_tables(graph, "provby")
    slug, from_yaml = tables_to_graph(parse_yaml(tables_to_yaml(tables), "provby.yaml"), "x")
    assert slug == "provby"
    assert isomorphic(from_yaml, graph)
    path = write_xlsx(tables, tmp_path / "provby.xlsx")
    _, from_xlsx = tables_to_graph(read_xlsx(path), str(path))
    assert isomorphic(_numbers(from_xlsx), _numbers(graph))  # Excel writes 1.0 as 1


def _numbers(graph: Graph) -> Graph:
    """The graph with each decimal in its shortest form."""
    out = Graph()
    for s, p, o in graph:
        if isinstance(o, Literal) and o.datatype == XSD.decimal:
            o = Literal(format(Decimal(str(o)).normalize(), "f"), datatype=XSD.decimal)
        out.add((s, p, o))
    return out


def _yaml(target_kinds: str, kind: str) -> str:
    return f"""goalgraph: mall 1
municipality:
  - {{id: provby, code: "9901", label_sv: Provby kommun}}
model:
  - {{id: model, label_sv: Styrmodell, target_kinds: "{target_kinds}"}}
levels:
  - {{id: level-kf, label_sv: Fullmäktigemål, rank: 1, member_class: mål, indicators_here: ja}}
goals:
  - {{id: goal-kf1, type: mål, label_sv: Provby ska växa, level: level-kf}}
indicators:
  - {{id: ind-invanare, label_sv: Antal invånare, goals: goal-kf1, target: 9000}}
  - {{id: ind-chefer, label_sv: Medarbetare per chef, goals: goal-kf1, target_kind: "{kind}",
      target: 30}}
"""


def test_a_target_kind_the_model_does_not_use_is_an_error_at_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "provby.yaml"
    path.write_text(_yaml("placering", "tak"), encoding="utf-8")
    with pytest.raises(AuthoringError) as caught:
        read_workbook(path)
    (issue,) = caught.value.issues
    assert (issue.source, issue.sheet, issue.row, issue.column) == (
        "provby.yaml:12",
        "indicators",
        2,
        "target_kind",
    )
    assert issue.message("sv") == (
        "'tak' är ingen måltyp som kommunens styrmodell använder "
        "(lägg till den i kolumnen måltyper på bladet Styrmodell)"
    )
    path.write_text(_yaml("placering; tak", "tak"), encoding="utf-8")
    _, graph = read_workbook(path)
    assert (URIRef(P + "ind-chefer"), GG.targetKind, GG.CeilingTarget) in graph


def test_an_unknown_target_kind_names_the_kinds_there_are(tmp_path: Path) -> None:
    path = tmp_path / "provby.yaml"
    path.write_text(_yaml("tak", "golv"), encoding="utf-8")
    with pytest.raises(AuthoringError) as caught:
        read_workbook(path)
    (issue,) = caught.value.issues
    assert (issue.sheet, issue.row, issue.column) == ("indicators", 2, "target_kind")
    assert "'golv' är inget av:" in issue.message("sv") and "tak" in issue.message("sv")


# --- the real municipalities ---------------------------------------------------------------


def _real(slug: str) -> Graph:
    return Graph().parse(DATA / f"{slug}.ttl", format="turtle")


def test_vargarda_sub_goal_has_its_symbol_and_the_whole_set_its_counts() -> None:
    report = compute_status(_real("vargarda"), "vargarda", 2023)
    base = "https://w3id.org/goalgraph/id/vargarda/"
    sub_goal = report.goal(base + "goal-delmal-skola-1")
    assert sub_goal.band.label("sv") == "😒 Inte uppnått"
    assert sub_goal.band.definition("sv") == "Delmålet bedöms inte bli uppfyllt under året"
    counts = {a.subject.removeprefix(base): a for a in report.set_assessments}
    whole = counts["level-delmal"]
    assert (whole.assessed, whole.achieved, whole.partly, whole.not_achieved) == (30, 8, 3, 19)
    assert counts["doc-bvp-2023-2025"].status == str(GG.PartlyAchieved)


def test_kungsor_comparative_target_says_what_it_needs() -> None:
    graph = _real("kungsor")
    report = compute_status(graph, "kungsor", None)
    eligibility = report.indicators["https://w3id.org/goalgraph/id/kungsor/ind-behorighet-2021"]
    assert eligibility.target_kind == str(GG.ComparativeTarget)
    assert eligibility.value is None  # the source gives no result yet
    ranking = report.indicators["https://w3id.org/goalgraph/id/kungsor/ind-miljokommun"]
    assert ranking.target_kind == str(GG.RankingTarget)


def test_in_a_workbook_the_error_names_the_sheet_row_and_header(tmp_path: Path) -> None:
    source = tmp_path / "provby.yaml"
    source.write_text(_yaml("placering; tak", "tak"), encoding="utf-8")
    _, graph = read_workbook(source)
    path = write_xlsx(graph_to_tables(graph, "provby"), tmp_path / "provby.xlsx")
    book = load_workbook(path)
    model = book["Styrmodell"]
    column = [c.value for c in model[1]].index("måltyper") + 1
    model.cell(row=2, column=column, value="placering")  # the model no longer lists "tak"
    book.save(path)
    with pytest.raises(AuthoringError) as caught:
        read_workbook(path)
    (issue,) = caught.value.issues
    indicators = load_workbook(path, read_only=True)["Indikatorer"]
    row = next(
        n for n, r in enumerate(indicators.iter_rows(values_only=True), 1) if r[0] == "ind-chefer"
    )
    assert (issue.sheet, issue.row, issue.column) == ("Indikatorer", row, "måltyp")
    assert issue.location("sv").endswith(f'blad "Indikatorer", rad {row}, kolumn "måltyp"')
