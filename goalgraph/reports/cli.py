"""``goalgraph report KIND MUNICIPALITY -o file.pdf|docx|html``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from goalgraph.errors import GoalgraphError
from goalgraph.files import write_atomically
from goalgraph.lifecycle.selection import add_selection_arguments, select_store, selection_of
from goalgraph.reports import FORMATS, KINDS, build_report, render_report
from goalgraph.reports.common import LINK_BASE
from goalgraph.sparql.named import LANGUAGES

SUFFIXES = {".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx"}


def register(sub: Any) -> None:
    """Add the ``report`` subcommand to the ``goalgraph`` parser's subcommands."""
    p = sub.add_parser(
        "report",
        help="write a report: audit (granskning), programme (målprogram) or followup",
        description="Examples: goalgraph report audit nora -o granskning.pdf; "
        "goalgraph report programme vaggeryd -o malprogram.docx; "
        "goalgraph report followup nora --year 2024 --lang en -o follow-up.html",
    )
    p.add_argument("kind", choices=KINDS)
    p.add_argument("municipality", help="the municipality's slug, e.g. nora")
    p.add_argument("-o", "--output", required=True, help="file to write: .pdf, .docx or .html")
    p.add_argument("-f", "--format", choices=FORMATS, help="default: from -o's suffix")
    p.add_argument("--lang", choices=LANGUAGES, default="sv")
    p.add_argument("--year", type=int, help="follow-up year (default: the latest results)")
    p.add_argument("--link-base", default=LINK_BASE, help="where links point (%(default)s)")
    add_selection_arguments(p)
    p.set_defaults(func=cmd_report)


def cmd_report(args: argparse.Namespace) -> int:
    """Build the report from the store and write it atomically."""
    from goalgraph.store.load import open_loaded_store

    fmt = args.format or SUFFIXES.get(Path(args.output).suffix.lower())
    if fmt is None:
        raise GoalgraphError(
            f"cannot tell the format of {args.output} from its suffix: "
            f"use --format or one of {', '.join(sorted(SUFFIXES))}"
        )
    loaded, _ = open_loaded_store(args.store, args.data)
    # a bad period or date is an error naming it (goalgraph: error: unknown period …)
    store, decided = select_store(loaded, [args.municipality], selection_of(args))
    report = build_report(
        store,
        args.kind,
        args.municipality,
        lang=args.lang,
        year=args.year,
        link_base=args.link_base,
        scope=decided[args.municipality].text(args.lang),
    )
    write_atomically(Path(args.output), render_report(report, fmt))
    print(f"wrote {args.output}", file=sys.stderr)
    return 0
