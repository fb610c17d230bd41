"""The template as YAML: the same sheets and columns, written as keys.

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
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from goalgraph.authoring.convert import Row, Table, cell_text
from goalgraph.authoring.errors import AuthoringError, Collector, Issue
from goalgraph.authoring.tabular import decode
from goalgraph.authoring.template import SHEETS_BY_KEY, find_column, find_sheet

__all__ = ["FORMAT", "read_yaml", "tables_to_yaml", "write_yaml"]

#: The value of the top-level ``goalgraph`` key that marks the format.
FORMAT = "mall 1"


def read_yaml(path: Path, *, encoding: str | None = None) -> list[Table]:
    """Read the YAML form into tables; a file that does not parse names its line and column."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise AuthoringError(
            [Issue(path.name, f"kan inte läsas: {exc.strerror}", f"cannot be read: {exc.strerror}")]
        ) from exc
    return parse_yaml(decode(data, path.name, encoding), path.name)


def parse_yaml(text: str, source: str) -> list[Table]:
    """Read YAML text (see :func:`read_yaml`)."""
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
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
                try:
                    cells[header] = _value(loader, cell_value)
                except ValueError:
                    issues.issues.append(
                        Issue(
                            f"{source}:{cell_value.start_mark.line + 1}",
                            "värdet ska vara text, ett tal, ett datum eller en lista av sådana",
                            "the value must be text, a number, a date or a list of those",
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


def _value(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_object(node, deep=True)
    if isinstance(node, yaml.SequenceNode) and all(
        isinstance(n, yaml.ScalarNode) for n in node.value
    ):
        return [loader.construct_object(n, deep=True) for n in node.value]
    raise ValueError("nested structure")


def tables_to_yaml(tables: Sequence[Table]) -> str:
    """The YAML text of tables: sheets with rows, cells with values, lists for several."""
    out: dict[str, Any] = {"goalgraph": FORMAT}
    for table in tables:
        if not table.rows:
            continue
        sheet = SHEETS_BY_KEY[table.sheet.key]
        columns = {c.sv: c for c in sheet.columns}
        entries = []
        for row in table.rows:
            entry: dict[str, Any] = {}
            for header, value in zip(table.headers, row.values, strict=False):
                text = cell_text(value)
                column = columns.get(header)
                if not text or column is None:
                    continue
                if column.kind in ("refs", "terms"):
                    items = [t.strip() for t in text.split(";") if t.strip()]
                    entry[column.key] = items if len(items) > 1 else items[0]
                elif column.kind in ("texts", "strings"):
                    lines = text.split("\n")
                    entry[column.key] = lines if len(lines) > 1 else lines[0]
                elif column.kind == "integer":
                    entry[column.key] = int(text)
                else:
                    entry[column.key] = text
            entries.append(entry)
        out[sheet.key] = entries
    return yaml.safe_dump(out, allow_unicode=True, sort_keys=False, width=100)


def write_yaml(tables: Sequence[Table], path: Path) -> Path:
    """Write tables as YAML (UTF-8), completely or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(tables_to_yaml(tables), encoding="utf-8")
    tmp.replace(path)
    return path
