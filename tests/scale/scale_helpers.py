"""Helpers shared by the storage and scale tests: free ports and real Oxigraph servers."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from goalgraph.store.remote import RemoteStore

#: the embedded store in memory, on disk, on disk read from its memory copy; a real server
BACKENDS = ("memory", "disk", "disk+copy", "server")


def free_port() -> int:
    """A TCP port on loopback that nothing listens on (now)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def stop(process: subprocess.Popen[bytes], wait: float) -> None:
    """Stop a server process: terminate it, and kill it if it is not gone within ``wait`` s."""
    process.terminate()
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def oxigraph_binary() -> str:
    """The ``oxigraph`` command of PyPI's ``oxigraph`` package (the test extra installs it)."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if found is None:
        pytest.fail(
            "the Oxigraph server is missing: install the test extra "
            "(pip install -e '.[test]'), which brings PyPI's `oxigraph` package"
        )
    return found


class OxigraphServer:
    """``oxigraph serve`` on a free loopback port, in a temporary folder."""

    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.port = port or free_port()
        self.process = subprocess.Popen(
            [oxigraph_binary(), "serve", "--location", str(folder), "--bind",
             f"127.0.0.1:{self.port}"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )  # fmt: skip
        self.url = f"http://127.0.0.1:{self.port}/query"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode() if self.process.stderr else ""
                pytest.fail(f"oxigraph serve stopped at once: {error}")
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/", timeout=1)
                return
            except httpx.HTTPError:
                time.sleep(0.05)
        self.stop()
        pytest.fail("oxigraph serve did not answer within 30 s")

    def stop(self) -> None:
        stop(self.process, 10)

    def store(self) -> RemoteStore:
        """A client for the server, emptied first."""
        store = RemoteStore.from_url(self.url, timeout=30)
        store._update("DROP ALL")
        return store
