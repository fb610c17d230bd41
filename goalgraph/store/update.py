"""The SPARQL text of a write: IRIs checked before they enter it, and one update that
replaces named graphs."""

from __future__ import annotations

import re
from collections.abc import Mapping

import pyoxigraph as ox

from goalgraph.errors import QueryError
from goalgraph.store.terms import ntriples


def iri_ref(iri: str) -> str:
    """``<iri>`` for SPARQL text; refuses characters that could end the IRI early."""
    if re.search(r'[\x00-\x20<>"{}|\\^`]', iri):
        raise QueryError(f"not an IRI: {iri!r}")
    return f"<{iri}>"


def replace_update(graphs: Mapping[str, list[ox.Triple]]) -> str:
    """One SPARQL update that replaces the given named graphs (one transaction on a server)."""
    ops = [f"DROP SILENT GRAPH {iri_ref(g)} ;\nCREATE SILENT GRAPH {iri_ref(g)}" for g in graphs]
    blocks = [
        f"GRAPH {iri_ref(g)} {{\n{ntriples(t).decode('utf-8')}}}" for g, t in graphs.items() if t
    ]
    if blocks:
        ops.append("INSERT DATA {\n" + "\n".join(blocks) + "\n}")
    return " ;\n".join(ops)
