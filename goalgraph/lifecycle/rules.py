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
from goalgraph.namespaces import GG


@dataclass(frozen=True)
class Band:
    """One band of a colour scale."""

    min: float
    status: str
    colour: str
    label_sv: str
    label_en: str

    def label(self, lang: str) -> str:
        """The band's label in ``sv`` or ``en``."""
        return self.label_sv if lang == "sv" else self.label_en


@dataclass(frozen=True)
class Rule:
    """A roll-up rule: how attainment is computed and combined, and its colour scale."""

    iri: str | None
    aggregation: str
    attainment: str
    bands: tuple[Band, ...]
    no_data: Band

    def band(self, attainment: float | None) -> Band:
        """The band an attainment falls in (the no-data band for ``None``)."""
        if attainment is None:
            return self.no_data
        for band in sorted(self.bands, key=lambda b: -b.min):
            if attainment + 1e-9 >= band.min:
                return band
        return self.no_data


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
        minimum = literal_float(graph.value(node, GG.minAttainment))
        default = next((b for b in (*DEFAULT_RULE.bands, NO_DATA) if b.status == str(status)), None)
        band = Band(
            minimum if minimum is not None else 0.0,
            str(status),
            str(graph.value(node, GG.colour) or (default.colour if default else "#bdbdbd")),
            _exact(graph, node, "sv") or _status_label(graph, status, "sv"),
            _exact(graph, node, "en") or _status_label(graph, status, "en"),
        )
        if status == GG.NoData:
            no_data = band
        else:
            bands.append(band)
    aggregation = graph.value(iri, GG.aggregation) or GG.WeightedMean
    attainment = graph.value(iri, GG.attainmentMethod) or GG.RatioToTarget
    return Rule(
        str(iri),
        str(aggregation),
        str(attainment),
        tuple(sorted(bands, key=lambda b: -b.min)) or DEFAULT_RULE.bands,
        no_data,
    )


def _exact(graph: Graph, node: Node, lang: str) -> str | None:
    return next(
        (
            str(o)
            for o in graph.objects(node, SKOS.prefLabel)
            if getattr(o, "language", None) == lang
        ),
        None,
    )


def _status_label(graph: Graph, status: Node | None, lang: str) -> str:
    default = next((b for b in (*DEFAULT_RULE.bands, NO_DATA) if b.status == str(status)), None)
    if default is not None:
        return default.label(lang)
    return str(status)


def rule_for(graph: Graph, element: Node) -> Rule:
    """The nearest roll-up rule: on the element, its level, or its governance model."""
    rule = graph.value(element, GG.rollUpRule)
    level = graph.value(element, GG.atLevel)
    if rule is None and level is not None:
        rule = graph.value(level, GG.rollUpRule)
        if rule is None:
            model = graph.value(None, GG.hasLevel, level)
            rule = graph.value(model, GG.rollUpRule) if model is not None else None
    return DEFAULT_RULE if rule is None else read_rule(graph, rule)
