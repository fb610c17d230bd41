"""The kinds of governance model a synthetic municipality can have: its levels, what each is
called, who decides it and what it hangs from; and the chain elements built from them."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Level:
    key: str
    label: str
    kind: str
    member: str
    parents: list[str]
    decided_by: str | None = None
    owner: str | None = None
    indicators: bool | None = None
    count: int = 0


@dataclass
class Element:
    iri: str
    level: str
    label: str
    parents: list[str]
    owner: str | None
    member: str
    sdg: list[tuple[str, str, str]] = field(default_factory=list)  # (target, sv, en)
    indicator: str | None = None
    contributing: list[str] = field(default_factory=list)


MODELS: dict[str, Callable[[random.Random], list[Level]]] = {}


_ModelFn = Callable[[random.Random], list[Level]]


def _model(name: str) -> Callable[[_ModelFn], _ModelFn]:
    def register(fn: _ModelFn) -> _ModelFn:
        MODELS[name] = fn
        return fn

    return register


@_model("vision-fullmaktige-namnd")
def _vision_council_board(rng: random.Random) -> list[Level]:
    return [
        Level("vision", "Vision", "VisionLevel", "Vision", [], count=1),
        Level("kf", "Fullmäktigemål", "CouncilGoalLevel", "Goal", ["vision"], "Council",
               "Council", False, rng.randint(3, 6)),
        Level("nm", "Nämndmål", "BoardGoalLevel", "Goal", ["kf"], "Board", "Board", True, 0),
    ]  # fmt: skip


@_model("overgripande-delmal")
def _overarching(rng: random.Random) -> list[Level]:
    return [
        Level("vision", "Vision", "VisionLevel", "Vision", [], count=1),
        Level("og", "Övergripande mål", "OverarchingGoalLevel", "Goal", ["vision"], "Council",
               None, False, 1),
        Level("dm", "Delmål i det övergripande målet", "OverarchingSubGoalLevel", "Goal", ["og"],
               "Council", None, False, 3),
        Level("kf", "Fullmäktigemål", "CouncilGoalLevel", "Goal", ["og"], "Council", "Council",
               False, rng.randint(4, 8)),
        Level("nm", "Nämndmål", "BoardGoalLevel", "Goal", ["kf"], "Board", "Board", True, 0),
    ]  # fmt: skip


@_model("strategiomraden")
def _strategic_areas(rng: random.Random) -> list[Level]:
    return [
        Level("so", "Strategiområde", "FocusAreaLevel", "FocusArea", [], "Council", count=3),
        Level("mo", "Målområde", "FocusAreaLevel", "FocusArea", ["so"], "Council", count=5),
        Level("inr", "Inriktning", "BoardGoalLevel", "Goal", ["mo"], None, "Body", True, 0),
        Level("akt", "Aktivitet", "ActivityLevel", "Activity", ["inr"], None, "OperationalUnit",
               False, 0),
    ]  # fmt: skip


@_model("perspektiv")
def _perspectives(rng: random.Random) -> list[Level]:
    return [
        Level("vision", "Vision", "VisionLevel", "Vision", [], count=1),
        Level("persp", "Perspektiv", "FocusAreaLevel", "FocusArea", ["vision"], "Council",
               count=4),
        Level("kf", "Fullmäktigemål", "CouncilGoalLevel", "Goal", ["persp"], "Council",
               "Council", True, rng.randint(4, 7)),
        Level("fm", "Förvaltningsmål", "OperationalGoalLevel", "Goal", ["kf"], None,
               "Administration", True, 0),
    ]  # fmt: skip


@_model("befolkningsmal")
def _population(rng: random.Random) -> list[Level]:
    return [
        Level("bef", "Befolkningsmål", "OverarchingGoalLevel", "Goal", [], "Council", "Council",
               True, 1),
        Level("kf", "Fullmäktigemål", "CouncilGoalLevel", "Goal", ["bef"], "Council", "Council",
               False, rng.randint(3, 5)),
        Level("nm", "Nämndmål", "BoardGoalLevel", "Goal", ["kf"], "Board", "Board", False, 0),
        Level("vm", "Verksamhetsmål", "OperationalGoalLevel", "Goal", ["nm"], None,
               "OperationalUnit", True, 0),
    ]  # fmt: skip


PERSPECTIVES = ["Medborgare", "Ekonomi", "Medarbetare", "Verksamhetsutveckling"]
AREAS = ["Social hållbarhet", "Ekologisk hållbarhet", "Ekonomisk hållbarhet"]
FOCUS = ["Klimat och energi", "Trygghet", "Lärande", "Hälsa", "Näringsliv och arbete",
          "Boende", "Natur och vatten"]  # fmt: skip
