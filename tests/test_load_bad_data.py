"""A data folder with a bad municipality file is refused before anything is stored: a
kommunkod the reference list does not know, two files for one municipality, a citation without
passage, a source file without its public address. The error names the file."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF

from goalgraph import resources
from goalgraph.errors import InputError
from goalgraph.namespaces import GG, ID
from goalgraph.store.load import load_data
from goalgraph.store.oxigraph import OxigraphStore

DATA = resources.data_dir()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A copy of data/ with two municipalities: Hylte and Nora."""
    target = tmp_path / "data"
    for part in ("sdg", "reference", "sources"):
        shutil.copytree(DATA / part, target / part)
    (target / "municipalities").mkdir()
    for slug in ("hylte", "nora"):
        shutil.copy(DATA / "municipalities" / f"{slug}.ttl", target / "municipalities")
    return target


def _rewrite(path: Path, change: Callable[[rdflib.Graph], object]) -> None:
    graph = rdflib.Graph().parse(path)
    change(graph)
    path.write_text(graph.serialize(format="turtle"), encoding="utf-8")


def _refused(folder: Path, names: str, *needles: str) -> None:
    """Loading fails naming the file; a store loaded before, in memory or on disk, keeps
    exactly what it held (on disk: no folder is added, the new one the check ran beside is
    gone; an earlier data folder no longer in use may be cleared)."""
    on_disk = folder.parent / "store"
    for store in (OxigraphStore(), OxigraphStore(on_disk)):
        load_data(store)
        before = {g: store.graph_hash(g) for g in store.named_graphs()}
        folders = sorted(p.name for p in on_disk.iterdir()) if store.path else []
        with pytest.raises(InputError) as caught:
            load_data(store, folder)
        message = str(caught.value)
        assert caught.value.source.endswith(names), message
        for needle in needles:
            assert needle in message, message
        assert {g: store.graph_hash(g) for g in store.named_graphs()} == before
        if store.path:
            assert set(p.name for p in on_disk.iterdir()) <= set(folders)
        store.close()


def test_the_copied_folder_loads(folder: Path) -> None:
    summary = load_data(OxigraphStore(), folder)
    assert summary.municipalities == ["hylte", "nora"]


def test_a_kommunkod_not_in_the_reference_list_is_refused(folder: Path) -> None:
    path = folder / "municipalities" / "hylte.ttl"
    _rewrite(path, lambda g: g.set((ID["hylte"], GG.municipalityCode, rdflib.Literal("1399"))))
    _refused(folder, "hylte.ttl", "'1399'", "reference list")


def test_two_files_for_one_municipality_are_refused(folder: Path) -> None:
    shutil.copy(folder / "municipalities" / "hylte.ttl", folder / "municipalities" / "hylte2.ttl")
    _refused(folder, "hylte2.ttl", "second file", "1315", "hylte.ttl")


def test_a_citation_without_passage_is_refused(folder: Path) -> None:
    def drop_one(graph: rdflib.Graph) -> None:
        citation = next(iter(graph.subjects(RDF.type, GG.Citation)))
        graph.remove((citation, GG.passage, None))

    _rewrite(folder / "municipalities" / "hylte.ttl", drop_one)
    _refused(folder, "hylte.ttl", "no passage")


def test_a_source_without_its_address_is_refused(folder: Path) -> None:
    source = folder / "sources" / "hylte" / "kf-2011-12-15.txt"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.split("\n", 1)[1], encoding="utf-8")
    _refused(folder, "hylte.ttl", "kf-2011-12-15.txt", "URL")


def test_a_missing_source_file_is_refused(folder: Path) -> None:
    (folder / "sources" / "hylte" / "kf-2011-12-15.txt").unlink()
    _refused(folder, "hylte.ttl", "does not exist")
