"""The query's dataset: FROM / FROM NAMED and the protocol's default-graph-uri /
named-graph-uri are honoured (or refused), never ignored.

The protocol cases follow the intent of the W3C SPARQL 1.1 Protocol test suite
(w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl): ``query_dataset_default_graphs_get``,
``query_dataset_default_graphs_post``, ``query_dataset_named_graphs_get``,
``query_dataset_named_graphs_post``, ``query_dataset_full``, ``query_multiple_dataset``,
``query_post_form`` and ``query_get``. Their graphs data1/data2/data3 become Nora's and
Vaggeryd's graphs and the SDG reference graph; the resources whose type the ASK queries look
for are the two municipalities and the SDG concept scheme, each only in its own graph.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import httpx
import pytest

#: Under load a validated write can take a while: generous timeouts, never hangs.
HTTP = httpx.Client(timeout=120)
GRAPH = "https://w3id.org/goalgraph/graph/"
NORA, VAGGERYD, SDG = GRAPH + "nora", GRAPH + "vaggeryd", GRAPH + "sdg"
NORA_ID = "<https://w3id.org/goalgraph/id/nora>"
VAGGERYD_ID = "<https://w3id.org/goalgraph/id/vaggeryd>"
SCHEME = "<http://metadata.un.org/sdg>"
BOTH_DEFAULT = f"ASK {{ {NORA_ID} a ?type . {VAGGERYD_ID} a ?type . }}"
BOTH_NAMED = f"ASK {{ GRAPH ?g1 {{ {NORA_ID} a ?type }} GRAPH ?g2 {{ {VAGGERYD_ID} a ?type }} }}"
COUNT = "SELECT (COUNT(*) AS ?n) {from} WHERE {{ ?s ?p ?o }}"
JSON = {"Accept": "application/sparql-results+json"}


def _get(base: str, query: str, **dataset: list[str]) -> dict[str, Any]:
    params: list[tuple[str, str]] = [("query", query)]
    for name, graphs in dataset.items():
        params += [(name.replace("_", "-"), g) for g in graphs]
    response = HTTP.get(f"{base}/sparql", params=params, headers=JSON, timeout=120)
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _post_direct(base: str, query: str, **dataset: list[str]) -> dict[str, Any]:
    params = [(name.replace("_", "-"), g) for name, graphs in dataset.items() for g in graphs]
    response = HTTP.post(
        f"{base}/sparql",
        params=params,
        content=query.encode(),
        headers={**JSON, "Content-Type": "application/sparql-query"},
        timeout=120,
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def _post_form(base: str, query: str, **dataset: list[str]) -> dict[str, Any]:
    fields = [("query", query)]
    fields += [(name.replace("_", "-"), g) for name, graphs in dataset.items() for g in graphs]
    response = HTTP.post(
        f"{base}/sparql",
        content=urlencode(fields).encode(),
        headers={**JSON, "Content-Type": "application/x-www-form-urlencoded"},
        timeout=120,
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


SENDERS = {"get": _get, "post-direct": _post_direct, "post-form": _post_form}


def _count(result: dict[str, Any]) -> int:
    return int(result["results"]["bindings"][0]["n"]["value"])


def _nora_triples(base: str) -> int:
    export = HTTP.get(f"{base}/graph/nora", headers={"Accept": "application/n-triples"})
    return sum(1 for line in export.text.splitlines() if line.strip())


def test_from_counts_only_the_named_graph(live_server: str) -> None:
    """The issue's query: FROM <…/graph/nora> counts Nora's triples, not the whole store."""
    nora = _count(_get(live_server, COUNT.format(**{"from": f"FROM <{NORA}>"})))
    union = _count(_get(live_server, COUNT.format(**{"from": ""})))
    assert nora == _nora_triples(live_server)
    assert 0 < nora < union
    both = _count(_get(live_server, COUNT.format(**{"from": f"FROM <{NORA}> FROM <{VAGGERYD}>"})))
    vaggeryd = _count(_get(live_server, COUNT.format(**{"from": f"FROM <{VAGGERYD}>"})))
    assert both == nora + vaggeryd


def test_from_named_limits_the_graphs_graph_sees(live_server: str) -> None:
    query = "SELECT DISTINCT ?g {from} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
    named = _get(live_server, query.format(**{"from": f"FROM NAMED <{NORA}>"}))
    assert [b["g"]["value"] for b in named["results"]["bindings"]] == [NORA]
    everything = _get(live_server, query.format(**{"from": ""}))
    assert {b["g"]["value"] for b in everything["results"]["bindings"]} >= {NORA, VAGGERYD, SDG}
    # FROM NAMED alone: the default graph is empty
    empty = _get(live_server, f"ASK FROM NAMED <{NORA}> {{ ?s ?p ?o }}")
    assert empty["boolean"] is False


@pytest.mark.parametrize("send", SENDERS)
def test_protocol_default_graphs(live_server: str, send: str) -> None:
    """query_dataset_default_graphs_get / _post: the default graph is the merge of the
    default-graph-uri graphs."""
    result = SENDERS[send](live_server, BOTH_DEFAULT, default_graph_uri=[NORA, VAGGERYD])
    assert result["boolean"] is True
    only_nora = SENDERS[send](live_server, BOTH_DEFAULT, default_graph_uri=[NORA])
    assert only_nora["boolean"] is False


@pytest.mark.parametrize("send", SENDERS)
def test_protocol_named_graphs(live_server: str, send: str) -> None:
    """query_dataset_named_graphs_get / _post: GRAPH sees the named-graph-uri graphs only."""
    result = SENDERS[send](live_server, BOTH_NAMED, named_graph_uri=[NORA, VAGGERYD])
    assert result["boolean"] is True
    only_nora = SENDERS[send](live_server, BOTH_NAMED, named_graph_uri=[NORA])
    assert only_nora["boolean"] is False


@pytest.mark.parametrize("send", SENDERS)
def test_protocol_full_dataset(live_server: str, send: str) -> None:
    """query_dataset_full: a default graph and named graphs given together."""
    query = (
        f"ASK {{ {SCHEME} a ?t GRAPH ?g1 {{ {NORA_ID} a ?type }} "
        f"GRAPH ?g2 {{ {VAGGERYD_ID} a ?type }} }}"
    )
    dataset = {"default_graph_uri": [SDG], "named_graph_uri": [NORA, VAGGERYD]}
    assert SENDERS[send](live_server, query, **dataset)["boolean"] is True
    not_default = SENDERS[send](live_server, f"ASK {{ {NORA_ID} a ?t }}", **dataset)
    assert not_default["boolean"] is False, "Nora's graph is named here, not default"


def test_protocol_parameters_win_over_from(live_server: str) -> None:
    """query_multiple_dataset: the query has FROM, the request named graphs; the request's
    dataset is used (SPARQL 1.1 Protocol 2.1.4)."""
    query = (
        f"ASK FROM <{SDG}> {{ GRAPH ?g1 {{ {NORA_ID} a ?type }} "
        f"GRAPH ?g2 {{ {VAGGERYD_ID} a ?type }} }}"
    )
    assert _post_direct(live_server, query, named_graph_uri=[NORA, VAGGERYD])["boolean"] is True
    count = COUNT.format(**{"from": f"FROM <{NORA}>"})
    vaggeryd = _count(_get(live_server, COUNT.format(**{"from": f"FROM <{VAGGERYD}>"})))
    assert _count(_get(live_server, count, default_graph_uri=[VAGGERYD])) == vaggeryd
    # the FROM graph is not in the default graph once the protocol names another
    scheme = f"ASK FROM <{SDG}> {{ {SCHEME} a ?t }}"
    assert _get(live_server, scheme)["boolean"] is True
    assert _get(live_server, scheme, default_graph_uri=[NORA])["boolean"] is False


def test_form_post_with_dataset_in_the_url(live_server: str) -> None:
    """query_post_form and query_get: ASK {} with a default-graph-uri answers true."""
    response = HTTP.post(
        f"{live_server}/sparql",
        params={"default-graph-uri": NORA},
        data={"query": "ASK {}"},
        headers=JSON,
    )
    assert response.status_code == 200 and response.json()["boolean"] is True
    response = HTTP.post(
        f"{live_server}/sparql",
        params={"default-graph-uri": NORA},
        data={"query": BOTH_DEFAULT},
        headers=JSON,
    )
    assert response.json()["boolean"] is False, "the URL's default-graph-uri is not ignored"
    assert _get(live_server, "ASK {}", default_graph_uri=[NORA])["boolean"] is True


@pytest.mark.parametrize("value", ["", "nora", "not an iri", "<https://e/g>"])
def test_a_dataset_parameter_that_is_not_an_iri_is_refused(live_server: str, value: str) -> None:
    response = HTTP.get(
        f"{live_server}/sparql", params={"query": "ASK {}", "named-graph-uri": value}
    )
    assert response.status_code == 400
    assert "named-graph-uri" in response.json()["message"]


def test_the_page_shows_the_dataset_result(live_server: str) -> None:
    """The HTML page runs the query over the requested dataset too."""
    response = HTTP.get(
        f"{live_server}/sparql",
        params={"query": BOTH_DEFAULT, "default-graph-uri": NORA},
        headers={"Accept": "text/html"},
    )
    assert response.status_code == 200
    assert 'id="query-error"' not in response.text
