"""The documentation: the ontology's HTML page (pyLODE) and the documentation site (MkDocs)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from rdflib import RDF, SKOS, Graph, Literal

from goalgraph import resources
from goalgraph.conventions import check_lang
from goalgraph.errors import GoalgraphError
from goalgraph.files import write_atomically


def write_ontology_docs(output: Path, lang: str = "sv") -> Path:
    """Write the ontology's HTML documentation in ``lang`` (``sv`` or ``en``) to ``output``
    and return the path."""
    check_lang(lang)
    try:
        from pylode import OntPub
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise GoalgraphError("pyLODE is not installed: run scripts/setup.sh") from exc
    output.parent.mkdir(parents=True, exist_ok=True)
    html = OntPub(ontology=ontology_for_page(lang)).make_html()
    return write_atomically(output, html.encode("utf-8"))


def ontology_for_page(lang: str) -> Graph:
    """The ontology as pyLODE should show it: texts in ``lang`` only (untagged ones kept), and
    the concept schemes as plain resources, so that the page's title is the ontology's alone
    (pyLODE joins the titles of every ontology and concept scheme it finds)."""
    graph = Graph()
    graph.parse(resources.ontology_file(), format="turtle")
    for s, p, o in list(graph):
        if isinstance(o, Literal) and o.language and o.language != lang:
            graph.remove((s, p, o))
    graph.remove((None, RDF.type, SKOS.ConceptScheme))
    return graph


def site_config() -> Path:
    """The site's ``mkdocs.yml``: the documentation is built from a source checkout."""
    config = resources.home() / "mkdocs.yml"
    if not config.is_file():
        raise GoalgraphError(
            "the documentation site is built from a source checkout of goalgraph "
            f"(no mkdocs.yml in {config.parent})"
        )
    return config


def build_site(output: Path, *, strict: bool = True, config: Path | None = None) -> Path:
    """Build the documentation site into ``output`` (strict: any warning is an error).

    ``config`` is the ``mkdocs.yml`` to build (default: the checkout's, :func:`site_config`).
    """
    config = config or site_config()
    try:
        import mkdocs  # noqa: F401  (only to say clearly when the docs extra is missing)
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise GoalgraphError("MkDocs is not installed: pip install 'goalgraph[docs]'") from exc
    # not --quiet: it hides the warnings that --strict counts
    command = [sys.executable, "-m", "mkdocs", "build", "--clean"]
    command += ["--config-file", str(config), "--site-dir", str(output.resolve())]
    if strict:
        command.append("--strict")
    # our own interpreter and MkDocs with a fixed argv, no shell; the checkout is the working
    # folder because the site's snippets name files relative to it
    done = subprocess.run(  # noqa: S603
        command,
        cwd=config.parent,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},  # a theme's notice, not a warning
    )
    if done.returncode != 0:
        lines = done.stderr.splitlines()
        problems = [line for line in lines if line.startswith(("WARNING", "ERROR"))]
        raise GoalgraphError(
            "the documentation site did not build:\n" + "\n".join(problems or [done.stderr.strip()])
        )
    return output
