"""A sub-SELECT marked ``# (the parameters are bound here too)`` gets the parameters' VALUES
block as well: the marked named queries answer exactly as without the mark, for every
municipality in data/ and both languages, and the block never opens a way into the query."""

from __future__ import annotations

import pytest
import rdflib

from goalgraph.analysis.compare import all_slugs
from goalgraph.errors import QueryError
from goalgraph.sparql.binding import ALSO_HERE, bind_values
from goalgraph.sparql.named import named_queries
from goalgraph.store.load import default_store
from goalgraph.store.oxigraph import OxigraphStore

MARKED = sorted(name for name, query in named_queries().items() if ALSO_HERE in query.text)


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return default_store()


def test_the_per_municipality_queries_with_sub_selects_are_marked() -> None:
    assert {"bodies", "documents", "goals-without-indicator-or-owner"} <= set(MARKED)


def test_the_block_goes_after_the_mark_and_at_the_outer_where() -> None:
    query = (
        "SELECT ?x ?label WHERE {\n  { SELECT ?x ?m WHERE {\n    "
        + ALSO_HERE
        + "\n    ?x <http://e/in> ?m } }\n  ?x <http://e/label> ?label }"
    )
    bound = bind_values(query, {"m": rdflib.URIRef("http://e/m1")})
    assert bound.count("VALUES (?m) { (<http://e/m1>) }") == 2
    inner = bound.index(ALSO_HERE) + len(ALSO_HERE)
    assert bound[inner:].lstrip().startswith("VALUES (?m)")


def test_a_value_cannot_break_out_of_the_inner_block() -> None:
    query = "SELECT ?x WHERE { { SELECT ?x ?m WHERE {\n" + ALSO_HERE + "\n ?x ?p ?m } } }"
    with pytest.raises(QueryError):
        bind_values(query, {"m": rdflib.URIRef("http://e/a> } } DROP ALL #")})
    bound = bind_values(query, {"m": rdflib.Literal('a" } } #')})
    assert bound.count("VALUES") == 2 and '"a\\" } } #"' in bound


@pytest.mark.parametrize("name", MARKED)
@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_marked_query_answers_as_without_the_mark(
    store: OxigraphStore, name: str, lang: str
) -> None:
    query = named_queries()[name]
    unmarked = query.text.replace(ALSO_HERE, "")
    answered = 0
    for slug in all_slugs(store):
        bindings = query.bind(store, {"municipality": slug, "lang": lang})
        marked_rows = store.select(bind_values(query.text, bindings)).rows
        assert marked_rows == store.select(bind_values(unmarked, bindings)).rows, slug
        answered += len(marked_rows)
    assert answered > 0  # the comparison saw rows
