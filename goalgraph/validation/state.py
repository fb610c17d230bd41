"""What an incremental validation remembers between runs, its statistics and its report."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.namespace import RDF
from rdflib.term import Node

from goalgraph.namespaces import SH
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.validation.partition import GraphInfo, Partition
from goalgraph.validation.report import ValidationReport, ValidationResult

# --- state and report ------------------------------------------------------------------------


@dataclass
class ValidationState:
    """What an incremental validation remembers between runs (see :func:`validate_store`)."""

    key: str = ""
    graphs: dict[str, GraphInfo] = field(default_factory=dict)
    #: results per part (a part is a tuple of graph names; the reference data is its own part)
    results: dict[tuple[str, ...], list[ValidationResult]] = field(default_factory=dict)
    #: the reference graphs as last read (their hashes, N-Triples, the SDG index); not saved
    reference_data: tuple[str, dict[str, bytes], dict[str, bytes]] | None = field(
        default=None, init=False, repr=False, compare=False
    )
    #: the parts of :attr:`graphs`, kept up to date between runs; not saved
    partition: Partition | None = field(default=None, init=False, repr=False, compare=False)
    #: an in-memory store holding the reference data, for the checks of a changed part;
    #: shared by copies of the state (its lock is held while it is used); not saved
    scratch: ReferenceScratch | None = field(default=None, init=False, repr=False, compare=False)

    def save(self, path: Path) -> None:
        """Write the state as JSON (atomically)."""
        data = {
            "key": self.key,
            "graphs": {
                g: {
                    "hash": i.hash,
                    "described": sorted(i.described),
                    "mentioned": sorted(i.mentioned),
                    "municipalities": sorted(i.municipalities),
                }
                for g, i in self.graphs.items()
            },
            "results": [
                {"part": list(part), "results": [asdict(r) for r in results]}
                for part, results in self.results.items()
            ],
        }
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_text(json.dumps(data), encoding="utf-8")
        tmp.replace(path)

    @classmethod
    def load(cls, path: Path) -> ValidationState:
        """Read a state written by :meth:`save`; a missing or unreadable file is an empty state."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(
                key=data["key"],
                graphs={
                    g: GraphInfo(
                        i["hash"],
                        set(i["described"]),
                        set(i["mentioned"]),
                        frozenset(i["municipalities"]),  # a state from before: a full run
                    )
                    for g, i in data["graphs"].items()
                },
                results={
                    tuple(p["part"]): [ValidationResult(**r) for r in p["results"]]
                    for p in data["results"]
                },
            )
        except (OSError, ValueError, KeyError, TypeError):
            return cls()


class ReferenceScratch:
    """An in-memory store with the reference graphs loaded once: a changed part's graphs
    are added, checked and removed again (under :attr:`lock`)."""

    def __init__(self, key: str, graphs: Mapping[str, bytes]) -> None:
        self.key = key
        self.lock = threading.Lock()
        self.store = OxigraphStore.from_ntriples(graphs)


@dataclass
class RunStats:
    """What one run did. ``seconds`` holds the wall time of each phase: ``hash``, ``read``
    (with ``parse``: the nodes of the graphs read, and ``partition``), ``engine`` (until the
    pool's results are in; in this time the process runs the whole-graph queries,
    ``sparql``, of which ``sparql-store`` builds the store they run on), ``report`` (the
    results merged) and ``total``; ``engine-parse``, ``engine-validate`` and
    ``engine-results`` add up the engine's own phases over its processes (CPU time on
    several cores, not wall time)."""

    engine: str
    incremental: bool
    graphs: int
    parts: int
    validated_graphs: list[str]
    seconds: dict[str, float]


class ScaleReport(ValidationReport):
    """A :class:`ValidationReport` whose SHACL report graph is built from the results on
    first use."""

    stats: RunStats
    _graph: Graph | None = None

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            self._graph = _report_graph(self.conforms, self.results)
        return self._graph

    @graph.setter
    def graph(self, value: Graph | None) -> None:
        self._graph = value


def _report_graph(conforms: bool, results: Sequence[ValidationResult]) -> Graph:
    graph = Graph()
    graph.bind("sh", SH)
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, RdfLiteral(conforms)))
    for r in results:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.focusNode, _report_term(r.focus_node)))
        graph.add((node, SH.sourceShape, URIRef(r.shape)))
        graph.add((node, SH.resultSeverity, SH[r.severity]))
        if r.path is not None:
            graph.add((node, SH.resultPath, _report_term(r.path)))
        if r.value is not None:
            graph.add((node, SH.value, _report_term(r.value)))
        graph.add((node, SH.resultMessage, RdfLiteral(r.message_sv, lang="sv")))
        graph.add((node, SH.resultMessage, RdfLiteral(r.message_en, lang="en")))
    return graph


def _report_term(text: str) -> Node:
    return (
        URIRef(text)
        if re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", text)
        else RdfLiteral(text)
    )
