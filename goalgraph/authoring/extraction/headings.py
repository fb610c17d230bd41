"""Goals set as headings: the vision, headings after an introduction, named instances.

- **the vision**: the text under a heading ``Vision``, or ``vision – <text>.`` in a sentence;
- **headings after an introduction**: ``Våra övergripande mål är:`` followed by short
  headings, each with its text below, as many as the introduction counts, or by paragraphs
  opening with a name set off by a dash (``Livslångt lärande – alla har …``);
- **counted groups**: ``tio mål är samlade i tre målområden``, then three headings over
  lists of ten items in all: the headings areas, the items their goals;
- **sections of a level**: under a heading that is only a level name (``Finansiella mål``),
  a short heading with a sentence saying what shall be below it;
- **instances**: a heading naming one instance of a level (``Det ekonomiska perspektivet``)
  with goals in its section.
"""

from __future__ import annotations

import re

from goalgraph.authoring.extraction.candidates import (
    _DEFINES,
    Candidate,
    Rules,
    _count,
    _last_sentence,
    _only_terms,
    adoption_line,
    heading_like,
    own_compound,
)
from goalgraph.authoring.extraction.vocabulary import find_terms, kind_of, lemma

__all__ = ["HeadingRules"]

#: ``vision – <text>.`` or ``visionen är <Text>.``: after ``är`` the text starts as a name
#: does (a capital or a quote): ``Visionen är större …`` describes the vision.
#: A text that opens with a quotation: the quoted words.
_QUOTED_START = re.compile(r"^[”\"“']([^”\"“']{3,})[”\"“']")
_VISION_INLINE = re.compile(
    r"\b[Vv]ision(?:en)?\s*(?:[–:-]\s+([^.!?\n]{3,140})|är\s+([A-ZÅÄÖ0-9\"”“'][^.!?\n]{2,139}))"
    r"[.!?]"
)
#: A quotation's attribution after the vision (``…, förklarar ordföranden``) is not part of it.
_SAID = re.compile(r",\s+(?:förklarar|säger|berättar|skriver|menar|konstaterar)\b")
_VISION_HEADINGS = frozenset({"vision", "vår vision", "visionen", "kommunens vision"})
#: ``följande områden:``, ``fem perspektiv:``, ``Sex prioriterade områden lyfts fram:``: a
#: counted bare level word that opens a list of headings (the heads alone are no level name
#: elsewhere: ``områden`` is any area).
_COUNTED_HEAD = re.compile(
    r"\b(?:två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|\d{1,2}|följande)"
    r"(?:\s+[a-zåäö]+(?:a|e))?\s+(områden|perspektiv|inriktningar)"
    r"(?:\s+(?:är|lyfts|har|finns|pekas|ska|fram|ut|vi|valts|prioriteras|gäller)){0,3}\s*:\s*$",
    re.IGNORECASE,
)
#: A paragraph that opens with a name set off by a dash (``Livslångt lärande – alla har
#: möjligheter …``): the name is a heading run into its text.
_LEAD_NAME = re.compile(r"^([A-ZÅÄÖ][^.!?:;–—]{2,60}?)\s+[–—-]\s+\S")
#: A heading that is itself a named instance of a level (``Det ekonomiska perspektivet``,
#: ``Medborgarperspektivet``): the head word, definite, ends it.
_INSTANCE = re.compile(
    r"^(?:(?:Det|Den)\s+[a-zåäö]+\s+)?[A-ZÅÄÖa-zåäö-]*?(perspektiv|område|inriktning)(?:et|t|en)$"
)
#: Text under a vision heading that speaks of the vision (``Visionen antas av …``) describes
#: it; it is not the vision.
_SHALL = re.compile(r"\b(?:ska|skall)\b")
_SPEAKS_OF_GOALS = re.compile(r"(?i)\bmål")
_SELF_REFERENCE = re.compile(r"\b[Vv]isionen\b")


#: ``tio mål är samlade i tre målområden``: a count of goals and a count of the areas that
#: group them.
_COUNTED_GROUPS = re.compile(
    r"\b(?P<goals>två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|\d{1,2})\s+mål(?:en)?\b"
    r"[^.]*?\b(?P<areas>två|tre|fyra|fem|sex|sju|åtta|nio|tio)\s+(?P<level>[a-zåäö]*områden)\b",
    re.IGNORECASE,
)


class HeadingRules(Rules):
    """Goals set as headings."""

    def counted_groups(self) -> None:
        """A paragraph that counts goals and the areas grouping them (``tio mål är samlade
        i tre målområden``), then as many headings, each over a list, with as many items in
        all: the headings are the areas, the items their goals."""
        for index, block in enumerate(self.blocks):
            match = _COUNTED_GROUPS.search(block.text) if block.kind == "paragraph" else None
            if match is None or index in self.claimed:
                continue
            goals = _count(f"{match.group('goals')} mål")
            areas = _count(f"{match.group('areas')} områden")
            groups: list[tuple[int, list[int]]] = []
            position = index + 1
            while position < len(self.blocks) and len(groups) < (areas or 0):
                head = self.blocks[position]
                if not heading_like(head) or head.kind == "item" or position in self.claimed:
                    break
                items = position + 1
                while items < len(self.blocks) and self.blocks[items].kind == "item":
                    items += 1
                if items == position + 1:
                    break
                groups.append((position, list(range(position + 1, items))))
                position = items
            if len(groups) != areas or sum(len(i) for _, i in groups) != goals:
                continue
            area_level = lemma(match.group("level")).capitalize()
            for heading, members in groups:
                owner = self.add(
                    Candidate(self.blocks[heading].text.strip(), area_level,
                              [self.blocks[heading]], 0.8, "group"),
                    [heading],
                )  # fmt: skip
                for item in members:
                    self.add(
                        Candidate(self.blocks[item].text.strip(), "Mål", [self.blocks[item]],
                                  0.8, "group", parent=owner, depth=1),
                        [item],
                    )  # fmt: skip

    def vision(self) -> None:
        for index, block in enumerate(self.blocks):
            if index in self.claimed:
                continue
            if block.text.strip(" :").casefold() in _VISION_HEADINGS and heading_like(block):
                lines: list[int] = []
                for following in range(index + 1, min(index + 4, len(self.blocks))):
                    nxt = self.blocks[following]
                    if adoption_line(nxt.text) and not lines:
                        continue  # "Antagen av kommunfullmäktige …" between heading and text
                    if heading_like(nxt) or nxt.kind != "paragraph" or len(nxt.text) > 300:
                        break
                    if _SELF_REFERENCE.search(nxt.text):
                        break  # "Visionen ger oss inriktning …": it speaks of the vision
                    lines.append(following)
                    if len(nxt.text.split()) > 8 and nxt.text.rstrip().endswith((".", "!")):
                        break  # a whole sentence is the vision; what follows speaks of it
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
                quoted = _QUOTED_START.match(text)
                if quoted:  # ``vision: "Vi växer" där kommunen …``: the quotation alone
                    text = quoted.group(1).strip()
                if not _DEFINES.match(text):
                    self.add(Candidate(text, "Vision", [block], 0.6, "vision"), [])

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
            name = own_compound(self.blocks, index, lemma(bare.group(1)))
            count = count or _count(block.text)
        elif not terms:
            return index + 1
        else:
            name = next((t.name for t in terms if t.counted), terms[-1].name)
            adjective, _, head = name.partition(" ")
            if head in ("område", "perspektiv"):  # "Prioriterat område" under a heading
                compound = own_compound(self.blocks, index, head)  # "… utvecklingsområden"
                if compound.casefold() != head:
                    name = f"{adjective} {compound.casefold()}"
        position = index + 1
        taken = 0
        while position < len(self.blocks) and (count is None or taken < count):
            part = self.blocks[position]
            lead = (
                _LEAD_NAME.match(part.text.strip())
                if part.kind in ("paragraph", "heading")
                else None
            )
            if (
                lead is not None
                and position not in self.claimed
                and len(lead.group(1).split()) <= 7
                and not list(find_terms(lead.group(1)))
            ):  # "Fyra målområden:" then "Livslångt lärande – alla har …"
                self.add(Candidate(lead.group(1).strip(), name, [part], 0.7, "headings"),
                         [position])  # fmt: skip
                taken += 1
                position += 1
                continue
            if part.kind not in ("heading", "paragraph") or not heading_like(part):
                break
            if list(find_terms(part.text)) or position in self.claimed:
                break
            following = self.blocks[position + 1] if position + 1 < len(self.blocks) else None
            if count is None and following is not None and following.kind == "heading":
                break
            self.add(Candidate(part.text.strip(), name, [part], 0.75, "headings"), [position])
            taken += 1
            position += 1
            while (
                position < len(self.blocks)
                and self.blocks[position].kind == "paragraph"
                and not heading_like(self.blocks[position])
            ):
                position += 1
        return max(position, index + 1)

    def term_sections(self) -> None:
        """Under a heading that is only a level name (``Finansiella mål``), a short heading
        with a sentence saying what shall be (``… ska uppgå till …``) below it is a goal: the
        sentence, or the heading itself when the level is an area (``Fokusområden``, then
        ``Kvalitativ välfärd för alla`` over its paragraph)."""
        for index, block in enumerate(self.blocks):
            if index in self.claimed or not heading_like(block):
                continue
            terms = [t for t in _only_terms(block.text) if t.key != "vision"]
            if not terms:
                continue
            if len(terms) == 1 and self.lone_statement(index, terms[0].name):
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
                    if kind_of(terms[0].name, 1) == "area":  # the heading names the area
                        self.add(
                            Candidate(head.text.strip(), terms[0].name, [head], 0.6, "section"),
                            [position, position + 1],
                        )
                        position += 2
                        while (  # the rest of the area's text, up to the next heading
                            position + 1 < len(self.blocks)
                            and self.blocks[position].kind == "paragraph"
                            and not heading_like(self.blocks[position])
                        ):
                            position += 1
                        continue
                    else:
                        first = re.split(r"(?<=[.!?])\s+", body.text.strip())[0]
                        self.add(
                            Candidate(first, terms[0].name, [body], 0.6, "section"),
                            [position + 1],
                        )
                    position += 2
                    continue
                break

    def headed_sections(self) -> None:
        """Goals set as headings, each with its text below: two or more short headings in a
        row, each over paragraphs of its own, right after a paragraph that names their level
        (``… de fokusområden som tas upp i planen.``), or each saying what shall be (``Den
        totala arbetslösheten ska minska till 13 %``) in a text about goals."""
        index = 0
        while index < len(self.blocks):
            block = self.blocks[index]
            level = None
            if (
                index not in self.claimed
                and block.kind == "paragraph"
                and not heading_like(block)
                and index > 0
                and heading_like(self.blocks[index - 1])
            ):  # the one paragraph of its section introduces the headings below it
                terms = [t for t in find_terms(block.text) if t.key != "vision"]
                level = terms[-1].name if terms else None
            shall = level is None and self._shall(index) and self._about_goals(index)
            start = index + 1 if level is not None else index
            if level is None and not shall:
                index += 1
                continue
            heads = self._section_run(start, shall)
            if len(heads) < 2:
                index += 1
                continue
            for head in heads:
                text = self.blocks[head].text.strip()
                self.add(Candidate(text, level or "Mål", [self.blocks[head]], 0.6, "headed"),
                         [head])  # fmt: skip
            index = heads[-1] + 1

    def _shall(self, index: int) -> bool:
        block = self.blocks[index]
        return (
            index not in self.claimed
            and block.kind in ("heading", "paragraph")
            and heading_like(block)
            and bool(_SHALL.search(block.text))
        )

    def _about_goals(self, index: int) -> bool:
        """Whether the text above ``index``, back to the heading before it, speaks of goals."""
        position = index - 1
        while position >= 0:
            block = self.blocks[position]
            if _SPEAKS_OF_GOALS.search(block.text):
                return True
            if heading_like(block):
                return False
            position -= 1
        return False

    def _section_run(self, start: int, shall: bool) -> list[int]:
        """The short headings from ``start`` on, each with one or more paragraphs below."""
        heads: list[int] = []
        position = start
        while position < len(self.blocks):
            head = self.blocks[position]
            if (
                position in self.claimed
                or head.kind not in ("heading", "paragraph")
                or not heading_like(head)
                or len(head.text.split()) > (16 if shall else 8)
                or head.text.rstrip().endswith((":", "?"))
                or list(find_terms(head.text))
                or (not shall and _SPEAKS_OF_GOALS.search(head.text))
                or (shall and not self._shall(position))
            ):
                break
            body = position + 1
            while (
                body < len(self.blocks)
                and self.blocks[body].kind == "paragraph"
                and not heading_like(self.blocks[body])
            ):
                body += 1
            if body == position + 1:
                break
            heads.append(position)
            position = body
        return heads

    def lone_statement(self, index: int, level: str) -> bool:
        """Under a heading that is one level name (``Visionsmål``), a single short paragraph
        before the next heading, not itself about goals or levels (``För 2016 har fullmäktige
        satt upp 17 mål.``), is that level's goal."""
        body = index + 1
        if body >= len(self.blocks) or body in self.claimed:
            return False
        block = self.blocks[body]
        after = self.blocks[body + 1] if body + 1 < len(self.blocks) else None
        if (
            block.kind != "paragraph"
            or heading_like(block)
            or len(block.text.split()) > 40
            or block.text.rstrip().endswith(":")
            or list(find_terms(block.text))
            or _SPEAKS_OF_GOALS.search(block.text)
            or (after is not None and not heading_like(after))
        ):
            return False
        self.add(Candidate(block.text.strip(), level, [block], 0.65, "section"), [body])
        return True

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
