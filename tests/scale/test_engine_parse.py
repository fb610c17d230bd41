"""The pySHACL engine reads a part as rdflib's N-Triples parser with the labels kept did: the
same triples and blank node labels from Oxigraph's parser, and rdflib's parser still reads a
server's dump that Oxigraph's strict parser refuses."""

from __future__ import annotations

import rdflib

from goalgraph.mediatypes import NTRIPLES
from goalgraph.store.load import default_store
from goalgraph.validation.engines import Job, _part_graph, _SameLabels


def _rdflib_read(data: bytes) -> set[tuple[object, object, object]]:
    graph = rdflib.Graph()
    graph.parse(data=data, format="nt", bnode_context=_SameLabels())
    return set(graph)


def test_every_graph_of_data_reads_as_rdflib_read_it() -> None:
    store = default_store()
    sdg = store.dump("https://w3id.org/goalgraph/graph/sdg", NTRIPLES)
    blanks = 0
    for graph in store.named_graphs():
        data = store.dump(graph, NTRIPLES)
        read = set(_part_graph(Job(graph, data, sdg)))
        assert read == _rdflib_read(data + b"\n" + sdg), graph
        blanks += sum(isinstance(s, rdflib.BNode) for s, _, _ in read)
    assert blanks > 100  # blank node labels were compared too


def test_a_dump_that_oxigraph_refuses_is_read_by_rdflib() -> None:
    data = (
        b"_:b1 <http://example.org/p> <http://example.org/{odd}> .\n"
        b'<http://example.org/a> <http://example.org/q> "bell \\a" .\n'
    )
    read = set(_part_graph(Job("part", data, b"")))
    assert read == _rdflib_read(data)
    assert (rdflib.BNode("b1"), rdflib.URIRef("http://example.org/p"),
            rdflib.URIRef("http://example.org/{odd}")) in read  # fmt: skip
