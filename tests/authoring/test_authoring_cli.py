"""The authoring subcommands as a user runs them: output, files and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from goalgraph import resources
from goalgraph.cli import build_parser, main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_register_adds_every_subcommand() -> None:
    parser = build_parser()
    for command in ("template", "import", "export-sheet", "diff", "as-of", "status",
                    "suggest-sdg", "extract"):  # fmt: skip
        args = parser.parse_args([command, *_minimal_arguments(command)])
        assert callable(args.func)


def _minimal_arguments(command: str) -> list[str]:
    return {
        "import": ["x.xlsx"],
        "export-sheet": ["nora", "-o", "x.xlsx"],
        "diff": ["nora", "a", "b"],
        "as-of": ["nora", "2024"],
        "status": ["nora"],
        "suggest-sdg": ["--text", "mål"],
        "extract": ["x.txt", "--municipality", "nora"],
    }.get(command, [])


def test_template(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "template", "-o", str(tmp_path / "mall.xlsx"))
    assert code == 0 and (tmp_path / "mall.xlsx").is_file() and "wrote" in err


def test_export_sheet_then_import_gives_the_same_turtle(capsys, tmp_path: Path) -> None:
    sheet = tmp_path / "nora.yaml"
    assert run(capsys, "export-sheet", "nora", "-o", str(sheet))[0] == 0
    code, _, err = run(capsys, "import", str(sheet), "--municipality", "nora",
                       "-o", str(tmp_path / "nora.ttl"))  # fmt: skip
    assert code == 0 and "nora: 1234 tripplar, validerade" in err
    original = Graph().parse(resources.municipalities_dir() / "nora.ttl")
    assert isomorphic(Graph().parse(tmp_path / "nora.ttl"), original)


def test_import_of_bad_input_exits_2_naming_sheet_row_and_column(capsys, tmp_path: Path) -> None:
    sheet = tmp_path / "nora.yaml"
    run(capsys, "export-sheet", "nora", "-o", str(sheet))
    text = sheet.read_text(encoding="utf-8").replace("level: level-delmal", "level: level-x", 1)
    sheet.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "import", str(sheet))
    assert code == 2 and not out
    assert 'nora.yaml:152, blad "goals", rad 1, kolumn "level": okänd hänvisning' in err
    assert 'sheet "goals", row 1, column "level": unknown reference \'level-x\'' in err


def test_import_of_data_that_fails_validation_exits_1(capsys, tmp_path: Path) -> None:
    sheet = tmp_path / "nora.yaml"
    run(capsys, "export-sheet", "nora", "-o", str(sheet))
    text = sheet.read_text(encoding="utf-8").replace("code: '1884'", "code: '9999'")
    text = text.replace("rank: 4", "rank: 3", 1)
    sheet.write_text(text, encoding="utf-8")
    code, out, err = run(capsys, "import", str(sheet), "--lang", "en")
    assert code == 1 and not out
    assert "M04" in err and "nothing was imported" in err


def test_diff(capsys, fixtures: Path) -> None:
    code, out, _ = run(capsys, "diff", "provby", "2019-2022", "2023-2026",
                       "--input", str(fixtures / "provby.yaml"), "--lang", "en")  # fmt: skip
    assert code == 0
    assert "added: 1, removed: 1, replaced: 1, new version: 3, unchanged: 2" in out
    code, out, _ = run(capsys, "diff", "provby", "2019-2022", "2023-2026",
                       "--input", str(fixtures / "provby.yaml"), "--format", "json")  # fmt: skip
    assert json.loads(out)["counts"]["changed"] == 3


def test_diff_of_an_unknown_period_exits_2(capsys) -> None:
    code, _, err = run(capsys, "diff", "vaggeryd", "2019-2022", "2023-2026")
    assert code == 2 and "unknown period '2023-2026'" in err


def test_status(capsys, fixtures: Path, tmp_path: Path) -> None:
    fixture = str(fixtures / "provby.yaml")
    code, out, _ = run(capsys, "status", "provby", "--input", fixture, "--year", "2024",
                       "--format", "md")  # fmt: skip
    assert code == 0 and "| Nya bostäder per år | 2024 | 45 antal | 60 antal | 75 % |" in out
    svg = tmp_path / "status.svg"
    code, _, _ = run(capsys, "status", "provby", "--input", fixture, "--year", "2024",
                     "--format", "svg", "-o", str(svg))  # fmt: skip
    assert code == 0 and "#f2c94c" in svg.read_text(encoding="utf-8")


def test_as_of_runs_named_queries_and_writes_turtle(capsys, fixtures: Path) -> None:
    code, out, _ = run(capsys, "as-of", "provby", "2021-06-01", "--input",
                       str(fixtures / "provby.yaml"), "--query", "goals-of-municipality",
                       "-p", "municipality=provby")  # fmt: skip
    elements = {row["element"].rsplit("/", 1)[-1] for row in json.loads(out)}
    assert code == 0 and "goal-kf1-2019" in elements and "goal-kf1-2023" not in elements
    code, out, _ = run(capsys, "as-of", "provby", "2025", "--input",
                       str(fixtures / "provby.yaml"), "-f", "ttl")  # fmt: skip
    assert code == 0 and "goal-kf6-2023" in out and "goal-kf3-2019" not in out


def test_suggest_sdg(capsys) -> None:
    code, out, _ = run(capsys, "suggest-sdg", "--text", "Vi ska minska klimatpåverkan",
                       "--limit", "2")  # fmt: skip
    assert code == 0 and out.startswith("1. 13.2") and "Matchade termer: klimatpåverkan" in out
    code, out, _ = run(capsys, "suggest-sdg", "--goal", "nora:goal-kf2", "--format", "turtle")
    assert code == 0 and "gg:basis gg:Suggested" in out and "nora/goal-kf2" in out
    code, out, _ = run(capsys, "suggest-sdg", "--text", "Safe streets", "--format", "json")
    assert json.loads(out)[0]["reason_en"].startswith("Automatic suggestion")


def test_extract_to_a_workbook_that_imports_after_review(capsys, tmp_path: Path) -> None:
    source = resources.data_dir() / "sources" / "nora-kf-2022-112-tydliga-och-matbara-mal.txt"
    draft = tmp_path / "utkast.xlsx"
    code, _, err = run(capsys, "extract", str(source), "--municipality", "nora",
                       "--code", "1884", "-o", str(draft))  # fmt: skip
    assert code == 0 and "utkast för nora" in err and "klarar valideringen" in err
    code, _, _ = run(capsys, "import", str(draft), "-o", str(tmp_path / "nora-utkast.ttl"))
    assert code == 0
    graph = Graph().parse(tmp_path / "nora-utkast.ttl")
    assert len(graph) > 300


def test_extract_of_a_missing_file_exits_2(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "extract", str(tmp_path / "saknas.txt"), "--municipality", "x")
    assert code == 2 and "saknas.txt: kan inte läsas" in err
