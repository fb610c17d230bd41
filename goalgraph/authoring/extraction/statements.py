"""Goals stated as sentences about the municipality, where the layout says nothing.

Some documents set their goals as plain paragraphs that begin with the municipality's name
(``Nora kommun ska …``, ``… verkar för …``), as a shared stem with endings (``… ska vara en
plats...`` and ``...med …``), and name the vision in a sentence (``kommuns vision, <text>,``).
The level then follows from the wording: a vision, a present-tense overarching goal,
sub-goals under a one-word heading, goals that say what the municipality shall do.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from goalgraph.authoring.extraction.reading import Block

__all__ = ["KINDS", "Statement", "find_statements", "municipality_name"]

#: The kinds of statement goals, top first, with their Swedish level names.
KINDS = {
    "vision": "Vision",
    "overarching": "Övergripande mål",
    "subgoal": "Delmål",
    "council": "Fullmäktigemål",
}


@dataclass
class Statement:
    """A goal sentence: its kind, text, the block it is on, a heading and the passage."""

    kind: str
    text: str
    block: Block
    heading: str | None
    passage: str


def municipality_name(text: str) -> str | None:
    """The name the text most often writes before ``kommun``."""
    counts: dict[str, int] = {}
    for match in re.finditer(r"\b([A-ZÅÄÖ][a-zåäö]+?)s?\s+[Kk]ommuns?\b", text):
        counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    return max(counts, key=lambda k: counts[k]) if counts else None


def find_statements(blocks: Sequence[Block], name: str, text: str) -> list[Statement]:
    """The goal sentences of ``blocks`` about the municipality ``name``."""
    stem = re.escape(name)
    # "Nora kommun ska …", "Vaggeryds kommun ska …"; not "Karlstads kommuns styrmodell är …",
    # whose subject is something of the municipality's.
    opening = re.compile(rf"^{stem}(?:s)?(?:\s+kommun)?\b(?!s\b)(?!\s+kommuns\b)")
    verb = re.compile(r"\b(ska|skall|verkar för|fokuserar|ger|är|uppnår)\b")
    found: list[Statement] = []
    # "kommunens vision, Livskvalitet Karlstad 100 000, talar …": a name in apposition, not
    # an enumeration ("vision, värdegrund och de övergripande målen, …").
    match = re.search(r"\bvision(?:en)?,\s+([A-ZÅÄÖ0-9\"”“][^,\n]{4,119}),", text)
    has_vision = False
    if match and match.group(1).strip():
        holder = next((b for b in blocks if match.group(1) in b.text), None)
        if holder is not None:
            found.append(Statement("vision", match.group(1).strip(), holder, None, match.group(1)))
            has_vision = True
    stem_block: Block | None = None
    sections = _goal_sections(blocks)
    for position, block in enumerate(blocks):
        line = block.text.strip()
        if stem_block is not None and line.startswith("..."):
            label = stem_block.text.strip().rstrip(". ") + " " + line.lstrip(". ")
            found.append(Statement("council", " ".join(label.split()), block, None, line))
            continue
        if line.endswith("...") and opening.match(line) and "ska" in line:
            stem_block = block
            continue
        stem_block = None
        if not opening.match(line) or not verb.search(line[:80]) or len(line) > 600:
            continue
        if line.count(". ") >= 2 and not has_vision:
            if not sections[position]:
                continue
            found.append(Statement("vision", line, block, None, line))
            has_vision = True
            continue
        heading = None
        previous = blocks[position - 1].text.strip() if position else ""
        if previous and len(previous.split()) == 1 and previous[0].isupper():
            heading = previous
        if re.search(r"\bär\b", line[:60]) and "ska" not in line[:60]:
            if not sections[position]:
                continue  # a statement of fact in a section that is not about goals
            kind = "overarching"
        elif heading is not None:
            kind = "subgoal"
        else:
            kind = "council"
        found.append(Statement(kind, line, block, heading, line))
    return found


_GOAL_WORDS = re.compile(r"(?i)mål|vision|inriktning|område|perspektiv")


def _goal_sections(blocks: Sequence[Block]) -> list[bool]:
    """For each block, whether the nearest heading above it speaks of goals (``Exempel på
    nivåer på mål och delmål:``) or there is none; a paragraph about the municipality under
    ``Glokala Sverige`` is news, not its vision. One pass over the blocks."""
    out: list[bool] = []
    current = True
    for block in blocks:
        out.append(current)
        text = block.text.strip()
        if block.kind == "heading" or (
            block.kind == "paragraph" and 0 < len(text) <= 110 and len(text.split()) <= 14
            and not text.endswith((".", "!", "?", ",", ";"))
        ):  # fmt: skip
            current = bool(_GOAL_WORDS.search(text))
    return out
