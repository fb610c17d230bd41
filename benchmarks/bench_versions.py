"""Validation at one scale, this checkout against an earlier commit, in the same run.

    .venv/bin/python benchmarks/bench_versions.py --base 277862f [--scale 290] [--rounds 2]

On a busy machine absolute times say little; this benchmark runs the earlier commit's
``validate_store`` (its package extracted with ``git archive`` into a temporary folder) and
this checkout's, alternately, each in a fresh process, on one store on disk holding
``--scale`` synthetic municipalities: a full validation as ``goalgraph run`` does it at start
(store on disk, no memory copy), a full validation as the service does it (memory copy
ready), and four re-validations after one municipality changed (pyshacl-turbo). Medians per
version, spread lowest–highest, and the ratio earlier / now. Writes
``benchmarks/results/versions-<date>.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

from timing import write_results  # noqa: E402  (benchmarks/ is on the path of a script run)


def child(path: str) -> None:
    """One version's measurements, as JSON on stdout (goalgraph from the import path)."""
    import pyoxigraph as ox

    from goalgraph.store.oxigraph import OxigraphStore
    from goalgraph.validation.scale import ValidationState, shutdown_pool, validate_store

    store = OxigraphStore(path)
    out: dict[str, object] = {}
    start = time.perf_counter()
    validate_store(store, engine="turbo")
    out["full, store on disk (goalgraph run at start)"] = time.perf_counter() - start
    store.keep_memory_copy()
    if not store.wait_for_memory_copy(900):
        raise RuntimeError("the memory copy was not built")
    state = ValidationState()
    start = time.perf_counter()
    validate_store(store, engine="turbo", state=state)
    out["full, memory copy ready (the service)"] = time.perf_counter() - start
    graphs = [g for g in store.named_graphs() if "/graph/" in g][:40]
    graphs = [g for g in graphs if not g.endswith(("/ontology", "/sdg", "/municipalities"))]
    times = []
    comment = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
    for n, graph in enumerate(graphs[:4]):
        data = store.dump(graph, "application/n-triples")
        triples = [q.triple for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)]
        note = ox.Triple(triples[0].subject, comment, ox.Literal(f"v{n} {time.time()}"))
        store.replace_graph(graph, [*(t for t in triples if t.predicate != comment), note])
        start = time.perf_counter()
        validate_store(store, engine="turbo", state=state)
        times.append(time.perf_counter() - start)
    out["re-validation after one municipality changed"] = times
    shutdown_pool()
    store.close()
    print(json.dumps(out))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the earlier commit")
    parser.add_argument("--scale", type=int, default=290)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return 0
    sys.path.insert(0, str(ROOT))
    from bench_scale import machine

    from goalgraph.store.load import load_data
    from goalgraph.store.oxigraph import OxigraphStore
    from goalgraph.testing.synthetic import generate

    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True, check=True).stdout.strip()  # fmt: skip
    results: dict[str, dict[str, list[float]]] = {"base": {}, "now": {}}
    with tempfile.TemporaryDirectory(prefix="goalgraph-versions-") as tmp:
        work = Path(tmp)
        base = work / "base"
        base.mkdir()
        archive = subprocess.run(["git", "archive", args.base], cwd=ROOT, capture_output=True,
                                 check=True).stdout  # fmt: skip
        subprocess.run(["tar", "-x", "-C", str(base)], input=archive, check=True)
        folder = generate(args.scale, seed=2024, defect_rate=0.1).write(work / "data")
        store = OxigraphStore(work / "store")
        load_data(store, folder)
        store.close()
        for _ in range(args.rounds):
            for label in ("base", "now"):
                env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
                if label == "base":
                    env["PYTHONPATH"] = str(base)
                done = subprocess.run(
                    [sys.executable, __file__, "--base", args.base, "--child", str(work / "store")],
                    env=env, capture_output=True, text=True, check=True, cwd=work,
                )  # fmt: skip
                measured = json.loads(done.stdout.strip().splitlines()[-1])
                print(f"  {label}: {measured}", flush=True)
                for what, value in measured.items():
                    values = value if isinstance(value, list) else [value]
                    results[label].setdefault(what, []).extend(values)

    def fmt(seconds: float) -> str:
        return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"# Validation, {args.base} against {head}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}; load average at the end {load}.",
        f"Data: {args.scale} synthetic municipalities (seed 2024, 10 % with injected defects) "
        "in a store on disk; engine pyshacl-turbo.",
        f"Command: `.venv/bin/python benchmarks/bench_versions.py --base {args.base} --scale "
        f"{args.scale} --rounds {args.rounds}` (the versions alternate, each in a new process).",
        "",
        f"| measurement | {args.base} (median) | spread | {head} (median) | spread | "
        "ratio (earlier / now) |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for what, before in results["base"].items():
        after = results["now"][what]
        b, a = statistics.median(before), statistics.median(after)
        lines.append(
            f"| {what} | {fmt(b)} | {fmt(min(before))}–{fmt(max(before))} | {fmt(a)} | "
            f"{fmt(min(after))}–{fmt(max(after))} | {b / a:.1f}x |"
        )
    text = "\n".join(lines) + "\n"
    write_results("versions", text, args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
