"""Goals named after a level word in running text.

- ``inom fokusområdena Utvecklande skola, Hållbar miljö samt …``, ``… inriktningsmål är: god
  livskvalitet, hållbar framtid och möjlighet att växa.``: each name a goal at that level;
- names in brackets in a paragraph about a level (``två perspektiv: det externa (attraktiv
  kommun, trygghet och kunskap samt hållbar utveckling)``).
"""

from __future__ import annotations

import re

from goalgraph.authoring.extraction.candidates import Candidate, Rules, heading_like
from goalgraph.authoring.extraction.prose import table_header
from goalgraph.authoring.extraction.reading import Block
from goalgraph.authoring.extraction.vocabulary import Term, find_terms

__all__ = ["InlineRules"]

#: Names right after a level word: a capitalised phrase up to the end of the clause.
_NAMED = re.compile(r"[ \t]+([A-ZÅÄÖ][^.;:!?()\n”\"]*)")
#: ``… inriktningsmål är: god livskvalitet, hållbar framtid och möjlighet att växa.`` (or after
#: a semicolon, a weaker sign, as names: ``tre fokusområden; Tillgänglig plats, Mötesplats och
#: Levande plats.``; not ``delmålen i det övergripande målet; hållbarhet, attraktivitet …``)
_ENUMERATED = re.compile(r"(?:\s+är)?\s*(?::\s+|;\s+(?=[A-ZÅÄÖ]))([^.;:!?()\n”\"]+)[.!?]")
_ENUMERATION = re.compile(r",\s+|\s+(?:och|samt)\s+|\s+[–—]\s+")
_SEPARATORS = re.compile(r",\s+(?=[A-ZÅÄÖ])|\s+samt\s+|\s+och\s+(?=[A-ZÅÄÖ])")
#: ``Målområdena är attraktiva Provby, trygga Provby och gröna Provby.``: a plural level word
#: that opens a sentence, ``är`` and three or more names, the last after ``och``/``samt``.
_PLURAL_DEFINITE = re.compile(r"(?:na|en)$")
_IS_LISTED = re.compile(r"\s+är\s+([^.;:!?()\n”\"]+)[.!?](?:\s|$)")
_BRACKETS = re.compile(r"\(([^()]{5,200})\)")
#: A name in a bracketed list: a few words in lower case, no figures.
_BRACKETED_NAME = re.compile(r"^[a-zåäö][a-zåäö-]*(?:\s+[a-zåäö-]+){0,4}$")


class InlineRules(Rules):
    """Goals named after a level word in running text."""

    def named_in_prose(self) -> None:
        """A level word followed by names (``inom fokusområdena Utvecklande skola, Hållbar
        miljö samt …``, ``visionen Ett gott liv i en hållbar kommun``): each name a goal."""
        seen = {(c.level, c.text) for c in self.found}
        known = {c.text.casefold() for c in self.found}
        for index, block in enumerate(self.blocks):
            if index in self.claimed or block.kind != "paragraph" or heading_like(block):
                continue
            self.bracketed(block, known)
            header = table_header(block.text)
            for term in find_terms(block.text):
                if header is not None and header[0] <= term.start < header[1]:
                    continue  # a table's column names run into the text, no names of goals
                listed = _ENUMERATED.match(block.text[term.end :])
                if listed and term.key != "vision":
                    parts = [p.strip(" –-") for p in _ENUMERATION.split(listed.group(1))]
                    if len(parts) >= 2 and all(0 < len(p.split()) <= 6 for p in parts):
                        for name in parts:
                            if (term.name, name) not in seen:
                                seen.add((term.name, name))
                                self.add(Candidate(name, term.name, [block], 0.6, "prose"), [])
                        continue
                names = _listed_after_is(block.text, term)
                if names:
                    for name in names:
                        if (term.name, name) not in seen:
                            seen.add((term.name, name))
                            self.add(Candidate(name, term.name, [block], 0.6, "prose"), [])
                    continue
                match = _NAMED.match(block.text[term.end :])
                if not match:
                    continue
                phrase = re.split(
                    r",\s+(?=[a-zåäö])|\s+\d+\s+(?=[A-ZÅÄÖ])|\s+(?:ska|skall)\s+", match.group(1)
                )[0]
                for part in _SEPARATORS.split(phrase.strip()):
                    name = part.strip(" –-")
                    if not name or len(name.split()) > 8 or (term.name, name) in seen:
                        continue
                    seen.add((term.name, name))
                    self.add(Candidate(name, term.name, [block], 0.55, "prose"), [])

    def bracketed(self, block: Block, known: set[str]) -> None:
        """Names listed in brackets in a paragraph about one level (``Målområdena … är
        indelade i två perspektiv: det externa (attraktiv kommun, trygghet och kunskap samt
        hållbar utveckling) …``): each a goal at the level the paragraph opens with."""
        terms = [t for t in find_terms(block.text) if t.key != "vision"]
        if not terms or terms[0].start > 40:
            return
        for match in _BRACKETS.finditer(block.text):
            parts = [p.strip() for p in re.split(r",\s+|\s+samt\s+", match.group(1))]
            if len(parts) < 2 or not all(_BRACKETED_NAME.match(p) for p in parts):
                continue
            for name in parts:
                if name.casefold() not in known:
                    known.add(name.casefold())
                    self.add(Candidate(name, terms[0].name, [block], 0.6, "prose"), [])


def _listed_after_is(text: str, term: Term) -> list[str]:
    """The names of ``Målområdena är A, B och C.`` where ``term`` opens the sentence."""
    before = text[: term.start].rstrip()
    if term.key == "vision" or (before and not before.endswith((".", "!", "?", ":"))):
        return []
    if not _PLURAL_DEFINITE.search(text[term.start : term.end]):
        return []
    listed = _IS_LISTED.match(text[term.end :])
    if not listed:
        return []
    parts = [p.strip() for p in re.split(r",\s+", listed.group(1))]
    last = re.split(r"\s+(?:och|samt)\s+", parts.pop())
    if len(last) != 2:
        return []
    parts += last
    if len(parts) < 3 or not all(0 < len(p.split()) <= 5 for p in parts):
        return []
    return parts
