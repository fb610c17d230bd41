"""pyshacl-turbo is given only the triples the shapes can read: the same results, node for
node, as with every triple, on synthetic data with injected defects and on data/; a shapes
graph that can read any triple (a closed shape, SPARQL) keeps every triple."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from goalgraph.store.load import default_store, load_data
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.testing.synthetic import generate
from goalgraph.validation import engines, reads
from goalgraph.validation.report import ValidationResult
from goalgraph.validation.scale import validate_store
from goalgraph.validation.workers import shutdown_pool

SHAPES = (
    "@prefix sh: <http://www.w3.org/ns/shacl#> . "
    "<urn:s> sh:targetClass <urn:C> ; sh:property [ sh:path <urn:checked> ; sh:minCount 1 ] ."
)


def _with_and_without_every_triple(
    store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[ValidationResult], list[ValidationResult]]:
    shutdown_pool()  # one process: the patch below reaches the engine
    readable = validate_store(store, engine="turbo", workers=1).results
    with monkeypatch.context() as patch:
        patch.setattr(engines, "_unread", lambda fingerprint, shapes: None)
        patch.setattr(engines, "_readable_ontology", lambda f, s, o: engines._ontology_quads(o))
        every = validate_store(store, engine="turbo", workers=1).results
    return readable, every


def test_synthetic_results_are_those_with_every_triple(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = generate(30, seed=7, defect_rate=0.4)
    store = OxigraphStore()
    load_data(store, data.write(tmp_path / "data"))
    readable, every = _with_and_without_every_triple(store, monkeypatch)
    assert readable == every
    assert {(r.shape_id, r.focus_node, r.severity) for r in readable} == data.expected()


def test_data_folder_results_are_those_with_every_triple(monkeypatch: pytest.MonkeyPatch) -> None:
    readable, every = _with_and_without_every_triple(default_store(), monkeypatch)
    assert readable and readable == every


def test_only_the_triples_no_shape_can_read_are_left_out() -> None:
    unread = reads.unread_lines(Graph().parse(format="turtle", data=SHAPES))
    data = (
        b"<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:C> .\n"
        b'<urn:a> <urn:checked> "1" .\n'
        b'<urn:a> <urn:label> "a" .\n'
        b"<urn:a> <urn:link> _:b1 .\n"
        b'_:b1 <urn:label> "b" .\n'
        b"<urn:a> <https://w3id.org/goalgraph/ontology#municipality> <urn:m> .\n"
        b"<urn:a> <urn:checkedLater> <urn:x> .\n"
    )
    dropped = {b'<urn:a> <urn:label> "a" .', b"<urn:a> <urn:checkedLater> <urn:x> ."}
    assert reads.readable(data, unread).splitlines() == [
        line for line in data.splitlines() if line not in dropped
    ]


@pytest.mark.parametrize(
    "extra",
    ["<urn:s> sh:closed true .", "<urn:s> sh:sparql [ sh:select 'SELECT $this WHERE {}' ] ."],
)
def test_shapes_that_can_read_any_triple_keep_every_triple(extra: str) -> None:
    shapes = Graph().parse(format="turtle", data=f"{SHAPES} {extra}")
    assert reads.unread_lines(shapes) is None
    data = b'<urn:a> <urn:label> "a" .\n'
    assert reads.readable(data, None) == data
