"""HTML documentation of the ontology, generated from the Turtle with pyLODE."""

from __future__ import annotations

from pathlib import Path

from goalgraph import resources
from goalgraph.errors import GoalgraphError
from goalgraph.files import write_atomically


def write_ontology_docs(output: Path) -> Path:
    """Write the ontology's HTML documentation to ``output`` and return the path."""
    try:
        from pylode import OntPub
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise GoalgraphError("pyLODE is not installed: pip install 'goalgraph[docs]'") from exc
    output.parent.mkdir(parents=True, exist_ok=True)
    html = OntPub(ontology=str(resources.ontology_file())).make_html()
    return write_atomically(output, html.encode("utf-8"))
