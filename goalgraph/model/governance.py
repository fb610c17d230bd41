"""A municipality's goal governance as goalgraph reads it: frozen dataclasses of its
governance model (levels by ``gg:rank`` with their local names, follow-up points, rules), its
chain elements, bodies, documents, Agenda 2030 links and processes.

:func:`goalgraph.model.reader.read_municipality` fills them from the store.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from goalgraph.model.gaps import SUPPORTS, Gap, LinkBasis
from goalgraph.model.recurrence import Recurrence
from goalgraph.model.structure import Structure


@dataclass(frozen=True)
class Ref:
    """A resource and its label, e.g. a body type or a follow-up kind."""

    iri: str
    label: str


@dataclass(frozen=True)
class Level:
    """A level of the governance model, under the municipality's own name."""

    iri: str
    label: str
    rank: int
    kind: Ref | None
    member_class: str | None
    parents: tuple[str, ...]
    decided_by: tuple[Ref, ...]
    owner_types: tuple[Ref, ...]
    indicators_here: bool | None

    @property
    def is_top(self) -> bool:
        """True for a level without a parent level (the top of the chain)."""
        return not self.parents


@dataclass(frozen=True)
class Element:
    """A vision, goal, focus area or activity of the chain."""

    iri: str
    type: str
    identifier: str | None
    label: str
    short_label: str | None
    definition: str | None
    level: str
    supports: tuple[str, ...] = ()
    owners: tuple[str, ...] = ()
    contributors: tuple[str, ...] = ()
    indicators: tuple[str, ...] = ()

    @property
    def display(self) -> str:
        """The label for diagrams and tables: the short label where there is one."""
        return self.short_label or self.label


@dataclass(frozen=True)
class Body:
    """A body or organisation: council, board, company, administration, external partner."""

    iri: str
    label: str
    short_label: str | None
    type: Ref
    parent: str | None

    @property
    def display(self) -> str:
        """The short name (``KF``) where there is one."""
        return self.short_label or self.label


@dataclass(frozen=True)
class Document:
    """A document with the chain elements it supports (``gg:supportsGoal``) or includes."""

    iri: str
    label: str
    type: Ref
    supports: tuple[str, ...]
    includes: tuple[str, ...]


@dataclass(frozen=True)
class SdgLink:
    """A link from a goal or document to an SDG goal or target."""

    source: str
    sdg: str
    notation: str
    goal: str
    goal_notation: str
    basis: str | None
    reason: str | None

    @property
    def is_target(self) -> bool:
        """True when the link is to a target (``11.3``), not a whole goal (``11``)."""
        return self.sdg != self.goal


@dataclass(frozen=True)
class SdgGoal:
    """One of the 17 SDG goals with its short name and official colour."""

    iri: str
    notation: str
    label: str
    colour: str


@dataclass(frozen=True)
class FollowUp:
    """A follow-up point of the governance model."""

    iri: str
    label: str
    kinds: tuple[Ref, ...]
    levels: tuple[str, ...]
    reports_to: tuple[str, ...]
    recurring_month: int | None = None
    times_per_year: int | None = None
    every_year: bool = False

    @property
    def recurrence(self) -> Recurrence:
        """When the follow-up recurs ("tre gånger per år"), as for a process step."""
        return Recurrence(self.recurring_month, self.times_per_year, self.every_year)


@dataclass(frozen=True)
class Rule:
    """A rule of the governance model."""

    iri: str
    label: str
    kind: Ref | None
    levels: tuple[str, ...]
    body_types: tuple[Ref, ...]


@dataclass(frozen=True)
class Step:
    """A process step: when, by whom, producing what, feeding back to whom."""

    iri: str
    order: int | None
    label: str
    date: str | None
    alternative_date: str | None
    performers: tuple[str, ...]
    produces: tuple[str, ...]
    kinds: tuple[Ref, ...]
    feeds_back_to: tuple[str, ...]
    recurring_month: int | None = None
    times_per_year: int | None = None
    proposes: tuple[str, ...] = ()
    every_year: bool = False

    @property
    def recurrence(self) -> Recurrence:
        """When the step recurs ("i juni varje år"), as for a follow-up point."""
        return Recurrence(self.recurring_month, self.times_per_year, self.every_year)


@dataclass(frozen=True)
class Process:
    """A process with its steps in order."""

    iri: str
    label: str
    process_of: Ref | None
    steps: tuple[Step, ...]

    @property
    def dated(self) -> bool:
        """True when at least one step has a planned date."""
        return any(step.date for step in self.steps)


@dataclass(frozen=True)
class Municipality:
    """Everything goalgraph knows about one municipality's goal governance."""

    slug: str
    iri: str
    label: str
    code: str | None
    lang: str
    levels: tuple[Level, ...]
    elements: tuple[Element, ...]
    bodies: tuple[Body, ...]
    documents: tuple[Document, ...]
    sdg_links: tuple[SdgLink, ...]
    follow_ups: tuple[FollowUp, ...]
    rules: tuple[Rule, ...]
    processes: tuple[Process, ...]
    #: dimensions, external-framework links and goal hierarchies (:mod:`.structure`)
    structure: Structure = field(default_factory=Structure)
    _index: dict[str, object] = field(default_factory=dict, repr=False, compare=False)
    gaps: tuple[Gap, ...] = ()
    link_bases: tuple[LinkBasis, ...] = ()

    def __post_init__(self) -> None:
        for group in (self.levels, self.elements, self.bodies, self.documents, self.processes):
            for item in group:
                self._index[item.iri] = item

    def level(self, iri: str) -> Level | None:
        """The level with this IRI."""
        found = self._index.get(iri)
        return found if isinstance(found, Level) else None

    def element(self, iri: str) -> Element | None:
        """The chain element with this IRI."""
        found = self._index.get(iri)
        return found if isinstance(found, Element) else None

    def body(self, iri: str) -> Body | None:
        """The body with this IRI."""
        found = self._index.get(iri)
        return found if isinstance(found, Body) else None

    def document(self, iri: str) -> Document | None:
        """The document with this IRI."""
        found = self._index.get(iri)
        return found if isinstance(found, Document) else None

    def label_of(self, iri: str) -> str:
        """The display label of any resource of the municipality; the IRI's end if unknown."""
        found = self._index.get(iri)
        if isinstance(found, Element | Body):
            return found.display
        if isinstance(found, Level | Document | Process):
            return found.label
        return iri.rstrip("/").rsplit("/", 1)[-1]

    def elements_at(self, level: str) -> tuple[Element, ...]:
        """The elements at one level, in order."""
        return tuple(e for e in self.elements if e.level == level)

    @cached_property
    def rank_of(self) -> Mapping[str, int]:
        """The rank of each element's level, by element IRI."""
        ranks = {level.iri: level.rank for level in self.levels}
        return {e.iri: ranks.get(e.level, len(self.levels) + 1) for e in self.elements}

    @cached_property
    def parent_not_stated(self) -> frozenset[str]:
        """The elements whose parent the sources do not state (by a gap on them or their level),
        or that support nothing while their parent level's elements were not read."""
        about = {gap.about for gap in self.gaps if gap.parent_not_stated}
        unread = {gap.about for gap in self.gaps if gap.not_retrieved}
        below_unread = {
            level.iri for level in self.levels if any(p in unread for p in level.parents)
        }
        return frozenset(
            e.iri
            for e in self.elements
            if e.iri in about or e.level in about or (e.level in below_unread and not e.supports)
        )

    def link_basis(self, source: str, target: str, prop: str = SUPPORTS) -> LinkBasis | None:
        """The basis recorded for the link ``source`` → ``target``, if any."""
        for basis in self.link_bases:
            if (basis.source, basis.target, basis.prop) == (source, target, prop):
                return basis
        return None

    def goal_links(self) -> tuple[SdgLink, ...]:
        """The SDG links of chain elements (not of documents)."""
        return tuple(link for link in self.sdg_links if link.source in self.rank_of)

    def document_links(self) -> tuple[SdgLink, ...]:
        """The SDG links made by documents, e.g. a programme that covers all 17 goals."""
        return tuple(link for link in self.sdg_links if link.source not in self.rank_of)
