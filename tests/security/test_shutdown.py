"""Every exit of ``goalgraph run`` leaves no process behind: SIGTERM, SIGINT and the refusal
to serve invalid data. The server runs for real (on a free port, a store in a temporary
folder) in a session of its own; after it exits, no process of that session and no process
seen as its descendant while it ran may still be alive."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from api.launch import ROOT, free_port

CASES = ROOT / "tests" / "shapes" / "cases"


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state is [0], ppid [1],
    session [3], start time [19]); None when the process is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return text.rsplit(")", 1)[1].split()


def _processes() -> dict[int, list[str]]:
    found = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            fields = _stat(int(entry))
            if fields is not None and fields[0] != "Z":
                found[int(entry)] = fields
    return found


def _descendants(root: int) -> dict[int, str]:
    """The living descendants of ``root`` (pid → start time), by their parent links."""
    table = _processes()
    children: dict[int, list[int]] = {}
    for pid, fields in table.items():
        children.setdefault(int(fields[1]), []).append(pid)
    found: dict[int, str] = {}
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found[child] = table[child][19]
            todo.append(child)
    return found


def _survivors(session: int, seen: dict[int, str]) -> list[str]:
    """Processes of the server's session, or seen as its descendants, that are still alive."""
    alive = []
    for pid, fields in _processes().items():
        same_process = seen.get(pid) == fields[19]
        if int(fields[3]) == session or same_process:
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
            except OSError:
                continue
            alive.append(f"{pid}: {command.decode(errors='replace')[:120]}")
    return alive


def _start(tmp_path: Path, data: Path | None = None) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    command = [sys.executable, "-m", "goalgraph", "--store", str(tmp_path / "store")]
    if data is not None:
        command += ["--data", str(data)]
    command += ["run", "--port", str(port)]
    env = {**os.environ, "GOALGRAPH_QUERY_WORKERS": "2"}
    proc = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    return proc, f"http://127.0.0.1:{port}"


def _wait_healthy(proc: subprocess.Popen[bytes], base: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _, err = proc.communicate()
            pytest.fail(f"goalgraph run exited with {proc.returncode}: {err.decode()[-2000:]}")
        try:
            if httpx.get(base + "/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    proc.kill()
    pytest.fail("goalgraph run did not answer /health within 120 s")


def _wait_gone(session: int, seen: dict[int, str]) -> list[str]:
    deadline = time.monotonic() + 10
    while True:
        alive = _survivors(session, seen)
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def _kill_session(session: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(session, signal.SIGKILL)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_stops_the_server_and_every_process_it_started(
    tmp_path: Path, sig: signal.Signals
) -> None:
    proc, base = _start(tmp_path)
    seen: dict[int, str] = {}
    try:
        _wait_healthy(proc, base)
        ask = httpx.get(base + "/sparql", params={"query": "ASK { ?s ?p ?o }"}, timeout=60)
        assert ask.status_code == 200, ask.text
        assert httpx.get(base + "/validation", timeout=120).status_code == 200
        seen = _descendants(proc.pid)
        commands = [Path(f"/proc/{pid}/cmdline").read_bytes() for pid in seen]
        # what must be stopped is really there: the validation pool's forkserver and the
        # SPARQL worker that answered
        assert any(b"forkserver" in c for c in commands), commands
        assert any(b"goalgraph.sparql.pool" in c for c in commands), commands
        proc.send_signal(sig)
        proc.communicate(timeout=60)
        assert proc.returncode in (0, -sig), proc.returncode
        assert _wait_gone(proc.pid, seen) == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        _kill_session(proc.pid)


def test_refusing_invalid_data_leaves_no_process(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    # the case's made-up kommunkod becomes a real one without goal data (Upplands Väsby), so
    # that the load succeeds and validation is what refuses the data
    case = (CASES / "10-invalid-i01-goal-without-level.ttl").read_text(encoding="utf-8")
    (data / "municipalities/provby.ttl").write_text(
        case.replace('"9901"', '"0114"'), encoding="utf-8"
    )
    proc, _ = _start(tmp_path, data)
    try:
        _, err = proc.communicate(timeout=180)
        assert proc.returncode == 1, err.decode()
        assert "not serving invalid data" in err.decode()
        assert _wait_gone(proc.pid, {}) == []
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        _kill_session(proc.pid)
