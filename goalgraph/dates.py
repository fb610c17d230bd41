"""The forms a date is written in goalgraph's data: a year (``2024``), a month
(``2024-05``), a day (``2024-05-27``) or a date-time; the datatype of each and the days each
covers.

>>> date_literal("2024-05").datatype == XSD.gYearMonth
True
>>> day_bounds("2024-02")
(datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

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
