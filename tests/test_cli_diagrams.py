"""The ``goalgraph diagram`` and ``goalgraph compare`` commands, as a user runs them."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from goalgraph import resources as _resources
from goalgraph.cli import main
from goalgraph.store.load import municipality_files as _municipality_files

#: The municipalities of data/, as an unknown municipality's message names them.
KNOWN = ", ".join(p.stem for p in _municipality_files(_resources.data_dir()))

SVG = "{http://www.w3.org/2000/svg}"


def _titles(path) -> set[str]:
    root = ET.parse(path).getroot()
    return {
        g.findtext(f"{SVG}title")
        for g in root.iter(f"{SVG}g")
        if g.get("class", "").startswith("node")
    }


def test_diagram_chain_as_svg(tmp_path):
    out = tmp_path / "nora.svg"
    assert main(["diagram", "chain", "nora", "-f", "svg", "-o", str(out)]) == 0
    titles = _titles(out)
    assert {f"id/nora/goal-kf{n}" for n in range(1, 12)} <= titles
    assert "https://w3id.org/goalgraph/id/nora/goal-kf1" in out.read_text(encoding="utf-8")


def test_diagram_goal_as_png(tmp_path):
    out = tmp_path / "x.png"
    assert main(["diagram", "goal", "nora:goal-kf1", "-f", "png", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"\x89PNG\r\n\x1a\n")


def test_diagram_format_from_the_suffix(tmp_path):
    out = tmp_path / "tidsplan.pdf"
    assert main(["diagram", "process", "vaggeryd", "-o", str(out)]) == 0
    assert out.read_bytes().startswith(b"%PDF")
    svg = tmp_path / "t.svg"
    assert main(["diagram", "process", "vaggeryd", "-o", str(svg)]) == 0
    assert "id/vaggeryd/step-1" in _titles(svg)


def test_diagram_comparison(tmp_path):
    out = tmp_path / "c.svg"
    assert main(["diagram", "comparison", "vaggeryd", "nora", "-o", str(out)]) == 0
    assert {"id/vaggeryd", "id/nora", "sdg/11"} <= _titles(out)


def test_diagram_to_standard_output_with_link_base(capsys):
    assert main(["diagram", "chain", "vaggeryd", "-f", "dot", "--link-base", "http://x.test"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("digraph chain_vaggeryd {")
    assert 'URL="http://x.test/id/vaggeryd/goal-kf1"' in out


def test_compare_writes_html_markdown_or_json_by_suffix(tmp_path):
    html = tmp_path / "report.html"
    assert main(["compare", "vaggeryd", "nora", "-o", str(html)]) == 0
    text = html.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and text.count("<svg") == 5
    md = tmp_path / "report.md"
    assert main(["compare", "vaggeryd", "nora", "-o", str(md), "--lang", "en"]) == 0
    assert md.read_text(encoding="utf-8").startswith("# Comparison of goal governance")
    data = tmp_path / "report.json"
    assert main(["compare", "vaggeryd", "nora", "-o", str(data)]) == 0
    assert json.loads(data.read_text(encoding="utf-8"))["sdg"]["overlap"][0]["goal_jaccard"] == 0.5
    other = tmp_path / "report.txt"
    assert main(["compare", "vaggeryd", "nora", "--format", "json", "-o", str(other)]) == 0
    assert json.loads(other.read_text(encoding="utf-8"))["lang"] == "sv"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["diagram", "chain", "oslo"], f"unknown municipality 'oslo'; known: {KNOWN}"),
        (["diagram", "goal", "nora:goal-kf99"], "unknown goal 'nora:goal-kf99'"),
        (["diagram", "chain", "nora", "-f", "gif"], "unknown diagram format 'gif'"),
        (["diagram", "tree", "nora"], "unknown diagram kind 'tree'"),
        (["diagram", "chain", "nora", "vaggeryd"], "a chain diagram takes one target, not 2"),
        (["diagram", "comparison", "nora"], "two or more municipalities"),
        (["compare", "nora", "oslo"], "unknown municipality 'oslo'"),
        (["compare", "nora"], "two or more municipalities"),
    ],
)
def test_errors_exit_2_with_a_message_and_leave_no_file(tmp_path, capsys, args, message):
    out = tmp_path / ("out.html" if args[0] == "compare" else "out.svg")
    assert main([*args, "-o", str(out)]) == 2
    assert message in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_unknown_suffix_and_unwritable_path(tmp_path, capsys):
    assert main(["diagram", "chain", "nora", "-o", str(tmp_path / "x.gif")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    missing = tmp_path / "missing" / "x.svg"
    assert main(["diagram", "chain", "nora", "-o", str(missing)]) == 2
    assert f"cannot write {missing}" in capsys.readouterr().err
    assert main(["compare", "vaggeryd", "nora", "-o", str(tmp_path / "report.docx")]) == 2
    assert "cannot tell the format" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
