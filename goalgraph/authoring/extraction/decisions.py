"""Bodies, case numbers and decisions as municipal documents write them.

Decisions are found where a body and a dated minute or a decision verb meet in one clause:
``KF § 112/2022``, ``KF § 49 2020-06-10``, ``Kf 2022-12-07, § 112``, ``kommunfullmäktige,
2019-02-27 § 14, beslutat``, ``beslutades i Kommunfullmäktige § 97 2019-06-24``,
``Antagen av kommunfullmäktige 7 december 2022 § 112``, ``antagen av KF 2019-06-17 § 45``,
``fastställdes av kommunfullmäktige den 11 december 2014``, ``Kommunfullmäktige beslutade
den 12 juni 2023 (§ 87)``. A decision's date carries its year in the text (a timetable's ``KF
25 nov`` is a planned step, not a decision), or the clause says the decision was taken
(``Den 16 maj antog kommunfullmäktige``: the document's year); a month where the text gives
no day and says the decision was taken (``kommunfullmäktige i juni 2023 beslutat (§ 62)``).
A decision's case number is the one
its clause writes (``Dnr KS 2022/123``, ``KFN 2017/0298``), or the text's only one.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import URIRef

from goalgraph.dates import Found, find_dates
from goalgraph.namespaces import GG

__all__ = ["BODIES", "CASE", "Decision", "board_name", "body_key", "find_decisions"]

CASE = re.compile(r"\b(?:Dnr|Diarienummer|dnr)[:.]?\s*([A-ZÅÄÖ]{1,6}\s?\d{4}/\d{1,6}(?:[-.:]\d+)*)")
#: A case number without its ``Dnr``: a body's letters, the year and the number (``KFN
#: 2017/0298``, ``KS 2022/123``).
_BARE_CASE = re.compile(r"(?<![\w§/])([A-ZÅÄÖ]{2,6}\s\d{4}/\d{1,6}(?:[-.:]\d+)*)(?![\w/])")

#: Body patterns: (regular expression, local id, class, Swedish label, short form).
BODIES: tuple[tuple[str, str, URIRef, str, str], ...] = (
    (r"\b(?i:kommunstyrelsens arbetsutskott)\b|\bKSAU\b", "body-ksau", GG.WorkingCommittee,
     "Kommunstyrelsens arbetsutskott", "KSAU"),
    (r"\b(?i:kommunfullmäktige(?:s)?)\b|\b(?:KF|Kf)\b|\b(?i:fullmäktige)\b", "body-kf",
     GG.Council, "Kommunfullmäktige", "KF"),
    (r"\b(?i:kommunstyrelse(?:n|ns)?)\b|\b(?:KS|Ks)\b", "body-ks", GG.ExecutiveBoard,
     "Kommunstyrelsen", "KS"),
    (r"\bkommunledningskontoret\b", "body-kommunledningskontoret", GG.ExecutiveOffice,
     "Kommunledningskontoret", ""),
    # the organ ("Fullmäktigeberedning", "beredningen"), not the act ("efter politisk beredning")
    (r"\bfullmäktigeberedning(?:en)?\b|\bberedningen\b", "body-beredning", GG.DraftingCommittee,
     "Beredningen", ""),
    (r"\bledningsgrupp(?:en)?\b", "body-ledningsgrupp", GG.Body, "Ledningsgruppen", ""),
    (r"\brevisorerna\b", "body-revisorerna", GG.Body, "Revisorerna", ""),
    # collectives that a goal chain names as the owner of a level (Nora's "bryts ner vidare i
    # nämnder och utskott och vidare ut till verksamheterna"): kept as goalgraph's own data
    # keeps them, for a reviewer to replace by the boards they stand for
    (r"\bnämnder och utskott\b", "body-namnder-och-utskott", GG.Body, "Nämnder och utskott", ""),
    # the operations as the last link of the chain ("vidare ut till verksamheterna"), not
    # the operations spoken of ("styrning av verksamheterna")
    (r"(?:(?<=vidare till )|(?<=vidare ut till ))verksamheterna\b", "body-verksamheterna",
     GG.Body, "Verksamheterna", ""),
)  # fmt: skip
#: A named board: ``Bildningsnämnden``, ``Kultur- och fritidsnämnden``, in running text
#: ``utbildnings- och arbetsmarknadsnämnden`` (lower case, in the definite form), and a
#: district's board by its district's name (``stadsområdesnämnd Söder``).
NAMED_BOARD = re.compile(
    r"\b(?P<area>(?i:stadsdels|stadsområdes|kommundels)nämnd(?:en)?)"
    r" (?P<place>[A-ZÅÄÖ][\wåäö]+)\b"
    r"|\b(?P<upper>[A-ZÅÄÖ][\wåäö]*(?:- och [\wåäö]+)?nämnd)(en|ens)?\b"
    r"|\b(?P<lower>(?!(?:fack|huvud|besluts|ansvars)nämnd)[a-zåäö][\wåäö]{2,}"
    r"(?:- och [\wåäö]+)?nämnd)(en|ens)\b"
)


def board_name(match: re.Match[str]) -> str:
    """The name of the board a :data:`NAMED_BOARD` match names, capitalised: definite, or
    a district's board as written with its district."""
    if match.group("area"):
        name = f"{match.group('area')} {match.group('place')}"
    else:
        name = (match.group("upper") or match.group("lower")) + "en"
    return name[:1].upper() + name[1:]


_BODY_WORD = re.compile(
    r"\b(?:kommunfullmäktige(?:s)?|fullmäktige|KF|Kf|kommunstyrelse(?:n|ns)?|KS|Ks|KSAU"
    r"|(?:[\wåäö]+- och )?[A-ZÅÄÖ][\wåäö]*nämnden)(?=\b|mötet\b|sammanträdet\b)",
    re.IGNORECASE,
)
#: A body's paper that is no decision of it (``Kommunstyrelsens tjänsteskrivelse den 15
#: augusti 2011``).
_NOT_DECIDED = re.compile(r"\s(?:tjänsteskrivelse|förslag|remiss)\b", re.IGNORECASE)
_VERB = re.compile(
    r"\b(?:beslut\w*|antag\w*|antog\w*|fastställ\w*|fastslog\w*|godkän\w*|beslöt)\b", re.IGNORECASE
)
#: A decision taken (not a recurring or planned one: "beslutar i juni varje år").
_PAST = re.compile(
    r"\b(?:beslutade|beslutat|beslutad|beslutades|beslöt|antog|antogs|antagit|antagen|antagna"
    r"|antaget|fastställde|fastställt|fastställd|fastställdes|fastslog|fastslogs|godkände|godkänt|godkänd"
    r"|godkändes|beslutet\s.*\btogs|(?:fattade|tog)\s(?:[\wåäö]+\s){0,4}beslut)\b",
    re.IGNORECASE,
)
#: The board again, by its kind alone (``av nämnden``), where the text names one board.
_BOARD_AGAIN = re.compile(r"\bnämnden\b")
#: A decision taken, as a finite verb says it (an undated decision's evidence).
_FINITE = re.compile(
    r"\b(?:beslutade|beslutat|beslutades|beslöt|antog|antogs|antagit|fastställde|fastställt"
    r"|fastställdes|fastslog|fastslogs|godkände|godkänt|godkändes|bestämde|bestämt)\b",
    re.IGNORECASE,
)
#: A case number as a clause writes it, its board's letters included.
_ANY_CASE = re.compile(CASE.pattern + "|" + _BARE_CASE.pattern)
#: An undated decision: its body at most this many characters from the verb that says it
#: was taken (``Kommunfullmäktige har nu antagit en vision``).
_UNDATED_REACH = 40
_PARAGRAPH = re.compile(r"§\s*(\d{1,4})(?:\s*/\s*(\d{4}))?")


@dataclass(frozen=True)
class Decision:
    """A decision in a text: the body's local id and label, its date (when written with a
    year), its minute paragraph and where it is."""

    body: str  # local id: body-kf, body-ks, body-<board>
    short: str  # KF, KS, or the board's name
    date: Found | None
    year: int | None  # from "§ 112/2022" when no day is written
    paragraph: str | None
    start: int
    end: int
    case: str | None = None  # the case number (diarienummer): "KS 2022/123"


def body_key(text: str) -> tuple[str, str] | None:
    """The local id and short form of a body as written (``Kf`` → ``body-kf``, ``KF``)."""
    folded = text.casefold()
    if folded in ("kf", "kommunfullmäktige", "kommunfullmäktiges", "fullmäktige"):
        return "body-kf", "KF"
    if folded in ("ks", "kommunstyrelse", "kommunstyrelsen", "kommunstyrelsens"):
        return "body-ks", "KS"
    if folded == "ksau":
        return "body-ksau", "KSAU"
    board = NAMED_BOARD.fullmatch(text)
    if board:
        name = board_name(board)
        return "body-" + slugify(name), name
    return None


def slugify(text: str) -> str:
    """A local id from a name: lower case, ``åäö`` as ``aao``, other characters as ``-``."""
    table = str.maketrans("åäöéü", "aaoeu")
    return re.sub(r"[^a-z0-9]+", "-", text.casefold().translate(table)).strip("-")


def _clauses(text: str) -> Iterator[tuple[int, str]]:
    start = 0
    for match in re.finditer(r"(?<=[.!?;])\s+(?=[A-ZÅÄÖ])", text):
        yield start, text[start : match.start()]
        start = match.end()
    yield start, text[start:]


def find_decisions(text: str, year: int | None = None) -> Iterator[Decision]:
    """The decisions written in ``text`` (one line or paragraph); raises
    :class:`~goalgraph.dates.BadDateError` for a date that does not
    exist next to a body."""
    boards = {board_name(m) for m in NAMED_BOARD.finditer(text)}
    cases = _cases(text)
    for offset, clause in _clauses(text):
        bodies: list[tuple[int, int, tuple[str, str] | None]] = [
            (m.start(), m.end(), body_key(m.group(0))) for m in _BODY_WORD.finditer(clause)
        ]
        if not bodies and len(boards) == 1:
            # "Antagen av nämnden den 14 december 2017" after the board's name: that board
            (name,) = boards
            bodies = [
                (m.start(), m.end(), ("body-" + slugify(name), name))
                for m in _BOARD_AGAIN.finditer(clause)
            ]
        if not bodies:
            continue
        found = list(find_dates(clause, year))
        taken = _PAST.search(clause) is not None
        # a day with its year; without it ("den 16 maj antog"), where the decision is taken
        # and ``year`` is known; else the decision is undated
        dates = [d for d in found if d.precision == "day" and (d.explicit_year or taken)]
        if taken:  # "i juni 2023 beslutat (§ 62)": a decision of that month, by its minute
            dates += [d for d in found if d.precision == "month"]
        paragraphs = list(_PARAGRAPH.finditer(clause))
        verb = _VERB.search(clause)
        in_clause = _cases(clause)
        case = in_clause[0] if in_clause else cases[0] if len(cases) == 1 else None
        used: set[int] = set()
        used_undated = False
        numbers = [(m.start(), m.end()) for m in _ANY_CASE.finditer(clause)]
        for body_start, body_end, key in bodies:
            if key is None or _NOT_DECIDED.match(clause, body_end):
                continue
            if any(a <= body_start < b for a, b in numbers):
                continue  # the letters of a case number (KS 2016/0343), not the board
            window = (body_start - 60, body_end + 60)
            if taken and len(bodies) == 1:
                # "Kommunfullmäktige i Eslöv antog [...] vid sitt sammanträde den 23 februari
                # 2015": the clause's one body took the decision its clause dates
                window = (0, len(clause))
            near_para = [p for p in paragraphs if window[0] <= p.start() <= window[1]]
            near = [d for d in dates if window[0] <= d.start <= window[1]]
            if not near and not any(p.group(2) for p in near_para):
                if not used_undated and not paragraphs and _undated(clause, body_start, body_end):
                    used_undated = True
                    yield Decision(key[0], key[1], None, None, None, offset + body_start,
                                   offset + body_end, case)  # fmt: skip
                continue
            if not near_para and verb is None:
                continue
            date = (
                min(near, key=lambda d: (d.precision != "day", abs(d.start - body_end)))
                if near
                else None
            )
            if date is not None and date.start in used:
                continue
            para = min(near_para, key=lambda p: abs(p.start() - body_end)) if near_para else None
            if date is not None:
                used.add(date.start)
                for also in _coordinated(clause, date, dates):
                    # "beslut 2009-11-19 § 142 och 2009-12-10 § 161": a decision each day
                    used.add(also.start)
                    yield Decision(key[0], key[1], also, None, _paragraph_after(clause, also),
                                   offset + body_start, offset + also.end, case)  # fmt: skip
            year_only = int(para.group(2)) if para is not None and para.group(2) else None
            yield Decision(
                key[0],
                key[1],
                date,
                year_only,
                f"§ {para.group(1)}" if para is not None else None,
                offset + body_start,
                offset + (date.end if date is not None else body_end),
                case,
            )


#: Between two days of one body's decisions: its paragraph (the ``§`` perhaps lost) and
#: ``och`` or a comma (``2009-11-19 142 och 2009-12-10 161``).
_AND_THEN = re.compile(r"\s*(?:§\s*)?(?:\d{1,4}\s*)?(?:,|och|samt)\s*$")


def _coordinated(clause: str, date: Found, dates: list[Found]) -> Iterator[Found]:
    """The days written after ``date`` and joined to it by ``och`` or a comma, each the day
    of another decision of the same body."""
    last = date
    for other in sorted(dates, key=lambda d: d.start):
        if other.start <= last.start:
            continue
        if not _AND_THEN.match(clause[last.end : other.start]) or other.precision != "day":
            break
        yield other
        last = other


def _paragraph_after(clause: str, date: Found) -> str | None:
    """The paragraph written right after a day (``2009-12-10 § 161`` or ``2009-12-10 161``)."""
    match = re.match(r"\s*(?:,\s*)?§?\s*(\d{1,4})\b(?![-/])", clause[date.end :])
    return f"§ {match.group(1)}" if match else None


def _undated(clause: str, body_start: int, body_end: int) -> bool:
    """Whether the body at ``clause[body_start:body_end]`` took a decision the clause writes
    without a date: a finite verb of deciding near it (``Kommunfullmäktige har nu antagit en
    vision``, ``Den fastslogs av kommunfullmäktige``), not a relative clause on decisions
    in general (``de mål som kommunfullmäktige beslutat``), not a participle (``Fastställd
    av kommunfullmäktige``) and not a decision dated by its year alone (``antog 2018``)."""
    if re.search(r"\bsom\s+$", clause[:body_start]):
        return False
    before, after = clause[max(body_start - 20, 0) : body_start], clause[body_end : body_end + 12]
    if re.search(r"\b(?:19|20)\d{2}\b", before + " " + after):
        return False
    for verb in _FINITE.finditer(clause):
        if abs(verb.start() - body_start) <= _UNDATED_REACH:
            # "antog 2018": dated by its year alone; "Beslutat av:": a form's field
            return not re.match(r"\s+(?:år\s+)?(?:19|20)\d{2}\b|\s+av:", clause[verb.end() :])
    return False


def _cases(text: str) -> list[str]:
    """The case numbers ``text`` writes, with or without ``Dnr``, in order, once each."""
    found = [(m.start(1), m.group(1)) for m in CASE.finditer(text)]
    found += [(m.start(1), m.group(1)) for m in _BARE_CASE.finditer(text)]
    out: list[str] = []
    for _, number in sorted(found):
        number = " ".join(number.split())
        if number not in out:
            out.append(number)
    return out


def sentence(text: str, at: int) -> str:
    """The sentence of ``text`` around position ``at`` (verbatim)."""
    before = text.rfind(". ", 0, at)
    start = before + 2 if before >= 0 else 0
    end = text.find(". ", at)
    return text[start : end + 1 if end >= 0 else len(text)].strip()
