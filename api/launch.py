"""Running the service in a subprocess on a free loopback port (for tests and benchmarks)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]


class ServerStartError(RuntimeError):
    """The service did not come up."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running_server(
    env: Mapping[str, str | None] | None = None, *, timeout: float = 60.0
) -> Iterator[str]:
    """Start ``api.app:create_app`` with uvicorn on 127.0.0.1, yield its base URL once
    ``/health`` answers, and stop it afterwards. ``env`` entries set to ``None`` are removed."""
    environment = {**os.environ, "GOALGRAPH_QUERY_WORKERS": "1"}
    for key, value in (env or {}).items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    port = free_port()
    command = [sys.executable, "-m", "uvicorn", "--factory", "api.app:create_app"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    # a fixed argv: this interpreter, uvicorn and a port number; no shell
    proc = subprocess.Popen(command, cwd=ROOT, env=environment)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(proc, base, timeout)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def _wait_until_healthy(proc: subprocess.Popen[bytes], base: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise ServerStartError(
                f"the server exited with code {proc.returncode} before it was ready"
            )
        try:
            if httpx.get(base + "/health", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise ServerStartError(
                f"the server did not answer {base}/health within {timeout:.0f} s"
            )
        time.sleep(0.2)
