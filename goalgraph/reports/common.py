"""What every report reads from the graph: the municipality, names, sources and words."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

import yaml
from rdflib import Literal, URIRef

from goalgraph.errors import GoalgraphError
from goalgraph.model.governance import Element, Municipality
from goalgraph.model.reader import (
    TermLabels,
    check_lang,
    natural_key,
    read_municipality,
    read_sdg_goals,
)
from goalgraph.namespaces import BASE, GG
from goalgraph.sparql.named import run_query
from goalgraph.store.oxigraph import Store

STRINGS_FILE = Path(__file__).resolve().parent.parent / "templates" / "reports" / "strings.yaml"
#: Links in reports point to the resources' own IRIs unless told otherwise.
LINK_BASE = BASE.rstrip("/")

_CITATIONS = """\
PREFIX gg: <https://w3id.org/goalgraph/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?element ?passage ?locator ?document ?documentLabel WHERE {
  ?element gg:municipality ?municipality ; gg:citation ?citation .
  ?citation gg:passage ?passage .
  OPTIONAL { ?citation gg:locator ?locator }
  OPTIONAL { ?citation gg:citedDocument ?document .
             OPTIONAL { ?document skos:prefLabel ?documentLabel } }
}"""


@cache
def strings(lang: str) -> dict[str, str]:
    """The report words in ``lang``."""
    data = yaml.safe_load(STRINGS_FILE.read_text(encoding="utf-8"))
    return {k: str(v) for k, v in data[check_lang(lang)].items()}


@dataclass(frozen=True)
class Citation:
    """A verbatim passage behind a statement, and where it stands."""

    passage: str
    document: str
    locator: str | None


@dataclass
class Context:
    """One municipality read once for a report."""

    store: Store
    slug: str
    lang: str
    link_base: str = LINK_BASE
    date: dt.date = field(default_factory=dt.date.today)

    def __post_init__(self) -> None:
        check_lang(self.lang)

    @cached_property
    def model(self) -> Municipality:
        """The municipality as :func:`read_municipality` reads it."""
        return read_municipality(self.store, self.slug, self.lang)

    @cached_property
    def terms(self) -> TermLabels:
        """Labels of the ontology's terms (bases of Agenda 2030 links, statuses)."""
        return TermLabels(run_query(self.store, "term-labels"), self.lang)

    @cached_property
    def sdg_names(self) -> dict[str, str]:
        """The SDG goals' short names by notation."""
        return {g.notation: g.label for g in read_sdg_goals(self.store, self.lang)}

    @property
    def t(self) -> dict[str, str]:
        """The report words."""
        return strings(self.lang)

    @cached_property
    def citations(self) -> dict[str, list[Citation]]:
        """Each resource's citations, in a stable order."""
        rows = self.store.select(_CITATIONS, {"municipality": URIRef(self.model.iri)})
        found: dict[str, dict[tuple[str, str, str], Citation]] = defaultdict(dict)
        labels: dict[str, dict[str, str]] = defaultdict(dict)
        for row in rows:
            document, label = row.get("document"), row.get("documentLabel")
            if document is not None and isinstance(label, Literal):
                labels[str(document)].setdefault(label.language or "", str(label))
        for row in rows:
            document = row.get("document")
            names = labels.get(str(document), {})
            name = next((names[k] for k in (self.lang, "sv", "") if k in names), "")
            locator = row.get("locator")
            citation = Citation(
                str(row["passage"]), name, None if locator is None else str(locator)
            )
            key = (citation.document, citation.locator or "", citation.passage)
            found[str(row["element"])][key] = citation
        return {k: [v[key] for key in sorted(v)] for k, v in found.items()}

    def name(self, element: Element) -> str:
        """ "KF-mål 1 – Ansvarsfull och produktiv ekonomi": number and short label."""
        if element.identifier:
            return f"{element.identifier} – {element.short_label or element.label}"
        return element.short_label or element.label

    def href(self, iri: str) -> str | None:
        """Where a resource's link points: ``link_base`` plus its path."""
        if iri.startswith(BASE):
            return self.link_base + "/" + iri[len(BASE) :]
        return None

    def level_label(self, element: Element) -> str:
        """The name of the element's level."""
        level = self.model.level(element.level)
        return level.label if level else ""

    def goals(self) -> list[Element]:
        """The chain's elements, by level rank, then naturally by number and name."""
        ranks = self.model.rank_of
        return sorted(
            self.model.elements,
            key=lambda e: (ranks.get(e.iri, 99), natural_key(e.identifier or e.display)),
        )

    def council_levels(self) -> list[str]:
        """The levels of the council's goals (gg:CouncilGoalLevel), else every goal level."""
        levels = [lv for lv in self.model.levels if self.model.elements_at(lv.iri)]
        chosen = [lv.iri for lv in levels if lv.kind and lv.kind.iri == str(GG.CouncilGoalLevel)]
        if chosen:
            return chosen
        goal_levels = [lv.iri for lv in levels if lv.member_class == str(GG.Goal)]
        if not goal_levels:
            raise GoalgraphError(f"{self.model.label} has no goals to report on")
        return goal_levels

    def names(self, iris: tuple[str, ...] | list[str]) -> list[str]:
        """Display names of resources, in natural order."""
        out = []
        for iri in iris:
            element = self.model.element(iri)
            out.append(self.name(element) if element else self.model.label_of(iri))
        return sorted(out, key=natural_key)


def percent(value: float | None) -> str:
    """``96 %``, or ``–`` without a value."""
    return "–" if value is None else f"{round(value * 100)} %"


def number(value: float | None, unit: str | None = None) -> str:
    """A number as written in a report, with its unit."""
    if value is None:
        return "–"
    text = f"{value:g}"
    return f"{text} {unit}" if unit else text
