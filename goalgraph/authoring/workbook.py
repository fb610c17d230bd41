"""Import and export of a municipality through the template: Excel, CSV or YAML.

The form follows the path: ``.xlsx`` is a workbook, ``.yaml``/``.yml`` the YAML form, and a
folder (or a ``.csv`` file inside one) a CSV folder. An import reads everything, builds the
graph, validates it (integrity and model shapes must conform) and only then replaces the
municipality's named graph; any problem leaves the store as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from goalgraph.authoring.convert import Table, graph_to_tables, tables_to_graph
from goalgraph.authoring.errors import AuthoringError, Issue
from goalgraph.authoring.tabular import (
    read_csv_folder,
    read_xlsx,
    template_tables,
    write_csv_folder,
    write_xlsx,
)
from goalgraph.authoring.yaml_io import read_yaml, write_yaml
from goalgraph.errors import GoalgraphError, NotFoundError
from goalgraph.namespaces import GRAPH
from goalgraph.store import Store, to_ox

__all__ = [
    "ImportResult",
    "ImportValidationError",
    "export_municipality",
    "import_graph",
    "import_workbook",
    "municipality_graph_of",
    "read_tables",
    "read_workbook",
    "write_tables",
    "write_template",
]

FORMS = ("xlsx", "yaml", "csv")


def form_of(path: Path, form: str | None = None) -> str:
    """``xlsx``, ``yaml`` or ``csv``: given, or from the path's suffix (a folder is CSV)."""
    if form is not None:
        if form not in FORMS:
            raise GoalgraphError(f"unknown form {form!r}; use one of {', '.join(FORMS)}")
        return form
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return "xlsx"
    if suffix in (".yaml", ".yml"):
        return "yaml"
    if suffix in ("", ".csv") or path.is_dir():
        return "csv"
    raise AuthoringError(
        [
            Issue(
                path.name,
                "okänt format: använd .xlsx, .yaml eller en mapp med CSV-filer",
                "unknown form: use .xlsx, .yaml or a folder of CSV files",
            )
        ]
    )


def read_tables(path: Path, *, encoding: str | None = None, form: str | None = None) -> list[Table]:
    """Read the tables of a workbook, YAML file or CSV folder."""
    chosen = form_of(path, form)
    if not path.exists():
        raise AuthoringError([Issue(path.name, "filen finns inte", "the file does not exist")])
    if chosen == "xlsx":
        return read_xlsx(path)
    if chosen == "yaml":
        return read_yaml(path, encoding=encoding)
    return read_csv_folder(path if path.is_dir() else path.parent, encoding=encoding)


def read_workbook(
    path: Path, *, encoding: str | None = None, form: str | None = None
) -> tuple[str, Graph]:
    """The municipality slug and graph that a workbook, YAML file or CSV folder describes."""
    return tables_to_graph(read_tables(path, encoding=encoding, form=form), path.name)


def write_tables(tables: list[Table], path: Path, form: str | None = None) -> Path:
    """Write tables in the form the path names."""
    chosen = form_of(path, form)
    if chosen == "xlsx":
        return write_xlsx(tables, path)
    if chosen == "yaml":
        return write_yaml(tables, path)
    return write_csv_folder(tables, path)


def write_template(path: Path, form: str | None = None) -> Path:
    """Write the empty template (the committed ``data/templates/goalgraph-mall.xlsx``)."""
    return write_tables(template_tables(), path, form)


def municipality_graph_of(store: Store, slug: str) -> Graph:
    """One municipality's named graph as an rdflib graph (plain strings without xsd:string)."""
    name = str(GRAPH[slug])
    if name not in store.named_graphs():
        raise NotFoundError(f"unknown municipality {slug!r}")
    graph = Graph()
    for s, p, o in store.to_rdflib([name]):
        if isinstance(o, Literal) and o.datatype == XSD.string and not o.language:
            o = Literal(str(o))
        graph.add((s, p, o))
    return graph


def export_municipality(store: Store, slug: str, path: Path, form: str | None = None) -> Path:
    """Write one municipality of the store to a workbook, YAML file or CSV folder."""
    return write_tables(graph_to_tables(municipality_graph_of(store, slug), slug), path, form)


class ImportValidationError(GoalgraphError):
    """The imported graph does not conform to the integrity and model shapes."""

    def __init__(self, report: Any) -> None:
        self.report = report
        super().__init__(
            "the imported data does not pass validation; nothing was imported / "
            "uppgifterna klarar inte valideringen; inget har importerats\n" + report.to_text("en")
        )


@dataclass(frozen=True)
class ImportResult:
    """What an import stored: the municipality, its named graph and the number of triples."""

    slug: str
    graph: str
    triples: int
    warnings: int

    def to_json(self) -> dict[str, object]:
        """A JSON-serialisable summary."""
        return {
            "slug": self.slug,
            "graph": self.graph,
            "triples": self.triples,
            "warnings": self.warnings,
        }


def import_graph(store: Store, slug: str, graph: Graph) -> ImportResult:
    """Validate ``graph`` and, if it conforms, replace the municipality's named graph with it."""
    from goalgraph.validate import validate_graph

    report = validate_graph(graph, audit=False)
    if not report.conforms:
        raise ImportValidationError(report)
    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]  # type: ignore[arg-type]
    name = str(GRAPH[slug])
    count = store.replace_graph(name, triples)
    return ImportResult(slug, name, count, len(report.warnings))


def import_workbook(
    store: Store,
    path: Path,
    *,
    municipality: str | None = None,
    encoding: str | None = None,
    form: str | None = None,
) -> ImportResult:
    """Read, validate and store a workbook, YAML file or CSV folder; all or nothing.

    With ``municipality`` the file must describe that municipality.
    """
    slug, graph = read_workbook(path, encoding=encoding, form=form)
    if municipality is not None and slug != municipality:
        raise AuthoringError(
            [
                Issue(
                    path.name,
                    f"filen beskriver {slug!r}, inte {municipality!r}",
                    f"the file describes {slug!r}, not {municipality!r}",
                )
            ]
        )
    return import_graph(store, slug, graph)
