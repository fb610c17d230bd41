"""A validation report limited to what a reader chose to see (by default the goals in force
today): findings about chain elements the selection leaves out, and about the indicators,
results and staged targets that only those elements have, are not shown.

The validation itself (and every write) still covers every period; only the report is limited.
Whether an element is in force is decided in :mod:`goalgraph.lifecycle.validity`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import RDF
from rdflib.term import Node

from goalgraph.lifecycle.selection import Resolved, Selection, resolve, selected_elements
from goalgraph.lifecycle.validity import chain_elements
from goalgraph.namespaces import GG, municipality_iri
from goalgraph.validation.report import ValidationReport, ValidationResult
from goalgraph.validation.state import RunStats, ScaleReport


@dataclass
class SelectedReport:
    """The report as shown, what was left out, and how the selection was decided."""

    report: ValidationReport
    left_out: list[ValidationResult] = field(default_factory=list)
    decided: dict[str, Resolved] = field(default_factory=dict)

    def note(self, lang: str = "sv") -> str:
        """One line per municipality: what is shown and how many findings are left out."""
        lines = []
        for slug, resolved in sorted(self.decided.items()):
            n = sum(r.municipality == str(municipality_iri(slug)) for r in self.left_out)
            if lang == "sv":
                extra = f"; {n} fynd om mål som inte gäller visas inte (--all-periods)" if n else ""
            else:
                extra = f"; {n} findings about goals not in force are not shown (--all-periods)"
                extra = extra if n else ""
            lines.append(f"{slug}: {resolved.text(lang)}{extra}")
        return "\n".join(lines)

    def selection_json(self) -> dict[str, object]:
        """The selection per municipality, for JSON answers."""
        return {
            slug: {
                "mode": r.mode,
                "day": r.day.isoformat(),
                "period": r.period.iri if r.period else None,
                "fallback": r.fallback,
                "text_sv": r.text("sv"),
                "text_en": r.text("en"),
                "left_out": sum(
                    x.municipality == str(municipality_iri(slug)) for x in self.left_out
                ),
            }
            for slug, r in sorted(self.decided.items())
        }


def hidden_nodes(graph: Graph, slug: str, resolved: Resolved) -> set[str]:
    """The municipality's chain elements the selection leaves out, and the indicators, results
    and staged targets that belong only to them."""
    municipality = municipality_iri(slug)
    elements = {e for e in chain_elements(graph) if (e, GG.municipality, municipality) in graph}
    gone: set[Node] = elements - selected_elements(graph, slug, resolved)
    for indicator in set(graph.subjects(RDF.type, GG.Indicator)):
        owners = set(graph.subjects(GG.hasIndicator, indicator))
        if owners and owners <= gone:
            gone.add(indicator)
            gone.update(graph.objects(indicator, GG.hasResult))
            gone.update(graph.objects(indicator, GG.hasStagedTarget))
    return {str(n) for n in gone}


def select_report(
    report: ValidationReport,
    graphs: Iterable[tuple[str, Graph]],
    selection: Selection,
    today: dt.date | None = None,
) -> SelectedReport:
    """``report`` without the findings on what ``selection`` leaves out of each municipality
    (``graphs``: slug and its graph)."""
    hidden: set[str] = set()
    decided: dict[str, Resolved] = {}
    for slug, graph in graphs:
        decided[slug] = resolve(graph, slug, selection, today)
        hidden |= hidden_nodes(graph, slug, decided[slug])
    shown = [r for r in report.results if r.focus_node not in hidden]
    left_out = [r for r in report.results if r.focus_node in hidden]
    conforms = not any(r.severity == "Violation" for r in shown)
    limited = ScaleReport(conforms, shown, None, list(report.municipalities))  # type: ignore[arg-type]
    limited.stats = getattr(report, "stats", RunStats("", False, 0, 0, [], {}))
    return SelectedReport(limited, left_out, decided)
