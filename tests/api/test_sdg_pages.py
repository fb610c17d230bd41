"""The Agenda 2030 pages as a reader meets them: goals and documents counted apart, counts in
the grammar of their number, goal texts in the page's language with goalgraph's own
translation said to be so."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from rdflib import RDFS, Graph, URIRef

from goalgraph import resources

HTML = {"Accept": "text/html"}
PHRASES = {
    "sv": {
        "n_linked_elements": ("kopplat kommunalt mål", "kopplade kommunala mål"),
        "n_linked_documents": ("kopplat dokument", "kopplade dokument"),
    },
    "en": {
        "n_linked_elements": ("linked municipal goal", "linked municipal goals"),
        "n_linked_documents": ("linked document", "linked documents"),
    },
}


def _document_classes() -> set[str]:
    """gg:Document and its subclasses, read from the ontology."""
    graph = Graph().parse(resources.ontology_file())
    document = URIRef("https://w3id.org/goalgraph/ontology#Document")
    return {str(c) for c in graph.transitive_subjects(RDFS.subClassOf, document)}


def test_documents_are_counted_as_documents_not_as_goals(client: TestClient) -> None:
    document_classes = _document_classes()
    goals = client.get("/sdg", params={"format": "json"}).json()
    assert len(goals) == 17
    documents_somewhere = 0
    for goal in goals:
        page = client.get(f"/sdg/{goal['notation']}", params={"format": "json"}).json()
        served = {s["element"]["iri"]: s["element"] for s in page["served_by"]}
        for iri, element in served.items():
            types = {t["iri"] for t in element["types"]}
            assert element["document"] == bool(types & document_classes), iri
        documents = sum(1 for e in served.values() if e["document"])
        assert goal["linked_documents"] == documents, goal["notation"]
        assert goal["linked_elements"] == len(served) - documents, goal["notation"]
        documents_somewhere += documents
    assert documents_somewhere > 0, "data/ links documents to the global goals"


def test_a_goal_linked_through_a_document_lists_it_under_documents(client: TestClient) -> None:
    page = client.get("/sdg/2", params={"lang": "sv"}, headers=HTML).text
    goals = page[page.index('id="served-by"') : page.index('id="served-by-documents"')]
    documents = page[page.index('id="served-by-documents"') :]
    assert "<th>Dokument</th>" in documents and "/id/vaggeryd/" in documents
    assert "/id/vaggeryd/doc-" not in goals


def test_every_count_is_in_the_grammar_of_its_number(client: TestClient) -> None:
    for lang, phrases in PHRASES.items():
        for path in ("/", "/sdg"):
            page = client.get(path, params={"lang": lang}, headers=HTML).text
            seen = 0
            for one, other in phrases.values():
                for number, words in re.findall(rf"(\d+) ({one}|{other})\b(?!\w)", page):
                    assert words == (one if number == "1" else other), (path, number, words)
                    seen += 1
            assert seen >= 17, f"{path} ({lang}) shows a count for each global goal"


def test_a_global_goal_is_described_in_the_pages_language(client: TestClient) -> None:
    sv = client.get("/sdg/11", params={"lang": "sv"}, headers=HTML).text
    assert '<p lang="sv">Göra städer och bosättningar inkluderande' in sv
    note = re.search(r'<p class="muted" id="translation-note">([^<]*)</p>', sv)
    assert note and "goalgraphs egen inofficiella översättning" in note.group(1)
    en = client.get("/sdg/11", params={"lang": "en"}, headers=HTML).text
    assert '<p lang="en">Make cities and human settlements inclusive' in en
    assert 'id="translation-note"' not in en, "the UN's own English text is not a translation"


def test_every_global_goal_has_a_swedish_description(client: TestClient) -> None:
    for n in range(1, 18):
        view = client.get(f"/sdg/{n}", params={"lang": "sv", "format": "json"}).json()
        assert view["definition_lang"] == "sv", n
        assert "goalgraphs egen inofficiella översättning" in view["translation_note"], n


def test_pages_say_which_texts_are_goalgraphs_translation(client: TestClient) -> None:
    for lang, words in (
        ("sv", "goalgraphs egen inofficiella översättning"),
        ("en", "goalgraph's own unofficial translation"),
    ):
        page = client.get("/id/nora", params={"lang": lang}, headers=HTML).text
        note = re.search(r'id="own-translation">([^<]*)<', page)
        assert note and words in note.group(1).replace("&#39;", "'"), lang
