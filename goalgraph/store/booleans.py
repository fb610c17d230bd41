"""Boolean answers in standard form, for servers without a boolean type.

Virtuoso stores no ``xsd:boolean``: a boolean expression (``EXISTS``, ``BOUND``, a comparison,
``true``) answers ``1`` or ``0`` as ``xsd:integer``, and an ``xsd:boolean`` literal answers in
the lexical form ``1`` or ``0``. Which projected variables SPARQL types as boolean follows from
the query itself: :func:`boolean_variables` reads rdflib's algebra of the query (its parse,
not its text), and :func:`standard_booleans` turns the 1/0 of those variables, and every
``xsd:boolean`` 1/0, into ``true``/``false``. Nothing else in an answer is changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import rdflib
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue, Expr

from goalgraph.store.protocol import SelectResult, Term

__all__ = ["boolean_variables", "standard_booleans"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
_BOOLEAN = rdflib.URIRef(f"{_XSD}boolean")
_INTEGER = rdflib.URIRef(f"{_XSD}integer")
#: The expressions whose value SPARQL 1.1 defines as xsd:boolean.
_BOOLEAN_EXPRESSIONS = frozenset(
    {
        "Builtin_EXISTS",
        "Builtin_NOTEXISTS",
        "Builtin_BOUND",
        "RelationalExpression",
        "ConditionalAndExpression",
        "ConditionalOrExpression",
        "UnaryNot",
        "Builtin_isIRI",
        "Builtin_isBLANK",
        "Builtin_isLITERAL",
        "Builtin_isNUMERIC",
        "Builtin_sameTerm",
        "Builtin_REGEX",
        "Builtin_CONTAINS",
        "Builtin_STRSTARTS",
        "Builtin_STRENDS",
        "Builtin_LANGMATCHES",
    }
)


def _is_boolean(expr: Any) -> bool:
    if isinstance(expr, rdflib.Literal):
        return expr.datatype == _BOOLEAN
    return isinstance(expr, Expr) and expr.name in _BOOLEAN_EXPRESSIONS


def _extends(node: Any) -> Iterable[tuple[str, Any]]:
    """(variable, expression) of every BIND and projected expression in the algebra."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, CompValue):
            if item.name == "Extend":
                yield str(item.var), item.expr
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


@lru_cache(maxsize=256)
def boolean_variables(query: str) -> frozenset[str]:
    """The variables the query binds only to boolean expressions (none if rdflib cannot
    parse it)."""
    try:
        algebra = translateQuery(parseQuery(query)).algebra
    except Exception:  # a query rdflib cannot read gets no help here (it is still sent)
        return frozenset()
    kinds: dict[str, bool] = {}
    for variable, expr in _extends(algebra):
        kinds[variable] = kinds.get(variable, True) and _is_boolean(expr)
    return frozenset(v for v, boolean in kinds.items() if boolean)


def _standard(term: Term | None, boolean: bool) -> Term | None:
    if not isinstance(term, rdflib.Literal) or str(term) not in ("0", "1"):
        return term
    if term.datatype == _BOOLEAN or (boolean and term.datatype == _INTEGER):
        return rdflib.Literal(str(term) == "1")
    return term


def standard_booleans(query: str, result: SelectResult) -> SelectResult:
    """The query's ``result`` with its booleans as ``true``/``false``."""
    booleans = boolean_variables(query)
    rows = [{k: _standard(t, k in booleans) for k, t in row.items()} for row in result.rows]
    return SelectResult(result.variables, rows)
