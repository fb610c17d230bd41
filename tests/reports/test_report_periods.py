"""The period of a report, as the pages have it: ``/reports/{kind}/{slug}`` takes ``period``,
``as_of`` and ``all``, ``goalgraph report`` takes ``--period``, ``--as-of`` and
``--all-periods``; by default a report covers the goals in force today, and its cover says
which goals it covers. Tested on Tomelilla, whose earlier goal set (years not stated) was
replaced by the set of 2025–2028."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient

from goalgraph.cli import main

#: A goal of Tomelilla's earlier set, no longer in force, and one of 2025–2028.
EARLIER = "Förenkling leder till"
UNKNOWN = "unknown period '1999-2002' of tomelilla; known: period-tidigare, period-2025-2028"


def _text(html: str) -> str:
    """What a reader sees of an HTML report: its text without tags, spaces joined."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _cover(html: str) -> str:
    found = re.search(r'<section class="cover" id="cover">(.*?)</section>', html, re.S)
    assert found, "the report has a cover"
    return _text(found.group(1))


def test_a_report_covers_the_goals_in_force_today_by_default(report_client: TestClient) -> None:
    answer = report_client.get("/reports/programme/tomelilla")
    assert answer.status_code == 200, answer.text
    assert f"Mål som gäller {dt.date.today().isoformat()}" in _cover(answer.text)
    assert EARLIER not in _text(answer.text)
    english = report_client.get("/reports/programme/tomelilla", params={"lang": "en"})
    assert f"Goals in force on {dt.date.today().isoformat()}" in _cover(english.text)


def test_a_report_of_a_chosen_period_or_day_shows_its_goals(report_client: TestClient) -> None:
    earlier = report_client.get("/reports/programme/tomelilla", params={"period": "tidigare"})
    assert earlier.status_code == 422  # a period is named by its id, label or years
    earlier = report_client.get(
        "/reports/programme/tomelilla", params={"period": "period-tidigare"}
    )
    assert earlier.status_code == 200, earlier.text
    assert EARLIER in _text(earlier.text)
    assert "Nuvarande mandatperiod enligt intranätsidan" in _cover(earlier.text)
    on_a_day = report_client.get("/reports/audit/tomelilla", params={"as_of": "2024-06-01"})
    assert on_a_day.status_code == 200, on_a_day.text
    assert "Mål som gäller 2024-06-01" in _cover(on_a_day.text)
    assert EARLIER in _text(on_a_day.text)
    everything = report_client.get("/reports/followup/tomelilla", params={"all": "1"})
    assert everything.status_code == 200, everything.text
    assert "Alla perioder" in _cover(everything.text)


def test_the_audit_of_today_reviews_fewer_goals_than_that_of_every_period(
    report_client: TestClient,
) -> None:
    def reviewed(params: dict[str, str]) -> int:
        answer = report_client.get("/reports/audit/tomelilla", params=params)
        assert answer.status_code == 200, answer.text
        return len(set(re.findall(r'<section id="goal-\d+"', answer.text)))

    today, everything = reviewed({}), reviewed({"all": "1"})
    assert 0 < today < everything, (today, everything)


def test_a_bad_period_is_a_422_naming_it_and_the_known_ones(report_client: TestClient) -> None:
    answer = report_client.get(
        "/reports/audit/tomelilla",
        params={"period": "1999-2002", "format": "pdf"},
        headers={"accept": "application/json"},
    )
    assert answer.status_code == 422
    body = answer.json()
    assert body["error"] == "invalid-parameters"
    assert body["detail"][0]["loc"] == ["query", "period"]
    assert UNKNOWN in body["message"]
    both = report_client.get(
        "/reports/audit/tomelilla", params={"period": "2025-2028", "as_of": "2024-01-01"}
    )
    assert both.status_code == 400 and "not several" in both.text


def test_the_cli_report_takes_the_period_and_names_a_bad_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tidigare.docx"
    code = main(["report", "programme", "tomelilla", "--period", "period-tidigare", "-o", str(out)])
    assert code == 0, capsys.readouterr().err
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs)
    assert EARLIER in text
    assert "Nuvarande mandatperiod enligt intranätsidan" in text
    today = tmp_path / "today.html"
    assert main(["report", "programme", "tomelilla", "-o", str(today)]) == 0
    html = today.read_text(encoding="utf-8")
    assert EARLIER not in _text(html)
    assert f"Mål som gäller {dt.date.today().isoformat()}" in _cover(html)
    capsys.readouterr()
    bad = tmp_path / "bad.pdf"
    assert main(["report", "audit", "tomelilla", "--period", "1999-2002", "-o", str(bad)]) == 2
    assert UNKNOWN in capsys.readouterr().err
    assert not bad.exists()
