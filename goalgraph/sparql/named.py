"""Named SPARQL queries, kept as ``goalgraph/sparql/queries/*.rq`` files.

Each file starts with a comment header: a title line, a ``Purpose:`` line and one
``param NAME: TYPE  description`` line per parameter. Parameters are bound as a SPARQL
``VALUES`` block, never formatted into the query text; before a query runs, every IRI parameter
is checked to exist in the store with the declared type, so an unknown goal or municipality
is an error instead of an empty answer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import rdflib

from goalgraph import resources
from goalgraph.conventions import DEFAULT_LANG, SLUG, check_lang
from goalgraph.conventions import LANGUAGES as LANGUAGES  # the command line imports it from here
from goalgraph.errors import NotFoundError, QueryError
from goalgraph.namespaces import ID, PREFIXES, SDG, municipality_iri
from goalgraph.store.protocol import SelectResult, Store

_PARAM = re.compile(r"^#\s*param\s+(\w+):\s*(\S+)\s*(.*)$")
_CURIE = re.compile(r"^([A-Za-z][\w-]*):(\S*)$")
_SDG_NOTATION = re.compile(r"^\d{1,2}(?:\.[0-9a-z]{1,2})?$")

_EXISTS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
ASK WHERE { ?node a ?type . ?type rdfs:subClassOf* ?required }
"""


@dataclass(frozen=True)
class Parameter:
    """A declared query parameter: its name, type (a CURIE or ``language``) and description."""

    name: str
    type: str
    description: str


@dataclass(frozen=True)
class NamedQuery:
    """A named SPARQL query read from an ``.rq`` file."""

    name: str
    title: str
    purpose: str
    parameters: tuple[Parameter, ...]
    text: str
    path: Path

    def run(self, store: Store, **params: str | rdflib.term.Node) -> SelectResult:
        """Run the query on ``store`` with the given parameters (see :func:`run_query`)."""
        return store.select(self.text, self.bind(store, params))

    def bind(self, store: Store, params: Mapping[str, object]) -> dict[str, rdflib.term.Node]:
        """Resolve and check the parameters; raises on an unknown or missing one."""
        declared = {p.name: p for p in self.parameters}
        unknown = sorted(set(params) - set(declared))
        if unknown:
            raise QueryError(
                f"query {self.name!r} has no parameter {', '.join(unknown)} "
                f"(it takes: {', '.join(declared) or 'none'})"
            )
        bindings: dict[str, rdflib.term.Node] = {}
        for param in self.parameters:
            value = params.get(param.name)
            if param.type == "language":
                lang = check_lang(str(value) if value is not None else DEFAULT_LANG, QueryError)
                bindings[param.name] = rdflib.Literal(lang)
                continue
            if value is None:
                raise QueryError(f"query {self.name!r} needs the parameter {param.name!r}")
            iri = value if isinstance(value, rdflib.URIRef) else resolve_iri(str(value), param.type)
            required = rdflib.URIRef(expand_curie(param.type))
            if not store.ask(_EXISTS, {"node": iri, "required": required}):
                raise NotFoundError(
                    f"unknown {param.name}: <{iri}> is not a {param.type} in the store"
                )
            bindings[param.name] = iri
        return bindings


def expand_curie(value: str) -> str:
    """Expand a CURIE with goalgraph's prefixes or a municipality prefix (``nora:goal-kf1``)."""
    match = _CURIE.match(value)
    if not match or "//" in value:
        return value
    prefix, local = match.groups()
    if prefix in PREFIXES:
        return PREFIXES[prefix] + local
    if SLUG.match(prefix):
        return f"{ID}{prefix}/{local}"
    return value


def resolve_iri(value: str, type_curie: str = "") -> rdflib.URIRef:
    """Turn what a user typed into an IRI: a full IRI, a CURIE, a municipality slug or an SDG
    notation (``11.3``)."""
    value = value.strip()
    if value.startswith("<") and value.endswith(">"):
        value = value[1:-1]
    if type_curie == "gg:Municipality" and SLUG.match(value):
        return municipality_iri(value)
    if _SDG_NOTATION.match(value):
        return SDG[value]
    expanded = expand_curie(value)
    if not re.match(r"^[a-z][a-z0-9+.-]*:[^\s<>\"{}|\\^`]+$", expanded, re.I):
        raise QueryError(f"not an IRI: {value!r}")
    return rdflib.URIRef(expanded)


def _parse(path: Path) -> NamedQuery:
    text = path.read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    if not header:
        raise QueryError(f"{path}: a named query starts with a comment header")
    title = header[0].lstrip("# ").strip()
    purpose = next(
        (line.split("Purpose:", 1)[1].strip() for line in header if "Purpose:" in line), ""
    )
    params = tuple(
        Parameter(m.group(1), m.group(2), m.group(3).strip())
        for m in (_PARAM.match(line) for line in header)
        if m
    )
    return NamedQuery(path.stem, title, purpose, params, text, path)


@cache
def read_queries(folder: Path) -> dict[str, NamedQuery]:
    """The ``.rq`` files of ``folder`` with their comment headers, by name."""
    return {p.stem: _parse(p) for p in sorted(folder.glob("*.rq"))}


def named_queries() -> dict[str, NamedQuery]:
    """All named queries, by name (the file name without ``.rq``)."""
    return read_queries(resources.queries_dir())


def get_query(name: str) -> NamedQuery:
    """One named query; an unknown name is a :class:`NotFoundError` listing the known ones."""
    queries = named_queries()
    if name not in queries:
        raise NotFoundError(f"unknown query {name!r}; known queries: {', '.join(queries)}")
    return queries[name]


def run_query(store: Store, name: str, **params: str | rdflib.term.Node) -> SelectResult:
    """Run a named query with bound parameters.

    >>> from goalgraph.store.load import default_store
    >>> store = default_store()
    >>> rows = run_query(store, "chain-up", goal="nora:goal-kf1")
    >>> [str(row["levelName"]) for row in rows][-1]
    'Vision'
    """
    return get_query(name).run(store, **params)
