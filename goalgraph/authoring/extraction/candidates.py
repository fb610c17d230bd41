"""The goal candidates of the structure rules, and what the rules share.

:class:`Candidate` is a goal found in the document with its level, blocks and confidence;
:class:`Rules` holds the state every rule reads and writes (the blocks, the goals found, the
blocks each has claimed, so that no block is read twice); the helpers read level names and
counts from a line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from goalgraph.authoring.extraction.reading import Block
from goalgraph.authoring.extraction.vocabulary import Term, find_terms, level_key

__all__ = [
    "THRESHOLD",
    "Candidate",
    "Rules",
    "adoption_line",
    "defines_goal_type",
    "heading_like",
    "leads_means",
    "own_compound",
]

THRESHOLD = 0.6

#: A definition after a dash (``Vision – beskriver ett framtida tillstånd``) opens with a verb.
_DEFINES = re.compile(r"^[a-zåäö]+(?:ar|er|ir|or|är|år)\b")
#: Organisations other than the municipality whose goals a page may quote (the government,
#: the UN, the EU): a list they introduce is theirs, not the municipality's.
_OTHER_ACTOR = re.compile(
    r"\b(?:(?i:regering(?:en|ens)?|riksdag(?:en|ens)?|generalförsamling\w*)|FN(?::s)?"
    r"|EU(?::s)?|Europeiska unionen\w*)\b"
)
_OWN = re.compile(r"(?i)\b(?:kommun\w*|stad(?:en|ens)?|nämnd\w*|fullmäktige\w*|styrelse\w*)")
_NOT_GOALS = re.compile(
    r"^(?:läs mer|ladda ner|dela sidan|senast uppdaterad|målvärde|här kan du|klicka)", re.I
)
#: A link to a file, with its type and size (``Handlingsprogram 2015-2018PDF (pdf, 866.9 kB)``).
_FILE_LINK = re.compile(r"\((?:pdf|docx?|xlsx?|pptx?|odt)\s*,\s*[\d.,\s]+[kMG]?B\)\s*$", re.I)
#: One word in lower case, perhaps with a gloss (``socialt``, ``ekologiskt (miljömässigt)``):
#: a sub-item or a dimension, not a goal written as a name.
#: A single adjective in lower case (``socialt``, ``ekologiskt (miljömässigt)``): an aspect
#: (the dimensions of sustainability), not the name of a goal, which is a noun
#: (``kvalitet``, ``livsmiljö``).
_ONE_LOWER_WORD = re.compile(r"^[a-zåäö][\wåäö-]*(?:iskt?|ellt?|alt?|igt?)(?:\s*\([^)]*\))?[.,;]?$")
#: A question (a page's feedback: ``Hjälpte informationen dig?``) or its answer buttons
#: (``Ja Nej``): a goal states, it does not ask.
_QUESTION = re.compile(r"\?[”\"]?$|^(?:Ja|Nej)(?:\s+(?:Ja|Nej))+$", re.IGNORECASE)
#: A web page's furniture (``Kontakt``, ``Senast uppdaterad: 16 februari 2023``, ``Meny``) or
#: a date alone on its line: the page's frame, not its content.
_FURNITURE = re.compile(
    r"^(?:kontakt(?:a oss)?|meny|dela(?: sidan)?|skriv ut|till toppen|sidansvarig|"
    r"(?:senast\s+)?(?:uppdaterad|ändrad|granskad|publicerad))\s*:?\s*"
    r"(?:\d{1,2}\s+[a-zåäö]+\s+\d{4}|\d{4}-\d{2}-\d{2})?$"
    r"|^\d{1,2}\s+(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober"
    r"|november|december)\s+\d{4}$|^\d{4}-\d{2}-\d{2}$",
    re.IGNORECASE,
)
#: An image's caption or credit (``Illustration över Lomma``, ``Foto: Anna Ek``).
_CAPTION = re.compile(
    r"^(?:illustration|foto|fotografi|bild|karta|figur)(?:\s*:|\s+(?:av|över|med|på|från|som)\b)",
    re.IGNORECASE,
)
#: A text that ends with a calendar day (``vision Lysekil 2030 den 19 oktober 2017``): the
#: name of what a decision on that day adopted, not a goal's wording.
_DATED_END = re.compile(
    r"\bden\s+\d{1,2}\s+(?:januari|februari|mars|april|maj|juni|juli|augusti|september"
    r"|oktober|november|december)\s+\d{4}\.?$",
    re.IGNORECASE,
)
#: A sentence saying what kind of thing something is (``Skövde 2025 är en vision för hur
#: tillväxt ska skapas``): it describes the vision, it is not its wording.
_DESCRIBES = re.compile(r"\bär en (?:vision|målbild|strategi)\b", re.IGNORECASE)
#: The line saying who adopted the document and when (``Antagen av kommunfullmäktige
#: 2013-05-27, § 68``): a decision, not a goal.
_APPROVAL = re.compile(
    r"^(?:antagen|antaget|antagna|beslutad|beslutat|beslutade|fastställd|fastställt|"
    r"fastställda|reviderad|reviderat|godkänd|godkänt)\s+(?:av|i|vid|den|\d)",
    re.IGNORECASE,
)
#: A list item that counts the parts of something in lower case (``fem målbilder``, ``en
#: deklaration``, ``tre principer för genomförande``): an inventory of a document's parts
#: announcing how many there are, not a goal.
_INVENTORY = re.compile(
    r"^(?:en|ett|två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|\d{1,2})"
    r"(?:\s+[a-zåäö]+){1,3}[.,;]?$"
)


#: A note in brackets after a goal's name (``Näringsliv (nytt fokusområde från och med år
#: 2021)``).
_TRAILING_NOTE = re.compile(r"^(.{3,}?)\s*\(([^()]{3,80})\)$")


def without_note(text: str) -> str:
    """``text`` without a bracketed note at its end that speaks of the goal's level or of
    when it applies (a level word or a year), not a gloss of the name itself."""
    match = _TRAILING_NOTE.match(text.strip())
    if match is None:
        return text
    note = match.group(2)
    if list(find_terms(note)) or re.search(r"\b(?:19|20)\d{2}\b", note):
        return match.group(1)
    return text


#: Words for the means to a goal (``strategier``, ``åtgärder``).
#: The means to a goal, or the parts each plays (``… och alla har olika uppgifter:``).
_MEANS = re.compile(r"(?i)\b(?:strategier|åtgärder|aktiviteter|insatser|uppgifter|roller)(?:na)?\b")


def leads_means(text: str) -> bool:
    """Whether ``text``, leading a list, names the means to a goal or the tasks each has,
    and no level (``Fullmäktiges beslutade strategier:``, ``… alla har olika uppgifter:``):
    the list is no list of goals."""
    return bool(_MEANS.search(text)) and not [t for t in find_terms(text) if t.key != "vision"]


def adoption_line(text: str) -> bool:
    """Whether ``text`` is the line saying who adopted the document and when (``Antagen av
    kommunfullmäktige 2013-05-27, § 68``)."""
    return bool(_APPROVAL.match(text.strip()))


def no_goal(text: str, item: bool) -> bool:
    """Whether a text that a rule found is no goal whatever its context: a link to a file,
    a question or its answer buttons, a page's furniture or a date alone, the line saying
    who adopted the document, a name ending with the day it was adopted, an image's caption
    (``Illustration över …``, ``Foto: …``), a sentence saying
    what kind of thing something is (``… är en vision för …``), or a list ``item`` of a
    single adjective in lower case (in running text such a word may be a goal's name: ``…
    samt medarbetarperspektiv``) or counting a document's parts (``fem målbilder``)."""
    text = text.strip()
    if _FILE_LINK.search(text) or _QUESTION.search(text) or _DESCRIBES.search(text):
        return True
    if _FURNITURE.match(text) or _APPROVAL.match(text) or _DATED_END.search(text):
        return True
    if _CAPTION.match(text):
        return True
    return bool(item and (_ONE_LOWER_WORD.match(text) or _INVENTORY.match(text)))


@dataclass
class Candidate:
    """A goal found in the document."""

    text: str
    level: str | None
    blocks: list[Block]
    confidence: float
    rule: str
    number: str | None = None
    parent: int | None = None  # index of the parent candidate
    depth: int = 0  # the level's rank among the document's levels, 0 at the top

    @property
    def block(self) -> Block:
        return self.blocks[0]


def heading_like(block: Block) -> bool:
    """A heading, or a short line that reads like one (no closing punctuation)."""
    text = block.text.strip()
    words = len(text.split())
    if block.kind == "heading":
        return True
    if block.kind == "item":
        return text.endswith(":") and words <= 8
    if block.kind == "row":
        return False
    return 0 < len(text) <= 110 and words <= 14 and not text.endswith((".", "!", "?", ",", ";"))


def _only_terms(text: str) -> list[Term]:
    """The terms of ``text`` if it is nothing but level names (and a year)."""
    rest = re.sub(r"\b(?:19|20)\d{2}\b", " ", text)
    terms = list(find_terms(rest))
    remainder = rest
    for term in reversed(terms):
        remainder = remainder[: term.start] + " " + remainder[term.end :]
    if terms and not re.sub(r"[\s,–:-]|\boch\b", "", remainder):
        return terms
    return []


def _other_actor(text: str) -> bool:
    """Whether ``text`` speaks of another organisation's goals (the government, the UN) and
    not of the municipality's own."""
    return bool(_OTHER_ACTOR.search(text)) and not _OWN.search(text)


def _last_sentence(text: str) -> str:
    parts = re.split(r"(?<=[.!?])\s+", text.strip())
    return parts[-1] if parts else text


def defines_goal_type(text: str) -> bool:
    """Whether a line defines a kind of goal (``Effektmål gäller det som …``, ``Processmål –
    handlar om …``): a level word, then a verb saying what it is. A goal type named in
    passing is no goal."""
    text = text.strip()
    terms = list(find_terms(text))
    if not terms or terms[0].start != 0 or terms[0].key == "vision":
        return False
    rest = text[terms[0].end :].lstrip(" –—-:")
    return rest.startswith("är ") or bool(_DEFINES.match(rest))


class Rules:
    """The state the structure rules share while they read one document."""

    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = list(blocks)
        self.found: list[Candidate] = []
        self.claimed: set[int] = set()
        self.governed: set[int] = set()  # headings that already governed a list
        self.vocabulary: list[str] = []  # level names a vocabulary list gave
        self.sectioned: set[int] = set()  # list items taken as goals of a section
        self._child_level: dict[int, str] = {}  # a group heading's block -> its items' level
        self._section_heads: dict[int, str] = {}  # a labelled section's heading -> its level

    def add(self, candidate: Candidate, indices: Sequence[int]) -> int:
        self.found.append(candidate)
        self.claimed.update(indices)
        return len(self.found) - 1


_NUMBERS = {
    "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
    "tio": 10, "elva": 11, "tolv": 12,
}  # fmt: skip


def _count(text: str) -> int | None:
    match = re.search(
        r"\b(två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|\d{1,2})\s+(?:[a-zåäö]+\s+)?"
        r"[a-zåäö]*(?:mål|område|inriktning|perspektiv)",
        text,
        re.IGNORECASE,
    )
    if not match:
        return None
    word = match.group(1).casefold()
    return int(word) if word.isdigit() else _NUMBERS[word]


def _unique(names: list[str]) -> list[str]:
    seen: list[str] = []
    for name in names:
        if name not in seen:
            seen.append(name)
    return seen


def own_compound(blocks: Sequence[Block], index: int, head: str) -> str:
    """The document's own name for a bare level head (``områden``) counted at ``index``:
    the compound on that head in a heading above (``Prioriterade utvecklingsområden``
    gives ``Utvecklingsområde``), else the head itself."""
    key = level_key(head)
    for position in range(index - 1, -1, -1):
        block = blocks[position]
        if not heading_like(block) or block.kind == "item":
            continue
        for term in find_terms(block.text):
            if term.key != key and term.key.endswith(key):
                return term.name
    return head.capitalize()
