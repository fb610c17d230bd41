"""The parts kept between runs: after any change they are the parts made from scratch."""

from __future__ import annotations

import random

from goalgraph.validation.partition import GraphInfo, Partition, partition


def _info(rng: random.Random, name: str, shared: list[str]) -> GraphInfo:
    own = {f"x:{name}-{i}" for i in range(3)}
    links = set(rng.sample(shared, rng.randint(0, 2)))
    described = own | ({rng.choice(shared)} if rng.random() < 0.2 else set())
    return GraphInfo(str(rng.random()), described, described | links)


def test_kept_parts_equal_fresh_parts_after_random_changes() -> None:
    rng = random.Random(7)
    shared = [f"x:joint-{i}" for i in range(12)]
    graphs = {f"g{i}": _info(rng, f"g{i}", shared) for i in range(40)}
    kept = Partition(graphs)
    assert kept.parts() == partition(graphs)
    for step in range(300):
        changed: dict[str, GraphInfo] = {}
        removed: list[str] = []
        for _ in range(rng.randint(1, 3)):
            name = f"g{rng.randint(0, 50)}"
            if name in graphs and rng.random() < 0.25:
                removed.append(name)
            else:
                changed[name] = _info(rng, name, shared)
        removed = [g for g in removed if g not in changed]
        for name in removed:
            del graphs[name]
        graphs.update(changed)
        kept.update(changed, removed)
        assert kept.parts() == partition(graphs), f"step {step}"
        assert all(name in part for name, part in kept.part_of().items())


def test_a_copy_is_updated_without_changing_the_original() -> None:
    graphs = {
        "a": GraphInfo("1", {"x:a", "x:joint"}, {"x:a", "x:joint"}),
        "b": GraphInfo("2", {"x:b"}, {"x:b", "x:joint"}),
        "c": GraphInfo("3", {"x:c"}, {"x:c"}),
    }
    original = Partition(graphs)
    assert original.parts() == [("a", "b"), ("c",)]
    copy = original.copy()
    copy.update({"b": GraphInfo("4", {"x:b"}, {"x:b"}), "c": GraphInfo("5", {"x:c"}, {"x:a"})})
    assert copy.parts() == [("a", "c"), ("b",)]
    assert original.parts() == [("a", "b"), ("c",)]
    original.update({}, ["a"])
    assert original.parts() == [("b",), ("c",)]
