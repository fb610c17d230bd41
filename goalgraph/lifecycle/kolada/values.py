"""Kolada's values as goalgraph holds them: the errors, one value, the report of a fetch or import,
and the checks of what a user asks for (kommunkod, KPI, years).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from goalgraph.errors import GoalgraphError

DEFAULT_BASE_URL = "https://api.kolada.se/v3"


#: The attribution Kolada's terms of use require.
SOURCE = "Källa: Kolada"


_KPI = re.compile(r"^[A-Z]\d{5}$")


_YEAR = re.compile(r"^\d{4}$")


_MAX_PAGES = 50


_PER_PAGE = 5000


class KoladaError(GoalgraphError):
    """Bad input for a Kolada fetch or import, or an answer from Kolada that is not usable."""


class KoladaUnavailableError(KoladaError):
    """Kolada could not be reached (no network, the server is down or too slow)."""


@dataclass(frozen=True)
class KoladaValue:
    """One value from Kolada: a KPI's total for a municipality and a year."""

    kpi: str
    municipality: str
    year: int
    value: Decimal
    status: str | None = None


@dataclass
class FetchReport:
    """What a fetch or import found: the values and the years without a value (gaps)."""

    municipality: str
    code: str
    values: list[KoladaValue] = field(default_factory=list)
    gaps: list[tuple[str, int]] = field(default_factory=list)
    retrieved: dt.date = field(default_factory=dt.date.today)
    base_url: str = DEFAULT_BASE_URL

    def to_text(self) -> str:
        """A short summary in Swedish and English."""
        lines = [
            f"{self.municipality} ({self.code}): {len(self.values)} utfall / results "
            f"från Kolada, hämtat / retrieved {self.retrieved.isoformat()} ({SOURCE})"
        ]
        lines += [f"  {v.kpi} {v.year}: {v.value}" for v in sorted(self.values, key=_value_key)]
        lines += [
            f"  {kpi} {year}: inget värde i Kolada (lucka) / no value in Kolada (gap)"
            for kpi, year in sorted(self.gaps)
        ]
        return "\n".join(lines) + "\n"


def _value_key(value: KoladaValue) -> tuple[str, int]:
    return (value.kpi, value.year)


def check_kommunkod(code: str) -> str:
    """``code`` if it is a kommunkod (four digits; Kolada's ids starting 00 are regions and
    the whole country); :class:`KoladaError` otherwise."""
    if not re.fullmatch(r"\d{4}", code) or code.startswith("00"):
        raise KoladaError(
            f"{code!r} is not a kommunkod (four digits such as 1884) / "
            f"{code!r} är ingen kommunkod (fyra siffror, t.ex. 1884)"
        )
    return code


def check_kpi(kpi: str) -> str:
    """``kpi`` if it looks like a Kolada KPI id (a letter and five digits, e.g. N00945)."""
    if not _KPI.match(kpi):
        raise KoladaError(
            f"{kpi!r} is not a Kolada KPI id (a letter and five digits, e.g. N00945) / "
            f"{kpi!r} är inget Kolada-id"
        )
    return kpi


def parse_years(text: str | None) -> list[int] | None:
    """``2020-2024`` or ``2021,2023`` as a list of years; ``None`` for all years."""
    if not text:
        return None
    years: set[int] = set()
    for part in text.split(","):
        first, dash, last = part.strip().partition("-")
        if not _YEAR.match(first) or (dash and not _YEAR.match(last)):
            raise KoladaError(f"not a year or range of years: {part.strip()!r} (e.g. 2020-2024)")
        start, end = int(first), int(last) if dash else int(first)
        if end < start or end - start > 100:
            raise KoladaError(f"not a range of years: {part.strip()!r}")
        years.update(range(start, end + 1))
    return sorted(years)


__all__ = [
    "DEFAULT_BASE_URL",
    "SOURCE",
    "FetchReport",
    "KoladaError",
    "KoladaUnavailableError",
    "KoladaValue",
    "check_kommunkod",
    "check_kpi",
    "parse_years",
]
