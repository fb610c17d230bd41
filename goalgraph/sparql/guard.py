"""Safety checks for SPARQL text that comes from outside (the public endpoint, graph patches).

The check works on SPARQL *tokens*: comments, string literals and IRIs are skipped, so a
keyword inside a label or an IRI is harmless, while ``SERVICE`` written as ``\\u0053ERVICE``
(codepoint escapes are legal anywhere in a SPARQL query) is still found. It decides what kind
of operation the text is without trusting the parser to refuse what a public endpoint must
not do: federated queries (``SERVICE``) reach the network from the server, and updates change
data. Syntax is checked afterwards by the store's own parser.

>>> check_query("SELECT * WHERE { ?s ?p 'SERVICE' }")
'SELECT'
>>> check_query("ASK { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
goalgraph.sparql.guard.ForbiddenOperationError: SERVICE is not allowed: no outbound requests
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from goalgraph.errors import QueryError

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)
#: Keywords a graph patch may not use: it edits one graph, named by the URL, and nothing else.
PATCH_FORBIDDEN = frozenset(
    {"LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH", "USING", "GRAPH", "SERVICE"}
)

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n\r]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
  | (?P<pname>[\w][\w.\-]*:(?:[\w:%\\\-.]*[\w:%\-])?|:(?:[\w:%\\\-.]*[\w:%\-])?)
  | (?P<word>[A-Za-z_]\w*)
  | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class ForbiddenOperationError(QueryError):
    """SPARQL text that is well-formed enough to read but asks for something not allowed."""


@dataclass(frozen=True)
class Token:
    """One SPARQL token: its kind (``word``, ``string``, ``iri``, ...) and text."""

    kind: str
    text: str


def unescape_codepoints(text: str) -> str:
    """Apply SPARQL's ``\\uXXXX``/``\\UXXXXXXXX`` escapes, which may stand anywhere."""

    def repl(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise QueryError(f"invalid codepoint escape {match.group(0)!r}")
        return chr(code)

    return _ESCAPE.sub(repl, text)


def tokens(text: str) -> list[Token]:
    """The significant tokens of SPARQL text (no whitespace or comments)."""
    text = unescape_codepoints(text)
    out: list[Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        out.append(Token(kind, match.group(0)))
    return out


def keywords(text: str) -> list[str]:
    """The bare words of SPARQL text, upper-cased, in order (keywords and function names)."""
    return [t.text.upper() for t in tokens(text) if t.kind == "word"]


def check_query(text: str) -> str:
    """Check read-only query text; returns its form (``SELECT``, ``ASK``, ``CONSTRUCT``,
    ``DESCRIBE``). Raises :class:`ForbiddenOperationError` for ``SERVICE`` or any update, and
    :class:`QueryError` when the text is not a query at all."""
    if not text.strip():
        raise QueryError("the query is empty")
    words = keywords(text)
    if "SERVICE" in words:
        raise ForbiddenOperationError("SERVICE is not allowed: no outbound requests")
    form = next((w for w in words if w in QUERY_FORMS), None)
    updates = [w for w in words if w in UPDATE_KEYWORDS]
    if updates and (form is None or words.index(updates[0]) < words.index(form)):
        raise ForbiddenOperationError(
            f"{updates[0]} is not allowed: the SPARQL endpoint is read-only (updates are refused)"
        )
    if form is None:
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    return form


def check_patch(text: str) -> None:
    """Check a graph patch: SPARQL Update limited to ``INSERT DATA``, ``DELETE DATA`` and
    ``DELETE``/``INSERT`` ... ``WHERE`` on the one graph the request names."""
    if not text.strip():
        raise QueryError("the patch is empty")
    words = keywords(text)
    forbidden = [w for w in words if w in PATCH_FORBIDDEN]
    if forbidden:
        raise ForbiddenOperationError(
            f"{forbidden[0]} is not allowed in a patch: use INSERT DATA, DELETE DATA or "
            "DELETE/INSERT ... WHERE on the graph named by the URL"
        )
    if not any(w in ("INSERT", "DELETE") for w in words):
        raise QueryError(
            "a patch is SPARQL Update: INSERT DATA, DELETE DATA or DELETE/INSERT WHERE"
        )
