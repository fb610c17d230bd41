"""A store on disk opened read-only beside its writer, and the memory copy after a bulk
write."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from goalgraph.mediatypes import NTRIPLES
from goalgraph.store.oxigraph import OxigraphStore, StoreError

GRAPH = "https://w3id.org/goalgraph/graph/test"
T = ox.Triple(ox.NamedNode("urn:x:a"), ox.NamedNode("urn:x:p"), ox.Literal("one"))


def test_a_read_only_store_reads_beside_the_writer_and_refuses_writes(tmp_path: Path) -> None:
    writer = OxigraphStore(tmp_path / "store")
    writer.replace_graph(GRAPH, [T])
    reader = OxigraphStore(tmp_path / "store", read_only=True)
    assert reader.dump(GRAPH, NTRIPLES) == writer.dump(GRAPH, NTRIPLES)
    for write in (
        lambda: reader.replace_graph(GRAPH, []),
        lambda: reader.replace_graphs_from([GRAPH], [(GRAPH, b"")]),
        lambda: reader.remove_graph(GRAPH),
        lambda: reader.set_meta("source", "x"),
    ):
        with pytest.raises(StoreError, match="read-only"):
            write()
    assert writer.dump(GRAPH, NTRIPLES) == reader.dump(GRAPH, NTRIPLES)
    # another process reads it too, while this one holds it open for writing
    code = (
        "from goalgraph.store.oxigraph import OxigraphStore; "
        f"print(len(OxigraphStore({str(tmp_path / 'store')!r}, read_only=True).named_graphs()))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "1"
    reader.close()
    writer.close()


def test_read_only_needs_a_folder() -> None:
    with pytest.raises(StoreError, match="on disk"):
        OxigraphStore(read_only=True)


def test_the_memory_copy_takes_a_bulk_writes_graphs_from_the_new_store(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    other = "https://w3id.org/goalgraph/graph/other"
    store.replace_graphs({GRAPH: [T], other: [T]})
    store.keep_memory_copy()
    assert store.wait_for_memory_copy(60)
    text = b"".join(
        f'<urn:x:s{i}> <urn:x:p> _:b{i} .\n_:b{i} <urn:x:q> "{i}" .\n'.encode() for i in range(50)
    )
    store.replace_graphs_from([GRAPH], [(GRAPH, text)])
    assert store.reads_from_memory  # at once, without a rebuild from a whole dump
    from_memory = store.dump(GRAPH, NTRIPLES)
    assert from_memory.count(b"\n") == 100 and b'"one"' not in from_memory
    assert store.dump(other, NTRIPLES).count(b"\n") == 1
    store.close()
    reopened = OxigraphStore(tmp_path / "store")
    # the copy has the blank node labels the store on disk has
    assert sorted(reopened.dump(GRAPH, NTRIPLES).split(b"\n")) == sorted(from_memory.split(b"\n"))
    reopened.close()
