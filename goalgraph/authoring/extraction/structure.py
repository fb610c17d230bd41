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

One thing over 400 lines: the finders of goals by structure (headings, numbering, lists,
tables, the vision) share the blocks each has claimed, so that no block is read twice.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from goalgraph.authoring.extraction.prose import Found, areas_in_prose, visions
from goalgraph.authoring.extraction.reading import Block
from goalgraph.authoring.extraction.vocabulary import Term, find_terms, lemma

__all__ = ["Candidate", "find_goals", "heading_like"]

THRESHOLD = 0.6

_LABEL = re.compile(
    r"^(?P<term>[A-ZÅÄÖ][a-zåäö]*(?:mål|område|inriktning|perspektiv)(?:et|en|t)?)\s+"
    r"(?P<num>\d{1,2}(?:[:.]\d{1,2})*)\.?(?:\s*[–:.-]\s*(?P<rest>\S.*))?$"
)
_COUNTED_PLAIN = re.compile(
    r"\b(?:två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|\d{1,2}|följande)"
    r"(?:\s+[a-zåäö]+)?\s+mål(?:en)?\b",
    re.IGNORECASE,
)
#: ``vision – <text>.`` or ``visionen är <Text>.``: after ``är`` the text starts as a name
#: does (a capital or a quote): ``Visionen är större …`` describes the vision.
_VISION_INLINE = re.compile(
    r"\b[Vv]ision(?:en)?\s*(?:[–:-]\s+([^.!?\n]{3,140})|är\s+([A-ZÅÄÖ0-9\"”“'][^.!?\n]{2,139}))"
    r"[.!?]"
)
#: A quotation's attribution after the vision (``…, förklarar ordföranden``) is not part of it.
_SAID = re.compile(r",\s+(?:förklarar|säger|berättar|skriver|menar|konstaterar)\b")
#: A definition after a dash (``Vision – beskriver ett framtida tillstånd``) opens with a verb.
_DEFINES = re.compile(r"^[a-zåäö]+(?:ar|er|ir|or|är|år)\b")
_VISION_HEADINGS = frozenset({"vision", "vår vision", "visionen", "kommunens vision"})
#: Field labels between the items of a follow-up list.
_LABELS = re.compile(r"^(?:målvärde|indikator(?:er)?|ansvarig|status|utfall|mått)\s*:?$", re.I)
#: Names right after a level word: a capitalised phrase up to the end of the clause.
_NAMED = re.compile(r"[ \t]+([A-ZÅÄÖ][^.;:!?()\n”\"]*)")
#: ``… inriktningsmål är: god livskvalitet, hållbar framtid och möjlighet att växa.`` (or after
#: a semicolon, a weaker sign, as names: ``tre fokusområden; Tillgänglig plats, Mötesplats och
#: Levande plats.``; not ``delmålen i det övergripande målet; hållbarhet, attraktivitet …``)
_ENUMERATED = re.compile(r"(?:\s+är)?\s*(?::\s+|;\s+(?=[A-ZÅÄÖ]))([^.;:!?()\n”\"]+)[.!?]")
_ENUMERATION = re.compile(r",\s+|\s+(?:och|samt)\s+|\s+[–—]\s+")
_SEPARATORS = re.compile(r",\s+(?=[A-ZÅÄÖ])|\s+samt\s+|\s+och\s+(?=[A-ZÅÄÖ])")
#: Organisations other than the municipality whose goals a page may quote (the government,
#: the UN, the EU): a list they introduce is theirs, not the municipality's.
_OTHER_ACTOR = re.compile(
    r"\b(?:(?i:regering(?:en|ens)?|riksdag(?:en|ens)?|generalförsamling\w*)|FN(?::s)?"
    r"|EU(?::s)?|Europeiska unionen\w*)\b"
)
_OWN = re.compile(r"(?i)\b(?:kommun\w*|stad(?:en|ens)?|nämnd\w*|fullmäktige\w*|styrelse\w*)")
#: ``följande områden:``, ``fem perspektiv:``: a counted bare level word that opens a list of
#: headings (the heads alone are no level name elsewhere: ``områden`` is any area).
_COUNTED_HEAD = re.compile(
    r"\b(?:två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|\d{1,2}|följande)"
    r"(?:\s+[a-zåäö]+(?:a|e))?\s+(områden|perspektiv|inriktningar)\s*:\s*$",
    re.IGNORECASE,
)
#: A heading that is itself a named instance of a level (``Det ekonomiska perspektivet``,
#: ``Medborgarperspektivet``): the head word, definite, ends it.
_INSTANCE = re.compile(
    r"^(?:(?:Det|Den)\s+[a-zåäö]+\s+)?[A-ZÅÄÖa-zåäö-]*?(perspektiv|område|inriktning)(?:et|t|en)$"
)
#: Text under a vision heading that speaks of the vision (``Visionen antas av …``) describes
#: it; it is not the vision.
_SELF_REFERENCE = re.compile(r"\b[Vv]isionen\b")
_BRACKETS = re.compile(r"\(([^()]{5,200})\)")
#: A name in a bracketed list: a few words in lower case, no figures.
_BRACKETED_NAME = re.compile(r"^[a-zåäö][a-zåäö-]*(?:\s+[a-zåäö-]+){0,4}$")
#: A short heading put as a question (``Övergripande mål – vad vill vi uppnå?``).
_QUESTION = re.compile(r"^[^.!?]{3,100}\?$")
_NOT_GOALS = re.compile(
    r"^(?:läs mer|ladda ner|dela sidan|senast uppdaterad|målvärde|här kan du|klicka)", re.I
)


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


class _Finder:
    def __init__(self, blocks: Sequence[Block]) -> None:
        self.blocks = list(blocks)
        self.found: list[Candidate] = []
        self.claimed: set[int] = set()
        self.governed: set[int] = set()  # headings that already governed a list
        self.vocabulary: list[str] = []  # level names a vocabulary list gave
        self.sectioned: set[int] = set()  # list items taken as goals of a section

    def add(self, candidate: Candidate, indices: Sequence[int]) -> int:
        self.found.append(candidate)
        self.claimed.update(indices)
        return len(self.found) - 1

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
        self.instances()
        self.named_in_prose()
        self.from_prose(areas_in_prose(self.blocks, self.claimed))
        return self.found

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

    # -- headings that name an instance of a level ----------------------------------------

    def instances(self) -> None:
        """A heading that names one instance of a level (``Det ekonomiska perspektivet``,
        ``Medborgarperspektivet``) with goals in its section: the heading is a goal at that
        level (``Perspektiv``). The section runs to the next such heading."""
        heads = [
            i
            for i, b in enumerate(self.blocks)
            if i not in self.claimed
            and b.kind in ("heading", "paragraph")
            and heading_like(b)
            and len(b.text.split()) <= 5
            and _INSTANCE.match(b.text.strip())
        ]
        owned = {id(b) for c in self.found if c.rule != "prose" for b in c.blocks}
        for n, index in enumerate(heads):
            end = heads[n + 1] if n + 1 < len(heads) else len(self.blocks)
            if not any(id(self.blocks[i]) in owned for i in range(index + 1, end)):
                continue
            match = _INSTANCE.match(self.blocks[index].text.strip())
            name = match.group(1).capitalize() if match else "Mål"
            self.add(Candidate(self.blocks[index].text.strip(), name, [self.blocks[index]],
                               0.7, "instance"), [index])  # fmt: skip

    # -- goals under a heading that is a level name -------------------------------------

    def term_sections(self) -> None:
        """Under a heading that is only a level name (``Finansiella mål``), a short heading
        with a sentence saying what shall be (``… ska uppgå till …``) below it is a goal."""
        for index, block in enumerate(self.blocks):
            if index in self.claimed or not heading_like(block):
                continue
            terms = [t for t in _only_terms(block.text) if t.key != "vision"]
            if not terms:
                continue
            position = index + 1
            while position + 1 < len(self.blocks):
                head, body = self.blocks[position], self.blocks[position + 1]
                if not heading_like(head) or list(find_terms(head.text)):
                    break
                if (
                    position + 1 not in self.claimed
                    and body.kind == "paragraph"
                    and not heading_like(body)
                    and re.search(r"\b(?:ska|skall)\b", body.text)
                ):
                    first = re.split(r"(?<=[.!?])\s+", body.text.strip())[0]
                    self.add(
                        Candidate(first, terms[0].name, [body], 0.6, "section"),
                        [position + 1],
                    )
                    position += 2
                    continue
                break

    # -- goals named in running text ----------------------------------------------------

    def named_in_prose(self) -> None:
        """A level word followed by names (``inom fokusområdena Utvecklande skola, Hållbar
        miljö samt …``, ``visionen Ett gott liv i en hållbar kommun``): each name a goal."""
        seen = {(c.level, c.text) for c in self.found}
        known = {c.text.casefold() for c in self.found}
        for index, block in enumerate(self.blocks):
            if index in self.claimed or block.kind != "paragraph" or heading_like(block):
                continue
            self.bracketed(block, known)
            for term in find_terms(block.text):
                listed = _ENUMERATED.match(block.text[term.end :])
                if listed and term.key != "vision":
                    parts = [p.strip(" –-") for p in _ENUMERATION.split(listed.group(1))]
                    if len(parts) >= 2 and all(0 < len(p.split()) <= 6 for p in parts):
                        for name in parts:
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

    # -- labelled blocks ----------------------------------------------------------------

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
            text = (match.group("rest") or "").strip()
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
            terms = _only_terms(label)
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

    # -- the vision ---------------------------------------------------------------------

    def vision(self) -> None:
        for index, block in enumerate(self.blocks):
            if index in self.claimed:
                continue
            if block.text.strip(" :").casefold() in _VISION_HEADINGS and heading_like(block):
                lines: list[int] = []
                for following in range(index + 1, min(index + 4, len(self.blocks))):
                    nxt = self.blocks[following]
                    if heading_like(nxt) or nxt.kind != "paragraph" or len(nxt.text) > 300:
                        break
                    if _SELF_REFERENCE.search(nxt.text):
                        break  # "Visionen ger oss inriktning …": it speaks of the vision

                    lines.append(following)
                if lines:
                    text = " ".join(self.blocks[i].text.strip() for i in lines)
                    self.add(
                        Candidate(text, "Vision", [self.blocks[i] for i in lines], 0.8, "vision"),
                        [index, *lines],
                    )
                continue
            match = _VISION_INLINE.search(block.text)
            if match and block.kind in ("paragraph", "item"):
                text = _SAID.split(match.group(1) or match.group(2))[0].strip()
                if not _DEFINES.match(text):
                    self.add(Candidate(text, "Vision", [block], 0.6, "vision"), [])

    # -- lists --------------------------------------------------------------------------

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

    def context(self, start: int) -> tuple[float, list[str]]:
        """How strongly the text before the list at ``start`` says its items are goals, and
        the level names it gives (top first)."""
        intro, heading = self.intro_of(start)
        signals: list[tuple[float, list[str]]] = []
        if intro is not None and _other_actor(self.blocks[intro].text):
            return 0.0, []
        if intro is not None:
            text = self.blocks[intro].text
            terms = list(find_terms(text))
            counted = [t.name for t in terms if t.counted]
            last = _last_sentence(text)
            if counted:
                signals.append((0.9, counted[-1:]))
            elif last.rstrip().endswith(":") and list(find_terms(last)):
                signals.append((0.85, [t.name for t in find_terms(last)][-1:]))
            elif _COUNTED_PLAIN.search(last):
                signals.append((0.6, []))
            if terms and intro != heading:
                signals.append((0.4, _unique([t.name for t in terms])[:1]))
        if heading is not None and heading not in self.governed:
            terms = list(find_terms(self.blocks[heading].text))
            if terms:
                weight = 0.7 if heading == intro else 0.5
                signals.append((weight, _unique([t.name for t in terms])))
        if self.vocabulary:
            signals.append((0.8, list(self.vocabulary)))
        if not signals:
            return 0.0, []
        best = max(signals, key=lambda s: s[0])
        names = best[1] or next((s[1] for s in signals if s[1]), [])
        score = min(0.95, best[0] + 0.1 * (len(signals) - 1))
        if heading is not None and score >= THRESHOLD:
            self.governed.add(heading)
        return score, names or ["Mål"]

    def list_at(self, start: int) -> int:
        end = start
        members: list[int] = []
        while end < len(self.blocks):
            block = self.blocks[end]
            if block.kind == "item":
                members.append(end)
            elif not (
                block.kind in ("paragraph", "heading")
                and _LABELS.match(block.text.strip())
                and end + 1 < len(self.blocks)
                and self.blocks[end + 1].kind == "item"
            ):
                break
            end += 1
        vocabulary = [i for i in members if _only_terms(self.blocks[i].text)]
        if vocabulary and len(vocabulary) == len(members):
            self.vocabulary = _unique(
                [t.name for i in vocabulary for t in _only_terms(self.blocks[i].text)]
            )
            return end
        if vocabulary:
            self.vocabulary = _unique(
                [t.name for i in vocabulary for t in _only_terms(self.blocks[i].text)]
            )
            members = [i for i in members if i not in vocabulary]
        score, names = self.context(start)
        self.vocabulary = []
        group = self.group_heading(start)
        if group is not None:
            parent, child_level = group
            self.items(members, [child_level], self.found[parent].confidence, parent)
            return end
        if score >= THRESHOLD:
            self.items(members, names, score, None)
            return end
        section = self.section_group(start)
        if section is not None:
            group_level, item_level = section
            owner: int | None = None
            if group_level is not None:
                heading = self.blocks[start - 1]
                owner = self.add(
                    Candidate(heading.text.strip(), group_level, [heading], 0.7, "group"),
                    [start - 1],
                )
                self._child_level[id(heading)] = item_level
            self.items(members, [item_level], 0.65, owner)
            self.sectioned.update(members)
        return end

    def section_group(self, start: int) -> tuple[str | None, str] | None:
        """A list under a short heading of its own, in a section whose heading names a level
        (``Kommunfullmäktiges mål``, then ``Demokrati`` with its list, ``Folkhälsa`` with its
        list): the items are goals at the section's level. Where the section's text names a
        level above it (``Inom varje målområde …``), each short heading is a goal there."""
        head = start - 1
        if head < 0 or head in self.claimed:
            return None
        block = self.blocks[head]
        if block.kind == "item" or not heading_like(block) or list(find_terms(block.text)):
            return None
        if re.search(r"\d", block.text):
            return None  # a group is named in words (not "Dnr KS 2019/160", not a date)
        position = head - 1
        prose: list[str] = []
        while position >= 0:
            above = self.blocks[position]
            if above.kind == "item":
                if position in self.claimed and position not in self.sectioned:
                    return None
            elif heading_like(above) or _QUESTION.match(above.text.strip()):
                terms = [t for t in find_terms(above.text) if t.key != "vision"]
                if terms:
                    if position in self.governed or _other_actor(above.text):
                        return None
                    break
            else:
                prose.append(above.text)
                if len(prose) > 3:
                    return None
            position -= 1
        else:
            return None
        item = terms[-1]
        group = next(
            (
                t.name
                for text in reversed(prose)
                for t in find_terms(text)
                if t.key != "vision" and not t.key.endswith(item.key)
                and not item.key.endswith(t.key)
            ),
            None,
        )  # fmt: skip
        return group, item.name

    def items(self, members: list[int], names: list[str], score: float, parent: int | None) -> None:
        goals = [
            i
            for i in members
            if i not in self.claimed
            and not _NOT_GOALS.match(self.blocks[i].text)
            and not self.blocks[i].text.rstrip().endswith(":")
            and len(self.blocks[i].text.strip()) > 2
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

    def group_heading(self, start: int) -> tuple[int, str] | None:
        """A short heading right above the list at ``start``, under a heading naming two
        levels: the heading becomes a goal of the first, the items goals of the second."""
        if start == 0:
            return None
        head = start - 1
        block = self.blocks[head]
        if head in self.claimed or not heading_like(block) or block.kind == "item":
            return None
        if list(find_terms(block.text)):
            return None
        position = head - 1
        while position >= 0:
            above = self.blocks[position]
            if above.kind == "item":
                position -= 1
                continue
            if position in self.claimed and any(
                c.rule == "group" and c.block is above for c in self.found
            ):
                parent = next(c for c in self.found if c.rule == "group" and c.block is above)
                levels = [parent.level or "Mål", self.group_child(parent)]
                break
            terms = _unique([t.name for t in find_terms(above.text)])
            if heading_like(above) and len(terms) >= 2:
                levels = terms[:2]
                break
            return None
        else:
            return None
        candidate = Candidate(block.text.strip(), levels[0], [block], 0.75, "group", depth=0)
        candidate.number = None
        self._child_level[id(block)] = levels[1]
        return self.add(candidate, [head]), levels[1]

    _child_level: dict[int, str] = {}  # noqa: RUF012 - set per instance in __init__

    def group_child(self, parent: Candidate) -> str:
        return self._child_level.get(id(parent.block), "Mål")

    # -- headings after an introduction ---------------------------------------------------

    def headings_after(self, index: int) -> int:
        block = self.blocks[index]
        if not block.text.rstrip().endswith(":") or block.kind == "row":
            return index + 1
        terms = [t for t in find_terms(block.text) if t.key != "vision"]
        count = _count(block.text)
        if not terms and index > 0 and len(self.blocks[index - 1].text.split()) <= 30:
            before = self.blocks[index - 1].text
            terms = [t for t in find_terms(before) if t.counted and t.key != "vision"]
            count = count or _count(before)
        bare = _COUNTED_HEAD.search(_last_sentence(block.text))
        if not terms and bare:
            name = lemma(bare.group(1)).capitalize()
            count = count or _count(block.text)
        elif not terms:
            return index + 1
        else:
            name = next((t.name for t in terms if t.counted), terms[-1].name)
        position = index + 1
        taken = 0
        while position < len(self.blocks) and (count is None or taken < count):
            head = self.blocks[position]
            if head.kind not in ("heading", "paragraph") or not heading_like(head):
                break
            if list(find_terms(head.text)) or position in self.claimed:
                break
            following = self.blocks[position + 1] if position + 1 < len(self.blocks) else None
            if count is None and following is not None and following.kind == "heading":
                break
            self.add(Candidate(head.text.strip(), name, [head], 0.75, "headings"), [position])
            taken += 1
            position += 1
            while (
                position < len(self.blocks)
                and self.blocks[position].kind == "paragraph"
                and not heading_like(self.blocks[position])
            ):
                position += 1
        return max(position, index + 1)

    # -- tables -------------------------------------------------------------------------

    def table_at(self, start: int) -> int:
        end = start
        while end < len(self.blocks) and self.blocks[end].kind == "row":
            end += 1
        header = self.blocks[start].cells
        column = next(
            (
                i
                for i, cell in enumerate(header)
                if list(find_terms(cell)) or cell.strip().casefold() in ("mål", "målen")
            ),
            None,
        )
        if column is None:
            return end
        terms = list(find_terms(header[column]))
        name = terms[0].name if terms else "Mål"
        for row in range(start + 1, end):
            cells = self.blocks[row].cells
            if column < len(cells) and len(cells[column].strip()) > 2:
                self.add(
                    Candidate(cells[column].strip(), name, [self.blocks[row]], 0.8, "table"),
                    [row],
                )
        return end


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


def find_goals(blocks: Sequence[Block]) -> list[Candidate]:
    """The goals that ``blocks`` show by their structure, in reading order of the rules."""
    finder = _Finder(blocks)
    finder._child_level = {}
    return finder.run()
