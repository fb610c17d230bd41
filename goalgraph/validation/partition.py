"""Parts of the store: municipality graphs linked by shared nodes, validated together."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

#: subject and object of an N-Triples line (terms separated by spaces or tabs)
NT_NODES = re.compile(
    rb"^(?:<([^>]*)>|_:(\S+))[ \t]+<[^>]*>[ \t]+(?:<([^>]*)>|_:(\S+))?", re.MULTILINE
)


# --- parts: graphs linked by shared nodes ----------------------------------------------------


@dataclass
class GraphInfo:
    """What the state keeps about one municipality graph."""

    hash: str
    described: set[str]  # IRIs it has triples about
    mentioned: set[str]  # IRIs in subject or object position


def graph_info(data: bytes, content_hash: str) -> GraphInfo:
    """The nodes of one graph, from its N-Triples."""
    rows = NT_NODES.findall(data)
    subjects = {s for s, _, _, _ in rows}
    objects = {o for _, _, o, _ in rows}
    subjects.discard(b"")
    objects.discard(b"")
    described = {s.decode("utf-8") for s in subjects}
    return GraphInfo(content_hash, described, described | {o.decode("utf-8") for o in objects})


def partition(graphs: Mapping[str, GraphInfo]) -> list[tuple[str, ...]]:
    """Group graphs that one check may need together: a graph that describes an IRI is linked
    with every graph that mentions it. Returns sorted tuples of graph names."""
    parent = {g: g for g in graphs}

    def find(g: str) -> str:
        while parent[g] != g:
            parent[g] = parent[parent[g]]
            g = parent[g]
        return g

    describers: dict[str, str] = {}
    for name in sorted(graphs):
        for iri in graphs[name].described:
            other = describers.setdefault(iri, name)
            if other != name:
                parent[find(name)] = find(other)
    for name in sorted(graphs):
        for iri in graphs[name].mentioned:
            describer = describers.get(iri)
            if describer is not None and describer != name:
                parent[find(name)] = find(describer)
    groups: dict[str, list[str]] = {}
    for name in graphs:
        groups.setdefault(find(name), []).append(name)
    return sorted(tuple(sorted(g)) for g in groups.values())
