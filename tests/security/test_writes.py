"""A write to /graph/{slug} changes that municipality and nothing else, is validated with the
whole store, and a store the service accepted is servable after a restart.

The attacks are those that were accepted before: triples about an SDG concept, another
municipality, another municipality's goal and an ontology class sent in Nora's graph, and a
goal-chain link from a Vaggeryd goal to Nora's vision.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from api.launch import ROOT, running_server
from tests.security.graphs import CLIENT, DATA_SLUGS, GG, ID, LABEL, NT, UPDATE, exports

ATTACKS = {
    "an SDG concept": f'<http://metadata.un.org/sdg/11> <{LABEL}> "Falsk etikett"@sv .',
    "another municipality": f'<{ID}vaggeryd> <{LABEL}> "Falsk kommun"@sv .',
    "another municipality's goal": f'<{ID}vaggeryd/goal-kf1> <{LABEL}> "Falskt mål"@sv .',
    "an ontology class": f'<{GG}Goal> <{LABEL}> "Falsk klass"@sv .',
    "a link from another municipality's goal": (
        f"<{ID}vaggeryd/goal-kf1> <{GG}supports> <{ID}nora/vision> ."
    ),
    "an unreached blank node": f'_:loose <{LABEL}> "lös"@sv .',
}


@pytest.mark.parametrize("attack", sorted(ATTACKS))
def test_put_with_triples_about_other_resources_is_refused(
    live_server: str, auth: dict[str, str], attack: str
) -> None:
    before = exports(live_server)
    body = before["nora"] + ATTACKS[attack].encode() + b"\n"
    response = CLIENT.put(f"{live_server}/graph/nora", content=body, headers={**auth, **NT})
    assert response.status_code == 422, response.text
    message = response.json()["message"]
    subject = ATTACKS[attack].split(" ", 1)[0]
    assert subject in message and "nothing was stored" in message
    assert exports(live_server) == before


def test_patch_linking_another_municipalitys_goal_is_refused(
    live_server: str, auth: dict[str, str]
) -> None:
    before = exports(live_server)
    update = f"INSERT DATA {{ <{ID}vaggeryd/goal-kf1> <{GG}supports> <{ID}nora/vision> }}"
    response = CLIENT.patch(f"{live_server}/graph/nora", content=update, headers={**auth, **UPDATE})
    assert response.status_code == 422, response.text
    assert f"<{ID}vaggeryd/goal-kf1>" in response.json()["message"]
    # and from Vaggeryd's own graph the link leaves the municipality: refused as well
    update = f"INSERT DATA {{ <{ID}vaggeryd/goal-kf1> <{GG}supports> <{ID}nora/vision> }}"
    response = CLIENT.patch(
        f"{live_server}/graph/vaggeryd", content=update, headers={**auth, **UPDATE}
    )
    assert response.status_code == 422, response.text
    assert f"<{ID}nora/vision>" in response.json()["message"]
    assert exports(live_server) == before
    sdg = CLIENT.get(f"{live_server}/sdg/11", headers={"Accept": "text/html"}).text
    assert "Falsk" not in sdg


def test_a_goal_may_not_claim_another_municipality(live_server: str, auth: dict[str, str]) -> None:
    before = exports(live_server)
    update = (
        f"DELETE {{ <{ID}nora/vision> <{GG}municipality> ?m }} "
        f"INSERT {{ <{ID}nora/vision> <{GG}municipality> <{ID}vaggeryd> }} "
        f"WHERE {{ <{ID}nora/vision> <{GG}municipality> ?m }}"
    )
    response = CLIENT.patch(f"{live_server}/graph/nora", content=update, headers={**auth, **UPDATE})
    assert response.status_code == 422, response.text
    assert "belongs to another municipality" in response.json()["message"]
    assert exports(live_server) == before


# --- a store on disk, written through a real server, restarted ----------------------------


@contextmanager
def goalgraph_run(store: Path, token: str) -> Iterator[str]:
    """``goalgraph --store STORE run`` on a free loopback port, with the write token."""
    command = ["goalgraph", "--store", str(store), "run"]
    with running_server({"GOALGRAPH_WRITE_TOKEN": token}, command=command, timeout=120) as base:
        yield base


def test_a_store_on_disk_stays_servable_after_refused_and_accepted_writes(
    tmp_path: Path, auth: dict[str, str]
) -> None:
    store = tmp_path / "store"
    token = auth["Authorization"].removeprefix("Bearer ")
    marker = "Tillväxtmålet efter omstart"
    with goalgraph_run(store, token) as base:
        before = exports(base)
        attack = f"INSERT DATA {{ <{ID}vaggeryd/goal-kf1> <{GG}supports> <{ID}nora/vision> }}"
        for slug in ("nora", "vaggeryd"):
            response = CLIENT.patch(
                f"{base}/graph/{slug}", content=attack, headers={**auth, **UPDATE}
            )
            assert response.status_code == 422, response.text
        response = CLIENT.put(
            f"{base}/graph/nora",
            content=before["nora"] + ATTACKS["an SDG concept"].encode(),
            headers={**auth, **NT},
        )
        assert response.status_code == 422, response.text
        assert exports(base) == before
        update = f'INSERT DATA {{ <{ID}vaggeryd/goal-kf1> <{LABEL[:-9]}altLabel> "{marker}"@sv }}'
        response = CLIENT.patch(
            f"{base}/graph/vaggeryd", content=update, headers={**auth, **UPDATE}
        )
        assert response.status_code == 200, response.text
    validate = subprocess.run(
        [sys.executable, "-m", "goalgraph", "--store", str(store), "validate", "--no-audit"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert validate.returncode == 0, validate.stdout + validate.stderr
    with goalgraph_run(store, token) as base:
        health = CLIENT.get(f"{base}/health").json()
        assert sorted(health["municipalities"]) == DATA_SLUGS
        assert {"nora", "vaggeryd"} <= set(DATA_SLUGS)
        turtle = CLIENT.get(f"{base}/id/vaggeryd/goal-kf1?format=nt").text
        assert marker in turtle
        statuses = CLIENT.get(f"{base}/validation", headers={"Accept": "application/json"}).json()
        assert all(s["violations"] == 0 for s in statuses), statuses
