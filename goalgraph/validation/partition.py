"""Parts of the store: municipality graphs linked by shared nodes, validated together."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: subject and object of an N-Triples line (terms separated by spaces or tabs)
NT_NODES = re.compile(
    rb"^(?:<([^>]*)>|_:(\S+))[ \t]+<[^>]*>[ \t]+(?:<([^>]*)>|_:(\S+))?", re.MULTILINE
)


# --- parts: graphs linked by shared nodes ----------------------------------------------------


#: the subjects of ``a gg:Municipality`` lines
NT_MUNICIPALITIES = re.compile(
    rb"^<([^>]*)>[ \t]+<http://www\.w3\.org/1999/02/22-rdf-syntax-ns#type>[ \t]+"
    rb"<https://w3id\.org/goalgraph/ontology#Municipality>",
    re.MULTILINE,
)


@dataclass
class GraphInfo:
    """What the state keeps about one municipality graph."""

    hash: str
    described: set[str]  # IRIs it has triples about
    mentioned: set[str]  # IRIs in subject or object position
    municipalities: frozenset[str] = frozenset()  # the IRIs it types gg:Municipality


def graph_info(data: bytes, content_hash: str) -> GraphInfo:
    """The nodes of one graph, from its N-Triples."""
    rows = NT_NODES.findall(data)
    subjects = {s for s, _, _, _ in rows}
    objects = {o for _, _, o, _ in rows}
    subjects.discard(b"")
    objects.discard(b"")
    described = {s.decode("utf-8") for s in subjects}
    municipalities = frozenset(m.decode("utf-8") for m in NT_MUNICIPALITIES.findall(data))
    return GraphInfo(
        content_hash, described, described | {o.decode("utf-8") for o in objects}, municipalities
    )


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


class Partition:
    """The parts of :func:`partition`, kept up to date as graphs change: the indices of who
    describes and who mentions each IRI are kept, and a change regroups only the graphs it
    can affect (the changed graphs' old parts and the parts they link to now)."""

    def __init__(self, graphs: Mapping[str, GraphInfo] | None = None) -> None:
        self.graphs: dict[str, GraphInfo] = {}
        #: who describes and who mentions each IRI (frozen sets: a copy shares them)
        self._describers: dict[str, frozenset[str]] = {}
        self._mentioners: dict[str, frozenset[str]] = {}
        self._part_of: dict[str, tuple[str, ...]] = {}
        if graphs:
            self.graphs = dict(graphs)
            describers: dict[str, set[str]] = {}
            mentioners: dict[str, set[str]] = {}
            for name, info in graphs.items():
                for iri in info.described:
                    describers.setdefault(iri, set()).add(name)
                for iri in info.mentioned:
                    mentioners.setdefault(iri, set()).add(name)
            self._describers = {i: frozenset(g) for i, g in describers.items()}
            self._mentioners = {i: frozenset(g) for i, g in mentioners.items()}
            for part in partition(graphs):
                for name in part:
                    self._part_of[name] = part

    def copy(self) -> Partition:
        """A copy that can be updated without changing this one."""
        other = Partition()
        other.graphs = dict(self.graphs)
        other._describers = dict(self._describers)
        other._mentioners = dict(self._mentioners)
        other._part_of = dict(self._part_of)
        return other

    def parts(self) -> list[tuple[str, ...]]:
        """The parts, as :func:`partition` returns them."""
        return sorted(set(self._part_of.values()))

    def part_of(self) -> dict[str, tuple[str, ...]]:
        """Each graph's part."""
        return dict(self._part_of)

    def update(self, changed: Mapping[str, GraphInfo], removed: Iterable[str] = ()) -> None:
        """Take the new content of ``changed`` graphs and forget the ``removed`` ones."""
        touched = set(changed) | set(removed)
        if not touched:
            return
        region = set(touched)
        for g in touched:
            region.update(self._part_of.get(g, ()))
        for g in touched:
            old = self.graphs.pop(g, None)
            if old is not None:
                self._unindex(g, old)
            self._part_of.pop(g, None)
        for g, info in changed.items():
            self.graphs[g] = info
            self._index(g, info)
        for info in changed.values():  # the graphs the changed ones link to now
            for iri in info.mentioned:
                region.update(self._describers.get(iri, ()))
            for iri in info.described:
                region.update(self._mentioners.get(iri, ()))
                region.update(self._describers.get(iri, ()))
        for g in list(region):
            region.update(self._part_of.get(g, ()))
        region &= set(self.graphs)
        regrouped = partition({g: self.graphs[g] for g in region})
        for part in regrouped:
            for g in part:
                self._part_of[g] = part

    def _index(self, graph: str, info: GraphInfo) -> None:
        for index, iris in ((self._describers, info.described), (self._mentioners, info.mentioned)):
            for iri in iris:
                index[iri] = index.get(iri, frozenset()) | {graph}

    def _unindex(self, graph: str, info: GraphInfo) -> None:
        for index, iris in ((self._describers, info.described), (self._mentioners, info.mentioned)):
            for iri in iris:
                holders = index.get(iri, frozenset()) - {graph}
                if holders:
                    index[iri] = holders
                else:
                    index.pop(iri, None)
