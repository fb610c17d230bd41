"""A real Virtuoso Open Source server for the tests: Debian's ``virtuoso-opensource`` package
(``scripts/setup.sh test`` installs it), started on free loopback ports with a temporary
database and its own ini file, and stopped again."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from goalgraph.store.remote import RemoteStore

_INI = """\
[Database]
DatabaseFile = {folder}/virtuoso.db
ErrorLogFile = {folder}/virtuoso.log
LockFile = {folder}/virtuoso.lck
TransactionFile = {folder}/virtuoso.trx
xa_persistent_file = {folder}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
MaxCheckpointRemap = 2000
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {folder}/virtuoso-temp.db
TransactionFile = {folder}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping = 0

[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
ServerThreads = 10
CheckpointInterval = 60
NumberOfBuffers = 20000
MaxDirtyBuffers = 15000
DirsAllowed = ., {folder}

[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {folder}
MaxClientConnections = 10
ServerThreads = 10
KeepAliveTimeout = 10
EnabledDavVSP = 0

[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 120
MaxQueryCostEstimationTime = 400
"""

#: Lets the anonymous SPARQL user write (the server listens on loopback only).
_GRANTS = "GRANT SPARQL_UPDATE TO \"SPARQL\"; DB.DBA.RDF_DEFAULT_USER_PERMS_SET ('nobody', 7);"


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(
            f"Virtuoso is missing ({name} not found): install Debian's virtuoso-opensource "
            "package (scripts/setup.sh test does)"
        )
    return found


def _free_port() -> int:
    from scale_helpers import free_port

    return free_port()


class VirtuosoServer:
    """``virtuoso-t`` in the foreground on free loopback ports, its database in ``folder``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sql_port = _free_port()
        self.http_port = _free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(
            _INI.format(folder=folder, sql_port=self.sql_port, http_port=self.http_port),
            encoding="utf-8",
        )
        self.process = subprocess.Popen(
            [_binary("virtuoso-t"), "+foreground", "+configfile", str(ini)],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.url = f"http://127.0.0.1:{self.http_port}/sparql"
        self._wait()
        self._grant()

    def _wait(self) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                error = self.process.stderr.read().decode() if self.process.stderr else ""
                log = self.folder / "virtuoso.log"
                tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
                pytest.fail(f"virtuoso-t stopped at once: {error}\n{tail}")
            try:
                response = httpx.get(self.url, params={"query": "ASK {}"}, timeout=2)
                if response.status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.2)
        self.stop()
        pytest.fail("Virtuoso did not answer within 60 s")

    def _grant(self) -> None:
        done = subprocess.run(
            [_binary("isql-vt"), f"127.0.0.1:{self.sql_port}", "dba", "dba", f"exec={_GRANTS}"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if done.returncode != 0 or "Error" in done.stdout + done.stderr:
            self.stop()
            pytest.fail(f"could not let the SPARQL user write: {done.stdout}{done.stderr}")

    def stop(self) -> None:
        from scale_helpers import stop

        stop(self.process, 30)

    def store(self) -> RemoteStore:
        """A client for the server, with the goalgraph graphs removed first."""
        store = RemoteStore.from_url(self.url, timeout=60)
        for graph in store.named_graphs():
            store.remove_graph(graph)
        return store


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    """One Virtuoso server for the session."""
    server = VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    yield server
    server.stop()
