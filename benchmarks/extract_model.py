"""A small statistical goal finder, measured against the rules on the same documents.

Every text block of a document (a heading, a paragraph, a list item, a table row, as the
readers give them) is a candidate; a logistic regression (scikit-learn) decides whether it
is a goal from the block's own words (character n-grams, TF-IDF) and its layout: its kind, its
list depth, its length, whether it ends a sentence, whether it starts with a capital, and the
level words of the block itself, of the block before it and of the nearest heading above it.
A block is labelled a goal in training when its text matches a gold goal (the benchmark's
fuzzy match). It is trained on the in-sample parts and scored on the held-out part with the
benchmark's own goal scoring, so its figures sit next to the rules'.

scikit-learn is optional (``pip install goalgraph[bench]``); without it the comparison is
reported as not measured.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from corpus_inputs import build, documents

from goalgraph.authoring.extraction import (
    Draft,
    Extracted,
    extract_bytes,
    read_document,
    score_gold,
)
from goalgraph.authoring.extraction.reading import Block
from goalgraph.authoring.extraction.structure import heading_like
from goalgraph.authoring.extraction.vocabulary import find_terms

#: A block is a goal when the model's probability reaches this.
CUT = 0.5


@dataclass
class _Doc:
    ident: str
    blocks: list[Block]
    gold: dict[str, Any]
    municipality: str = ""
    rules: list[Extracted] | None = None  # the rules' goal statements, when asked for


def _docs(part: str, rules: bool = False) -> list[_Doc]:
    out = []
    for ident, text, meta, gold in documents(part):
        data, suffix = build(text, meta["input"], meta["title"])
        blocks = [b for b in read_document(data, ident + suffix).blocks if b.text.strip()]
        found = None
        if rules:
            draft = extract_bytes(data, ident + suffix, ident.split("-")[0])
            found = [s for s in draft.statements if s.kind == "goal"]
        out.append(_Doc(ident, blocks, gold, meta["municipality"], found))
    return out


def _features(blocks: list[Block], index: int) -> dict[str, float]:
    block = blocks[index]
    text = block.text.strip()
    heading = next((b.text for b in reversed(blocks[:index]) if heading_like(b)), "")
    before = blocks[index - 1].text if index else ""
    words = len(text.split())
    feats: dict[str, float] = {
        f"kind={block.kind}": 1.0,
        f"depth={min(block.depth, 3)}": 1.0,
        "marked": float(bool(block.mark)),
        "numbered": float(bool(block.mark and block.mark[0].isdigit())),
        "words": min(words, 60) / 60,
        "short": float(words <= 12),
        "sentence_end": float(text.endswith((".", "!", "?"))),
        "colon_end": float(text.endswith(":")),
        "capital": float(text[:1].isupper()),
        "heading_like": float(heading_like(block)),
        "before_colon": float(before.rstrip().endswith(":")),
    }
    for where, source in (("self", text), ("before", before), ("heading", heading)):
        for term in find_terms(source):
            feats[f"{where}_term"] = 1.0
            feats[f"{where}_term={term.key}"] = 1.0
            if term.counted:
                feats[f"{where}_counted"] = 1.0
    return feats


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
    feats = [_features(d.blocks, i) for d in train for i in range(len(d.blocks))]
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
                layout.transform([_features(doc.blocks, i) for i in range(len(doc.blocks))]),
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
#: goals with the model's added (union), and the model only where the rules find no goal.
CANDIDATES = ("rules", "model", "rules + model", "model where the rules find none")


def cross_validate(parts: list[str]) -> dict[str, dict[str, tuple[int, int, int]]] | str:
    """Leave-one-municipality-out over ``parts``: for each municipality, the model is trained
    on every other municipality's documents and scored on its own (goals, fuzzy). Per
    candidate of :data:`CANDIDATES`, the counts (matched, found, annotated) per municipality
    and in total (key ``"total"``). The rules are not trained, so their figure here is their
    in-sample one (they were written from these parts)."""
    try:
        from scipy.sparse import hstack
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError:
        return "not measured: scikit-learn is not installed (pip install goalgraph[bench])"
    docs = [d for part in parts for d in _docs(part, rules=True)]
    towns = sorted({d.municipality for d in docs})
    out: dict[str, dict[str, tuple[int, int, int]]] = {c: {} for c in CANDIDATES}
    for town in towns:
        train = [d for d in docs if d.municipality != town]
        words = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), min_df=2,
                                sublinear_tf=True)  # fmt: skip
        layout = DictVectorizer()
        x = hstack(
            [
                words.fit_transform([b.text for d in train for b in d.blocks]),
                layout.fit_transform(
                    [_features(d.blocks, i) for d in train for i in range(len(d.blocks))]
                ),
            ]
        ).tocsr()
        model = LogisticRegression(max_iter=2000, class_weight="balanced", C=1.0)
        model.fit(x, [y for d in train for y in _labels(d)])
        sums = {c: [0, 0, 0] for c in CANDIDATES}
        for doc in (d for d in docs if d.municipality == town):
            chosen: list[int] = []
            if doc.blocks:
                xt = hstack(
                    [
                        words.transform([b.text for b in doc.blocks]),
                        layout.transform([_features(doc.blocks, i)
                                          for i in range(len(doc.blocks))]),
                    ]
                ).tocsr()  # fmt: skip
                chosen = [i for i, p in enumerate(model.predict_proba(xt)[:, 1]) if p >= CUT]
            rules = doc.rules or []
            drafts = {
                "rules": _draft(doc, [], rules),
                "model": _draft(doc, chosen),
                "rules + model": _draft(doc, chosen, rules),
                "model where the rules find none": _draft(doc, [] if rules else chosen, rules),
            }
            for name, draft in drafts.items():
                counts = score_gold(draft, doc.gold).counts["goals (fuzzy)"]
                for k in range(3):
                    sums[name][k] += counts[k]
        for name in CANDIDATES:
            out[name][town] = (sums[name][0], sums[name][1], sums[name][2])
    for name in CANDIDATES:
        values = list(out[name].values())
        out[name]["total"] = (
            sum(v[0] for v in values),
            sum(v[1] for v in values),
            sum(v[2] for v in values),
        )
    return out
