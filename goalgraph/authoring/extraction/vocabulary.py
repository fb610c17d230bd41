"""The municipality's own names for its goal levels, discovered from the document.

A level term is a word the document uses for a kind of element in its goal structure: a
compound on a level head (``målområde``, ``fokusområden``, ``inriktningsmål``, ``nämndsmål``,
``strategiska inriktningar``, ``perspektiv``, ``målbild``, ``vision``; ``målsättningar`` only
where it introduces a list or is counted) or ``mål`` with a qualifying adjective or a body's
genitive (``övergripande mål``, ``strategiska målen``,
``kommunfullmäktiges mål``). Terms are reduced to one name per level (``målområden`` and
``Målområde`` are the same level) and compared by a key that ignores case, spaces and the
joining ``s`` (``nämndsmål`` = ``nämndmål``, ``kommunfullmäktiges mål`` =
``kommunfullmäktigemål``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Term", "find_terms", "kind_of", "lemma", "level_key"]

#: Heads of level words, with their inflected endings.
_HEADS = (
    r"mål(?:en|et|ens|s)?",
    r"område(?:n|t|na|ts)?",
    r"inriktning(?:ar|en|arna|s)?",
    r"perspektiv(?:en|et)?",
    r"(?<=[Mm]ål)bild(?:en|er)?",
    r"(?<=[Mm]ål)sättning(?:ar|en|arna)?",
)
_COMPOUND = re.compile(
    rf"\b([A-ZÅÄÖa-zåäö][a-zåäö-]*?(?:{'|'.join(_HEADS)}))\b",
)
_QUALIFIED = re.compile(
    r"\b((?:[A-ZÅÄÖa-zåäö]+(?:ande|ade|iska|ska|lla|iga|ella|are|ala))"
    r"|(?:[A-ZÅÄÖa-zåäö]+(?:fullmäktiges|styrelsens|nämndens|nämndernas|kommunens|stadens)))"
    r"\s+(mål(?:en|et)?|inriktning(?:ar|en|arna)?|område(?:n|t|na)?|perspektiv(?:en|et)?)\b"
)
_VISION = re.compile(r"\b([Vv]ision(?:en)?)\b")
#: Words on a level head that do not name a level.
_NOT_LEVELS = frozenset(
    {
        "mål", "målen", "målet", "målets", "område", "området", "områden", "områdena",
        "inriktning", "inriktningen", "inriktningar", "perspektiv", "perspektivet",
        "perspektiven", "ansvarsområde", "bostadsområde", "närområde", "årsmål",
        "medborgarperspektiv", "kommunområde", "verksamhetsområde", "delområde",
        "tidsperspektiv", "barnperspektiv", "målvärde",
    }
)  # fmt: skip
#: Words before a head that count or point rather than qualify (``följande områden``).
_COUNTING = frozenset({"följande", "kommande", "ovanstående", "nedanstående", "flera", "vissa"})
_QUALIFIERS_NOT = frozenset({"samtliga", "alla", "andra", "olika", "nya", "egna", "dessa"})


@dataclass(frozen=True)
class Term:
    """A level term where the text uses it."""

    name: str  # the level's name, singular where possible, capitalised
    key: str
    start: int
    end: int
    counted: bool  # preceded by a count or "följande" ("fyra målområden")


def lemma(word: str) -> str:
    """The level name of an inflected term: ``målområdena`` → ``målområde``."""
    word = " ".join(word.casefold().split())
    word = re.sub(r"mål(?:en|et|ens)$", "mål", word)
    word = re.sub(r"område(?:n|t|na|ts)$", "område", word)
    word = re.sub(r"inriktning(?:ar|en|arna|s)$", "inriktning", word)
    word = re.sub(r"perspektiv(?:en|et)$", "perspektiv", word)
    word = re.sub(r"målbild(?:en|er)$", "målbild", word)
    word = re.sub(r"målsättning(?:ar|en|arna)$", "målsättning", word)
    word = re.sub(r"^vision(?:en)$", "vision", word)
    qualified = re.match(r"^([a-zåäö]+) ([a-zåäö]+)$", word)
    if qualified:
        adjective, head = qualified.groups()
        word = f"{_singular(adjective, head.endswith(_NEUTER))} {head}"
    return word


#: Level heads of neuter gender: their adjective takes ``-t`` (``strategiskt mål``).
_NEUTER = ("mål", "område", "perspektiv")


def _singular(adjective: str, neuter: bool) -> str:
    """The singular indefinite form of an adjective before a level head: ``strategiska`` →
    ``strategisk`` (``strategiskt`` before a neuter head), ``prioriterade`` → ``prioriterad``
    (``prioriterat``), ``lokala`` → ``lokal``; participles in ``-ande``/``-ende``
    (``övergripande``) and genitives (``kommunfullmäktiges``) as they are."""
    if adjective.endswith(("ande", "ende", "s")) or len(adjective) < 4:
        return adjective
    if adjective.endswith("ade"):
        return adjective[:-1] if not neuter else adjective[:-2] + "t"
    if not adjective.endswith("a"):
        return adjective
    stem = adjective[:-1]
    if stem.endswith("mm"):
        stem = stem[:-1]
    return stem + "t" if neuter and not stem.endswith("t") else stem


def level_key(name: str) -> str:
    """A comparison key for a level name (case, spaces and joining ``s`` ignored)."""
    key = re.sub(r"[^a-zåäöé]", "", lemma(name))
    return re.sub(r"s(?=mål$|område$|inriktning$)", "", key)


def _display(word: str) -> str:
    name = lemma(word)
    return name[:1].upper() + name[1:]


_COUNT = re.compile(
    r"(?:\b(?:två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|\d{1,2}|följande|dessa|våra)"
    r"(?:\s+[a-zåäö]+(?:a|e|ga))?\s+)$",
    re.IGNORECASE,
)


def find_terms(text: str) -> Iterator[Term]:
    """The level terms in ``text``, left to right."""
    found: list[Term] = []
    taken: list[tuple[int, int]] = []
    for match in _QUALIFIED.finditer(text):
        qualifier = match.group(1).casefold()
        if qualifier in _QUALIFIERS_NOT:
            continue
        if qualifier in _COUNTING and not match.group(2).startswith(("mål", "inriktning")):
            continue  # "följande områden": a count, not a kind of area
        phrase = f"{match.group(1)} {match.group(2)}"
        name = _display(phrase)
        if lemma(phrase) in _NOT_LEVELS:
            continue
        counted = bool(_COUNT.search(text[: match.start()]))
        found.append(Term(name, level_key(name), *match.span(), counted))
        taken.append(match.span())
    for match in _COMPOUND.finditer(text):
        if any(a <= match.start() < b for a, b in taken):
            continue
        word = match.group(1)
        if lemma(word) in _NOT_LEVELS or (word.casefold().startswith("mål") and len(word) < 6):
            continue
        name = _display(word)
        counted = bool(_COUNT.search(text[: match.start()]))
        found.append(Term(name, level_key(name), *match.span(), counted))
    for match in _VISION.finditer(text):
        found.append(Term("Vision", "vision", *match.span(), False))
    found = [t for t in found if not _in_passing(t, text)]
    yield from sorted(found, key=lambda t: t.start)


#: What may follow a word that names a level only where it introduces one (``målsättningar
#: för 2020:``): a few words, then the colon that opens the list.
_INTRODUCES = re.compile(r"^[^.!?:]{0,40}:\s*$")


def _in_passing(term: Term, text: str) -> bool:
    """Whether ``term`` is a word that names a level only when it introduces a list or is
    counted and does neither here: ``målsättning`` (also any aim: ``vad politikerna har för
    målsättningar``), an adjective before a bare ``områden`` or ``perspektiv`` (``tre
    strategiska områden``, not ``i centrala områden``) unless the line is a heading's length."""
    if term.counted:
        return False
    if term.key.startswith("målsättning"):
        return not _INTRODUCES.match(text[term.end :])
    if " " in term.name and term.key.endswith(("område", "perspektiv")):
        return len(text.split()) > 8 and not _INTRODUCES.match(text[term.end :])
    return False


def kind_of(name: str, rank: int) -> str:
    """The general level kind a local level name most likely is (a reviewer may change it):
    ``vision``, ``area``, ``board``, ``operational`` or ``council``."""
    key = level_key(name)
    if key.startswith("vision"):
        return "vision"
    if key.endswith(("område", "perspektiv", "inriktning")):
        return "area"
    if "nämnd" in key or "styrelse" in key:
        return "board"
    if key.startswith("verksamhet") and rank > 1:
        return "operational"
    return "council"
