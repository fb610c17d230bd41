"""``goalgraph diagram chain`` draws one dimension value's goals (``--dimension``) or one goal
hierarchy (``--hierarchy``) as the page and the API do; an unknown one is an error naming it
and the known ones, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from goalgraph.cli import main


def test_the_cli_draws_one_dimension_value(tmp_path: Path) -> None:
    out = tmp_path / "personal.dot"
    assert main(["diagram", "chain", "umea", "--dimension", "dim-personal", "-o", str(out)]) == 0
    dot = out.read_text(encoding="utf-8")
    assert dot.count('class="element goal"') == 3
    assert "Målkedja: Umeå kommun – Personalpolitiska mål" in dot


def test_an_unknown_value_or_hierarchy_is_an_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "x.svg"
    assert main(["diagram", "chain", "umea", "--dimension", "Medarbetare", "-o", str(out)]) == 2
    assert (
        "unknown dimension value 'Medarbetare' of umea; "
        "known: dim-finansiell, dim-inriktning, dim-personal"
    ) in capsys.readouterr().err
    assert main(["diagram", "chain", "nora", "--hierarchy", "program", "-o", str(out)]) == 2
    assert "unknown goal hierarchy 'program' of nora; known: none / inga" in (
        capsys.readouterr().err
    )
    assert main(["diagram", "overview", "nora", "--hierarchy", "x", "-o", str(out)]) == 2
    assert "only a chain takes a dimension or hierarchy" in capsys.readouterr().err
    assert not out.exists()
