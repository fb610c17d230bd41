"""Validation results as findings a person reads: the goal by its name, plain text, counts.

:func:`present` turns a :class:`~goalgraph.validation.graph.ValidationReport` (or a
:class:`~goalgraph.validation.scale.ScaleReport`) into :class:`Findings`. Each
:class:`Finding` names its goal by number and short label ("KF-mål 1 – Ansvarsfull och
produktiv ekonomi", read from the graph with :func:`goalgraph.model.reader.read_municipality`),
says what is missing and why it matters (texts from ``templates/findings.yaml``, Swedish and
English), and keeps the shape id and the RDF terms apart as technical details. Findings sort
naturally (KF-mål 2 before KF-mål 10) and group by goal or by finding.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal as LiteralType

import yaml

from goalgraph.conventions import check_lang, natural_key
from goalgraph.errors import GoalgraphError
from goalgraph.namespaces import SHAPES
from goalgraph.validation.graph import load_shapes
from goalgraph.validation.labels import (
    Labels,
    Subject,
    focus_iri,
    labels_from_store,
    report_labels,
    upload_labels,
)
from goalgraph.validation.report import ValidationReport
from goalgraph.validation.results import message_templates, template_pattern

__all__ = [
    "Finding",
    "Findings",
    "Labels",
    "Subject",
    "finding_text",
    "labels_from_store",
    "present",
    "report_labels",
    "upload_labels",
]

Group = LiteralType["goal", "finding"]
GROUPS: tuple[Group, ...] = ("goal", "finding")

_SEVERITY: dict[str, dict[str, str]] = {
    "sv": {"Violation": "Fel", "Warning": "Varning", "Info": "Information"},
    "en": {"Violation": "Error", "Warning": "Warning", "Info": "Information"},
}
_SEVERITY_ORDER = {"Violation": 0, "Warning": 1, "Info": 2}


@dataclass(frozen=True)
class Technical:
    """The RDF side of a finding: what pySHACL reported."""

    focus_node: str
    shape: str
    path: str | None
    value: str | None
    message: str


@dataclass(frozen=True)
class Finding:
    """One finding: the subject, what is missing, why it matters, and the technical details."""

    shape_id: str
    severity: str
    severity_label: str
    title: str
    text: str
    why: str
    subject: Subject
    municipality: str
    technical: Technical

    @property
    def anchor(self) -> str:
        """An HTML id for the finding's kind."""
        return f"finding-{self.shape_id}"


@dataclass(frozen=True)
class Count:
    """How often one kind of finding occurs."""

    shape_id: str
    title: str
    severity: str
    severity_label: str
    count: int


@dataclass
class Findings:
    """All findings of a report in one language, sorted naturally by subject."""

    lang: str
    conforms: bool
    items: list[Finding]
    municipalities: list[str]

    @property
    def counts(self) -> list[Count]:
        """One row per kind of finding, errors first, then by frequency and shape id."""
        rows: dict[str, Count] = {}
        for f in self.items:
            old = rows.get(f.shape_id)
            rows[f.shape_id] = Count(
                f.shape_id, f.title, f.severity, f.severity_label, (old.count if old else 0) + 1
            )
        return sorted(
            rows.values(),
            key=lambda c: (_SEVERITY_ORDER.get(c.severity, 3), -c.count, natural_key(c.shape_id)),
        )

    @property
    def t(self) -> dict[str, str]:
        """The interface strings of the findings in their language."""
        return _strings(self.lang)

    def by_goal(self) -> list[tuple[Subject, list[Finding]]]:
        """The findings grouped by their subject, in natural order."""
        groups: dict[str, list[Finding]] = {}
        for f in self.items:
            groups.setdefault(f.subject.iri, []).append(f)
        return [(fs[0].subject, fs) for fs in groups.values()]

    def by_finding(self) -> list[tuple[Count, list[Finding]]]:
        """The findings grouped by kind, in the order of :attr:`counts`."""
        groups: dict[str, list[Finding]] = {}
        for f in self.items:
            groups.setdefault(f.shape_id, []).append(f)
        return [(c, groups[c.shape_id]) for c in self.counts]

    def to_text(self, group: Group = "goal") -> str:
        """The findings as plain text: counts first, then grouped by goal or by finding."""
        t = _strings(self.lang)
        lines = [t["findings"], ""]
        if not self.items:
            return "\n".join([*lines, t["none"]]) + "\n"
        lines.append(t["counts"])
        width = max(len(str(c.count)) for c in self.counts)
        for c in self.counts:
            lines.append(f"  {c.count:>{width}}  {c.title} [{c.severity_label}, {c.shape_id}]")
        if group == "goal":
            for subject, items in self.by_goal():
                lines += ["", _subject_line(subject, items[0].municipality, t)]
                for f in items:
                    lines.append(f"  [{f.severity_label}] {f.title} ({f.shape_id})")
                    lines.append(f"    {f.text}")
                    lines.append(f"    {t['why']}: {f.why}")
        elif group == "finding":
            for count, items in self.by_finding():
                lines += ["", f"{count.title} [{count.severity_label}, {count.shape_id}]"]
                lines.append(f"  {items[0].why}")
                for f in items:
                    lines.append("  – " + _subject_line(f.subject, f.municipality, t))
        else:
            raise ValueError(f"unknown grouping {group!r} (use 'goal' or 'finding')")
        return "\n".join(lines) + "\n"


def _subject_line(subject: Subject, municipality: str, t: Mapping[str, str]) -> str:
    parts = [subject.name]
    if subject.level:
        parts.append(f"({subject.level})")
    if municipality:
        parts.append(f"– {municipality}")
    return " ".join(parts)


@cache
def _texts() -> dict[str, dict[str, dict[str, str]]]:
    path = Path(__file__).resolve().parent.parent / "templates" / "findings.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise GoalgraphError(f"{path}: expected a mapping of shape ids")
    return data


_STRINGS = {
    "sv": {
        "findings": "Granskningsfynd",
        "counts": "Antal per fynd:",
        "none": "Inga fynd.",
        "why": "Varför det spelar roll",
        "group_by": "Gruppera",
        "by_goal": "per mål",
        "by_finding": "per fynd",
        "technical": "Tekniska detaljer",
        "shape": "Regel",
        "count": "Antal",
        "finding": "Fynd",
        "goals": "Mål",
        "reports": "Rapporter",
        "audit_report": "Granskning av målkedjan",
        "programme_report": "Målprogram",
        "followup_report": "Uppföljning",
    },
    "en": {
        "findings": "Audit findings",
        "counts": "Count per finding:",
        "none": "No findings.",
        "why": "Why it matters",
        "group_by": "Group",
        "by_goal": "by goal",
        "by_finding": "by finding",
        "technical": "Technical details",
        "shape": "Rule",
        "count": "Count",
        "finding": "Finding",
        "goals": "Goals",
        "reports": "Reports",
        "audit_report": "Review of the goal chain",
        "programme_report": "Goal programme",
        "followup_report": "Follow-up",
    },
}


def _strings(lang: str) -> dict[str, str]:
    return _STRINGS[check_lang(lang)]


def finding_text(shape_id: str, lang: str) -> dict[str, str]:
    """The title, text and why of one shape in ``lang`` (from ``findings.yaml``)."""
    entry = _texts().get(shape_id, {}).get(check_lang(lang))
    if entry is None:
        fallback = _STRINGS[lang]
        return {"title": shape_id, "text": "", "why": fallback["none"]}
    return entry


def _body_name(result_message: str, shape_id: str, lang: str) -> str:
    """The body named in an A05-style message, recovered from the filled-in shape message."""

    template = message_templates(load_shapes(True), SHAPES[shape_id]).get(lang)
    pattern = template_pattern(template) if template else None
    match = pattern.fullmatch(result_message) if pattern else None
    return (match.groupdict().get("bodyName") or "") if match else ""


def present(
    report: ValidationReport, labels: Labels | None = None, lang: str | None = None
) -> Findings:
    """The findings of ``report`` (a ValidationReport or ScaleReport) named with ``labels``."""

    if not isinstance(report, ValidationReport):
        raise TypeError("present() takes a validation report")
    lang = check_lang(lang or (labels.lang if labels else "sv"))
    labels = labels or Labels(lang)
    items: list[Finding] = []
    for r in report.results:
        texts = finding_text(r.shape_id, lang)
        text = texts["text"]
        if "{body}" in text:
            body = _body_name(r.message(lang), r.shape_id, lang) or "?"
            text = text.replace("{body}", body)
        if "{source}" in text:  # the document a gap names as leaving the statement open
            text = text.replace("{source}", labels.subject(r.value).name if r.value else "?")
        items.append(
            Finding(
                shape_id=r.shape_id,
                severity=r.severity,
                severity_label=_SEVERITY[lang].get(r.severity, r.severity),
                title=texts["title"],
                text=text,
                why=texts["why"],
                subject=labels.subject(focus_iri(r.focus_node)),
                municipality=labels.municipality(r.municipality),
                technical=Technical(r.focus_node, r.shape, r.path, r.value, r.message(lang)),
            )
        )
    items.sort(
        key=lambda f: (
            f.municipality,
            f.subject.sort,
            natural_key(f.subject.name),
            _SEVERITY_ORDER.get(f.severity, 3),
            natural_key(f.shape_id),
            f.technical.value or "",
        )
    )
    return Findings(lang, report.conforms, items, list(report.municipalities))
