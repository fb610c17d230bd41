"""Goals found from a document's structure, with the levels the document itself names.

The rules read layout, not phrasing, each in a module of its own:

- **labelled blocks** (:mod:`.numbering`): ``<level word> <number>`` headings and lines
  (``Strategiområde 3``, ``Målområde 1:1``, ``Mål 2``), the number's depth giving the parent;
- **lists, grouped lists, sections and tables** (:mod:`.lists`): the items, short headings
  and table cells that a level-naming introduction, heading or column header governs; how
  the items become goals, a year's goals and numbered sections (:mod:`.list_items`);
- **headings** (:mod:`.headings`): the vision under a ``Vision`` heading, short headings
  after an introduction that counts them (or names set off by a dash) or each over its own
  paragraphs, headings over lists as many as a paragraph counts, a heading naming one
  instance of a level with goals in its section;
- **announced sections** (:mod:`.sections`): the parts a sentence counts and names, each a
  heading over the short headings of the level below;
- **names in running text** (:mod:`.inline`): the names after a level word
  (``inom fokusområdena A, B samt C``) and names in brackets in a paragraph about a level;
- **prose** (:mod:`.prose`): visions under longer headings, announced, quoted, run on or on a
  line of their own, areas named inside a sentence, a table's rows run into a paragraph.

Each goal carries a confidence between 0 and 1: how strongly the context says it is one. A
text that is no goal in any context (a link to a file, a lone lower-case list item) is
dropped at the end (:func:`.candidates.no_goal`).

The rules share the blocks each has claimed (:mod:`.candidates`), so that no block is read
twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from goalgraph.authoring.extraction.candidates import (
    Candidate,
    _other_actor,
    heading_like,
    no_goal,
    without_note,
)
from goalgraph.authoring.extraction.headings import HeadingRules
from goalgraph.authoring.extraction.inline import InlineRules
from goalgraph.authoring.extraction.lists import ListRules
from goalgraph.authoring.extraction.numbering import LabelRules
from goalgraph.authoring.extraction.prose import Found, areas_in_prose, visions
from goalgraph.authoring.extraction.reading import Block
from goalgraph.authoring.extraction.sections import SectionRules

__all__ = ["Candidate", "_other_actor", "find_goals", "heading_like"]


class _Finder(LabelRules, ListRules, HeadingRules, SectionRules, InlineRules):
    def run(self) -> list[Candidate]:
        self.labelled()
        self.colon_labelled()
        self.bare_labelled()
        self.vision()
        self.counted_groups()
        self.announced_sections()
        self.from_prose(visions(self.blocks, self.claimed, heading_like))
        self.vision_parts()
        index = 0
        while index < len(self.blocks):
            block = self.blocks[index]
            if block.kind == "item":
                index = self.list_at(index)
            elif block.kind == "row":
                index = self.table_at(index)
            else:
                index = self.headings_after(index)
        self.term_sections()
        self.headed_sections()
        self.instances()
        self.named_in_prose()
        self.from_prose(areas_in_prose(self.blocks, self.claimed))
        return _distinct(self.found)

    def from_prose(self, found: Iterator[Found]) -> None:
        """Goals of :mod:`goalgraph.authoring.extraction.prose`, each once."""
        known = {c.text.strip(' .!”"').casefold() for c in self.found}
        for text, level, indices, confidence, number in found:
            key = text.strip(' .!”"').casefold()
            if key in known:
                continue
            known.add(key)
            blocks = [self.blocks[i] for i in indices] or [self._block_of(text)]
            self.add(Candidate(text, level, blocks, confidence, "prose", number), indices)

    def _block_of(self, text: str) -> Block:
        return next(b for b in self.blocks if text in b.text)


def _distinct(found: list[Candidate]) -> list[Candidate]:
    """The candidates with one text found by two rules kept once (the first: a heading
    ``Mål 1. …`` that repeats a list item, a vision quoted again in a sentence), the parents
    pointed at the kept ones. A text one rule finds twice (a document that repeats itself)
    stays twice, each where it stands. A text that is no goal in any context (:func:`no_goal`)
    is dropped, its children left without a parent; a note in brackets after a name is cut."""
    first: dict[str, int] = {}
    kept: list[Candidate] = []
    new_index: dict[int, int | None] = {}
    _without_shared_label(found)
    for index, candidate in enumerate(found):
        if no_goal(candidate.text, all(b.kind == "item" for b in candidate.blocks)):
            new_index[index] = None
            continue
        key = " ".join(candidate.text.strip(' .!”"“').casefold().split())
        if key in first and kept[first[key]].rule != candidate.rule:
            new_index[index] = first[key]
            continue
        new_index[index] = len(kept)
        first.setdefault(key, len(kept))
        candidate.text = without_note(candidate.text)
        kept.append(candidate)
    for candidate in kept:
        if candidate.parent is not None:
            candidate.parent = new_index.get(candidate.parent)
    return kept


#: A label run into a goal's text: one to three words before a colon (``Inriktning: En
#: levande plats``).
_LABEL = re.compile(r"^([A-ZÅÄÖ][\wåäö-]*(?: [\wåäö-]+){0,2}):\s+(?=\S)")


def _without_shared_label(found: list[Candidate]) -> None:
    """The goals whose texts all begin with one label (``Inriktning: En levande plats``,
    ``Inriktning: Framtidens välfärd``) without it: a label that two or more goals share
    names their kind, not one of them; a label one goal alone has may be its name."""
    labels: dict[str, int] = {}
    for candidate in found:
        match = _LABEL.match(candidate.text.strip())
        if match:
            labels[match.group(1)] = labels.get(match.group(1), 0) + 1
    for candidate in found:
        match = _LABEL.match(candidate.text.strip())
        if match and labels[match.group(1)] >= 2:
            candidate.text = candidate.text.strip()[match.end() :]


def find_goals(blocks: Sequence[Block]) -> list[Candidate]:
    """The goals that ``blocks`` show by their structure, in reading order of the rules."""
    return _Finder(blocks).run()
