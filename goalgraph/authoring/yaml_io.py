"""The template as YAML, read: the same sheets and columns, written as keys (written by
:mod:`goalgraph.authoring.yaml_write`).

::

    goalgraph: mall 1
    municipality:
      - id: nora
        code: "1884"
        label_sv: Nora kommun
    goals:
      - id: goal-kf1
        type: mål
        level: level-fullmaktigemal
        supports: [goal-overarching, goal-hallbarhet]

Sheet and column keys may also be written with their Swedish or English names. Lists take
several values. Errors name the file and line, the sheet, the entry (row) and the key.

One thing over 400 lines: the YAML form, read (with line numbers for every problem) and
written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from goalgraph.authoring.cells import Row, Table
from goalgraph.authoring.errors import AuthoringError, Collector, Issue
from goalgraph.authoring.tabular import decode, read_bytes
from goalgraph.authoring.template import find_column, find_sheet

#: The value of the top-level ``goalgraph`` key that marks the format.
FORMAT = "mall 1"


#: The most cells and list items a file may hold once its aliases (``*name``) are expanded.
MAX_VALUES = 1_000_000


_CORE = "tag:yaml.org,2002:"


#: The tags a value may have (implicit or written), and what a value of each must be.
_SCALAR_TAGS: dict[str, tuple[str, str]] = {
    _CORE + "str": ("ingen text", "not text"),
    _CORE + "null": ("inte tomt", "not empty"),
    _CORE + "int": ("inget heltal", "not a whole number"),
    _CORE + "float": ("inget tal", "not a number"),
    _CORE + "bool": ("varken true eller false", "neither true nor false"),
    _CORE + "timestamp": ("inget giltigt datum (ÅÅÅÅ-MM-DD)", "not a valid date (YYYY-MM-DD)"),
}


def read_yaml(path: Path, *, encoding: str | None = None) -> list[Table]:
    """Read the YAML form into tables; a file that does not parse names its line and column."""
    return read_yaml_bytes(read_bytes(path), path.name, encoding=encoding)


def read_yaml_bytes(data: bytes, source: str, *, encoding: str | None = None) -> list[Table]:
    """Read the YAML form from bytes (UTF-8, UTF-16 with BOM, or ``encoding``)."""
    return parse_yaml(decode(data, source, encoding), source)


class _BadValueError(Exception):
    """A value that cannot be read, with the node it is at."""

    def __init__(self, node: yaml.Node, sv: str, en: str) -> None:
        super().__init__(en)
        self.node = node
        self.sv = sv
        self.en = en


def _tag(tag: str) -> str:
    """A tag as it is written: ``!!timestamp``, ``!local``."""
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


def _at(source: str, node: yaml.Node) -> str:
    return f"{source}:{node.start_mark.line + 1}:{node.start_mark.column + 1}"


def parse_yaml(text: str, source: str) -> list[Table]:
    """Read YAML text (see :func:`read_yaml`); ``source`` names the file in errors.

    Whatever the text holds, the result is tables or an :class:`AuthoringError` naming the
    line (and the sheet, row and column where the problem is in a value).
    """
    try:
        loader = yaml.SafeLoader(text)
    except yaml.reader.ReaderError as exc:
        # The loader checks the whole text when it is created: NUL and other characters that
        # YAML does not allow.
        raise _reader_error(text, source, exc) from exc
    try:
        root = loader.get_single_node()
    except yaml.reader.ReaderError as exc:
        raise _reader_error(text, source, exc) from exc
    except RecursionError as exc:
        raise AuthoringError(
            [
                Issue(
                    source,
                    "YAML-filen kan inte tolkas: den är för djupt nästlad",
                    "the YAML file does not parse: it is nested too deeply",
                )
            ]
        ) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"{source}:{mark.line + 1}:{mark.column + 1}" if mark else source
        problem = exc.problem or exc.context or "syntax error"
        raise AuthoringError(
            [
                Issue(
                    where,
                    f"YAML-filen kan inte tolkas: {problem}",
                    f"the YAML file does not parse: {problem}",
                    row=mark.line + 1 if mark else None,
                )
            ]
        ) from exc
    except yaml.YAMLError as exc:
        raise AuthoringError(
            [
                Issue(
                    source,
                    f"YAML-filen kan inte tolkas: {exc}",
                    f"the YAML file does not parse: {exc}",
                )
            ]
        ) from exc
    finally:
        loader.dispose()
    issues = Collector(source)
    budget = [MAX_VALUES]
    if not isinstance(root, yaml.MappingNode):
        line = root.start_mark.line + 1 if root is not None else 1
        raise AuthoringError(
            [
                Issue(
                    f"{source}:{line}",
                    "filen ska vara en mappning från blad (t.ex. goals) till listor av rader",
                    "the file must map sheets (e.g. goals) to lists of rows",
                )
            ]
        )
    tables: list[Table] = []
    for key_node, value_node in _pairs(root, issues, source, None):
        name = str(key_node.value)
        if name == "goalgraph":
            continue
        sheet = find_sheet(name)
        at = f"{source}:{key_node.start_mark.line + 1}"
        if sheet is None:
            issues.issues.append(Issue(at, "okänt blad", "unknown sheet", sheet=name))
            continue
        entries = value_node.value if isinstance(value_node, yaml.SequenceNode) else None
        if isinstance(value_node, yaml.MappingNode) and sheet.single:
            entries = [value_node]
        if entries is None:
            if isinstance(value_node, yaml.ScalarNode) and value_node.value in ("", "~", "null"):
                entries = []
            else:
                issues.issues.append(
                    Issue(
                        at,
                        "bladet ska vara en lista av rader",
                        "the sheet must be a list of rows",
                        sheet=name,
                    )
                )
                continue
        headers: list[str] = []
        rows: list[tuple[int, dict[str, Any], str]] = []
        for number, entry in enumerate(entries, start=1):
            cells_here = len(entry.value) if isinstance(entry, yaml.MappingNode) else 0
            _spend(budget, 1 + cells_here, source)
            where = f"{source}:{entry.start_mark.line + 1}"
            if not isinstance(entry, yaml.MappingNode):
                issues.issues.append(
                    Issue(
                        where,
                        "raden ska vara en mappning från kolumn till värde",
                        "the row must map columns to values",
                        sheet=name,
                        row=number,
                    )
                )
                continue
            cells: dict[str, Any] = {}
            for cell_key, cell_value in _pairs(entry, issues, source, name, number):
                column_name = str(cell_key.value)
                column = find_column(sheet, column_name)
                header = column.key if column is not None else column_name
                if header not in headers:
                    headers.append(header)
                if isinstance(cell_value, yaml.SequenceNode):
                    _spend(budget, len(cell_value.value), source)
                try:
                    cells[header] = _value(loader, cell_value)
                except _BadValueError as exc:
                    issues.issues.append(
                        Issue(
                            _at(source, exc.node),
                            exc.sv,
                            exc.en,
                            sheet=name,
                            row=number,
                            column=column_name,
                        )
                    )
            rows.append((number, cells, where))
        table_rows = [Row(n, [c.get(h) for h in headers], w) for n, c, w in rows]
        tables.append(Table(sheet, name, headers, table_rows, source, header_row=None))
    issues.raise_if_any()
    return tables


def _pairs(
    node: yaml.MappingNode,
    issues: Collector,
    source: str,
    sheet: str | None,
    row: int | None = None,
) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
    seen: dict[str, int] = {}
    out: list[tuple[yaml.ScalarNode, yaml.Node]] = []
    for key, value in node.value:
        line = key.start_mark.line + 1
        if not isinstance(key, yaml.ScalarNode):
            issues.issues.append(
                Issue(
                    f"{source}:{line}",
                    "nyckeln ska vara text",
                    "the key must be text",
                    sheet=sheet,
                    row=row,
                )
            )
            continue
        if key.value in seen:
            issues.issues.append(
                Issue(
                    f"{source}:{line}",
                    f"nyckeln {key.value!r} finns redan på rad {seen[key.value]}",
                    f"the key {key.value!r} is already on line {seen[key.value]}",
                    sheet=sheet,
                    row=row,
                    column=key.value if row is not None else None,
                )
            )
            continue
        seen[key.value] = line
        out.append((key, value))
    return out


def _reader_error(text: str, source: str, exc: yaml.reader.ReaderError) -> AuthoringError:
    """A character that YAML does not allow, with its line and column."""
    position = max(0, min(exc.position, len(text)))
    line = text.count("\n", 0, position) + 1
    column = position - text.rfind("\n", 0, position)
    code = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
    return AuthoringError(
        [
            Issue(
                f"{source}:{line}:{column}",
                f"YAML-filen kan inte tolkas: tecknet {code} är inte tillåtet; filen ska vara text",
                f"the YAML file does not parse: the character {code} is not allowed; the file "
                "must be text",
                row=line,
            )
        ]
    )


def _spend(budget: list[int], count: int, source: str) -> None:
    """Count values read; a file whose aliases expand beyond :data:`MAX_VALUES` is refused."""
    budget[0] -= count
    if budget[0] < 0:
        raise AuthoringError(
            [
                Issue(
                    source,
                    f"YAML-filen har fler än {MAX_VALUES} värden när dess alias (*namn) "
                    "har expanderats",
                    f"the YAML file holds more than {MAX_VALUES} values once its aliases "
                    "(*name) are expanded",
                )
            ]
        )


def _value(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """A cell's value: a scalar or a list of scalars; anything else is a :class:`_BadValueError`."""
    if isinstance(node, yaml.ScalarNode):
        return _scalar(loader, node)
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _CORE + "seq":
            raise _unknown_tag(node)
        if all(isinstance(n, yaml.ScalarNode) for n in node.value):
            return [_scalar(loader, n) for n in node.value]
    raise _BadValueError(
        node,
        "värdet ska vara text, ett tal, ett datum eller en lista av sådana",
        "the value must be text, a number, a date or a list of those",
    )


def _unknown_tag(node: yaml.Node) -> _BadValueError:
    return _BadValueError(
        node,
        f"okänd eller otillåten YAML-tagg {_tag(node.tag)}: ett värde är text, ett tal, ett "
        "datum eller en lista av sådana",
        f"unknown or unsupported YAML tag {_tag(node.tag)}: a value is text, a number, a date "
        "or a list of those",
    )


def _scalar(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Any:
    """A scalar constructed by PyYAML's safe constructors, or a :class:`_BadValueError`."""
    what = _SCALAR_TAGS.get(node.tag)
    if what is None:
        raise _unknown_tag(node)
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
        # The safe constructors fail in these ways on a value that does not fit its tag, e.g.
        # "!!timestamp 2020-99-99" (ValueError), "!!timestamp x" (AttributeError) or
        # "!!bool x" (KeyError); an implicit date like 2020-02-31 is a ValueError.
        raise _BadValueError(
            node,
            f"{node.value!r} är {what[0]} (YAML-typen {_tag(node.tag)})",
            f"{node.value!r} is {what[1]} (the YAML type {_tag(node.tag)})",
        ) from exc


__all__ = ["FORMAT", "MAX_VALUES", "parse_yaml", "read_yaml", "read_yaml_bytes"]
