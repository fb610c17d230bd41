"""The command line as a user meets it: output, exit codes and error messages."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from goalgraph import resources
from goalgraph.cli import main
from goalgraph.model.reader import read_municipality
from goalgraph.store.load import default_store, municipality_files

DATA = resources.data_dir()

BROKEN_CHAIN = """@prefix gg: <https://w3id.org/goalgraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://w3id.org/goalgraph/id/> .
@prefix t: <https://w3id.org/goalgraph/id/testkommun/> .
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_the_real_municipalities_conforms(capsys) -> None:
    code, out, _ = run(capsys, "validate", "--lang", "en")
    assert code == 0, out
    assert "nora" in out.lower() and "vaggeryd" in out.lower()


def test_validate_one_municipality_in_swedish_json(capsys) -> None:
    code, out, _ = run(capsys, "validate", "nora", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["conforms"] is True
    municipalities = {r["municipality"] for r in report["results"]}
    assert municipalities <= {"https://w3id.org/goalgraph/id/nora"}


def test_validate_unknown_municipality_exits_2_naming_it(capsys) -> None:
    code, _, err = run(capsys, "validate", "stockholm")
    assert code == 2
    assert "unknown municipality stockholm" in err
    assert "nora" in err


def test_validate_a_goal_pointing_at_a_missing_goal_names_the_node(capsys, tmp_path: Path) -> None:
    source = Path("data/municipalities/nora.ttl").read_text(encoding="utf-8")
    broken = source.replace("gg:supports nora:goal-overarching", "gg:supports nora:goal-missing", 1)
    assert broken != source
    path = tmp_path / "nora.ttl"
    path.write_text(broken, encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(path), "--lang", "en")
    assert code == 1
    assert "goal-missing" in out
    assert "Violation" in out


def test_validate_malformed_turtle_names_file_and_line(capsys, tmp_path: Path) -> None:
    path = tmp_path / "trasig.ttl"
    path.write_text(
        BROKEN_CHAIN + 't:goal-1 a gg:Goal ;\n  skos:prefLabel "Mål"@sv\nt:goal-2 a gg:Goal .\n'
    )
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    assert f"{path}:7:" in err


def test_validate_a_file_that_is_not_rdf(capsys, tmp_path: Path) -> None:
    path = tmp_path / "protokoll.pdf"
    path.write_bytes(b"%PDF-1.4 binary")
    code, _, err = run(capsys, "validate", str(path))
    assert code == 2
    assert "protokoll.pdf: not an RDF file" in err


def test_query_chain_up_prints_the_chain_as_a_table(capsys) -> None:
    code, out, _ = run(capsys, "query", "chain-up", "-p", "goal=nora:goal-kf1")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split()[:2] == ["element", "label"]
    assert any("Vision" in line for line in lines)
    assert "Nora kommun är en hållbar och attraktiv boendekommun" in out
    assert lines[-1].startswith("(")


def test_query_unknown_goal_exits_2(capsys) -> None:
    code, _, err = run(capsys, "query", "chain-up", "-p", "goal=nora:goal-kf99")
    assert code == 2
    assert "unknown goal" in err and "goal-kf99" in err


def test_query_list_names_every_query(capsys) -> None:
    code, out, _ = run(capsys, "query", "--list")
    assert code == 0
    assert "documents-supporting-goal" in out and "goals-serving-sdg" in out


def test_sparql_returns_rows_and_standard_results(capsys) -> None:
    query = (
        "PREFIX gg: <https://w3id.org/goalgraph/ontology#> "
        "SELECT ?code WHERE { ?m gg:municipalityCode ?code } ORDER BY ?code"
    )
    code, out, _ = run(capsys, "sparql", query, "--format", "json")
    assert code == 0
    bindings = json.loads(out)["results"]["bindings"]
    codes = [b["code"]["value"] for b in bindings]
    # one code per municipality of data/, Vaggeryd's and Nora's among them
    store = default_store()
    expected = sorted(read_municipality(store, p.stem).code or "" for p in municipality_files(DATA))
    assert codes == expected and {"0665", "1884"} <= set(codes)


def test_sparql_syntax_error_exits_2(capsys) -> None:
    code, _, err = run(capsys, "sparql", "SELEKT * WHERE { ?s ?p ?o }")
    assert code == 2
    assert "SPARQL syntax error" in err


def test_export_writes_one_municipality_as_turtle(capsys, tmp_path: Path) -> None:
    out_file = tmp_path / "nora.ttl"
    code, _, _ = run(capsys, "export", "nora", "-o", str(out_file))
    assert code == 0
    text = out_file.read_text(encoding="utf-8")
    assert "Nora kommun ska tillhandahålla välfärdstjänster" in text
    assert "Vaggeryd" not in text


def test_export_to_a_missing_folder_leaves_nothing(capsys, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "nora.ttl"
    code, _, err = run(capsys, "export", "nora", "-o", str(target))
    assert code == 2
    assert "does not exist" in err
    assert not target.parent.exists()


def test_the_installed_command_reports_errors_without_a_traceback(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "goalgraph", "query", "chain-up", "-p", "goal=nora:goal-kf99"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("goalgraph: error: unknown goal")
