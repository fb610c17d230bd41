"""SHACL-SPARQL constraints as whole-graph queries: a tokenizer of the constraint's ``SELECT``
and the rewriter that binds ``$this`` to all the shape's targets at once.

The rewrite is refused (``None``) wherever it could change what the constraint finds.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

# --- SHACL-SPARQL constraints as whole-graph queries -----------------------------------------


@dataclass(frozen=True)
class SparqlCheck:
    """One ``sh:sparql`` constraint of a node shape, rewritten to run on all targets at once."""

    shape: str  # the shape that holds the constraint (pySHACL's sh:sourceShape)
    constraint: str  # the constraint node
    query: str  # the whole-graph query; ``#FROM#`` marks where a dataset may be inserted
    context_query: str  # the same with the triples that name blank nodes in the report


_TOKEN = re.compile(
    r"(?P<comment>#[^\n]*)"
    r'|(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*')"
    r'|(?P<iri><[^<>"{}|^`\\\s]*>)'
    r"|(?P<var>[?$][A-Za-z_][A-Za-z0-9_]*)"
    r"|(?P<word>[A-Za-z_][A-Za-z0-9_-]*)"
    r"|(?P<open>\{)|(?P<close>\})"
    r"|(?P<space>\s+)"
    r"|(?P<other>.)",
    re.DOTALL,
)
_UNSUPPORTED_WORDS = {"GRAPH", "SERVICE", "LIMIT", "OFFSET", "GROUP", "HAVING", "FROM"}
_UNSUPPORTED_VARS = {"PATH", "currentShape", "shapesGraph"}


@dataclass
class _Group:
    start: int  # offset just after the "{"
    kind: str  # "normal", "exists" or "values"
    direct: bool = False  # mentions $this outside nested groups
    via_exists: bool = False  # a nested EXISTS group mentions $this
    anywhere: bool = False  # mentions $this at any depth
    simple: bool = True  # only triple patterns (for an EXISTS group)
    filter_start: int | None = None  # where "FILTER [NOT] EXISTS" begins (for an EXISTS group)
    negated: bool = False  # FILTER NOT EXISTS
    own: set[str] = field(default_factory=set)  # variables outside nested groups
    children: list[set[str]] = field(default_factory=list)  # variables of each nested group
    paren: int = 0  # parenthesis depth of the direct content
    bound: set[str] = field(default_factory=set)  # variables of its own triple patterns
    variables: set[str] = field(default_factory=set)  # every variable, at any depth
    #: FILTER [NOT] EXISTS groups that may become MINUS or a join:
    #: (negated, pattern, variables, child index, start, end)
    minus: list[tuple[bool, str, set[str], int, int, int]] = field(default_factory=list)
    statement: list[tuple[str, str, int, int]] = field(default_factory=list)  # tokens read
    triples: list[str] = field(default_factory=list)  # its own plain triple patterns
    spans: list[tuple[int, int]] = field(default_factory=list)  # where each of them is
    in_expression: bool = False  # inside FILTER or BIND
    expression_depth: int = 0


_SIMPLE_WORDS = {"a", "true", "false"}
_TRIPLE_OTHER = set(":;,/|^*+?()!")
_CLAUSE_WORDS = {"OPTIONAL", "MINUS", "UNION", "VALUES", "GRAPH", "SERVICE", "FILTER", "BIND"}


def _flush(group: _Group, select: str) -> None:
    """End the statement being read; keep it if it is a plain triple pattern."""
    tokens, group.statement = group.statement, []
    if len(tokens) < 3:
        return
    for kind, text, _, _ in tokens:
        if kind == "other" and text not in _TRIPLE_OTHER:
            return
        if kind == "word" and text.upper() in _CLAUSE_WORDS:
            return
    group.triples.append(select[tokens[0][2] : tokens[-1][3]])
    group.spans.append((tokens[0][2], tokens[-1][3]))


def _read(group: _Group, token: tuple[str, str, int, int], plain_word: bool, select: str) -> None:
    """Follow the direct content of a group to collect its plain triple patterns."""
    kind, text = token[0], token[1]
    upper = text.upper() if plain_word else ""
    if group.in_expression:
        if kind == "other" and text == ")" and group.paren == group.expression_depth:
            group.in_expression = False
        return
    if upper in _CLAUSE_WORDS or kind == "open" or (kind == "other" and text == "."):
        _flush(group, select)
        if upper in ("FILTER", "BIND"):
            group.in_expression = True
            group.expression_depth = group.paren
        return
    group.statement.append(token)


def rewrite_select(select: str, target: str) -> str | None:
    """Rewrite a SHACL ``SELECT`` query so that ``$this`` ranges over ``target`` (a group
    pattern binding ``?this``) instead of being pre-bound to one focus node.

    The target is inserted at the top of the WHERE clause and in every group that SPARQL
    evaluates on its own (a UNION branch, OPTIONAL, MINUS) and that mentions ``$this``,
    directly or in a FILTER EXISTS; inside EXISTS the outer binding applies. A
    ``FILTER NOT EXISTS`` of plain triple patterns that share a variable with the triple
    patterns of its group becomes a ``MINUS`` at the end of the group, and a ``FILTER EXISTS``
    whose variables that occur elsewhere in the group are all bound by its triple patterns
    becomes a join with the distinct solutions of those variables: the same solutions, but
    Oxigraph evaluates the pattern once instead of once per row. Returns ``None`` for queries
    this cannot do exactly.

    >>> rewrite_select("SELECT $this ?value WHERE { $this <p:a> ?value . }", "{ T }")
    'SELECT $this ?value WHERE {{ T }  $this <p:a> ?value . }'
    """
    tokens = [(m.lastgroup or "", m.group(), m.start(), m.end()) for m in _TOKEN.finditer(select)]
    words = [
        (i, t[1].upper())
        for i, t in enumerate(tokens)
        if t[0] == "word" and not _prefixed(tokens, i)
    ]
    if any(w in _UNSUPPORTED_WORDS for _, w in words):
        return None
    selects = [i for i, w in words if w == "SELECT"]
    if len(selects) != 1:
        return None
    for kind, text, _, _ in tokens:
        if kind == "var" and text[1:] in _UNSUPPORTED_VARS:
            return None
    edits: list[tuple[int, int, str]] = []
    stack: list[_Group] = []
    pending: str | None = None
    not_exists: list[str] = []  # the words of a "FILTER NOT EXISTS" being read
    filter_start = 0
    projection_has_this = False
    projection_star = False
    projection_end: int | None = None
    select_at = tokens[selects[0]][3]
    for i, (kind, text, start, end) in enumerate(tokens):
        if kind in ("comment", "space"):
            continue
        if not stack and start > select_at and projection_end is None:
            if kind == "word" and text.upper() in ("DISTINCT", "REDUCED"):
                select_at = end
            elif kind == "var" and text[1:] == "this":
                projection_has_this = True
            elif kind == "other" and text == "*":
                projection_star = True
            if (kind == "word" and text.upper() == "WHERE") or kind == "open":
                projection_end = start
        plain_word = kind == "word" and not _prefixed(tokens, i)
        upper = text.upper() if plain_word else ""
        if upper == "FILTER":
            not_exists, filter_start = ["FILTER"], start
        elif upper in ("NOT", "EXISTS") and not_exists:
            not_exists.append(upper)
        elif kind != "open":
            not_exists = []
        if stack and kind != "var" and plain_word and text not in _SIMPLE_WORDS:
            stack[-1].simple = False
        if kind == "other" and stack and text in "()":
            stack[-1].paren += 1 if text == "(" else -1
        if stack and kind != "close":
            _read(stack[-1], tokens[i], plain_word, select)
        if upper == "EXISTS":
            pending = "exists"
        elif upper == "VALUES":
            pending = "values"
        elif kind == "open":
            if stack and stack[-1].kind == "values":
                return None
            if stack:
                stack[-1].simple = False
            group = _Group(end, pending or "normal")
            if not_exists in (["FILTER", "NOT", "EXISTS"], ["FILTER", "EXISTS"]):
                group.filter_start = filter_start
                group.negated = len(not_exists) == 3
            stack.append(group)
            pending = None
            not_exists = []
        elif kind == "close":
            if not stack:
                return None
            group = stack.pop()
            _flush(group, select)
            if stack and stack[-1].in_expression and stack[-1].paren == stack[-1].expression_depth:
                stack[-1].in_expression = False  # the end of FILTER [NOT] EXISTS { … }
            if group.kind == "normal":
                targeted = not stack or group.direct or group.via_exists
                if targeted:
                    edits.append((group.start, group.start, f"{target} "))
                    group.bound.add("this")
                if not stack:
                    edits.extend(_separate_subjects(group, select))
                for negated, pattern, variables, index, begin, finish in group.minus:
                    outside = group.own.union(
                        *(v for j, v in enumerate(group.children) if j != index)
                    )
                    shared = variables & outside
                    # the group's own triple patterns hold for every row it has, so adding them
                    # changes nothing but lets Oxigraph start from the bound variables
                    if group.triples:
                        pattern = " . ".join(group.triples) + f" . {pattern}"
                    elif "this" in variables:
                        pattern = f"{target} {pattern}"
                    if negated and variables & group.bound:
                        edits.append((begin, finish, " "))
                        edits.append((start, start, f" MINUS {{{pattern}}} "))
                    elif not negated and shared and shared <= group.bound:
                        keys = " ".join(f"?{v}" for v in sorted(shared))
                        edits.append((begin, finish, " "))
                        edits.append(
                            (start, start, f" {{ SELECT DISTINCT {keys} WHERE {{{pattern}}} }} ")
                        )
            if stack:
                parent = stack[-1]
                parent.anywhere = parent.anywhere or group.anywhere
                parent.variables |= group.variables
                parent.children.append(group.variables)
                if group.kind == "exists" and group.anywhere:
                    parent.via_exists = True
                if group.kind == "exists" and group.simple and group.filter_start is not None:
                    parent.minus.append(
                        (
                            group.negated,
                            select[group.start : start],
                            group.variables,
                            len(parent.children) - 1,
                            group.filter_start,
                            end,
                        )
                    )
        elif kind == "var" and stack:
            group = stack[-1]
            group.variables.add(text[1:])
            group.own.add(text[1:])
            if group.paren == 0:
                group.bound.add(text[1:])
            if text[1:] == "this":
                group.direct = True
                group.anywhere = True
    if stack or projection_end is None or not edits:
        return None
    out = select
    for begin, finish, text in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        out = f"{out[:begin]}{text}{out[finish:]}"
    if not projection_has_this and not projection_star:
        out = f"{out[:select_at]} ?this{out[select_at:]}"
    return out


def _separate_subjects(group: _Group, select: str) -> list[tuple[int, int, str]]:
    """Edits that put the plain statements about ``$this`` and one statement about another
    node (``?other`` in a duplicate check: a variable subject that does not mention ``$this``
    and shares at least two variables with the statements about ``$this``) into sub-queries
    of their own; none unless the group's plain statements are exactly these.

    A sub-query ``SELECT *`` of triple patterns has the solutions of the patterns, and the
    group joins it in the same place, so the solutions are the same; but Oxigraph then joins
    the two sides by their shared variables once, instead of looking up every ``?other`` of
    each ``$this`` (quadratic when many nodes share a value, such as an identifier that each
    municipality uses). Statements with blank nodes are left as they are.
    """
    own: list[tuple[int, int]] = []
    others: list[tuple[int, int]] = []
    own_vars: set[str] = set()
    other_vars: set[str] = set()
    for (begin, finish), text in zip(group.spans, group.triples, strict=True):
        if "_:" in text or "[" in text:
            return []
        first = _TOKEN.match(text)
        if first is None or first.lastgroup != "var":
            return []
        mentions = {m.group()[1:] for m in _TOKEN.finditer(text) if m.lastgroup == "var"}
        if first.group()[1:] == "this":
            own.append((begin, finish))
            own_vars |= mentions
        elif "this" not in mentions:
            others.append((begin, finish))
            other_vars |= mentions
        else:
            return []
    if not own or len(others) != 1 or len(own_vars & other_vars) < 2:
        return []
    return [(b, f, f"{{ SELECT * WHERE {{ {select[b:f]} }} }}") for b, f in own + others]


def _prefixed(tokens: Sequence[tuple[str, str, int, int]], i: int) -> bool:
    """Whether the word at ``i`` is part of a prefixed name (``gg:graph``)."""
    before = tokens[i - 1][1] if i > 0 else ""
    after = tokens[i + 1][1] if i + 1 < len(tokens) else ""
    return before == ":" or after == ":"
