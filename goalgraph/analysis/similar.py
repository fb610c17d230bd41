"""Thematically similar goals across municipalities: pairs of goals of different
municipalities that share an SDG target or enough Swedish content words, each with its reason.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from goalgraph.analysis.text import _match, content_words
from goalgraph.errors import NotFoundError
from goalgraph.model.governance import Municipality
from goalgraph.model.reader import natural_key
from goalgraph.texts import strings

#: A pair of goals is similar when they share a target or their wording is at least this close.
MIN_TEXT_SIMILARITY = 0.2


@dataclass(frozen=True)
class GoalRef:
    """A goal of one municipality."""

    slug: str
    iri: str
    identifier: str | None
    label: str


@dataclass(frozen=True)
class SimilarGoals:
    """Two goals of different municipalities that are about the same thing, and why."""

    a: GoalRef
    b: GoalRef
    score: float
    shared_targets: tuple[str, ...]
    shared_words: tuple[str, ...]
    text_similarity: float
    reason: str


def similar_goals(models: Sequence[Municipality]) -> tuple[SimilarGoals, ...]:
    """Pairs of goals of different municipalities that share an SDG target or enough words.

    Score: one point per shared target plus twice the text similarity (Dice over content
    words, 0 to 1). Sorted by score, best first.
    """
    names = {w for m in models for w in re.findall(r"\w+", m.label.lower())}
    texts: dict[str, str] = {}
    targets: dict[str, set[str]] = {}
    for model in models:
        for element in model.elements:
            if element.type != "Goal":
                continue
            texts[element.iri] = " ".join(
                t for t in (element.label, element.short_label, element.definition) if t
            )
        for link in model.goal_links():
            if link.is_target:
                targets.setdefault(link.source, set()).add(link.notation)
    words_of = {iri: content_words(text, names) for iri, text in texts.items()}
    # two stems can only match when their first five letters agree (see text._match)
    keys_of = {iri: {w[:5] for w in words} for iri, words in words_of.items()}
    pairs = []
    for model_a, model_b in itertools.combinations(models, 2):
        for a in model_a.elements:
            if a.iri not in texts:
                continue
            for b in model_b.elements:
                if b.iri not in texts:
                    continue
                shared = sorted(
                    targets.get(a.iri, set()) & targets.get(b.iri, set()), key=natural_key
                )
                if not shared and not keys_of[a.iri] & keys_of[b.iri]:
                    continue
                words = _shared(words_of[a.iri], words_of[b.iri])
                similarity = _dice(words_of[a.iri], words_of[b.iri])
                if not shared and (similarity < MIN_TEXT_SIMILARITY or not words):
                    continue
                pairs.append(
                    SimilarGoals(
                        a=_goal_ref(model_a, a.iri),
                        b=_goal_ref(model_b, b.iri),
                        score=len(shared) + 2 * similarity,
                        shared_targets=tuple(shared),
                        shared_words=tuple(sorted(words)),
                        text_similarity=similarity,
                        reason=_reason(model_a.lang, shared, words),
                    )
                )
    return tuple(
        sorted(pairs, key=lambda p: (-p.score, natural_key(p.a.iri), natural_key(p.b.iri)))
    )


def _shared(words_a: Mapping[str, str], words_b: Mapping[str, str]) -> dict[str, str]:
    """:func:`goalgraph.analysis.text.shared_words` on content words already found."""
    found = {}
    ordered_b = sorted(words_b.items())
    for stem_a, word_a in words_a.items():
        for stem_b, word_b in ordered_b:
            if _match(stem_a, stem_b):
                found[word_a] = word_b
                break
    return found


def _dice(words_a: Mapping[str, str], words_b: Mapping[str, str]) -> float:
    """:func:`goalgraph.analysis.text.dice` on content words already found."""
    if not words_a or not words_b:
        return 0.0
    in_a = sum(1 for s in words_a if any(_match(s, t) for t in words_b))
    in_b = sum(1 for t in words_b if any(_match(s, t) for s in words_a))
    return (in_a + in_b) / (len(words_a) + len(words_b))


def _goal_ref(model: Municipality, iri: str) -> GoalRef:
    element = model.element(iri)
    if element is None:
        raise NotFoundError(f"{iri} is not a chain element of {model.slug!r}")
    return GoalRef(model.slug, iri, element.identifier, element.display)


def _reason(lang: str, targets: Sequence[str], words: Mapping[str, str]) -> str:
    t = strings(lang)
    parts = []
    if targets:
        parts.append(f"{t['reason_targets']}: {', '.join(targets)}")
    if words:
        pairs = sorted(a if a == b else f"{a} ~ {b}" for a, b in words.items())
        parts.append(f"{t['reason_words']}: {', '.join(pairs)}")
    return "; ".join(parts)


__all__ = ["MIN_TEXT_SIMILARITY", "GoalRef", "SimilarGoals", "similar_goals"]
