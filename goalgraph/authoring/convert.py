r"""Converting between the template's tables and one municipality's RDF graph.

:func:`tables_to_graph` reads tables (from a workbook, a CSV folder or YAML) into a graph and
collects every problem with its sheet, row and column; :func:`graph_to_tables` writes a graph
into tables. Export puts each statement in a column only when reading the cell back gives the
very same RDF term, and everything else in the sheet "Övrigt" (other statements), so that
export followed by import gives the same graph.

The cells are read in :mod:`~goalgraph.authoring.cells`, the tables in
:mod:`~goalgraph.authoring.table_reader` and written in :mod:`~goalgraph.authoring.table_writer`.

>>> from goalgraph.authoring.yaml_io import parse_yaml
>>> text = "municipality:\n  - {id: exempel, code: '9999', label_sv: Exempel kommun}\n"
>>> slug, graph = tables_to_graph(parse_yaml(text, "exempel.yaml"), "exempel.yaml")
>>> slug, len(graph)
('exempel', 3)
"""

from __future__ import annotations

from goalgraph.authoring.cells import Row, Table
from goalgraph.authoring.table_reader import tables_to_graph
from goalgraph.authoring.table_writer import graph_to_tables

__all__ = ["Row", "Table", "graph_to_tables", "tables_to_graph"]
