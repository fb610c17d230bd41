"""The comparison of municipalities as a report: JSON data, Markdown, and HTML with the
diagrams inline (templates in ``goalgraph/templates/``)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import asdict
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

import jinja2
from markupsafe import Markup

from goalgraph.analysis import clusters
from goalgraph.analysis.metrics import plain
from goalgraph.diagrams import chain_diagram, comparison_diagram, process_diagram
from goalgraph.diagrams import style as diagram_style
from goalgraph.diagrams.render import render_dot
from goalgraph.model.governance import Municipality

if TYPE_CHECKING:
    from goalgraph.analysis.compare import Comparison, LevelRow
    from goalgraph.analysis.sdg_overlap import SdgRow

NONE = "\u2013"  # an en dash for "no value"
#: Up to this many municipalities the report also draws each one's goal chain and processes.
MAX_DIAGRAMS_EACH = 3


def comparison_json(comparison: Comparison) -> dict[str, Any]:
    """The comparison as plain JSON data (lists, dicts, strings, numbers)."""
    data = {
        "lang": comparison.lang,
        "municipalities": [
            {"slug": m.slug, "iri": m.iri, "label": m.label, "code": m.code}
            for m in comparison.municipalities
        ],
        "governance": {
            "levels": [_level_row_json(row, comparison.slugs) for row in comparison.levels],
            "follow_up": {
                m.slug: _follow_up_json(m, comparison.lang) for m in comparison.municipalities
            },
            "rules": {m.slug: _rules_json(m) for m in comparison.municipalities},
        },
        "metrics": {m.slug: m.to_json() for m in comparison.metrics},
        "sdg": {
            "matrix": [_sdg_row_json(row, comparison.slugs) for row in comparison.sdg],
            "overlap": [asdict(o) for o in comparison.overlaps],
        },
        "similar_goals": [asdict(pair) for pair in comparison.similar],
        "processes": {
            "profiles": {p.slug: asdict(p) for p in comparison.processes},
            "differences": [asdict(d) for d in comparison.differences],
        },
        "current": {
            "periods": {p.slug: asdict(p) for p in comparison.periods},
            "metrics": {m.slug: m.to_json() for m in comparison.current_metrics},
        },
        "clusters": {
            "structures": [asdict(c) for c in comparison.structure_clusters],
            "goals": [asdict(c) for c in comparison.goal_clusters],
            "max_structure_distance": clusters.MAX_STRUCTURE_DISTANCE,
            "min_goal_similarity": clusters.MIN_GOAL_SIMILARITY,
            "features": [key for key, _ in clusters.FEATURES],
        },
        "structure": {p.slug: p.to_json() for p in comparison.structure},
        "targets": {p.slug: p.to_json() for p in comparison.targets},
        "reference": {
            "total": len(comparison.reference),
            "with_goal_data": sum(1 for r in comparison.reference if r.has_goal_data),
            "without_goal_data": [asdict(r) for r in comparison.reference if not r.has_goal_data],
        },
    }
    result: dict[str, Any] = plain(data)
    return result


def render(template: str, comparison: Comparison, link_base: str | None) -> str:
    """The comparison through one of the report templates (``goalgraph/templates/``); without
    ``link_base`` the report has no diagrams."""
    return _environment().get_template(template).render(**_context(comparison, link_base))


def diagrams(comparison: Comparison, link_base: str) -> list[tuple[str, str]]:
    """The report's diagrams as ``(title, svg)``: the comparison, then each municipality's
    goal chain and processes."""
    texts = diagram_style.strings(comparison.lang)
    # with many municipalities only the comparison diagram: each chain is on its own page
    each = len(comparison.municipalities) <= MAX_DIAGRAMS_EACH
    found = [
        (
            texts["comparison_title"].format(
                names=", ".join(m.label for m in comparison.municipalities)
            ),
            comparison_diagram(
                comparison.municipalities, comparison.sdg_goals, link_base=link_base
            ),
        )
    ]
    for model in comparison.municipalities if each else ():
        found.append(
            (
                texts["chain_title"].format(name=model.label),
                chain_diagram(model, comparison.sdg_goals, link_base=link_base),
            )
        )
        if model.processes:
            found.append(
                (
                    texts["process_title"].format(name=model.label),
                    process_diagram(model, link_base=link_base),
                )
            )
    return [(title, _inline_svg(render_dot(graph.source, "svg"))) for title, graph in found]


def _context(comparison: Comparison, link_base: str | None) -> dict[str, Any]:
    data = comparison.to_json()
    return {
        "data": data,
        "t": {**diagram_style.strings(comparison.lang), **comparison_strings(comparison.lang)},
        "lang": comparison.lang,
        "names": {m.slug: m.label for m in comparison.municipalities},
        "diagrams": [] if link_base is None else diagrams(comparison, link_base),
        "link": (lambda iri: diagram_style.link(iri, link_base or "")),
    }


def _level_row_json(row: LevelRow, slugs: Sequence[str]) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "label": row.label,
        "levels": {
            slug: [asdict(c) for c in cells] for slug, cells in zip(slugs, row.cells, strict=True)
        },
    }


def _follow_up_json(model: Municipality, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "iri": f.iri,
            "label": f.label,
            "kinds": [k.label for k in f.kinds],
            "recurs": f.recurrence.text(lang),
            "levels": [model.label_of(level) for level in f.levels],
            "reports_to": [model.label_of(b) for b in f.reports_to],
        }
        for f in model.follow_ups
    ]


def _rules_json(model: Municipality) -> list[dict[str, Any]]:
    return [
        {
            "iri": r.iri,
            "label": r.label,
            "kind": r.kind.label if r.kind else None,
            "levels": [model.label_of(level) for level in r.levels],
            "body_types": [b.label for b in r.body_types],
        }
        for r in model.rules
    ]


def _sdg_row_json(row: SdgRow, slugs: Sequence[str]) -> dict[str, Any]:
    return {
        "goal": row.goal.notation,
        "iri": row.goal.iri,
        "label": row.goal.label,
        "colour": row.goal.colour,
        "goals": dict(zip(slugs, row.goals, strict=True)),
        "targets": {slug: list(t) for slug, t in zip(slugs, row.targets, strict=True)},
        "via_documents": dict(zip(slugs, row.via_documents, strict=True)),
    }


def _inline_svg(data: bytes) -> Markup:
    """Graphviz SVG for inlining in HTML: without the XML declaration, doctype and comments."""
    text = data.decode("utf-8")
    text = text[text.index("<svg") :]
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return Markup(text.strip())  # noqa: S704 - Graphviz escapes the text it writes


@cache
def _comparison_strings() -> dict[str, dict[str, str]]:
    text = resources.files("goalgraph").joinpath("templates/comparison.json").read_text("utf-8")
    data: dict[str, dict[str, str]] = json.loads(text)
    return data


def comparison_strings(lang: str) -> dict[str, str]:
    """The texts of the comparison of all municipalities (clusters, periods, reference list)."""
    return _comparison_strings()[lang]


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("goalgraph", "templates"),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html",), default=False),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["num"] = _number
    env.filters["pct"] = _percent
    env.filters["cell"] = _markdown_cell
    env.filters["date"] = diagram_style.format_date
    env.filters["ink"] = diagram_style.text_colour
    env.filters["name_of"] = lambda slug, names: names.get(slug, slug)
    env.filters["feature_name"] = lambda key, t: t["f_" + key]
    return env


def _number(value: float | int | None, lang: str, digits: int = 2) -> str:
    if value is None:
        return NONE
    if isinstance(value, int):
        return str(value)
    text = f"{value:.{digits}f}"
    return text.replace(".", ",") if lang == "sv" else text


def _percent(value: float | None, lang: str) -> str:
    if value is None:
        return NONE
    text = f"{round(value * 100)}"
    return f"{text}\u00a0%" if lang == "sv" else f"{text}%"


def _markdown_cell(value: object) -> str:
    """Text for a Markdown table cell: one line, pipes and markup characters escaped."""
    text = " ".join(str(value).split())
    return re.sub(r"([\\|*_`\[\]<>#])", r"\\\1", text)
