"""The forms a date is written in goalgraph's data: a year (``2024``), a month
(``2024-05``), a day (``2024-05-27``) or a date-time; the datatype of each and the days each
covers. And the Swedish dates documents write, read into those forms (:func:`find_dates`,
:func:`parse_day`, :func:`find_periods`).

Swedish forms read: ``2019-05-27``; ``27 maj 2019``, ``den 27 maj 2019``, ``7:e december
2022``, ``10–11 december 2018`` (its first day); ``27/5 2019``, ``den 27/5``, ``27 maj`` (the
year from the document); ``27.5.2019``; ``i december 2021``, ``december 2021`` (a month);
``hösten 2019``, ``våren 2020`` (a season: a period of months, not a calendar day). Periods
are year ranges such as ``2020-2023`` or ``2023–2025``. A date that does not exist
(``2020-02-31``, ``31 februari``) is a :class:`BadDateError`, never a silent guess.

>>> date_literal("2024-05").datatype == XSD.gYearMonth
True
>>> day_bounds("2024-02")
(datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
>>> [f.value for f in find_dates("antagen av KF den 7 december 2022 och 2023-01-10")]
['2022-12-07', '2023-01-10']
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

#: Each form a date may be written in, with the XSD datatype of its literal.
DATE_FORMS: tuple[tuple[re.Pattern[str], URIRef], ...] = (
    (re.compile(r"^\d{4}$"), XSD.gYear),
    (re.compile(r"^\d{4}-\d{2}$"), XSD.gYearMonth),
    (re.compile(r"^\d{4}-\d{2}-\d{2}$"), XSD.date),
    (
        re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?$"),
        XSD.dateTime,
    ),
)


def date_literal(text: str) -> Literal | None:
    """A literal whose datatype follows the form of ``text``; ``None`` when ``text`` is in
    no form or names no real date."""
    for pattern, datatype in DATE_FORMS:
        if pattern.match(text):
            literal = Literal(text, datatype=datatype)
            if not literal.ill_typed:
                return literal
    return None


def day_bounds(text: str) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a year, a month, a day or a date-time; ``None`` for
    anything else."""
    try:
        if len(text) == 4 and text.isdigit():
            year = int(text)
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if len(text) == 7 and text[4] == "-":
            year, month = int(text[:4]), int(text[5:])
            last = calendar.monthrange(year, month)[1]
            return dt.date(year, month, 1), dt.date(year, month, last)
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
    return day, day


# -- Swedish dates as documents write them ------------------------------------------------


MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "maj": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "okt": 10, "nov": 11, "dec": 12,
}  # fmt: skip
MONTH = (
    r"(?:jan(?:uari)?|feb(?:ruari)?|mars?|apr(?:il)?|maj|juni?|juli?|aug(?:usti)?"
    r"|sep(?:t(?:ember)?)?|okt(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
DATE = r"\d{4}-\d{2}-\d{2}"
#: Seasons, as the months they cover (a reviewer narrows them).
SEASONS = {"våren": (1, 6), "sommaren": (6, 8), "hösten": (8, 12), "vintern": (12, 2)}

_ISO = re.compile(rf"(?<![\d-])({DATE})(?![\d-])")
_DAY = re.compile(
    rf"(?<![\w-])(\d{{1,2}})(?::[ae])?(?:\s*[–-]\s*\d{{1,2}})?\s+({MONTH})(?:\s+(\d{{4}}))?(?![\w])",
    re.IGNORECASE,
)
_SLASH = re.compile(r"(?<![\w/])(\d{1,2})/(\d{1,2})(?:[ -](\d{4}))?(?![\w/])")
#: ``27.5.2019``, ``27.05.2019`` (never a bare ``27.5``: a decimal number or a section).
_DOTTED = re.compile(r"(?<![\w.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\w]|\.\d)")
_MONTH_YEAR = re.compile(rf"(?<![\w\d])({MONTH})\s+(\d{{4}})(?!\d)", re.IGNORECASE)
_SEASON = re.compile(r"\b(våren|sommaren|hösten|vintern)\s+(\d{4})\b", re.IGNORECASE)
_PERIOD = re.compile(r"(?<![\d-])((?:19|20)\d{2})\s?[-–]\s?((?:19|20)\d{2})(?![\d-])")


class BadDateError(Exception):
    """A date in the text that does not exist, or a day and month without a year."""

    def __init__(self, sv: str, en: str) -> None:
        super().__init__(en)
        self.sv = sv
        self.en = en


@dataclass(frozen=True)
class Found:
    """A date found in a text: its value (ISO day, ``YYYY-MM`` or a season), its precision,
    whether the text gives the year itself, and where it is."""

    value: str
    precision: str  # "day", "month", "season"
    explicit_year: bool
    start: int
    end: int
    text: str


def _day(year: int, month: int, day: int, written: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise BadDateError(
            f"datumet {written} finns inte", f"the date {written} does not exist"
        ) from exc


def parse_day(text: str, year: int | None = None) -> dt.date | None:
    """The day ``text`` names (``2019-05-27``, ``27 maj 2019``, ``27 maj`` with ``year``)."""
    text = " ".join(text.split())
    if re.fullmatch(DATE, text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            raise BadDateError(
                f"datumet {text!r} finns inte", f"the date {text!r} does not exist"
            ) from exc
    match = _DAY.fullmatch(text)
    if match:
        day, month, written_year = match.groups()
        if written_year is None and year is None:
            raise BadDateError(
                f"dokumentet anger inget år för datumet {day} {month}",
                f"the document gives no year for the date {day} {month}",
            )
        use = int(written_year) if written_year else year
        if use is None:  # unreachable: checked just above
            return None
        return _day(use, MONTHS[month[:3].casefold()], int(day), f"{day} {month} {use}")
    return None


def find_dates(text: str, year: int | None = None) -> Iterator[Found]:
    """Every date in ``text``, left to right; day and month without a year take ``year``
    (skipped when it is None). Raises :class:`BadDateError` for a date that does not exist."""
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    found: list[Found] = []
    for match in _ISO.finditer(text):
        day = parse_day(match.group(1))
        if day is None:
            continue
        taken.append(match.span())
        found.append(Found(day.isoformat(), "day", True, *match.span(), match.group(0)))
    for match in _DAY.finditer(text):
        if not free(*match.span()):
            continue
        day_text, month, written_year = match.groups()
        use = int(written_year) if written_year else year
        if use is None:
            continue
        written = f"{day_text} {month.rstrip('.')} {use}"
        day = _day(use, MONTHS[month[:3].casefold()], int(day_text), written)
        taken.append(match.span())
        found.append(
            Found(day.isoformat(), "day", bool(written_year), *match.span(), match.group(0))
        )
    for match in _SLASH.finditer(text):
        if not free(*match.span()):
            continue
        day_text, month_text, written_year = match.groups()
        month_number = int(month_text)
        use = int(written_year) if written_year else year
        if use is None or not 1 <= month_number <= 12:
            continue
        if written_year:
            day = _day(use, month_number, int(day_text), match.group(0))
        else:
            try:  # "FN 47/5", "§ 31/4": a number pair without a year that is no day
                day = dt.date(use, month_number, int(day_text))  # is a case number
            except ValueError:
                continue
        taken.append(match.span())
        found.append(
            Found(day.isoformat(), "day", bool(written_year), *match.span(), match.group(0))
        )
    for match in _DOTTED.finditer(text):
        if not free(*match.span()):
            continue
        day_text, month_text, written_year = match.groups()
        if not 1 <= int(month_text) <= 12:
            continue  # "1.13.2019": a section number, no day
        day = _day(int(written_year), int(month_text), int(day_text), match.group(0))
        taken.append(match.span())
        found.append(Found(day.isoformat(), "day", True, *match.span(), match.group(0)))
    for match in _MONTH_YEAR.finditer(text):
        if not free(*match.span()):
            continue
        month = MONTHS[match.group(1)[:3].casefold()]
        taken.append(match.span())
        value = f"{match.group(2)}-{month:02d}"
        found.append(Found(value, "month", True, *match.span(), match.group(0)))
    for match in _SEASON.finditer(text):
        if not free(*match.span()):
            continue
        taken.append(match.span())
        value = f"{match.group(2)}-{match.group(1).casefold()}"
        found.append(Found(value, "season", True, *match.span(), match.group(0)))
    yield from sorted(found, key=lambda f: f.start)


def latest_year(text: str) -> int | None:
    """The year of the latest day ``text`` writes with its year (``2023-06-16``, ``26 maj
    2023``): the year a page of news or a dated document speaks in; ``None`` when it writes
    none. A day that does not exist is passed over."""
    years = []
    for line in text.splitlines():
        try:
            found = list(find_dates(line))
        except BadDateError:
            continue
        years += [int(f.value[:4]) for f in found if f.precision == "day" and f.explicit_year]
    return max(years) if years else None


def season_months(value: str) -> tuple[int, int] | None:
    """The first and last month of a season value such as ``2019-hösten``."""
    name = value.split("-", 1)[-1]
    return SEASONS.get(name)


def find_periods(text: str) -> Iterator[tuple[int, int, re.Match[str]]]:
    """Year ranges (``2020-2023``, ``2023–2025``): first year, last year, the match."""
    for match in _PERIOD.finditer(text):
        first, last = int(match.group(1)), int(match.group(2))
        if first < last <= first + 12:
            yield first, last, match
