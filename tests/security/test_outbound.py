"""No query or update makes the service send a request, however it is spelled.

Two walls, each tested on its own: the check decides on a real parse (rdflib's SPARQL
parser and algebra) and refuses SERVICE anywhere, updates on the query endpoint, and patches
beyond INSERT DATA / DELETE DATA / DELETE-INSERT-WHERE; and the processes that evaluate the
text (query workers, patch workers) can open no network connection, so even text that got past
the check reaches nothing. A recording listener on loopback stands for "anywhere": it must
receive nothing. Oxigraph itself does send SERVICE and LOAD requests (first test), so these
tests can fail.
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterator

import httpx
import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goalgraph import resources
from goalgraph.errors import QueryError
from goalgraph.sparql.guard import check_patch, parse_query
from goalgraph.sparql.pool import Limits, SparqlPool
from goalgraph.store.load import municipality_files

#: Under load a validated write can take a while: generous timeouts, never hangs.
HTTP = httpx.Client(timeout=120)
NORA = "https://w3id.org/goalgraph/graph/nora"

#: The municipalities of data/ (Nora and Vaggeryd among them) and the reference graphs.
DATA_SLUGS = [p.stem for p in municipality_files(resources.data_dir())]
GRAPHS = (*DATA_SLUGS, "sdg", "ontology")
UPDATE_HEADERS = {"Content-Type": "application/sparql-update"}


def _escape_word(word: str, rng: random.Random) -> str:
    """``word`` in random case, each letter possibly as a \\u or \\U codepoint escape."""
    out = []
    for char in word:
        char = char.lower() if rng.random() < 0.4 else char.upper()
        roll = rng.random()
        if roll < 0.15:
            out.append(f"\\u{ord(char):04X}")
        elif roll < 0.25:
            out.append(f"\\U{ord(char):08x}")
        else:
            out.append(char)
    return "".join(out)


# -- the spellings the attack used, and every escape form the grammar allows ------------------

#: Queries that ask for SERVICE (``{L}`` is the listener, ``{S}`` the service's own endpoint).
SERVICE_QUERIES = [
    # the attack as found: an escaped '#' in a prefixed name, SERVICE on the same line
    "PREFIX ex: <http://e/>\nSELECT * WHERE { VALUES ?q { ex:a\\# } SERVICE <{L}/x> { ?s ?p ?o } }",
    "PREFIX ex: <http://e/>\nSELECT * WHERE { VALUES ?q { ex:a\\# } SERVICE <{S}> { ?s ?p ?o } }",
    "PREFIX ex: <http://e/>\nSELECT * WHERE { VALUES ?q { ex:a\\. } SERVICE <{L}/x> {} }",
    "PREFIX ex: <http://e/>\nSELECT * WHERE { VALUES ?q { ex:a%23 } SERVICE <{L}/x> {} }",
    "PREFIX ex: <http://e/>\nSELECT * WHERE { ex:a\\#b\\.c%23 ?p ?o . SERVICE <{L}/x> {} }",
    "SELECT * WHERE { \\u0053ERVICE <{L}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { \\U00000053\\U00000045RVICE <{L}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { SERV\\u0049CE <{L}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <\\u0068ttp://127.0.0.1:{P}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { # a comment } SERVICE\n SERVICE <{L}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p 'SERVICE' . SERVICE <{L}/x> { ?s ?p ?o } }",
    'SELECT * WHERE { ?s ?p """#""" . SERVICE <{L}/x> { ?s ?p ?o } }',
    "SELECT * WHERE { ?s <http://e/#SERVICE> ?o . SERVICE <{L}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { { { { SERVICE <{L}/x> { ?s ?p ?o } } } } }",
    "SELECT * WHERE { OPTIONAL { SERVICE <{L}/x> { ?s ?p ?o } } }",
    "SELECT * WHERE { { ?s ?p ?o } UNION { SERVICE <{L}/x> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o MINUS { SERVICE <{L}/x> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{L}/x> { ?s ?p ?o } } }",
    "SELECT * WHERE { ?s ?p ?o FILTER (NOT EXISTS { SERVICE <{L}/x> { } }) }",
    "SELECT * WHERE { { SELECT * WHERE { SERVICE <{L}/x> { ?s ?p ?o } } } }",
    "SELECT * WHERE { GRAPH ?g { SERVICE <{L}/x> { ?s ?p ?o } } }",
    "ASK { service <{L}/x> { ?s ?p ?o } }",
    "ASK { SeRvIcE <{L}/x> { ?s ?p ?o } }",
    "ASK { SERVICE SILENT <{L}/x> { ?s ?p ?o } }",
    "ASK { service silent <{L}/x> { } }",
    "SELECT * WHERE { VALUES ?u { <{L}/x> } SERVICE ?u { ?s ?p ?o } }",
    "PREFIX l: <{L}/> SELECT * WHERE { SERVICE l:x { ?s ?p ?o } }",
    "BASE <{L}/> SELECT * WHERE { SERVICE <x> { ?s ?p ?o } }",
    "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{L}/x> { ?s ?p ?o } }",
    "DESCRIBE ?s WHERE { SERVICE <{L}/x> { ?s ?p ?o } }",
    "SELECT * WHERE { SERVICE <{L}/x> { SERVICE <{L}/y> { ?s ?p ?o } } }",
    "SELECT * WHERE {\tSERVICE\n<{L}/x>\r\n{ ?s ?p ?o } }",
    "SELECT * WHERE {#\nSERVICE#\n<{L}/x>#\n{ ?s ?p ?o } }",
    # updates on the query endpoint
    "LOAD <{L}/data.ttl>",
    "LOAD SILENT <{L}/data.ttl>",
    "\\u004cOAD <{L}/data.ttl>",
    "INSERT { ?s ?p ?o } WHERE { SERVICE <{L}/x> { ?s ?p ?o } }",
    "PREFIX ex: <http://e/> INSERT DATA { ex:a\\# ex:b ex:c } ; LOAD <{L}/p>",
]

#: Patches that must be refused (they leave the graph, load, or reach out).
BAD_PATCHES = [
    # the attack as found
    "PREFIX ex: <http://e/>\nINSERT DATA { ex:a\\# ex:b ex:c } ; LOAD <{L}/p>",
    "PREFIX ex: <http://e/>\nINSERT DATA { ex:a\\. ex:b ex:c } ; LOAD <{L}/p>",
    "PREFIX ex: <http://e/>\nINSERT DATA { ex:a%23 ex:b ex:c } ; load silent <{L}/p>",
    "\\u004cOAD <{L}/p>",
    "LOAD <{L}/p> INTO GRAPH <http://e/g>",
    "INSERT { ?s ?p ?o } WHERE { SERVICE <{L}/x> { ?s ?p ?o } }",
    "INSERT { ?s ?p ?o } WHERE { SERVICE SILENT <{L}/x> { ?s ?p ?o } }",
    "DELETE { ?s ?p ?o } WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <{L}/x> {} } }",
    "INSERT { ?s ?p ?o } WHERE { { { sErViCe <{L}/x> { ?s ?p ?o } } } }",
    "INSERT { ?s ?p ?o } WHERE { \\u0053ERVICE <{L}/x> { ?s ?p ?o } }",
    "INSERT { ?s ?p ?o } USING <{L}/g> WHERE { ?s ?p ?o }",
    "WITH <{L}/g> INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "INSERT DATA { GRAPH <{L}/g> { <http://e/a> <http://e/b> <http://e/c> } }",
    "INSERT { GRAPH <http://e/g> { ?s ?p ?o } } WHERE { ?s ?p ?o }",
    "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
    "CLEAR ALL",
    "DROP GRAPH <http://e/g>",
    "CREATE GRAPH <http://e/g>",
    "ADD DEFAULT TO <http://e/g>",
    "MOVE DEFAULT TO <http://e/g>",
    "COPY DEFAULT TO <http://e/g>",
]


def _fill(text: str, listener: str, server: str = "http://127.0.0.1:1/sparql") -> str:
    port = listener.rsplit(":", 1)[1]
    return text.replace("{L}", listener).replace("{S}", server).replace("{P}", port)


# -- a grammar fuzzer: >= 1000 queries around a SERVICE pattern ---------------------------------

_DECOYS = [
    "?s ?p 'SERVICE' .",
    '?s ?p "LOAD <{L}/z>" .',
    "?s <http://e/SERVICE#x> ?o .",
    "?s ?p '''SERVICE <{L}/q> { }''' .",
    "ex:a\\# ?p ?o .",
    "ex:a\\.b ?p ?o .",
    "ex:a%23 ?p ?o .",
    "ex:a\\-b\\~c ?p ?o .",
    "?s ?p ?o . # SERVICE <{L}/c> { }\n",
    '?s ?p "\\u0053ERVICE" .',
]
_WRAPPERS = [
    "{{ {0} }}",
    "OPTIONAL {{ {0} }}",
    "{{ ?s ?p ?o }} UNION {{ {0} }}",
    "?s ?p ?o MINUS {{ {0} }}",
    "?s ?p ?o FILTER EXISTS {{ {0} }}",
    "?s ?p ?o FILTER NOT EXISTS {{ {0} }}",
    "{{ SELECT * WHERE {{ {0} }} }}",
    "GRAPH ?g {{ {0} }}",
]


def _space(rng: random.Random) -> str:
    return rng.choice([" ", "\n", "\t", " # c }\n", "\r\n", "  "])


def fuzz_query(rng: random.Random, listener: str) -> tuple[str, bool]:
    """One generated query and whether it holds a SERVICE pattern (as code, not a string,
    IRI or comment)."""
    with_service = rng.random() < 0.85
    core = " ".join(rng.sample(_DECOYS, rng.randint(0, 3)))
    if with_service:
        target = rng.choice([f"<{listener}/x>", "l:x", "?u"])
        silent = _space(rng) + _escape_word("SILENT", rng) if rng.random() < 0.3 else ""
        service = f"{_escape_word('SERVICE', rng)}{silent}{_space(rng)}{target}{_space(rng)}"
        service += "{ ?s ?p ?o }"
        if target == "?u":
            service = f"VALUES ?u {{ <{listener}/x> }} " + service
        core = f"{core} {service}" if rng.random() < 0.5 else f"{service} {core}"
    for _ in range(rng.randint(0, 4)):
        core = rng.choice(_WRAPPERS).format(core)
    form = rng.choice(["SELECT *", "ASK", "CONSTRUCT { ?s ?p ?o }", "SELECT DISTINCT ?s"])
    form = _escape_word(form.split()[0], rng) + form[len(form.split()[0]) :]
    prologue = f"PREFIX ex: <http://e/>{_space(rng)}PREFIX l: <{listener}/>{_space(rng)}"
    where = _escape_word("WHERE", rng) + _space(rng) if rng.random() < 0.5 else ""
    return _fill(f"{prologue}{form}{_space(rng)}{where}{{ {core} }}", listener), with_service


def fuzz_queries(listener: str, count: int = 1300, seed: int = 11) -> list[tuple[str, bool]]:
    rng = random.Random(seed)
    return [fuzz_query(rng, listener) for _ in range(count)]


# -- evaluating text in a process with the workers' walls, without the check ------------------

_RUNNER = """
import json, socket, sys
from goalgraph.sparql import pool
walls = pool.enter_worker_walls() if sys.argv[1] == "walls" else ()
import pyoxigraph as ox
host, port = sys.argv[2], int(sys.argv[3])
out = {"walls": list(walls), "connect": "", "errors": 0, "ran": 0}
try:
    socket.create_connection((host, port), timeout=2).close()
    out["connect"] = "connected"
except OSError as exc:
    out["connect"] = str(exc)
store = ox.Store()
for kind, text in json.load(sys.stdin):
    out["ran"] += 1
    try:
        if kind == "update":
            store.update(text)
        else:
            result = store.query(text, use_default_graph_as_union=True)
            if not isinstance(result, ox.QueryBoolean):
                list(result)
    except Exception:
        out["errors"] += 1
print(json.dumps(out))
"""


def run_unchecked(texts: list[tuple[str, str]], listener: str, *, walls: bool) -> dict[str, object]:
    """Evaluate ``texts`` ((kind, text) pairs) with Oxigraph in a fresh process, behind the
    workers' walls or not, bypassing the check; the process's report."""
    host, port = listener.removeprefix("http://").split(":")
    done = subprocess.run(  # our interpreter, our script
        [sys.executable, "-c", _RUNNER, "walls" if walls else "open", host, port],
        input=json.dumps(texts).encode(),
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr.decode()
    report: dict[str, object] = json.loads(done.stdout)
    return report


# -- the tests ----------------------------------------------------------------------------------


def test_oxigraph_itself_sends_service_and_load_requests(listener: object) -> None:
    """Without the walls Oxigraph does reach the listener: the other tests can fail."""
    url = listener.url  # type: ignore[attr-defined]
    store = ox.Store()
    with pytest.raises((OSError, RuntimeError)):  # the listener's reply is not SPARQL
        list(store.query(f"SELECT * WHERE {{ SERVICE <{url}/x> {{ ?s ?p ?o }} }}"))
    with pytest.raises((OSError, RuntimeError, SyntaxError)):
        store.update(f"LOAD <{url}/p>")
    paths = [path for _, path in listener.requests]  # type: ignore[attr-defined]
    assert paths == ["/x", "/p"]
    report = run_unchecked([("query", f"ASK {{ SERVICE <{url}/y> {{ }} }}")], url, walls=False)
    assert report["connect"] == "connected" and report["walls"] == []
    assert [p for _, p in listener.requests][-1] == "/y"  # type: ignore[attr-defined]


def test_a_worker_cannot_connect_anywhere(listener: object) -> None:
    """Inside a worker's walls: no socket connects, no SERVICE or LOAD reaches out."""
    url = listener.url  # type: ignore[attr-defined]
    texts = [("query", _fill(q, url)) for q in SERVICE_QUERIES if not q.startswith("LOAD")]
    texts += [("update", _fill(p, url)) for p in BAD_PATCHES]
    report = run_unchecked(texts, url, walls=True)
    assert report["walls"] == ["network-namespace", "seccomp"]
    assert report["connect"] != "connected"
    assert report["ran"] == len(texts)
    assert listener.requests == []  # type: ignore[attr-defined]


def test_the_pool_workers_have_the_walls() -> None:
    pool = SparqlPool(Limits(timeout=5))
    try:
        pool.warm_up()
        worker = pool._idle.get_nowait()
        assert worker.walls == ("network-namespace", "seccomp")
    finally:
        pool.close()


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_the_check_refuses_every_spelling(query: str) -> None:
    with pytest.raises(QueryError):
        parse_query(_fill(query, "http://127.0.0.1:9999"))


@pytest.mark.parametrize("patch", BAD_PATCHES)
def test_the_check_refuses_every_bad_patch(patch: str) -> None:
    with pytest.raises(QueryError):
        check_patch(_fill(patch, "http://127.0.0.1:9999"))


@pytest.mark.parametrize(
    ("query", "form"),
    [
        ("PREFIX ex: <http://e/> SELECT * WHERE { VALUES ?q { ex:a\\# } }", "SELECT"),
        ("PREFIX ex: <http://e/> ASK { ex:a\\.b ?p ex:c%23 }", "ASK"),
        ("SELECT ?service WHERE { ?service ?p 'SERVICE' } # SERVICE <http://e/>", "SELECT"),
        ("PREFIX service: <http://e/> ASK { service:x ?p ?o }", "ASK"),
        ("\\u0053ELECT * WHERE { ?s ?p ?o }", "SELECT"),
        ("DESCRIBE <http://e/SERVICE>", "DESCRIBE"),
    ],
)
def test_harmless_look_alikes_pass(query: str, form: str) -> None:
    assert parse_query(query).form == form


def test_generated_queries_are_refused_and_reach_nothing(listener: object) -> None:
    """1300 generated queries: every one holding SERVICE is refused by the check, and none,
    evaluated behind the walls without the check, reaches the listener."""
    url = listener.url  # type: ignore[attr-defined]
    queries = fuzz_queries(url)
    assert sum(with_service for _, with_service in queries) >= 1000
    passed = []
    for text, with_service in queries:
        try:
            parse_query(text)
        except QueryError:
            continue
        passed.append(text)
        assert not with_service, f"the check let a SERVICE pattern through: {text!r}"
    assert passed, "the generator also makes queries without SERVICE that the check accepts"
    report = run_unchecked([("query", text) for text, _ in queries], url, walls=True)
    assert report["ran"] == len(queries)
    assert listener.requests == []  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_hypothesis_service_queries_are_refused(seed: int) -> None:
    text, with_service = fuzz_query(random.Random(seed), "http://127.0.0.1:9")
    if with_service:
        with pytest.raises(QueryError):
            parse_query(text)


# -- against the running service -----------------------------------------------------------------


@pytest.fixture
def exports(live_server: str) -> Iterator[None]:
    """Every graph is the same after the test as before it."""

    def export() -> dict[str, str]:
        return {
            slug: HTTP.get(
                f"{live_server}/graph/{slug}", headers={"Accept": "application/n-triples"}
            ).text
            for slug in GRAPHS
        }

    before = export()
    yield
    assert export() == before


def test_the_two_attacks_from_the_issue(
    live_server: str, listener: object, auth: dict[str, str], exports: None
) -> None:
    url = listener.url  # type: ignore[attr-defined]
    query = (
        "PREFIX ex: <http://e/>\n"
        f"SELECT * WHERE {{ VALUES ?q {{ ex:a\\# }} SERVICE <{url}/x> {{ ?s ?p ?o }} }}"
    )
    response = HTTP.get(f"{live_server}/sparql", params={"query": query}, timeout=120)
    assert response.status_code == 400
    assert "LISTENER-REPLY" not in response.text
    itself = query.replace(f"{url}/x", f"{live_server}/sparql")
    assert HTTP.get(f"{live_server}/sparql", params={"query": itself}).status_code == 400
    patch = f"PREFIX ex: <http://e/>\nINSERT DATA {{ ex:a\\# ex:b ex:c }} ; LOAD <{url}/p>"
    response = HTTP.patch(
        f"{live_server}/graph/nora", content=patch, headers={**auth, **UPDATE_HEADERS}
    )
    assert response.status_code == 400 and "LOAD" in response.json()["message"]
    assert listener.requests == []  # type: ignore[attr-defined]


@pytest.mark.parametrize("query", SERVICE_QUERIES)
def test_no_spelling_makes_the_service_send_a_request(
    live_server: str, listener: object, query: str
) -> None:
    text = _fill(query, listener.url, f"{live_server}/sparql")  # type: ignore[attr-defined]
    for response in (
        HTTP.get(f"{live_server}/sparql", params={"query": text}, timeout=120),
        HTTP.post(f"{live_server}/sparql", data={"query": text}, timeout=120),
        HTTP.post(
            f"{live_server}/sparql",
            content=text.encode(),
            headers={"Content-Type": "application/sparql-query"},
            timeout=120,
        ),
    ):
        assert response.status_code == 400, response.text
        assert "LISTENER-REPLY" not in response.text
    assert listener.requests == []  # type: ignore[attr-defined]


def test_no_patch_makes_the_service_send_a_request(
    live_server: str, listener: object, auth: dict[str, str], exports: None
) -> None:
    for patch in BAD_PATCHES:
        response = HTTP.patch(
            f"{live_server}/graph/nora",
            content=_fill(patch, listener.url).encode(),  # type: ignore[attr-defined]
            headers={**auth, **UPDATE_HEADERS},
            timeout=120,
        )
        assert response.status_code == 400, (patch, response.text)
        assert response.json()["message"]
    assert listener.requests == []  # type: ignore[attr-defined]


def test_a_sample_of_generated_queries_against_the_service(
    live_server: str, listener: object
) -> None:
    queries = fuzz_queries(listener.url, count=40, seed=2026)  # type: ignore[attr-defined]
    with httpx.Client(base_url=live_server, timeout=120) as client:
        for text, with_service in queries:
            response = client.get("/sparql", params={"query": text})
            if with_service:
                assert response.status_code == 400, text
            assert response.status_code in (200, 400), response.text
    assert listener.requests == []  # type: ignore[attr-defined]


def test_a_patch_runs_behind_the_walls(live_server: str, auth: dict[str, str]) -> None:
    """A valid patch still works (it runs in a worker without network) and its effect shows."""
    subject = "https://w3id.org/goalgraph/id/nora"
    label = "Nora kommun (patch-test)"
    insert = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        f'INSERT DATA {{ <{subject}> rdfs:comment "{label}"@sv }}'
    )
    headers = {**auth, **UPDATE_HEADERS}
    response = HTTP.patch(f"{live_server}/graph/nora", content=insert, headers=headers)
    assert response.status_code == 200, response.text
    ask = f'ASK FROM <{NORA}> {{ <{subject}> ?p "{label}"@sv }}'
    assert HTTP.get(f"{live_server}/sparql", params={"query": ask}).json()["boolean"] is True
    delete = insert.replace("INSERT DATA", "DELETE DATA")
    assert HTTP.patch(f"{live_server}/graph/nora", content=delete, headers=headers).is_success
    assert HTTP.get(f"{live_server}/sparql", params={"query": ask}).json()["boolean"] is False


def test_no_wall_means_no_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that can be cut off the network in no way refuses to go on."""
    from goalgraph.sparql import sandbox

    def refuse() -> None:
        raise OSError(1, "not permitted here")

    monkeypatch.setattr(sandbox, "enter_empty_network", refuse)
    monkeypatch.setattr(sandbox, "forbid_sockets", refuse)
    with pytest.raises(sandbox.SandboxError, match="cannot cut this process off the network"):
        sandbox.isolate()


def test_the_check_reads_queries_from_many_threads_at_once() -> None:
    """rdflib's parser is not reentrant: concurrent checks must each get the right answer."""
    from concurrent.futures import ThreadPoolExecutor

    texts = [f"SELECT ?s WHERE {{ ?s ?p {i} }}" for i in range(200)]
    texts += [f"ASK {{ SERVICE <http://127.0.0.1:9/{i}> {{ }} }}" for i in range(200)]

    def outcome(text: str) -> str:
        try:
            return parse_query(text).form
        except QueryError as exc:
            return str(exc)

    with ThreadPoolExecutor(8) as executor:
        results = list(executor.map(outcome, texts))
    assert results[:200] == ["SELECT"] * 200
    assert set(results[200:]) == {"SERVICE is not allowed: no outbound requests"}
