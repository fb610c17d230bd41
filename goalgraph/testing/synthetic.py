"""Synthetic municipalities for tests and benchmarks, modelled on the real ones.

:func:`generate` makes ``count`` fictional municipalities (deterministic for a seed) in the
style of ``data/municipalities/*.ttl``: every resource cites a synthetic source document, and
the governance models vary the way Swedish ones do (see ``shared/DOMAIN.md``): a vision with
council and board goals (like Vaggeryd), an overarching goal with sub-goals above the council
goals (like Nora), strategic areas with focus areas, directions and activities, balanced
scorecard perspectives, a population goal on top. Bodies include boards, administrations,
operational units, municipal companies and joint bodies shared by two municipalities; there
are budgets and programmes that support the goals, decisions that adopt them, indicators with
baselines, targets and staged targets, mandate periods with replaced goals, processes and
links to Agenda 2030, directly or through a programme.

Without defects the data conforms to every shape without a single warning. ``defect_rate`` is
the share of municipalities that get one to three injected defects; each defect is listed in
:attr:`SyntheticData.defects` with the exact results (shape, focus node, severity) it must
cause, and nothing else. Synthetic data never goes into ``data/municipalities/``.

>>> data = generate(3, seed=7, defect_rate=1.0)
>>> [m.slug for m in data.municipalities] == [m.slug for m in generate(3, seed=7).municipalities]
True
>>> all(d.expected for d in data.defects)
True
"""

from __future__ import annotations

import random

from goalgraph.testing.builder import Builder
from goalgraph.testing.defects import DEFECT_SHAPES, inject
from goalgraph.testing.names import FIRST, SECOND, slug_of
from goalgraph.testing.records import Defect, Expected, SyntheticData, SyntheticMunicipality


def generate(count: int, *, seed: int = 1, defect_rate: float = 0.0) -> SyntheticData:
    """``count`` municipalities; ``defect_rate`` (0–1) of them get injected defects."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if not 0.0 <= defect_rate <= 1.0:
        raise ValueError("defect_rate must be between 0 and 1")
    rng = random.Random(seed)
    names = _names(count, rng)
    builders = [Builder(i, names[i], rng) for i in range(count)]
    for i in range(0, count - 1, 7):  # a joint body shared with the next municipality
        builders[i].host_joint_body(builders[i + 1])
    defects: list[Defect] = []
    for i, builder in enumerate(builders):
        if rng.random() < defect_rate:
            neighbour = builders[i - 1] if i > 0 else (builders[1] if count > 1 else None)
            defects.extend(inject(builder, rng.randint(1, 3), neighbour))
    return SyntheticData(
        seed,
        [SyntheticMunicipality(b.slug, b.name, b.code, b.model_name, b.turtle()) for b in builders],
        defects,
    )


def _names(count: int, rng: random.Random) -> list[str]:
    pairs = [f + s for f in FIRST for s in SECOND]
    rng.shuffle(pairs)
    names: list[str] = []
    slugs: set[str] = set()
    for n in range(count * 4):
        name = pairs[n % len(pairs)] + ("" if n < len(pairs) else f" {n // len(pairs) + 1}")
        if slug_of(name) not in slugs:
            names.append(name)
            slugs.add(slug_of(name))
        if len(names) == count:
            return names
    raise ValueError(f"cannot name {count} municipalities")


__all__ = [
    "DEFECT_SHAPES",
    "Defect",
    "Expected",
    "SyntheticData",
    "SyntheticMunicipality",
    "generate",
]
