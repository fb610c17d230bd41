"""Process diagrams keep their steps inside their frames: every node of a process's cluster
lies inside the cluster's box with space to spare, for every process in data/ and for
Graphviz's own layout of it (the positions of its JSON output)."""

from __future__ import annotations

import json

import graphviz
import pytest

from goalgraph import resources
from goalgraph.diagrams import diagram_source
from goalgraph.diagrams.process import CLUSTER_MARGIN
from goalgraph.store.load import municipality_files
from goalgraph.store.oxigraph import OxigraphStore

SLUGS = [path.stem for path in municipality_files(resources.data_dir())]


def _gaps(source: str) -> dict[str, float]:
    """Per cluster, the least distance (points) from one of its nodes to its frame."""
    objects = json.loads(graphviz.Source(source).pipe(format="json")).get("objects", [])
    out: dict[str, float] = {}
    for cluster in objects:
        if not str(cluster.get("name", "")).startswith("cluster") or "bb" not in cluster:
            continue
        x1, y1, x2, y2 = map(float, cluster["bb"].split(","))
        for index in cluster.get("nodes", []):
            node = objects[index]
            x, y = map(float, node["pos"].split(","))
            half_w, half_h = float(node["width"]) * 36, float(node["height"]) * 36
            gap = min(x - half_w - x1, x2 - x - half_w, y - half_h - y1, y2 - y - half_h)
            out[cluster["name"]] = min(out.get(cluster["name"], gap), gap)
    return out


@pytest.mark.parametrize("slug", SLUGS)
def test_no_step_sits_on_its_process_frame(store: OxigraphStore, slug: str) -> None:
    gaps = _gaps(diagram_source(store, "process", slug))
    for cluster, gap in gaps.items():
        assert gap >= CLUSTER_MARGIN - 1, f"{slug} {cluster}: a node {gap:.1f} pt from the frame"


def test_data_has_processes_to_check(store: OxigraphStore) -> None:
    clusters = sum(len(_gaps(diagram_source(store, "process", slug))) for slug in SLUGS)
    assert clusters >= 4
