"""Quality of the authoring tools on the two real municipalities.

1. SDG suggestions: precision at 3 of the suggested targets against the targets goalgraph
   curated for the 15 goals of Vaggeryd and Nora (and the best possible value, since some goals
   have fewer than 3 curated targets), with a text-similarity-only baseline.
2. Draft extraction: precision and recall of the goals, decisions, case numbers, bodies and
   dated process steps extracted from data/sources/*.txt against the hand-made graphs.

Both are in-sample: the lexicon and the extraction rules were written by people who had read
these two documents and their graphs. tests/authoring checks that the numbers stay above
floors set below the values printed here.

Run: .venv/bin/python benchmarks/measure_authoring.py
"""

from __future__ import annotations

from rdflib import Graph

from goalgraph import resources
from goalgraph.authoring.extract import Score, evaluate, extract_file
from goalgraph.authoring.suggest_evaluation import evaluate as evaluate_suggestions

SOURCES = {
    "vaggeryd": ("vaggeryd-ks-2019-160-strategiskt-utvecklingsprogram.txt", "0665"),
    "nora": ("nora-kf-2022-112-tydliga-och-matbara-mal.txt", "1884"),
}


def _graph(slug: str) -> Graph:
    return Graph().parse(resources.municipalities_dir() / f"{slug}.ttl")


def suggestions() -> None:
    graph = _graph("vaggeryd") + _graph("nora")
    result = evaluate_suggestions(graph, k=3)
    baseline = evaluate_suggestions(graph, k=3, use_lexicon=False)
    print("## SDG suggestions: precision@3 against the curated goal → target links\n")
    print(f"goals with curated target links: {len(result.goals)}")
    print(
        f"precision@3:          {result.precision:.2f}  (best possible {result.best_possible:.2f})"
    )
    print(f"hit rate (≥1 in top 3): {result.hit_rate:.2f}")
    print(f"recall@3:             {result.recall:.2f}")
    print(
        f"baseline without the lexicon (text similarity only): precision@3 {baseline.precision:.2f}"
    )
    print()
    print("| goal | curated | top 3 suggested | hits |")
    print("| --- | --- | --- | --- |")
    for goal in result.goals:
        name = "/".join(goal.goal.rsplit("/", 2)[-2:])
        print(f"| {name} | {', '.join(goal.gold)} | {', '.join(goal.suggested)} | {goal.hits} |")
    print()


def extraction() -> None:
    print("## Draft extraction: precision and recall against the hand-made graphs\n")
    print("| municipality | kind | extracted | in the graph | matched | precision | recall |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    totals: list[Score] = []
    for slug, (name, code) in SOURCES.items():
        draft = extract_file(resources.data_dir() / "sources" / name, slug, code=code)
        result = evaluate(draft.graph, _graph(slug))
        for score in [*result.scores.values(), result.total]:
            print(
                f"| {slug} | {score.kind} | {score.extracted} | {score.reference} | "
                f"{score.matched} | {score.precision:.2f} | {score.recall:.2f} |"
            )
        print(f"| {slug} | level of matched goals | | | | accuracy {result.level_accuracy:.2f} | |")
        totals.append(result.total)
    both = Score(
        "all",
        sum(s.extracted for s in totals),
        sum(s.reference for s in totals),
        sum(s.matched for s in totals),
    )
    print(f"\nboth documents: precision {both.precision:.2f}, recall {both.recall:.2f}")


def main() -> None:
    suggestions()
    extraction()


if __name__ == "__main__":
    main()
