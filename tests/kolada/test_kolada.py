"""Kolada results: fetched from a local server on loopback that replays real answers of
Kolada's API (tests/kolada/fixtures, see SOURCES.md), or imported from a downloaded file; bad
input is a clear error or a stated gap, and nothing is half-imported.

The answers are for the KPI N21704 and Umeå (kommunkod 2480) in 2023. Umeå's graph comes from
data/; the indicator with that Kolada id is added by the test (:func:`umea_with_indicator`),
it is not in Umeå's sources."""

from __future__ import annotations

import datetime as dt
import json
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import ClassVar

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from goalgraph import resources
from goalgraph.authoring.workbook import (
    ImportValidationError,
    import_graph,
    municipality_graph_of,
    read_workbook,
)
from goalgraph.cli import main
from goalgraph.lifecycle.indicators import compute_status
from goalgraph.lifecycle.kolada import (
    KoladaError,
    KoladaUnavailableError,
    fetch_results,
    import_results,
    parse_years,
    read_results_file,
)
from goalgraph.namespaces import GG, GRAPH, municipality_iri, municipality_ns
from goalgraph.store.load import load_files
from goalgraph.store.oxigraph import OxigraphStore

FIXTURES = Path(__file__).parent / "fixtures"
UMEA = resources.data_dir() / "municipalities" / "umea.yaml"
UMEA_GRAPH = str(GRAPH["umea"])
NS = municipality_ns("umea")
INDICATOR = NS["ind-hemtjanst-80"]
#: A goal with no period (valid in 2023) and one of the goals for 2019–2022.
OPEN_GOAL, GOAL_2019 = NS["goal-mal-2"], NS["goal-2019-folkhalsa"]
DAY = dt.date(2025, 3, 20)
XSD = "http://www.w3.org/2001/XMLSchema#"
GYEAR, DECIMAL, DATE = URIRef(f"{XSD}gYear"), URIRef(f"{XSD}decimal"), URIRef(f"{XSD}date")
#: Umeå's value for N21704 in 2023 (gender T), as Kolada answered.
VALUE_2023 = "20.359666"
ROUTES = {
    "/v3/kpi/N21704": "kpi-N21704.json",
    "/v3/kpi/N21799": "kpi-none.json",
    "/v3/data/kpi/N21704/municipality/2480/year/2023": "data-N21704-2480-2023.json",
    "/v3/data/kpi/N21704/municipality/2480": "data-N21704-2480-2023.json",
}


def umea_with_indicator(goal: object = OPEN_GOAL) -> Graph:
    """Umeå's graph from data/ with one indicator (Kolada id N21704) for ``goal`` (its level
    allowed to hold indicators) and an older Kolada result for 2023 and 2022 (the one for 2023
    is replaced by a fetch)."""
    _, graph = read_workbook(UMEA)
    graph.add((INDICATOR, RDF.type, GG.Indicator))
    graph.add((INDICATOR, GG.municipality, municipality_iri("umea")))
    label = "Invånare 80+ med hemtjänst i ordinärt boende, andel (%)"
    graph.add((INDICATOR, SKOS.prefLabel, Literal(label, lang="sv")))
    graph.add((INDICATOR, GG.koladaId, Literal("N21704")))
    graph.add((INDICATOR, GG.unit, Literal("procent")))
    graph.add((goal, GG.hasIndicator, INDICATOR))  # type: ignore[arg-type]
    for level in graph.objects(goal, GG.atLevel):  # type: ignore[arg-type]
        graph.set((level, GG.indicatorsHere, Literal(True)))
    for year, value in (("2022", "19"), ("2023", "18")):
        old = NS[f"old-result-{year}"]
        graph.add((INDICATOR, GG.hasResult, old))
        graph.add((old, RDF.type, GG.Result))
        graph.add((old, GG.period, Literal(year, datatype=GYEAR)))
        graph.add((old, GG.measuredValue, Literal(value, datatype=DECIMAL)))
        graph.add((old, DCTERMS.source, Literal("Kolada")))
        graph.add((old, GG.retrieved, Literal("2024-03-01", datatype=DATE)))
    return graph


class Replay(BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, bytes]] = {}
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        self.requests.append(self.path)
        body = self.routes.get(path)
        if body is None:
            self.send_response(404)
            self.end_headers()
            return
        status = 500 if body == b"500" else 200
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def kolada() -> Iterator[tuple[str, type[Replay]]]:
    """A local Kolada on loopback answering with the fixtures."""

    class Handler(Replay):
        routes: ClassVar[dict[str, bytes]] = {
            p: (FIXTURES / f).read_bytes() for p, f in ROUTES.items()
        }
        requests: ClassVar[list[str]] = []

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v3", Handler
    server.shutdown()
    server.server_close()


@pytest.fixture
def store() -> OxigraphStore:
    store = OxigraphStore()
    load_files(store, [])
    import_graph(store, "umea", umea_with_indicator())
    return store


def kolada_results(graph: Graph) -> dict[str, str]:
    out = {}
    for result in graph.objects(INDICATOR, GG.hasResult):
        if str(graph.value(result, DCTERMS.source)) in ("Källa: Kolada", "Kolada"):
            out[str(graph.value(result, GG.period))] = str(graph.value(result, GG.measuredValue))
    return out


def test_fetch_brings_the_results_with_source_date_and_the_apis_ids(
    kolada: tuple[str, type[Replay]], store: OxigraphStore
) -> None:
    url, handler = kolada
    graph = municipality_graph_of(store, "umea")
    report = fetch_results(graph, "umea", years=[2023], url=url, today=DAY)
    assert [(v.kpi, v.year, str(v.value)) for v in report.values] == [
        ("N21704", 2023, VALUE_2023)  # the total (T), not the values for women or men
    ]
    assert report.gaps == []
    assert f"N21704 2023: {VALUE_2023}" in report.to_text()
    import_results(store, graph, report)
    stored = municipality_graph_of(store, "umea")
    # the older Kolada result for 2023 (18) was replaced, the one for 2022 kept
    assert kolada_results(stored) == {"2022": "19", "2023": VALUE_2023}
    result = NS["ind-hemtjanst-80-kolada-2023"]
    assert str(stored.value(result, DCTERMS.source)) == "Källa: Kolada"
    assert str(stored.value(result, DCTERMS.identifier)) == "N21704/2480/2023/T"
    assert str(stored.value(result, GG.retrieved)) == "2025-03-20"
    assert str(stored.value(result, RDFS.seeAlso)) == (
        f"{url}/data/kpi/N21704/municipality/2480/year/2023"
    )
    status = compute_status(stored, "umea", 2023).indicators[str(INDICATOR)]
    assert status.value == float(VALUE_2023) and status.source == "Källa: Kolada"
    assert handler.requests[0].startswith("/v3/kpi/N21704")
    assert handler.requests[1].startswith("/v3/data/kpi/N21704/municipality/2480/year/2023?")


def test_a_year_without_a_value_is_a_stated_gap(
    kolada: tuple[str, type[Replay]], store: OxigraphStore
) -> None:
    url, handler = kolada
    answer = json.loads((FIXTURES / "data-N21704-2480-2023.json").read_text())
    for part in answer["values"][0]["values"]:
        part["value"] = None  # the documented form of a year without a value
    handler.routes = {
        **handler.routes,
        "/v3/data/kpi/N21704/municipality/2480": json.dumps(answer).encode(),
    }
    graph = municipality_graph_of(store, "umea")
    report = fetch_results(graph, "umea", url=url, today=DAY)
    assert report.values == [] and report.gaps == [("N21704", 2023)]
    assert "N21704 2023: inget värde i Kolada (lucka)" in report.to_text()
    # a value marked as deleted is no value either
    for part in answer["values"][0]["values"]:
        part.update(value=20.359666, isdeleted=True)
    handler.routes["/v3/data/kpi/N21704/municipality/2480"] = json.dumps(answer).encode()
    report = fetch_results(graph, "umea", url=url, today=DAY)
    assert report.values == [] and report.gaps == [("N21704", 2023)]


def test_the_command_fetches_and_writes_turtle(
    kolada: tuple[str, type[Replay]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = kolada
    (tmp_path / "in").mkdir()
    source = tmp_path / "in" / "umea.ttl"
    umea_with_indicator().serialize(source, format="turtle")
    out = tmp_path / "umea.ttl"
    code = main(["kolada", "fetch", "umea", "--input", str(source), "--years", "2023",
                 "--base-url", url, "-o", str(out)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    graph = Graph().parse(out)
    assert kolada_results(graph) == {"2022": "19", "2023": VALUE_2023}
    assert "Källa: Kolada" in capsys.readouterr().err


def test_without_network_the_fetch_says_so(
    store: OxigraphStore, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    graph = municipality_graph_of(store, "umea")
    with pytest.raises(KoladaUnavailableError, match=r"cannot reach Kolada.*no network"):
        fetch_results(graph, "umea", url=f"http://127.0.0.1:{port}/v3")
    (tmp_path / "in").mkdir()
    source = tmp_path / "in" / "umea.ttl"
    graph.serialize(source, format="turtle")
    code = main(["kolada", "fetch", "umea", "--input", str(source),
                 "--base-url", f"http://127.0.0.1:{port}/v3"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "cannot reach Kolada" in err and "kolada import" in err


def test_a_slow_server_times_out(store: OxigraphStore) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    try:
        graph = municipality_graph_of(store, "umea")
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/v3"
        with pytest.raises(KoladaUnavailableError, match=r"did not answer within 0\.5 s"):
            fetch_results(graph, "umea", url=url, timeout=0.5)
    finally:
        sock.close()


@pytest.mark.parametrize("kpi", ["N21799", "N21798"])  # an empty answer, HTTP 404
def test_a_kpi_that_kolada_does_not_have_is_an_error_and_nothing_is_stored(
    kolada: tuple[str, type[Replay]], store: OxigraphStore, kpi: str
) -> None:
    url, _ = kolada
    graph = municipality_graph_of(store, "umea")
    graph.set((INDICATOR, GG.koladaId, Literal(kpi)))
    before = store.graph_hash(UMEA_GRAPH)
    with pytest.raises(KoladaError, match=f"Kolada has no KPI {kpi}"):
        fetch_results(graph, "umea", url=url)
    assert store.graph_hash(UMEA_GRAPH) == before


@pytest.mark.parametrize(
    ("body", "words"),
    [
        (b"<html>Service unavailable</html>", "is not JSON"),
        (b'{"count": 0}', "no list of 'values'"),
        ((FIXTURES / "data-malformed.json").read_bytes(), "entry 1: missing period"),
        (b"500", "HTTP 500"),
    ],
)
def test_a_malformed_answer_is_an_error_naming_where(
    kolada: tuple[str, type[Replay]], store: OxigraphStore, body: bytes, words: str
) -> None:
    url, handler = kolada
    handler.routes = {**handler.routes, "/v3/data/kpi/N21704/municipality/2480": body}
    graph = municipality_graph_of(store, "umea")
    with pytest.raises(KoladaError, match=words) as caught:
        fetch_results(graph, "umea", url=url)
    assert "2480" in str(caught.value) or "HTTP" in str(caught.value) or "JSON" in str(caught.value)


def test_a_value_that_is_not_a_number_is_an_error(
    kolada: tuple[str, type[Replay]], store: OxigraphStore
) -> None:
    url, handler = kolada
    answer = json.loads((FIXTURES / "data-malformed.json").read_text())
    answer["values"][0]["period"] = 2023
    handler.routes = {
        **handler.routes,
        "/v3/data/kpi/N21704/municipality/2480": json.dumps(answer).encode(),
    }
    graph = municipality_graph_of(store, "umea")
    with pytest.raises(KoladaError, match=r"entry 1: the value 'tjugo' is not a number"):
        fetch_results(graph, "umea", url=url)


def test_a_municipality_code_that_is_not_a_kommunkod_is_refused(store: OxigraphStore) -> None:
    graph = municipality_graph_of(store, "umea")
    municipality = next(graph.subjects(GG.municipalityCode, None))
    for bad in ("24801", "0001", "umea"):
        graph.set((municipality, GG.municipalityCode, Literal(bad)))
        with pytest.raises(KoladaError, match="is not a kommunkod"):
            fetch_results(graph, "umea", url="http://127.0.0.1:9/v3")


def test_bad_years_and_kpi_ids_are_refused() -> None:
    assert parse_years("2020-2022,2024") == [2020, 2021, 2022, 2024]
    with pytest.raises(KoladaError, match="not a year"):
        parse_years("20x0")
    with pytest.raises(KoladaError, match="not a range"):
        parse_years("2024-2020")


@pytest.mark.parametrize(
    "name", ["data-N21704-2023.json", "data-N21704-2480-2023.json", "umea-N21704.csv"]
)
def test_import_reads_the_json_answer_and_the_csv_form(store: OxigraphStore, name: str) -> None:
    # the first file is Kolada's answer for five municipalities: only Umeå's value is read
    graph = municipality_graph_of(store, "umea")
    report = read_results_file(FIXTURES / name, graph, "umea", retrieved=DAY)
    assert [(v.municipality, v.year, str(v.value)) for v in report.values] == [
        ("2480", 2023, VALUE_2023)
    ]
    assert report.gaps == []
    import_results(store, graph, report)
    stored = municipality_graph_of(store, "umea")
    assert kolada_results(stored) == {"2022": "19", "2023": VALUE_2023}
    assert stored.value(NS["ind-hemtjanst-80-kolada-2023"], RDFS.seeAlso) is None


def test_import_of_a_malformed_file_names_the_line(tmp_path: Path, store: OxigraphStore) -> None:
    graph = municipality_graph_of(store, "umea")
    bad = tmp_path / "bad.csv"
    bad.write_text("kpi,municipality,period,gender,value\nN21704,2480,2023,T,många\n")
    with pytest.raises(KoladaError, match=r"bad\.csv, line 2: the value 'många' is not a number"):
        read_results_file(bad, graph, "umea")
    other = tmp_path / "other.json"
    answer = json.loads((FIXTURES / "data-N21704-2023.json").read_text())
    answer["values"] = [e for e in answer["values"] if e["municipality"] != "2480"]
    other.write_text(json.dumps(answer))
    with pytest.raises(KoladaError, match=r"no values for umea's municipality code 2480 \(it has "
                       r"0180, 0580, 1280, 1480\)"):  # fmt: skip
        read_results_file(other, graph, "umea")


def test_a_result_outside_the_goals_periods_fails_validation_and_stores_nothing() -> None:
    store = OxigraphStore()
    load_files(store, [])
    graph = umea_with_indicator(GOAL_2019)  # measures only a goal for 2019–2022
    for old in list(graph.objects(INDICATOR, GG.hasResult)):
        graph.remove((INDICATOR, GG.hasResult, old))
        graph.remove((old, None, None))
    import_graph(store, "umea", graph)
    report = read_results_file(FIXTURES / "data-N21704-2480-2023.json", graph, "umea")
    before = store.graph_hash(UMEA_GRAPH)
    with pytest.raises(ImportValidationError) as refused:
        import_results(store, graph, report)
    # the shape of a result outside its goals' mandate periods, on the new result
    assert "1 violations" in str(refused.value) and "L06" in str(refused.value)
    assert "ind-hemtjanst-80-kolada-2023" in str(refused.value)
    assert store.graph_hash(UMEA_GRAPH) == before
