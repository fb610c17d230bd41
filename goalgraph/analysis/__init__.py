"""The goal graph of a municipality and its structural analysis.

:func:`read_municipality` reads one municipality's governance model, chain, documents, bodies,
Agenda 2030 links and processes from the store (:mod:`goalgraph.model.reader`);
:func:`analyse` computes the structural metrics of its goal chain with networkx
(:mod:`goalgraph.analysis.metrics`).
"""

from goalgraph.analysis.metrics import (
    Count,
    KeyGoal,
    LevelMetrics,
    StructureMetrics,
    analyse,
    chain_graph,
    metrics_of,
)
from goalgraph.model.governance import Municipality, SdgGoal
from goalgraph.model.reader import read_municipality, read_sdg_goals

__all__ = [
    "Count",
    "KeyGoal",
    "LevelMetrics",
    "Municipality",
    "SdgGoal",
    "StructureMetrics",
    "analyse",
    "chain_graph",
    "metrics_of",
    "read_municipality",
    "read_sdg_goals",
]
