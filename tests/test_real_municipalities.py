"""The municipalities written in the YAML form from their public pages: each validates without
violations, its Turtle is what the YAML gives, every statement quotes its source file, its
kommunkod is the reference list's, and it round-trips through the workbook and YAML forms."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, SKOS

from goalgraph import resources, run_query
from goalgraph.authoring.workbook import export_municipality, read_workbook
from goalgraph.namespaces import GG, ID
from goalgraph.reference.municipalities import read_rows
from goalgraph.validation.graph import validate_graph

FOLDER = resources.municipalities_dir()
SOURCES = resources.data_dir() / "sources"
SLUGS = sorted(p.stem for p in FOLDER.glob("*.yaml"))
HEADER_FIELDS = ("URL", "Titel", "Datum", "Hämtning")


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module", params=SLUGS)
def authored(request: pytest.FixtureRequest) -> tuple[str, rdflib.Graph]:
    """A municipality's YAML file read as the import command reads it."""
    slug, graph = read_workbook(FOLDER / f"{request.param}.yaml")
    assert slug == request.param, f"{request.param}.yaml describes {slug!r}"
    return slug, graph


def test_eight_or_more_municipalities_are_written_in_the_yaml_form() -> None:
    assert len(SLUGS) >= 8
    assert not {"nora", "vaggeryd"} & set(SLUGS)
    for slug in SLUGS:
        assert (FOLDER / f"{slug}.ttl").is_file(), f"{slug}.ttl is not generated"
        assert (SOURCES / slug).is_dir(), f"no source folder data/sources/{slug}/"


def test_the_committed_turtle_is_what_the_yaml_gives(authored) -> None:
    slug, graph = authored
    committed = rdflib.Graph().parse(FOLDER / f"{slug}.ttl")
    # as the import command writes it: Turtle writes decimals in its own lexical form (90.0)
    written = rdflib.Graph().parse(data=graph.serialize(format="turtle"), format="turtle")
    assert isomorphic(written, committed), f"regenerate: goalgraph import {slug}.yaml -o {slug}.ttl"


def test_each_validates_without_violations(authored) -> None:
    _, graph = authored
    report = validate_graph(graph, audit=False)
    assert report.conforms, report.to_text("en")


def test_every_source_file_names_its_url_title_date_and_retrieval(authored) -> None:
    slug, _ = authored
    files = sorted((SOURCES / slug).glob("*.txt"))
    assert files
    for path in files:
        head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        for field in HEADER_FIELDS:
            assert re.search(rf"^{field}\b[^:\n]*: \S", head, re.M), f"{path.name}: no {field}"
        assert re.search(r"^URL[^:\n]*: https?://", head, re.M), f"{path.name}: no URL"


def test_every_passage_is_verbatim_in_the_source_file_of_its_document(authored) -> None:
    slug, graph = authored
    citations = list(graph.subjects(RDF.type, GG.Citation))
    assert len(citations) >= 10
    for citation in citations:
        document = graph.value(citation, GG.citedDocument)
        source = graph.value(document, DCTERMS.source)
        assert source is not None, f"{slug}: {document} names no source file"
        assert str(source).startswith(f"{slug}/"), f"{slug}: {source} is not in its folder"
        text = _normalise((SOURCES / str(source)).read_text(encoding="utf-8"))
        passage = graph.value(citation, GG.passage)
        assert passage is not None and _normalise(str(passage)) in text, (slug, str(passage))


def test_every_resource_of_the_municipality_cites_a_source(authored) -> None:
    slug, graph = authored
    municipality = ID[slug]
    nodes = {s for s in graph.subjects(GG.municipality, municipality)} | {municipality}
    missing = sorted(str(n) for n in nodes if graph.value(n, GG.citation) is None)
    assert not missing, f"{slug}: no gg:citation on {missing}"


def test_the_kommunkod_and_name_are_the_reference_lists(authored) -> None:
    slug, graph = authored
    code = str(graph.value(ID[slug], GG.municipalityCode))
    names = {
        row.code: row.name_sv for row in read_rows(resources.data_dir() / "reference/kommuner.csv")
    }
    assert code in names, f"{slug}: kommunkod {code} is not in the reference list"
    label = str(graph.value(ID[slug], SKOS.prefLabel))
    assert label.startswith(names[code]), (slug, label, names[code])


@pytest.mark.parametrize("form", ["xlsx", "yaml"])
def test_each_round_trips_through_the_workbook_and_yaml(
    store, authored, tmp_path: Path, form: str
) -> None:
    slug, graph = authored
    path = export_municipality(store, slug, tmp_path / f"{slug}.{form}")
    read_slug, again = read_workbook(path)
    assert read_slug == slug
    assert isomorphic(again, graph)


def test_the_reference_list_marks_them_as_having_goal_data(store) -> None:
    rows = {
        str(r["code"]): str(r["hasGoalData"]) for r in run_query(store, "reference-municipalities")
    }
    codes = {
        str(rdflib.Graph().parse(FOLDER / f"{slug}.ttl").value(ID[slug], GG.municipalityCode))
        for slug in SLUGS
    }
    assert {rows[c] for c in codes} == {"true"}
    assert sum(1 for v in rows.values() if v == "true") == len(SLUGS) + 2  # with Nora, Vaggeryd
