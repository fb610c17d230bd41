"""The template written as YAML: a municipality's tables, or the empty template with each
column's help as comments (:mod:`goalgraph.authoring.yaml_io` reads them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from goalgraph.authoring.cells import Table, cell_text
from goalgraph.authoring.tabular import kind_help
from goalgraph.authoring.template import SHEETS, SHEETS_BY_KEY, Column, vocabularies
from goalgraph.authoring.yaml_io import FORMAT


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


_YAML_INTRO = (
    "goalgraph – mall för kommunens målstyrning (YAML)",
    "goalgraph – template for a municipality's goal governance (YAML)",
    "",
    "Ett blad per slag av uppgift, en lista av rader under bladets nyckel. Id:n är stabila:",
    "ändra dem inte, så uppdaterar en ny import det som finns. Hänvisa till andra rader med",
    "deras id; flera värden skrivs som en lista, [a, b]. Datum skrivs ÅÅÅÅ-MM-DD, ÅÅÅÅ-MM",
    "eller ÅÅÅÅ. Ta bort # framför en rads nycklar och fyll i värdena; tomma nycklar kan",
    "tas bort.",
    "",
    "One sheet per kind of information, a list of rows under the sheet's key. Ids are",
    "stable: keep them, so that a new import updates what exists. Refer to other rows by",
    "their id; write several values as a list, [a, b]. Dates are written YYYY-MM-DD,",
    "YYYY-MM or YYYY. Remove the # before a row's keys and fill in the values; empty keys",
    "may be left out.",
)


#: At most this many terms of a vocabulary are listed in a column's comment.
_TERMS_SHOWN = 12


def _yaml_help(column: Column, lang: str) -> list[str]:
    """What a column holds, for its comment in the YAML template: its help and its form."""
    sv = lang == "sv"
    own = column.help_sv if sv else column.help_en
    targets = ", ".join(column.targets) or "…"
    form = ""
    if column.kind in ("term", "terms") and column.vocabulary:
        terms = [t.sv if sv else t.en or t.sv for t in vocabularies()[column.vocabulary]]
        shown = ", ".join(terms[:_TERMS_SHOWN]) + (", …" if len(terms) > _TERMS_SHOWN else "")
        if column.kind == "terms":
            form = ("Värden (en lista) ur: " if sv else "Values (a list) from: ") + shown
        else:
            form = ("Ett av: " if sv else "One of: ") + shown
    elif column.kind == "refs":
        form = (
            f"Id:n för rader under {targets} (en lista)."
            if sv
            else f"Ids of rows under {targets} (a list)."
        )
    elif column.kind == "ref":
        form = f"Id för en rad under {targets}." if sv else f"Id of a row under {targets}."
    elif column.kind in ("texts", "strings"):
        form = "En lista, ett värde per post." if sv else "A list, one value per item."
    elif column.kind == "string" and column.pattern and re.fullmatch(column.pattern, "0000"):
        form = (
            'Inom citattecken, t.ex. "0665", så att det läses som text.'
            if sv
            else 'In quotes, e.g. "0665", so that it is read as text.'
        )
    elif not own:
        form = kind_help(column, lang)
    return [t for t in (own, form) if t]


def template_yaml() -> str:
    """The empty template as YAML: every sheet with its columns as a commented example row.

    The sheets are empty (the file reads as a template without rows); removing the ``#`` of
    an example row's keys gives a row to fill in.
    """
    lines = [f"goalgraph: {FORMAT}", ""]
    lines += [f"# {line}".rstrip() for line in _YAML_INTRO]
    for sheet in SHEETS:
        lines += ["", f"# {sheet.sv} / {sheet.en}"]
        if sheet.help_sv or sheet.help_en:
            lines += [f"# {sheet.help_sv}", f"# {sheet.help_en}"]
        lines.append(f"{sheet.key}:")
        width = max(len(c.key) for c in sheet.columns) + 2
        for position, column in enumerate(sheet.columns):
            lead = "- " if position == 0 else "  "
            required = " (obligatorisk / required)" if column.required else ""
            lines.append(
                f"  # {lead}{column.key + ':':<{width}} # {column.sv} / {column.en}{required}"
            )
            pad = " " * (width + 1)
            for text in dict.fromkeys(_yaml_help(column, "sv") + _yaml_help(column, "en")):
                lines.append(f"  #   {pad}#   {text}")
    return "\n".join(lines) + "\n"


__all__ = ["tables_to_yaml", "template_yaml", "write_yaml"]
