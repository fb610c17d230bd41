"""The ontology: labels and definitions in both languages, and the Python namespace agrees."""

from __future__ import annotations

import pytest
import rdflib
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from goalgraph import resources
from goalgraph.namespaces import GG

ONTOLOGY = rdflib.Graph().parse(resources.ontology_file())
TERMS = sorted(
    {s for s in ONTOLOGY.subjects() if isinstance(s, rdflib.URIRef) and s.startswith(str(GG))}
)
DECLARED = [
    t
    for t in TERMS
    if {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty} & set(ONTOLOGY.objects(t, RDF.type))
]


def _languages(term: rdflib.URIRef, predicate: rdflib.URIRef) -> set[str | None]:
    return {o.language for o in ONTOLOGY.objects(term, predicate) if isinstance(o, rdflib.Literal)}


def test_ontology_declares_the_core_terms() -> None:
    for term in (GG.Goal, GG.Vision, GG.GovernanceModel, GG.GovernanceLevel, GG.Decision):
        assert (term, RDF.type, OWL.Class) in ONTOLOGY
    assert (GG.Board, RDFS.subClassOf, GG.Body) in ONTOLOGY
    assert (GG.Body, RDFS.subClassOf, rdflib.URIRef("http://www.w3.org/ns/org#Organization")) in (
        ONTOLOGY
    )
    assert len(DECLARED) > 80


@pytest.mark.parametrize("term", DECLARED, ids=lambda t: t.split("#")[1])
def test_every_class_and_property_has_labels_and_definitions_in_swedish_and_english(
    term: rdflib.URIRef,
) -> None:
    assert {"sv", "en"} <= _languages(term, RDFS.label), f"{term} lacks an sv/en rdfs:label"
    assert {"sv", "en"} <= _languages(term, SKOS.definition), f"{term} lacks an sv/en definition"


def test_every_concept_has_labels_in_swedish_and_english() -> None:
    concepts = [t for t in TERMS if t not in DECLARED]
    assert concepts, "the ontology defines level kinds, follow-up kinds, rule kinds and bases"
    for term in concepts:
        assert {"sv", "en"} <= _languages(term, SKOS.prefLabel), term


def test_python_namespace_and_ontology_agree() -> None:
    python_terms = {str(GG[name]) for name in GG.__annotations__}
    assert python_terms == {str(t) for t in TERMS}


def test_a_typo_in_a_term_is_an_error() -> None:
    with pytest.raises(AttributeError):
        _ = GG.Goel


def test_ontology_documentation_is_generated_from_the_turtle(tmp_path) -> None:
    from goalgraph.docs import write_ontology_docs

    sv = write_ontology_docs(tmp_path / "sv.html").read_text(encoding="utf-8")
    en = write_ontology_docs(tmp_path / "en.html", "en").read_text(encoding="utf-8")
    # one language per page; the title is the ontology's, not joined with the concept schemes'
    assert "<title>goalgraph – ontologi för kommunal målstyrning</title>" in sv
    assert "<title>goalgraph – ontology for municipal goal governance</title>" in en
    assert "kommunfullmäktige" in sv and "governance model" not in sv
    assert "governance model" in en and "kommunfullmäktige" not in en.lower()
    # a class is named once, in the page's language (not "kommunmunicipality")
    assert "<h3>kommun\n" in sv and "<h3>municipality\n" in en
