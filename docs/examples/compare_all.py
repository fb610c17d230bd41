"""Compare every municipality in data/: structural metrics, Agenda 2030 overlap and the goal
graphs, as pandas data frames and networkx graphs (pip install 'goalgraph[frames]').

Run: python docs/examples/compare_all.py [output-folder]
"""

from __future__ import annotations

import sys
from pathlib import Path

import networkx as nx

from goalgraph.analysis.compare import compare
from goalgraph.analysis.frames import comparison_frames, goal_graph, query_frame, write_tables
from goalgraph.store.load import default_store

store = default_store()  # the project's data/ in memory

# every municipality in the data, from a named query as a data frame
municipalities = query_frame(store, "municipalities")
slugs = [iri.rsplit("/", 1)[-1] for iri in municipalities["municipality"]]
print(municipalities[["label", "code", "elements"]].to_string(index=False))

# the comparison's tables as data frames
tables = comparison_frames(compare(store, slugs))
metrics = tables["metrics"]
print(metrics[["elements", "links", "depth", "goals", "sdg_share"]])
print(tables["overlap"][["a", "b", "goal_jaccard", "target_jaccard"]].to_string(index=False))

# the goal graphs as networkx graphs: the longest chain, and the elements linked to Agenda 2030
for slug in slugs:
    graph = goal_graph(store, slug)
    chain = graph.edge_subgraph(
        (a, b) for a, b, d in graph.edges(data=True) if d["relation"] == "supports"
    )
    linked = {a for a, _, d in graph.edges(data=True) if d["relation"] == "sdg"}
    print(
        f"{slug}: the longest chain has {nx.dag_longest_path_length(chain)} links; "
        f"{len(linked)} elements are linked to Agenda 2030"
    )

# the tables as CSV files and one Excel workbook
if len(sys.argv) > 1:
    out = Path(sys.argv[1])
    comparison = compare(store, slugs)
    written = write_tables(comparison, out / "tables") + write_tables(
        comparison, out / "comparison.xlsx"
    )
    print("wrote", ", ".join(p.name for p in written))
