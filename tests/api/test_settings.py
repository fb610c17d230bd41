"""Operator settings from the environment, and the memory copy of a store on disk that the
service reads from unless it is turned off."""

from __future__ import annotations

from pathlib import Path

import pytest
from api_helpers import AUTH, TOKEN
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from goalgraph.store.load import load_data
from goalgraph.store.oxigraph import OxigraphStore

UPDATE = {"Content-Type": "application/sparql-update"}
KF1 = "<https://w3id.org/goalgraph/id/vaggeryd/goal-kf1>"


def test_settings_are_read_from_the_environment_with_clear_errors() -> None:
    default = Settings.from_env({})
    assert default.memory_copy and default.write_token is None and default.query_workers == 2
    env = {"GOALGRAPH_MEMORY_COPY": "off", "GOALGRAPH_QUERY_WORKERS": "3"}
    settings = Settings.from_env({**env, "GOALGRAPH_WRITE_TOKEN": "t"})
    assert (settings.memory_copy, settings.query_workers, settings.write_token) == (False, 3, "t")
    with pytest.raises(ValueError, match=r"GOALGRAPH_MEMORY_COPY must be 1 or 0 .*'kanske'"):
        Settings.from_env({"GOALGRAPH_MEMORY_COPY": "kanske"})
    with pytest.raises(ValueError, match="QUERY_WORKERS must be a whole number, not 'två'"):
        Settings.from_env({"GOALGRAPH_QUERY_WORKERS": "två"})


@pytest.mark.parametrize("memory_copy", [True, False], ids=["copy", "no-copy"])
def test_the_service_reads_a_store_on_disk_from_memory_unless_turned_off(
    tmp_path: Path, memory_copy: bool
) -> None:
    store = OxigraphStore(tmp_path / "store")
    load_data(store)
    settings = Settings(write_token=TOKEN, memory_copy=memory_copy, warm_up=False)
    with TestClient(create_app(store=store, settings=settings)) as client:
        assert store.wait_for_memory_copy(60 if memory_copy else 0) is memory_copy
        update = (
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> "
            f'INSERT DATA {{ {KF1} skos:altLabel "Tillväxtmålet"@sv }}'
        )
        response = client.patch(
            "/graph/vaggeryd", content=update.encode(), headers={**AUTH, **UPDATE}
        )
        assert response.status_code == 200, response.text
        assert "Tillväxtmålet" in client.get("/id/vaggeryd/goal-kf1?format=ttl").text
    store.close()
    reopened = OxigraphStore(tmp_path / "store")  # the write is on disk as well
    assert (
        "Tillväxtmålet"
        in reopened.dump(
            "https://w3id.org/goalgraph/graph/vaggeryd", "application/n-triples"
        ).decode()
    )
