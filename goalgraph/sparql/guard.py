"""What untrusted SPARQL text (the public endpoint, graph patches) may do, decided on a parse.

The text is parsed with rdflib's SPARQL 1.1 parser and translated to its algebra; the decision
is taken on those structures, never on scanned text: a ``SERVICE`` pattern anywhere (nested,
in ``EXISTS``, in a sub-query, ``SILENT`` or not) is refused, as is an update on the query
endpoint. Text that rdflib cannot read is refused too, even where the store's own parser
would take it: a query runs only when this check has understood it. This is the first of two
walls; the second is that the process that evaluates the text can open no network
connection (:mod:`goalgraph.sparql.sandbox`).

>>> check_query("SELECT * WHERE { ?s ?p 'SERVICE' }")
'SELECT'
>>> check_query("ASK { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
Traceback (most recent call last):
...
goalgraph.sparql.guard.ForbiddenOperationError: SERVICE is not allowed: no outbound requests
>>> parse_query("SELECT * FROM <http://e/g> { ?s ?p ?o }").default_graphs
('http://e/g',)
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery, translateUpdate
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue

from goalgraph.errors import QueryError

QUERY_FORMS = {
    "SelectQuery": "SELECT",
    "AskQuery": "ASK",
    "ConstructQuery": "CONSTRUCT",
    "DescribeQuery": "DESCRIBE",
}
#: The update operations a graph patch may use (``DELETE WHERE`` is short for DELETE/WHERE).
PATCH_OPERATIONS = frozenset({"InsertData", "DeleteData", "DeleteWhere", "Modify"})
#: Parse-tree nodes that name a graph, reach the network or leave the patched graph.
PATCH_FORBIDDEN_NODES = {
    "ServiceGraphPattern": "SERVICE",
    "GraphGraphPattern": "GRAPH",
    "QuadsNotTriples": "GRAPH",
    "UsingClause": "USING",
}
_OPERATION_WORDS = {
    "Load": "LOAD",
    "Clear": "CLEAR",
    "Drop": "DROP",
    "Create": "CREATE",
    "Add": "ADD",
    "Move": "MOVE",
    "Copy": "COPY",
}
_FORM_WORD = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)
_PATCH_HINT = (
    "use INSERT DATA, DELETE DATA or DELETE/INSERT ... WHERE on the graph named by the URL"
)


#: rdflib's pyparsing grammar keeps state while it parses: one parse at a time per process.
_PARSER_LOCK = threading.Lock()


class ForbiddenOperationError(QueryError):
    """SPARQL text that parses but asks for something not allowed."""


@dataclass(frozen=True)
class CheckedQuery:
    """A query the check has read: its form and the dataset its ``FROM`` clauses name."""

    form: str
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()

    @property
    def has_dataset(self) -> bool:
        """Whether the query names its own dataset (``FROM`` or ``FROM NAMED``)."""
        return bool(self.default_graphs or self.named_graphs)


def _nodes(*roots: object) -> Iterator[CompValue]:
    """Every parse-tree or algebra node below ``roots`` (iteratively: nesting is unbounded)."""
    stack: list[object] = list(roots)
    seen: set[int] = set()
    while stack:
        value = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        if isinstance(value, CompValue):
            yield value
            stack.extend(dict.values(value))
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, (ParseResults, list, tuple, set, frozenset)):
            stack.extend(value)


def _field(node: object, key: str) -> Any:
    """A field of a parse-tree node, or None (``CompValue.get`` answers the key itself)."""
    return dict.get(node, key) if isinstance(node, dict) else None


def _syntax_error(exc: Exception, text: str, what: str) -> QueryError:
    if isinstance(exc, ParseBaseException):
        return QueryError(
            f"SPARQL syntax error at line {exc.lineno}, column {exc.col}: {exc.msg} "
            f"(only {what} that goalgraph's SPARQL 1.1 parser reads are run)"
        )
    if isinstance(exc, RecursionError):
        return QueryError("the SPARQL text is nested too deeply to be read")
    return QueryError(f"the SPARQL text could not be read: {exc}")


def _refuse_service(*roots: object) -> None:
    for node in _nodes(*roots):
        if node.name == "ServiceGraphPattern":
            raise ForbiddenOperationError("SERVICE is not allowed: no outbound requests")


def _is_update(text: str) -> bool:
    try:
        parseUpdate(text)
    except Exception:  # any failure means "not an update"
        return False
    return True


def parse_query(text: str) -> CheckedQuery:
    """Read query text and decide whether the public endpoint may run it.

    Raises :class:`ForbiddenOperationError` for ``SERVICE`` or an update, and
    :class:`QueryError` for text that is not a query this parser reads.
    """
    with _PARSER_LOCK:
        return _parse_query(text)


def _parse_query(text: str) -> CheckedQuery:
    if not text.strip():
        raise QueryError("the query is empty")
    try:
        tree = parseQuery(text)
    except Exception as exc:  # pyparsing and rdflib raise many kinds
        if _is_update(text):
            raise ForbiddenOperationError(
                "updates are not allowed: the SPARQL endpoint is read-only (updates are refused)"
            ) from None
        if isinstance(exc, ParseBaseException) and not _FORM_WORD.search(text):
            raise QueryError(
                "not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE"
            ) from None
        raise _syntax_error(exc, text, "queries") from None
    _refuse_service(tree)
    try:
        algebra = translateQuery(tree).algebra
    except Exception as exc:
        raise _syntax_error(exc, text, "queries") from None
    _refuse_service(algebra)
    form = QUERY_FORMS.get(algebra.name)
    if form is None:  # pragma: no cover - the grammar has only the four forms
        raise QueryError("not a SPARQL query: expected SELECT, ASK, CONSTRUCT or DESCRIBE")
    default: list[str] = []
    named: list[str] = []
    for clause in _field(algebra, "datasetClause") or ():
        if _field(clause, "default") is not None:
            default.append(str(_field(clause, "default")))
        else:
            named.append(str(_field(clause, "named")))
    for iri in (*default, *named):
        if "\\" in iri:  # rdflib keeps a prefixed name's escapes; the store would not
            raise QueryError(f"FROM names a graph with an escape this check cannot read: {iri}")
    return CheckedQuery(form, tuple(default), tuple(named))


def check_query(text: str) -> str:
    """Check read-only query text; returns its form (``SELECT``, ``ASK``, ``CONSTRUCT``,
    ``DESCRIBE``). See :func:`parse_query`."""
    return parse_query(text).form


def check_patch(text: str) -> None:
    """Check a graph patch: SPARQL Update limited to ``INSERT DATA``, ``DELETE DATA`` and
    ``DELETE``/``INSERT`` ... ``WHERE`` on the one graph the request names (no ``GRAPH``,
    ``WITH``, ``USING``, ``SERVICE``, nor any graph-management operation)."""
    with _PARSER_LOCK:
        _check_patch(text)


def _check_patch(text: str) -> None:
    if not text.strip():
        raise QueryError("the patch is empty")
    try:
        tree = parseUpdate(text)
    except Exception as exc:
        # A patch the check cannot read never runs: it is refused as such.
        raise ForbiddenOperationError(str(_syntax_error(exc, text, "patches"))) from None
    requests: list[Any] = list(_field(tree, "request") or ())
    if not requests:
        raise QueryError(
            "a patch is SPARQL Update: INSERT DATA, DELETE DATA or DELETE/INSERT WHERE"
        )
    for request in requests:
        name = getattr(request, "name", "")
        if name not in PATCH_OPERATIONS:
            word = _OPERATION_WORDS.get(name, name.upper() or "this operation")
            raise ForbiddenOperationError(f"{word} is not allowed in a patch: {_PATCH_HINT}")
        if _field(request, "withClause") is not None:
            raise ForbiddenOperationError(f"WITH is not allowed in a patch: {_PATCH_HINT}")
    # translateUpdate rewrites the tree in place: decide on the parse tree first.
    _refuse_patch_nodes(tree)
    try:
        algebra = translateUpdate(tree).algebra
    except Exception as exc:
        raise _syntax_error(exc, text, "updates") from None
    _refuse_service(list(algebra))


def _refuse_patch_nodes(tree: object) -> None:
    for node in _nodes(tree):
        word = PATCH_FORBIDDEN_NODES.get(node.name)
        if word == "SERVICE":
            raise ForbiddenOperationError("SERVICE is not allowed: no outbound requests")
        if word is not None:
            raise ForbiddenOperationError(f"{word} is not allowed in a patch: {_PATCH_HINT}")
        if node.name in _OPERATION_WORDS or _field(node, "withClause") is not None:
            raise ForbiddenOperationError(f"this is not allowed in a patch: {_PATCH_HINT}")
