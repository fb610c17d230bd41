"""A graph's hash is computed once per version of the graph: a dump does not hash again what
is already hashed, and a write makes the next hash new."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

import goalgraph.store.oxigraph as oxigraph_module
from goalgraph.store.hashing import ntriples_hash
from goalgraph.store.oxigraph import OxigraphStore

GRAPH = "https://w3id.org/goalgraph/graph/hashed"
NT = "application/n-triples"


def _triples(marker: str, n: int) -> list[ox.Triple]:
    p = ox.NamedNode("http://example.org/p")
    return [
        ox.Triple(ox.NamedNode(f"http://example.org/{marker}{i}"), p, ox.Literal(marker))
        for i in range(n)
    ]


def test_a_dump_keeps_the_hash_and_a_write_renews_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []

    def counting(data: bytes) -> str:
        calls.append(len(data))
        return ntriples_hash(data)

    monkeypatch.setattr(oxigraph_module, "ntriples_hash", counting)
    store = OxigraphStore(tmp_path / "store")
    try:
        store.replace_graph(GRAPH, _triples("a", 20))
        first = store.dump(GRAPH, NT)
        assert len(calls) == 1  # the dump hashed what it read
        hashed = store.graph_hash(GRAPH)
        assert store.dump(GRAPH, NT) == first
        assert len(calls) == 1  # neither graph_hash nor a second dump hashed again
        assert hashed == ntriples_hash(first)

        store.replace_graph(GRAPH, _triples("b", 5))
        renewed = store.graph_hash(GRAPH)
        assert renewed != hashed
        assert renewed == ntriples_hash(store.dump(GRAPH, NT))
        assert len(calls) == 2  # once for the new version
    finally:
        store.close()
