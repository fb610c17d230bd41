"""The period options of the command line: validate, diagram, compare and report show the goals
in force today by default, and those of a day or a period on request."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from goalgraph.cli import main

OLD_AREA = "Goda livsvillkor"  # a strategic area of Umeå's goals 2019-2022


def test_validate_takes_a_period_and_says_what_it_shows(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate", "umea", "--period", "2019-2022", "--format", "json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["selection"]["umea"]["mode"] == "period"
    assert body["selection"]["umea"]["period"].endswith("umea/period-2019-2022")
    assert main(["validate", "umea"]) == 0
    out = capsys.readouterr().out
    assert "umea: Mål som gäller" in out and "fynd om mål som inte gäller visas inte" in out


def test_diagram_of_today_leaves_out_an_ended_period(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diagram", "chain", "umea", "-f", "dot"]) == 0
    today = capsys.readouterr().out
    assert main(["diagram", "chain", "umea", "-f", "dot", "--as-of", "2020-06-01"]) == 0
    in_2020 = capsys.readouterr().out
    assert OLD_AREA not in today and OLD_AREA in in_2020


def test_compare_and_report_take_a_date_or_a_period(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["compare", "kungsor", "umea", "--as-of", "2021-06-01", "--format", "json"]) == 0
    periods = json.loads(capsys.readouterr().out)["current"]["periods"]
    assert periods["kungsor"]["day"] == "2021-06-01" and periods["kungsor"]["left_out"] > 0
    out = tmp_path / "programme.html"
    args = ["report", "programme", "umea", "-o", str(out), "--period", "2019-2022"]
    assert main(args) == 0
    assert OLD_AREA in out.read_text(encoding="utf-8")
    assert main(["report", "programme", "umea", "-o", str(out)]) == 0
    assert OLD_AREA not in out.read_text(encoding="utf-8")


def test_two_choices_at_once_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["compare", "kungsor", "umea", "--as-of", "2021", "--period", "2019-2022"])
    assert "not allowed with argument" in capsys.readouterr().err
