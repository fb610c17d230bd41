"""Indicator results from Kolada (RKA's database of municipal key figures, API v3).

Every indicator of a municipality with a Kolada id (``gg:koladaId``, e.g. ``N00945``) gets one
``gg:Result`` per year that Kolada has a value for: the total (gender ``T``), with the source
"Källa: Kolada" (``dcterms:source``), the retrieval date (``gg:retrieved``), the API's own
identifiers (``dcterms:identifier`` "KPI/kommunkod/year/gender") and the API address of the
value (``rdfs:seeAlso``). A year without a value is a stated gap, never a result.

:func:`fetch_results` asks the API (plain HTTP with httpx; the base URL is a setting,
``GOALGRAPH_KOLADA_URL``), :func:`read_results_file` reads the same from a JSON file the API
answered or a CSV file with the columns ``kpi, municipality, period, gender, value``. Both only
read and check; :func:`import_results` adds the results to the municipality's graph, validates
it and stores it in one write (nothing is stored if anything is wrong).

One thing over 400 lines: Kolada's results, fetched or read, checked and turned into RDF.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from goalgraph.authoring.workbook import import_graph
from goalgraph.errors import GoalgraphError, InputError
from goalgraph.namespaces import GG, municipality_iri, municipality_ns

__all__ = [
    "DEFAULT_BASE_URL",
    "SOURCE",
    "FetchReport",
    "KoladaError",
    "KoladaUnavailableError",
    "KoladaValue",
    "fetch_results",
    "import_results",
    "kolada_targets",
    "read_results_file",
]

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


# --- input ----------------------------------------------------------------------------------


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


def kolada_targets(graph: Graph, slug: str) -> tuple[str, dict[str, list[URIRef]]]:
    """The municipality's kommunkod and its indicators by Kolada id."""
    municipality = municipality_iri(slug)
    if (municipality, RDF.type, GG.Municipality) not in graph:
        raise KoladaError(f"unknown municipality {slug!r}")
    code = graph.value(municipality, GG.municipalityCode)
    if code is None:
        raise KoladaError(f"{slug} has no municipality code (gg:municipalityCode)")
    check_kommunkod(str(code))
    by_kpi: dict[str, list[URIRef]] = {}
    for indicator in graph.subjects(RDF.type, GG.Indicator):
        kpi = graph.value(indicator, GG.koladaId)
        if kpi is not None and isinstance(indicator, URIRef):
            by_kpi.setdefault(str(kpi), []).append(indicator)
    for kolada_id in by_kpi:
        check_kpi(kolada_id)
    return str(code), by_kpi


# --- reading answers ------------------------------------------------------------------------


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


# --- the API --------------------------------------------------------------------------------


def base_url(url: str | None = None) -> str:
    """The API's base URL: given, else ``GOALGRAPH_KOLADA_URL``, else Kolada's own."""
    chosen = (url or os.environ.get("GOALGRAPH_KOLADA_URL") or DEFAULT_BASE_URL).rstrip("/")
    if not re.match(r"^https?://[^\s/?#]+(/[^\s?#]*)?$", chosen):
        raise KoladaError(f"not an http(s) base URL for Kolada: {chosen!r}")
    return chosen


def _get(client: httpx.Client, url: str, params: dict[str, Any]) -> Any:
    try:
        response = client.get(url, params=params)
    except httpx.TimeoutException as exc:
        raise KoladaUnavailableError(
            f"Kolada ({url}) did not answer within {client.timeout.read} s; try again later, "
            "or download the data and use `goalgraph kolada import FILE`"
        ) from exc
    except httpx.HTTPError as exc:
        raise KoladaUnavailableError(
            f"cannot reach Kolada at {url} (no network?): {exc or type(exc).__name__}; "
            "on a machine without internet, download the data from Kolada and use "
            "`goalgraph kolada import FILE` / Kolada kan inte nås"
        ) from exc
    if response.status_code == 404:
        raise KoladaError(f"Kolada answered HTTP 404 for {url}: no such address in the API")
    if response.status_code >= 400:
        detail = response.text.strip().replace("\n", " ")[:200]
        error = KoladaUnavailableError if response.status_code >= 500 else KoladaError
        raise error(f"Kolada answered HTTP {response.status_code} for {url}: {detail}")
    try:
        return response.json()
    except ValueError as exc:
        snippet = response.text[:120]
        raise KoladaError(f"Kolada's answer for {url} is not JSON: {snippet!r}") from exc


def _pages(client: httpx.Client, url: str, *, missing: Any = None) -> list[Any]:
    """Every page of an answer (pages are asked for by number, never by a URL from the
    answer); ``missing`` is the answer to use for HTTP 404, if any."""
    pages = []
    for page in range(1, _MAX_PAGES + 1):
        try:
            data = _get(client, url, {"page": page, "per_page": _PER_PAGE})
        except KoladaError as exc:
            if missing is None or "HTTP 404" not in str(exc):
                raise
            data = missing
        pages.append(data)
        if not isinstance(data, dict) or not data.get("next_url"):
            return pages
    raise KoladaError(f"Kolada's answer for {url} has more than {_MAX_PAGES} pages")


def fetch_results(
    graph: Graph,
    slug: str,
    *,
    kpis: Sequence[str] | None = None,
    years: Sequence[int] | None = None,
    url: str | None = None,
    timeout: float = 30.0,
    today: dt.date | None = None,
) -> FetchReport:
    """Ask Kolada for the values of the municipality's indicators with a Kolada id (or of
    ``kpis`` among them) in ``years`` (all years for ``None``); reads only."""
    code, by_kpi = kolada_targets(graph, slug)
    chosen = sorted(by_kpi) if kpis is None else [check_kpi(k) for k in kpis]
    unknown = [k for k in chosen if k not in by_kpi]
    if unknown:
        raise KoladaError(
            f"no indicator of {slug} has the Kolada id {', '.join(unknown)} "
            f"(known: {', '.join(sorted(by_kpi)) or 'none'})"
        )
    root = base_url(url)
    report = FetchReport(slug, code, retrieved=today or dt.date.today(), base_url=root)
    if not chosen:
        return report
    with httpx.Client(timeout=timeout, headers={"User-Agent": "goalgraph"}) as client:
        meta_url = f"{root}/kpi/{','.join(chosen)}"
        known = set()
        for page in _pages(client, meta_url, missing={"values": []}):
            if not isinstance(page, dict) or not isinstance(page.get("values"), list):
                raise KoladaError(f"{meta_url}: not a Kolada KPI answer (no list of 'values')")
            known |= {str(k.get("id")) for k in page["values"] if isinstance(k, dict)}
        missing = [k for k in chosen if k not in known]
        if missing:
            raise KoladaError(
                f"Kolada has no KPI {', '.join(missing)} (asked {meta_url}); "
                "check the indicators' Kolada ids / nyckeltalet finns inte i Kolada"
            )
        path = f"{root}/data/kpi/{','.join(chosen)}/municipality/{quote(code)}"
        if years:
            path += "/year/" + ",".join(str(y) for y in years)
        rows = []
        for page in _pages(client, path):
            rows += values_from_answer(page, path)
    _collect(rows, report, chosen, years, path)
    return report


# --- files ------------------------------------------------------------------------------------

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


# --- writing ----------------------------------------------------------------------------------


def _is_kolada(graph: Graph, result: Any) -> bool:
    return any(str(s) in ("Kolada", SOURCE) for s in graph.objects(result, DCTERMS.source))


def results_graph(graph: Graph, report: FetchReport) -> Graph:
    """A copy of the municipality's graph with the report's values as results: a result from
    Kolada for the same indicator and year is replaced, others are kept."""
    out = Graph()
    for triple in graph:
        out.add(triple)
    _, by_kpi = kolada_targets(graph, report.municipality)
    ns = municipality_ns(report.municipality)
    for value in report.values:
        for indicator in by_kpi[value.kpi]:
            for old in list(out.objects(indicator, GG.hasResult)):
                period = out.value(old, GG.period)
                if str(period)[:4] == str(value.year) and _is_kolada(out, old):
                    out.remove((indicator, GG.hasResult, old))
                    out.remove((old, None, None))
            local = str(indicator).rsplit("/", 1)[-1]
            node = ns[f"{local}-kolada-{value.year}"]
            identifier = f"{value.kpi}/{value.municipality}/{value.year}/T"
            out.add((indicator, GG.hasResult, node))
            out.add((node, RDF.type, GG.Result))
            out.add((node, GG.measuredValue, Literal(value.value, datatype=XSD.decimal)))
            out.add((node, GG.period, Literal(str(value.year), datatype=XSD.gYear)))
            out.add((node, DCTERMS.source, Literal(SOURCE)))
            out.add((node, GG.retrieved, Literal(report.retrieved.isoformat(), datatype=XSD.date)))
            out.add((node, DCTERMS.identifier, Literal(identifier)))
            if report.base_url.startswith("http"):
                api = f"{report.base_url}/data/kpi/{value.kpi}/municipality/{value.municipality}"
                out.add((node, RDFS.seeAlso, URIRef(f"{api}/year/{value.year}")))
    return out


def import_results(store: Any, graph: Graph, report: FetchReport) -> Any:
    """Add the report's results to the municipality's graph, validate it and store it in one
    write; an :class:`~goalgraph.authoring.workbook.ImportValidationError` stores nothing."""
    return import_graph(store, report.municipality, results_graph(graph, report))
