"""Fair use of the query workers: a few clients cannot starve the rest, pages and /health never
wait behind SPARQL, and a worker that died costs no client a valid answer.

Clients are told apart by address: each test client binds its own loopback address
(127.0.0.2, 127.0.0.3, ...), as distinct machines would be.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.launch import ServerStartError, running_server
from goalgraph.sparql.pool import Limits, QueryWorkerError, SparqlPool

HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
ASK = "ASK { <https://w3id.org/goalgraph/id/nora> ?p ?o }"
TIMEOUT = 8
SETTINGS = {
    "GOALGRAPH_QUERY_WORKERS": "2",
    "GOALGRAPH_QUERY_TIMEOUT": str(TIMEOUT),
    "GOALGRAPH_QUERY_PER_CLIENT": "1",
    "GOALGRAPH_QUERY_QUEUE": "2",
}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A server with two workers, one query per client, a queue of two, 8 s per query."""
    try:
        with running_server(SETTINGS) as base:
            yield base
    except ServerStartError as exc:
        pytest.fail(str(exc))


def client(base: str, n: int) -> httpx.Client:
    """An HTTP client from loopback address 127.0.0.n."""
    transport = httpx.HTTPTransport(local_address=f"127.0.0.{n}")
    return httpx.Client(base_url=base, transport=transport, timeout=60)


class Query(threading.Thread):
    """A query sent from its own address in the background; ``response`` once answered."""

    def __init__(self, base: str, n: int, query: str = HEAVY) -> None:
        super().__init__(daemon=True)
        self.base, self.n, self.query = base, n, query
        self.response: httpx.Response | None = None

    def run(self) -> None:
        with client(self.base, self.n) as http:
            self.response = http.get("/sparql", params={"query": self.query})


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        state = stat.rsplit(")", 1)[1].split()[0]
        if ppid == pid and state != "Z" and b"goalgraph.sparql.pool" in cmdline:
            found.append(int(entry.name))
    return found


def _running(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _server_pid(base: str) -> int:
    port = base.rsplit(":", 1)[1].encode()
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"uvicorn" in args and b"--port" in args and port in args:
            return int(entry.name)
    raise AssertionError(f"no server process listens on port {port.decode()}")


def test_pages_and_health_answer_while_heavy_queries_hold_the_workers(server: str) -> None:
    heavy = [Query(server, 2), Query(server, 3)]
    for query in heavy:
        query.start()
    time.sleep(1.5)  # both are running now: each holds a worker until the time limit
    crowd = [Query(server, n) for n in range(4, 64)]  # sixty more clients at once
    for query in crowd:
        query.start()
    with client(server, 30) as http:
        health = http.get("/health")
        page = http.get("/id/nora/goal-kf1", headers={"Accept": "text/html"})
        home = http.get("/")
    assert health.status_code == 200 and "nora" in health.json()["municipalities"]
    assert page.status_code == 200 and home.status_code == 200
    assert all(q.is_alive() for q in heavy), "the pages answered while the workers were busy"
    for query in heavy + crowd:
        query.join(timeout=4 * TIMEOUT)
    assert [q.response.status_code for q in heavy if q.response] == [422, 422]
    statuses = [q.response.status_code for q in crowd if q.response]
    assert len(statuses) == len(crowd)
    refused = [q.response for q in crowd if q.response and q.response.status_code == 503]
    assert len(refused) >= len(crowd) - 2, "beyond the queue of two, a clear 503 at once"
    for response in refused:
        assert response.headers["Retry-After"].isdigit()
        assert "busy" in response.json()["message"] or "free" in response.json()["message"]
    assert set(statuses) <= {422, 503}


def test_one_client_gets_one_query_at_a_time(server: str) -> None:
    first = Query(server, 40)
    first.start()
    time.sleep(0.5)
    with client(server, 40) as http:
        second = http.get("/sparql", params={"query": ASK})
    assert second.status_code == 503
    assert second.headers["Retry-After"].isdigit()
    assert "this client" in second.json()["message"]
    with client(server, 41) as http:  # another client is served meanwhile
        assert http.get("/sparql", params={"query": ASK}).json()["boolean"] is True
    first.join(timeout=4 * TIMEOUT)
    with client(server, 40) as http:  # and the first client again once its query is done
        assert http.get("/sparql", params={"query": ASK}).status_code == 200


def test_a_killed_worker_does_not_fail_the_next_query(server: str) -> None:
    pid = _server_pid(server)
    with client(server, 50) as http:
        for _ in range(3):
            assert http.get("/sparql", params={"query": ASK}).json()["boolean"] is True
            workers = _children(pid)
            assert workers, "a worker answered the query"
            for worker in workers:
                os.kill(worker, signal.SIGKILL)
            deadline = time.monotonic() + 10
            while _children(pid) and time.monotonic() < deadline:
                time.sleep(0.05)
            response = http.get("/sparql", params={"query": ASK})
            assert response.status_code == 200, response.text
            assert response.json()["boolean"] is True


def test_a_query_that_kills_its_worker_twice_is_a_server_error() -> None:
    """A worker death is retried once; a second is a 503-class error, never a client error."""
    triples = "".join(
        f"<http://e/s{i}> <http://e/p> <http://e/o{i}> <http://e/g> .\n" for i in range(3000)
    ).encode()
    pool = SparqlPool(Limits(timeout=30, memory_bytes=450 * 1024**2))
    try:
        with pytest.raises(QueryWorkerError, match="stopped twice"):
            pool.execute(
                "SELECT ?a ?c ?d ?f { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f LIMIT 1",
                "application/sparql-results+json",
                generation=1,
                dataset=lambda: triples,
            )
        after = pool.execute(
            "ASK { ?s ?p ?o }",
            "application/sparql-results+json",
            generation=1,
            dataset=lambda: triples,
        )
        assert after.body == b'{"head":{},"boolean":true}'
    finally:
        pool.close()


_PARENT = """
import sys, threading, time
from goalgraph.sparql.pool import Limits, SparqlPool
pool = SparqlPool(Limits(timeout=5))
starter = threading.Thread(target=pool.warm_up)  # started from a thread that then ends
starter.start()
starter.join()
time.sleep(0.5)
print(*pool.worker_pids(), flush=True)
time.sleep(600)
"""


def test_workers_die_with_their_parent_and_not_with_a_request_thread() -> None:
    parent = subprocess.Popen(  # our interpreter, our script
        [sys.executable, "-c", _PARENT], stdout=subprocess.PIPE, text=True
    )
    try:
        assert parent.stdout is not None
        pids = [int(p) for p in parent.stdout.readline().split()]
        assert len(pids) == 1, "the worker outlived the thread that asked for it"
        assert _children(parent.pid) == pids
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 10
        while _running(pids[0]) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _running(pids[0]), "the worker died with its parent"
    finally:
        if parent.poll() is None:
            parent.kill()
            parent.wait()
