"""Goals found from a document's structure, with the levels the document itself names.

The rules read layout, not phrasing:

- **labelled blocks**: a heading or line ``<level word> <number>`` (``Strategiområde 3 –
  trygghet och hälsa``, ``Målområde 1:1`` with the goal on the next line, ``Mål 2``); the
  number's depth (``1`` → ``1:1``) gives the parent;
- **lists in a goal context**: the items of a list whose introduction names a level
  (``följande fyra fokusområden:``, ``kommunfullmäktiges tre inriktningsmål:``, a heading
  ``Kommunfullmäktiges övergripande mål``); nested items are the next level down, the
  parent the item above; a list whose items are themselves level names (``Övergripande mål``,
  ``Nämndsmål``) gives the level names for the list that follows;
- **grouped lists**: under a heading naming two levels (``strategiska mål och
  resultatmål``), each short heading with a list below it is a goal of the first level and
  its items goals of the second;
- **headings after an introduction**: ``Våra övergripande mål är:`` followed by short
  headings, each with its text below, as many as the introduction counts;
- **sections**: lists under short headings of their own in a section whose heading names a
  level (``Kommunfullmäktiges mål``, then ``Demokrati`` and its list); where the section's
  text names the level above, the short headings are its goals (``Inom varje målområde …``);
  a paragraph ``<level name>: <sentence>``; a heading naming one instance of a level
  (``Det ekonomiska perspektivet``) with goals in its section; names in brackets in a
  paragraph about a level;
- **tables**: the cells of the column whose header names a level (``Inriktningsmål``);
- **the vision**: the text under a heading ``Vision``, or ``vision – <text>.`` in a sentence;
- **prose** (:mod:`goalgraph.authoring.extraction.prose`): visions under longer headings,
  announced, quoted or run on, and areas named inside a sentence.

Each goal carries a confidence between 0 and 1: how strongly the context says it is one.

The rules live in :mod:`.numbering`, :mod:`.lists`, :mod:`.headings`, :mod:`.inline` and
:mod:`.prose`; they share the blocks each has claimed (:mod:`.candidates`), so that no block
is read twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from goalgraph.authoring.extraction.candidates import Candidate, _other_actor, heading_like
from goalgraph.authoring.extraction.headings import HeadingRules
from goalgraph.authoring.extraction.inline import InlineRules
from goalgraph.authoring.extraction.lists import ListRules
from goalgraph.authoring.extraction.numbering import LabelRules
from goalgraph.authoring.extraction.prose import Found, areas_in_prose, visions
from goalgraph.authoring.extraction.reading import Block

__all__ = ["Candidate", "_other_actor", "find_goals", "heading_like"]


class _Finder(LabelRules, ListRules, HeadingRules, InlineRules):
    def run(self) -> list[Candidate]:
        self.labelled()
        self.colon_labelled()
        self.vision()
        self.from_prose(visions(self.blocks, self.claimed, heading_like))
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
    stays twice, each where it stands."""
    first: dict[str, int] = {}
    kept: list[Candidate] = []
    new_index: dict[int, int] = {}
    for index, candidate in enumerate(found):
        key = " ".join(candidate.text.strip(' .!”"“').casefold().split())
        if key in first and kept[first[key]].rule != candidate.rule:
            new_index[index] = first[key]
            continue
        new_index[index] = len(kept)
        first.setdefault(key, len(kept))
        kept.append(candidate)
    for candidate in kept:
        if candidate.parent is not None:
            candidate.parent = new_index.get(candidate.parent)
    return kept


def find_goals(blocks: Sequence[Block]) -> list[Candidate]:
    """The goals that ``blocks`` show by their structure, in reading order of the rules."""
    return _Finder(blocks).run()
