"""Running the service in a subprocess on a free loopback port (for tests and benchmarks)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import httpx

ROOT = Path(__file__).resolve().parents[1]


class ServerStartError(RuntimeError):
    """The service did not come up."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


#: The service under uvicorn: what ``python -m`` runs unless a command is given.
SERVICE = ("uvicorn", "--factory", "api.app:create_app", "--log-level", "warning")


@contextmanager
def running_server(
    env: Mapping[str, str | None] | None = None,
    *,
    timeout: float = 60.0,
    command: Sequence[str] = SERVICE,
) -> Iterator[str]:
    """Start ``python -m COMMAND --host 127.0.0.1 --port N`` (by default ``api.app:create_app``
    with uvicorn; e.g. ``["goalgraph", "--store", path, "run"]``), yield its base URL once
    ``/health`` answers, and stop it afterwards. ``env`` entries set to ``None`` are removed.
    The server's output is written to standard error when it stops, and is in the
    :class:`ServerStartError` when it does not come up."""
    environment = {**os.environ, "GOALGRAPH_QUERY_WORKERS": "1"}
    for key, value in (env or {}).items():
        if value is None:
            environment.pop(key, None)
        else:
            environment[key] = value
    port = free_port()
    argv = [sys.executable, "-m", *command, "--host", "127.0.0.1", "--port", str(port)]
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as output:
        # a list of arguments from the caller, never a shell
        proc = subprocess.Popen(  # noqa: S603
            argv, cwd=ROOT, env=environment, stdout=output, stderr=output
        )
        try:
            _wait_until_healthy(proc, base, timeout, output)
            yield base
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            sys.stderr.write(_read(output))


def _read(output: IO[bytes]) -> str:
    output.seek(0)
    return output.read().decode(errors="replace")


def _wait_until_healthy(
    proc: subprocess.Popen[bytes], base: str, timeout: float, output: IO[bytes]
) -> None:
    deadline = time.monotonic() + timeout
    while True:
        if proc.poll() is not None:
            raise ServerStartError(
                f"the server exited with code {proc.returncode} before it was ready:\n"
                f"{_read(output)[-4000:]}"
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
