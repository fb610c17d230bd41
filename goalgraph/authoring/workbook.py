"""Import and export of a municipality through the template: Excel, CSV or YAML.

The form follows the path: ``.xlsx`` is a workbook, ``.yaml``/``.yml`` the YAML form, and a
folder (or a ``.csv`` file inside one) a CSV folder. An import reads everything, builds the
graph, validates it (integrity and model shapes must conform) and only then replaces the
municipality's named graph; any problem leaves the store as it was.

Workbooks and YAML files can also be read from and written to bytes
(:func:`read_workbook_bytes`, :func:`template_bytes`, :func:`export_municipality_bytes`), so a
web service needs no temporary files; the path functions are thin wrappers around them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePath

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from goalgraph.authoring.convert import Table, graph_to_tables, tables_to_graph
from goalgraph.authoring.errors import AuthoringError, Issue
from goalgraph.authoring.tabular import (
    read_bytes,
    read_csv_folder,
    template_tables,
    write_csv_folder,
)
from goalgraph.authoring.xlsx import read_xlsx_bytes, write_xlsx, xlsx_bytes
from goalgraph.authoring.yaml_io import read_yaml_bytes
from goalgraph.authoring.yaml_write import tables_to_yaml, template_yaml, write_yaml
from goalgraph.errors import GoalgraphError, NotFoundError
from goalgraph.namespaces import GRAPH
from goalgraph.store.oxigraph import Store
from goalgraph.store.terms import ox_triples
from goalgraph.validation.report import ValidationReport
from goalgraph.validation.write import StoreValidationError, commit_municipality

__all__ = [
    "ImportResult",
    "ImportValidationError",
    "export_municipality",
    "export_municipality_bytes",
    "import_graph",
    "import_workbook",
    "municipality_graph_of",
    "read_tables",
    "read_tables_bytes",
    "read_workbook",
    "read_workbook_bytes",
    "tables_bytes",
    "template_bytes",
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


def _form_of_name(name: str, form: str | None) -> str:
    """``xlsx`` or ``yaml``: given, or from the name's suffix (bytes cannot be a CSV folder)."""
    if form is None:
        suffix = PurePath(name).suffix.lower()
        form = {".xlsx": "xlsx", ".yaml": "yaml", ".yml": "yaml"}.get(suffix)
        if form is None:
            raise AuthoringError(
                [
                    Issue(
                        name,
                        "okänt format: filen ska heta .xlsx eller .yaml",
                        "unknown form: the file must be named .xlsx or .yaml",
                    )
                ]
            )
    if form not in FORMS:
        raise GoalgraphError(f"unknown form {form!r}; use one of {', '.join(FORMS)}")
    if form == "csv":
        raise AuthoringError(
            [
                Issue(
                    name,
                    "en mapp med CSV-filer kan bara läsas eller skrivas som mapp; använd .xlsx "
                    "eller .yaml",
                    "a folder of CSV files can only be read or written as a folder; use .xlsx "
                    "or .yaml",
                )
            ]
        )
    return form


def read_tables_bytes(
    data: bytes, name: str, form: str | None = None, *, encoding: str | None = None
) -> list[Table]:
    """Read the tables of a workbook or YAML file given as bytes.

    ``name`` is the file's name: errors name it, and without ``form`` its suffix gives the
    form (``.xlsx`` or ``.yaml``/``.yml``). ``encoding`` is the text encoding of YAML.
    """
    if _form_of_name(name, form) == "xlsx":
        return read_xlsx_bytes(data, name)
    return read_yaml_bytes(data, name, encoding=encoding)


def read_workbook_bytes(
    data: bytes, name: str, form: str | None = None, *, encoding: str | None = None
) -> tuple[str, Graph]:
    """The municipality slug and graph of a workbook or YAML file given as bytes.

    Any problem, including a file that is not a workbook or does not parse, is an
    :class:`AuthoringError` naming ``name`` and, where known, the line, sheet, row and column.
    """
    return tables_to_graph(read_tables_bytes(data, name, form, encoding=encoding), name)


def read_tables(path: Path, *, encoding: str | None = None, form: str | None = None) -> list[Table]:
    """Read the tables of a workbook, YAML file or CSV folder."""
    chosen = form_of(path, form)
    if not path.exists():
        raise AuthoringError([Issue(path.name, "filen finns inte", "the file does not exist")])
    if chosen == "csv":
        return read_csv_folder(path if path.is_dir() else path.parent, encoding=encoding)
    return read_tables_bytes(read_bytes(path), path.name, chosen, encoding=encoding)


def read_workbook(
    path: Path, *, encoding: str | None = None, form: str | None = None
) -> tuple[str, Graph]:
    """The municipality slug and graph that a workbook, YAML file or CSV folder describes."""
    return tables_to_graph(read_tables(path, encoding=encoding, form=form), path.name)


def tables_bytes(tables: list[Table], form: str) -> bytes:
    """Tables as the bytes of a workbook (``xlsx``) or YAML file (``yaml``, UTF-8)."""
    if _form_of_name(f"tables.{form}", form) == "xlsx":
        return xlsx_bytes(tables)
    return tables_to_yaml(tables).encode("utf-8")


def write_tables(tables: list[Table], path: Path, form: str | None = None) -> Path:
    """Write tables in the form the path names."""
    chosen = form_of(path, form)
    if chosen == "xlsx":
        return write_xlsx(tables, path)
    if chosen == "yaml":
        return write_yaml(tables, path)
    return write_csv_folder(tables, path)


def template_bytes(form: str = "xlsx") -> bytes:
    """The empty template as a workbook (``xlsx``) or as YAML (``yaml``): every sheet with its
    columns; in YAML each sheet has a commented example row naming its columns."""
    if _form_of_name(f"goalgraph-mall.{form}", form) == "xlsx":
        return xlsx_bytes(template_tables())
    return template_yaml().encode("utf-8")


def write_template(path: Path, form: str | None = None) -> Path:
    """Write the empty template (the committed ``data/templates/goalgraph-mall.xlsx``)."""
    chosen = form_of(path, form)
    if chosen != "yaml":
        return write_tables(template_tables(), path, chosen)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(template_bytes("yaml"))
    tmp.replace(path)
    return path


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


def export_municipality_bytes(store: Store, slug: str, form: str = "xlsx") -> bytes:
    """One municipality of the store as the bytes of a workbook (``xlsx``) or YAML file."""
    return tables_bytes(graph_to_tables(municipality_graph_of(store, slug), slug), form)


class ImportValidationError(GoalgraphError):
    """The imported graph does not conform to the integrity and model shapes."""

    def __init__(self, report: ValidationReport) -> None:
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
    """Store ``graph`` as the municipality's named graph through the validated write
    (:func:`goalgraph.validation.write.commit_municipality`): confined to the municipality and
    validated with the rest of the store; otherwise nothing is stored."""
    triples = ox_triples(graph)
    try:
        result = commit_municipality(store, slug, triples)
    except StoreValidationError as exc:
        raise ImportValidationError(exc.report) from exc
    return ImportResult(slug, result.graph, result.triples, result.warnings)


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
