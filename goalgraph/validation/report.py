"""A validation's report: each result with its shape, focus node, messages in Swedish and
English and severity, and the report as text, JSON and RDF."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from rdflib import Graph

from goalgraph.conventions import Lang

if TYPE_CHECKING:
    from goalgraph.validation.findings import Labels


SEVERITY_LABELS: dict[str, dict[str, str]] = {
    "sv": {"Violation": "Överträdelse", "Warning": "Varning", "Info": "Information"},
    "en": {"Violation": "Violation", "Warning": "Warning", "Info": "Info"},
}


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, reported against the named shape (requirement) that produced it."""

    focus_node: str
    shape: str
    shape_id: str
    severity: str
    path: str | None
    value: str | None
    message_sv: str
    message_en: str
    municipality: str | None

    def message(self, lang: str) -> str:
        """The message in ``"sv"`` or ``"en"``."""
        if lang == "sv":
            return self.message_sv
        if lang == "en":
            return self.message_en
        raise ValueError(f"unsupported language {lang!r} (use 'sv' or 'en')")

    def sort_key(self) -> tuple[str, ...]:
        """Municipality, focus node, shape, then the rest: a total, deterministic order."""
        return (
            self.municipality or "",
            self.focus_node,
            self.shape,
            self.path or "",
            self.value or "",
            self.message_en,
        )


@dataclass
class ValidationReport:
    """The outcome of :func:`validate_graph`: the results and pySHACL's report graph."""

    conforms: bool
    results: list[ValidationResult]
    graph: Graph = field(repr=False, compare=False)
    #: The municipalities in the validated data, with or without results.
    municipalities: list[str] = field(default_factory=list)

    @property
    def violations(self) -> list[ValidationResult]:
        """Results with severity Violation."""
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        """Results with severity Warning."""
        return [r for r in self.results if r.severity == "Warning"]

    def by_municipality(self) -> dict[str | None, dict[str, list[ValidationResult]]]:
        """Results grouped by municipality, then by focus node, in report order.

        A validated municipality without results maps to an empty dict.
        """
        keys = set(self.municipalities) | {r.municipality for r in self.results}
        grouped: dict[str | None, dict[str, list[ValidationResult]]] = {
            m: {} for m in sorted(keys, key=lambda m: m or "")
        }
        for result in self.results:
            grouped[result.municipality].setdefault(result.focus_node, []).append(result)
        return grouped

    def to_text(self, lang: Lang = "sv", labels: Labels | None = None, group: str = "goal") -> str:
        """A readable report in Swedish (``"sv"``) or English (``"en"``): the summary, the
        findings named for people (goals by ``labels``, see :mod:`goalgraph.validation.findings`,
        grouped by ``"goal"`` or ``"finding"``), then the technical details with the RDF terms."""
        from goalgraph.validation.findings import present

        labels_for = SEVERITY_LABELS.get(lang)
        if labels_for is None:
            raise ValueError(f"unsupported language {lang!r} (use 'sv' or 'en')")
        counts = {s: sum(r.severity == s for r in self.results) for s in labels_for}
        if lang == "sv":
            head = [
                "Valideringsrapport",
                f"Uppfyller kraven: {'ja' if self.conforms else 'nej'} "
                f"({counts['Violation']} överträdelser, {counts['Warning']} varningar, "
                f"{counts['Info']} information)",
            ]
            details = "Tekniska detaljer"
        else:
            head = [
                "Validation report",
                f"Conforms: {'yes' if self.conforms else 'no'} "
                f"({counts['Violation']} violations, {counts['Warning']} warnings, "
                f"{counts['Info']} infos)",
            ]
            details = "Technical details"
        findings = present(self, labels, lang).to_text(group)  # type: ignore[arg-type]
        technical = self._technical_text(lang)
        return "\n".join([*head, "", findings, details, "", technical])

    def _technical_text(self, lang: str) -> str:
        """Every result by municipality and focus node, with shape ids and RDF terms."""
        labels = SEVERITY_LABELS[lang]
        if lang == "sv":
            heading, no_municipality, value_word = "Kommun", "(ingen kommun)", "värde"
            nothing = "Inga avvikelser."
        else:
            heading, no_municipality, value_word = "Municipality", "(no municipality)", "value"
            nothing = "No findings."
        lines: list[str] = []
        for municipality, by_focus in self.by_municipality().items():
            if lines:
                lines.append("")
            lines.append(f"{heading}: {municipality}" if municipality else no_municipality)
            if not by_focus:
                lines.append(f"  {nothing}")
            for focus, results in by_focus.items():
                lines.append(f"  {focus}")
                for r in results:
                    line = f"    [{labels[r.severity]}] {r.shape_id}: {r.message(lang)}"
                    if r.value is not None and r.value != focus:
                        line += f" ({value_word}: {r.value})"
                    lines.append(line)
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict[str, Any]:
        """A JSON-serialisable summary with stable keys."""
        return {
            "conforms": self.conforms,
            "violations": len(self.violations),
            "warnings": len(self.warnings),
            "municipalities": list(self.municipalities),
            "results": [asdict(r) for r in self.results],
        }

    def to_turtle(self) -> str:
        """The standard SHACL validation report (``sh:ValidationReport``) as pySHACL made it."""
        return self.graph.serialize(format="turtle")
