"""One synthetic municipality as Turtle: its governance model (one of several kinds), bodies,
periods, documents, decisions and processes; its goal chain is added by :mod:`.chain`."""

from __future__ import annotations

import random

from goalgraph.namespaces import ID
from goalgraph.testing.chain import add_chain
from goalgraph.testing.models import MODELS, Element
from goalgraph.testing.names import (
    BOARDS,
    COMPANIES,
    JOINT,
    PREFIXES,
    lit,
    slug_of,
)


class Builder:
    """Builds one municipality as Turtle statements, then injects defects."""

    def __init__(self, index: int, name: str, rng: random.Random) -> None:
        self.index = index
        self.name = name
        self.slug = slug_of(name)
        self.code = f"{9001 + index:04d}" if index < 999 else f"{index:04d}"
        self.rng = random.Random(rng.random())
        self.model_name = sorted(MODELS)[index % len(MODELS)]
        self.levels = MODELS[self.model_name](self.rng)
        self.subjects: dict[str, list[tuple[str, str]]] = {}
        self.elements: dict[str, Element] = {}
        #: The chain elements of each level (added by :func:`~goalgraph.testing.chain.add_chain`).
        self.by_level: dict[str, list[Element]] = {}
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
            f"gg:locator {lit(locator, None)} ; gg:passage {lit(passage, None)} ]",
        )

    def resource(
        self, iri: str, kind: str, label: str, *, locator: str, en: str | None = None
    ) -> None:
        self.add(iri, "a", kind)
        self.add(iri, "skos:prefLabel", lit(label))
        if en:
            self.add(iri, "skos:prefLabel", lit(en, "en"))
        self.add(iri, "gg:municipality", f"id:{self.slug}")
        self.cite(iri, label, locator)

    def iri(self, local: str) -> str:
        return f"{ID}{self.slug}/{local}"

    # -- the municipality ---------------------------------------------------------------------

    def _build(self) -> None:
        rng, p, m = self.rng, self.p, f"id:{self.slug}"
        self.add(m, "a", "gg:Municipality")
        self.add(m, "skos:prefLabel", lit(f"{self.name} kommun"))
        self.add(m, "skos:prefLabel", lit(f"{self.name} Municipality", "en"))
        self.add(m, "gg:municipalityCode", lit(self.code, None))
        self.cite(m, f"{self.name} kommuns mål och budget", "Inledning")
        year = rng.choice([2019, 2023])
        self.year = year
        source = f"{p}doc-kallan"
        self.add(source, "a", "gg:OfficialReport")
        self.add(
            source,
            "skos:prefLabel",
            lit(f"Mål och budget {year + 1}–{year + 3} (syntetisk källa)"),
        )
        self.add(source, "dcterms:title", lit(f"Mål och budget {year + 1}–{year + 3}"))
        self.add(source, "gg:caseNumber", lit(f"KS {year}/{rng.randint(10, 400)}", None))
        self.add(
            source,
            "dcterms:source",
            lit(f"synthetic/{self.slug}-mal-och-budget.txt", None),
        )
        self.add(source, "gg:municipality", m)
        self.cite(source, f"Mål och budget {year + 1}–{year + 3}", "Framsida")
        self._bodies()
        self._period()
        self._model_and_levels()
        add_chain(self)
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
        self.boards = rng.sample(BOARDS, rng.randint(3, 6))
        self.companies = rng.sample(COMPANIES, rng.randint(1, 3))
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

    def host_joint_body(self, partner: Builder) -> None:
        key, label = self.rng.choice(JOINT)
        body = f"{self.p}body-gemensam-{key}"
        self.resource(
            body, "gg:JointBody", f"{label} för {self.name} och {partner.name}", locator="Samverkan"
        )
        partner.partner_of(self, body, label)

    def partner_of(self, host: Builder, body: str, label: str) -> None:
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
        self.add(kf, "gg:paragraph", lit(f"§ {rng.randint(90, 180)}", None))
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

    def leaf_goals(self) -> list[Element]:
        parents = {q for e in self.elements.values() for q in e.parents}
        return [
            e
            for e in self.elements.values()
            if e.member == "Goal" and e.iri not in parents and e.iri not in self.used and e.parents
        ]

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
