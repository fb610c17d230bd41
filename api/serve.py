"""``goalgraph run``: build the knowledge graph, validate it and serve it over HTTP.

The command lives beside the web layer, which it starts; the library's command line finds it
through the ``goalgraph.commands`` entry-point group (see :func:`goalgraph.cli.build_parser`),
so the library itself never imports ``api``.
"""

from __future__ import annotations

import argparse
import errno
import os
import socket
import sys
import time

import uvicorn
from fastapi import FastAPI

from goalgraph import resources
from goalgraph.errors import GoalgraphError
from goalgraph.store.folder import StoreInUseError
from goalgraph.store.load import LoadSummary, open_loaded_store
from goalgraph.store.oxigraph import DEFAULT_STORE_PATH, OxigraphStore, Store
from goalgraph.validation.scale import shutdown_pool, validate_store

from .app import create_app
from .settings import Settings

#: Where the worker processes of a read-only service find the store (set for them by
#: ``goalgraph run --workers``).
STORE_VARIABLE = "GOALGRAPH_SERVE_STORE"


def cmd_run(args: argparse.Namespace) -> int:
    """Build the knowledge graph from the data folder, validate it, and serve it."""
    workers = getattr(args, "workers", 1)
    if workers > 1 and Settings.from_env().write_token is not None:
        print(
            "goalgraph: --workers above 1 serves the store read-only, but GOALGRAPH_WRITE_TOKEN "
            "is set: unset it, or serve writes with one worker",
            file=sys.stderr,
        )
        return 2
    # the port first: a port in use is said before the minute of loading and validating
    listener = bind_listener(args.host, args.port)
    location = args.store or str(DEFAULT_STORE_PATH)
    data = args.data or resources.data_dir()
    print(f"goalgraph: reading the data files of {data} into the store {location} …", flush=True)
    started = time.monotonic()
    try:
        store, summary = open_loaded_store(location, args.data)
    except StoreInUseError as exc:
        listener.close()
        raise StoreInUseError(
            f"the store {location} is in use: a goalgraph server is probably running on it "
            "already (./run.sh or goalgraph run); stop that server, or serve another store "
            "with --store"
        ) from exc
    except BaseException:
        listener.close()
        raise
    try:
        return _validate_and_serve(args, store, summary, listener, time.monotonic() - started)
    finally:
        # every exit (a refusal, an error, SIGINT) stops the validation workers and their
        # helper processes; on SIGTERM the app's lifespan has done so before uvicorn re-raises
        listener.close()
        shutdown_pool()
        store.close()


def bind_listener(host: str, port: int) -> socket.socket:
    """A socket bound to ``host``:``port`` for the server; a port in use (or not allowed) is a
    :class:`GoalgraphError` that says so."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets of that protocol, and
    # without it every answer with a body waited ~40 ms for the client's delayed ACK
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise GoalgraphError(
                f"port {port} on {host} is already in use (a goalgraph server may be running "
                "there already); stop it, or choose another port with --port (PORT=9000 "
                "./run.sh)"
            ) from exc
        raise GoalgraphError(f"cannot serve on {host}:{port}: {exc.strerror}") from exc
    sock.set_inheritable(True)
    return sock


def _validate_and_serve(
    args: argparse.Namespace,
    store: Store,
    summary: LoadSummary,
    listener: socket.socket,
    load_seconds: float,
) -> int:
    done = "found the data already in the store" if summary.reused else "loaded"
    print(
        f"goalgraph: {done}: {summary.triples} triples in {len(summary.graphs)} graphs, "
        f"municipalities: {', '.join(summary.municipalities)} ({load_seconds:.1f} s)"
    )
    print("goalgraph: validating every municipality against the shapes (SHACL) …", flush=True)
    started = time.monotonic()
    report = validate_store(store)
    print(
        f"goalgraph: validation: {len(report.violations)} violations, "
        f"{len(report.warnings)} warnings ({time.monotonic() - started:.1f} s)"
    )
    if not report.conforms and not args.allow_invalid:
        print(report.to_text("en"), file=sys.stderr)
        print("goalgraph: not serving invalid data (use --allow-invalid)", file=sys.stderr)
        return 1
    workers = getattr(args, "workers", 1)
    if workers > 1 and isinstance(store, OxigraphStore) and store.path is not None:
        listener.close()  # the port was free; uvicorn's supervisor binds it for its workers
        return _serve_read_only(args, store, workers)
    print(f"goalgraph: serving http://{_url_host(args.host)}:{args.port}/", flush=True)
    config = uvicorn.Config(
        create_app(store=store), host=args.host, port=args.port, log_level="warning"
    )
    uvicorn.Server(config).run(sockets=[listener])
    return 0


def _serve_read_only(args: argparse.Namespace, store: OxigraphStore, workers: int) -> int:
    """Serve with several worker processes, each reading the store on disk read-only (with
    its own memory copy); writes are disabled, so every worker answers from the same data."""
    path = str(store.path)
    shutdown_pool()
    store.close()  # the workers open it read-only; nothing writes to it while they serve
    print(f"goalgraph: serving http://{args.host}:{args.port}/ with {workers} worker processes "
          "(read-only)")  # fmt: skip
    os.environ[STORE_VARIABLE] = path
    uvicorn.run(
        f"{__name__}:read_only_app",
        factory=True,
        workers=workers,
        # a worker builds its memory copy and warms its caches at start, which on a busy
        # machine takes longer than uvicorn's default of 5 s for answering the supervisor
        timeout_worker_healthcheck=120,
        host=args.host,
        port=args.port,
        log_level="warning",
    )
    return 0


def read_only_app() -> FastAPI:
    """The app of one worker process of ``goalgraph run --workers``: the store named by
    :data:`STORE_VARIABLE`, opened read-only."""
    path = os.environ.get(STORE_VARIABLE)
    if not path:
        raise RuntimeError(f"{STORE_VARIABLE} is not set: start the workers with goalgraph run")
    return create_app(store=OxigraphStore(path, read_only=True))


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``run`` to the ``goalgraph`` command's subcommands."""
    p = sub.add_parser("run", help="build and validate the knowledge graph, then serve it")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--allow-invalid", action="store_true", help="serve even with violations")
    p.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes (above 1: read-only, each with its own memory copy; "
        "needs GOALGRAPH_WRITE_TOKEN unset)",
    )
    p.set_defaults(func=cmd_run)
