"""Benchmark of every web page with one client: the target is under 300 ms at the 99th
percentile for each page, on the data in data/.

Starts a real uvicorn server on a free 127.0.0.1 port over data/, lists the pages a reader can
reach (start page, Agenda 2030 pages, SPARQL, comparison, validation, API docs, and every
resource of every municipality, found with a SPARQL query), requests each page once to fill
the caches (its first-request time is reported apart), then ``--repeat`` times in sequence on
one connection, in Swedish and in English. Prints the slowest pages and a summary; exits 1 when
a page is over the target. Only loopback traffic.

    .venv/bin/python benchmarks/bench_pages.py [--repeat 20] [--langs sv,en] [--top 15]
"""

from __future__ import annotations

import argparse
import sys
import time

import httpx

from api.launch import running_server

TARGET_MS = 300.0
RESOURCES = """SELECT DISTINCT ?s WHERE { ?s ?p ?o .
  FILTER(isIRI(?s) && STRSTARTS(STR(?s), "https://w3id.org/goalgraph/id/")) } ORDER BY ?s"""


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def pages(client: httpx.Client) -> list[str]:
    """Every page a reader can reach on the server."""
    found = ["/", "/sdg", "/sparql", "/comparison", "/validation", "/docs"]
    found += [f"/sdg/{n}" for n in range(1, 18)] + ["/sdg/11.3"]
    slugs = client.get("/health").json()["municipalities"]
    found += [f"/validation/{slug}" for slug in slugs]
    rows = client.get(
        "/sparql", params={"query": RESOURCES}, headers={"Accept": "application/json"}
    )
    rows.raise_for_status()
    for binding in rows.json()["results"]["bindings"]:
        path = binding["s"]["value"].removeprefix("https://w3id.org/goalgraph")
        if "#" not in path:
            found.append(path)
    return found


def measure(client: httpx.Client, path: str, lang: str, repeat: int) -> tuple[float, list[float]]:
    """The first request's time and ``repeat`` further times (s) of one page."""
    params = {"lang": lang}
    started = time.perf_counter()
    first = client.get(path, params=params)
    cold = time.perf_counter() - started
    if first.status_code != 200:
        raise SystemExit(f"{path}?lang={lang} answered {first.status_code}")
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path, params=params)
        times.append(time.perf_counter() - started)
    return cold, times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--langs", default="sv,en")
    parser.add_argument("--top", type=int, default=15)
    args = parser.parse_args(argv)
    results: list[tuple[float, float, float, str]] = []
    with running_server({"GOALGRAPH_WRITE_TOKEN": None}, timeout=180) as base:
        headers = {"Accept": "text/html"}
        with httpx.Client(base_url=base, headers=headers, timeout=60) as client:
            listed = pages(client)
            for lang in args.langs.split(","):
                for path in listed:
                    cold, times = measure(client, path, lang, args.repeat)
                    p99 = percentile(times, 99) * 1000
                    p50 = percentile(times, 50) * 1000
                    results.append((p99, p50, cold * 1000, f"{path}?lang={lang}"))
    results.sort(reverse=True)
    print(f"{len(results)} pages x {args.repeat} requests, one client, HTML")
    print(f"{'page':60} {'p50 ms':>8} {'p99 ms':>8} {'first ms':>9}")
    for p99, p50, cold, name in results[: args.top]:
        print(f"{name[:60]:60} {p50:8.1f} {p99:8.1f} {cold:9.1f}")
    over = [r for r in results if r[0] > TARGET_MS]
    print(
        f"slowest p99: {results[0][0]:.1f} ms ({results[0][3]}); "
        f"pages over {TARGET_MS:.0f} ms at p99: {len(over)}; "
        f"slowest first request: {max(r[2] for r in results):.1f} ms"
    )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
