"""Foundation benchmark: load, validation per municipality, and the named queries on the
embedded Oxigraph store against rdflib's in-memory store, measured in the same run.

Run: .venv/bin/python benchmarks/bench_foundation.py [--repeat N]
"""

from __future__ import annotations

import argparse
import platform

import rdflib
from timing import median_seconds

from goalgraph.namespaces import GRAPH
from goalgraph.sparql.named import named_queries
from goalgraph.store.load import default_store
from goalgraph.validation.graph import validate_graph

PARAMS: dict[str, dict[str, str]] = {
    "chain-up": {"goal": "nora:goal-kf1"},
    "chain-down": {"goal": "nora:vision"},
    "documents-supporting-goal": {"goal": "vaggeryd:vision"},
    "goals-of-body": {"body": "nora:body-kf"},
    "goals-of-municipality": {"municipality": "nora"},
    "sdg-coverage": {"municipality": "vaggeryd"},
    "goals-without-indicator-or-owner": {"municipality": "nora"},
    "goals-serving-sdg": {"sdg": "11"},
    "municipalities": {},
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    print(
        f"# goalgraph foundation benchmark — {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}"
    )
    load_s = median_seconds(default_store, max(3, args.repeat // 3))
    store = default_store()
    union = store.to_rdflib()
    print(f"load data/ into Oxigraph: {load_s * 1000:.1f} ms ({len(union)} triples)")

    print("\n| validation | median ms | ratio to parsing the same graph with rdflib |")
    print("|---|---:|---:|")
    for slug in ("vaggeryd", "nora"):
        graph = store.to_rdflib([str(GRAPH[slug])])
        nt = graph.serialize(format="nt")
        base = median_seconds(lambda nt=nt: rdflib.Graph().parse(data=nt, format="nt"), 5)
        took = median_seconds(lambda graph=graph: validate_graph(graph), 5)
        print(f"| {slug} | {took * 1000:.0f} | {took / base:.1f}x |")

    print("\n| named query | rdflib memory ms (baseline) | Oxigraph ms | speed-up |")
    print("|---|---:|---:|---:|")
    for name, params in PARAMS.items():
        query = named_queries()[name]
        bindings = query.bind(store, {**params, "lang": "sv"})
        ox_s = median_seconds(lambda q=query, b=bindings: store.select(q.text, b), args.repeat)
        rdf_s = median_seconds(
            lambda q=query, b=bindings: list(union.query(q.text, initBindings=b)), args.repeat
        )
        print(f"| {name} | {rdf_s * 1000:.2f} | {ox_s * 1000:.2f} | {rdf_s / ox_s:.1f}x |")


if __name__ == "__main__":
    main()
