"""Visions written as sentences and goals named in running text.

Many pages state their vision in one line or a quotation rather than under a bare heading
``Vision``, and name their areas inside a sentence rather than in a list:

- **a vision heading with more words** (``Vision 2025``, ``Vision för Provby 2030``,
  ``Vision och målområden``): the short line below it, or the short list items below it;
- **a vision announced**: ``Kommunens vision lyder:`` with the vision in the next paragraph;
- **a vision quoted or put in apposition**: ``visionen ”Vi växer tillsammans”``,
  ``Vår vision, kommunen som ger plats, är …``;
- **a vision run on in a PDF line**: ``Vision för Provby 2030 År 2030 är Provby …``: the
  sentence after the heading words;
- **counted areas enumerated**: ``visionens fem områden: den trygga kommunen, …``: as many
  names as the count says;
- **a name quoted after a level word**: ``Målområdet ”Ett samhälle för alla” är …``;
- **a level word with a verb of content**: ``Målområdena omfattar Barn och unga, Kultur och
  fritid samt …``;
- **bullets run on in one line** (a PDF's list read as one paragraph): ``Prioriterade
  områden: • Skola • Tillväxt Resursmål: • Personal • Ekonomi Stadens …``: each item a goal at
  the level named before its bullets;
- **numbered goals named inline**: ``mål 4, God utbildning för alla, mål 8, …`` (the
  global goals a municipality prioritises), two or more in one paragraph.

Text that speaks of the vision (``Visionen antogs …``, ``Provby har en vision …``) describes
it and is not the vision. Each finder gives ``(text, level, block indices, confidence,
number)``; :mod:`goalgraph.authoring.extraction.structure` makes them candidates.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence

from goalgraph.authoring.extraction.reading import Block
from goalgraph.authoring.extraction.vocabulary import find_terms

__all__ = ["Found", "areas_in_prose", "table_header", "visions"]

#: ``(text, level, indices of the blocks it is read from, confidence, number)``.
Found = tuple[str, str, list[int], float, str | None]

_VISION_HEADING = re.compile(
    r"^(?:(?:vår|kommunens|[\wåäö-]+s)\s+)?vision(?:en)?(?:\s+för)?"
    r"(?:\s+(?!och\b)[\wåäö-]+(?:\s+kommun)?)?(?:\s+år)?(?:\s+(?:19|20)\d{2})?"
    r"(?:\s+(?:och|&)\s+[\wåäö ]{3,30})?\s*:?$",
    re.IGNORECASE,
)
#: A word for a vision, alone or in a compound (``framtidsvision``).
_SPEAKS_OF_VISION = re.compile(
    r"vision(?:en|er|erna|ens)?\b|\bvisions(?:dokument|arbete|process)", re.IGNORECASE
)
#: A line that announces the vision in the next block: ``Kommunens vision lyder:``,
#: ``Så här lyder vår vision:``, ``Nu har vi en ny vision:``.
_ANNOUNCED = re.compile(
    r"(?:\bvision(?:en)?\s+(?:lyder|är)|\blyder\s+(?:[\wåäö]+\s+)?vision(?:en)?"
    r"|\bhar\s+vi\s+(?:fått\s+)?en\s+(?:ny\s+)?vision)\s*:\s*$",
    re.IGNORECASE,
)
_QUOTED = re.compile(
    r"\b[Vv]ision(?:en)?(?:\s+för(?:\s+[\wåäö-]+){1,3}?)?(?:\s+(?:är|lyder|heter)(?:\s+nu)?)?\s*:?\s*"
    r"[”\"“]([^”\"“\n]{3,200})[”\"]"
)
#: A vision set as a name, a dash and a phrase (``Provby - Läge för liv och lust``).
_SLOGAN = re.compile(r"^[A-ZÅÄÖ][^.!?:;–—-]{1,60}\s[–—-]\s[^.!?:;]{3,80}[.!]?$")
#: A paragraph that is one quotation (``”Provby är en hållbar kommun.”``).
_WHOLLY_QUOTED = re.compile(r"^[”\"“»]([^”\"“»\n]{10,300})[”\"«]$")
#: A paragraph that says in its first sentence that a vision was adopted (``En ny vision för
#: Provby antogs …``, ``Visionen antogs av kommunfullmäktige …``).
_VISION_ADOPTED = re.compile(
    r"^(?:\S+\s+){0,5}?vision(?:en)?\b[^.!?]*?\b(?:antogs|antagits|antog|antagen|beslutades"
    r"|fastställdes|fastställts|klubbades)\b",
    re.IGNORECASE,
)
#: The vision and then a sentence pointing back at it (``En gränsregion vid havet. Det är
#: visionen som …``).
_POINTED_BACK = re.compile(
    r"^([A-ZÅÄÖ][^\n]{10,300}?[.!])\s+(?:Det|Detta)\s+är\s+(?:vår\s+|kommunens\s+)?vision(?:en)?\b"
)
_APPOSITION = re.compile(
    r"\b[Vv]ision(?:en)?,\s+(?:([^,.;:\n]{3,80}),\s+(?:är|har|ska|blir)\b"
    # at the sentence's end, a name (``Planen utgår från visionen, Regionstad Provby - för
    # ett aktivt liv.``)
    r"|([A-ZÅÄÖ][^,.;:\n]{2,80})\.(?:\s|$))"
)
_RUN_ON = re.compile(
    r"\bVision(?:\s+för)?(?:\s+[A-ZÅÄÖ][\wåäö-]+(?:\s+kommun)?)?\s+(?:år\s+)?(?:19|20)\d{2}"
    r"\s+([A-ZÅÄÖ][^.!?\n]{10,300}[.!?])"
)
_QUOTES = "”\"“'’ "
_NUMBERS = {"två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9,
            "tio": 10}  # fmt: skip
#: ``fem områden: A, B …`` or ``tre områden prioriterats för arbetet: A, B samt C, säger …``
#: (a few words between the level word and the colon; a quotation's attribution ends it).
_COUNTED_AREAS = re.compile(
    r"\b(två|tre|fyra|fem|sex|sju|åtta|nio|tio)\s+(?:[a-zåäö]+\s+)?"
    r"(områden|perspektiv|inriktningar)(?:\s+[a-zåäö]+){0,6}\s*:\s*([^.;:!?()\n”\"]+?)"
    r"(?:[.!?]|,\s+(?:förklarar|säger|berättar|skriver|menar|konstaterar)\b)",
    re.IGNORECASE,
)
_BARE_LEVEL = {"områden": "Område", "perspektiv": "Perspektiv", "inriktningar": "Inriktning"}
_CONTENT_VERB = re.compile(
    r"\s+(?:omfattar|innefattar|består av|utgörs av)\s+([A-ZÅÄÖ][^.;:!?()\n”\"]+)[.!?]"
)
_NAME_SPLIT = re.compile(r",\s+(?=[A-ZÅÄÖ])|,?\s+samt\s+|\s+och\s+(?=[A-ZÅÄÖ])")
#: A name in quotes right after a level word (``Målområdet ”Ett samhälle för alla” …``).
_QUOTED_NAME = re.compile(r"\s*[”\"“]([A-ZÅÄÖ][^”\"“\n]{2,80}?)[”\"]")
_LIST_SPLIT = re.compile(r",\s+|,?\s+(?:och|samt)\s+")
_NUMBERED_INLINE = re.compile(
    r"\b[Mm]ål\s+(\d{1,2}),?\s+([A-ZÅÄÖ][^,.;:()\n]{3,80}?)(?=,|\s+samt\b|\s+och\s+mål\b|[.;]|$)"
)


#: ``Prioriterade områden:``: a qualified bare level head before a colon names the level.
_LEVEL_BEFORE_COLON = re.compile(
    r"((?:[\wåäö-]+\s+)?[\wåäö-]*(?:områden|område|perspektiv|inriktningar))\s*:\s*$"
)
_BULLET = re.compile(r"\s*[•▪●]\s*")
#: An item that ends with the next level's name and a colon (``Landskronaborna i fokus
#: Resursmål:``).
_NEXT_LEVEL = re.compile(r"^(.*?)\s+((?:[A-ZÅÄÖ][\wåäö-]*)(?:\s+[\wåäö-]+)?)\s*:\s*$")


def _run_on_bullets(text: str) -> Iterator[Found]:
    segments = _BULLET.split(text)
    if len(segments) < 3 or not segments[0].rstrip().endswith(":"):
        return
    terms = [t for t in find_terms(segments[0][-60:]) if t.key != "vision"]
    head = _LEVEL_BEFORE_COLON.search(segments[0])
    if terms:
        level = terms[-1].name
    elif head:
        level = head.group(1)[:1].upper() + head.group(1)[1:]
    else:
        return
    for position, item in enumerate(segments[1:], start=1):
        item = item.strip()
        following = level
        nxt = _NEXT_LEVEL.match(item)
        if nxt and [t for t in find_terms(nxt.group(2)) if t.key != "vision"]:
            item = nxt.group(1)
            following = next(t.name for t in find_terms(nxt.group(2)) if t.key != "vision")
        elif position == len(segments) - 1 and len(item.split()) > 8:
            words = item.split()
            cut = next((i for i, w in enumerate(words) if i and w[:1].isupper()), len(words))
            item = " ".join(words[:cut])
        if 0 < len(item.split()) <= 8:
            yield item.strip(" ,;"), level, [], 0.6, None
        level = following


#: A table's header run into a paragraph (a PDF transcript): a number column, the column
#: that names the level, then the other columns (``Nr Kommunmål Antal indikatorer (2018)
#: Antal åtaganden (2018)``), up to the first row's number or its capital.
_TABLE_HEADER = re.compile(
    r"\bNr\s+(?P<level>[A-ZÅÄÖ][\wåäö-]*(?:mål|område))\s+"
    r"(?:[A-ZÅÄÖ][a-zåäö]+(?:\s+[a-zåäö]+){0,3}(?:\s*\(\d{4}\))?\s+){1,4}"
    r"(?:\d{1,2}(?:\.\d{1,2})*\s+)?(?=[A-ZÅÄÖ])"
)
_SHALL = re.compile(r"\b(?:ska|skall)\b")


def table_header(text: str) -> tuple[int, int] | None:
    """Where a table's header run into ``text`` is, from the level word before it (``Kommunmål
    Nr Kommunmål Antal …``) to its end; ``None`` when the text has none."""
    header = _TABLE_HEADER.search(text)
    if header is None:
        return None
    return max(0, text.rfind(".", 0, header.start()) + 1), header.end()


def _run_on_table(text: str) -> Iterator[Found]:
    """The rows of a table run into one paragraph: after its header, each goal a clause
    that says what shall be, the next starting at a capital once the current has said it
    (``… ökad inflyttning Medborgarnas hälsa ska förbättras Utbildningsnivån ska höjas``)."""
    header = _TABLE_HEADER.search(text)
    if header is None or not [t for t in find_terms(header.group("level"))]:
        return
    level = next(t.name for t in find_terms(header.group("level")))
    rows: list[list[str]] = [[]]
    for word in text[header.end() :].split():
        current = rows[-1]
        said = _SHALL.search(" ".join(current))
        if current and said and word[:1].isupper() and current[-1] not in ("ska", "skall"):
            rows.append([])
        rows[-1].append(word)
    for row in rows:
        clause = " ".join(row).strip(" .;")
        if _SHALL.search(clause) and 3 <= len(row) <= 25:
            yield clause, level, [], 0.6, None


def _short_line(block: Block) -> bool:
    text = block.text.strip()
    return (
        block.kind in ("paragraph", "heading")
        and 3 <= len(text.split()) <= 30
        and len(text) <= 220
        and not _SPEAKS_OF_VISION.search(text)
        and not list(find_terms(text))
    )


def _quoted_below(blocks: Sequence[Block], index: int, claimed: set[int],
                 heading_like: Callable[[Block], bool]) -> list[int] | None:  # fmt: skip
    """The paragraph that is one quotation among the paragraphs right below the vision
    heading at ``index`` (``Vision 2035``, a paragraph about visions, then ``”Provby är …”``),
    or the two paragraphs one quotation runs over (opened in the first, closed in the next),
    or a line set as a name and a phrase after paragraphs on what a vision is."""
    for following in range(index + 1, min(index + 4, len(blocks))):
        block = blocks[following]
        if following in claimed or block.kind not in ("paragraph", "heading"):
            return None
        text = block.text.strip()
        if _WHOLLY_QUOTED.match(text):
            return [following]
        if (
            following > index + 1
            and _SLOGAN.match(text)
            and all(_SPEAKS_OF_VISION.search(blocks[i].text) for i in range(index + 1, following))
        ):  # a paragraph on what a vision is, then the vision set as a name and a phrase
            return [following]
        nxt = blocks[following + 1] if following + 1 < len(blocks) else None
        if (
            nxt is not None
            and following + 1 not in claimed
            and nxt.kind == "paragraph"
            and _WHOLLY_QUOTED.match(text + " " + nxt.text.strip())
        ):
            return [following, following + 1]
        if heading_like(block):
            return None
    return None


def visions(blocks: Sequence[Block], claimed: set[int], heading_like: Callable[[Block], bool]
            ) -> Iterator[Found]:  # fmt: skip
    """Visions under a longer vision heading, announced, quoted, in apposition or run on."""
    seen: set[str] = set()

    def once(text: str) -> bool:
        key = text.strip(_QUOTES + ".!").casefold()
        if key in seen:
            return False
        seen.add(key)
        return True

    for index, block in enumerate(blocks):
        if index in claimed:
            continue
        text = block.text.strip()
        if heading_like(block) and len(text.split()) <= 7 and _VISION_HEADING.match(text):
            items = []
            for following in range(index + 1, min(index + 6, len(blocks))):
                nxt = blocks[following]
                if nxt.kind != "item" or len(nxt.text.split()) > 20 or following in claimed:
                    break
                items.append(following)
            if items:
                for i in items:
                    if once(blocks[i].text):
                        yield blocks[i].text.strip(), "Vision", [i], 0.7, None
                continue
            nxt_index = index + 1
            quoted = _quoted_below(blocks, index, claimed, heading_like)
            if quoted is not None and quoted[0] == nxt_index and len(quoted) == 2:
                text = " ".join(blocks[i].text.strip() for i in quoted)
                if once(text):
                    yield text.strip(_QUOTES), "Vision", quoted, 0.7, None
                continue
            if nxt_index < len(blocks) and nxt_index not in claimed:
                nxt = blocks[nxt_index]
                if _short_line(nxt) and once(nxt.text):
                    yield nxt.text.strip().strip(_QUOTES), "Vision", [nxt_index], 0.7, None
                    continue
            text = " ".join(blocks[i].text.strip() for i in quoted or [])
            if quoted is not None and once(text):
                yield text.strip(_QUOTES), "Vision", quoted, 0.7, None
            continue
        if (
            heading_like(block)
            and len(text.split()) <= 8
            and any(t.key == "vision" for t in find_terms(text))
        ):
            verse = _verse(blocks, index, claimed)
            joined = "\n".join(blocks[i].text.strip() for i in verse)
            if verse and once(joined):
                yield joined, "Vision", verse, 0.65, None
                continue
        if block.kind != "paragraph":
            continue
        back = _POINTED_BACK.match(text)
        if back and not _SPEAKS_OF_VISION.search(back.group(1)) and once(back.group(1)):
            yield back.group(1), "Vision", [index], 0.65, None
            continue
        if _stated_above(blocks, index, claimed) and once(text):
            # "Provby – en hållbar kommun." then "En ny vision för Provby antogs …"
            yield text.strip(_QUOTES), "Vision", [index], 0.6, None
            continue
        if _ANNOUNCED.search(text) and index + 1 < len(blocks):
            nxt = blocks[index + 1]
            vision = nxt.text.strip().strip(_QUOTES)
            if nxt.kind != "item" and 2 <= len(vision.split()) <= 40 and once(vision):
                yield vision, "Vision", [index + 1], 0.75, None
            continue
        for pattern in (_QUOTED, _APPOSITION, _RUN_ON):
            for match in pattern.finditer(text):
                vision = next(g for g in match.groups() if g is not None).strip().strip(_QUOTES)
                if len(vision.split()) >= 2 and once(vision):
                    yield vision, "Vision", [], 0.65, None


def _verse(blocks: Sequence[Block], index: int, claimed: set[int]) -> list[int]:
    """The lines of a verse under the heading at ``index`` (``Provby sätter segel – vision
    2025``, then short lines, some going on from the line before in lower case): four or
    more lines of at most eight words, up to a longer block or one naming a vision or level."""
    lines: list[int] = []
    for position in range(index + 1, min(index + 16, len(blocks))):
        block = blocks[position]
        text = block.text.strip()
        if (
            position in claimed
            or block.kind not in ("paragraph", "heading")
            or not 1 <= len(text.split()) <= 8
            or _SPEAKS_OF_VISION.search(text)
            or list(find_terms(text))
        ):
            break
        lines.append(position)
    if len(lines) < 4 or not any(blocks[i].text.strip()[:1].islower() for i in lines):
        return []
    return lines


def _stated_above(blocks: Sequence[Block], index: int, claimed: set[int]) -> bool:
    """Whether the paragraph at ``index`` is a vision stated on a line of its own: one
    sentence, no level word, the paragraph right below saying that a vision was adopted, the
    text above no sentence about a vision."""
    block = blocks[index]
    text = block.text.strip()
    if index + 1 >= len(blocks) or index + 1 in claimed or not _short_line(block):
        return False
    if len(text.split()) < 4 or len(re.findall(r"[.!?](?:\s|$)", text)) > 1:
        return False
    if not text[:1].isupper() or not text.endswith((".", "!")):
        return False
    if not _VISION_ADOPTED.match(blocks[index + 1].text.strip()):
        return False
    return not any(
        _SPEAKS_OF_VISION.search(blocks[i].text) for i in range(max(0, index - 3), index)
    )


def areas_in_prose(blocks: Sequence[Block], claimed: set[int]) -> Iterator[Found]:
    """Areas and goals named inside a sentence: counted and enumerated, after a verb of
    content, or numbered inline. A quotation set off by a dash (read as a list item) is
    read for counted areas too."""
    for index, block in enumerate(blocks):
        if index in claimed or block.kind not in ("paragraph", "item"):
            continue
        text = block.text
        for match in _COUNTED_AREAS.finditer(text):
            parts = [p.strip(" –-") for p in _LIST_SPLIT.split(match.group(3).strip())]
            count = _NUMBERS[match.group(1).casefold()]
            if len(parts) != count:  # names with ``och`` inside: ``Barn och ungas uppväxt``
                parts = [p.strip(" –-") for p in _NAME_SPLIT.split(match.group(3).strip())]
            if len(parts) == count and all(0 < len(p.split()) <= 6 for p in parts):
                level = _BARE_LEVEL[match.group(2).casefold()]
                for name in parts:
                    yield name, level, [], 0.6, None
        if block.kind != "paragraph":
            continue
        for term in find_terms(text):
            if term.key == "vision":
                continue
            quoted = _QUOTED_NAME.match(text[term.end :])
            if quoted and len(quoted.group(1).split()) <= 8:
                yield quoted.group(1).strip(" .,"), term.name, [], 0.6, None
                continue
            listed = _CONTENT_VERB.match(text[term.end :])
            if not listed:
                continue
            parts = [p.strip(" –-") for p in _NAME_SPLIT.split(listed.group(1).strip())]
            if len(parts) >= 2 and all(0 < len(p.split()) <= 6 for p in parts):
                for name in parts:
                    yield name, term.name, [], 0.6, None
        if text.count("•") + text.count("▪") + text.count("●") >= 2:
            yield from _run_on_bullets(text)
        yield from _run_on_table(text)
        numbered = list(_NUMBERED_INLINE.finditer(text))
        if len(numbered) >= 2:
            for match in numbered:
                yield match.group(2).strip(), "Mål", [], 0.55, match.group(1)
