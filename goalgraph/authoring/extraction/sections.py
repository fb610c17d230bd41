"""Goals in sections a sentence announces.

- **announced sections**: a sentence that counts a level and names its parts (``Kommunens
  mål är uppdelade under tre perspektiv; hållbarhet, utveckling och effektivitet.``), then a
  heading for each name: the headings are goals at that level, the short headings in each
  section goals of the level the sentence opens with.
"""

from __future__ import annotations

import re

from goalgraph.authoring.extraction.candidates import (
    Candidate,
    Rules,
    _count,
    heading_like,
    own_compound,
)
from goalgraph.authoring.extraction.vocabulary import find_terms, lemma

__all__ = ["SectionRules"]

_SHALL = re.compile(r"\b(?:ska|skall)\b")
#: ``Kommunens mål är uppdelade under tre perspektiv; hållbarhet, utveckling och
#: effektivitet.``: a count, a level head, then as many names after a colon or semicolon.
_ANNOUNCED = re.compile(
    r"\b(?P<count>två|tre|fyra|fem|sex|sju|åtta|nio|tio|\d)\s+(?:[a-zåäö]+\s+)?"
    r"(?P<head>[a-zåäö]*(?:perspektiv|områden|inriktningar))\s*[;:]\s*(?P<names>[^.!?;:]+)[.!?]",
    re.IGNORECASE,
)


class SectionRules(Rules):
    """Goals in sections a sentence announces."""

    def announced_sections(self) -> None:
        """A sentence that counts a level and names its parts (``Kommunens mål är uppdelade
        under tre perspektiv; hållbarhet, utveckling och effektivitet.``), then a heading for
        each name in that order: the headings are goals at that level, and the short headings
        in each section, each over its own text, goals of the level the sentence opens with
        (``mål``), the section's heading their parent."""
        for index, block in enumerate(self.blocks):
            match = _ANNOUNCED.search(block.text) if block.kind == "paragraph" else None
            if match is None or index in self.claimed:
                continue
            names = [n.strip() for n in re.split(r",\s+|\s+(?:och|samt)\s+", match["names"])]
            if _count(f"{match['count']} områden") != len(names) or not all(names):
                continue
            heads: list[int] = []
            for position in range(index + 1, len(self.blocks)):
                if len(heads) == len(names):
                    break
                other = self.blocks[position]
                if (
                    heading_like(other)
                    and other.kind != "item"
                    and other.text.strip(" :").casefold() == names[len(heads)].casefold()
                ):
                    heads.append(position)
            if len(heads) != len(names) or any(h in self.claimed for h in heads):
                continue
            terms = [t for t in find_terms(match["head"]) if t.key != "vision"]
            level = (
                terms[0].name if terms else own_compound(self.blocks, index, lemma(match["head"]))
            )
            before = block.text[: match.start()]
            child = next((t.name for t in find_terms(before) if t.key != "vision"), None)
            if child is None and re.search(r"(?i)\bmål(?:en)?\b", before):
                child = "Mål"
            self.claimed.add(index)  # the sentence describes the structure; it is no goal
            for number, head in enumerate(heads):
                owner = self.add(
                    Candidate(self.blocks[head].text.strip(" :"), level, [self.blocks[head]],
                              0.75, "group"),
                    [head],
                )  # fmt: skip
                end = heads[number + 1] if number + 1 < len(heads) else len(self.blocks)
                for position in range(head + 1, end if child else head + 1):
                    own = self.blocks[position]
                    below = self.blocks[position + 1] if position + 1 < end else None
                    if (
                        heading_like(own)
                        and own.kind != "item"
                        and len(own.text.split()) <= 6
                        and position not in self.claimed
                        and not list(find_terms(own.text))
                        and not _SHALL.search(own.text)
                        and (below is None or len(below.text.split()) > len(own.text.split()))
                    ):
                        self.add(
                            Candidate(own.text.strip(" :"), child, [own], 0.7, "group",
                                      parent=owner, depth=1),
                            [position],
                        )  # fmt: skip
