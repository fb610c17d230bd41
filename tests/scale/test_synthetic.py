"""The synthetic municipalities: deterministic, varied like the real ones, never in data/."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from goalgraph import resources
from goalgraph.store.load import parse_bytes
from goalgraph.testing.synthetic import generate


def test_the_same_seed_gives_the_same_municipalities_and_defects() -> None:
    first, second = generate(8, seed=5, defect_rate=0.5), generate(8, seed=5, defect_rate=0.5)
    assert [m.turtle for m in first.municipalities] == [m.turtle for m in second.municipalities]
    assert first.defects == second.defects
    assert [m.turtle for m in generate(8, seed=6).municipalities] != [
        m.turtle for m in first.municipalities
    ]


def test_the_municipalities_vary_like_real_ones() -> None:
    data = generate(20, seed=2)
    assert len({m.model for m in data.municipalities}) == 5
    assert len({m.slug for m in data.municipalities}) == 20
    assert not data.defects
    text = "\n".join(m.turtle for m in data.municipalities)
    for needle in ("gg:MunicipalCompany", "gg:JointBody", "gg:Decision", "gg:Indicator",
                   "gg:StagedTarget", "gg:sdgContribution", "gg:FocusArea", "gg:Activity",
                   "dcterms:isReplacedBy", "gg:ProcessStep", "gg:citation"):  # fmt: skip
        assert needle in text, needle
    for m in data.municipalities:
        triples = parse_bytes(m.turtle.encode(), ox.RdfFormat.TURTLE, source=m.slug)
        assert 700 < len(triples) < 3500, (m.slug, len(triples))


def test_defect_rate_controls_the_share_of_defective_municipalities() -> None:
    assert not generate(30, seed=1, defect_rate=0.0).defects
    every = generate(30, seed=1, defect_rate=1.0)
    assert {d.municipality for d in every.defects} == {m.slug for m in every.municipalities}
    assert all(shape and focus.startswith("https://") for shape, focus, _ in every.expected())


def test_written_data_folder_has_a_manifest_and_refuses_the_project_data(tmp_path: Path) -> None:
    data = generate(3, seed=4, defect_rate=1.0)
    folder = data.write(tmp_path / "synthetic")
    assert sorted(p.name for p in (folder / "municipalities").iterdir()) == sorted(
        f"{m.slug}.ttl" for m in data.municipalities
    )
    manifest = json.loads((folder / "defects.json").read_text(encoding="utf-8"))
    assert len(manifest["defects"]) == len(data.defects) > 0
    assert (folder / "sdg" / "sdg.ttl").is_file()
    with pytest.raises(ValueError, match="never goes into"):
        data.write(resources.data_dir())
