"""The embedded store on disk: it keeps its data, refuses a locked or damaged folder with a
clear error, and a write killed half-way leaves it as it was before or after."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from goalgraph.errors import InputError
from goalgraph.store.load import load_data, open_loaded_store
from goalgraph.store.open import open_store
from goalgraph.store.oxigraph import BULK_THRESHOLD, OxigraphStore
from goalgraph.store.protocol import StoreError
from goalgraph.testing.synthetic import generate

GRAPH = "https://w3id.org/goalgraph/graph/test"


def _version(marker: str, size: int) -> list[ox.Triple]:
    """A graph whose every triple carries ``marker``, so a mix of versions is visible."""
    p = ox.NamedNode("https://w3id.org/goalgraph/ontology#marker")
    return [
        ox.Triple(ox.NamedNode(f"https://w3id.org/goalgraph/id/test/n{i}"), p, ox.Literal(marker))
        for i in range(size)
    ]


def _markers(store: OxigraphStore, graph: str) -> dict[str, int]:
    rows = store.select(
        f"SELECT ?m (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?m }} }} GROUP BY ?m"
    )
    return {str(r["m"]): int(str(r["n"])) for r in rows}


def test_a_store_folder_keeps_its_data_and_reopens(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    summary = load_data(store)
    store.close()
    again = open_store(tmp_path / "store")
    assert again.capabilities.persistent and again.capabilities.transactional
    assert (
        len(
            again.to_rdflib(
                [f"https://w3id.org/goalgraph/graph/{m}" for m in summary.municipalities]
            )
        )
        > 2000
    )
    assert sorted(again.named_graphs()) == sorted(summary.graphs)


def test_open_loaded_store_reloads_only_when_the_data_changed(tmp_path: Path) -> None:
    store, first = open_loaded_store(tmp_path / "store")
    assert not first.reused
    store.close()
    store, second = open_loaded_store(tmp_path / "store")
    assert second.reused and second.graphs == first.graphs
    store.close()


def test_a_broken_file_in_a_data_folder_leaves_the_disk_store_as_it_was(tmp_path: Path) -> None:
    data = generate(3, seed=7, defect_rate=0.0).write(tmp_path / "data")
    store = OxigraphStore(tmp_path / "store")
    load_data(store, data)
    before = store.dump(None, "application/n-quads")
    folders = sorted(p.name for p in (tmp_path / "store").iterdir())
    # sorted last: the other files were already parsed when it fails
    (data / "municipalities" / "zz-trasig.ttl").write_text("@prefix gg: <urn:x#> .\ngg:a gg:b")
    with pytest.raises(InputError, match=r"zz-trasig\.ttl:2"):
        load_data(store, data)
    assert store.dump(None, "application/n-quads") == before
    assert sorted(p.name for p in (tmp_path / "store").iterdir()) == folders  # no new folder
    store.close()
    reopened = OxigraphStore(tmp_path / "store")
    assert reopened.dump(None, "application/n-quads") == before
    reopened.close()


def test_a_folder_in_use_is_refused_naming_it(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store = OxigraphStore(folder)
    with pytest.raises(StoreError, match=f"{folder}.*in use"):
        OxigraphStore(folder)
    code = f"from goalgraph.store.oxigraph import OxigraphStore; OxigraphStore({str(folder)!r})"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode != 0
    assert "in use" in result.stderr and str(folder) in result.stderr
    store.close()


def test_damaged_folders_are_refused_and_left_as_they_are(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store = OxigraphStore(folder)
    store.replace_graph(GRAPH, _version("a", 10))
    store.close()
    meta = folder / "goalgraph-store.json"
    good = meta.read_text()
    meta.write_text("{not json")
    with pytest.raises(StoreError, match=f"{folder} is damaged"):
        OxigraphStore(folder)
    assert meta.read_text() == "{not json"
    meta.write_text(good)
    current = folder / json.loads(good)["current"] / "CURRENT"
    current.write_text("garbage\n")
    with pytest.raises(StoreError, match=f"{folder} is damaged"):
        OxigraphStore(folder)
    assert current.read_text() == "garbage\n" and len(list(current.parent.iterdir())) > 3


def test_a_folder_with_other_files_is_not_taken_over(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="not a goalgraph store"):
        OxigraphStore(tmp_path)
    assert (tmp_path / "notes.txt").read_text() == "mine"


WRITER = textwrap.dedent(
    """
    import sys
    import pyoxigraph as ox
    from goalgraph.store.oxigraph import OxigraphStore
    folder, size = sys.argv[1], int(sys.argv[2])
    graphs = ["https://w3id.org/goalgraph/graph/a", "https://w3id.org/goalgraph/graph/b"]
    p = ox.NamedNode("https://w3id.org/goalgraph/ontology#marker")
    store = OxigraphStore(folder)
    version = 0
    while True:
        version += 1
        marker = ox.Literal(f"v{version}")
        batch = {
            g: [ox.Triple(ox.NamedNode(f"{g}/n{i}"), p, marker) for i in range(size)]
            for g in graphs
        }
        store.replace_graphs(batch)
        print(version, flush=True)
    """
)


@pytest.mark.parametrize("size", [200, BULK_THRESHOLD // 2 + 1000], ids=["update", "bulk"])
def test_a_killed_write_leaves_the_store_before_or_after(tmp_path: Path, size: int) -> None:
    folder = tmp_path / "store"
    process = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(folder), str(size)],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])},
    )
    assert process.stdout is not None
    done = [int(process.stdout.readline()) for _ in range(2)]
    time.sleep(0.05 if size < 1000 else 0.3)  # in the middle of a later write
    process.send_signal(signal.SIGKILL)
    process.wait()
    store = OxigraphStore(folder)
    seen = [_markers(store, f"https://w3id.org/goalgraph/graph/{g}") for g in "ab"]
    assert seen[0] == seen[1], "the two graphs of one write come from different writes"
    ((marker, count),) = seen[0].items()
    assert count == size and int(marker[1:]) >= done[-1]
    store.replace_graph(GRAPH, _version("after", 3))  # still writable
    assert _markers(store, GRAPH) == {"after": 3}


@pytest.mark.parametrize("kind", ["memory", "disk", "disk+copy"])
def test_readers_during_writes_see_one_version_or_the_other(tmp_path: Path, kind: str) -> None:
    store = OxigraphStore(tmp_path / "store" if kind != "memory" else None)
    store.replace_graph(GRAPH, _version("a", 300))
    if kind == "disk+copy":
        store.keep_memory_copy()
        assert store.wait_for_memory_copy(30)
    stop = threading.Event()
    seen: list[dict[str, int]] = []

    def read() -> None:
        while not stop.is_set():
            seen.append(_markers(store, GRAPH))

    readers = [threading.Thread(target=read) for _ in range(2)]
    for reader in readers:
        reader.start()
    for i in range(15):
        store.replace_graph(GRAPH, _version("b", 500) if i % 2 == 0 else _version("a", 300))
    stop.set()
    for reader in readers:
        reader.join()
    assert seen and all(s in ({"a": 300}, {"b": 500}) for s in seen), seen[:5]


def test_a_bulk_write_keeps_blank_nodes_whole_across_parallel_loaders(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    shared = ox.BlankNode("delad")
    p = ox.NamedNode("https://w3id.org/goalgraph/ontology#marker")
    size = BULK_THRESHOLD // 2 + 10  # two graphs, over the threshold together: a bulk write
    graphs = {
        f"https://w3id.org/goalgraph/graph/{name}": [
            *_version(name, size),
            ox.Triple(shared, p, ox.Literal(f"delad-{name}")),
            ox.Triple(ox.BlankNode(f"egen-{name}"), p, ox.Literal(f"egen-{name}")),
        ]
        for name in ("a", "b")
    }
    assert store.replace_graphs(graphs) == {g: size + 2 for g in graphs}
    rows = store.select(
        "SELECT ?x WHERE { GRAPH <https://w3id.org/goalgraph/graph/a> { ?x ?p 'delad-a' } "
        "GRAPH <https://w3id.org/goalgraph/graph/b> { ?x ?q 'delad-b' } }"
    )
    assert len(rows) == 1  # the shared blank node is one node in both graphs
    own = store.select("SELECT DISTINCT ?x WHERE { ?x ?p ?o FILTER(isBlank(?x)) }")
    assert len(own) == 3
    assert _markers(store, "https://w3id.org/goalgraph/graph/b") == {
        "b": size,
        "delad-b": 1,
        "egen-b": 1,
    }


def test_the_memory_copy_answers_what_the_disk_holds_after_every_write(tmp_path: Path) -> None:
    folder = tmp_path / "store"
    store = OxigraphStore(folder)
    store.keep_memory_copy()
    assert store.wait_for_memory_copy(30)
    store.replace_graph(GRAPH, _version("a", 300))  # an update transaction
    assert _markers(store, GRAPH) == {"a": 300}
    other = "https://w3id.org/goalgraph/graph/other"
    store.replace_graph(other, [])
    assert store.named_graphs() == sorted([GRAPH, other])  # an empty graph is still there
    store.remove_graph(other)
    assert store.named_graphs() == [GRAPH]

    p = ox.NamedNode("https://w3id.org/goalgraph/ontology#marker")
    blank = [ox.Triple(ox.BlankNode(f"b{i}"), p, ox.Literal("blank")) for i in range(3)]
    size = BULK_THRESHOLD + 10
    store.replace_graphs({GRAPH: [*_version("b", size), *blank]})  # bulk: a new data folder
    assert _markers(store, GRAPH) == {"b": size, "blank": 3}  # at once (from disk)
    assert store.wait_for_memory_copy(30)
    assert _markers(store, GRAPH) == {"b": size, "blank": 3}  # from the rebuilt copy
    shown = store.dump(GRAPH, "application/n-triples")
    shown_hash = store.graph_hash(GRAPH)
    store.close()
    assert store.wait_for_memory_copy(0) is False

    reopened = OxigraphStore(folder)  # what is on disk, read from disk
    on_disk = reopened.dump(GRAPH, "application/n-triples")
    assert sorted(on_disk.splitlines()) == sorted(shown.splitlines())  # blank labels included
    assert reopened.graph_hash(GRAPH) == shown_hash


def test_writes_made_while_the_memory_copy_is_built_are_in_it(tmp_path: Path) -> None:
    store = OxigraphStore(tmp_path / "store")
    store.replace_graph(GRAPH, _version("a", 300))
    with store._write_lock:  # the copy is read from disk but cannot be used before this ends
        store.keep_memory_copy()
        time.sleep(0.3)  # long enough to read 300 triples: the copy holds "a"
        store.replace_graph(GRAPH, _version("b", 200))
        store.replace_graph("https://w3id.org/goalgraph/graph/late", _version("c", 5))
    assert store.wait_for_memory_copy(30)
    assert _markers(store, GRAPH) == {"b": 200}
    assert _markers(store, "https://w3id.org/goalgraph/graph/late") == {"c": 5}


def test_an_in_memory_store_needs_no_copy() -> None:
    store = OxigraphStore()
    store.keep_memory_copy()
    assert store.wait_for_memory_copy(0) is False
    store.replace_graph(GRAPH, _version("a", 3))
    assert _markers(store, GRAPH) == {"a": 3}


def test_a_memory_copy_that_cannot_be_built_leaves_reads_on_disk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    store = OxigraphStore(tmp_path / "store")
    store.replace_graph(GRAPH, _version("a", 3))

    def out_of_memory(*args: object, **kwargs: object) -> None:
        raise MemoryError("no room for the copy")

    monkeypatch.setattr(ox, "parse", out_of_memory)
    with caplog.at_level("WARNING", logger="goalgraph.store.oxigraph"):
        started = time.monotonic()
        store.keep_memory_copy()
        assert store.wait_for_memory_copy(30) is False
        assert time.monotonic() - started < 25  # told when the build failed, not at the timeout
    assert f"could not build the memory copy of {tmp_path / 'store'}" in caplog.text
    monkeypatch.undo()
    store.replace_graph(GRAPH, _version("b", 4))
    assert _markers(store, GRAPH) == {"b": 4}  # from disk


def test_a_data_folder_left_by_an_interrupted_write_is_not_read(tmp_path: Path) -> None:
    """A bulk write builds the data folder after the current one; one already there (left by
    a write that was killed) is cleared first, so nothing of it reaches the store."""
    store = OxigraphStore(tmp_path / "store")
    store.replace_graph(GRAPH, _version("a", 3))
    current = json.loads((tmp_path / "store" / "goalgraph-store.json").read_text())["current"]
    stray_dir = tmp_path / "store" / f"data-{int(current.split('-')[1]) + 1:06d}"
    stray = ox.Store(str(stray_dir))
    stray.add(ox.Quad(ox.NamedNode("urn:stray"), ox.NamedNode("urn:p"), ox.Literal("left over"),
                      ox.NamedNode(GRAPH)))  # fmt: skip
    stray.flush()
    del stray
    store.replace_graph(GRAPH, _version("b", BULK_THRESHOLD + 1))
    assert not store.ask("ASK { <urn:stray> ?p ?o }")
    assert _markers(store, GRAPH) == {"b": BULK_THRESHOLD + 1}
    store.close()
