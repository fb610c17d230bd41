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


_SKA = re.compile(r"\b(?:ska|skall)\b", re.IGNORECASE)
_CAPTION = re.compile(r"^(?:bild|foto|fotograf|illustration|karta|figur|diagram)\b", re.I)
_BUCKETS = (2, 5, 9, 15, 25)


def _shape(block: Block) -> tuple[str, int, bool, bool]:
    """A block's outward form: kind and heading level, length bucket, final stop, capital."""
    text = block.text.strip()
    words = len(text.split())
    bucket = next((i for i, top in enumerate(_BUCKETS) if words <= top), len(_BUCKETS))
    return (f"{block.kind}{block.level or ''}", bucket, text.endswith("."), text[:1].isupper())


def _groups(blocks: Sequence[Block]) -> list[tuple[int, int]]:
    """Per block, its siblings as (position, count): the items of its list run, or the
    headings of the same kind and level under the same heading above."""
    out = [(0, 1)] * len(blocks)
    index = 0
    while index < len(blocks):  # list runs
        if blocks[index].kind != "item":
            index += 1
            continue
        end = index
        while end + 1 < len(blocks) and blocks[end + 1].kind == "item":
            end += 1
        run = [i for i in range(index, end + 1) if blocks[i].depth == blocks[index].depth]
        for position, i in enumerate(run):
            out[i] = (position, len(run))
        index = end + 1
    members: dict[tuple[int, str], list[int]] = {}
    parent = -1
    stack: list[tuple[int, int]] = []  # (heading level, index)
    for i, block in enumerate(blocks):
        if block.kind != "heading":
            continue
        level = block.level or 9
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else -1
        members.setdefault((parent, f"{level}"), []).append(i)
        stack.append((level, i))
    for group in members.values():
        for position, i in enumerate(group):
            out[i] = (position, len(group))
    return out


def document_features(blocks: Sequence[Block]) -> list[dict[str, float]]:
    """The layout features of every block of a document (:func:`block_features`) with
    those that need the whole document: the block's place among its siblings (its list
    run, or the headings of its level under one heading), how many of them share its form,
    what follows it, whether its words carry "ska", and its length bucket."""
    above = headings_above(blocks)
    groups = _groups(blocks)
    shapes = [_shape(b) for b in blocks]
    out = []
    for index, block in enumerate(blocks):
        feats = block_features(blocks, index, above[index])
        text = block.text.strip()
        position, count = groups[index]
        if count > 1:
            feats["siblings"] = min(count, 12) / 12
            feats["sibling_first"] = float(position == 0)
            feats["sibling_last"] = float(position == count - 1)
            feats[f"siblings={min(count, 8)}"] = 1.0
        feats[f"bucket={shapes[index][1]}"] = 1.0
        if block.kind == "heading":
            feats[f"heading_level={min(block.level or 0, 4)}"] = 1.0
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if following is not None:
            feats[f"next={following.kind}"] = 1.0
            if following.kind == "paragraph" and len(following.text.split()) > 25:
                feats["next_long_paragraph"] = 1.0
        same = sum(
            1 for other in range(max(0, index - 6), min(len(blocks), index + 7))
            if other != index and shapes[other] == shapes[index]
        )  # fmt: skip
        feats["same_shape_near"] = min(same, 6) / 6
        feats["ska"] = float(bool(_SKA.search(text)))
        feats["caption"] = float(bool(_CAPTION.match(text)))
        feats["place"] = round(index / max(len(blocks) - 1, 1), 3)
        out.append(feats)
    return out


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
