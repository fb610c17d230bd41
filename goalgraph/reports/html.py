"""A report as HTML (Jinja2) and as PDF (WeasyPrint renders the same HTML)."""

from __future__ import annotations

import base64
from functools import cache
from pathlib import Path

import jinja2
import markupsafe

from goalgraph.diagrams.style import text_colour
from goalgraph.reports.document import Report

TEMPLATES = Path(__file__).resolve().parent.parent / "templates" / "reports"


@cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=jinja2.select_autoescape(["html"], default=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["b64"] = lambda data: base64.b64encode(data).decode("ascii")
    env.filters["text_colour"] = text_colour
    return env


def to_html(report: Report, *, raster: bool = False) -> str:
    """The report as one self-contained HTML page (styles and diagrams inline); ``raster``
    embeds the diagrams as PNG instead of SVG."""
    # the style sheet is goalgraph's own file, not data: it goes in unescaped
    css = markupsafe.Markup((TEMPLATES / "report.css").read_text(encoding="utf-8"))  # noqa: S704
    template = _environment().get_template("report.html")
    return template.render(report=report, css=css, raster=raster)


def to_pdf(report: Report) -> bytes:
    """The report as PDF, laid out by WeasyPrint from :func:`to_html` (nothing is fetched).

    The diagrams go in as PNG: WeasyPrint draws a large SVG far more slowly."""
    import weasyprint
    from weasyprint.urls import URLFetcher

    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    document = weasyprint.HTML(string=to_html(report, raster=True), url_fetcher=fetcher)
    pdf: bytes = document.write_pdf()
    return pdf
