"""The commands that draw and write documents: docs, diagram and compare."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from goalgraph.analysis.compare import all_slugs, compare
from goalgraph.analysis.frames import write_tables
from goalgraph.diagrams import render_diagram
from goalgraph.docs import build_site, write_ontology_docs
from goalgraph.errors import GoalgraphError
from goalgraph.files import write_atomically
from goalgraph.lifecycle.selection import add_selection_arguments, select_store, selection_of
from goalgraph.namespaces import BASE
from goalgraph.sparql.named import LANGUAGES
from goalgraph.store.load import open_loaded_store

#: Links in diagrams and reports written to files point to the resources' own IRIs.
LINK_BASE = BASE.rstrip("/")


def register(sub: Any) -> None:
    """Add the ``docs``, ``diagram`` and ``compare`` subcommands to the parser's subcommands."""
    p = sub.add_parser("docs", help="write the ontology's HTML documentation, or the whole site")
    p.add_argument("-o", "--output", help="default: build/ontology.html, with --site build/site")
    p.add_argument("--site", action="store_true", help="build the documentation site (MkDocs)")
    p.add_argument("--lang", choices=LANGUAGES, default="sv", help="the ontology page's language")
    p.set_defaults(func=cmd_docs)

    p = sub.add_parser(
        "diagram",
        help="draw a goal-chain, goal, process or comparison diagram (svg, png, pdf, dot)",
        description="Examples: goalgraph diagram chain nora -o nora.svg; "
        "goalgraph diagram goal nora:goal-kf1 -f png -o kf1.png; "
        "goalgraph diagram process vaggeryd -o tidsplan.pdf; "
        "goalgraph diagram comparison vaggeryd nora -o agenda2030.svg; "
        "goalgraph diagram overview nora -o översikt.svg; "
        "goalgraph diagram level nora:level-fullmaktigemal -o kf-mål.svg",
    )
    p.add_argument("kind", help="chain, goal, process, comparison, overview or level")
    p.add_argument(
        "targets",
        nargs="+",
        help="a municipality slug (chain, process, overview), a goal, process or level IRI "
        "or CURIE such as nora:goal-kf1, or two or more slugs (comparison)",
    )
    p.add_argument(
        "-f", "--format", help="svg, png, pdf or dot (default: from -o's suffix, or svg)"
    )
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p.add_argument("--lang", choices=LANGUAGES, default="sv")
    p.add_argument(
        "--link-base",
        default=LINK_BASE,
        help="where the SVG's links point: this plus each resource's path (default: %(default)s)",
    )
    p.add_argument(
        "--dimension", help="chain: only the goals carrying a dimension value (id or name)"
    )
    p.add_argument("--hierarchy", help="chain: only one goal hierarchy's levels (id or name)")
    add_selection_arguments(p)
    p.set_defaults(func=cmd_diagram)

    p = sub.add_parser(
        "compare",
        help="compare municipalities: governance models, structure, Agenda 2030, processes",
        description="Examples: goalgraph compare vaggeryd nora -o report.html; "
        "goalgraph compare --all --tables tables.xlsx",
    )
    p.add_argument(
        "municipalities", nargs="*", help="two or more municipality slugs (default: all)"
    )
    p.add_argument("--all", action="store_true", help="compare every municipality in the data")
    p.add_argument(
        "--format", choices=("html", "md", "json"), help="default: from -o's suffix, or md"
    )
    p.add_argument("-o", "--output", help="file to write (default: standard output)")
    p.add_argument("--lang", choices=LANGUAGES, default="sv")
    p.add_argument(
        "--link-base",
        default=LINK_BASE,
        help="where the HTML report's links point (default: %(default)s)",
    )
    p.add_argument("--tables", help="also write the tables: a .xlsx workbook or a CSV folder")
    add_selection_arguments(p)
    p.set_defaults(func=cmd_compare)


def cmd_docs(args: argparse.Namespace) -> int:
    if args.site:
        out = build_site(Path(args.output or "build/site"))
    else:
        out = write_ontology_docs(Path(args.output or "build/ontology.html"), args.lang)
    print(f"wrote {out}")
    return 0


DIAGRAM_SUFFIXES = {".svg": "svg", ".png": "png", ".pdf": "pdf", ".dot": "dot", ".gv": "dot"}
REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json"}


def _output_format(
    explicit: str | None, output: str | None, suffixes: dict[str, str], default: str
) -> str:
    """The format given with --format, else the one the output file's suffix names."""
    if explicit:
        return explicit
    if not output:
        return default
    suffix = Path(output).suffix.lower()
    if suffix not in suffixes:
        known = ", ".join(sorted(suffixes))
        raise GoalgraphError(
            f"cannot tell the format of {output} from its suffix {suffix or '(none)'!r}: "
            f"use --format or one of {known}"
        )
    return suffixes[suffix]


def _emit(data: bytes, output: str | None) -> None:

    if output:
        write_atomically(Path(output), data)
    else:
        sys.stdout.buffer.write(data)


def cmd_diagram(args: argparse.Namespace) -> int:
    fmt = _output_format(args.format, args.output, DIAGRAM_SUFFIXES, "svg")
    store, _ = open_loaded_store(args.store, args.data)
    target = args.targets if args.kind == "comparison" else _one_target(args.kind, args.targets)
    if args.kind in ("chain", "process", "comparison"):
        slugs = target if isinstance(target, list) else [target]
        store, _decided = select_store(store, slugs, selection_of(args))
    data = render_diagram(
        store,
        args.kind,
        target,
        fmt,
        lang=args.lang,
        link_base=args.link_base,
        dimension=args.dimension,
        hierarchy=args.hierarchy,
    )
    _emit(data, args.output)
    return 0


def _one_target(kind: str, targets: list[str]) -> str:
    if len(targets) != 1:
        raise GoalgraphError(f"a {kind} diagram takes one target, not {len(targets)}")
    return targets[0]


def cmd_compare(args: argparse.Namespace) -> int:
    fmt = _output_format(args.format, args.output, REPORT_SUFFIXES, "md")
    if args.all and args.municipalities:
        raise GoalgraphError("name municipalities or give --all, not both")
    store, _ = open_loaded_store(args.store, args.data)
    slugs = args.municipalities or all_slugs(store)
    result = compare(store, slugs, lang=args.lang, selection=selection_of(args))
    if fmt == "json":
        text = json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n"
    elif fmt == "html":
        text = result.to_html(link_base=args.link_base)
    else:
        text = result.to_markdown()
    _emit(text.encode("utf-8"), args.output)
    if args.tables:
        write_tables(result, Path(args.tables))
    return 0
