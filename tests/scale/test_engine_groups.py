"""pyshacl-turbo validates several parts in one call only where that changes no result: the
same results, node for node, as one call per part, on synthetic data with injected defects
and on data/; a part whose triples another part's checks could read gets its own call."""

from __future__ import annotations

from pathlib import Path

import pytest

from goalgraph.store.load import default_store, load_data
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.testing.synthetic import generate
from goalgraph.validation import batches
from goalgraph.validation.scale import validate_store

GG = "https://w3id.org/goalgraph/ontology#"


def _grouped_and_single(
    store: OxigraphStore, monkeypatch: pytest.MonkeyPatch
) -> tuple[list[object], list[object], int, int]:
    grouped = validate_store(store, engine="turbo", workers=1)
    with monkeypatch.context() as patch:
        patch.setattr(batches, "GROUP_LIMIT", 1)
        single = validate_store(store, engine="turbo", workers=1)
    return (
        list(grouped.results),
        list(single.results),
        grouped.stats.engine_calls,
        single.stats.engine_calls,
    )


def test_synthetic_parts_in_one_call_give_the_results_of_one_call_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = generate(60, seed=7, defect_rate=0.3)
    store = OxigraphStore()
    load_data(store, data.write(tmp_path / "data"))
    grouped, single, calls, single_calls = _grouped_and_single(store, monkeypatch)
    assert calls < single_calls  # some parts did share a call
    assert grouped == single
    found = {(r.shape_id, r.focus_node, r.severity) for r in grouped}  # type: ignore[attr-defined]
    assert found == data.expected()


def test_data_folder_parts_in_one_call_give_the_results_of_one_call_each(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    grouped, single, _, _ = _grouped_and_single(default_store(), monkeypatch)
    assert grouped
    assert grouped == single


def _member(data: str, reference: str = "") -> batches.Member:
    inverse = frozenset({f"{GG}supportsGoal".encode()})
    return batches.member(data.encode(), reference.encode(), inverse)


def test_a_part_pointing_into_another_part_by_an_inverse_predicate_gets_its_own_call() -> None:
    inverse = frozenset({f"{GG}supportsGoal".encode()})
    a = _member(f"<urn:a:goal> <{GG}sdg> <urn:sdg:11> .\n")
    b = _member(f"<urn:b:goal> <{GG}supportsGoal> <urn:sdg:11> .\n")
    c = _member(f"<urn:c:goal> <{GG}sdg> <urn:sdg:11> .\n")
    assert batches.groups([a, b], b"", inverse) == [[0], [1]]
    assert batches.groups([a, c], b"", inverse) == [[0, 1]]  # forward links only: one call


def test_a_part_describing_a_node_of_the_ontology_or_another_part_gets_its_own_call() -> None:
    inverse = frozenset({f"{GG}supportsGoal".encode()})
    ontology = f"<{GG}Goal> <urn:p> <{GG}Thing> .\n".encode()
    a = _member(f"<urn:a:goal> <{GG}sdg> <urn:sdg:11> .\n")
    b = _member(f"<{GG}Goal> <urn:q> <urn:b:x> .\n")
    c = _member("<urn:sdg:11> <urn:q> <urn:c:x> .\n")
    assert batches.groups([a, b], ontology, inverse) == [[0], [1]]
    assert batches.groups([a, c], ontology, inverse) == [[0], [1]]


def test_reference_nodes_one_part_lacks_keep_the_parts_apart() -> None:
    inverse = frozenset({f"{GG}supportsGoal".encode()})
    a = _member(f"<urn:a:goal> <{GG}sdg> <urn:sdg:11.1> .\n",
                "<urn:sdg:11.1> <urn:partOf> <urn:sdg:11> .\n")  # fmt: skip
    b = _member(f"<urn:b:goal> <{GG}sdg> <urn:sdg:11> .\n",
                "<urn:sdg:11> <urn:label> \"11\" .\n")  # fmt: skip
    # a reaches urn:sdg:11, whose description only b brings
    assert batches.groups([a, b], b"", inverse) == [[0], [1]]


def test_shapes_with_sparql_are_never_grouped() -> None:
    from rdflib import Graph

    shapes = Graph().parse(
        format="turtle",
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . "
        "<urn:s> sh:targetClass <urn:C> ; sh:sparql [ sh:select 'SELECT $this WHERE {}' ] .",
    )
    assert batches.inverse_predicates(shapes) is None
    a = _member("<urn:a:x> <urn:p> <urn:a:y> .\n")
    b = _member("<urn:b:x> <urn:p> <urn:b:y> .\n")
    assert batches.groups([a, b], b"", None) == [[0], [1]]


def test_only_the_triples_no_shape_can_read_are_left_out_of_an_engine_call() -> None:
    from rdflib import Graph

    shapes = Graph().parse(
        format="turtle",
        data="@prefix sh: <http://www.w3.org/ns/shacl#> . "
        "<urn:s> sh:targetClass <urn:C> ; sh:property [ sh:path <urn:checked> ; sh:minCount 1 ] .",
    )
    unread = batches.unread_lines(shapes)
    data = (
        b"<urn:a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <urn:C> .\n"
        b'<urn:a> <urn:checked> "1" .\n'
        b'<urn:a> <urn:label> "a" .\n'
        b"<urn:a> <urn:link> _:b1 .\n"
        b'_:b1 <urn:label> "b" .\n'
        b"<urn:a> <https://w3id.org/goalgraph/ontology#municipality> <urn:m> .\n"
        b"<urn:a> <urn:checkedLater> <urn:x> .\n"
    )
    kept = batches.readable(data, unread).splitlines()
    assert kept == [
        line for line in data.splitlines() if b"<urn:label> \"a\"" not in line
        and b"checkedLater" not in line
    ]  # fmt: skip
    closed = shapes + Graph().parse(
        format="turtle", data="<urn:s> <http://www.w3.org/ns/shacl#closed> true ."
    )
    assert batches.unread_lines(closed) is None  # a closed shape reads every predicate
