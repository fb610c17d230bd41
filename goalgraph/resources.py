"""Where goalgraph finds its ontology, shapes, queries and data.

In a source checkout they are the top-level ``ontology/``, ``shapes/`` and ``data/`` folders;
in an installed wheel they are packaged under ``goalgraph/_resources``. ``GOALGRAPH_HOME``
overrides both (a folder with the same three sub-folders).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def home() -> Path:
    """The folder that holds ``ontology/``, ``shapes/`` and ``data/``."""
    override = os.environ.get("GOALGRAPH_HOME")
    candidates = [Path(override)] if override else [_PACKAGE.parent, _PACKAGE / "_resources"]
    for candidate in candidates:
        if (candidate / "ontology" / "goalgraph.ttl").is_file():
            return candidate
    raise FileNotFoundError(
        "goalgraph resources not found (looked for ontology/goalgraph.ttl in "
        + ", ".join(str(c) for c in candidates)
        + ")"
    )


def ontology_file() -> Path:
    """The ontology in Turtle."""
    return home() / "ontology" / "goalgraph.ttl"


def shapes_dir() -> Path:
    """The folder of SHACL shape files."""
    return home() / "shapes"


def data_dir() -> Path:
    """The default data folder (``sdg/`` and ``municipalities/``)."""
    return home() / "data"


def sdg_file() -> Path:
    """The Agenda 2030 reference graph."""
    return data_dir() / "sdg" / "sdg.ttl"


def municipalities_dir() -> Path:
    """The folder with one Turtle file per municipality."""
    return data_dir() / "municipalities"


def queries_dir() -> Path:
    """The folder of named SPARQL queries (``*.rq``)."""
    return _PACKAGE / "sparql" / "queries"


def default_rule_file() -> Path:
    """The roll-up rule that applies where the data names none (YAML)."""
    return _PACKAGE / "lifecycle" / "default-rule.yaml"


def sheet_spec_file() -> Path:
    """The specification of the spreadsheet template (sheets and columns, YAML)."""
    return _PACKAGE / "authoring" / "sheet-spec.yaml"


def view_queries_dir() -> Path:
    """The folder of the page views' SPARQL queries (``*.rq``, with the same header)."""
    return _PACKAGE / "model" / "queries"
