"""goalgraph: a knowledge graph of municipal goal governance linked to Agenda 2030.

The public API: load RDF into a store (:func:`default_store`, :func:`load_data`,
:func:`load_files`), validate it against the SHACL shapes (:func:`validate_graph`) and ask
the named SPARQL queries (:func:`run_query`).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("goalgraph")
except PackageNotFoundError:  # a source checkout that is not installed
    __version__ = "0.0.0+source"

from goalgraph.errors import GoalgraphError, InputError, NotFoundError, QueryError
from goalgraph.sparql.named import named_queries, run_query
from goalgraph.store.load import default_store, load_data, load_files
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.store.protocol import SelectResult, Store

__all__ = [
    "GoalgraphError",
    "InputError",
    "NotFoundError",
    "OxigraphStore",
    "QueryError",
    "SelectResult",
    "Store",
    "__version__",
    "default_store",
    "load_data",
    "load_files",
    "named_queries",
    "run_query",
]
