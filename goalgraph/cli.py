"""The ``goalgraph`` command line: validate, query, sparql and export here; docs, diagram and
compare in :mod:`goalgraph.cli_documents`; authoring, Kolada and report commands beside their
rooms.

``run``, which serves the web layer, is added from the ``goalgraph.commands`` entry-point
group, so the library never imports ``api``.

Exit codes: 0 success (for ``validate``: conforms), 1 validation found violations,
2 bad input or usage (the message names the file and line, or the node).
"""

from __future__ import annotations

import argparse
import csv
import importlib
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

from goalgraph import __version__
from goalgraph.authoring.cli import register as register_authoring
from goalgraph.authoring.tabular import csv_cell
from goalgraph.cli_documents import register as register_documents
from goalgraph.errors import GoalgraphError
from goalgraph.files import write_atomically
from goalgraph.lifecycle.kolada_cli import register as register_kolada
from goalgraph.lifecycle.selection import add_selection_arguments, selection_of
from goalgraph.mediatypes import (
    CSV,
    JSONLD,
    NQUADS,
    NTRIPLES,
    SPARQL_JSON,
    SPARQL_XML,
    TRIG,
    TSV,
    TURTLE,
)
from goalgraph.namespaces import GRAPH, PREFIXES
from goalgraph.reports.cli import register as register_report
from goalgraph.sparql.named import LANGUAGES, get_query, named_queries
from goalgraph.store.load import LoadSummary, load_files, open_loaded_store
from goalgraph.store.oxigraph import DEFAULT_STORE_PATH, OxigraphStore, SelectResult, Store
from goalgraph.texts import strings
from goalgraph.validation.findings import report_labels
from goalgraph.validation.graph import validate_graph
from goalgraph.validation.selection import select_report

EXPORT_FORMATS = {
    "turtle": TURTLE,
    "jsonld": JSONLD,
    "ntriples": NTRIPLES,
    "nquads": NQUADS,
    "trig": TRIG,
}
#: The entry-point group of commands that live outside the library: each names a function
#: that adds its subcommand to the parser's subcommands (``goalgraph run`` is in ``api.serve``).
COMMANDS_GROUP = "goalgraph.commands"
SPARQL_FORMATS = {
    "json": SPARQL_JSON,
    "xml": SPARQL_XML,
    "csv": CSV,
    "tsv": TSV,
    "turtle": TURTLE,
    "ntriples": NTRIPLES,
    "jsonld": JSONLD,
}


def _store(args: argparse.Namespace) -> tuple[Store, LoadSummary]:
    """The store that --store (or GOALGRAPH_STORE) names, holding the data (default: a new
    in-memory store loaded from --data)."""
    return open_loaded_store(args.store, args.data)


def _compact(value: object) -> str:
    text = "" if value is None else str(value)
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if text.startswith(ns) and prefix in ("gg", "sdg", "id"):
            return f"{prefix}:{text[len(ns) :]}"
    return text


def _print_rows(result: SelectResult, fmt: str, lang: str = "sv") -> None:
    if fmt == "json":
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")  # RFC 4180: a CR in a cell is quoted
        writer.writerow(result.variables)
        for row in result:
            writer.writerow(
                [csv_cell("" if row[v] is None else str(row[v])) for v in result.variables]
            )
        print(buffer.getvalue(), end="")
        return
    table = [[_compact(row[v]) for v in result.variables] for row in result]
    widths = [
        min(60, max([len(v)] + [len(r[i]) for r in table])) for i, v in enumerate(result.variables)
    ]
    print("  ".join(v.ljust(w) for v, w in zip(result.variables, widths, strict=True)).rstrip())
    for r in table:
        cells = [c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(r, widths, strict=True)]
        print("  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip())
    rows = strings(lang)["rows_one" if len(table) == 1 else "rows_other"]
    print(f"({len(table)} {rows})")


def cmd_validate(args: argparse.Namespace) -> int:
    files = [Path(t) for t in args.targets if Path(t).suffix]
    slugs = [t for t in args.targets if not Path(t).suffix]
    if files:
        store: Store = OxigraphStore()
        summary = load_files(store, files, fmt=args.input_format)
    else:
        store, summary = _store(args)
    unknown = sorted(set(slugs) - set(summary.municipalities))
    if unknown:
        raise GoalgraphError(
            f"unknown municipality {', '.join(unknown)}; "
            f"known: {', '.join(summary.municipalities) or 'none'}"
        )
    chosen = slugs or summary.municipalities
    graph = store.to_rdflib([str(GRAPH[slug]) for slug in chosen])
    full = validate_graph(graph, audit=not args.no_audit)
    selected = select_report(
        full,
        ((slug, store.to_rdflib([str(GRAPH[slug])])) for slug in chosen),
        selection_of(args),
    )
    report = selected.report
    if args.format == "json":
        body = report.to_json()
        body["selection"] = selected.selection_json()
        print(json.dumps(body, ensure_ascii=False, indent=2))
    elif args.format == "turtle":
        print(report.to_turtle())
    else:
        print(report.to_text(args.lang, report_labels(store, report, args.lang), args.group))
        print(selected.note(args.lang))
    return 0 if report.conforms else 1


def cmd_query(args: argparse.Namespace) -> int:
    if args.list or not args.name:
        for named in named_queries().values():
            signature = " ".join(f"{p.name}=<{p.type}>" for p in named.parameters)
            print(f"{named.name:36} {signature}\n    {named.title}")
        return 0
    query = get_query(args.name)
    params: dict[str, str] = {"lang": args.lang}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep:
            raise GoalgraphError(f"a parameter is written NAME=VALUE, not {item!r}")
        params[key] = value
    if "lang" not in {p.name for p in query.parameters}:
        params.pop("lang")
    store, _ = _store(args)
    _print_rows(query.run(store, **params), args.format, args.lang)
    return 0


def cmd_sparql(args: argparse.Namespace) -> int:
    text = Path(args.file).read_text(encoding="utf-8") if args.file else args.query
    if not text:
        raise GoalgraphError("give a query, or a file with -f")
    store, _ = _store(args)
    if args.format == "table":
        result = store.select(text)
        _print_rows(result, "table", args.lang)
        return 0
    body, _media = store.query_serialized(text, SPARQL_FORMATS[args.format])
    sys.stdout.write(body.decode("utf-8"))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    store, summary = _store(args)
    graph = None
    if args.municipality:
        if args.municipality not in summary.municipalities:
            raise GoalgraphError(
                f"unknown municipality {args.municipality!r}; "
                f"known: {', '.join(summary.municipalities)}"
            )
        graph = str(GRAPH[args.municipality])
    data = store.dump(graph, EXPORT_FORMATS[args.format])
    if args.output:
        write_atomically(Path(args.output), data)
    else:
        sys.stdout.buffer.write(data)
    return 0


def _load_command(command: EntryPoint) -> Callable[[Any], None]:
    """The function that adds an entry point's subcommand.

    The wheel ships the web layer as ``goalgraph_api``; in a source checkout (an editable
    install) it is the ``api/`` folder, so a missing ``goalgraph_api`` is looked up there.
    """
    try:
        return command.load()
    except ModuleNotFoundError as exc:
        if exc.name != "goalgraph_api" or not command.module.startswith("goalgraph_api."):
            raise
        module = importlib.import_module("api." + command.module.removeprefix("goalgraph_api."))
        return getattr(module, command.attr)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``goalgraph`` command."""
    parser = argparse.ArgumentParser(
        prog="goalgraph",
        description="Kunskapsgraf för kommunal målstyrning / knowledge graph of municipal goals.",
    )
    parser.add_argument("--version", action="version", version=f"goalgraph {__version__}")
    parser.add_argument(
        "--data", type=Path, default=None, help="data folder (default: the project's data/)"
    )
    parser.add_argument(
        "--store",
        default=os.environ.get("GOALGRAPH_STORE"),
        help="memory:, a folder (embedded Oxigraph) or a SPARQL server's query URL such as "
        "http://localhost:7878/query (default: $GOALGRAPH_STORE; else memory:, and "
        f"{DEFAULT_STORE_PATH} for run)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("validate", help="validate municipalities or files against the shapes")
    p.add_argument("targets", nargs="*", help="municipality slugs (e.g. nora) or RDF files")
    p.add_argument("--lang", choices=LANGUAGES, default="sv")
    p.add_argument("--format", choices=("text", "json", "turtle"), default="text")
    p.add_argument("--input-format", help="RDF format of the files (turtle, json-ld, nt)")
    p.add_argument("--no-audit", action="store_true", help="skip the audit warnings")
    p.add_argument("--group", choices=("goal", "finding"), default="goal", help="group findings")
    add_selection_arguments(p)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("query", help="run a named query (goalgraph query --list)")
    p.add_argument("name", nargs="?")
    p.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--lang", choices=LANGUAGES, default="sv")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument("--list", action="store_true", help="list the named queries")
    p.set_defaults(func=cmd_query)

    p = sub.add_parser("sparql", help="run a SPARQL query on the knowledge graph")
    p.add_argument("query", nargs="?")
    p.add_argument("-f", "--file", help="read the query from a file")
    p.add_argument("--format", choices=("table", *SPARQL_FORMATS), default="table")
    p.add_argument("--lang", choices=LANGUAGES, default="sv", help="language of the row count")
    p.set_defaults(func=cmd_sparql)

    p = sub.add_parser("export", help="export one municipality or everything as RDF")
    p.add_argument("municipality", nargs="?")
    p.add_argument("--format", choices=tuple(EXPORT_FORMATS), default="turtle")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p.set_defaults(func=cmd_export)

    register_documents(sub)
    register_authoring(sub)
    register_kolada(sub)
    register_report(sub)
    for command in entry_points(group=COMMANDS_GROUP):
        _load_command(command)(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except GoalgraphError as exc:
        print(f"goalgraph: error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
