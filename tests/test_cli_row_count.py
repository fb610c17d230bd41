"""The command line's row count speaks the chosen language and agrees with its number."""

from __future__ import annotations

import pytest

from goalgraph.cli import main

ONE = "SELECT ?m WHERE { ?m a <https://w3id.org/goalgraph/ontology#Municipality> } LIMIT 1"


def _last_line(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    assert main(list(argv)) == 0
    return capsys.readouterr().out.splitlines()[-1]


@pytest.mark.parametrize(("lang", "words"), [("sv", "(5 rader)"), ("en", "(5 rows)")])
def test_a_named_query_counts_its_rows_in_the_chosen_language(capsys, lang, words) -> None:
    argv = ("query", "chain-up", "-p", "goal=nora:goal-kf5", "--lang", lang)
    assert _last_line(capsys, *argv) == words


@pytest.mark.parametrize(("lang", "words"), [("sv", "(1 rad)"), ("en", "(1 row)")])
def test_one_row_is_counted_in_the_singular(capsys, lang, words) -> None:
    assert _last_line(capsys, "sparql", ONE, "--lang", lang) == words
