"""How well the Agenda 2030 suggestions and the "similar goals" text signal do on goals they
were not written from.

1. The SDG suggester (``goalgraph.authoring.suggest``): precision at k and hit rate at
   k = 1, 3, 5, at goal level (a suggested target counts for its global goal) and at target
   level (only goals whose source names targets), in-sample (the curated links of Vaggeryd
   and Nora, whose documents the lexicon was written from) and held out
   (``tests/suggestion/heldout/``: goals of other municipalities with the links their own
   pages state). Baselines in the same run: text similarity only (``use_lexicon=False``) and
   "always the most common goals (targets) of the in-sample links".
2. The text signal of "similar goals" (``goalgraph.analysis.similar``): among pairs of held-out
   goals of different municipalities, does Dice >= ``MIN_TEXT_SIMILARITY`` (with at least one
   shared word) find the pairs whose sources link them to a shared global goal? A proxy: a
   shared global goal is a broad notion of "about the same thing".

Run: .venv/bin/python benchmarks/bench_suggest.py [--output FILE]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import os
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path

import yaml
from rdflib import Graph, URIRef

from goalgraph import resources
from goalgraph.analysis.similar import MIN_TEXT_SIMILARITY
from goalgraph.analysis.text import dice, shared_words
from goalgraph.authoring.suggest import lexicon, lexicon_file, suggest
from goalgraph.authoring.suggest_evaluation import reviewed_links

sys.path.insert(0, str(Path(__file__).resolve().parent))
from timing import machine, write_results

HELDOUT = Path(__file__).resolve().parent.parent / "tests" / "suggestion" / "heldout"
KS = (1, 3, 5)
_PREF_LABEL = URIRef("http://www.w3.org/2004/02/skos/core#prefLabel")


@dataclass(frozen=True)
class Gold:
    """One goal text with the global goals and targets its source links it to."""

    municipality: str
    source: str
    text: str
    goals: frozenset[str]
    targets: frozenset[str]


def _goal_of(notation: str) -> str:
    return notation.split(".", 1)[0]


def heldout() -> list[Gold]:
    """The held-out goals; a text listed in several files of one municipality is one goal
    with the links of all of them."""
    merged: dict[tuple[str, str], tuple[str, set[str]]] = {}
    for path in sorted(HELDOUT.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for goal in data["goals"]:
            key = (data["municipality"], goal["text"])
            _, links = merged.setdefault(key, (path.stem, set()))
            links.update(str(s) for s in goal["sdg"])
    return [
        Gold(
            municipality,
            source,
            text,
            frozenset(_goal_of(n) for n in links),
            frozenset(n for n in links if "." in n),
        )
        for (municipality, text), (source, links) in merged.items()
    ]


def in_sample() -> list[Gold]:
    """The goals of Vaggeryd and Nora with reviewed (not gg:Suggested) SDG links, read as
    :func:`goalgraph.authoring.suggest_evaluation.evaluate` reads them, at goal and target level."""
    golds = []
    for slug in ("vaggeryd", "nora"):
        graph = Graph().parse(resources.municipalities_dir() / f"{slug}.ttl")
        for _goal, label, links in reviewed_links(graph):
            golds.append(
                Gold(
                    slug,
                    slug,
                    label,
                    frozenset(_goal_of(n) for n in links),
                    frozenset(n for n in links if "." in n),
                )
            )
    return golds


Ranker = Callable[[Gold, int], list[str]]


def suggester(*, use_lexicon: bool) -> Ranker:
    """The top k suggested target notations for a goal text."""

    def rank(gold: Gold, k: int) -> list[str]:
        return [s.notation for s in suggest(gold.text, "sv", limit=k, use_lexicon=use_lexicon)]

    return rank


def frequency(golds: Sequence[Gold], *, level: str) -> Ranker:
    """Always the k most common goals (or targets) of ``golds``."""
    counts = Counter(n for g in golds for n in (g.goals if level == "goal" else g.targets))
    ranked = [n for n, _ in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    return lambda gold, k: ranked[:k]


@dataclass(frozen=True)
class Score:
    goals: int
    precision: float
    hit_rate: float


def score(golds: Sequence[Gold], rank: Ranker, k: int, level: str) -> Score:
    """Precision at k (mean over goals of right items among the top k, divided by k) and hit
    rate (share of goals with at least one right item in the top k). At goal level a target
    counts for its global goal; at target level only goals whose source names targets count."""
    if level == "target":
        golds = [g for g in golds if g.targets]
    if not golds:
        return Score(0, 0.0, 0.0)
    precisions, hits = [], 0
    for gold in golds:
        ranked = rank(gold, k)
        if level == "goal":
            right = sum(_goal_of(n) in gold.goals for n in ranked)
        else:
            right = sum(n in gold.targets for n in ranked)
        precisions.append(right / k)
        hits += right > 0
    return Score(len(golds), sum(precisions) / len(golds), hits / len(golds))


def _row(name: str, golds: Sequence[Gold], rank: Ranker, level: str) -> str:
    cells = []
    n = 0
    for k in KS:
        s = score(golds, rank, k, level)
        n = s.goals
        cells.append(f"{s.precision:.2f} / {s.hit_rate:.2f}" if s.goals else "–")
    return f"| {name} | {n} | " + " | ".join(cells) + " |"


def suggestion_section(inside: list[Gold], outside: list[Gold]) -> str:
    rankers = {
        "suggester (lexicon + text)": suggester(use_lexicon=True),
        "text similarity only": suggester(use_lexicon=False),
    }
    headings = {
        "goal": "Goal level (a suggested target counts for its global goal)",
        "target": "Target level (only goals whose source names targets)",
    }
    lines = []
    for level, heading in headings.items():
        freq = frequency(inside, level=level)
        lines += [
            f"### {heading}",
            "",
            "precision@k / hit rate@k",
            "",
            "| set · method | goals | k=1 | k=3 | k=5 |",
            "| --- | --- | --- | --- | --- |",
        ]
        for set_name, golds in (("in-sample", inside), ("held-out", outside)):
            for name, rank in rankers.items():
                lines.append(_row(f"{set_name} · {name}", golds, rank, level))
            lines.append(
                _row(
                    f"{set_name} · most common {level}s of the in-sample links", golds, freq, level
                )
            )
        lines.append("")
    return "\n".join(lines)


def per_source(outside: list[Gold]) -> str:
    rank = suggester(use_lexicon=True)
    lines = [
        "| source | municipality | goals | linked to | goal P@3 / hit@3 | target P@3 / hit@3 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    by_source: dict[str, list[Gold]] = {}
    for gold in outside:
        by_source.setdefault(gold.source, []).append(gold)
    for source, golds in sorted(by_source.items()):
        goal = score(golds, rank, 3, "goal")
        target = score(golds, rank, 3, "target")
        linked = ", ".join(
            sorted({n for g in golds for n in g.goals | g.targets}, key=_notation_key)
        )
        target_cell = f"{target.precision:.2f} / {target.hit_rate:.2f}" if target.goals else "–"
        lines.append(
            f"| {source} | {golds[0].municipality} | {len(golds)} | {linked} | "
            f"{goal.precision:.2f} / {goal.hit_rate:.2f} | {target_cell} |"
        )
    return "\n".join(lines)


def _notation_key(notation: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in notation.split("."))


def misses(outside: list[Gold]) -> str:
    """Held-out goals whose top 3 suggestions name none of their global goals."""
    lines = ["| goal | linked to | top 3 suggested |", "| --- | --- | --- |"]
    for gold in outside:
        ranked = suggester(use_lexicon=True)(gold, 3)
        if not any(_goal_of(n) in gold.goals for n in ranked):
            text = gold.text if len(gold.text) <= 70 else gold.text[:67] + "…"
            linked = ", ".join(sorted(gold.goals, key=int))
            lines.append(f"| {text} | {linked} | {', '.join(ranked) or '–'} |")
    return "\n".join(lines)


def similar_section(outside: list[Gold]) -> str:
    names = {w.lower() for g in outside for w in g.municipality.split()}
    pairs = [
        (a, b) for a, b in itertools.combinations(outside, 2) if a.municipality != b.municipality
    ]
    relevant = found = both = 0
    examples: list[str] = []
    for a, b in pairs:
        linked = bool(a.goals & b.goals)
        similar = dice(a.text, b.text, names) >= MIN_TEXT_SIMILARITY and bool(
            shared_words(a.text, b.text, names)
        )
        relevant += linked
        found += similar
        both += linked and similar
        if similar and len(examples) < 12:
            mark = "shared goal" if linked else "no shared goal"
            examples.append(
                f"| {a.municipality}: {a.text[:50]} | {b.municipality}: {b.text[:50]} | "
                f"{dice(a.text, b.text, names):.2f} | {mark} |"
            )
    precision = both / found if found else 0.0
    recall = both / relevant if relevant else 0.0
    base = relevant / len(pairs) if pairs else 0.0
    return "\n".join(
        [
            f"pairs of held-out goals of different municipalities: {len(pairs)}",
            f"pairs whose sources link both goals to a shared global goal: {relevant} "
            f"(base rate {base:.2f})",
            f"pairs the text signal calls similar (Dice >= {MIN_TEXT_SIMILARITY}, "
            f"at least one shared word): {found}",
            f"precision {precision:.2f}, recall {recall:.2f} "
            f"(a random pick of {found} pairs would have precision ≈ {base:.2f})",
            "",
            "This is a proxy: sharing a global goal (often a broad one such as 11 or 13) is a "
            'much looser notion than the comparison\'s "about the same thing", so low recall is '
            "expected and precision is the more telling number. The shipped similar-goals also "
            "counts shared SDG targets, which the held-out goals mostly lack; only the text "
            "signal is measured here.",
            "",
            "| goal a | goal b | Dice | sources |",
            "| --- | --- | --- | --- |",
            *examples,
        ]
    )


def report() -> str:
    inside, outside = in_sample(), heldout()
    municipalities = sorted({g.municipality for g in outside})
    lex = lexicon_file()
    digest = hashlib.sha256(lex.read_bytes()).hexdigest()[:12]
    load = os.getloadavg()
    return "\n".join(
        [
            "# Agenda 2030 suggestions: in-sample and held out, "
            f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
            "",
            f"- machine: {machine()}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}",
            f"- goalgraph {version('goalgraph')}, rdflib {version('rdflib')}, "
            f"pyoxigraph {version('pyoxigraph')}",
            f"- lexicon: {lex.name}, {len(lexicon())} entries, sha256 {digest}",
            f"- in-sample: {len(inside)} goals of Vaggeryd and Nora with reviewed links "
            "(the lexicon was written from these documents)",
            f"- held out: {len(outside)} goals of {len(municipalities)} municipalities "
            f"({', '.join(municipalities)}) from {len(list(HELDOUT.glob('*.yaml')))} source pages, "
            f"{sum(bool(g.targets) for g in outside)} of them with targets named",
            "- command: `.venv/bin/python benchmarks/bench_suggest.py`",
            "",
            "## SDG suggestions",
            "",
            suggestion_section(inside, outside),
            "The frequency baseline proposes k distinct goals (targets); the suggester proposes k "
            "targets, several of which may belong to one goal, and each counts at goal level.",
            "",
            "### Held out, per source (suggester, k=3)",
            "",
            "A goal listed on several pages of one municipality is counted once, under the first "
            "file (by name) that lists it, with the links of all of them.",
            "",
            per_source(outside),
            "",
            "### Held-out goals with none of their global goals in the top 3",
            "",
            misses(outside),
            "",
            "## Similar goals: the text signal against shared global goals (held out)",
            "",
            similar_section(outside),
            "",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, help="results file (default: results/suggest-…)")
    args = parser.parse_args()
    write_results("suggest", report(), args.output)


if __name__ == "__main__":
    main()
