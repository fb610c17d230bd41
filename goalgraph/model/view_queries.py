"""The SPARQL queries of the page views, kept as ``goalgraph/model/queries/*.rq`` files with
the named-query header (title, ``Purpose:``, ``param`` lines)."""

from __future__ import annotations

from goalgraph import resources
from goalgraph.sparql.named import read_queries


def view_query(name: str) -> str:
    """The text of the view query ``name`` (``goalgraph/model/queries/{name}.rq``)."""
    return read_queries(resources.view_queries_dir())[name].text
