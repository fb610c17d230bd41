"""The reference list of Sweden's 290 municipalities: the CSV, the generated graph, its loading
and the named query that names municipalities with and without goal data."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from goalgraph import run_query
from goalgraph.reference.municipalities import (
    COLUMNS,
    SCHEME,
    build_municipalities_graph,
    county_iri,
    main,
    municipalities_turtle,
    municipality_iri,
    read_rows,
)
from goalgraph.resources import data_dir
from goalgraph.store.load import MUNICIPALITIES_GRAPH, data_fingerprint, load_data
from goalgraph.store.oxigraph import OxigraphStore

FOLDER = data_dir() / "reference"
CSV = FOLDER / "kommuner.csv"
TTL = FOLDER / "municipalities.ttl"

# Rows as the sources print them (the first rows of the English Wikipedia list and Kolada's
# municipality list; see data/reference/SOURCES.md).
SOURCE_ROWS = {
    "1440": "Ale",
    "1489": "Alingsås",
    "0764": "Alvesta",
    "0604": "Aneby",
    "1984": "Arboga",
    "2506": "Arjeplog",
    "2505": "Arvidsjaur",
    "1784": "Arvika",
    "1882": "Askersund",
    "2084": "Avesta",
    "1460": "Bengtsfors",
    "2326": "Berg",
    "2403": "Bjurholm",
    "1260": "Bjuv",
    "2582": "Boden",
    "1443": "Bollebygd",
    "0114": "Upplands Väsby",
    "0115": "Vallentuna",
    "0117": "Österåker",
    "0120": "Värmdö",
    "0123": "Järfälla",
    "0180": "Stockholm",
}


def test_the_csv_has_exactly_290_municipalities_with_codes_of_their_county() -> None:
    rows = read_rows(CSV)
    assert len(rows) == 290
    assert len({r.code for r in rows}) == 290
    assert len({r.county_code for r in rows}) == 21
    for row in rows:
        assert len(row.code) == 4 and row.code.isdigit()
        assert row.code[:2] == row.county_code
        assert row.kolada_id == row.code
    names = {r.code: r.name_sv for r in rows}
    assert {code: names[code] for code in SOURCE_ROWS} == SOURCE_ROWS
    assert {r.code: r.county for r in rows}["0331"] == "Uppsala län"  # Heby since 2007


def test_the_committed_turtle_is_the_generators_output() -> None:
    assert TTL.read_text(encoding="utf-8") == municipalities_turtle(CSV)


def test_the_graph_names_each_municipality_and_its_county() -> None:
    graph = Graph().parse(TTL)
    entries = set(graph.subjects(SKOS.inScheme, SCHEME))
    assert len(entries) == 290 + 21
    stockholm = municipality_iri("0180")
    assert graph.value(stockholm, SKOS.broader) == county_iri("01")
    assert graph.value(county_iri("01"), SKOS.prefLabel) == Literal("Stockholms län", lang="sv")
    assert graph.value(stockholm, SKOS.exactMatch) == URIRef(
        "https://api.kolada.se/v3/municipality/0180"
    )
    goteborg = set(graph.objects(municipality_iri("1480"), SKOS.prefLabel))
    assert goteborg == {Literal("Göteborg", lang="sv"), Literal("Gothenburg", lang="en")}
    # no English name where English has none of its own
    labels = graph.objects(stockholm, SKOS.prefLabel)
    assert {lit.language for lit in labels if isinstance(lit, Literal)} == {"sv"}


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


def _rows() -> list[list[str]]:
    with CSV.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))[1:]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda rows: rows[:-1], "expected 290 municipalities"),
        (lambda rows: [*rows[:-1], rows[0]], "kommunkod repeated: 0114"),
        (lambda rows: [["114", *rows[0][1:]], *rows[1:]], "not four digits"),
        (lambda rows: [[rows[0][0], rows[0][1], "", "03", *rows[0][4:]], *rows[1:]], "county code"),
        (lambda rows: [[*rows[0][:5], "0180"], *rows[1:]], "Kolada id must be the kommunkod"),
    ],
)
def test_a_broken_list_is_refused_naming_the_file_and_problem(
    tmp_path: Path, change, message: str
) -> None:
    path = _write(tmp_path / "kommuner.csv", change(_rows()))
    with pytest.raises(ValueError, match=message) as caught:
        build_municipalities_graph(path)
    assert str(path) in str(caught.value)


def test_the_command_writes_the_graph(tmp_path: Path) -> None:
    out = tmp_path / "m.ttl"
    main(["--source", str(CSV), "--out", str(out)])
    assert out.read_text(encoding="utf-8") == TTL.read_text(encoding="utf-8")


def test_the_reference_graph_loads_beside_the_sdg_graph(store) -> None:
    assert MUNICIPALITIES_GRAPH in store.named_graphs()
    rows = store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s "
        "<http://www.w3.org/2004/02/skos/core#inScheme> "
        "<https://w3id.org/goalgraph/id/reference/municipalities> } }"
    )
    assert [int(str(r["n"])) for r in rows] == [311]


def test_the_reference_graph_is_not_counted_as_a_municipality(store) -> None:
    from goalgraph.store.load import stored_summary

    summary = stored_summary(store)
    assert "reference" not in " ".join(summary.municipalities)
    assert {"nora", "vaggeryd"} <= set(summary.municipalities)


def test_the_list_names_municipalities_with_and_without_goal_data(store) -> None:
    rows = run_query(store, "reference-municipalities")
    assert len(rows) == 290
    by_code = {str(r["code"]): r for r in rows}
    assert str(by_code["1884"]["hasGoalData"]) == "true"
    assert str(by_code["0665"]["hasGoalData"]) == "true"
    assert str(by_code["2584"]["hasGoalData"]) == "false"
    assert str(by_code["2584"]["label"]) == "Kiruna"
    assert str(by_code["2584"]["county"]) == "Norrbottens län"
    assert str(by_code["2584"]["koladaId"]) == "2584"
    english = {
        str(r["code"]): str(r["label"])
        for r in run_query(store, "reference-municipalities", lang="en")
    }
    assert english["1480"] == "Gothenburg" and english["2584"] == "Kiruna"


def test_a_data_folder_without_the_reference_list_still_loads(tmp_path: Path) -> None:
    (tmp_path / "municipalities").mkdir()
    (tmp_path / "sdg").mkdir()
    for path in (data_dir() / "sdg").glob("*.ttl"):
        (tmp_path / "sdg" / path.name).write_bytes(path.read_bytes())
    store = OxigraphStore()
    summary = load_data(store, tmp_path)
    assert MUNICIPALITIES_GRAPH not in summary.graphs
    before = data_fingerprint(tmp_path)
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "municipalities.ttl").write_bytes(TTL.read_bytes())
    assert data_fingerprint(tmp_path) != before  # a changed list reloads a persistent store
    summary = load_data(store, tmp_path)
    assert summary.graphs[MUNICIPALITIES_GRAPH] > 1500
