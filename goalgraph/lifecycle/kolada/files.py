"""Kolada's results read from a file: the JSON the API answered, or a CSV file with the columns
``kpi, municipality, period, gender, value``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from rdflib import Graph

from goalgraph.errors import InputError
from goalgraph.lifecycle.kolada.answers import _collect, _number, _year_of, values_from_answer
from goalgraph.lifecycle.kolada.graph import kolada_targets
from goalgraph.lifecycle.kolada.values import FetchReport, KoladaError, check_kpi

_CSV_COLUMNS = ("kpi", "municipality", "period", "gender", "value")


def read_results_file(
    path: Path,
    graph: Graph,
    slug: str,
    *,
    years: Sequence[int] | None = None,
    retrieved: dt.date | None = None,
) -> FetchReport:
    """Read values downloaded from Kolada: the API's JSON answer, or CSV with the columns
    ``kpi, municipality, period, gender, value`` (``status`` optional). Only the values for
    the municipality are read (a download may hold all of them); values for KPIs that no
    indicator has are refused; the retrieval date defaults to the file's date."""
    code, by_kpi = kolada_targets(graph, slug)
    if not path.is_file():
        raise InputError("the file does not exist", source=str(path))
    data = path.read_bytes()
    where = path.name
    if path.suffix.lower() == ".json":
        try:
            answer = json.loads(data)
        except ValueError as exc:
            raise KoladaError(f"{where}: not JSON ({exc})") from exc
        rows = values_from_answer(answer, where)
    elif path.suffix.lower() == ".csv":
        rows = _csv_rows(data, where)
    else:
        raise KoladaError(f"{where}: use a .json or .csv file downloaded from Kolada")
    others = sorted({row[1] for row in rows if row[1] != code})
    rows = [row for row in rows if row[1] == code]  # a download may hold every municipality
    if not rows:
        found = (
            f" (it has {', '.join(others[:5])}{' …' if len(others) > 5 else ''})" if others else ""
        )
        raise KoladaError(f"{where}: no values for {slug}'s municipality code {code}{found}")
    kpis = sorted({row[0] for row in rows})
    unknown = [k for k in kpis if k not in by_kpi]
    if unknown:
        raise KoladaError(f"{where}: no indicator of {slug} has the Kolada id {', '.join(unknown)}")
    day = retrieved or dt.date.fromtimestamp(path.stat().st_mtime)
    report = FetchReport(slug, code, retrieved=day, base_url=f"file:{path.name}")
    _collect(rows, report, kpis, years, where)
    return report


def _csv_rows(data: bytes, where: str) -> list[tuple[str, str, int, Decimal | None, str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KoladaError(f"{where}: not UTF-8 text ({exc})") from exc
    dialect = csv.excel_tab if text.split("\n", 1)[0].count("\t") else csv.excel
    if dialect is csv.excel and text.split("\n", 1)[0].count(";") > 0:
        reader = csv.DictReader(io.StringIO(text), delimiter=";")
    else:
        reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [h.strip().lower() for h in reader.fieldnames or []]
    missing = [c for c in _CSV_COLUMNS if c not in header]
    if missing:
        raise KoladaError(f"{where}: missing the column(s) {', '.join(missing)}")
    totals: dict[tuple[str, str, int], tuple[Decimal | None, str]] = {}
    for number, raw in enumerate(reader, start=2):
        row = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items()}
        at = f"{where}, line {number}"
        key = (check_kpi(row["kpi"]), row["municipality"], _year_of(row["period"], at))
        if row["gender"] == "T":
            totals[key] = (_number(row["value"], at), row.get("status", ""))
        else:
            totals.setdefault(key, (None, ""))
    return [(k, m, y, v, s) for (k, m, y), (v, s) in totals.items()]


__all__ = ["read_results_file"]
