"""Fixtures of the authoring tests: Provby, a synthetic municipality with a lifecycle."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from goalgraph.authoring.workbook import read_workbook

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def provby() -> Graph:
    """The synthetic Provby graph (two mandate periods, versions, indicators, results)."""
    slug, graph = read_workbook(FIXTURES / "provby.yaml")
    assert slug == "provby"
    return graph


@pytest.fixture(scope="session")
def fixtures() -> Path:
    """The folder of the authoring test fixtures."""
    return FIXTURES
