"""The messages of the SPARQL 1.1 protocols as :class:`~goalgraph.store.remote.RemoteStore`
sends and reads them: answers read within limits, errors that name the endpoint, SPARQL JSON
and N-Triples parsed, and bindings written into the query's text."""

from __future__ import annotations

import io
import json
import re
import time
import traceback
from collections.abc import Iterator, Mapping
from typing import IO, TYPE_CHECKING, Any

import httpx
import pyoxigraph as ox
import rdflib
from rdflib.term import Node

from goalgraph.errors import GoalgraphError, QueryError
from goalgraph.mediatypes import NTRIPLES
from goalgraph.sparql.binding import term_to_sparql
from goalgraph.sparql.limits import Limits, QueryResult, ResultTooLargeError
from goalgraph.sparql.worker import query_timeout_error, serialize_result
from goalgraph.store.oxigraph import (
    SelectResult,
    StoreError,
    Term,
    iri_ref,
)

if TYPE_CHECKING:
    from _typeshed import WriteableBuffer


XSD_STRING = rdflib.URIRef("http://www.w3.org/2001/XMLSchema#string")
#: The most an answer to a query under limits may take: a base for the result's head and an
#: allowance per row (or triple) that the row limit allows.
ANSWER_BASE_BYTES = 1 << 20
ANSWER_BYTES_PER_ROW = 8 << 10
_FORM = re.compile(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", re.IGNORECASE)


# --- parsing answers -------------------------------------------------------------------------


def _reason(exc: Exception) -> str:
    text = str(exc) or type(exc).__name__
    return "connection refused" if "refused" in text.lower() else text


def transport_error(exc: httpx.HTTPError, url: str, timeout: float) -> StoreError:
    """The error for a request to ``url`` that got no (complete) answer."""
    if isinstance(exc, httpx.TimeoutException):
        return StoreError(f"the SPARQL endpoint {url} did not answer within {timeout:g} s")
    if isinstance(exc, httpx.ConnectError):
        return StoreError(
            f"cannot reach the SPARQL endpoint {url}: {_reason(exc)}; is the server running?"
        )
    return StoreError(f"the SPARQL endpoint {url} failed: {_reason(exc)}")


def status_error(status: int, url: str, text: str) -> GoalgraphError:
    """The error for an HTTP error status from ``url`` whose body starts with ``text``."""
    detail = text.strip().replace("\n", " ")[:300]
    if status in (401, 403):
        return StoreError(
            f"the SPARQL endpoint {url} refused access (HTTP {status}); "
            "check the user and password or token"
        )
    if status == 400:
        return QueryError(f"the SPARQL endpoint {url} refused the request: {detail}")
    return StoreError(f"the SPARQL endpoint {url} answered HTTP {status}: {detail}")


def read_prefix(response: httpx.Response, size: int) -> bytes:
    """At most about ``size`` bytes from the start of a streamed body."""
    data = b""
    for chunk in response.iter_bytes():
        data += chunk
        if len(data) >= size:
            break
    return data[:size]


def read_answer(
    body: IO[bytes], graph_form: bool, media_type: str, max_rows: int, form: str = "SELECT"
) -> QueryResult:
    """Parse a streamed answer (N-Triples or SPARQL JSON) and serialise it as the workers do."""
    if form == "ASK":  # small: read it whole, to accept Virtuoso's form of the answer
        try:
            answer = _standard_ask(json.loads(body.read()))
        except ValueError as exc:
            raise SyntaxError(f"not JSON: {exc}") from exc
        body = io.BytesIO(json.dumps(answer).encode("utf-8"))
    if graph_form:
        quads = ox.parse(body, format=ox.RdfFormat.N_TRIPLES)
        triples = (q.triple for q in quads)
        return serialize_result(triples, media_type, max_rows)
    results = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    return serialize_result(results, media_type, max_rows)


def forget_frames(exc: BaseException) -> None:
    """Clear the local variables of the finished frames that ``exc`` and its causes keep.

    pyoxigraph's parsers must be dropped by the thread that made them; an error's traceback
    would otherwise keep them until whichever thread handles the error lets it go.
    """
    pending: list[BaseException] = [exc]
    seen: set[int] = set()
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        traceback.clear_frames(current.__traceback__)
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)


class LimitedAnswer(io.RawIOBase):
    """A streamed answer as a binary file for the parsers, cut off at the deadline (a
    :class:`~goalgraph.sparql.limits.QueryTimeoutError`) and at the byte cap that
    ``limits.max_rows`` allows (a :class:`~goalgraph.sparql.limits.ResultTooLargeError`)."""

    def __init__(self, response: httpx.Response, deadline: float, limits: Limits) -> None:
        super().__init__()
        self._chunks: Iterator[bytes] = response.iter_bytes()
        self._deadline = deadline
        self._limits = limits
        self._cap = ANSWER_BASE_BYTES + ANSWER_BYTES_PER_ROW * limits.max_rows
        self._view = memoryview(b"")
        self._size = 0
        #: The first bytes of the answer, to show when it is not what was asked for.
        self.head = b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: WriteableBuffer) -> int:
        while not self._view:
            if time.monotonic() > self._deadline:
                raise query_timeout_error(self._limits.timeout)
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._size += len(chunk)
            if self._size > self._cap:
                raise ResultTooLargeError(
                    f"the result is larger than {self._cap / 2**20:.0f} MiB; "
                    "add a LIMIT (and OFFSET to page)"
                )
            if len(self.head) < 120:
                self.head += chunk[: 120 - len(self.head)]
            self._view = memoryview(chunk)
        target = memoryview(buffer).cast("B")
        size = min(len(target), len(self._view))
        target[:size] = self._view[:size]
        self._view = self._view[size:]
        return size


def _json(response: httpx.Response, endpoint: str) -> dict[str, Any]:
    try:
        data = json.loads(response.content)
    except ValueError as exc:
        raise StoreError(_garbage(response, endpoint, "SPARQL JSON results")) from exc
    if not isinstance(data, dict):
        raise StoreError(_garbage(response, endpoint, "SPARQL JSON results"))
    return data


def _garbage(response: httpx.Response, endpoint: str, expected: str) -> str:
    kind = response.headers.get("content-type", "no content type")
    return garbage_text(endpoint, expected, kind, response.content)


def garbage_text(endpoint: str, expected: str, kind: str, data: bytes) -> str:
    snippet = data[:120].decode("utf-8", "replace")
    return (
        f"the SPARQL endpoint {endpoint} answered with something that is not {expected} "
        f"({kind}): {snippet!r}"
    )


def _term(value: Mapping[str, str]) -> Term:
    kind = value.get("type")
    text = value.get("value", "")
    if kind == "uri":
        return rdflib.URIRef(text)
    if kind == "bnode":
        return rdflib.BNode(text)
    if kind in ("literal", "typed-literal"):
        lang = value.get("xml:lang")
        if lang:
            return rdflib.Literal(text, lang=lang)
        return rdflib.Literal(text, datatype=rdflib.URIRef(value.get("datatype") or XSD_STRING))
    raise ValueError(f"unknown term type {kind!r}")


def parse_select(response: httpx.Response, endpoint: str) -> SelectResult:
    data = _json(response, endpoint)
    try:
        variables = [str(v) for v in data["head"]["vars"]]
        rows: list[dict[str, Term | None]] = [
            {v: (_term(b[v]) if v in b else None) for v in variables}
            for b in data["results"]["bindings"]
        ]
    except (KeyError, TypeError, ValueError) as exc:
        raise StoreError(_garbage(response, endpoint, "SPARQL JSON SELECT results")) from exc
    return SelectResult(variables, rows)


def _standard_ask(data: dict[str, Any]) -> dict[str, Any]:
    """An ASK answer in the standard form: Virtuoso answers some ASK queries as a SELECT of
    one variable ``__ASK_RETVAL`` (one row with 1 for true, no row for false)."""
    head = data.get("head")
    if "boolean" in data or not isinstance(head, dict) or head.get("vars") != ["__ASK_RETVAL"]:
        return data
    rows = (data.get("results") or {}).get("bindings") or []
    value = bool(rows) and str(rows[0].get("__ASK_RETVAL", {}).get("value", "0")) not in ("0", "")
    return {"head": {}, "boolean": value}


def parse_boolean(response: httpx.Response, endpoint: str) -> bool:
    value = _standard_ask(_json(response, endpoint)).get("boolean")
    if not isinstance(value, bool):
        raise StoreError(_garbage(response, endpoint, "a SPARQL JSON ASK result"))
    return value


def parse_triples(data: bytes, endpoint: str) -> list[ox.Triple]:
    try:
        return [
            ox.Triple(q.subject, q.predicate, q.object)
            for q in ox.parse(data, format=ox.RdfFormat.N_TRIPLES)
        ]
    except (SyntaxError, ValueError) as exc:
        snippet = data[:120].decode("utf-8", "replace")
        raise StoreError(
            f"the SPARQL endpoint {endpoint} answered with something that is not N-Triples "
            f"({exc}): {snippet!r}"
        ) from exc


def check_ntriples(data: bytes, content_type: str, endpoint: str) -> None:
    kind = content_type.split(";")[0].strip().lower()
    if kind not in ("", NTRIPLES, "text/plain") or data.lstrip()[:1] not in (b"", b"<", b"_", b"#"):
        snippet = data[:120].decode("utf-8", "replace")
        raise StoreError(
            f"the Graph Store endpoint {endpoint} answered with something that is not "
            f"N-Triples ({kind or 'no content type'}): {snippet!r}"
        )


def sparql_term(term: Term | None) -> str:
    if isinstance(term, rdflib.URIRef):
        return iri_ref(str(term))
    if isinstance(term, rdflib.Literal):
        return term.n3()
    raise QueryError(f"cannot write {term!r} into a query")


_TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)|(?P<iri><[^<>\s]*>)|(?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"""
    r"|(?P<variable>[?$][A-Za-z_]\w*)|(?P<filter>\bFILTER\b)|(?P<open>\()|(?P<close>\))",
    re.IGNORECASE,
)


def inline_filter_bindings(query: str, bindings: Mapping[str, Node]) -> str:
    """``query`` with each bound variable inside a FILTER's parentheses written as its value
    (the values as :func:`~goalgraph.sparql.binding.term_to_sparql` writes them); strings,
    IRIs and comments are left as they are. The caller still binds the variables with VALUES,
    for their other uses."""
    out: list[str] = []
    at = 0
    after_filter: int | None = None  # where the last FILTER keyword outside a FILTER ended
    depth = 0  # parentheses open inside a FILTER
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind == "filter" and depth == 0:
            after_filter = match.end()
        elif kind == "open":
            directly = after_filter is not None and not query[after_filter : match.start()].strip()
            if depth or directly:
                depth += 1
            after_filter = None
        elif kind == "close" and depth:
            depth -= 1
        elif kind != "filter":
            after_filter = None
        if kind == "variable" and depth and match.group()[1:] in bindings:
            out.append(query[at : match.start()])
            out.append(term_to_sparql(bindings[match.group()[1:]]))
            at = match.end()
    out.append(query[at:])
    return "".join(out)


def query_form(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first query keyword outside IRIs, strings and
    comments."""
    code = re.sub(r"#[^\n]*", " ", query)
    code = re.sub(r"<[^<>\s]*>", " ", code)
    code = re.sub(r"\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'", " ", code)
    match = _FORM.search(code)
    return match.group(1).upper() if match else "SELECT"
