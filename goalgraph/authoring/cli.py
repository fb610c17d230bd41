"""Command-line subcommands for authoring and the yearly work.

``register(subparsers)`` adds: ``template``, ``import``, ``export-sheet``, ``diff``, ``as-of``,
``status``, ``suggest-sdg`` and ``extract``. Each returns an exit code: 0 success, 1 the data
does not pass validation, 2 bad input (raised as :class:`goalgraph.errors.GoalgraphError`, whose
message names the file, sheet, row and column).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

from goalgraph.authoring.extraction import extract_file
from goalgraph.authoring.extraction.review import review_report, write_review
from goalgraph.authoring.suggest import suggest, suggestion_graph, to_json
from goalgraph.authoring.workbook import (
    ImportValidationError,
    export_municipality,
    import_graph,
    municipality_graph_of,
    read_workbook,
    write_template,
)
from goalgraph.conventions import LANGUAGES
from goalgraph.diagrams import render_diagram
from goalgraph.diagrams.render import render_dot
from goalgraph.errors import GoalgraphError
from goalgraph.lifecycle.indicators import compute_status, status_diagram
from goalgraph.lifecycle.periods import as_of_store, diff_periods, parse_day
from goalgraph.lifecycle.selection import Selection, listing, listing_text, resolve
from goalgraph.lifecycle.validity import label_of
from goalgraph.mediatypes import TURTLE
from goalgraph.namespaces import GG, GRAPH, ID, PREFIXES, SDG, municipality_iri, municipality_ns
from goalgraph.sparql.named import get_query, resolve_iri
from goalgraph.store.load import load_data, load_files, open_loaded_store
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.validation.graph import validate_graph

RDF_SUFFIXES = {".ttl", ".turtle", ".nt", ".jsonld", ".json", ".rdf", ".owl"}


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the authoring subcommands to the ``goalgraph`` command's subparsers."""
    p = subparsers.add_parser(
        "template",
        help="write the empty template (Excel, YAML or a CSV folder) / skriv den tomma mallen",
    )
    p.add_argument("-o", "--output", default="goalgraph-mall.xlsx")
    p.add_argument("--form", choices=("xlsx", "yaml", "csv"))
    p.set_defaults(func=cmd_template)

    p = subparsers.add_parser(
        "import",
        help="read a filled-in template, validate it with the store and write the municipality "
        "as Turtle (and into the store that --store names)",
        description="Example: goalgraph import nora.xlsx -o data/municipalities/nora.ttl; "
        "goalgraph --store ./store import nora.xlsx (writes into that store)",
    )
    p.add_argument("file", help=".xlsx, .yaml or a folder of CSV files")
    p.add_argument("--municipality", help="the slug the file must describe")
    p.add_argument("--encoding", help="text encoding of CSV/YAML files (default UTF-8)")
    p.add_argument("--form", choices=("xlsx", "yaml", "csv"))
    p.add_argument("-o", "--output", help="Turtle file to write (default: standard output)")
    p.add_argument("--lang", choices=LANGUAGES, default="sv")
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser(
        "export-sheet",
        help="write a municipality to the template (Excel, YAML or a CSV folder)",
        description="Example: goalgraph export-sheet nora -o nora.xlsx",
    )
    p.add_argument("municipality")
    p.add_argument("-o", "--output", required=True, help=".xlsx, .yaml or a folder")
    p.add_argument("--form", choices=("xlsx", "yaml", "csv"))
    p.add_argument("--input", help="read the municipality from this file instead of data/")
    p.set_defaults(func=cmd_export_sheet)

    p = subparsers.add_parser(
        "diff",
        help="what changed in a municipality's goals between two mandate periods",
        description="Example: goalgraph diff provby 2019-2022 2023-2026 --input provby.yaml",
    )
    p.add_argument("municipality")
    p.add_argument("old", help="period id, label or years, e.g. 2019-2022")
    p.add_argument("new")
    p.add_argument("--input", help="read the municipality from this file instead of data/")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--lang", choices=LANGUAGES, default="sv")
    p.set_defaults(func=cmd_diff)

    p = subparsers.add_parser(
        "as-of",
        help="a municipality's goals in force on a date: a table, Turtle, a query or a diagram",
        description="Examples: goalgraph as-of umea 2020-06-01; goalgraph as-of nora 2023-01-01 "
        "-f ttl; goalgraph as-of nora 2023-01-01 --query goals-of-municipality "
        "-p municipality=nora",
    )
    p.add_argument("municipality")
    p.add_argument("date", help="YYYY-MM-DD, YYYY-MM or YYYY")
    p.add_argument("--input", help="read the municipality from this file instead of data/")
    p.add_argument("--query", help="run this named query on the municipality as of the date")
    p.add_argument("--param", "-p", action="append", default=[], metavar="NAME=VALUE")
    p.add_argument("--diagram", choices=("chain", "process"), help="draw this diagram")
    p.add_argument(
        "-f",
        "--format",
        choices=("table", "json", "ttl"),
        default="table",
        help="the goals as a table (default), JSON, or the whole graph as Turtle (ttl)",
    )
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p.add_argument("--lang", choices=LANGUAGES, default="sv")
    p.set_defaults(func=cmd_as_of)

    p = subparsers.add_parser(
        "status",
        help="computed goal attainment up the chain, from indicators, results and roll-up rules",
    )
    p.add_argument("municipality")
    p.add_argument("--year", type=int, help="the year (default: the latest results)")
    p.add_argument("--input", help="read the municipality from this file instead of data/")
    p.add_argument("--format", choices=("text", "md", "json", "dot", "svg"), default="text")
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p.add_argument("--lang", choices=LANGUAGES, default="sv")
    p.set_defaults(func=cmd_status)

    p = subparsers.add_parser(
        "suggest-sdg",
        help="suggest Agenda 2030 targets for a goal text, with the matched terms",
        description='Example: goalgraph suggest-sdg --text "Kommunen ska minska sin '
        'klimatpåverkan"; goalgraph suggest-sdg --goal nora:goal-kf2 --format turtle',
    )
    group = p.add_mutually_exclusive_group(required=True)
    group.add_argument("--text", help="a goal text in Swedish or English")
    group.add_argument("--goal", help="a goal's IRI or CURIE, e.g. nora:goal-kf2")
    p.add_argument("--lang", choices=LANGUAGES, help="the text's language (default: detected)")
    p.add_argument("--limit", type=int, default=5)
    p.add_argument("--format", choices=("text", "json", "turtle"), default="text")
    p.set_defaults(func=cmd_suggest)

    p = subparsers.add_parser(
        "extract",
        help="a draft from a goal document (PDF, Word, HTML or text), for review",
        description="Example: goalgraph extract mal-och-budget.pdf --municipality nora "
        "-o utkast.xlsx (the sheet has one citation row per statement: passage, page and "
        "line, confidence)",
    )
    p.add_argument("file", help="a goal document: .pdf, .docx, .html or plain text")
    p.add_argument("--municipality", required=True, help="the municipality's slug")
    p.add_argument("--name", help="the municipality's name as the text writes it")
    p.add_argument("--code", help="the municipality code, e.g. 1884")
    p.add_argument("--encoding", help="a text or HTML file's encoding (default UTF-8)")
    p.add_argument("-o", "--output", help=".ttl, .xlsx, .yaml or a folder (default: Turtle out)")
    p.add_argument("--report", help="also write every extracted statement as JSON to this file")
    p.add_argument("--lang", choices=LANGUAGES, default="sv")
    p.set_defaults(func=cmd_extract)


# --- helpers -----------------------------------------------------------------------------------


def _emit(data: bytes, output: str | None) -> None:
    if output:
        path = Path(output)
        if not path.parent.is_dir():
            raise GoalgraphError(f"cannot write {path}: folder {path.parent} does not exist")
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
    else:
        sys.stdout.buffer.write(data)


def _store(args: argparse.Namespace) -> OxigraphStore:
    """The data folder's store, or one with the municipality read from ``--input``."""
    store = OxigraphStore()
    source = getattr(args, "input", None)
    if not source:
        load_data(store, getattr(args, "data", None))
        return store
    path = Path(source)
    if path.suffix.lower() in RDF_SUFFIXES:
        load_files(store, [path])
        return store
    load_files(store, [])
    slug, graph = read_workbook(path)
    import_graph(store, slug, graph)
    return store


def _graph(store: OxigraphStore, slug: str) -> Graph:
    return municipality_graph_of(store, slug)


# --- commands ----------------------------------------------------------------------------------


def cmd_template(args: argparse.Namespace) -> int:
    path = write_template(Path(args.output), args.form)
    print(f"wrote {path}", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Read a sheet and write it through the validated write (confined to its municipality,
    validated with the rest of the store): into the store that ``--store`` names, else into
    an in-memory store of the data folder; then print or save it as Turtle."""

    slug, graph = read_workbook(Path(args.file), encoding=args.encoding, form=args.form)
    if args.municipality and slug != args.municipality:
        raise GoalgraphError(
            f"{args.file} describes {slug!r}, not {args.municipality!r} / "
            f"filen beskriver {slug!r}, inte {args.municipality!r}"
        )
    store, _ = open_loaded_store(getattr(args, "store", None), getattr(args, "data", None))
    try:
        import_graph(store, slug, graph)
    except ImportValidationError as exc:
        print(exc.report.to_text(args.lang), file=sys.stderr)
        print(
            "inget har importerats" if args.lang == "sv" else "nothing was imported",
            file=sys.stderr,
        )
        return 1
    finally:
        store.close()
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    graph.bind(slug, str(municipality_ns(slug)))
    _emit(graph.serialize(format="turtle").encode("utf-8"), args.output)
    message = (
        f"{slug}: {len(graph)} tripplar, validerade"
        if args.lang == "sv"
        else f"{slug}: {len(graph)} triples, validated"
    )
    print(message, file=sys.stderr)
    return 0


def cmd_export_sheet(args: argparse.Namespace) -> int:
    store = _store(args)
    path = export_municipality(store, args.municipality, Path(args.output), args.form)
    print(f"wrote {path}", file=sys.stderr)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    store = _store(args)
    diff = diff_periods(_graph(store, args.municipality), args.municipality, args.old, args.new,
                        args.lang)  # fmt: skip
    if args.format == "json":
        print(json.dumps(diff.to_json(), ensure_ascii=False, indent=2))
    else:
        print(diff.to_text(args.lang), end="")
    return 0


def cmd_as_of(args: argparse.Namespace) -> int:
    day = parse_day(args.date)
    store = _store(args)
    snapshot = as_of_store(store, args.municipality, day)
    if args.query:
        params: dict[str, str] = {}
        for item in args.param:
            key, sep, value = item.partition("=")
            if not sep:
                raise GoalgraphError(f"a parameter is written NAME=VALUE, not {item!r}")
            params[key] = value
        query = get_query(args.query)
        if "lang" in {p.name for p in query.parameters}:
            params.setdefault("lang", args.lang)
        result = query.run(snapshot, **params)
        print(json.dumps(result.to_json(), ensure_ascii=False, indent=2))
        return 0
    if args.diagram:
        fmt = Path(args.output).suffix.lstrip(".").lower() if args.output else "svg"
        _emit(render_diagram(snapshot, args.diagram, args.municipality, fmt or "svg",
                             lang=args.lang), args.output)  # fmt: skip
        return 0
    if args.format == "ttl":
        _emit(snapshot.dump(str(GRAPH[args.municipality]), TURTLE), args.output)
        return 0
    graph = _graph(store, args.municipality)
    resolved = resolve(graph, args.municipality, Selection(day))
    rows = listing(graph, args.municipality, resolved, args.lang)
    if args.format == "json":
        body = {"municipality": args.municipality, "day": day.isoformat(),
                "elements": [asdict(r) for r in rows]}  # fmt: skip
        text = json.dumps(body, ensure_ascii=False, indent=2) + "\n"
    else:
        name = label_of(graph, municipality_iri(args.municipality), args.lang)
        text = listing_text(rows, f"{name}: {resolved.text(args.lang)}", args.lang)
    _emit(text.encode("utf-8"), args.output)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    store = _store(args)
    if args.format in ("dot", "svg"):
        source = status_diagram(store, args.municipality, args.year, args.lang)
        if args.format == "dot":
            _emit(source.encode("utf-8"), args.output)
        else:
            _emit(render_dot(source, "svg"), args.output)
        return 0
    report = compute_status(_graph(store, args.municipality), args.municipality, args.year)
    if args.format == "json":
        text = json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n"
    elif args.format == "md":
        text = report.to_markdown(args.lang)
    else:
        text = report.to_text(args.lang)
    _emit(text.encode("utf-8"), args.output)
    return 0


def cmd_suggest(args: argparse.Namespace) -> int:
    text = args.text
    goal_iri = None
    if args.goal:
        store = _store(args)
        goal_iri = resolve_iri(args.goal)
        graph = store.to_rdflib()
        labels = [
            str(o)
            for o in graph.objects(URIRef(goal_iri), SKOS.prefLabel)
            if isinstance(o, Literal) and o.language in (args.lang or "sv", None)
        ]
        if not labels:
            raise GoalgraphError(f"unknown goal {args.goal!r} / okänt mål")
        text = labels[0]
    suggestions = suggest(text, args.lang, args.limit)
    if args.format == "json":
        print(json.dumps(to_json(suggestions), ensure_ascii=False, indent=2))
    elif args.format == "turtle":
        subject = URIRef(goal_iri) if goal_iri else ID["goal"]
        out = suggestion_graph(subject, suggestions)
        out.bind("gg", str(GG))
        out.bind("sdg", str(SDG))
        print(out.serialize(format="turtle"))
    else:
        lang = args.lang or "sv"
        for rank, s in enumerate(suggestions, start=1):
            print(f"{rank}. {s.notation}  {s.score:.2f}  {s.reason(lang)}")
            print(f"   {s.text[:150]}")
    return 0


def cmd_extract(args: argparse.Namespace) -> int:
    draft = extract_file(Path(args.file), args.municipality, name=args.name, code=args.code,
                         encoding=args.encoding)  # fmt: skip
    output = Path(args.output) if args.output else None
    if output is not None and output.suffix.lower() not in (".ttl", ".turtle"):
        write_review(draft, output)
    else:
        _emit(draft.to_turtle().encode("utf-8"), args.output)
    if args.report:
        report_text = json.dumps(review_report(draft), ensure_ascii=False, indent=2)
        Path(args.report).write_text(report_text + "\n", encoding="utf-8")
    report = validate_graph(draft.graph, audit=False)
    counts = ", ".join(f"{k}: {v}" for k, v in sorted(draft.counts.items()))
    if args.lang == "sv":
        state = "klarar valideringen" if report.conforms else "klarar inte valideringen ännu"
        print(f"utkast för {draft.slug} ({counts}); {state}; granska innan import", file=sys.stderr)
    else:
        state = "passes validation" if report.conforms else "does not pass validation yet"
        print(f"draft for {draft.slug} ({counts}); {state}; review before import", file=sys.stderr)
    if not report.conforms:
        print(report.to_text(args.lang), file=sys.stderr)
    return 0
