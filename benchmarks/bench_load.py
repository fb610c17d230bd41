"""Where the load of a data folder into the embedded store on disk goes: wall and CPU time
(all threads of the process) per phase of ``load_data``, median of ``--repeat`` runs.

    .venv/bin/python benchmarks/bench_load.py --scale 290 [--repeat 3]

On ``--scale`` synthetic municipalities (seed 2024, 10 % with injected defects). The phases
are timed by wrapping the functions that do them; nested phases are part of the phase around
them (the bulk load is part of the rebuild, the rebuild of the bulk write). The files are
parsed in the calling thread while the loaders load what is parsed, so the parse of the files
is part of the bulk load's wall time. Print only: the
load's target figure is the one of ``bench_validation.py``. On a shared machine compare the
CPU column; the load average is printed with the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from goalgraph.store import bulk, load, oxigraph  # noqa: E402
from goalgraph.testing.synthetic import generate  # noqa: E402

Times = list[tuple[str, float, float]]


def _timed(owner: object, name: str, label: str, times: Times) -> None:
    """Replace ``owner.name`` by a wrapper that appends (label, wall, CPU) to ``times``."""
    inner: Callable[..., object] = getattr(owner, name)

    def wrapper(*args: object, **kwargs: object) -> object:
        wall, cpu = time.perf_counter(), time.process_time()
        try:
            return inner(*args, **kwargs)
        finally:
            times.append((label, time.perf_counter() - wall, time.process_time() - cpu))

    setattr(owner, name, wrapper)


def _instrument(times: Times) -> None:
    _timed(load, "check_municipality_files", "data check (kommunkod, sources)", times)
    _timed(load, "_read_file", "parse files (-> N-Quads, data check)", times)
    _timed(load, "parse_file", "parse reference files (triples)", times)
    _timed(bulk, "open_oxigraph", "open the new data folder", times)
    _timed(bulk, "bulk_load", "parse and bulk load, overlapped", times)
    _timed(oxigraph.OxigraphStore, "_rebuild", "rebuild (open, parse and load, flush)", times)
    _timed(oxigraph.OxigraphStore, "replace_graphs_from", "bulk write", times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=290)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    times: Times = []
    _instrument(times)
    runs: dict[str, list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="goalgraph-load-") as tmp:
        work = Path(tmp)
        folder = generate(args.scale, seed=2024, defect_rate=0.1).write(work / "data")
        for _ in range(args.repeat):
            times.clear()
            store = oxigraph.OxigraphStore(Path(tempfile.mkdtemp(dir=work)) / "store")
            wall, cpu = time.perf_counter(), time.process_time()
            load.load_data(store, folder)
            times.append(("load_data", time.perf_counter() - wall, time.process_time() - cpu))
            wall, cpu = time.perf_counter(), time.process_time()
            store.close()
            label = "after: close (waits for the compaction)"
            times.append((label, time.perf_counter() - wall, time.process_time() - cpu))
            run: dict[str, tuple[float, float]] = {}
            for label, w, c in times:  # a phase run several times in a load: the sum
                before = run.get(label, (0.0, 0.0))
                run[label] = (before[0] + w, before[1] + c)
            for label, value in run.items():
                runs.setdefault(label, []).append(value)
    one, five, fifteen = os.getloadavg()
    print(f"{args.scale} municipalities, median of {args.repeat} runs, {os.cpu_count()} cores, "
          f"load average {one:.2f} {five:.2f} {fifteen:.2f}")  # fmt: skip
    print(f"{'phase':42s} {'wall s':>8s} {'CPU s':>8s}")
    for label, values in runs.items():
        wall = statistics.median(v[0] for v in values)
        cpu = statistics.median(v[1] for v in values)
        print(f"{label:42s} {wall:8.3f} {cpu:8.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
