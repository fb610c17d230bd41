"""Kolada's API v3 asked over plain HTTP (httpx), page by page; the base URL is a setting
(``GOALGRAPH_KOLADA_URL``).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote

import httpx
from rdflib import Graph

from goalgraph.lifecycle.kolada.answers import _collect, values_from_answer
from goalgraph.lifecycle.kolada.graph import kolada_targets
from goalgraph.lifecycle.kolada.values import (
    _MAX_PAGES,
    _PER_PAGE,
    DEFAULT_BASE_URL,
    FetchReport,
    KoladaError,
    KoladaUnavailableError,
    check_kpi,
)


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


__all__ = ["base_url", "fetch_results"]
