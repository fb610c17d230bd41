"""The built wheel is a library of its own: installed into a fresh virtualenv outside the
repository, its ``goalgraph validate``, ``query`` and ``run`` work with the ontology, shapes and
data inside it, and it installs no top-level package named ``api``.

The wheel's dependencies come from the test environment (linked into the new environment's
path, without goalgraph itself or the checkout), so that the test needs no network; pip then
checks the wheel's declared requirements against them, offline.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import sysconfig
import time
import zipfile
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
VERSION_LINE = 'version = "'


def _version() -> str:
    for line in (ROOT / "pyproject.toml").read_text(encoding="utf-8").splitlines():
        if line.startswith(VERSION_LINE):
            return line[len(VERSION_LINE) : -1]
    raise AssertionError("pyproject.toml states no version")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q"]
    subprocess.run(
        [*command, "--no-index", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (built,) = out.glob("goalgraph-*.whl")
    return built


def _dependencies_dir(base: Path) -> Path:
    """A folder linking every installed distribution of this environment but goalgraph."""
    deps = base / "deps"
    deps.mkdir()
    site = Path(sysconfig.get_paths()["purelib"])
    for entry in site.iterdir():
        name = entry.name.lower()
        if name.startswith(("goalgraph", "_goalgraph", "_editable_impl_goalgraph", "api")):
            continue
        if entry.suffix == ".pth":
            continue
        (deps / entry.name).symlink_to(entry)
    return deps


@pytest.fixture(scope="module")
def venv(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("venv")
    env_dir = base / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    python = env_dir / "bin" / "python"
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    (Path(purelib) / "goalgraph-test-deps.pth").write_text(f"{_dependencies_dir(base)}\n")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--no-index", "-q", str(wheel)],
        check=True,
        capture_output=True,
        cwd=base,
    )
    return env_dir


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "GOALGRAPH_HOME")}
    env["GOALGRAPH_STORE"] = "memory:"
    return env


def _run(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(venv / "bin" / "goalgraph"), *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=_env(),
        timeout=300,
    )


def test_the_wheel_ships_goalgraph_and_goalgraph_api_with_their_resources(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/", 1)[0] for name in names}
    assert tops == {"goalgraph", "goalgraph_api", f"goalgraph-{_version()}.dist-info"}
    for resource in (
        "goalgraph/_resources/ontology/goalgraph.ttl",
        "goalgraph/_resources/shapes/integrity.ttl",
        "goalgraph/_resources/data/municipalities/nora.ttl",
        "goalgraph/_resources/data/sdg/sdg.ttl",
        "goalgraph/sparql/queries/chain-up.rq",
        "goalgraph_api/templates/base.html",
        "goalgraph_api/static/style.css",
    ):
        assert resource in names
    # test-only code stays in the source distribution
    assert not [n for n in names if n.startswith("goalgraph/testing/") or "launch.py" in n]
    assert not [n for n in names if "__pycache__" in n]


def test_the_installed_package_is_the_wheels_with_one_version(venv: Path, tmp_path: Path) -> None:
    probe = (
        "import goalgraph, goalgraph_api, importlib.util as u; "
        "print(goalgraph.__version__, goalgraph.__file__, goalgraph_api.__file__, "
        "u.find_spec('api'), goalgraph.resources.home())"
    )
    done = subprocess.run(
        [str(venv / "bin" / "python"), "-c", "import goalgraph.resources;" + probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        check=True,
    )
    version, package, web, api_spec, home = done.stdout.split()
    assert version == _version()
    assert package.startswith(str(venv)) and web.startswith(str(venv))
    assert api_spec == "None"  # no top-level api package
    assert home.startswith(str(venv)) and home.endswith("_resources")
    assert _run(venv, "--version", cwd=tmp_path).stdout.strip() == f"goalgraph {_version()}"


def test_the_ontology_states_the_same_version() -> None:
    ontology = (ROOT / "ontology" / "goalgraph.ttl").read_text(encoding="utf-8")
    assert f'owl:versionInfo "{_version()}"' in ontology


def test_validate_from_the_wheel(venv: Path, tmp_path: Path) -> None:
    done = _run(venv, "validate", "--lang", "en", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert '"conforms": true' in done.stdout and "nora/goal-attraktivitet" in done.stdout


def test_validate_from_the_wheel_fails_on_a_broken_file(venv: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text("@prefix gg: <https://w3id.org/goalgraph/ontology#> .\n<a> gg:x .\n")
    done = _run(venv, "validate", str(broken), cwd=tmp_path)
    assert done.returncode == 2
    assert "broken.ttl" in done.stderr


def test_query_from_the_wheel(venv: Path, tmp_path: Path) -> None:
    done = _run(venv, "query", "chain-up", "-p", "goal=nora:goal-kf5", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "id:nora/vision" in done.stdout and "(5 rader)" in done.stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_run_from_the_wheel_serves_until_stopped(venv: Path, tmp_path: Path) -> None:
    port = _free_port()
    process = subprocess.Popen(
        [str(venv / "bin" / "goalgraph"), "run", "--host", "127.0.0.1", "--port", str(port)],
        cwd=tmp_path,
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        health = None
        while time.monotonic() < deadline and process.poll() is None:
            try:
                health = httpx.get(f"http://127.0.0.1:{port}/health", timeout=2)
                break
            except httpx.TransportError:
                time.sleep(0.3)
        assert health is not None, f"no answer on /health: {process.communicate(timeout=30)}"
        assert health.status_code == 200
        page = httpx.get(f"http://127.0.0.1:{port}/id/nora/goal-kf1", timeout=10)
        assert page.status_code == 200 and "goal-kf1" in page.text
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
    assert process.returncode in (0, -signal.SIGTERM)
