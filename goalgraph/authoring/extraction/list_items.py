"""How the items of a list become goals, and the sections a list's goals sit in.

- **the items**: each item at the level its depth gives, the parent the item above it;
- **the introduction**: the block right above a list and the heading that governs it;
- **a first item set as a sentence**: between an introduction that names a level and ends
  with a colon and the list, the one sentence is the list's first goal;
- **a year's goals**: a list under ``Mål för 2023`` is goals of the level a heading above
  names, and the short heading over its description is their area;
- **numbered sections**: a numbered list of goals whose items each head a section, with a list
  under a short label (``Förväntat resultat:``) in each, the next level down.
"""

from __future__ import annotations

import re

from goalgraph.authoring.extraction.candidates import (
    _NOT_GOALS,
    Candidate,
    Rules,
    defines_goal_type,
    heading_like,
)
from goalgraph.authoring.extraction.vocabulary import find_terms

__all__ = ["GOALS_OF_YEAR", "NUMBERED_MARK", "ListItems"]

#: A heading of the goals of a year or period, naming no level (``Mål för 2023``, ``Målen
#: 2024–2027``, ``Mål år 2025``).
GOALS_OF_YEAR = re.compile(
    r"^mål(?:en)?(?:\s+för)?(?:\s+år)?\s+\d{4}(?:\s*[-–]\s*\d{2,4})?\s*:?$", re.IGNORECASE
)
#: The mark of a numbered item (``1.``, ``2)``).
NUMBERED_MARK = re.compile(r"^\d{1,2}[.)]?$")
#: A short label over a list (``Förväntat resultat:``).
_LABEL = re.compile(r"^[A-ZÅÄÖ][\wåäö-]*(?:\s+[\wåäö-]+){0,3}\s*:$")


class ListItems(Rules):
    """The items of lists as goals, and the sections around them."""

    def intro_of(self, start: int) -> tuple[int | None, int | None]:
        """The block introducing the list at ``start`` and the heading governing it."""
        intro = start - 1 if start > 0 and self.blocks[start - 1].kind != "item" else None
        heading = None
        position = start - 1
        while position >= 0:
            candidate = self.blocks[position]
            if candidate.kind == "item" and not heading_like(candidate):
                break
            if heading_like(candidate):
                heading = position
                break
            position -= 1
        return intro, heading

    def items(self, members: list[int], names: list[str], score: float, parent: int | None) -> None:
        goals = [
            i
            for i in members
            if i not in self.claimed
            and not _NOT_GOALS.match(self.blocks[i].text)
            and not self.blocks[i].text.rstrip().endswith(":")
            and len(self.blocks[i].text.strip()) > 2
            and not defines_goal_type(self.blocks[i].text)
        ]
        if not goals:
            return
        top = min(self.blocks[i].depth for i in goals)
        bottom = max(self.blocks[i].depth for i in goals)
        last_at: dict[int, int] = {}
        for i in goals:
            block = self.blocks[i]
            relative = block.depth - top
            if relative == 0:
                name = names[0]
            elif block.depth == bottom:
                name = names[-1]
            else:
                name = names[min(relative, len(names) - 1)]
            above = last_at.get(block.depth - 1, parent)
            number = block.mark.rstrip(".)") if block.mark and block.mark[0].isdigit() else None
            rank = names.index(name) if name in names else relative
            index = self.add(
                Candidate(block.text.strip(), name, [block], score, "list", number, above, rank),
                [i],
            )
            last_at[block.depth] = index

    def numbered_sections(self, position: int, level: str, score: float) -> int:
        """A numbered list of goals whose items each head a section: after each, its
        description and a list under a short label (``Förväntat resultat:``) whose items are
        the next level down (the label its name), until the next numbered item continues the
        list. Returns the position after the last section."""
        parent = len(self.found) - 1
        while position < len(self.blocks):
            block = self.blocks[position]
            text = block.text.strip()
            if block.kind == "item" and NUMBERED_MARK.match(block.mark or ""):
                if position in self.claimed:
                    break
                self.items([position], [level], score, None)
                parent = len(self.found) - 1
                position += 1
            elif block.kind in ("paragraph", "heading") and _LABEL.match(text):
                below = position + 1
                while (
                    below < len(self.blocks)
                    and self.blocks[below].kind == "item"
                    and not NUMBERED_MARK.match(self.blocks[below].mark or "")
                ):
                    below += 1
                if below == position + 1 or list(find_terms(text)):
                    break
                label = text.rstrip(" :")
                self.items(list(range(position + 1, below)), [label], score - 0.1, parent)
                self.claimed.add(position)
                position = below
            elif block.kind == "paragraph" and not heading_like(block):
                position += 1  # the section's description
            else:
                break
        return position

    def lead_item(self, start: int) -> int | None:
        """The sentence between a list and the introduction above it that names a level and
        ends with a colon: the list's first item, set as a paragraph (a page's first goal
        outside its ``<ul>``). Its index, or ``None``."""
        if start < 2 or start - 1 in self.claimed:
            return None
        lead, intro = self.blocks[start - 1], self.blocks[start - 2]
        text = lead.text.strip()
        if (
            lead.kind != "paragraph"
            or intro.kind not in ("paragraph", "heading")
            or not intro.text.rstrip().endswith(":")
            or not [t for t in find_terms(intro.text) if t.key != "vision"]
            or not text.endswith((".", "!"))
            or ":" in text
            or len(text.split()) > 30
            or len(re.findall(r"[.!?](?:\s|$)", text)) > 2
            or list(find_terms(text))
        ):
            return None
        return start - 1

    def year_owner(self, start: int) -> int | None:
        """Under a short heading with its description, a list headed ``Mål för 2023``: the
        short heading is the goal the list's goals belong to, one level up (an area,
        ``Område``); its description is claimed with it. Its index, or ``None``."""
        _, heading = self.intro_of(start)
        if heading is None or not GOALS_OF_YEAR.match(self.blocks[heading].text.strip()):
            return None
        position = heading - 1
        described: list[int] = []
        while position >= 0 and self.blocks[position].kind == "paragraph":
            if heading_like(self.blocks[position]):
                break
            described.append(position)
            position -= 1
        if position < 0 or not described or position in self.claimed:
            return None
        head = self.blocks[position]
        text = head.text.strip()
        if (
            not heading_like(head)
            or head.kind == "item"
            or len(text.split()) > 8
            or text.endswith((":", "?"))
            or list(find_terms(text))
            or GOALS_OF_YEAR.match(text)
        ):
            return None
        owner = self.add(Candidate(text, "Område", [head], 0.65, "group"), [position, *described])
        return owner

    def level_above(self, position: int) -> list[str]:
        """The level the nearest heading above ``position`` names (``Verksamhetsmål``)."""
        for above in range(position - 1, -1, -1):
            block = self.blocks[above]
            if heading_like(block) and not GOALS_OF_YEAR.match(block.text.strip()):
                terms = list(find_terms(block.text))
                if terms:
                    return [terms[-1].name]
        return []
