"""Goals in lists and tables.

- **lists in a goal context**: the items of a list whose introduction names a level
  (``följande fyra fokusområden:``, ``kommunfullmäktiges tre inriktningsmål:``, a heading
  ``Kommunfullmäktiges övergripande mål``); nested items are the next level down, the
  parent the item above; a list whose items are themselves level names (``Övergripande mål``,
  ``Nämndsmål``) gives the level names for the list that follows;
- **grouped lists**: under a heading naming two levels (``strategiska mål och
  resultatmål``), each short heading with a list below it is a goal of the first level and
  its items goals of the second;
- **sections**: lists under short headings of their own in a section whose heading names a
  level (``Kommunfullmäktiges mål``, then ``Demokrati`` and its list); where the section's
  text names the level above, the short headings are its goals (``Inom varje målområde …``);
- **labelled sections**: a short heading, its description and a label over a list
  (``Lärande``, a paragraph, ``Önskade effekter:``), under a heading naming the sections'
  level: the heading a goal at that level, the items at the label's level in the singular;
- **tables**: the cells of the column whose header names a level (``Inriktningsmål``).

A list led by what a level shall be (``Vision för Provby ska:``) or by the means to a goal
(``Fullmäktiges beslutade strategier:``) is no list of goals.
"""

from __future__ import annotations

import re

from goalgraph.authoring.extraction.candidates import (
    THRESHOLD,
    Candidate,
    _last_sentence,
    _only_terms,
    _other_actor,
    _unique,
    heading_like,
    leads_means,
)
from goalgraph.authoring.extraction.list_items import GOALS_OF_YEAR, NUMBERED_MARK, ListItems
from goalgraph.authoring.extraction.vocabulary import find_terms

__all__ = ["ListRules"]

_COUNTED_PLAIN = re.compile(
    r"\b(?:två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|\d{1,2}|följande)"
    r"(?:\s+[a-zåäö]+)?\s+mål(?:en)?\b",
    re.IGNORECASE,
)
#: Field labels between the items of a follow-up list.
_LABELS = re.compile(r"^(?:målvärde|indikator(?:er)?|ansvarig|status|utfall|mått)\s*:?$", re.I)
#: A short label over a section's list (``Önskade effekter:``): one to three words, a colon.
_SECTION_LABEL = re.compile(r"^[A-ZÅÄÖ][a-zåäö-]+(?:\s+[a-zåäö-]+){0,2}\s*:$")
#: An introduction whose subject is a level itself and what it shall (not) be (``Vision för
#: Provby ska inte:``): its items are the criteria of a good vision, not goals.
_CRITERIA = re.compile(
    r"^(?:en|ett|den|det|vår|vårt|kommunens)?\s*(?:vision(?:en)?|mål(?:en|et)?)\b[^.:!?]{0,40}"
    r"\b(?:ska|skall|bör|måste)(?:\s+inte)?\s*:$",
    re.IGNORECASE,
)
#: A short heading put as a question (``Övergripande mål – vad vill vi uppnå?``).
_QUESTION = re.compile(r"^[^.!?]{3,100}\?$")


class ListRules(ListItems):
    """Goals in lists and tables."""

    def context(self, start: int) -> tuple[float, list[str]]:
        """How strongly the text before the list at ``start`` says its items are goals, and
        the level names it gives (top first)."""
        intro, heading = self.intro_of(start)
        signals: list[tuple[float, list[str]]] = []
        if intro is not None and (
            _other_actor(self.blocks[intro].text)
            or _CRITERIA.match(_last_sentence(self.blocks[intro].text))
        ):
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
        if heading is not None and GOALS_OF_YEAR.match(self.blocks[heading].text.strip()):
            # "Mål för 2023" over a list: its items are goals, of the level a heading above names
            signals.append((0.7, self.level_above(heading)))
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
                # a field label, or an item's last stop broken onto a line of its own
                and (_LABELS.match(block.text.strip()) or block.text.strip() in (".", ";"))
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
        lead = self.lead_item(start)
        if lead is not None:  # "… inriktningsmål …:" then a sentence, then the list
            members.insert(0, lead)
            start = lead
        if start and leads_means(_last_sentence(self.blocks[start - 1].text)):
            self.vocabulary = []
            return end  # "Fullmäktiges beslutade strategier:": the means to a goal
        score, names = self.context(start)
        self.vocabulary = []
        group = self.group_heading(start)
        if group is not None:
            parent, child_level = group
            self.items(members, [child_level], self.found[parent].confidence, parent)
            return end
        if score >= THRESHOLD:
            self.items(members, names, score, self.year_owner(start))
            if all(NUMBERED_MARK.match(self.blocks[i].mark or "") for i in members):
                return self.numbered_sections(end, names[0], score)
            return end
        if self.labelled_section(start, members):
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

    def labelled_section(self, start: int, members: list[int]) -> bool:
        """A list under a short label (``Önskade effekter:``) in a section of its own: a short
        heading (``Lärande``), its description, the label, the list; the sections under a
        heading that names their level (``Fokusområden``). The short heading is a goal at
        that level, the items goals of the level the label names (``Önskad effekt``)."""
        label = start - 1
        if label < 2 or label in self.claimed:
            return False
        text = self.blocks[label].text.strip()
        if self.blocks[label].kind == "item" or not _SECTION_LABEL.match(text):
            return False
        if list(find_terms(text)):
            return False
        position = label - 1
        described: list[int] = []
        while position >= 0 and not heading_like(self.blocks[position]):
            if self.blocks[position].kind != "paragraph" or len(described) == 3:
                return False
            described.append(position)
            position -= 1
        own = self.blocks[position] if position >= 0 and described else None
        if (
            own is None
            or own.kind == "item"
            or position in self.claimed
            or len(own.text.split()) > 6
            or own.text.rstrip().endswith(":")
            or list(find_terms(own.text))
        ):
            return False
        level = self._section_level(position)
        if level is None:
            return False
        owner = self.add(
            Candidate(own.text.strip(), level, [own], 0.7, "group"), [position, *described, label]
        )
        self._section_heads[position] = level
        self.items(members, [_singular_label(text)], 0.65, owner)
        self.sectioned.update(members)
        return True

    def _section_level(self, head: int) -> str | None:
        """The level a heading above the section at ``head`` names, past the sections
        before it (their heads, descriptions, labels and lists) and a paragraph or two."""
        prose = 0
        for position in range(head - 1, max(-1, head - 80), -1):
            block = self.blocks[position]
            if position in self._section_heads:
                return self._section_heads[position]
            if block.kind == "item":
                if position in self.claimed and position not in self.sectioned:
                    return None
                continue
            if heading_like(block):
                terms = [t for t in find_terms(block.text) if t.key != "vision"]
                if terms:
                    return None if _other_actor(block.text) else terms[-1].name
                continue
            prose += 1
            if prose > 3:
                return None
        return None

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
                if _GOALS_LEAD.match(above.text.strip()) or GOALS_OF_YEAR.match(
                    above.text.strip()
                ):  # "Målen för nämnden ska under år 2019 vara:", then "Attraktivitet"
                    return None, "Mål"
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

    def group_child(self, parent: Candidate) -> str:
        return self._child_level.get(id(parent.block), "Mål")

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


#: A line leading goals by the plain word (``Målen för nämnden ska under år 2019 vara:``).
_GOALS_LEAD = re.compile(r"^(?:nämndens\s+|styrelsens\s+)?mål(?:en)?\s+för\b[^.!?]*:$", re.I)


def _singular_label(label: str) -> str:
    """A label's name for one of its items: ``Önskade effekter:`` → ``Önskad effekt``
    (a plural noun in ``-er``/``-ar`` and the adjective before it made singular); any other
    label as written, without its colon."""
    words = label.strip(" :").split()
    noun = words[-1]
    if len(noun) > 5 and noun.endswith(("er", "ar")):
        words[-1] = noun[:-2]
        adjective = words[0] if len(words) == 2 else ""
        if adjective.endswith(("ade", "ede")) or (adjective.endswith("a") and len(adjective) > 4):
            words[0] = adjective[:-1]
    name = " ".join(words)
    return name[:1].upper() + name[1:]
