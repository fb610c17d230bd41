"""The goal chain as a networkx graph, built from RDF with rdflib's networkx bridge."""

from __future__ import annotations

import networkx as nx
import rdflib
from rdflib.extras.external_graph_libs import rdflib_to_networkx_digraph

from goalgraph.model.governance import Municipality
from goalgraph.namespaces import GG


def chain_graph(model: Municipality) -> nx.DiGraph:
    """The chain as a DiGraph: an edge from each element to each element it supports.

    Nodes are IRIs (strings) with ``level`` and ``rank`` attributes; a supported element
    outside the municipality's chain is a node without a level.
    """
    rdf = rdflib.Graph()
    for element in model.elements:
        for parent in element.supports:
            rdf.add((rdflib.URIRef(element.iri), GG.supports, rdflib.URIRef(parent)))
    bridged = rdflib_to_networkx_digraph(rdf, calc_weights=False, edge_attrs=lambda s, p, o: {})
    graph = nx.DiGraph()
    for element in model.elements:
        graph.add_node(element.iri, level=element.level, rank=model.rank_of[element.iri])
    graph.add_edges_from((str(s), str(o)) for s, o in bridged.edges)
    return graph
