"""The loader parses each municipality file once for the data check and the load: the rules
still come first (a refused file is named before a later or earlier file's syntax error),
each store kind reports the same error, and a folder that passes loads the same triples."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic

from goalgraph import resources
from goalgraph.errors import InputError
from goalgraph.namespaces import GG, ID
from goalgraph.store.load import load_data
from goalgraph.store.oxigraph import OxigraphStore

DATA = resources.data_dir()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of data/ with three municipalities: Hylte, Kungsör and Nora."""
    target = tmp_path / "data"
    for part in ("sdg", "reference", "sources"):
        shutil.copytree(DATA / part, target / part)
    (target / "municipalities").mkdir()
    for slug in ("hylte", "kungsor", "nora"):
        shutil.copy(DATA / "municipalities" / f"{slug}.ttl", target / "municipalities")
    return target


def _break_syntax(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n<broken", encoding="utf-8")


def _unknown_code(path: Path) -> None:
    graph = rdflib.Graph().parse(path)
    graph.set((ID[path.stem], GG.municipalityCode, rdflib.Literal("1399")))
    path.write_text(graph.serialize(format="turtle"), encoding="utf-8")


@pytest.mark.parametrize("disk", [False, True])
def test_a_rule_is_reported_before_a_syntax_error_of_an_earlier_file(
    folder: Path, tmp_path: Path, disk: bool
) -> None:
    _break_syntax(folder / "municipalities" / "hylte.ttl")
    _unknown_code(folder / "municipalities" / "nora.ttl")
    store = OxigraphStore(tmp_path / "store") if disk else OxigraphStore()
    with pytest.raises(InputError) as caught:
        load_data(store, folder)
    assert caught.value.source.endswith("nora.ttl"), str(caught.value)
    assert "reference list" in str(caught.value)
    store.close()


def test_the_first_broken_file_is_named_when_the_rules_pass(folder: Path) -> None:
    _break_syntax(folder / "municipalities" / "kungsor.ttl")
    _break_syntax(folder / "municipalities" / "nora.ttl")
    with pytest.raises(InputError) as caught:
        load_data(OxigraphStore(), folder)
    assert caught.value.source.endswith("kungsor.ttl"), str(caught.value)
    assert caught.value.line is not None


def test_a_folder_that_passes_loads_the_same_triples_on_disk_and_in_memory(
    folder: Path, tmp_path: Path
) -> None:
    memory = OxigraphStore()
    disk = OxigraphStore(tmp_path / "store")
    assert load_data(memory, folder).graphs == load_data(disk, folder).graphs
    for slug in ("hylte", "kungsor", "nora"):
        graph = f"https://w3id.org/goalgraph/graph/{slug}"
        read = [
            rdflib.Graph().parse(data=s.dump(graph, "application/n-triples"), format="nt")
            for s in (memory, disk)
        ]
        assert isomorphic(*read), slug  # the same triples (blank nodes are relabelled)
        assert len(read[0]) > 100
    disk.close()


def test_blank_nodes_with_one_label_in_two_files_stay_two_nodes(
    folder: Path, tmp_path: Path
) -> None:
    """Files are parsed while the loaders load what is parsed, several files to a loader's
    text: a blank node label used by two files still names two nodes."""
    for slug in ("hylte", "nora"):
        path = folder / "municipalities" / f"{slug}.ttl"
        path.write_text(
            path.read_text(encoding="utf-8") + f'\n_:shared <{GG}note> "{slug}" .\n',
            encoding="utf-8",
        )
    store = OxigraphStore(tmp_path / "store")
    load_data(store, folder)
    rows = store.select(
        f"SELECT ?b ?note WHERE {{ GRAPH ?g {{ ?b <{GG}note> ?note }} FILTER(isBlank(?b)) }}"
    )
    assert sorted(str(r["note"]) for r in rows) == ["hylte", "nora"]
    assert len({str(r["b"]) for r in rows}) == 2
    store.close()


def test_n_triples_from_elsewhere_are_checked_by_the_loader() -> None:
    """Only texts Oxigraph wrote from its own parse skip the loader's checks: other bytes
    (N-Triples handed to a bulk write) are parsed strictly, and a bad IRI refuses the write
    with the store unchanged."""
    store = OxigraphStore()
    graph = "https://w3id.org/goalgraph/id/graph/x"
    store.replace_graphs_from([graph], [(graph, b'<urn:a> <urn:p> "ok" .\n')])
    before = store.dump(None, "application/n-quads")
    bad = b'<urn:a b> <urn:p> "x" .\n'
    with pytest.raises(SyntaxError):
        store.replace_graphs_from([graph], [(graph, bad)])
    assert store.dump(None, "application/n-quads") == before
    store.close()
