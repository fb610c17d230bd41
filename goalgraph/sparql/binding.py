"""Binding query parameters portably: a ``VALUES`` block inserted into the query's WHERE.

Oxigraph's substitutions only bind projected variables, and a remote SPARQL endpoint has no
binding API at all; a ``VALUES`` block is standard SPARQL 1.1 and works everywhere. Values are
written with rdflib's own N-Triples escaping and IRIs are checked, so a parameter can never
change the query's structure.

A sub-SELECT is evaluated before the outer pattern joins it with the parameters, so one that
reads every municipality is read whole for one municipality's answer. A query may mark such a
sub-SELECT with the comment line ``# (the parameters are bound here too)`` at the start of its
WHERE group: the same block is then inserted there as well. The query's author asserts what
makes that safe: the sub-SELECT projects the parameter and binds it in a plain triple pattern
of that group (never only in an OPTIONAL, a UNION or a FILTER), without GROUP BY, LIMIT or
OFFSET (a parameter the group does not use changes nothing); then the sub-SELECT's rows the
outer join would drop are simply not made.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import rdflib
from rdflib.term import Node

from goalgraph.errors import QueryError

_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)
_FORM_WITHOUT_WHERE = re.compile(r"\b(?:SELECT|ASK|DESCRIBE)\b[^{]*\{", re.IGNORECASE)
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20<>"{}|\\^`]')
#: A sub-SELECT's WHERE group that gets the parameters too (see the module docstring).
ALSO_HERE = "# (the parameters are bound here too)"
_ALSO_HERE = re.compile(r"^[ \t]*" + re.escape(ALSO_HERE) + r"[ \t]*\n", re.MULTILINE)


def term_to_sparql(term: Node) -> str:
    """A term as SPARQL syntax; IRIs with characters that could break out are refused."""
    if isinstance(term, rdflib.URIRef):
        if _IRI_FORBIDDEN.search(str(term)):
            raise QueryError(f"not an IRI: {str(term)!r}")
        return f"<{term}>"
    if isinstance(term, rdflib.Literal):
        return term.n3()
    raise QueryError(f"cannot bind {term!r} as a query parameter")


def bind_values(query: str, bindings: Mapping[str, Node] | None) -> str:
    """Return ``query`` with a VALUES block for ``bindings`` at the start of its WHERE clause.

    >>> bind_values("SELECT ?x WHERE { ?x ?p ?o }", {"p": rdflib.URIRef("http://e/p")})
    'SELECT ?x WHERE { VALUES (?p) { (<http://e/p>) }\\n?x ?p ?o }'
    >>> bind_values("ASK { ?s ?p ?o }", {"s": rdflib.URIRef("http://e/s")})
    'ASK { VALUES (?s) { (<http://e/s>) }\\n?s ?p ?o }'
    """
    if not bindings:
        return query
    names = sorted(bindings)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_]\w*", name):
            raise QueryError(f"not a variable name: {name!r}")
    variables = " ".join(f"?{n}" for n in names)
    values = " ".join(term_to_sparql(bindings[n]) for n in names)
    block = f"VALUES ({variables}) {{ ({values}) }}\n"
    query = _ALSO_HERE.sub(lambda m: m.group(0) + block, query)
    at = _pattern_start(query)
    return f"{query[:at]} {block}{query[at:].lstrip(' ')}"


def _pattern_start(query: str) -> int:
    """The offset just after the ``{`` that opens the query's (outer) WHERE pattern."""
    code = "".join(
        " " * len(line) if line.lstrip().startswith("#") else line
        for line in query.splitlines(keepends=True)
    )
    match = _WHERE.search(code) or _FORM_WITHOUT_WHERE.search(code)
    if match is None:
        raise QueryError("a parameterised query needs a WHERE { … } pattern")
    return match.end()
