"""Kolada's answers read into values: numbers, years and the rows of one answer, checked, each
problem named with where it is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from goalgraph.lifecycle.kolada.values import (
    _YEAR,
    FetchReport,
    KoladaError,
    KoladaValue,
    _value_key,
    check_kpi,
)


def _number(raw: Any, where: str) -> Decimal | None:
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise KoladaError(f"{where}: the value {raw!r} is not a number")
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except InvalidOperation:
        if str(raw).strip() == "":
            return None
        raise KoladaError(f"{where}: the value {raw!r} is not a number") from None
    if not value.is_finite():
        raise KoladaError(f"{where}: the value {raw!r} is not a number")
    return value


def _year_of(raw: Any, where: str) -> int:
    text = str(raw).strip()
    if not _YEAR.match(text):
        raise KoladaError(f"{where}: the period {raw!r} is not a year")
    return int(text)


def values_from_answer(data: Any, where: str) -> list[tuple[str, str, int, Decimal | None, str]]:
    """(kpi, municipality, year, total value or None, status) for each entry of a data answer
    (``{"values": [{"kpi", "municipality", "period", "values": [{"gender", "value", …}]}]}``);
    a value the API marks ``"isdeleted": true`` is no value."""
    if not isinstance(data, dict) or not isinstance(data.get("values"), list):
        raise KoladaError(f"{where}: not a Kolada data answer (no list of 'values')")
    out = []
    for index, entry in enumerate(data["values"]):
        at = f"{where}, entry {index + 1}"
        if not isinstance(entry, dict):
            raise KoladaError(f"{at}: not an object")
        missing = [k for k in ("kpi", "municipality", "period", "values") if k not in entry]
        if missing:
            raise KoladaError(f"{at}: missing {', '.join(missing)}")
        if not isinstance(entry["values"], list):
            raise KoladaError(f"{at}: 'values' is not a list")
        total: Decimal | None = None
        status = ""
        for part in entry["values"]:
            if not isinstance(part, dict) or "gender" not in part:
                raise KoladaError(f"{at}: a value without a gender")
            if part["gender"] == "T" and part.get("isdeleted") is not True:
                total = _number(part.get("value"), at)
                status = str(part.get("status") or "")
        out.append(
            (
                check_kpi(str(entry["kpi"])),
                str(entry["municipality"]),
                _year_of(entry["period"], at),
                total,
                status,
            )
        )
    return out


def _collect(
    rows: Iterable[tuple[str, str, int, Decimal | None, str]],
    report: FetchReport,
    kpis: Sequence[str],
    years: Sequence[int] | None,
    where: str,
) -> None:
    """Fill the report from the rows: values for our municipality, gaps for the years asked
    for (or seen) without one."""
    found: dict[tuple[str, int], KoladaValue] = {}
    seen_years: set[int] = set()
    for kpi, municipality, year, value, status in rows:
        if municipality != report.code:
            raise KoladaError(
                f"{where}: a value for municipality {municipality}, not {report.code}"
            )
        if kpi not in kpis:
            raise KoladaError(f"{where}: a value for {kpi}, which no indicator of "
                              f"{report.municipality} has as its Kolada id")  # fmt: skip
        if years is not None and year not in years:
            continue
        seen_years.add(year)
        if value is not None:
            if (kpi, year) in found and found[(kpi, year)].value != value:
                raise KoladaError(f"{where}: two different values for {kpi} {year}")
            found[(kpi, year)] = KoladaValue(kpi, municipality, year, value, status or None)
    wanted = sorted(years) if years is not None else sorted(seen_years)
    report.values = sorted(found.values(), key=_value_key)
    report.gaps = [(k, y) for k in sorted(kpis) for y in wanted if (k, y) not in found]


__all__ = ["values_from_answer"]
