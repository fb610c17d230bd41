"""Kolada results: fetched from a local server on loopback that replays the documented answers
(tests/kolada/fixtures, see SOURCES.md), or imported from a downloaded file; bad input is a
clear error or a stated gap, and nothing is half-imported."""

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
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, RDFS

from goalgraph.authoring.workbook import ImportValidationError, municipality_graph_of
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
from goalgraph.namespaces import GG, municipality_ns
from goalgraph.store.oxigraph import OxigraphStore

FIXTURES = Path(__file__).parent / "fixtures"
PROVBY = Path(__file__).parents[1] / "authoring" / "fixtures" / "provby.yaml"
INDICATOR = municipality_ns("provby")["ind-trygghet"]
DAY = dt.date(2025, 3, 20)
ROUTES = {
    "/v3/kpi/N99901": "kpi-N99901.json",
    "/v3/kpi/N99902": "kpi-none.json",
    "/v3/data/kpi/N99901/municipality/9901/year/2022,2023,2024": "data-N99901-9901.json",
    "/v3/data/kpi/N99901/municipality/9901": "data-N99901-9901.json",
}


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
    from goalgraph.authoring.workbook import import_graph, read_workbook
    from goalgraph.store.load import load_files

    store = OxigraphStore()
    load_files(store, [])
    slug, graph = read_workbook(PROVBY)
    import_graph(store, slug, graph)
    return store


def kolada_results(graph: Graph) -> dict[str, Literal]:
    out = {}
    for result in graph.objects(INDICATOR, GG.hasResult):
        if str(graph.value(result, DCTERMS.source)) == "Källa: Kolada":
            out[str(graph.value(result, GG.period))] = graph.value(result, GG.measuredValue)
    return out


def test_fetch_brings_the_results_with_source_date_and_the_apis_ids(
    kolada: tuple[str, type[Replay]], store: OxigraphStore
) -> None:
    url, handler = kolada
    graph = municipality_graph_of(store, "provby")
    report = fetch_results(graph, "provby", years=[2022, 2023, 2024], url=url, today=DAY)
    assert [(v.kpi, v.year, str(v.value)) for v in report.values] == [
        ("N99901", 2023, "78.5"),
        ("N99901", 2024, "83.2"),
    ]
    assert report.gaps == [("N99901", 2022)]  # the year without a value is a stated gap
    assert "2022: inget värde i Kolada (lucka)" in report.to_text()
    import_results(store, graph, report)
    stored = municipality_graph_of(store, "provby")
    assert {k: str(v) for k, v in kolada_results(stored).items()} == {
        "2023": "78.5",
        "2024": "83.2",
    }
    result = municipality_ns("provby")["ind-trygghet-kolada-2024"]
    assert str(stored.value(result, DCTERMS.identifier)) == "N99901/9901/2024/T"
    assert str(stored.value(result, GG.retrieved)) == "2025-03-20"
    assert str(stored.value(result, RDFS.seeAlso)) == (
        f"{url}/data/kpi/N99901/municipality/9901/year/2024"
    )
    # the old Kolada result for 2024 (80) was replaced, the one for 2021 kept
    periods = sorted(
        str(stored.value(r, GG.period)) for r in stored.objects(INDICATOR, GG.hasResult)
    )
    assert periods == ["2021", "2023", "2024"]
    status = compute_status(stored, "provby", 2024).indicators[str(INDICATOR)]
    assert status.value == 83.2 and status.source == "Källa: Kolada"
    assert handler.requests[0].startswith("/v3/kpi/N99901")


def test_the_command_fetches_and_writes_turtle(
    kolada: tuple[str, type[Replay]], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    url, _ = kolada
    out = tmp_path / "provby.ttl"
    code = main(["kolada", "fetch", "provby", "--input", str(PROVBY), "--years", "2022-2024",
                 "--base-url", url, "-o", str(out)])  # fmt: skip
    assert code == 0, capsys.readouterr().err
    graph = Graph().parse(out)
    assert {k: str(v) for k, v in kolada_results(graph).items()} == {
        "2023": "78.5",
        "2024": "83.2",
    }
    assert "lucka" in capsys.readouterr().err


def test_without_network_the_fetch_says_so(
    store: OxigraphStore, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    graph = municipality_graph_of(store, "provby")
    with pytest.raises(KoladaUnavailableError, match=r"cannot reach Kolada.*no network"):
        fetch_results(graph, "provby", url=f"http://127.0.0.1:{port}/v3")
    code = main(["kolada", "fetch", "provby", "--input", str(PROVBY),
                 "--base-url", f"http://127.0.0.1:{port}/v3"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "cannot reach Kolada" in err and "kolada import" in err


def test_a_slow_server_times_out(store: OxigraphStore) -> None:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    try:
        graph = municipality_graph_of(store, "provby")
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/v3"
        with pytest.raises(KoladaUnavailableError, match=r"did not answer within 0\.5 s"):
            fetch_results(graph, "provby", url=url, timeout=0.5)
    finally:
        sock.close()


@pytest.mark.parametrize("kpi", ["N99902", "N99903"])  # an empty answer, HTTP 404
def test_a_kpi_that_kolada_does_not_have_is_an_error_and_nothing_is_stored(
    kolada: tuple[str, type[Replay]], store: OxigraphStore, kpi: str
) -> None:
    url, _ = kolada
    graph = municipality_graph_of(store, "provby")
    graph.set((INDICATOR, GG.koladaId, Literal(kpi)))
    before = store.graph_hash("https://w3id.org/goalgraph/graph/provby")
    with pytest.raises(KoladaError, match=f"Kolada has no KPI {kpi}"):
        fetch_results(graph, "provby", url=url)
    assert store.graph_hash("https://w3id.org/goalgraph/graph/provby") == before


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
    handler.routes = {**handler.routes, "/v3/data/kpi/N99901/municipality/9901": body}
    graph = municipality_graph_of(store, "provby")
    with pytest.raises(KoladaError, match=words) as caught:
        fetch_results(graph, "provby", url=url)
    assert "9901" in str(caught.value) or "HTTP" in str(caught.value) or "JSON" in str(caught.value)


def test_a_municipality_code_that_is_not_a_kommunkod_is_refused(store: OxigraphStore) -> None:
    graph = municipality_graph_of(store, "provby")
    municipality = next(graph.subjects(GG.municipalityCode, None))
    for bad in ("99011", "0001", "lund"):
        graph.set((municipality, GG.municipalityCode, Literal(bad)))
        with pytest.raises(KoladaError, match="is not a kommunkod"):
            fetch_results(graph, "provby", url="http://127.0.0.1:9/v3")


def test_bad_years_and_kpi_ids_are_refused() -> None:
    assert parse_years("2020-2022,2024") == [2020, 2021, 2022, 2024]
    with pytest.raises(KoladaError, match="not a year"):
        parse_years("20x0")
    with pytest.raises(KoladaError, match="not a range"):
        parse_years("2024-2020")


def test_import_reads_the_json_answer_and_the_csv_form(store: OxigraphStore) -> None:
    graph = municipality_graph_of(store, "provby")
    for name in ("data-N99901-9901.json", "provby-N99901.csv"):
        report = read_results_file(FIXTURES / name, graph, "provby", retrieved=DAY)
        assert [(v.year, str(v.value)) for v in report.values] == [(2023, "78.5"), (2024, "83.2")]
        assert report.gaps == [("N99901", 2022)], name
    import_results(store, graph, report)
    stored = municipality_graph_of(store, "provby")
    assert {k: str(v) for k, v in kolada_results(stored).items()} == {
        "2023": "78.5",
        "2024": "83.2",
    }
    assert stored.value(municipality_ns("provby")["ind-trygghet-kolada-2024"], RDFS.seeAlso) is None


def test_import_of_a_malformed_file_names_the_line(tmp_path: Path, store: OxigraphStore) -> None:
    graph = municipality_graph_of(store, "provby")
    bad = tmp_path / "bad.csv"
    bad.write_text("kpi,municipality,period,gender,value\nN99901,9901,2024,T,många\n")
    with pytest.raises(KoladaError, match=r"bad\.csv, line 2: the value 'många' is not a number"):
        read_results_file(bad, graph, "provby")
    other = tmp_path / "other.json"
    answer = json.loads((FIXTURES / "data-N99901-9901.json").read_text())
    answer["values"][0]["municipality"] = "1884"
    other.write_text(json.dumps(answer))
    with pytest.raises(KoladaError, match="municipality 1884, not 9901"):
        read_results_file(other, graph, "provby")


def test_a_result_outside_the_goals_periods_fails_validation_and_stores_nothing(
    store: OxigraphStore, tmp_path: Path
) -> None:
    graph = municipality_graph_of(store, "provby")
    answer = json.loads((FIXTURES / "data-N99901-9901.json").read_text())
    answer["values"][1]["period"] = 2031  # no goal of the indicator is valid in 2031
    late = tmp_path / "late.json"
    late.write_text(json.dumps(answer))
    report = read_results_file(late, graph, "provby", retrieved=DAY)
    before = store.graph_hash("https://w3id.org/goalgraph/graph/provby")
    with pytest.raises(ImportValidationError):
        import_results(store, graph, report)
    assert store.graph_hash("https://w3id.org/goalgraph/graph/provby") == before
