"""Suggest Agenda 2030 targets for a goal text in Swedish or English, with the reason.

Two transparent signals, added up:

- the lexicon (``data/lexicon/sdg-lexicon-sv-en.yaml``): each entry lists Swedish and English
  terms and the targets they point to with a weight; a matched entry adds its weight;
- text similarity: the cosine of TF-IDF vectors of Snowball-stemmed words between the goal
  and each target's text in the goal's language (the Swedish texts are goalgraph's own
  unofficial translation, ``data/sdg/targets-sv.ttl``), times :data:`SIMILARITY_WEIGHT`.

Every suggestion names the goal words that matched. Stored suggestions carry
``gg:basis gg:Suggested`` with the score and the matched terms (:func:`suggestion_graph`);
they are never the municipality's decision or goalgraph's curation (shape ``ggsh:L10``).

>>> best = suggest("Kommunen ska minska sin klimatpåverkan")[0]
>>> best.notation, best.terms
('13.2', ('klimatpåverkan',))

How well the suggestions match reviewed links is measured in
:mod:`goalgraph.authoring.suggest_evaluation`.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import yaml
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from goalgraph import resources
from goalgraph.conventions import LANGUAGES
from goalgraph.errors import GoalgraphError
from goalgraph.namespaces import GG, SDG
from goalgraph.stemming import stem

__all__ = [
    "SIMILARITY_WEIGHT",
    "Suggestion",
    "detect_language",
    "lexicon",
    "notation_key",
    "suggest",
    "suggestion_graph",
]

#: How much text similarity (a cosine, 0–1) counts against a lexicon weight (about 1).
SIMILARITY_WEIGHT = 1.0
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_SDGO = "http://metadata.un.org/sdg/ontology#"
_MIN_COMPOUND = 4


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOPWORDS = {
    "sv": _words(
        "och i att det som en på är för med till av den har de ett om så men vi kan ska skall "
        "alla sin sina sitt där genom samt vara ha hela både inom från vid efter under mot över "
        "även eller när detta dessa denna deras dess man oss vår våra vårt bli blir varje mer "
        "mycket samtliga andra annat kommun kommunen kommunens"
    ),
    "en": _words(
        "and the of to in a an for with on by at is are be as that this these those all its "
        "their from into through shall will should can or including other per cent by"
    ),
}


@dataclass(frozen=True)
class Suggestion:
    """One suggested target, its score and why."""

    notation: str
    iri: str
    score: float
    lexicon_score: float
    similarity: float
    #: Words of the goal text that matched a lexicon entry.
    terms: tuple[str, ...]
    #: The lexicon entries that matched.
    entries: tuple[str, ...]
    #: Words of the goal text that also occur (stemmed) in the target's text.
    shared: tuple[str, ...]
    text: str

    def reason(self, lang: str = "sv") -> str:
        """Why the target is suggested, in ``sv`` or ``en``."""
        parts = []
        if self.terms:
            label = "Matchade termer" if lang == "sv" else "Matched terms"
            parts.append(f"{label}: {', '.join(self.terms)}")
        if self.shared:
            label = (
                "gemensamma ord med delmålet" if lang == "sv" else "words shared with the target"
            )
            parts.append(f"{label}: {', '.join(self.shared)}")
        prefix = "Automatiskt förslag" if lang == "sv" else "Automatic suggestion"
        return f"{prefix} ({'; '.join(parts)})." if parts else f"{prefix}."


@dataclass(frozen=True)
class _Entry:
    id: str
    terms: dict[str, tuple[tuple[str, ...], ...]]  # lang → stemmed terms (word tuples)
    words: dict[str, tuple[str, ...]]  # lang → the terms as written
    targets: dict[str, float]


@dataclass
class _Corpus:
    notations: list[str]
    texts: dict[str, dict[str, str]] = field(default_factory=dict)  # lang → notation → text
    vectors: dict[str, dict[str, dict[str, float]]] = field(default_factory=dict)
    idf: dict[str, dict[str, float]] = field(default_factory=dict)


def tokens(text: str) -> list[str]:
    """The words of a text, lower case, hyphenated words kept together."""
    return [w.casefold() for w in _WORD.findall(text)]


def detect_language(text: str) -> str:
    """``sv`` or ``en``, by Swedish letters and common words, else by the target texts' words."""
    words = tokens(text)
    sv = sum(w in STOPWORDS["sv"] for w in words) + 2 * len(re.findall(r"[åäöÅÄÖ]", text))
    en = sum(w in STOPWORDS["en"] for w in words)
    if sv == en:  # no telling words: which language's target texts know more of them
        corpus = _corpus()
        sv = sum(stem(w, "sv") in corpus.idf["sv"] for w in words)
        en = sum(stem(w, "en") in corpus.idf["en"] for w in words)
    return "sv" if sv >= en else "en"


def lexicon_file() -> Path:
    """The lexicon shipped with goalgraph."""
    return resources.data_dir() / "lexicon" / "sdg-lexicon-sv-en.yaml"


@cache
def lexicon(path: Path | None = None) -> tuple[_Entry, ...]:
    """The lexicon's entries, their terms stemmed."""
    source = path or lexicon_file()
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GoalgraphError(f"{source}: cannot read the SDG lexicon: {exc}") from exc
    known = set(_corpus().notations)
    entries = []
    for raw in data.get("entries", []):
        targets = {str(k): float(v) for k, v in raw.get("targets", {}).items()}
        unknown = sorted(set(targets) - known)
        if unknown:
            raise GoalgraphError(
                f"{source}: entry {raw.get('id')!r} names unknown targets {', '.join(unknown)}"
            )
        terms: dict[str, tuple[tuple[str, ...], ...]] = {
            lang: tuple(tuple(stem(w, lang) for w in tokens(t)) for t in raw.get(lang, []))
            for lang in LANGUAGES
        }
        words: dict[str, tuple[str, ...]] = {lang: tuple(raw.get(lang, [])) for lang in LANGUAGES}
        entries.append(_Entry(str(raw["id"]), terms, words, targets))
    return tuple(entries)


@cache
def _corpus() -> _Corpus:
    """The targets' texts in Swedish and English and their TF-IDF vectors."""
    definition = ox.NamedNode(_SKOS + "definition")
    pref = ox.NamedNode(_SKOS + "prefLabel")
    notation = ox.NamedNode(_SKOS + "notation")
    broader = ox.NamedNode(_SKOS + "broader")
    target_type = ox.NamedNode(_SDGO + "Target")
    goal_type = ox.NamedNode(_SDGO + "Goal")
    rdf_type = ox.NamedNode(str(RDF.type))
    types: dict[Any, set[Any]] = {}
    values: dict[tuple[Any, Any], list[ox.Literal]] = {}
    parents: dict[Any, Any] = {}
    folder = resources.sdg_file().parent
    for path in sorted(folder.glob("*.ttl")):
        for t in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            if t.predicate == rdf_type:
                types.setdefault(t.subject, set()).add(t.object)
            elif t.predicate == broader:
                parents[t.subject] = t.object
            elif t.predicate in (definition, pref, notation) and isinstance(t.object, ox.Literal):
                values.setdefault((t.subject, t.predicate), []).append(t.object)

    def text(node: Any, prop: Any, lang: str) -> str:
        return " ".join(v.value for v in values.get((node, prop), []) if v.language == lang)

    corpus = _Corpus([])
    texts: dict[str, dict[str, str]] = {"sv": {}, "en": {}}
    for node, kinds in types.items():
        if target_type not in kinds:
            continue
        code = values[(node, notation)][0].value
        corpus.notations.append(code)
        goal = parents.get(node)
        for lang in LANGUAGES:
            title = (
                text(goal, pref, lang)
                if goal is not None and goal_type in types.get(goal, ())
                else ""
            )
            texts[lang][code] = f"{text(node, definition, lang)} {title}".strip()
    corpus.notations.sort(key=notation_key)
    corpus.texts = texts
    for lang in LANGUAGES:
        bags = {n: Counter(_content_stems(texts[lang][n], lang)) for n in corpus.notations}
        df: Counter[str] = Counter(s for bag in bags.values() for s in bag)
        total = len(bags)
        idf = {s: math.log((total + 1) / (d + 1)) + 1.0 for s, d in df.items()}
        corpus.idf[lang] = idf
        corpus.vectors[lang] = {n: _normalise(bag, idf) for n, bag in bags.items()}
    return corpus


def notation_key(notation: str) -> tuple[int, int, str]:
    """A sort key that puts target notations in the UN's order (``1.2`` before ``1.10``)."""
    goal, _, target = notation.partition(".")
    return (int(goal), int(target) if target.isdigit() else 100, target)


def _content_stems(text: str, lang: str) -> list[str]:
    return [stem(w, lang) for w in tokens(text) if w not in STOPWORDS[lang] and len(w) > 2]


def _normalise(bag: Counter[str], idf: dict[str, float]) -> dict[str, float]:
    vector = {s: c * idf.get(s, 1.0) for s, c in bag.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {s: v / norm for s, v in vector.items()}


def _match_entries(words: Sequence[str], lang: str) -> dict[str, list[tuple[str, int, int]]]:
    """Lexicon matches: entry id → (words as written, start, end) spans, longest first."""
    stems = [stem(w, lang) for w in words]
    candidates: list[tuple[int, int, int, str, str]] = []  # (length, start, end, entry, text)
    for entry in lexicon():
        for term in entry.terms[lang]:
            size = len(term)
            if not size:
                continue
            for start in range(len(stems) - size + 1):
                window = stems[start : start + size]
                if _term_matches(term, window):
                    text = " ".join(words[start : start + size])
                    strength = sum(len(t) for t in term)
                    candidates.append((strength, start, start + size, entry.id, text))
    candidates.sort(key=lambda c: (-c[0], c[1]))
    taken: dict[int, int] = {}  # word position → the strongest strength that matched there
    out: dict[str, list[tuple[str, int, int]]] = {}
    for strength, start, end, entry_id, text in candidates:
        if any(taken.get(i, 0) > strength for i in range(start, end)):
            continue
        for i in range(start, end):
            taken[i] = max(taken.get(i, 0), strength)
        out.setdefault(entry_id, []).append((text, start, end))
    return out


def _term_matches(term: tuple[str, ...], window: Sequence[str]) -> bool:
    if len(term) > 1:
        return tuple(window) == term
    part, word = term[0], window[0]
    if word == part:
        return True
    if len(part) < _MIN_COMPOUND or len(word) <= len(part):
        return False
    return word.startswith(part) or word.endswith(part)


def suggest(
    text: str, lang: str | None = None, limit: int = 10, *, use_lexicon: bool = True
) -> list[Suggestion]:
    """Ranked targets for a goal text (``lang``: ``sv``, ``en`` or detected)."""
    if not text.strip():
        raise GoalgraphError("give a goal text / ange en måltext")
    lang = lang or detect_language(text)
    if lang not in LANGUAGES:
        raise GoalgraphError(f"unsupported language {lang!r} (use sv or en)")
    corpus = _corpus()
    words = tokens(text)
    matches = _match_entries(words, lang) if use_lexicon else {}
    by_entry = {e.id: e for e in lexicon()}
    lexical: dict[str, float] = {}
    terms: dict[str, list[str]] = {}
    entries: dict[str, list[str]] = {}
    for entry_id, spans in matches.items():
        for notation, weight in by_entry[entry_id].targets.items():
            lexical[notation] = lexical.get(notation, 0.0) + weight
            entries.setdefault(notation, []).append(entry_id)
            for span_text, _, _ in spans:
                if span_text not in terms.setdefault(notation, []):
                    terms[notation].append(span_text)
    content = [w for w in words if w not in STOPWORDS[lang] and len(w) > 2]
    goal_vector = _normalise(Counter(stem(w, lang) for w in content), corpus.idf[lang])
    results = []
    for notation in corpus.notations:
        target_vector = corpus.vectors[lang][notation]
        similarity = sum(v * target_vector.get(s, 0.0) for s, v in goal_vector.items())
        score = lexical.get(notation, 0.0) + SIMILARITY_WEIGHT * similarity
        if score <= 0:
            continue
        shared = tuple(dict.fromkeys(w for w in content if stem(w, lang) in target_vector))[:4]
        results.append(
            Suggestion(
                notation,
                str(SDG[notation]),
                round(score, 4),
                round(lexical.get(notation, 0.0), 4),
                round(similarity, 4),
                tuple(terms.get(notation, ())),
                tuple(entries.get(notation, ())),
                shared,
                corpus.texts[lang][notation],
            )
        )
    results.sort(key=lambda s: (-s.score, notation_key(s.notation)))
    return results[:limit]


def suggestion_graph(
    goal: URIRef, suggestions: Iterable[Suggestion], graph: Graph | None = None
) -> Graph:
    """Add suggestions to ``graph`` (a new one by default) as ``gg:sdgContribution`` links with
    ``gg:basis gg:Suggested``, the score, the matched terms and the reason in sv and en."""
    out = Graph() if graph is None else graph
    for suggestion in suggestions:
        link = BNode()
        out.add((goal, GG.sdgContribution, link))
        out.add((link, RDF.type, GG.SdgContribution))
        out.add((link, GG.sdg, URIRef(suggestion.iri)))
        out.add((link, GG.basis, GG.Suggested))
        out.add((link, GG.reason, Literal(suggestion.reason("sv"), lang="sv")))
        out.add((link, GG.reason, Literal(suggestion.reason("en"), lang="en")))
        out.add(
            (link, GG.suggestionScore, Literal(f"{suggestion.score:.4f}", datatype=XSD.decimal))
        )
        for term in dict.fromkeys(suggestion.terms + suggestion.shared):
            out.add((link, GG.matchedTerm, Literal(term)))
    return out


def to_json(suggestions: Iterable[Suggestion]) -> list[dict[str, Any]]:
    """Suggestions as JSON-serialisable dicts, with the reason in both languages."""
    return [
        {**asdict(s), "reason_sv": s.reason("sv"), "reason_en": s.reason("en")} for s in suggestions
    ]
