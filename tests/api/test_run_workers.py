"""``goalgraph run --workers 2``: two processes serve one store on disk, read-only."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx

from api.launch import free_port

GOALGRAPH = str(Path(sys.executable).with_name("goalgraph"))


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "GOALGRAPH_WRITE_TOKEN"}
    return {**env, "GOALGRAPH_QUERY_WORKERS": "1", **extra}


def test_workers_refuse_a_write_token(tmp_path: Path) -> None:
    done = subprocess.run(
        [GOALGRAPH, "--store", str(tmp_path / "store"), "run", "--workers", "2"],
        env=_env(GOALGRAPH_WRITE_TOKEN="secret-token"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "GOALGRAPH_WRITE_TOKEN" in done.stderr and "read-only" in done.stderr
    assert not (tmp_path / "store").exists()  # refused before anything was loaded


def test_two_workers_serve_the_same_data_read_only(tmp_path: Path) -> None:
    port = free_port()
    command = [GOALGRAPH, "--store", str(tmp_path / "store"), "run", "--port", str(port),
               "--workers", "2"]  # fmt: skip
    proc = subprocess.Popen(command, env=_env(), stdout=subprocess.PIPE, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            assert proc.poll() is None, "goalgraph run exited"
            try:
                if httpx.get(base + "/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "goalgraph run did not answer /health"
            time.sleep(0.5)
        pids = set()
        tags = set()
        with httpx.Client(base_url=base) as client:
            for _ in range(40):  # new connections land on either worker
                response = client.get(
                    "/id/nora/goal-kf1",
                    headers={"Accept": "application/json", "Connection": "close"},
                )
                assert response.status_code == 200
                assert response.json()["iri"] == "https://w3id.org/goalgraph/id/nora/goal-kf1"
                tags.add(response.headers["etag"])
            assert len(tags) == 1  # both workers answer the same bytes
            refused = client.put(
                "/graph/nora", content=b"", headers={"Content-Type": "text/turtle"}
            )
            assert refused.status_code == 403
        children = subprocess.run(
            ["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True, text=True
        ).stdout.split()
        pids.update(children)
        assert len(pids) >= 2  # uvicorn's worker processes
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0
