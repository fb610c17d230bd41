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

import json
import random
import shutil
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from goalgraph import resources
from goalgraph.namespaces import ID, SHAPES

PREFIXES = """@prefix gg:      <https://w3id.org/goalgraph/ontology#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix org:     <http://www.w3.org/ns/org#> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
@prefix time:    <http://www.w3.org/2006/time#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix sdg:     <http://metadata.un.org/sdg/> .
@prefix id:      <https://w3id.org/goalgraph/id/> .
"""

_FIRST = ["Norr", "Söder", "Väster", "Öster", "Sjö", "Berg", "Älv", "Skog", "Ljung", "Ek",
          "Björk", "Lind", "Al", "Gran", "Hög", "Lång", "Stor", "Lill", "Mål", "Mo", "Ås",
          "Dal", "Ström", "Vik", "Hav", "Sand", "Sten", "Myr", "Kvarn", "Hammar"]  # fmt: skip
_SECOND = ["by", "stad", "köping", "hamn", "dal", "fors", "berga", "sjö", "vik", "torp",
           "holm", "näs", "ås", "måla", "ryd", "hult", "red", "tuna"]  # fmt: skip
_BOARDS = [
    ("bun", "Barn- och utbildningsnämnden", "Barn- och utbildningsförvaltningen", "skola"),
    ("son", "Socialnämnden", "Socialförvaltningen", "omsorg"),
    ("tn", "Tekniska nämnden", "Tekniska förvaltningen", "teknik"),
    ("kfn", "Kultur- och fritidsnämnden", "Kultur- och fritidsförvaltningen", "kultur"),
    ("mbn", "Miljö- och byggnadsnämnden", "Samhällsbyggnadsförvaltningen", "miljo"),
    ("von", "Vård- och omsorgsnämnden", "Vård- och omsorgsförvaltningen", "vard"),
    ("amn", "Arbetsmarknadsnämnden", "Arbetsmarknadsförvaltningen", "arbete"),
]
_COMPANIES = [("bostader", "Bostäder AB"), ("energi", "Energi AB"), ("vatten", "Vatten AB"),
              ("naringsliv", "Näringsliv AB")]  # fmt: skip
_JOINT = [("overformyndare", "Gemensam överförmyndarnämnd"),
          ("raddning", "Räddningstjänstförbundet"), ("lon", "Gemensam lönenämnd")]  # fmt: skip
#: (label stem, SDG targets, reason sv, reason en)
_THEMES = [
    ("en trygg och attraktiv plats att bo och leva på", ["11.7", "16.1"],
     "Trygga och tillgängliga offentliga miljöer", "Safe and accessible public spaces"),
    ("ett starkt och varierat näringsliv med hög sysselsättning", ["8.2", "8.5"],
     "Sysselsättning och ett diversifierat näringsliv", "Employment and a diversified economy"),
    ("en skola där alla elever når målen", ["4.1", "4.5"],
     "Likvärdig utbildning av god kvalitet", "Equitable education of good quality"),
    ("god hälsa och livskvalitet i alla åldrar", ["3.4", "3.d"],
     "Hälsa och välbefinnande", "Health and well-being"),
    ("en fossilfri kommun senast 2035", ["7.2", "13.2"],
     "Förnybar energi och klimatåtgärder", "Renewable energy and climate action"),
    ("hållbar samhällsplanering i hela kommunen", ["11.3", "11.a"],
     "Hållbar planering av tätort och landsbygd", "Sustainable planning of town and countryside"),
    ("rent vatten och levande sjöar", ["6.3", "6.6"],
     "Vattenkvalitet och vattenekosystem", "Water quality and water ecosystems"),
    ("delaktighet och inflytande för alla invånare", ["16.7", "10.2"],
     "Inkluderande beslutsfattande", "Inclusive decision-making"),
    ("en god ekonomisk hushållning", ["16.6"],
     "Effektiva och ansvarsfulla institutioner", "Effective and accountable institutions"),
    ("en attraktiv arbetsgivare med friska medarbetare", ["8.8", "5.5"],
     "Goda arbetsvillkor och jämställdhet", "Decent working conditions and gender equality"),
]  # fmt: skip
#: council goals named like an SDG (they stay local goals)
_SDG_NAMED = [("Hållbara städer och samhällen", "11"), ("God utbildning för alla", "4"),
              ("Bekämpa klimatförändringarna", "13")]  # fmt: skip
_KOLADA = ["N15033", "N17473", "N00945", "N01951", "N07403", "N45933", "N85051", "N00005",
           "N15419", "N02252", "N07952", "N60019"]  # fmt: skip
_BAD_SDG_INDICATOR = "C110701"  # an indicator, not a goal or target


@dataclass(frozen=True)
class Expected:
    """One result a defect must cause."""

    shape_id: str
    focus_node: str
    severity: str = "Violation"


@dataclass(frozen=True)
class Defect:
    """An injected defect and exactly the results it causes."""

    kind: str
    municipality: str
    description: str
    expected: tuple[Expected, ...]


@dataclass(frozen=True)
class SyntheticMunicipality:
    """One generated municipality and its Turtle."""

    slug: str
    name: str
    code: str
    model: str
    turtle: str


@dataclass
class SyntheticData:
    """The generated municipalities and the defects injected into them."""

    seed: int
    municipalities: list[SyntheticMunicipality]
    defects: list[Defect]

    def expected(self) -> set[tuple[str, str, str]]:
        """Every result the defects must cause: (shape id, focus node, severity)."""
        return {(e.shape_id, e.focus_node, e.severity) for d in self.defects for e in d.expected}

    def write(self, folder: Path) -> Path:
        """Write a data folder: ``municipalities/*.ttl``, the Agenda 2030 files (``sdg/``) and
        ``defects.json``. Refuses the project's own ``data/`` folder."""
        folder = folder.resolve()
        if folder == resources.data_dir().resolve():
            raise ValueError("synthetic data never goes into the project's data/ folder")
        (folder / "municipalities").mkdir(parents=True, exist_ok=True)
        (folder / "sdg").mkdir(exist_ok=True)
        for source in sorted((resources.data_dir() / "sdg").glob("*.ttl")):
            shutil.copyfile(source, folder / "sdg" / source.name)
        for m in self.municipalities:
            (folder / "municipalities" / f"{m.slug}.ttl").write_text(m.turtle, encoding="utf-8")
        manifest = {"seed": self.seed, "defects": [asdict(d) for d in self.defects]}
        (folder / "defects.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        return folder


def generate(count: int, *, seed: int = 1, defect_rate: float = 0.0) -> SyntheticData:
    """``count`` municipalities; ``defect_rate`` (0–1) of them get injected defects."""
    if count < 1:
        raise ValueError("count must be at least 1")
    if not 0.0 <= defect_rate <= 1.0:
        raise ValueError("defect_rate must be between 0 and 1")
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not secrets
    names = _names(count, rng)
    builders = [_Builder(i, names[i], rng) for i in range(count)]
    for i in range(0, count - 1, 7):  # a joint body shared with the next municipality
        builders[i].host_joint_body(builders[i + 1])
    defects: list[Defect] = []
    for i, builder in enumerate(builders):
        if rng.random() < defect_rate:
            neighbour = builders[i - 1] if i > 0 else (builders[1] if count > 1 else None)
            defects.extend(builder.inject(rng.randint(1, 3), neighbour))
    return SyntheticData(
        seed,
        [SyntheticMunicipality(b.slug, b.name, b.code, b.model_name, b.turtle()) for b in builders],
        defects,
    )


def _names(count: int, rng: random.Random) -> list[str]:
    pairs = [f + s for f in _FIRST for s in _SECOND]
    rng.shuffle(pairs)
    names: list[str] = []
    slugs: set[str] = set()
    for n in range(count * 4):
        name = pairs[n % len(pairs)] + ("" if n < len(pairs) else f" {n // len(pairs) + 1}")
        if _slug(name) not in slugs:
            names.append(name)
            slugs.add(_slug(name))
        if len(names) == count:
            return names
    raise ValueError(f"cannot name {count} municipalities")


def _slug(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.lower()).encode("ascii", "ignore").decode()
    return "".join(c if c.isalnum() else "-" for c in text).strip("-")


def _lit(text: str, lang: str | None = "sv") -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"' + (f"@{lang}" if lang else "")


# --- one municipality ------------------------------------------------------------------------


@dataclass
class _Level:
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
class _Element:
    iri: str
    level: str
    label: str
    parents: list[str]
    owner: str | None
    member: str
    sdg: list[tuple[str, str, str]] = field(default_factory=list)  # (target, sv, en)
    indicator: str | None = None
    contributing: list[str] = field(default_factory=list)


_MODELS: dict[str, Callable[[random.Random], list[_Level]]] = {}


_ModelFn = Callable[[random.Random], list[_Level]]


def _model(name: str) -> Callable[[_ModelFn], _ModelFn]:
    def register(fn: _ModelFn) -> _ModelFn:
        _MODELS[name] = fn
        return fn

    return register


@_model("vision-fullmaktige-namnd")
def _vision_council_board(rng: random.Random) -> list[_Level]:
    return [
        _Level("vision", "Vision", "VisionLevel", "Vision", [], count=1),
        _Level("kf", "Fullmäktigemål", "CouncilGoalLevel", "Goal", ["vision"], "Council",
               "Council", False, rng.randint(3, 6)),
        _Level("nm", "Nämndmål", "BoardGoalLevel", "Goal", ["kf"], "Board", "Board", True, 0),
    ]  # fmt: skip


@_model("overgripande-delmal")
def _overarching(rng: random.Random) -> list[_Level]:
    return [
        _Level("vision", "Vision", "VisionLevel", "Vision", [], count=1),
        _Level("og", "Övergripande mål", "OverarchingGoalLevel", "Goal", ["vision"], "Council",
               None, False, 1),
        _Level("dm", "Delmål i det övergripande målet", "OverarchingSubGoalLevel", "Goal", ["og"],
               "Council", None, False, 3),
        _Level("kf", "Fullmäktigemål", "CouncilGoalLevel", "Goal", ["og"], "Council", "Council",
               False, rng.randint(4, 8)),
        _Level("nm", "Nämndmål", "BoardGoalLevel", "Goal", ["kf"], "Board", "Board", True, 0),
    ]  # fmt: skip


@_model("strategiomraden")
def _strategic_areas(rng: random.Random) -> list[_Level]:
    return [
        _Level("so", "Strategiområde", "FocusAreaLevel", "FocusArea", [], "Council", count=3),
        _Level("mo", "Målområde", "FocusAreaLevel", "FocusArea", ["so"], "Council", count=5),
        _Level("inr", "Inriktning", "BoardGoalLevel", "Goal", ["mo"], None, "Body", True, 0),
        _Level("akt", "Aktivitet", "ActivityLevel", "Activity", ["inr"], None, "OperationalUnit",
               False, 0),
    ]  # fmt: skip


@_model("perspektiv")
def _perspectives(rng: random.Random) -> list[_Level]:
    return [
        _Level("vision", "Vision", "VisionLevel", "Vision", [], count=1),
        _Level("persp", "Perspektiv", "FocusAreaLevel", "FocusArea", ["vision"], "Council",
               count=4),
        _Level("kf", "Fullmäktigemål", "CouncilGoalLevel", "Goal", ["persp"], "Council",
               "Council", True, rng.randint(4, 7)),
        _Level("fm", "Förvaltningsmål", "OperationalGoalLevel", "Goal", ["kf"], None,
               "Administration", True, 0),
    ]  # fmt: skip


@_model("befolkningsmal")
def _population(rng: random.Random) -> list[_Level]:
    return [
        _Level("bef", "Befolkningsmål", "OverarchingGoalLevel", "Goal", [], "Council", "Council",
               True, 1),
        _Level("kf", "Fullmäktigemål", "CouncilGoalLevel", "Goal", ["bef"], "Council", "Council",
               False, rng.randint(3, 5)),
        _Level("nm", "Nämndmål", "BoardGoalLevel", "Goal", ["kf"], "Board", "Board", False, 0),
        _Level("vm", "Verksamhetsmål", "OperationalGoalLevel", "Goal", ["nm"], None,
               "OperationalUnit", True, 0),
    ]  # fmt: skip


_PERSPECTIVES = ["Medborgare", "Ekonomi", "Medarbetare", "Verksamhetsutveckling"]
_AREAS = ["Social hållbarhet", "Ekologisk hållbarhet", "Ekonomisk hållbarhet"]
_FOCUS = ["Klimat och energi", "Trygghet", "Lärande", "Hälsa", "Näringsliv och arbete",
          "Boende", "Natur och vatten"]  # fmt: skip


class _Builder:
    """Builds one municipality as Turtle statements, then injects defects."""

    def __init__(self, index: int, name: str, rng: random.Random) -> None:
        self.index = index
        self.name = name
        self.slug = _slug(name)
        self.code = f"{9001 + index:04d}" if index < 999 else f"{index:04d}"
        self.rng = random.Random(rng.random())  # noqa: S311 - test data, not secrets
        self.model_name = sorted(_MODELS)[index % len(_MODELS)]
        self.levels = _MODELS[self.model_name](self.rng)
        self.subjects: dict[str, list[tuple[str, str]]] = {}
        self.elements: dict[str, _Element] = {}
        self.documents: dict[str, list[str]] = {}  # document -> goals it supports
        self.decisions: dict[str, tuple[str, list[str]]] = {}  # decision -> (body, adopted)
        self.used: set[str] = set()  # nodes a defect already changed
        self.p = f"{self.slug}:"
        self._build()

    # -- statements ---------------------------------------------------------------------------

    def add(self, subject: str, predicate: str, obj: str) -> None:
        self.subjects.setdefault(subject, []).append((predicate, obj))

    def remove(self, subject: str, predicate: str, obj: str | None = None) -> None:
        self.subjects[subject] = [
            (p, o) for p, o in self.subjects[subject] if not (p == predicate and obj in (None, o))
        ]

    def cite(self, subject: str, passage: str, locator: str) -> None:
        self.add(
            subject,
            "gg:citation",
            f"[ a gg:Citation ; gg:citedDocument {self.p}doc-kallan ; "
            f"gg:locator {_lit(locator, None)} ; gg:passage {_lit(passage, None)} ]",
        )

    def resource(
        self, iri: str, kind: str, label: str, *, locator: str, en: str | None = None
    ) -> None:
        self.add(iri, "a", kind)
        self.add(iri, "skos:prefLabel", _lit(label))
        if en:
            self.add(iri, "skos:prefLabel", _lit(en, "en"))
        self.add(iri, "gg:municipality", f"id:{self.slug}")
        self.cite(iri, label, locator)

    def iri(self, local: str) -> str:
        return f"{ID}{self.slug}/{local}"

    # -- the municipality ---------------------------------------------------------------------

    def _build(self) -> None:
        rng, p, m = self.rng, self.p, f"id:{self.slug}"
        self.add(m, "a", "gg:Municipality")
        self.add(m, "skos:prefLabel", _lit(f"{self.name} kommun"))
        self.add(m, "skos:prefLabel", _lit(f"{self.name} Municipality", "en"))
        self.add(m, "gg:municipalityCode", _lit(self.code, None))
        self.cite(m, f"{self.name} kommuns mål och budget", "Inledning")
        year = rng.choice([2019, 2023])
        self.year = year
        source = f"{p}doc-kallan"
        self.add(source, "a", "gg:OfficialReport")
        self.add(
            source,
            "skos:prefLabel",
            _lit(f"Mål och budget {year + 1}–{year + 3} (syntetisk källa)"),
        )
        self.add(source, "dcterms:title", _lit(f"Mål och budget {year + 1}–{year + 3}"))
        self.add(source, "gg:caseNumber", _lit(f"KS {year}/{rng.randint(10, 400)}", None))
        self.add(source, "dcterms:source", _lit(f"synthetic/{self.slug}-mal-och-budget.txt", None))
        self.add(source, "gg:municipality", m)
        self.cite(source, f"Mål och budget {year + 1}–{year + 3}", "Framsida")
        self._bodies()
        self._period()
        self._model_and_levels()
        self._chain()
        self._documents_and_decisions()
        self._process()

    def _bodies(self) -> None:
        rng, p = self.rng, self.p
        self.resource(
            f"{p}body-kf",
            "gg:Council",
            "Kommunfullmäktige",
            locator="Organisation",
            en="Municipal Council",
        )
        self.resource(f"{p}body-ks", "gg:ExecutiveBoard", "Kommunstyrelsen", locator="Organisation")
        self.resource(
            f"{p}body-ksau",
            "gg:WorkingCommittee",
            "Kommunstyrelsens arbetsutskott",
            locator="Organisation",
        )
        self.add(f"{p}body-ksau", "org:subOrganizationOf", f"{p}body-ks")
        self.resource(
            f"{p}body-klk", "gg:ExecutiveOffice", "Kommunledningskontoret", locator="Organisation"
        )
        self.boards = rng.sample(_BOARDS, rng.randint(3, 6))
        self.companies = rng.sample(_COMPANIES, rng.randint(1, 3))
        self.units: list[str] = []
        for key, board, office, unit in self.boards:
            self.resource(f"{p}body-{key}", "gg:Board", board, locator="Nämnder")
            self.resource(
                f"{p}body-forv-{key}", "gg:Administration", office, locator="Förvaltningar"
            )
            self.add(f"{p}body-forv-{key}", "org:subOrganizationOf", f"{p}body-{key}")
            self.resource(
                f"{p}body-enhet-{unit}",
                "gg:OperationalUnit",
                f"Verksamhet {unit}",
                locator="Verksamheter",
            )
            self.add(f"{p}body-enhet-{unit}", "org:subOrganizationOf", f"{p}body-forv-{key}")
            self.units.append(f"{p}body-enhet-{unit}")
        for key, label in self.companies:
            self.resource(
                f"{p}body-{key}",
                "gg:MunicipalCompany",
                f"{self.name} {label}",
                locator="Kommunala bolag",
            )

    def host_joint_body(self, partner: _Builder) -> None:
        key, label = self.rng.choice(_JOINT)
        body = f"{self.p}body-gemensam-{key}"
        self.resource(
            body, "gg:JointBody", f"{label} för {self.name} och {partner.name}", locator="Samverkan"
        )
        partner.partner_of(self, body, label)

    def partner_of(self, host: _Builder, body: str, label: str) -> None:
        """Refer to a joint body that ``host`` describes: a plan adopted by it."""
        p = self.p
        iri = f"{ID}{host.slug}/{body.split(':', 1)[1]}"
        plan = f"{p}doc-gemensam-plan"
        self.resource(plan, "gg:Plan", f"Gemensam plan med {host.name}", locator="Samverkan")
        decision = f"{p}decision-gemensam"
        self.resource(decision, "gg:Decision", f"{label} antar gemensam plan", locator="Samverkan")
        self.add(decision, "gg:decidedBy", f"<{iri}>")
        self.add(decision, "dcterms:date", f'"{self.year}-03-15"^^xsd:date')
        self.add(decision, "gg:adopts", plan)

    def _period(self) -> None:
        p, y = self.p, self.year
        for start in (y - 4, y):
            iri = f"{p}period-{start}-{start + 3}"
            self.resource(
                iri,
                "gg:MandatePeriod",
                f"Mandatperioden {start}–{start + 3}",
                locator="Mandatperiod",
            )
            self.add(
                iri,
                "time:hasBeginning",
                f'[ a time:Instant ; time:inXSDGYear "{start}"^^xsd:gYear ]',
            )
            self.add(
                iri, "time:hasEnd", f'[ a time:Instant ; time:inXSDGYear "{start + 3}"^^xsd:gYear ]'
            )
        self.period = f"{p}period-{y}-{y + 3}"
        self.old_period = f"{p}period-{y - 4}-{y - 1}"

    def _model_and_levels(self) -> None:
        p = self.p
        model = f"{p}model"
        self.resource(
            model, "gg:GovernanceModel", f"Styrmodell för {self.name} kommun", locator="Styrmodell"
        )
        self.add(model, "gg:modelOf", f"id:{self.slug}")
        for rank, level in enumerate(self.levels, start=1):
            iri = f"{p}level-{level.key}"
            self.add(model, "gg:hasLevel", iri)
            self.resource(iri, "gg:GovernanceLevel", level.label, locator="Styrmodell")
            self.add(iri, "gg:rank", str(rank))
            self.add(iri, "gg:levelKind", f"gg:{level.kind}")
            self.add(iri, "gg:memberClass", f"gg:{level.member}")
            for parent in level.parents:
                self.add(iri, "gg:parentLevel", f"{p}level-{parent}")
            if level.decided_by:
                self.add(iri, "gg:decidedByType", f"gg:{level.decided_by}")
            if level.owner:
                self.add(iri, "gg:ownerType", f"gg:{level.owner}")
            if level.indicators is not None:
                self.add(iri, "gg:indicatorsHere", "true" if level.indicators else "false")
        goal_levels = [f"{p}level-{lv.key}" for lv in self.levels if lv.member == "Goal"]
        for key, label, kind in (
            ("delar", "Delårsrapport", "InterimReport"),
            ("ar", "Årsredovisning", "AnnualAccounts"),
        ):
            iri = f"{p}followup-{key}"
            self.add(model, "gg:followUpPoint", iri)
            self.resource(iri, "gg:FollowUpPoint", label, locator="Uppföljning")
            self.add(iri, "gg:followUpKind", f"gg:{kind}")
            for level_iri in goal_levels:
                self.add(iri, "gg:followsUpLevel", level_iri)
            self.add(iri, "gg:reportsTo", f"{p}body-kf")
        council = next((lv for lv in self.levels if lv.key == "kf"), None)
        if council is not None and self.model_name == "vision-fullmaktige-namnd":
            rule = f"{p}rule-alla-bidrar"
            self.add(model, "gg:hasRule", rule)
            self.resource(
                rule,
                "gg:GovernanceRule",
                "Alla nämnder och bolag bidrar till alla fullmäktigemål",
                locator="Styrmodell",
            )
            self.add(rule, "gg:ruleKind", "gg:AllBodiesContributeToAllGoals")
            self.add(rule, "gg:appliesToBodyType", "gg:Board")
            self.add(rule, "gg:appliesToBodyType", "gg:MunicipalCompany")
            self.add(rule, "gg:appliesToLevel", f"{p}level-kf")
            self.rule_bodies = [f"{p}body-{b[0]}" for b in self.boards] + [
                f"{p}body-{c[0]}" for c in self.companies
            ]
        else:
            self.rule_bodies = []

    # -- the goal chain -----------------------------------------------------------------------

    def _owners(self, level: _Level) -> list[str]:
        p = self.p
        if level.owner == "Council" or level.owner is None:
            return [f"{p}body-kf"]
        if level.owner == "Board":
            return [f"{p}body-{b[0]}" for b in self.boards]
        if level.owner == "Administration":
            return [f"{p}body-forv-{b[0]}" for b in self.boards]
        if level.owner == "OperationalUnit":
            return list(self.units)
        return [f"{p}body-{b[0]}" for b in self.boards] + [
            f"{p}body-{c[0]}" for c in self.companies
        ]

    def _chain(self) -> None:
        rng, p = self.rng, self.p
        by_level: dict[str, list[_Element]] = {}
        themes = rng.sample(_THEMES, len(_THEMES))
        for level in self.levels:
            parents = [e for key in level.parents for e in by_level.get(key, [])]
            owners = self._owners(level)
            elements: list[_Element] = []
            count = level.count or (
                max(1, len(parents) // 2)
                if level.member == "Activity"
                else max(len(parents), 1) * 2
            )
            prefix = {"Vision": "vision", "FocusArea": "area", "Activity": "act"}.get(
                level.member, "goal"
            )
            for n in range(1, count + 1):
                iri = f"{p}{prefix}-{level.key}{n}"
                label = self._label(level, n, themes)
                chosen = [parents[(n - 1) % len(parents)]] if parents else []
                if parents and len(parents) > 1 and rng.random() < 0.15:
                    extra = parents[n % len(parents)]  # several parents
                    if extra not in chosen:
                        chosen.append(extra)
                owner = owners[(n - 1) % len(owners)] if level.member != "FocusArea" else None
                element = _Element(
                    iri, level.key, label, [c.iri for c in chosen], owner, level.member
                )
                if level.member == "Goal" and level.key in ("kf", "bef", "og"):
                    theme = themes[(n - 1) % len(themes)]
                    element.sdg = [(t, theme[2], theme[3]) for t in theme[1][: rng.randint(1, 2)]]
                if level.indicators:
                    element.indicator = f"{p}ind-{level.key}{n}"
                if level.key == "kf" and self.rule_bodies:
                    element.contributing = list(self.rule_bodies)
                elements.append(element)
                self.elements[iri] = element
            by_level[level.key] = elements
        self.by_level = by_level
        for element in self.elements.values():
            self._write_element(element)

    def _label(
        self, level: _Level, n: int, themes: Sequence[tuple[str, list[str], str, str]]
    ) -> str:
        name = self.name
        if level.member == "Vision":
            return f"{name} – platsen där människor och företag växer"
        if level.key == "bef":
            return f"{name} kommun ska ha {self.rng.randint(8, 60) * 1000} invånare år 2035"
        if level.key == "persp":
            return _PERSPECTIVES[(n - 1) % len(_PERSPECTIVES)]
        if level.key == "so":
            return _AREAS[(n - 1) % len(_AREAS)]
        if level.key == "mo":
            return _FOCUS[(n - 1) % len(_FOCUS)]
        if level.key == "kf" and n == 1 and self.index % 5 == 0:
            return _SDG_NAMED[self.index % len(_SDG_NAMED)][0]
        if level.member == "Activity":
            return f"Genomföra åtgärd {n} enligt handlingsplanen"
        theme = themes[(n - 1) % len(themes)][0]
        if level.key in ("kf", "og", "dm"):
            return f"{name} kommun ska vara {theme}"
        return f"{level.label} {n}: bidra till {theme}"

    def _write_element(self, e: _Element) -> None:
        p = self.p
        kind = f"gg:{e.member}"
        self.resource(
            e.iri, kind, e.label, locator=dict((lv.key, lv.label) for lv in self.levels)[e.level]
        )
        self.add(e.iri, "gg:atLevel", f"{p}level-{e.level}")
        short = e.label.split(" ska ")[-1][:40]
        self.add(e.iri, "gg:shortLabel", _lit(short))
        self.add(e.iri, "dcterms:identifier", _lit(e.iri.rsplit("-", 1)[-1].upper(), None))
        for parent in e.parents:
            self.add(e.iri, "gg:supports", parent)
        if e.owner:
            self.add(e.iri, "gg:ownedBy", e.owner)
        if e.member == "Goal":
            self.add(e.iri, "gg:validDuring", self.period)
        for body in e.contributing:
            self.add(e.iri, "gg:contributingBody", body)
        for target, sv, en in e.sdg:
            self.add(
                e.iri,
                "gg:sdgContribution",
                f"[ a gg:SdgContribution ; gg:sdg sdg:{target} ; gg:basis gg:CuratedByGoalgraph ; "
                f"gg:reason {_lit(f'{sv} motsvarar delmål {target}.')} , "
                f"{_lit(f'{en} matches target {target}.', 'en')} ]",
            )
        if e.level == "kf" and e.label in (n for n, _ in _SDG_NAMED):
            goal = dict(_SDG_NAMED)[e.label]
            self.add(
                e.iri,
                "gg:sdgContribution",
                f"[ a gg:SdgContribution ; gg:sdg sdg:{goal} ; gg:basis gg:CuratedByGoalgraph ; "
                f"gg:reason {_lit('Målet har samma namn som det globala målet.')} ]",
            )
        if e.indicator:
            self._indicator(e)

    def _indicator(self, e: _Element) -> None:
        rng, ind = self.rng, e.indicator
        if ind is None:
            raise ValueError(f"{e.iri} has no indicator to describe")
        self.add(e.iri, "gg:hasIndicator", ind)
        self.resource(ind, "gg:Indicator", f"Indikator för {e.label[:50]}", locator="Indikatorer")
        self.add(ind, "gg:koladaId", _lit(rng.choice(_KOLADA), None))
        self.add(ind, "gg:unit", _lit("procent", None))
        base = rng.randint(40, 80)
        self.add(ind, "gg:baselineValue", f"{base}.0")
        self.add(ind, "gg:baselineYear", f'"{self.year - 1}"^^xsd:gYear')
        self.add(ind, "gg:targetValue", f"{min(100, base + rng.randint(5, 20))}.0")
        self.add(ind, "gg:targetYear", f'"{self.year + 3}"^^xsd:gYear')
        if rng.random() < 0.3:
            self.add(
                ind,
                "gg:hasStagedTarget",
                f'[ a gg:StagedTarget ; gg:stageYear "{self.year + 1}"^^xsd:gYear ; '
                f"gg:stageValue {base + 2}.0 ]",
            )

    def _documents_and_decisions(self) -> None:
        rng, p = self.rng, self.p
        goals = [e for e in self.elements.values() if e.member == "Goal"]
        top = [e for e in goals if e.level in ("kf", "bef", "og", "dm")]
        rest = [e for e in goals if e not in top]
        budget = f"{p}doc-budget"
        self.resource(budget, "gg:Budget", f"Mål och budget {self.year + 1}", locator="Budget")
        for e in top:
            self.add(budget, "gg:includesGoal", e.iri)
        self.documents[budget] = [e.iri for e in top]
        programme = f"{p}doc-program"
        self.resource(programme, "gg:Programme", "Hållbarhetsprogram", locator="Program")
        self.documents[programme] = [e.iri for e in rest]
        if self.index % 4 == 1:  # Agenda 2030 through the programme
            for goal in rng.sample(range(1, 18), 4):
                self.add(
                    programme,
                    "gg:sdgContribution",
                    f"[ a gg:SdgContribution ; gg:sdg sdg:{goal} ; gg:basis gg:StatedInSource ; "
                    f"gg:citation [ a gg:Citation ; gg:citedDocument {p}doc-kallan ; "
                    f'gg:passage "Programmet bidrar till mål {goal} i Agenda 2030." ] ]',
                )
        council_levels = {lv.key for lv in self.levels if lv.decided_by == "Council"}
        adopted = [e.iri for e in self.elements.values() if e.level in council_levels]
        kf = f"{p}decision-kf-budget"
        self.resource(
            kf,
            "gg:Decision",
            f"Kommunfullmäktige antar mål och budget {self.year + 1}",
            locator="Beslut",
        )
        self.add(kf, "gg:decidedBy", f"{p}body-kf")
        self.add(kf, "dcterms:date", f'"{self.year}-11-{rng.randint(20, 28)}"^^xsd:date')
        self.add(kf, "gg:paragraph", _lit(f"§ {rng.randint(90, 180)}", None))
        self.add(kf, "gg:adopts", budget)
        self.decisions[kf] = (f"{p}body-kf", [budget, *adopted])
        board_levels = {lv.key for lv in self.levels if lv.decided_by == "Board"}
        for key, board, _, _ in self.boards:
            body = f"{p}body-{key}"
            own = [
                e.iri for e in self.elements.values() if e.level in board_levels and e.owner == body
            ]
            plan = f"{p}doc-plan-{key}"
            self.resource(
                plan, "gg:Plan", f"Verksamhetsplan för {board.lower()}", locator="Nämndernas planer"
            )
            if own:
                decision = f"{p}decision-{key}"
                self.resource(
                    decision, "gg:Decision", f"{board} antar verksamhetsplan", locator="Beslut"
                )
                self.add(decision, "gg:decidedBy", body)
                self.add(
                    decision, "dcterms:date", f'"{self.year}-12-{rng.randint(10, 18)}"^^xsd:date'
                )
                self.decisions[decision] = (body, [plan, *own])
        for decision, (_, targets) in self.decisions.items():
            for target in targets:
                self.add(decision, "gg:adopts", target)
        if self.model_name == "vision-fullmaktige-namnd" and top:
            old = f"{p}goal-kf-tidigare"  # a goal of the previous mandate period, replaced
            first = top[0]
            self.resource(
                old, "gg:Goal", f"{first.label} (tidigare lydelse)", locator="Tidigare mål"
            )
            self.add(old, "gg:atLevel", f"{p}level-kf")
            self.add(old, "gg:supports", first.parents[0])
            self.add(old, "gg:ownedBy", f"{p}body-kf")
            self.add(old, "gg:validDuring", self.old_period)
            self.add(old, "dcterms:isReplacedBy", first.iri)
            self.add(old, "gg:replacedByDecision", kf)
            for body in self.rule_bodies:
                self.add(old, "gg:contributingBody", body)
            self.add(first.iri, "prov:wasRevisionOf", old)
            self.documents[budget].append(old)

    def _process(self) -> None:
        p = self.p
        process = f"{p}process-budget"
        self.resource(
            process, "gg:Process", f"Mål- och budgetprocess {self.year}", locator="Tidsplan"
        )
        self.add(process, "gg:processOf", f"{p}doc-budget")
        steps = [
            ("Planeringsdirektiv", "body-ks", "04-15"),
            ("Nämndernas budgetunderlag", f"body-{self.boards[0][0]}", "06-01"),
            ("Budgetberedning", "body-ksau", "09-20"),
            ("Kommunstyrelsens förslag", "body-ks", "10-25"),
            ("Beslut i kommunfullmäktige", "body-kf", "11-25"),
        ]
        for order, (label, body, date) in enumerate(steps, start=1):
            step = f"{p}step-budget-{order}"
            self.add(process, "gg:hasStep", step)
            self.resource(step, "gg:ProcessStep", label, locator="Tidsplan")
            self.add(step, "gg:stepOrder", str(order))
            self.add(step, "gg:plannedDate", f'"{self.year}-{date}"^^xsd:date')
            self.add(step, "gg:performedBy", f"{p}{body}")

    # -- defects ------------------------------------------------------------------------------

    def _leaf_goals(self) -> list[_Element]:
        parents = {q for e in self.elements.values() for q in e.parents}
        return [
            e
            for e in self.elements.values()
            if e.member == "Goal" and e.iri not in parents and e.iri not in self.used and e.parents
        ]

    def inject(self, count: int, neighbour: _Builder | None) -> list[Defect]:
        kinds = list(_DEFECTS)
        self.rng.shuffle(kinds)
        out: list[Defect] = []
        for kind in kinds:
            if len(out) == count:
                break
            defect = _DEFECTS[kind](self, neighbour)
            if defect is not None:
                out.append(defect)
        return out

    def turtle(self) -> str:
        for document, goals in self.documents.items():
            for goal in goals:
                self.add(document, "gg:supportsGoal", goal)
        self.documents = {}
        lines = [
            "# Synthetic municipality generated by goalgraph.testing.synthetic: fictional, "
            "not real data.",
            f"# {self.name} kommun ({self.code}); governance model: {self.model_name}.",
            PREFIXES + f"@prefix {self.slug}: <{ID}{self.slug}/> .",
            "",
        ]
        for subject, statements in self.subjects.items():
            body = " ;\n    ".join(f"{p} {o}" for p, o in statements)
            lines.append(f"{subject} {body} .\n")
        return "\n".join(lines)


def _full(b: _Builder, curie: str) -> str:
    return f"{ID}{b.slug}/{curie.split(':', 1)[1]}"


def _defect(b: _Builder, kind: str, text: str, *expected: tuple[str, str, str]) -> Defect:
    return Defect(kind, b.slug, text, tuple(Expected(s, f, v) for s, f, v in expected))


def _pick(b: _Builder, ok: Callable[[_Element], bool] = lambda e: True) -> _Element | None:
    choices = [e for e in b._leaf_goals() if ok(e)]
    if not choices:
        return None
    element = b.rng.choice(choices)
    b.used.add(element.iri)
    return element


def _d_level(b: _Builder, _n: _Builder | None) -> Defect | None:
    e = _pick(b, lambda e: e.indicator is None)
    if e is None:
        return None
    b.remove(e.iri, "gg:atLevel")
    return _defect(b, "I01", "goal without level", ("I01", _full(b, e.iri), "Violation"))


def _d_missing(b: _Builder, _n: _Builder | None) -> Defect | None:
    e = _pick(b)
    if e is None:
        return None
    b.add(e.iri, "gg:supports", f"{b.p}goal-finns-inte")
    return _defect(
        b, "I03", "supports a goal that does not exist", ("I03", _full(b, e.iri), "Violation")
    )


def _d_cycle(b: _Builder, _n: _Builder | None) -> Defect | None:
    e = _pick(b)
    if e is None:
        return None
    b.add(e.iri, "gg:supports", e.iri)
    return _defect(b, "I04", "goal supports itself", ("I04", _full(b, e.iri), "Violation"))


def _d_sdg_indicator(b: _Builder, _n: _Builder | None) -> Defect | None:
    e = _pick(b)
    if e is None:
        return None
    b.add(
        e.iri,
        "gg:sdgContribution",
        f"[ a gg:SdgContribution ; gg:sdg sdg:{_BAD_SDG_INDICATOR} ; gg:basis gg:StatedInSource ]",
    )
    return _defect(b, "I05", "SDG link to an indicator", ("I05", _full(b, e.iri), "Violation"))


def _d_no_basis(b: _Builder, _n: _Builder | None) -> Defect | None:
    e = _pick(b)
    if e is None:
        return None
    b.add(e.iri, "gg:sdgContribution", "[ a gg:SdgContribution ; gg:sdg sdg:11.1 ]")
    return _defect(b, "I06", "SDG link without basis", ("I06", _full(b, e.iri), "Violation"))


def _d_no_reason(b: _Builder, _n: _Builder | None) -> Defect | None:
    e = _pick(b)
    if e is None:
        return None
    b.add(
        e.iri,
        "gg:sdgContribution",
        "[ a gg:SdgContribution ; gg:sdg sdg:11.2 ; gg:basis gg:CuratedByGoalgraph ]",
    )
    return _defect(
        b, "I07", "curated SDG link without reason", ("I07", _full(b, e.iri), "Violation")
    )


def _d_label(b: _Builder, _n: _Builder | None) -> Defect | None:
    body = f"{b.p}body-klk"
    if body in b.used:
        return None
    b.used.add(body)
    b.remove(body, "skos:prefLabel")
    b.add(body, "skos:prefLabel", _lit("Municipal Executive Office", "en"))
    return _defect(
        b, "I08", "body with an English label only", ("I08", _full(b, body), "Violation")
    )


def _d_citation(b: _Builder, _n: _Builder | None) -> Defect | None:
    body = f"{b.p}body-ks"
    if body in b.used:
        return None
    b.used.add(body)
    b.add(body, "gg:citation", f"[ a gg:Citation ; gg:citedDocument {b.p}doc-kallan ]")
    return _defect(b, "I09", "citation without passage", ("I09", _full(b, body), "Violation"))


def _d_decision(b: _Builder, _n: _Builder | None) -> Defect | None:
    decision = f"{b.p}decision-kf-budget"
    if decision in b.used:
        return None
    b.used.add(decision)
    b.remove(decision, "dcterms:date")
    return _defect(b, "I10", "decision without date", ("I10", _full(b, decision), "Violation"))


def _d_steps(b: _Builder, _n: _Builder | None) -> Defect | None:
    step = f"{b.p}step-budget-2"
    if step in b.used:
        return None
    b.used.add(step)
    b.remove(step, "gg:stepOrder")
    b.add(step, "gg:stepOrder", "3")
    other = _full(b, f"{b.p}step-budget-3")
    return _defect(
        b, "I11", "two steps with the same order",
        ("I11", _full(b, step), "Violation"), ("I11", other, "Violation"),
    )  # fmt: skip


def _d_rank(b: _Builder, _n: _Builder | None) -> Defect | None:
    if "ranks" in b.used or len(b.levels) < 2:
        return None
    b.used.add("ranks")
    low, high = b.levels[-1], b.levels[-2]
    lo, hi = f"{b.p}level-{low.key}", f"{b.p}level-{high.key}"
    b.remove(lo, "gg:rank")
    b.add(lo, "gg:rank", str(len(b.levels) - 1))
    return _defect(
        b, "M04", "two levels with the same rank",
        ("M04", _full(b, lo), "Violation"), ("M04", _full(b, hi), "Violation"),
        ("M05", _full(b, lo), "Violation"),
    )  # fmt: skip


def _d_no_parent(b: _Builder, _n: _Builder | None) -> Defect | None:
    e = _pick(b, lambda e: len(e.parents) == 1)
    if e is None:
        return None
    b.remove(e.iri, "gg:supports")
    return _defect(
        b, "M08", "goal supports nothing at the parent level", ("M08", _full(b, e.iri), "Violation")
    )


def _d_cross(b: _Builder, n: _Builder | None) -> Defect | None:
    e = _pick(b)
    if e is None or n is None:
        return None
    other = next((x for x in n.elements.values() if x.member == "Goal"), None)
    if other is None:
        return None
    b.add(e.iri, "gg:supports", f"<{_full(n, other.iri)}>")
    return _defect(
        b, "M09", "goal supports another municipality's goal", ("M09", _full(b, e.iri), "Violation")
    )


def _d_owner(b: _Builder, _n: _Builder | None) -> Defect | None:
    level_owner = {lv.key: lv.owner for lv in b.levels}
    e = _pick(b, lambda e: level_owner[e.level] not in (None, "Council", "Body"))
    if e is None:
        return None
    b.remove(e.iri, "gg:ownedBy")
    b.add(e.iri, "gg:ownedBy", f"{b.p}body-kf")
    return _defect(
        b, "M10", "goal owned by the wrong kind of body", ("M10", _full(b, e.iri), "Violation")
    )


def _d_decider(b: _Builder, _n: _Builder | None) -> Defect | None:
    decided = {lv.key: lv.decided_by for lv in b.levels}
    e = _pick(b, lambda e: decided[e.level] == "Board")
    if e is None:
        return None
    decision = f"{b.p}decision-ks-fel"
    b.resource(decision, "gg:Decision", "Kommunstyrelsen antar ett nämndmål", locator="Beslut")
    b.add(decision, "gg:decidedBy", f"{b.p}body-ks")
    b.add(decision, "dcterms:date", f'"{b.year}-12-01"^^xsd:date')
    b.add(decision, "gg:adopts", e.iri)
    return _defect(
        b, "M11", "board goal adopted by the executive board", ("M11", _full(b, e.iri), "Violation")
    )


def _d_indicator(b: _Builder, _n: _Builder | None) -> Defect | None:
    here = {lv.key: lv.indicators for lv in b.levels}
    e = _pick(b, lambda e: here[e.level] is False)
    if e is None:
        return None
    b.add(e.iri, "gg:hasIndicator", f"{b.p}ind-fel")
    return _defect(
        b, "M12", "indicator where the model puts none", ("M12", _full(b, e.iri), "Violation")
    )


def _d_no_indicator(b: _Builder, _n: _Builder | None) -> Defect | None:
    e = _pick(b, lambda e: e.indicator is not None)
    if e is None:
        return None
    b.remove(e.iri, "gg:hasIndicator")
    return _defect(b, "A01", "goal without indicator", ("A01", _full(b, e.iri), "Warning"))


def _d_no_document(b: _Builder, _n: _Builder | None) -> Defect | None:
    e = _pick(b)
    if e is None:
        return None
    for goals in b.documents.values():
        if e.iri in goals:
            goals.remove(e.iri)
    return _defect(
        b, "A04", "goal without supporting document", ("A04", _full(b, e.iri), "Warning")
    )


_DEFECTS: dict[str, Callable[[_Builder, _Builder | None], Defect | None]] = {
    "I01": _d_level, "I03": _d_missing, "I04": _d_cycle, "I05": _d_sdg_indicator,
    "I06": _d_no_basis, "I07": _d_no_reason, "I08": _d_label, "I09": _d_citation,
    "I10": _d_decision, "I11": _d_steps, "M04": _d_rank, "M08": _d_no_parent, "M09": _d_cross,
    "M10": _d_owner, "M11": _d_decider, "M12": _d_indicator, "A01": _d_no_indicator,
    "A04": _d_no_document,
}  # fmt: skip
#: The shapes that the defects exercise.
DEFECT_SHAPES = tuple(sorted({str(SHAPES[k]) for k in _DEFECTS}))

__all__ = [
    "DEFECT_SHAPES",
    "Defect",
    "Expected",
    "SyntheticData",
    "SyntheticMunicipality",
    "generate",
]
