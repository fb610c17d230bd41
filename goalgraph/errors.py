"""Errors that goalgraph reports to its users.

Each names the problem and where it is (file and line, or node), so the CLI and the API can
show it as it is, without a traceback.
"""

from __future__ import annotations


class GoalgraphError(Exception):
    """Base class of the errors goalgraph reports to users."""


class InputError(GoalgraphError):
    """Input that cannot be read as RDF: names the file and, where known, line and column."""

    def __init__(
        self, message: str, *, source: str, line: int | None = None, column: int | None = None
    ) -> None:
        self.source = source
        self.line = line
        self.column = column
        self.detail = message
        where = source if line is None else f"{source}:{line}" + (f":{column}" if column else "")
        super().__init__(f"{where}: {message}")


class NotFoundError(GoalgraphError):
    """A municipality, goal, body, query or other resource that does not exist."""


class UnknownPeriodError(NotFoundError):
    """A period asked for (``--period``, ``?period=``) that the municipality does not have.

    ``known`` holds the municipality's periods as (local id, years or label) pairs and
    ``municipality`` its name, so that a page can say it in words.
    """

    def __init__(
        self,
        asked: str,
        slug: str,
        known: tuple[tuple[str, str], ...] = (),
        municipality: str | None = None,
    ) -> None:
        self.asked = asked
        self.slug = slug
        self.known = known
        self.municipality = municipality or slug
        names = ", ".join(local for local, _ in known) or "none / inga"
        super().__init__(f"unknown period {asked!r} of {slug}; known: {names}")


class QueryError(GoalgraphError):
    """A SPARQL query that is malformed, not allowed, or that failed."""
