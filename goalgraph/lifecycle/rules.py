"""Roll-up rules: how a goal's attainment is computed and combined, and the colour scale of its
status. The rules are data (``gg:RollUpRule``); where the data names none,
``goalgraph/lifecycle/default-rule.yaml`` applies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS
from rdflib.term import Node

from goalgraph import resources
from goalgraph.authoring.template import vocabularies
from goalgraph.namespaces import GG


@dataclass(frozen=True)
class Band:
    """One band of a colour scale: from a minimum attainment, for a trend, or defined in words
    (``min`` ``None``) with the municipality's symbol."""

    min: float | None
    status: str
    colour: str
    label_sv: str
    label_en: str
    symbol: str | None = None
    definition_sv: str | None = None
    definition_en: str | None = None
    trend: str | None = None

    def label(self, lang: str) -> str:
        """The band's label in ``sv`` or ``en``, after its symbol if it has one."""
        text = self.label_sv if lang == "sv" else self.label_en
        return f"{self.symbol} {text}" if self.symbol else text

    def definition(self, lang: str) -> str | None:
        """What the band means in the municipality's words (``sv`` or ``en``, else Swedish)."""
        return (self.definition_en if lang == "en" else None) or self.definition_sv


@dataclass(frozen=True)
class Rule:
    """A roll-up rule: how attainment is computed and combined, and its colour scale."""

    iri: str | None
    aggregation: str
    attainment: str
    bands: tuple[Band, ...]
    no_data: Band
    from_assessment: bool = False
    valid_from: int | None = None
    valid_through: int | None = None

    @property
    def has_thresholds(self) -> bool:
        """Whether some band starts at a minimum attainment (a computed attainment fits)."""
        return any(b.min is not None for b in self.bands)

    @property
    def is_trend_scale(self) -> bool:
        """Whether the bands are chosen by trend rather than by attainment."""
        return any(b.trend is not None for b in self.bands)

    def band(self, attainment: float | None) -> Band:
        """The band an attainment falls in (the no-data band for ``None``)."""
        if attainment is None:
            return self.no_data
        for band in sorted(self.bands, key=lambda b: -(b.min or 0.0)):
            if band.min is not None and attainment + 1e-9 >= band.min:
                return band
        return self.no_data

    def band_of_status(self, status: str) -> Band:
        """The band the scale shows for a status (e.g. an assessment's), else the default's."""
        for band in (*self.bands, self.no_data):
            if band.status == status and band.trend is None:
                return band
        default = next(
            (b for b in (*DEFAULT_RULE.bands, DEFAULT_RULE.no_data) if b.status == status), None
        )
        return default or self.no_data

    def band_of_trend(self, trend: str | None) -> Band:
        """The band the scale shows for a trend (the no-data band without one)."""
        return next((b for b in self.bands if trend is not None and b.trend == trend), self.no_data)

    def valid_in(self, year: int | None) -> bool:
        """Whether the rule applies in ``year`` (any rule applies without a year)."""
        if year is None:
            return True
        starts = self.valid_from is None or self.valid_from <= year
        return starts and (self.valid_through is None or year <= self.valid_through)


def _gg(curie: str) -> str:
    prefix, _, local = curie.partition(":")
    if prefix != "gg":
        raise ValueError(f"{resources.default_rule_file()}: not a gg: term: {curie!r}")
    return str(GG[local])


def _band(entry: Mapping[str, Any]) -> Band:
    return Band(
        float(entry["min"]), _gg(entry["status"]), entry["colour"], entry["sv"], entry["en"]
    )


def _default_rule() -> Rule:
    """The rule of ``goalgraph/lifecycle/default-rule.yaml``."""
    with resources.default_rule_file().open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return Rule(
        None,
        _gg(data["aggregation"]),
        _gg(data["attainment"]),
        tuple(_band(entry) for entry in data["bands"]),
        _band(data["no_data"]),
    )


DEFAULT_RULE = _default_rule()
NO_DATA = DEFAULT_RULE.no_data


def literal_float(node: Node | None) -> float | None:
    """A literal's number, or ``None`` when it is no literal or no number."""
    if not isinstance(node, Literal):
        return None
    try:
        return float(Decimal(str(node)))
    except ArithmeticError:
        return None


def literal_text(graph: Graph, node: Node, prop: URIRef, lang: str = "sv") -> str | None:
    """The value of ``prop`` in ``lang``, else Swedish, untagged or any."""
    values = {o.language: str(o) for o in graph.objects(node, prop) if isinstance(o, Literal)}
    if not values:
        return None
    return values.get(lang) or values.get("sv") or values.get(None) or next(iter(values.values()))


def read_rule(graph: Graph, iri: Node) -> Rule:
    """A roll-up rule from the graph."""
    bands = []
    no_data = NO_DATA
    for node in graph.objects(iri, GG.hasBand):
        status = graph.value(node, GG.status)
        trend = graph.value(node, GG.trend)
        minimum = literal_float(graph.value(node, GG.minAttainment))
        default = next((b for b in (*DEFAULT_RULE.bands, NO_DATA) if b.status == str(status)), None)
        symbol = graph.value(node, GG.symbol)
        band = Band(
            minimum,
            str(status) if status is not None else str(trend),
            str(graph.value(node, GG.colour) or (default.colour if default else "#bdbdbd")),
            _exact(graph, node, "sv") or _status_label(graph, status or trend, "sv"),
            _exact(graph, node, "en") or _status_label(graph, status or trend, "en"),
            None if symbol is None else str(symbol),
            _exact(graph, node, "sv", SKOS.definition),
            _exact(graph, node, "en", SKOS.definition),
            None if trend is None else str(trend),
        )
        if status == GG.NoData and trend is None:
            no_data = band
        else:
            bands.append(band)
    aggregation = graph.value(iri, GG.aggregation) or GG.WeightedMean
    attainment = graph.value(iri, GG.attainmentMethod) or GG.RatioToTarget
    assessed = graph.value(iri, GG.statusFromAssessment)
    from_assessment = isinstance(assessed, Literal) and assessed.toPython() is True
    default_bands = () if from_assessment else DEFAULT_RULE.bands
    return Rule(
        str(iri),
        str(aggregation),
        str(attainment),
        tuple(sorted(bands, key=lambda b: -(b.min or 0.0))) or default_bands,
        no_data,
        from_assessment,
        _year(graph.value(iri, GG.validFrom)),
        _year(graph.value(iri, GG.validThrough)),
    )


def _year(node: Node | None) -> int | None:
    text = str(node) if isinstance(node, Literal) else ""
    return int(text[:4]) if text[:4].isdigit() else None


def _exact(graph: Graph, node: Node, lang: str, prop: URIRef = SKOS.prefLabel) -> str | None:
    return next(
        (str(o) for o in graph.objects(node, prop) if getattr(o, "language", None) == lang),
        None,
    )


def _status_label(graph: Graph, status: Node | None, lang: str) -> str:
    default = next((b for b in (*DEFAULT_RULE.bands, NO_DATA) if b.status == str(status)), None)
    if default is not None:
        return default.label(lang)
    if status is not None:
        label = literal_text(graph, status, SKOS.prefLabel, lang) or concept_label(status, lang)
        if label is not None:
            return label
    return str(status)


def concept_label(iri: Node, lang: str) -> str | None:
    """The ontology's label of a status, trend, target kind or comparison group."""
    for name in ("status", "trend", "target_kind", "comparison_group"):
        for term in vocabularies()[name]:
            if term.iri == iri:
                return term.en if lang == "en" else term.sv
    return None


def _valid_rule(graph: Graph, holder: Node | None, year: int | None) -> Rule | None:
    """The rule of ``holder`` that applies in ``year`` (the latest one without a year)."""
    if holder is None:
        return None
    rules = [read_rule(graph, r) for r in graph.objects(holder, GG.rollUpRule)]
    valid = [r for r in rules if r.valid_in(year)]
    if not valid:
        return None
    return max(valid, key=lambda r: (r.valid_through or 9999, r.valid_from or 0, r.iri or ""))


def rule_for(graph: Graph, element: Node, year: int | None = None) -> Rule:
    """The nearest roll-up rule that applies in ``year``: on the element, its level, or its
    governance model (a rule limited to other years does not apply)."""
    level = graph.value(element, GG.atLevel)
    model = graph.value(None, GG.hasLevel, level) if level is not None else None
    for holder in (element, level, model):
        rule = _valid_rule(graph, holder, year)
        if rule is not None:
            return rule
    return DEFAULT_RULE
