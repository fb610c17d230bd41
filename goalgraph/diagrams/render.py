"""Running Graphviz and writing its output deterministically and atomically.

Graphviz numbers the elements of every SVG alike (``graph0``, ``node1``, ``edge1``,
``clust1``), so two diagrams inlined in one page would repeat ids (invalid HTML; links and
gradients that point to an id find the first). Each SVG's ids, and the references to them,
get a prefix of the graph's name and a digest of its source: the same source gives the same
bytes, two diagrams on a page different ids.

``dot`` is deterministic for the same input, except that cairo stamps PDFs with the time of
rendering (``/CreationDate``; cairo 1.16 ignores ``SOURCE_DATE_EPOCH``). The stamp is replaced
by a fixed one of the same length, so the file's cross-reference offsets stay valid.
"""

from __future__ import annotations

import hashlib
import re
import subprocess

from goalgraph.errors import GoalgraphError

FORMATS: dict[str, str] = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
    "dot": "text/vnd.graphviz",
}
PNG_DPI = "150"
_CREATION_DATE = re.compile(rb"/CreationDate \(D:[0-9]{14}(Z|[+-][0-9]{2}'[0-9]{2}'?)?\)")
_FIXED_DATE = b"D:20000101000000Z"
_GRAPH_NAME = re.compile(r"^\s*(?:strict\s+)?(?:di)?graph\s+\"?([A-Za-z0-9_-]*)", re.M)
_SVG_ID = re.compile(rb'(\sid="|url\(#|href="#)([^")]+)')


def check_format(fmt: str) -> str:
    """``fmt`` if goalgraph can render it, else a :class:`GoalgraphError` listing the formats."""
    if fmt not in FORMATS:
        raise GoalgraphError(f"unknown diagram format {fmt!r}; use one of {', '.join(FORMATS)}")
    return fmt


def render_dot(source: str, fmt: str) -> bytes:
    """Render DOT source with Graphviz ``dot`` to ``fmt`` (svg, png, pdf or dot)."""
    check_format(fmt)
    if fmt == "dot":
        return source.encode("utf-8")
    command = ["dot", f"-T{fmt}"] + ([f"-Gdpi={PNG_DPI}"] if fmt == "png" else [])
    try:
        # a fixed argv (dot and a format checked above); the DOT source goes to stdin
        done = subprocess.run(  # noqa: S603
            command, input=source.encode("utf-8"), capture_output=True, check=False
        )
    except FileNotFoundError as exc:
        raise GoalgraphError(
            "Graphviz is not installed: the 'dot' program was not found (install graphviz)"
        ) from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip()
        raise GoalgraphError(f"Graphviz could not render the diagram: {message}")
    if fmt == "svg":
        return unique_ids(done.stdout, svg_prefix(source))
    return _fix_pdf_date(done.stdout) if fmt == "pdf" else done.stdout


def svg_prefix(source: str) -> str:
    """The id prefix of a diagram's SVG: its graph's name and a digest of its DOT source."""
    found = _GRAPH_NAME.search(source)
    name = re.sub(r"[^A-Za-z0-9_-]", "", found.group(1)) if found else ""
    digest = hashlib.sha256(source.encode("utf-8")).hexdigest()[:8]
    return f"{name or 'diagram'}-{digest}-"


def unique_ids(svg: bytes, prefix: str) -> bytes:
    """``svg`` with ``prefix`` before every id and every reference to one in the document
    (``url(#…)``, ``href="#…"``)."""
    start = svg.find(b"<svg")
    head, body = (svg[:start], svg[start:]) if start >= 0 else (b"", svg)
    marker = prefix.encode("ascii")
    return head + _SVG_ID.sub(lambda m: m.group(1) + marker + m.group(2), body)


def _fix_pdf_date(data: bytes) -> bytes:
    def same_length(match: re.Match[bytes]) -> bytes:
        stamp = match.group(0)
        inner = _FIXED_DATE.ljust(len(stamp) - len(b"/CreationDate ()"), b"Z")
        return b"/CreationDate (" + inner + b")"

    return _CREATION_DATE.sub(same_length, data)
