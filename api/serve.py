"""``goalgraph run``: build the knowledge graph, validate it and serve it over HTTP.

The command lives beside the web layer, which it starts; the library's command line finds it
through the ``goalgraph.commands`` entry-point group (see :func:`goalgraph.cli.build_parser`),
so the library itself never imports ``api``.
"""

from __future__ import annotations

import argparse
import sys

import uvicorn

from goalgraph.store.load import LoadSummary, open_loaded_store
from goalgraph.store.oxigraph import DEFAULT_STORE_PATH, Store
from goalgraph.validation.scale import shutdown_pool, validate_store

from .app import create_app


def cmd_run(args: argparse.Namespace) -> int:
    """Build the knowledge graph from the data folder, validate it, and serve it."""
    # the default: an on-disk store, loaded from --data when those files changed
    store, summary = open_loaded_store(args.store or str(DEFAULT_STORE_PATH), args.data)
    try:
        return _validate_and_serve(args, store, summary)
    finally:
        # every exit (a refusal, an error, SIGINT) stops the validation workers and their
        # helper processes; on SIGTERM the app's lifespan has done so before uvicorn re-raises
        shutdown_pool()
        store.close()


def _validate_and_serve(args: argparse.Namespace, store: Store, summary: LoadSummary) -> int:
    print(
        f"goalgraph: {'using' if summary.reused else 'loaded'} {summary.triples} triples in "
        f"{len(summary.graphs)} graphs ({store.location}); "
        f"municipalities: {', '.join(summary.municipalities)}"
    )
    report = validate_store(store)
    print(
        f"goalgraph: validation: {len(report.violations)} violations, "
        f"{len(report.warnings)} warnings"
    )
    if not report.conforms and not args.allow_invalid:
        print(report.to_text("en"), file=sys.stderr)
        print("goalgraph: not serving invalid data (use --allow-invalid)", file=sys.stderr)
        return 1
    print(f"goalgraph: serving http://{args.host}:{args.port}/")
    uvicorn.run(create_app(store=store), host=args.host, port=args.port, log_level="warning")
    return 0


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``run`` to the ``goalgraph`` command's subcommands."""
    p = sub.add_parser("run", help="build and validate the knowledge graph, then serve it")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--allow-invalid", action="store_true", help="serve even with violations")
    p.set_defaults(func=cmd_run)
