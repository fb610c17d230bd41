"""Authoring without Turtle: the spreadsheet and YAML template, import and export.

- :mod:`goalgraph.authoring.template`: the sheets and columns, as data;
- :mod:`goalgraph.authoring.convert`: tables ↔ RDF, every error with sheet, row and column;
- :mod:`goalgraph.authoring.tabular`: Excel workbooks and CSV folders;
- :mod:`goalgraph.authoring.yaml_io`: the YAML form;
- :mod:`goalgraph.authoring.workbook`: import into a store (validated, all or nothing) and
  export from it;
- :mod:`goalgraph.authoring.cli`: the command-line subcommands.
"""
