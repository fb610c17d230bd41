"""Creating and removing municipalities through a real server: a new graph holds exactly one
municipality, its own, with a code no other municipality has; DELETE removes one (and it
leaves /, /health and /validation); the reference graphs are never removed; a municipality
that another one still needs (a joint body it hosts) is not removed."""

from __future__ import annotations

import pytest

from tests.security.graphs import CLIENT, GG, ID, JSON, NT, SKOS, UPDATE, exports


def listed(base: str) -> dict[str, list[str]]:
    """The municipalities that the start page, /health and /validation list."""
    return {
        "/": sorted(m["slug"] for m in CLIENT.get(f"{base}/", headers=JSON).json()),
        "/health": sorted(CLIENT.get(f"{base}/health").json()["municipalities"]),
        "/validation": sorted(
            s["slug"] for s in CLIENT.get(f"{base}/validation", headers=JSON).json()
        ),
    }


def copy_of_nora(base: str, slug: str, code: str) -> bytes:
    """Nora's graph moved to ``slug``'s IRI space, with municipality code ``code``."""
    lines = []
    for line in CLIENT.get(
        f"{base}/graph/nora", headers={"Accept": "application/n-triples"}
    ).text.splitlines():
        line = line.replace(f"{ID}nora", f"{ID}{slug}")
        if f"{GG}municipalityCode" in line:
            line = line.replace('"1884"', f'"{code}"')
        lines.append(line)
    return "\n".join(lines).encode() + b"\n"


def test_a_copy_of_another_municipality_is_refused(live_server: str, auth: dict[str, str]) -> None:
    before, names = exports(live_server), listed(live_server)
    response = CLIENT.put(
        f"{live_server}/graph/kopia", content=before["nora"], headers={**auth, **NT}
    )
    assert response.status_code == 422, response.text
    assert f"<{ID}nora" in response.json()["message"]  # names a resource of Nora
    assert exports(live_server) == before and listed(live_server) == names


def test_a_new_municipality_with_a_code_in_use_is_refused(
    live_server: str, auth: dict[str, str]
) -> None:
    before, names = exports(live_server), listed(live_server)
    body = copy_of_nora(live_server, "kopia", "1884")
    response = CLIENT.put(f"{live_server}/graph/kopia", content=body, headers={**auth, **NT})
    assert response.status_code == 422, response.text
    message = response.json()["message"]
    assert "'1884'" in message and f"<{ID}nora>" in message
    assert exports(live_server) == before and listed(live_server) == names


def test_a_new_graph_holds_exactly_one_municipality_its_own(
    live_server: str, auth: dict[str, str]
) -> None:
    before = exports(live_server)
    body = copy_of_nora(live_server, "kopia", "9990")
    rdf_type = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    second = f"<{ID}kopia/annan> <{rdf_type}> <{GG}Municipality> .\n"
    response = CLIENT.put(
        f"{live_server}/graph/kopia", content=body + second.encode(), headers={**auth, **NT}
    )
    assert response.status_code == 422, response.text
    assert "exactly one municipality" in response.json()["message"]
    # a graph named after one slug that describes another slug's municipality
    response = CLIENT.put(f"{live_server}/graph/annan", content=body, headers={**auth, **NT})
    assert response.status_code == 422, response.text
    assert exports(live_server) == before


def test_create_then_delete_a_municipality(live_server: str, auth: dict[str, str]) -> None:
    before, names = exports(live_server), listed(live_server)
    body = copy_of_nora(live_server, "kopia", "9990")
    response = CLIENT.put(f"{live_server}/graph/kopia", content=body, headers={**auth, **NT})
    assert response.status_code == 201, response.text
    assert response.json()["created"] is True
    assert all(slugs == sorted([*names["/"], "kopia"]) for slugs in listed(live_server).values())
    assert CLIENT.get(f"{live_server}/validation/kopia", headers=JSON).json()["conforms"]

    response = CLIENT.delete(f"{live_server}/graph/kopia")
    assert response.status_code == 401
    response = CLIENT.delete(f"{live_server}/graph/kopia", headers=auth)
    assert response.status_code == 200, response.text
    assert response.json()["removed"] is True
    assert listed(live_server) == names
    assert CLIENT.get(f"{live_server}/graph/kopia").status_code == 404
    assert CLIENT.get(f"{live_server}/validation/kopia", headers=JSON).status_code == 404
    assert exports(live_server) == before
    response = CLIENT.delete(f"{live_server}/graph/kopia", headers=auth)
    assert response.status_code == 404, response.text


@pytest.mark.parametrize("slug", ["sdg", "ontology"])
def test_reference_graphs_are_never_removed_or_replaced(
    live_server: str, auth: dict[str, str], slug: str
) -> None:
    before = exports(live_server)
    response = CLIENT.delete(f"{live_server}/graph/{slug}", headers=auth)
    assert response.status_code == 403, response.text
    assert "reference data and cannot be removed" in response.json()["message"]
    response = CLIENT.put(
        f"{live_server}/graph/{slug}", content=before[slug], headers={**auth, **NT}
    )
    assert response.status_code == 403, response.text
    assert exports(live_server) == before


def test_a_municipality_that_another_needs_is_not_removed(
    live_server: str, auth: dict[str, str]
) -> None:
    body = f"{ID}vaggeryd/body-gemensam"
    decision = f"{ID}nora/decision-gemensam"
    host = (
        f"INSERT DATA {{ <{body}> a <{GG}JointBody> ; <{GG}municipality> <{ID}vaggeryd> ; "
        f'<{SKOS}prefLabel> "Gemensam nämnd för Vaggeryd och Nora"@sv }}'
    )
    response = CLIENT.patch(
        f"{live_server}/graph/vaggeryd", content=host, headers={**auth, **UPDATE}
    )
    assert response.status_code == 200, response.text
    partner = (
        f"INSERT DATA {{ <{decision}> a <{GG}Decision> ; <{GG}municipality> <{ID}nora> ; "
        f'<{SKOS}prefLabel> "Den gemensamma nämnden beslutar"@sv ; <{GG}decidedBy> <{body}> ; '
        f'<http://purl.org/dc/terms/date> "2024-03-15"^^<http://www.w3.org/2001/XMLSchema#date> }}'
    )
    response = CLIENT.patch(
        f"{live_server}/graph/nora", content=partner, headers={**auth, **UPDATE}
    )
    assert response.status_code == 200, response.text
    before, names = exports(live_server), listed(live_server)

    response = CLIENT.delete(f"{live_server}/graph/vaggeryd", headers=auth)
    assert response.status_code == 422, response.text
    assert f"<{decision}>" in response.json()["message"]
    # valid on its own, but not with Nora's graph: the joint body may not lose its type
    retype = f"DELETE DATA {{ <{body}> a <{GG}JointBody> }}"
    response = CLIENT.patch(
        f"{live_server}/graph/vaggeryd", content=retype, headers={**auth, **UPDATE}
    )
    assert response.status_code == 422, response.text
    assert "I10" in response.json()["message"] and f"<{decision}>" in response.json()["message"]
    assert exports(live_server) == before and listed(live_server) == names
