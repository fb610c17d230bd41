"""Goals in sections a sentence announces.

- **announced sections**: a sentence that counts a level and names its parts (``Kommunens
  mål är uppdelade under tre perspektiv; hållbarhet, utveckling och effektivitet.``), then a
  heading for each name: the headings are goals at that level, the short headings in each
  section goals of the level the sentence opens with;
- **the parts of a vision**: after the vision, two or more short headings set as a name and
  a dash before a phrase (``Lysekil – det hållbara samhället``, ``Samverkan och innovation –
  för en tryggad välfärd``), each over its own text: parts of the vision, at its level.
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


#: A short heading set as a name, a dash and a phrase (``Lysekil – det hållbara samhället``).
_NAME_DASH_PHRASE = re.compile(r"^[A-ZÅÄÖ][^.!?:;–—]{1,60}\s[–—]\s[^.!?:;–—]{3,80}[.!]?$")


class SectionRules(Rules):
    """Goals in sections a sentence announces, and the parts of a vision."""

    def vision_parts(self) -> None:
        """Short headings after the first vision found, each a name, a dash and a phrase
        over its own text (``Lysekil – det hållbara samhället``, then a paragraph): two or
        more are the parts of the vision, at the vision's level. Lists and their labels in
        between belong to the parts; a heading naming another level ends them."""
        vision = next((c for c in self.found if c.level == "Vision"), None)
        if vision is None:
            return
        positions = {id(b): i for i, b in enumerate(self.blocks)}
        start = max(positions.get(id(b), -1) for b in vision.blocks) + 1
        if not start:
            return
        parts: list[int] = []
        for position in range(start, min(len(self.blocks), start + 40)):
            block = self.blocks[position]
            text = block.text.strip()
            if block.kind == "item" or position in self.claimed or not heading_like(block):
                continue
            terms = [t for t in find_terms(text) if t.key != "vision"]
            if terms and not text.endswith(":"):
                break
            below = self.blocks[position + 1] if position + 1 < len(self.blocks) else None
            if (
                _NAME_DASH_PHRASE.match(text)
                and not terms
                and below is not None
                and below.kind == "paragraph"
                and len(below.text.split()) > len(text.split())
            ):
                parts.append(position)
        if len(parts) < 2:
            return
        for position in parts:
            block = self.blocks[position]
            self.add(Candidate(block.text.strip(), "Vision", [block], 0.6, "vision"), [position])

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
