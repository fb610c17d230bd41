"""Goals labelled by their level and number.

- ``<level word> <number>`` as a heading or line (``Strategiområde 3 – trygghet och hälsa``,
  ``Målområde 1:1`` with the goal on the next line, ``Mål 2``, ``Mål 1 år 2020-2023: …``); the
  number's depth (``1`` → ``1:1``) gives the parent;
- ``<level name>: <goal>`` (``Övergripande mål: Verksamhet med god kvalitet``);
- a bare level word as the label of two or more lines (``Inriktning: Boende och livsmiljö``,
  then ``Mål: En god och trygg livsmiljö …``): the label names the level, a line of a label
  first seen later supports the line above it of the label first seen before.
"""

from __future__ import annotations

import re

from goalgraph.authoring.extraction.candidates import (
    _DEFINES,
    _NOT_GOALS,
    Candidate,
    Rules,
    _only_terms,
    heading_like,
)
from goalgraph.authoring.extraction.vocabulary import find_terms

__all__ = ["LabelRules"]

_LABEL = re.compile(
    r"^(?P<term>(?:[A-ZÅÄÖ][a-zåäö]*(?:mål|område|inriktning|perspektiv)|Mål)(?:et|en|t)?)\s+"
    r"(?P<num>\d{1,2}(?:[:.]\d{1,2})*)\.?"
    # the period the goal is set for (``Mål 1 år 2020-2023: …``)
    r"(?:\s+(?:år\s+|för\s+)?(?:19|20)\d{2}(?:\s*[-–]\s*(?:19|20)?\d{2})?(?=\s*[–:]))?"
    r"(?:\s*[–:.-]\s*(?P<rest>\S.*)|(?<=\.)\s+(?P<after>[A-ZÅÄÖ].*))?$"
)
#: A bare level word as a line's label (``Inriktning:``, ``Mål:``): a level's name only
#: where two or more lines share it.
_BARE_LABEL = re.compile(r"^(Mål|Delmål|Inriktning|Område|Perspektiv|Fokus):\s+(?=\S)")
#: An owner before a level name in a label (``Vår vision:``, ``Kommunens vision:``).
_OWNER = re.compile(r"^(?:(?i:vår|våra|vårt)|[A-ZÅÄÖ][a-zåäö]+s)\s+(?=\S)")


class LabelRules(Rules):
    """Goals labelled ``<level> <number>`` or ``<level>: <goal>``."""

    def labelled(self) -> None:
        by_number: dict[str, int] = {}
        for index, block in enumerate(self.blocks):
            if block.kind == "row" or (block.kind == "item" and not _LABEL.match(block.text)):
                continue
            match = _LABEL.match(block.text.strip())
            if not match:
                continue
            term = list(find_terms(match.group("term")))
            name = term[0].name if term else match.group("term").capitalize()
            number = match.group("num").replace(".", ":")
            text = (match.group("rest") or match.group("after") or "").strip()
            used = [index]
            if not text:
                following = self.blocks[index + 1] if index + 1 < len(self.blocks) else None
                if following is None or following.kind == "row" or _LABEL.match(following.text):
                    continue
                text = following.text.strip()
                used.append(index + 1)
            parent_number = number.rsplit(":", 1)[0] if ":" in number else None
            candidate = Candidate(
                text,
                name,
                [self.blocks[i] for i in used],
                0.9,
                "label",
                number,
                by_number.get(parent_number) if parent_number else None,
                number.count(":"),
            )
            by_number[number] = self.add(candidate, used)

    def colon_labelled(self) -> None:
        """A short line ``<level name>: <goal>`` (``Övergripande mål: Verksamhet med god
        kvalitet``): the goal at the level the line names."""
        for index, block in enumerate(self.blocks):
            if ":" not in block.text or index in self.claimed or block.kind == "row":
                continue
            label, colon, rest = block.text.strip().partition(":")
            rest = rest.strip()
            if not colon or len(rest) <= 2 or _only_terms(rest) or _NOT_GOALS.match(rest):
                continue
            if rest.count("•") >= 2:
                continue  # a list run into one line: its items are read as a list's

            terms = _only_terms(label) or _only_terms(_OWNER.sub("", label))
            if len(terms) != 1:
                continue
            if heading_like(block):
                self.add(Candidate(rest, terms[0].name, [block], 0.75, "colon"), [index])
            elif (
                block.kind == "paragraph"
                and len(label.split()) <= 4
                and terms[0].key != "vision"
                and len(rest.split()) >= 4
                and not _DEFINES.match(rest)
            ):
                # a paragraph ``Kommunfullmäktiges mål: Kommunen ska …``: the whole text
                # after the label is the goal
                self.add(Candidate(rest, terms[0].name, [block], 0.7, "colon"), [index])

    def bare_labelled(self) -> None:
        """Lines labelled by a bare level word that two or more lines share (``Inriktning:
        Boende, bebyggelse och livsmiljö``, ``Mål: En god och trygg livsmiljö …``): the
        rest of each line a goal at the label's level; the labels ranked by where each is
        first seen, a line's parent the last line above it of the label ranked above."""
        lines = [
            (index, match)
            for index, block in enumerate(self.blocks)
            if index not in self.claimed
            and block.kind in ("heading", "paragraph")
            and (match := _BARE_LABEL.match(block.text.strip())) is not None
        ]
        counts: dict[str, int] = {}
        for _, match in lines:
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
        order = [label for label in dict.fromkeys(m.group(1) for _, m in lines)]
        order = [label for label in order if counts[label] >= 2]
        last: dict[str, int] = {}
        for index, match in lines:
            label = match.group(1)
            if label not in order:
                continue
            rest = self.blocks[index].text.strip()[match.end() :].strip()
            if len(rest) <= 2 or _NOT_GOALS.match(rest):
                continue
            rank = order.index(label)
            parent = last.get(order[rank - 1]) if rank else None
            last[label] = self.add(
                Candidate(rest, label, [self.blocks[index]], 0.7, "colon", parent=parent,
                          depth=rank),
                [index],
            )  # fmt: skip
