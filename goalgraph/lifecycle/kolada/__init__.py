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

The parts: :mod:`.values` (values, reports, checks), :mod:`.answers` (an answer read into
values), :mod:`.api` (the HTTP API), :mod:`.files` (JSON and CSV files), :mod:`.graph` (RDF and
the import).
"""

from __future__ import annotations

from goalgraph.lifecycle.kolada.api import base_url, fetch_results
from goalgraph.lifecycle.kolada.files import read_results_file
from goalgraph.lifecycle.kolada.graph import import_results, kolada_targets, results_graph
from goalgraph.lifecycle.kolada.values import (
    DEFAULT_BASE_URL,
    SOURCE,
    FetchReport,
    KoladaError,
    KoladaUnavailableError,
    KoladaValue,
    check_kommunkod,
    check_kpi,
    parse_years,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "SOURCE",
    "FetchReport",
    "KoladaError",
    "KoladaUnavailableError",
    "KoladaValue",
    "base_url",
    "check_kommunkod",
    "check_kpi",
    "fetch_results",
    "import_results",
    "kolada_targets",
    "parse_years",
    "read_results_file",
    "results_graph",
]
