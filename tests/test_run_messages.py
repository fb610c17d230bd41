"""What ``goalgraph run`` says: a port in use and a store in use are named before anything is
served (and the port before the data is loaded); the load and the validation say what they do
and how long they took."""

from __future__ import annotations

import re
import socket
import subprocess
import sys
from pathlib import Path

from api.launch import free_port
from goalgraph.store.oxigraph import OxigraphStore

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "goalgraph", *args]
    # a fixed argv: this interpreter, goalgraph and paths of the test's own folder
    return subprocess.run(
        command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, check=False
    )


def test_a_port_in_use_is_said_before_loading_and_nothing_claims_to_serve(tmp_path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = _run("--store", str(tmp_path / "store"), "run", "--port", str(port))
    assert done.returncode != 0
    assert f"port {port} on 127.0.0.1 is already in use" in done.stderr
    assert "--port" in done.stderr, "the message says how to choose another port"
    assert "serving" not in done.stdout
    assert "reading the data files" not in done.stdout, "the port is checked before loading"
    assert not (tmp_path / "store").exists(), "nothing was loaded"


def test_a_second_server_on_the_same_store_is_told_one_is_probably_running(tmp_path) -> None:
    store = OxigraphStore(tmp_path / "store")  # holds the store's lock, as a running server
    try:
        done = _run("--store", str(tmp_path / "store"), "run", "--port", str(free_port()))
    finally:
        store.close()
    assert done.returncode != 0
    assert "a goalgraph server is probably running on it" in done.stderr
    assert "serving" not in done.stdout


def test_the_load_and_the_validation_say_what_they_do_and_how_long_they_took(tmp_path) -> None:
    port = free_port()
    command = [sys.executable, "-m", "goalgraph", "--store", str(tmp_path / "store")]
    command += ["run", "--port", str(port)]
    # a fixed argv: this interpreter, goalgraph, a path of the test's folder and a port
    proc = subprocess.Popen(
        command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    lines: list[str] = []
    try:
        if proc.stdout is None:
            raise AssertionError("no output")
        for line in proc.stdout:
            lines.append(line.rstrip("\n"))
            if "serving" in line:
                break
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    assert len(lines) == 5, lines
    assert lines[0].startswith("goalgraph: reading the data files of"), lines
    assert re.match(r"goalgraph: loaded: \d+ triples in \d+ graphs, .*\(\d+\.\d s\)$", lines[1])
    assert lines[2].startswith("goalgraph: validating every municipality against the shapes")
    assert re.match(r"goalgraph: validation: 0 violations, \d+ warnings \(\d+\.\d s\)$", lines[3])
    assert lines[4] == f"goalgraph: serving http://127.0.0.1:{port}/"
