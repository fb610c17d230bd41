"""A small statistical goal finder, measured against the rules on the same documents.

Every text block of a document (a heading, a paragraph, a list item, a table row, as the
readers give them) is a candidate; a logistic regression (scikit-learn) decides whether it
is a goal from the block's own words (character n-grams, TF-IDF) and its layout: its kind, its
list depth, its length, whether it ends a sentence, whether it starts with a capital, the
level words of the block itself, of the block before it and of the nearest heading above it
(finder.document_features, as the extractor reads them). Document-level features (a block's
place among its siblings, how many neighbours share its form, what follows it, "ska", length
buckets) were tried in round 11 and left out: they did not raise the cross-validated figures.
A block is labelled a goal in training when its text matches a gold goal (the benchmark's
fuzzy match). It is trained on the in-sample parts and scored on the held-out part with the
benchmark's own goal scoring, so its figures sit next to the rules'.

scikit-learn is optional (``pip install goalgraph[bench]``); without it the comparison is
reported as not measured.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "extraction"))

from corpus_inputs import build, documents

from goalgraph.authoring.extraction import (
    Draft,
    Extracted,
    extract_bytes,
    finder,
    read_document,
    score_gold,
)
from goalgraph.authoring.extraction.candidates import defines_goal_type, no_goal
from goalgraph.authoring.extraction.finder import document_features
from goalgraph.authoring.extraction.reading import Block

#: A block is a goal when the model's probability reaches this (the model alone); the
#: shipped finder adds a block to the rules' goals from :data:`ADD_CUT`.
CUT = 0.5
ADD_CUT = 0.9
#: Where the rules find fewer goals than :data:`FEW`, the shipped finder adds blocks of every
#: kind (not only list items) from :data:`ALONE_CUT`.
FEW = 3
ALONE_CUT = 0.7


@dataclass
class _Doc:
    ident: str
    blocks: list[Block]
    gold: dict[str, Any]
    municipality: str = ""
    rules: list[Extracted] | None = None  # the rules' goal statements, when asked for
    data: bytes = b""  # the input as built, and its file name
    name: str = ""


def _docs(part: str, rules: bool = False) -> list[_Doc]:
    out = []
    for ident, text, meta, gold in documents(part):
        data, suffix = build(text, meta["input"], meta["title"])
        blocks = [b for b in read_document(data, ident + suffix).blocks if b.text.strip()]
        found = None
        if rules:  # the rules alone: the shipped finder was trained on these documents
            with finder.disabled():
                draft = extract_bytes(data, ident + suffix, ident.split("-")[0])
            found = [s for s in draft.statements if s.kind == "goal"]
        out.append(_Doc(ident, blocks, gold, meta["municipality"], found, data, ident + suffix))
    return out


_features = document_features


def _labels(doc: _Doc) -> list[int]:
    from goalgraph.authoring.extraction.evaluate import _fuzzy

    gold = [g["text"] for g in doc.gold.get("goals") or []]
    return [int(any(_fuzzy(b.text, g) for g in gold)) for b in doc.blocks]


def _draft(doc: _Doc, chosen: list[int], base: list[Extracted] | None = None) -> Draft:
    """A draft of the chosen blocks as goals, after the goals in ``base`` (the rules')."""
    from rdflib import Graph

    from goalgraph.authoring.extraction.evaluate import _fuzzy

    draft = Draft(doc.ident, Graph(), doc.ident)
    draft.statements.extend(base or [])
    for i in chosen:
        if base and any(_fuzzy(doc.blocks[i].text, s.text) for s in base):
            continue
        block = doc.blocks[i]
        draft.statements.append(
            Extracted("goal", block.text.strip(), "", 1.0, block.page, block.line, block.text)
        )
    return draft


def compare(train_parts: list[str], test_part: str) -> dict[str, tuple[int, int, int]] | str:
    """Goals (fuzzy) matched, found and annotated by the model on ``test_part``, per document
    and in total (key ``"total"``); or why it was not measured."""
    try:
        from scipy.sparse import hstack
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        return "not measured: scikit-learn is not installed (pip install goalgraph[bench])"
    train = [d for part in train_parts for d in _docs(part)]
    texts = [b.text for d in train for b in d.blocks]
    feats = [f for d in train for f in _features(d.blocks)]
    labels = [y for d in train for y in _labels(d)]
    words = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=2, sublinear_tf=True)
    layout = DictVectorizer()
    x = hstack([words.fit_transform(texts), layout.fit_transform(feats)]).tocsr()
    model = LogisticRegression(max_iter=2000, class_weight="balanced", C=1.0)
    model.fit(x, labels)
    out: dict[str, tuple[int, int, int]] = {}
    total = [0, 0, 0]
    for doc in _docs(test_part):
        if not doc.blocks:
            continue
        xt = hstack(
            [
                words.transform([b.text for b in doc.blocks]),
                layout.transform(_features(doc.blocks)),
            ]
        ).tocsr()
        chosen = [i for i, p in enumerate(model.predict_proba(xt)[:, 1]) if p >= CUT]
        counts = score_gold(_draft(doc, chosen), doc.gold).counts["goals (fuzzy)"]
        out[doc.ident] = counts
        for k in range(3):
            total[k] += counts[k]
    out["total"] = (total[0], total[1], total[2])
    return out


#: The candidates compared by cross-validation: the rules alone, the model alone, the rules'
#: goals with the model's added (union), the model only where the rules find no goal, and the
#: extractor as shipped (the rules, then the finder's list items from ADD_CUT the rules left,
#: and any block from ALONE_CUT where the rules find fewer than FEW goals).
CANDIDATES = (
    "rules",
    "model",
    "rules + model",
    "model where the rules find none",
    "rules + finder (as shipped)",
)


def _fit(train: list[_Doc]) -> Any:
    """The vectorizers and the logistic regression fitted on ``train``'s blocks."""
    from scipy.sparse import hstack
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    words = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=2, sublinear_tf=True)
    layout = DictVectorizer()
    x = hstack(
        [
            words.fit_transform([b.text for d in train for b in d.blocks]),
            layout.fit_transform([f for d in train for f in _features(d.blocks)]),
        ]
    ).tocsr()
    model = LogisticRegression(max_iter=2000, class_weight="balanced", C=1.0)
    model.fit(x, [y for d in train for y in _labels(d)])
    return words, layout, model


def _choose(fitted: Any, doc: _Doc) -> list[int]:
    """The indices of ``doc``'s blocks the fitted model calls goals."""
    from scipy.sparse import hstack

    if not doc.blocks:
        return []
    words, layout, model = fitted
    xt = hstack(
        [
            words.transform([b.text for b in doc.blocks]),
            layout.transform(_features(doc.blocks)),
        ]
    ).tocsr()
    return [i for i, p in enumerate(model.predict_proba(xt)[:, 1]) if p >= CUT]


def _score(docs: list[_Doc], fitted: Any, sums: dict[str, list[int]]) -> None:
    shipped = _as_data(*fitted)
    for doc in docs:
        chosen = _choose(fitted, doc)
        rules = doc.rules or []
        drafts = {
            "rules": _draft(doc, [], rules),
            "model": _draft(doc, chosen),
            "rules + model": _draft(doc, chosen, rules),
            "model where the rules find none": _draft(doc, [] if rules else chosen, rules),
        }
        with finder.using(shipped):
            drafts["rules + finder (as shipped)"] = extract_bytes(
                doc.data, doc.name, doc.ident.split("-")[0]
            )
        for name, draft in drafts.items():
            counts = score_gold(draft, doc.gold).counts["goals (fuzzy)"]
            for k in range(3):
                sums[name][k] += counts[k]


def _available() -> str | None:
    try:
        import scipy.sparse  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError:
        return "not measured: scikit-learn is not installed (pip install goalgraph[bench])"
    return None


def cross_validate(
    parts: list[str], folds: int | None = None
) -> dict[str, dict[str, tuple[int, int, int]]] | str:
    """Leave-one-municipality-out over ``parts``: for each municipality, the model is trained
    on every other municipality's documents and scored on its own (goals, fuzzy). With
    ``folds``, the municipalities (sorted by name) are dealt in turn into that many groups
    and each group is left out at once (faster; still no municipality on both sides). Per
    candidate of :data:`CANDIDATES`, the counts (matched, found, annotated) per municipality
    (or group) and in total (key ``"total"``). The rules are not trained, so their figure
    here is their in-sample one (they were written from these parts)."""
    missing = _available()
    if missing:
        return missing
    docs = [d for part in parts for d in _docs(part, rules=True)]
    towns = sorted({d.municipality for d in docs})
    group = {town: (i % folds if folds else i) for i, town in enumerate(towns)}
    out: dict[str, dict[str, tuple[int, int, int]]] = {c: {} for c in CANDIDATES}
    for key in sorted(set(group.values())):
        held = [d for d in docs if group[d.municipality] == key]
        fitted = _fit([d for d in docs if group[d.municipality] != key])
        sums = {c: [0, 0, 0] for c in CANDIDATES}
        _score(held, fitted, sums)
        name_of = held[0].municipality if not folds else f"group {key + 1}"
        for name in CANDIDATES:
            out[name][name_of] = (sums[name][0], sums[name][1], sums[name][2])
    for name in CANDIDATES:
        values = list(out[name].values())
        out[name]["total"] = (
            sum(v[0] for v in values),
            sum(v[1] for v in values),
            sum(v[2] for v in values),
        )
    return out


def prospective(train_parts: list[str], test_part: str) -> dict[str, tuple[int, int, int]] | str:
    """The candidates on ``test_part`` with the model trained on ``train_parts`` (goals fuzzy,
    totals per candidate): out of sample for the rules too when no rule was written from
    ``test_part``."""
    missing = _available()
    if missing:
        return missing
    fitted = _fit([d for part in train_parts for d in _docs(part)])
    sums = {c: [0, 0, 0] for c in CANDIDATES}
    _score(_docs(test_part, rules=True), fitted, sums)
    return {c: (v[0], v[1], v[2]) for c, v in sums.items()}


def _as_data(words: Any, layout: Any, model: Any) -> dict[str, Any]:
    """The fitted finder as the data the extractor reads (see goal_finder.json)."""
    coef = model.coef_[0]
    n = len(words.vocabulary_)
    return {
        "cut": ADD_CUT,
        "few": FEW,
        "alone_cut": ALONE_CUT,
        "ngram_range": [2, 4],
        "intercept": round(float(model.intercept_[0]), 8),
        "ngrams": {
            g: [round(float(words.idf_[i]), 8), round(float(coef[i]), 8)]
            for g, i in sorted(words.vocabulary_.items())
        },
        "layout": {
            name: round(float(coef[n + j]), 8)
            for name, j in sorted(layout.vocabulary_.items())
            if abs(coef[n + j]) > 0
        },
    }


def export(parts: list[str], path: Any = finder.MODEL_PATH) -> dict[str, float]:
    """Train on every document of ``parts`` and write the finder the extractor ships (the
    n-gram vocabulary with IDF and coefficient, the layout coefficients, the intercept). The
    pure-Python inference is then checked against scikit-learn's on the training blocks;
    returns the largest difference and the number of blocks."""
    import json

    docs = [d for part in parts for d in _docs(part)]
    words, layout, model = _fit(docs)
    data = _as_data(words, layout, model)
    data["about"] = (
        "goal finder of goalgraph extract: logistic regression over char_wb 2-4-grams "
        "(TF-IDF, sublinear) and layout features; trained by benchmarks/extract_model.py on "
        + ", ".join(p + "/" for p in parts)
        + f" of tests/extraction ({len(docs)} documents)"
    )
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                    encoding="utf-8")  # fmt: skip
    finder._shipped.cache_clear()
    worst, blocks = 0.0, 0
    for doc in docs:
        if not doc.blocks:
            continue
        from scipy.sparse import hstack

        xt = hstack(
            [
                words.transform([b.text for b in doc.blocks]),
                layout.transform(_features(doc.blocks)),
            ]
        ).tocsr()
        theirs = model.predict_proba(xt)[:, 1]
        ours = finder.probabilities(doc.blocks) or []
        # a block defining a goal type, a file's link or a lone lower-case item is set to 0
        # by the extractor, whatever the model says
        kept = [
            not defines_goal_type(b.text) and not no_goal(b.text, b.kind == "item")
            for b in doc.blocks
        ]
        worst = max([worst, *(abs(a - b) for a, b, k in zip(ours, theirs, kept, strict=True) if k)])
        blocks += len(doc.blocks)
    return {"largest difference": worst, "blocks": float(blocks)}


if __name__ == "__main__":
    # Retrain the shipped finder: .venv/bin/python benchmarks/extract_model.py
    parts = sys.argv[1:] or [
        "dev", "heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6",
        "heldout7", "heldout8", "heldout9", "heldout10",
    ]  # fmt: skip
    print(export(parts))
