"""``goalgraph kolada fetch`` and ``goalgraph kolada import``: indicator results from Kolada.

Both read the municipality from ``--input`` (a workbook, YAML or RDF file) or from the store
(``--store``/``--data``), add the results, validate the graph and store it; the municipality's
graph is written as Turtle to ``-o`` (or standard output when the store is not kept).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

from goalgraph.authoring.cli import _emit, _store
from goalgraph.authoring.workbook import municipality_graph_of
from goalgraph.errors import GoalgraphError
from goalgraph.lifecycle.kolada import fetch_results, import_results, parse_years, read_results_file
from goalgraph.mediatypes import TURTLE
from goalgraph.namespaces import GRAPH
from goalgraph.store.load import open_loaded_store


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``kolada fetch`` and ``kolada import`` to the ``goalgraph`` command."""
    kolada = subparsers.add_parser(
        "kolada", help="indicator results from Kolada (fetch from the API, or import a file)"
    )
    sub = kolada.add_subparsers(dest="kolada_command", required=True)

    p = sub.add_parser(
        "fetch",
        help="fetch the results of every indicator with a Kolada id from the Kolada API",
        description="Example: goalgraph kolada fetch nora --years 2020-2024 -o nora.ttl",
    )
    p.add_argument("municipality", help="the municipality's slug, e.g. nora")
    p.add_argument("--kpi", action="append", help="only this Kolada id (repeatable)")
    p.add_argument("--years", help="years, e.g. 2020-2024 or 2021,2023 (default: all)")
    p.add_argument(
        "--base-url",
        default=os.environ.get("GOALGRAPH_KOLADA_URL"),
        help="the API's base URL (default: $GOALGRAPH_KOLADA_URL, else https://api.kolada.se/v3)",
    )
    p.add_argument("--timeout", type=float, default=30.0, help="seconds per request")
    _common(p)
    p.set_defaults(func=cmd_fetch)

    p = sub.add_parser(
        "import",
        help="read Kolada results from a downloaded JSON or CSV file",
        description="Example: goalgraph kolada import N00945.json --municipality nora -o nora.ttl",
    )
    p.add_argument("file", help="a .json answer of the API or a .csv file")
    p.add_argument("--municipality", required=True, help="the municipality's slug")
    p.add_argument("--years", help="only these years, e.g. 2020-2024")
    p.add_argument("--retrieved", help="the download date, YYYY-MM-DD (default: the file's)")
    _common(p)
    p.set_defaults(func=cmd_import)


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--input", help="read the municipality from this file instead of the store")
    p.add_argument("-o", "--output", help="write the municipality's graph as Turtle here")


def _run(args: argparse.Namespace, read: Any) -> int:

    persistent = bool(args.store) and not args.input and args.store != "memory:"
    store: Any = open_loaded_store(args.store, args.data)[0] if persistent else _store(args)
    graph = municipality_graph_of(store, args.municipality)
    report = read(graph)
    result = import_results(store, graph, report)
    print(report.to_text(), end="", file=sys.stderr)
    if args.output or not persistent:
        _emit(store.dump(str(GRAPH[args.municipality]), TURTLE), args.output)
    where = store.location if persistent else (args.output or "standard output")
    print(
        f"{result.slug}: {result.triples} triples, validated, written to {where}", file=sys.stderr
    )
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    years = parse_years(args.years)
    return _run(
        args,
        lambda graph: fetch_results(
            graph,
            args.municipality,
            kpis=args.kpi,
            years=years,
            url=args.base_url,
            timeout=args.timeout,
        ),
    )


def cmd_import(args: argparse.Namespace) -> int:
    years = parse_years(args.years)
    try:
        day = dt.date.fromisoformat(args.retrieved) if args.retrieved else None
    except ValueError as exc:
        raise GoalgraphError(f"--retrieved: not a date YYYY-MM-DD: {args.retrieved!r}") from exc
    return _run(
        args,
        lambda graph: read_results_file(
            Path(args.file), graph, args.municipality, years=years, retrieved=day
        ),
    )
