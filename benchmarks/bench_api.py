"""Benchmark of the HTTP service on loopback: a goal's page and JSON against /health.

Starts a real uvicorn server on a free 127.0.0.1 port with the two real municipalities,
then, per endpoint: one client in sequence (p50 latency, the target is under 50 ms), and 20
concurrent clients (requests per second and p99). Bounded: a fixed number of requests and a
time cap per run; only loopback traffic. Prints a table.

    .venv/bin/python benchmarks/bench_api.py [--requests 1000] [--clients 20]
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time

import httpx

from api.launch import running_server

ENDPOINTS: tuple[tuple[str, str, dict[str, str]], ...] = (
    ("baseline /health", "/health", {}),
    ("goal JSON", "/id/nora/goal-kf1", {"Accept": "application/json"}),
    ("goal page", "/id/nora/goal-kf1", {"Accept": "text/html"}),
)
TIME_CAP = 60.0


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def sequential(base: str, path: str, headers: dict[str, str], n: int) -> list[float]:
    """Latencies (s) of ``n`` requests one after another on one connection."""
    out: list[float] = []
    with httpx.Client(base_url=base, headers=headers) as client:
        stop = time.monotonic() + TIME_CAP
        for _ in range(n):
            t0 = time.perf_counter()
            response = client.get(path)
            out.append(time.perf_counter() - t0)
            response.raise_for_status()
            if time.monotonic() > stop:
                break
    return out


def concurrent(
    base: str, path: str, headers: dict[str, str], n: int, clients: int
) -> tuple[list[float], float]:
    """Latencies and wall time of ``n`` requests spread over ``clients`` threads."""
    latencies: list[float] = []
    lock = threading.Lock()
    per_client = max(1, n // clients)
    stop = time.monotonic() + TIME_CAP

    def worker() -> None:
        local: list[float] = []
        with httpx.Client(base_url=base, headers=headers) as client:
            for _ in range(per_client):
                t0 = time.perf_counter()
                client.get(path).raise_for_status()
                local.append(time.perf_counter() - t0)
                if time.monotonic() > stop:
                    break
        with lock:
            latencies.extend(local)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--clients", type=int, default=20)
    args = parser.parse_args()
    with running_server() as base:
        rows = []
        for name, path, headers in ENDPOINTS:
            sequential(base, path, headers, 20)  # warm the caches
            seq = sequential(base, path, headers, min(args.requests, 300))
            lat, wall = concurrent(base, path, headers, args.requests, args.clients)
            rows.append(
                (
                    name,
                    statistics.median(seq),
                    len(lat) / wall,
                    percentile(lat, 50),
                    percentile(lat, 99),
                )
            )
    base_p50 = rows[0][1]
    print(
        f"goalgraph API on loopback, {args.clients} concurrent clients, "
        f"{args.requests} requests per endpoint"
    )
    print(
        f"{'endpoint':<18} {'p50 1 client':>13} {'req/s':>8} {'p50 @20':>9} "
        f"{'p99 @20':>9} {'p50 / baseline':>15}"
    )
    for name, seq_p50, rps, p50, p99 in rows:
        print(
            f"{name:<18} {seq_p50 * 1000:>10.2f} ms {rps:>8.0f} {p50 * 1000:>6.1f} ms "
            f"{p99 * 1000:>6.1f} ms {seq_p50 / base_p50:>14.1f}x"
        )
    worst = max(r[1] for r in rows[1:])
    print(
        f"target: goal page and goal JSON p50 under 50 ms with one client -> "
        f"{'met' if worst < 0.050 else 'NOT met'} ({worst * 1000:.1f} ms)"
    )


if __name__ == "__main__":
    main()
