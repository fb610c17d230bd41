"""MkDocs hook: the ontology's page, generated from the Turtle with pyLODE at build time."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

from goalgraph.docs import write_ontology_docs

_SCRATCH = tempfile.TemporaryDirectory(prefix="goalgraph-ontology-")


def on_files(files: Files, config: Any) -> Files:
    """Add ``ontology.html`` (pyLODE's page of ontology/goalgraph.ttl) to the site's files."""
    page = write_ontology_docs(Path(_SCRATCH.name) / "ontology.html", "en")  # the site is English
    files.append(File.generated(config, "ontology.html", abs_src_path=str(page)))
    return files
