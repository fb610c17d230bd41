"""A graph's content hash is computed once and kept: a dump of a hashed graph does not hash
it again, and a write to the graph forgets the kept hash."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from goalgraph.store import oxigraph
from goalgraph.store.bulk import part_triples
from goalgraph.store.hashing import ntriples_hash
from goalgraph.store.oxigraph import OxigraphStore

NT = "application/n-triples"
GRAPH = "urn:test:g"
ONE = b"<urn:test:s> <urn:test:p> <urn:test:o> .\n"
TWO = ONE + b"<urn:test:s> <urn:test:p> <urn:test:q> .\n"


class _CountingHash:
    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, data: bytes) -> str:
        self.calls += 1
        return ntriples_hash(data)


@pytest.fixture
def counting(monkeypatch: pytest.MonkeyPatch) -> _CountingHash:
    counter = _CountingHash()
    monkeypatch.setattr(oxigraph, "ntriples_hash", counter)
    return counter


@pytest.fixture(params=["memory", "disk"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[OxigraphStore]:
    if request.param == "memory":
        made = OxigraphStore.from_ntriples({GRAPH: ONE})
    else:
        made = OxigraphStore(tmp_path / "store")
        made.replace_graph(GRAPH, part_triples(ONE))
    yield made
    made.close()


def test_a_dump_of_a_hashed_graph_does_not_hash_it_again(
    store: OxigraphStore, counting: _CountingHash
) -> None:
    first = store.graph_hash(GRAPH)
    assert counting.calls == 1
    data = store.dump(GRAPH, NT)
    assert data.strip() == ONE.strip()
    assert store.graph_hash(GRAPH) == first == ntriples_hash(data)
    assert counting.calls == 1


def test_a_dump_keeps_the_hash_for_graph_hash(
    store: OxigraphStore, counting: _CountingHash
) -> None:
    data = store.dump(GRAPH, NT)
    assert counting.calls == 1
    assert store.graph_hash(GRAPH) == ntriples_hash(data)
    assert counting.calls == 1


def test_a_write_forgets_the_kept_hash(store: OxigraphStore) -> None:
    before = store.graph_hash(GRAPH)
    store.dump(GRAPH, NT)
    store.replace_graph(GRAPH, part_triples(TWO))
    after = store.graph_hash(GRAPH)
    assert after != before
    assert after == ntriples_hash(TWO)
    assert after == ntriples_hash(store.dump(GRAPH, NT))


def test_removing_a_graph_forgets_its_hash(store: OxigraphStore) -> None:
    before = store.graph_hash(GRAPH)
    store.remove_graph(GRAPH)
    assert store.graph_hash(GRAPH) != before
    assert store.graph_hash(GRAPH) == ntriples_hash(b"")
