"""The goal chain of one synthetic municipality: its elements, their SDG links and indicators."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from goalgraph.testing.models import AREAS, FOCUS, PERSPECTIVES, Element, Level
from goalgraph.testing.names import KOLADA, SDG_NAMED, THEMES, lit

if TYPE_CHECKING:
    from goalgraph.testing.builder import Builder

__all__ = ["add_chain"]


def _owners(b: Builder, level: Level) -> list[str]:
    p = b.p
    if level.owner == "Council" or level.owner is None:
        return [f"{p}body-kf"]
    if level.owner == "Board":
        return [f"{p}body-{board[0]}" for board in b.boards]
    if level.owner == "Administration":
        return [f"{p}body-forv-{board[0]}" for board in b.boards]
    if level.owner == "OperationalUnit":
        return list(b.units)
    return [f"{p}body-{board[0]}" for board in b.boards] + [f"{p}body-{c[0]}" for c in b.companies]


def add_chain(b: Builder) -> None:
    """Add the chain elements level by level, each written with its links and indicator."""
    rng, p = b.rng, b.p
    by_level: dict[str, list[Element]] = {}
    themes = rng.sample(THEMES, len(THEMES))
    for level in b.levels:
        parents = [e for key in level.parents for e in by_level.get(key, [])]
        owners = _owners(b, level)
        elements: list[Element] = []
        count = level.count or (
            max(1, len(parents) // 2) if level.member == "Activity" else max(len(parents), 1) * 2
        )
        prefix = {"Vision": "vision", "FocusArea": "area", "Activity": "act"}.get(
            level.member, "goal"
        )
        for n in range(1, count + 1):
            iri = f"{p}{prefix}-{level.key}{n}"
            label = _label(b, level, n, themes)
            chosen = [parents[(n - 1) % len(parents)]] if parents else []
            if parents and len(parents) > 1 and rng.random() < 0.15:
                extra = parents[n % len(parents)]  # several parents
                if extra not in chosen:
                    chosen.append(extra)
            owner = owners[(n - 1) % len(owners)] if level.member != "FocusArea" else None
            element = Element(iri, level.key, label, [c.iri for c in chosen], owner, level.member)
            if level.member == "Goal" and level.key in ("kf", "bef", "og"):
                theme = themes[(n - 1) % len(themes)]
                element.sdg = [(t, theme[2], theme[3]) for t in theme[1][: rng.randint(1, 2)]]
            if level.indicators:
                element.indicator = f"{p}ind-{level.key}{n}"
            if level.key == "kf" and b.rule_bodies:
                element.contributing = list(b.rule_bodies)
            elements.append(element)
            b.elements[iri] = element
        by_level[level.key] = elements
    b.by_level = by_level
    for element in b.elements.values():
        _write_element(b, element)


def _label(
    b: Builder, level: Level, n: int, themes: Sequence[tuple[str, list[str], str, str]]
) -> str:
    name = b.name
    if level.member == "Vision":
        return f"{name} – platsen där människor och företag växer"
    if level.key == "bef":
        return f"{name} kommun ska ha {b.rng.randint(8, 60) * 1000} invånare år 2035"
    if level.key == "persp":
        return PERSPECTIVES[(n - 1) % len(PERSPECTIVES)]
    if level.key == "so":
        return AREAS[(n - 1) % len(AREAS)]
    if level.key == "mo":
        return FOCUS[(n - 1) % len(FOCUS)]
    if level.key == "kf" and n == 1 and b.index % 5 == 0:
        return SDG_NAMED[b.index % len(SDG_NAMED)][0]
    if level.member == "Activity":
        return f"Genomföra åtgärd {n} enligt handlingsplanen"
    theme = themes[(n - 1) % len(themes)][0]
    if level.key in ("kf", "og", "dm"):
        return f"{name} kommun ska vara {theme}"
    return f"{level.label} {n}: bidra till {theme}"


def _write_element(b: Builder, e: Element) -> None:
    p = b.p
    kind = f"gg:{e.member}"
    b.resource(e.iri, kind, e.label, locator=dict((lv.key, lv.label) for lv in b.levels)[e.level])
    b.add(e.iri, "gg:atLevel", f"{p}level-{e.level}")
    short = e.label.split(" ska ")[-1][:40]
    b.add(e.iri, "gg:shortLabel", lit(short))
    b.add(e.iri, "dcterms:identifier", lit(e.iri.rsplit("-", 1)[-1].upper(), None))
    for parent in e.parents:
        b.add(e.iri, "gg:supports", parent)
    if e.owner:
        b.add(e.iri, "gg:ownedBy", e.owner)
    if e.member == "Goal":
        b.add(e.iri, "gg:validDuring", b.period)
    for body in e.contributing:
        b.add(e.iri, "gg:contributingBody", body)
    for target, sv, en in e.sdg:
        b.add(
            e.iri,
            "gg:sdgContribution",
            f"[ a gg:SdgContribution ; gg:sdg sdg:{target} ; gg:basis gg:CuratedByGoalgraph ; "
            f"gg:reason {lit(f'{sv} motsvarar delmål {target}.')} , "
            f"{lit(f'{en} matches target {target}.', 'en')} ]",
        )
    if e.level == "kf" and e.label in (n for n, _ in SDG_NAMED):
        goal = dict(SDG_NAMED)[e.label]
        b.add(
            e.iri,
            "gg:sdgContribution",
            f"[ a gg:SdgContribution ; gg:sdg sdg:{goal} ; gg:basis gg:CuratedByGoalgraph ; "
            f"gg:reason {lit('Målet har samma namn som det globala målet.')} ]",
        )
    if e.indicator:
        _indicator(b, e)


def _indicator(b: Builder, e: Element) -> None:
    rng, ind = b.rng, e.indicator
    if ind is None:
        raise ValueError(f"{e.iri} has no indicator to describe")
    b.add(e.iri, "gg:hasIndicator", ind)
    b.resource(ind, "gg:Indicator", f"Indikator för {e.label[:50]}", locator="Indikatorer")
    b.add(ind, "gg:koladaId", lit(rng.choice(KOLADA), None))
    b.add(ind, "gg:unit", lit("procent", None))
    base = rng.randint(40, 80)
    b.add(ind, "gg:baselineValue", f"{base}.0")
    b.add(ind, "gg:baselineYear", f'"{b.year - 1}"^^xsd:gYear')
    b.add(ind, "gg:targetValue", f"{min(100, base + rng.randint(5, 20))}.0")
    b.add(ind, "gg:targetYear", f'"{b.year + 3}"^^xsd:gYear')
    if rng.random() < 0.3:
        b.add(
            ind,
            "gg:hasStagedTarget",
            f'[ a gg:StagedTarget ; gg:stageYear "{b.year + 1}"^^xsd:gYear ; '
            f"gg:stageValue {base + 2}.0 ]",
        )
