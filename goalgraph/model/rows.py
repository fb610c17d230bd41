"""Reading the rows of a named query into the model: one shape shared by the readers.

A query answers with one row per resource and each of its values (``?level ?parentLevel``);
the readers group the rows by the resource and take each column's values, sorted, once.

>>> rows = [{"g": "a", "v": "x2"}, {"g": "a", "v": "x10"}, {"g": "b", "v": None}]
>>> {key: values(group, "v") for key, group in group_rows(rows, "g").items()}
{'a': ('x2', 'x10'), 'b': ()}
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

from goalgraph.conventions import natural_key

Row = Mapping[str, object]


def text(value: object) -> str | None:
    """The value as a string, None where it is unbound."""
    return None if value is None else str(value)


def group_rows(rows: Iterable[Row], key: str) -> dict[str, list[dict[str, object]]]:
    """The rows by the value of ``key``, in the order met; rows without it are left out."""
    groups: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        if row.get(key) is not None:
            groups[str(row[key])].append(dict(row))
    return dict(groups)


def values(rows: Iterable[Row], name: str) -> tuple[str, ...]:
    """The distinct values of column ``name``, in natural order."""
    return tuple(sorted({str(r[name]) for r in rows if r.get(name) is not None}, key=natural_key))


def first(rows: Iterable[Row], name: str) -> str | None:
    """The smallest value of column ``name`` (one value read the same on every run)."""
    found = sorted({str(r[name]) for r in rows if r.get(name) is not None})
    return found[0] if found else None
