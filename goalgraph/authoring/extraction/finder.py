"""A statistical goal finder beside the rules: which text blocks read like goals.

A logistic regression over each block's character n-grams (TF-IDF, as scikit-learn's
``char_wb`` analyzer makes them) and its layout (kind, list depth and run, length,
punctuation, quotes, the level words of the block, of the block before it, of the line that
leads its list and of the nearest heading above it). It is trained by
``benchmarks/extract_model.py`` on the development parts of the corpus in tests/extraction/
and shipped as data (``goal_finder.json``: the n-gram vocabulary with its IDF weights and the
coefficients); the inference below needs no scikit-learn and downloads nothing.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

from goalgraph.authoring.extraction.candidates import defines_goal_type, heading_like, no_goal
from goalgraph.authoring.extraction.reading import Block
from goalgraph.authoring.extraction.vocabulary import find_terms

__all__ = [
    "MODEL_PATH",
    "alone_cut",
    "block_features",
    "cut",
    "disabled",
    "document_features",
    "few",
    "probabilities",
    "using",
]

MODEL_PATH = Path(__file__).with_name("goal_finder.json")
_QUOTES = ('"', "”", "“", "'", "»")
_SPACES = re.compile(r"\s\s+")
_off = False
_override: dict[str, Any] | None = None


def headings_above(blocks: Sequence[Block]) -> list[str]:
    """Per block, the text of the nearest heading-like block before it ("" if none), in one
    pass over the document."""
    out, last = [], ""
    for block in blocks:
        out.append(last)
        if heading_like(block):
            last = block.text
    return out


def block_features(
    blocks: Sequence[Block], index: int, heading: str | None = None
) -> dict[str, float]:
    """The layout features of ``blocks[index]`` (the n-grams aside); ``heading`` is the
    nearest heading above it when the caller has it (:func:`headings_above`)."""
    block = blocks[index]
    text = block.text.strip()
    if heading is None:
        heading = next((b.text for b in reversed(blocks[:index]) if heading_like(b)), "")
    previous = blocks[index - 1] if index else None
    before = previous.text if previous is not None else ""
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
    if previous is not None and heading_like(previous):
        terms = list(find_terms(previous.text))
        if terms:
            feats["after_term_heading"] = 1.0
            for term in terms:
                feats[f"after_heading={term.key}"] = 1.0
    if block.kind == "item":
        first = index
        while first > 0 and blocks[first - 1].kind == "item":
            first -= 1
        last = index
        while last + 1 < len(blocks) and blocks[last + 1].kind == "item":
            last += 1
        lead = blocks[first - 1].text.rstrip() if first else ""
        feats["run"] = min(last - first + 1, 10) / 10
        feats["lead_colon"] = float(lead.endswith(":"))
        for term in find_terms(lead):
            feats[f"lead_term={term.key}"] = 1.0
    feats["quoted"] = float(text[:1] in _QUOTES)
    norm = text.rstrip(".").lower()
    feats["repeated"] = float(
        any(other is not block and other.text.strip().rstrip(".").lower() == norm
            for other in blocks)
    )  # fmt: skip
    feats["tiny"] = float(words <= 2)
    return feats


def document_features(blocks: Sequence[Block]) -> list[dict[str, float]]:
    """The layout features of every block of a document (:func:`block_features`), in one
    pass for the headings above; the training in benchmarks/extract_model.py reads the
    same."""
    above = headings_above(blocks)
    return [block_features(blocks, index, above[index]) for index in range(len(blocks))]


def char_ngrams(text: str, low: int = 2, high: int = 4) -> Iterator[str]:
    """The n-grams of scikit-learn's ``char_wb`` analyzer (lower-cased, words padded)."""
    for word in _SPACES.sub(" ", text.lower()).split():
        padded = f" {word} "
        for n in range(low, high + 1):
            offset = 0
            yield padded[offset : offset + n]
            while offset + n < len(padded):
                offset += 1
                yield padded[offset : offset + n]
            if offset == 0:  # the word is shorter than n: counted once
                break


@cache
def _shipped() -> dict[str, Any] | None:
    if not MODEL_PATH.exists():
        return None
    return json.loads(MODEL_PATH.read_text(encoding="utf-8"))


def _model() -> dict[str, Any] | None:
    return _override if _override is not None else _shipped()


@contextmanager
def using(model: dict[str, Any]) -> Iterator[None]:
    """Draft with ``model`` (the data of a ``goal_finder.json``) inside the block."""
    global _override
    before, _override = _override, model
    try:
        yield
    finally:
        _override = before


@contextmanager
def disabled() -> Iterator[None]:
    """Draft with the rules alone inside the block (the benchmark compares the two)."""
    global _off
    before, _off = _off, True
    try:
        yield
    finally:
        _off = before


def cut() -> float:
    """The probability from which a block counts as a goal."""
    model = _model()
    return float(model["cut"]) if model else 1.0


def few() -> int:
    """Below this many goals found by the rules, the finder adds blocks of every kind."""
    model = _model()
    return int(model.get("few", 0)) if model else 0


def alone_cut() -> float:
    """The probability from which any block counts as a goal where the rules find few."""
    model = _model()
    return float(model.get("alone_cut", 1.0)) if model else 1.0


def probabilities(blocks: Sequence[Block]) -> list[float] | None:
    """Per block, the probability that it is a goal; ``None`` when the finder is off."""
    model = _model()
    if model is None or _off:
        return None
    vocab: dict[str, list[float]] = model["ngrams"]  # n-gram -> [idf, coefficient]
    weights: dict[str, float] = model["layout"]
    low, high = model["ngram_range"]
    out = []
    layout = document_features(blocks)
    for index, block in enumerate(blocks):
        counts: dict[str, int] = {}
        for gram in char_ngrams(block.text, low, high):
            if gram in vocab:
                counts[gram] = counts.get(gram, 0) + 1
        values = {g: (1.0 + math.log(c)) * vocab[g][0] for g, c in counts.items()}
        norm = math.sqrt(sum(v * v for v in values.values())) or 1.0
        score = float(model["intercept"])
        score += sum(v / norm * vocab[g][1] for g, v in values.items())
        for name, value in layout[index].items():
            score += weights.get(name, 0.0) * value
        if defines_goal_type(block.text) or no_goal(block.text, block.kind == "item"):
            out.append(0.0)  # a goal type named in passing, a file's link, a lone lower word
            continue
        out.append(1.0 / (1.0 + math.exp(-max(min(score, 50.0), -50.0))))
    return out
