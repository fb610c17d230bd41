"""The service as served, measured with wrk: named resources against /health and against the
Oxigraph server answering a DESCRIBE of the same goal, in the same run.

Starts ``goalgraph run`` on loopback (a store on disk in a temporary folder, writes disabled)
with each ``--workers`` count, and ``oxigraph serve`` over the same data. Per target, wrk
(Debian's ``wrk``: ``--threads`` threads, ``--connections`` connections, ``--duration``
seconds) runs ``--repeat`` times, interleaved with the other targets so that the machine's
load falls on all of them alike; the table gives medians, the spread (lowest–highest) and the
ratios against /health and the Oxigraph server measured in the same run. Then the resident
memory of the service's processes before and after ``--rss-requests`` requests over many
resources and formats, and the fairness check: wrk on /health and a goal's JSON while
``--heavy-clients`` clients keep sending heavy SPARQL queries. Writes
``benchmarks/results/serve-<date>.md`` and prints it.

    .venv/bin/python benchmarks/bench_serve.py                  # data/, 1 and 2 workers
    .venv/bin/python benchmarks/bench_serve.py --scale 290      # 290 synthetic municipalities

Targets (2 cores): a goal's JSON at 20 connections ≥ 1000 req/s with p99 ≤ 50 ms; its page
≥ 800 req/s with p99 ≤ 60 ms; the resident memory grows by less than 5 % over the requests;
/health and a goal's JSON keep at least half their rate while heavy SPARQL clients run.

Prez is not a peer here: see :data:`PREZ_NOT_MEASURED` (the exact error of ``pip install prez``).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_scale import Server, machine  # noqa: E402
from timing import write_results  # noqa: E402

from api.launch import free_port  # noqa: E402
from goalgraph import resources  # noqa: E402
from goalgraph.store.load import load_data  # noqa: E402
from goalgraph.store.oxigraph import OxigraphStore  # noqa: E402
from goalgraph.testing.synthetic import generate  # noqa: E402

GOAL_JSON_TARGET = (1000.0, 0.050)  # req/s at least, p99 at most (s)
GOAL_PAGE_TARGET = (800.0, 0.060)
RSS_GROWTH_LIMIT = 0.05
FAIRNESS_LIMIT = 0.5
HEAVY_QUERY = "SELECT ?s ?o WHERE { ?s ?p ?o . ?o ?q ?x } LIMIT 9000"
GG = "https://w3id.org/goalgraph/ontology#"
PREZ_NOT_MEASURED = (
    "`pip install prez` in a fresh virtualenv (Python 3.11, 2026-12-02) ends with `ERROR: Could "
    "not find a version that satisfies the requirement prez (from versions: none)` / `ERROR: No "
    "matching distribution found for prez`: the package index this machine reaches (pypi.org "
    "through its mirror, /opt/pypi, /opt/wheels) holds no distribution named prez."
)


@dataclass
class Run:
    rps: float
    p50: float
    p99: float
    requests: int
    errors: int


@dataclass
class Target:
    name: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    runs: list[Run] = field(default_factory=list)

    def median(self, attr: str) -> float:
        return statistics.median(getattr(r, attr) for r in self.runs)

    def spread(self, attr: str) -> tuple[float, float]:
        values = [getattr(r, attr) for r in self.runs]
        return min(values), max(values)


# --- wrk -------------------------------------------------------------------------------------

_UNITS = {"us": 1e-6, "ms": 1e-3, "s": 1.0, "m": 60.0}


def _seconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text)
    if match is None:
        raise ValueError(f"not a wrk duration: {text!r}")
    return float(match.group(1)) * _UNITS[match.group(2)]


def wrk(
    url: str,
    headers: dict[str, str],
    args: argparse.Namespace,
    *,
    duration: float | None = None,
    script: Path | None = None,
) -> Run:
    """One wrk run (``--latency``), parsed."""
    command = ["wrk", f"-t{args.threads}", f"-c{args.connections}",
               f"-d{duration or args.duration:g}s", "--latency", "--timeout", "10s"]  # fmt: skip
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script is not None:
        command += ["-s", str(script)]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50 = _seconds(re.search(r"\s50%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    p99 = _seconds(re.search(r"\s99%\s+(\S+)", out).group(1))  # type: ignore[union-attr]
    requests = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    errors = 0
    for pattern in (r"Non-2xx or 3xx responses: (\d+)", r"Socket errors: .*timeout (\d+)"):
        found = re.search(pattern, out)
        if found:
            errors += int(found.group(1))
    return Run(rps, p50, p99, requests, errors)


# --- the processes ---------------------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    out, stack = [], [pid]
    while stack:
        current = stack.pop()
        out.append(current)
        stack.extend(children.get(current, []))
    return out


def rss_mib(pids: list[int]) -> dict[int, float]:
    out = {}
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    out[pid] = int(line.split()[1]) / 1024
        except OSError:
            pass
    return out


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def settle(pid: int, cap: float = 180.0) -> None:
    """Wait until the service's processes are nearly idle (warm-up done), at most ``cap`` s."""
    deadline = time.monotonic() + cap
    while time.monotonic() < deadline:
        before = cpu_seconds(process_tree(pid))
        time.sleep(2)
        if cpu_seconds(process_tree(pid)) - before < 0.2:
            return


class Service:
    """``goalgraph run`` on a free loopback port, writes disabled."""

    def __init__(self, data: Path, store: Path, workers: int) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {k: v for k, v in os.environ.items() if k != "GOALGRAPH_WRITE_TOKEN"}
        binary = Path(sys.executable).with_name("goalgraph")
        command = [str(binary), "--data", str(data), "--store", str(store), "run",
                   "--port", str(self.port), "--workers", str(workers)]  # fmt: skip
        self.process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL)
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"goalgraph run exited with {self.process.returncode}")
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            raise RuntimeError("goalgraph run did not answer /health")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


# --- the run ---------------------------------------------------------------------------------


def data_folder(scale: int, workdir: Path) -> tuple[Path, str]:
    """The data folder and the slug of a municipality in it."""
    if scale == 0:
        return resources.data_dir(), "nora"
    data = generate(scale, seed=2024, defect_rate=0.0)
    return data.write(workdir / f"data-{scale}"), data.municipalities[0].slug


def goal_paths(oxigraph: str, limit: int = 400) -> list[str]:
    query = f"SELECT ?g WHERE {{ ?g a <{GG}Goal> }} ORDER BY ?g LIMIT {limit}"
    accept = {"Accept": "application/sparql-results+json"}
    answer = httpx.get(oxigraph, params={"query": query}, headers=accept, timeout=60)
    iris = [b["g"]["value"] for b in answer.json()["results"]["bindings"]]
    return ["/id/" + i.split("/id/", 1)[1] for i in iris if "/id/" in i]


def mixed_script(paths: list[str], workdir: Path) -> Path:
    """A wrk script that cycles through ``paths`` in three formats."""
    accepts = ["application/json", "text/html", "text/turtle"]
    items = ",".join(f'{{"{p}","{a}"}}' for p in paths for a in accepts)
    script = workdir / "mixed.lua"
    script.write_text(
        f"local items = {{{items}}}\nlocal i = 0\n"
        "request = function()\n  i = i % #items + 1\n"
        '  return wrk.format("GET", items[i][1], {["Accept"] = items[i][2]})\nend\n',
        encoding="utf-8",
    )
    return script


def heavy_clients(url: str, count: int, stop: threading.Event) -> list[int]:
    """``count`` clients sending the heavy query until ``stop``; their answers by status."""
    statuses: list[int] = []

    def client() -> None:
        with httpx.Client(timeout=30) as http:
            while not stop.is_set():
                try:
                    statuses.append(
                        http.get(url + "/sparql", params={"query": HEAVY_QUERY}).status_code
                    )
                except httpx.HTTPError:
                    statuses.append(0)
                if statuses and statuses[-1] == 503:
                    time.sleep(0.05)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(count)]
    for thread in threads:
        thread.start()
    return statuses


def measure(args: argparse.Namespace, workdir: Path) -> str:
    data, slug = data_folder(args.scale, workdir)
    memory = OxigraphStore()
    load_data(memory, data)
    nquads = workdir / "dataset.nq"
    nquads.write_bytes(memory.dump(None, "application/n-quads"))
    triples = len(list(memory._store))
    del memory
    oxigraph = Server(workdir / "oxigraph", nquads)
    goal = f"https://w3id.org/goalgraph/id/{slug}/goal-kf1"
    describe = f"{oxigraph.url}?query={quote(f'DESCRIBE <{goal}>')}"
    paths = goal_paths(oxigraph.url)
    script = mixed_script(paths, workdir)
    lines: list[str] = []
    try:
        for workers in args.workers:
            store = workdir / f"store-{workers}"
            service = Service(data, store, workers)
            try:
                settle(service.process.pid)
                lines += measure_service(args, service, workers, slug, describe, script, paths)
            finally:
                service.stop()
            shutil.rmtree(store, ignore_errors=True)
    finally:
        oxigraph.stop()
    import pyoxigraph
    import uvicorn
    from fastapi import __version__ as fastapi_version

    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[1]
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    what = "data/" if args.scale == 0 else f"{args.scale} synthetic municipalities (seed 2024)"
    header = [
        f"# Serving benchmark, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"Machine: {machine()}; load average at the end {load}.",
        f"Versions: wrk {wrk_version}, uvicorn {uvicorn.__version__}, FastAPI "
        f"{fastapi_version}, pyoxigraph {pyoxigraph.__version__} (also the Oxigraph server).",
        f"Data: {what}, {triples} triples; the goal is `{goal}`.",
        f"Command: `.venv/bin/python benchmarks/bench_serve.py --scale {args.scale} "
        f"--workers {' '.join(map(str, args.workers))} --repeat {args.repeat} "
        f"--duration {args.duration:g} --rss-requests {args.rss_requests}`; "
        f"wrk -t{args.threads} -c{args.connections} -d{args.duration:g}s per run, "
        f"{args.repeat} runs per target interleaved; medians, "
        "spread lowest–highest; ratios against /health and the Oxigraph server's DESCRIBE of "
        "the same goal measured in the same run.",
        f"Prez (RDFLib's linked-data API) is not measured: {PREZ_NOT_MEASURED}",
        "",
    ]
    return "\n".join(header + lines) + "\n"


def measure_service(
    args: argparse.Namespace,
    service: Service,
    workers: int,
    slug: str,
    describe: str,
    script: Path,
    paths: list[str],
) -> list[str]:
    goal = f"{service.url}/id/{slug}/goal-kf1"
    etag = httpx.get(goal, headers={"Accept": "application/json"}).headers.get("etag", "")
    targets = [
        Target("/health", f"{service.url}/health"),
        Target("goal JSON", goal, {"Accept": "application/json"}),
        Target("goal page (HTML)", goal, {"Accept": "text/html"}),
        Target("goal Turtle", goal, {"Accept": "text/turtle"}),
        Target(
            "goal JSON, If-None-Match (304)",
            goal,
            {"Accept": "application/json", "If-None-Match": etag},
        ),
        Target(
            "Oxigraph server: DESCRIBE of the goal", describe, {"Accept": "application/n-triples"}
        ),
    ]
    for target in targets:  # warm every cache
        wrk(target.url, target.headers, args, duration=1)
    for _ in range(args.repeat):
        for target in targets:
            target.runs.append(wrk(target.url, target.headers, args))
            print(f"  {workers} worker(s) {target.name:40} {target.runs[-1]}", flush=True)
    health, peer = targets[0], targets[-1]
    lines = [
        f"## goalgraph run --workers {workers}",
        "",
        "| target | req/s (median) | spread | p50 | p99 (median) | p99 spread | "
        "vs /health | vs Oxigraph | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for t in targets:
        low, high = t.spread("rps")
        p99_low, p99_high = t.spread("p99")
        lines.append(
            f"| {t.name} | {t.median('rps'):.0f} | {low:.0f}–{high:.0f} | "
            f"{t.median('p50') * 1000:.1f} ms | {t.median('p99') * 1000:.1f} ms | "
            f"{p99_low * 1000:.1f}–{p99_high * 1000:.1f} ms | "
            f"{t.median('rps') / health.median('rps'):.2f} | "
            f"{t.median('rps') / peer.median('rps'):.2f} | {sum(r.errors for r in t.runs)} |"
        )
    checks = []
    for name, target, (rate, p99) in (
        ("goal JSON", targets[1], GOAL_JSON_TARGET),
        ("goal page", targets[2], GOAL_PAGE_TARGET),
    ):
        met = target.median("rps") >= rate and target.median("p99") <= p99
        checks.append(
            f"- target {name}: ≥ {rate:.0f} req/s and p99 ≤ {p99 * 1000:.0f} ms → "
            f"{'met' if met else 'NOT met'}"
        )
    lines += ["", *checks, ""]

    # resident memory over many requests of many resources
    pids = process_tree(service.process.pid)
    before = rss_mib(pids)
    served = 0
    started = time.monotonic()
    while served < args.rss_requests and time.monotonic() - started < 600:
        served += wrk(service.url, {}, args, duration=10, script=script).requests
    after = rss_mib(process_tree(service.process.pid))
    total_before, total_after = sum(before.values()), sum(after.values())
    http_pids = [service.process.pid, *_uvicorn_workers(service.process.pid, workers)]
    http_before = sum(before.get(p, 0) for p in http_pids)
    http_after = sum(after.get(p, 0) for p in http_pids)
    growth = (http_after - http_before) / http_before if http_before else 0.0
    lines += [
        f"Resident memory over {served} requests ({len(paths)} goals × JSON, HTML, Turtle, "
        "in turn): the serving process(es) "
        f"{http_before:.0f} MiB before, {http_after:.0f} MiB after ({growth * 100:+.1f} %; "
        f"limit {RSS_GROWTH_LIMIT * 100:.0f} % → "
        f"{'met' if growth < RSS_GROWTH_LIMIT else 'NOT met'}); "
        f"all {len(after)} processes (SPARQL and validation workers included) "
        f"{total_before:.0f} → {total_after:.0f} MiB.",
        "",
    ]

    # fairness: heavy SPARQL clients beside /health and a goal's JSON
    stop = threading.Event()
    statuses = heavy_clients(service.url, args.heavy_clients, stop)
    try:
        time.sleep(1)
        loaded = [wrk(t.url, t.headers, args) for t in targets[:2]]
    finally:
        stop.set()
    counts = {s: statuses.count(s) for s in sorted(set(statuses))}
    lines += [
        f"Fairness: {args.heavy_clients} clients sending `{HEAVY_QUERY}` meanwhile "
        f"(answers by status: {counts}):",
        "",
        "| target | req/s alone (median) | req/s beside heavy SPARQL | ratio | p99 beside |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for target, run in zip(targets[:2], loaded, strict=True):
        ratio = run.rps / target.median("rps")
        lines.append(
            f"| {target.name} | {target.median('rps'):.0f} | {run.rps:.0f} | {ratio:.2f} "
            f"({'met' if ratio >= FAIRNESS_LIMIT else 'NOT met'}) | {run.p99 * 1000:.1f} ms |"
        )
    lines.append("")
    return lines


def _uvicorn_workers(pid: int, workers: int) -> list[int]:
    """The serving worker processes under uvicorn's supervisor (none with one worker)."""
    if workers <= 1:
        return []
    out = []
    for child in process_tree(pid)[1:]:
        try:
            cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        parent = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[1]
        if int(parent) == pid and b"multiprocessing" in cmdline and b"spawn_main" in cmdline:
            out.append(child)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=0, help="0: data/; else synthetic")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--duration", type=float, default=8)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--rss-requests", type=int, default=100_000)
    parser.add_argument("--heavy-clients", type=int, default=3)
    parser.add_argument("--output", type=Path, default=None)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        print("bench_serve: wrk is missing (Debian: apt-get install -y wrk)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="goalgraph-serve-") as tmp:
        text = measure(args, Path(tmp))
    write_results("serve", text, args.output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
