"""Loading RDF: what is stored, and the errors users get for bad input."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from goalgraph import InputError, OxigraphStore, load_files
from goalgraph.namespaces import GRAPH
from goalgraph.store.load import SDG_GRAPH, load_data, parse_bytes, parse_file

GOOD = """@prefix gg: <https://w3id.org/goalgraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
<https://w3id.org/goalgraph/id/test/goal-1> a gg:Goal ; skos:prefLabel "Ett mål"@sv .
"""


def test_data_folder_loads_one_named_graph_per_municipality(store) -> None:
    graphs = store.named_graphs()
    assert str(GRAPH["nora"]) in graphs and str(GRAPH["vaggeryd"]) in graphs
    assert SDG_GRAPH in graphs
    count = store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g = ?graph) }",
        {"graph": GRAPH["nora"]},
    )
    assert int(count.rows[0]["n"]) > 100


@pytest.mark.parametrize(
    ("suffix", "content"),
    [
        (".ttl", GOOD),
        (".nt", '<http://e/a> <http://e/b> "c" .\n'),
        (".jsonld", '{"@id": "http://e/a", "http://e/b": "c"}'),
    ],
)
def test_turtle_json_ld_and_n_triples_load(tmp_path: Path, suffix: str, content: str) -> None:
    path = tmp_path / f"test{suffix}"
    path.write_text(content, encoding="utf-8")
    store = OxigraphStore()
    summary = load_files(store, [path])
    assert summary.graphs[str(GRAPH["test"])] >= 1


def test_malformed_turtle_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "broken.ttl"
    path.write_text(GOOD + "<http://e/a> <http://e/b> \n <http://e/c> <http://e/d> .\n")
    with pytest.raises(InputError) as err:
        parse_file(path)
    assert err.value.source == str(path)
    assert err.value.line == 5
    assert str(err.value).startswith(f"{path}:5:")
    assert "dot is expected" in str(err.value)


def test_a_file_that_is_not_rdf_is_refused_by_name(tmp_path: Path) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("just some notes")
    with pytest.raises(InputError, match=r"notes\.txt: not an RDF file"):
        parse_file(text)
    binary = tmp_path / "picture.ttl"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe")
    with pytest.raises(InputError, match=r"picture\.ttl:1: not UTF-8"):
        parse_file(binary)
    prose = tmp_path / "prose.ttl"
    prose.write_text("Nora kommun ska vara öppen och kommunikativ.")
    with pytest.raises(InputError, match=r"prose\.ttl:1:1"):
        parse_file(prose)


def test_json_ld_remote_context_is_never_fetched() -> None:
    body = b'{"@context": "http://127.0.0.1:9/context.jsonld", "@id": "http://e/a"}'
    with pytest.raises(InputError, match="remote context"):
        parse_bytes(body, ox.RdfFormat.JSON_LD, source="upload.jsonld")


def test_a_broken_file_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    store = OxigraphStore()
    good = tmp_path / "kommun.ttl"
    good.write_text(GOOD)
    load_files(store, [good])
    before = store.dump(None, "application/n-quads")
    broken = tmp_path / "kommun2.ttl"
    broken.write_text("@prefix gg: <https://w3id.org/goalgraph/ontology#> .\ngg:x gg:y")
    good.write_text(GOOD.replace("Ett mål", "Ändrat mål"))
    with pytest.raises(InputError):
        load_files(store, [good, broken])
    assert store.dump(None, "application/n-quads") == before


def test_a_data_folder_with_a_broken_municipality_stores_nothing(tmp_path: Path) -> None:
    (tmp_path / "sdg").mkdir()
    (tmp_path / "sdg" / "sdg.ttl").write_text(GOOD)
    (tmp_path / "municipalities").mkdir()
    (tmp_path / "municipalities" / "ok.ttl").write_text(GOOD)
    (tmp_path / "municipalities" / "bad.ttl").write_text("not turtle at all")
    store = OxigraphStore()
    with pytest.raises(InputError, match=r"bad\.ttl:1"):
        load_data(store, tmp_path)
    assert store.named_graphs() == []


def _data_folder(root: Path, files: dict[str, str]) -> Path:
    (root / "sdg").mkdir(parents=True)
    (root / "sdg" / "sdg.ttl").write_text(GOOD, encoding="utf-8")
    (root / "municipalities").mkdir()
    for name, text in files.items():
        (root / "municipalities" / name).write_text(text, encoding="utf-8")
    return root


RDF_XML = """<?xml version="1.0" encoding="utf-8"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"
         xmlns:skos="http://www.w3.org/2004/02/skos/core#">
  <rdf:Description rdf:about="https://w3id.org/goalgraph/id/xml/goal-1">
    <skos:prefLabel xml:lang="sv">Ett mål i RDF/XML</skos:prefLabel>
  </rdf:Description>
</rdf:RDF>
"""
BLANK = GOOD + '<https://w3id.org/goalgraph/id/test/goal-1> gg:note _:n .\n_:n gg:text "{}" .\n'


@pytest.mark.filterwarnings("ignore:ConjunctiveGraph is deprecated:DeprecationWarning")
@pytest.mark.parametrize("kind", ["memory", "disk"])
def test_a_data_folder_in_every_format_loads_as_each_file_reads(tmp_path: Path, kind: str) -> None:
    files = {
        "a-turtle.ttl": BLANK.format("a"),
        "b-turtle.ttl": BLANK.format("b"),  # the same blank node label, another document
        "c-ntriples.nt": '<https://w3id.org/goalgraph/id/nt/x> <http://e/p> "c" .\n',
        "d-json.jsonld": '{"@id": "https://w3id.org/goalgraph/id/json/x", "http://e/p": "d"}',
        "e-xml.rdf": RDF_XML,
    }
    folder = _data_folder(tmp_path / "data", files)
    store = OxigraphStore(tmp_path / "store" if kind == "disk" else None)
    summary = load_data(store, folder)
    assert summary.municipalities == [Path(n).stem for n in files]
    for name in files:
        path = folder / "municipalities" / name
        graph = str(GRAPH[path.stem])
        expected = Graph().parse(path)
        stored = Graph().parse(data=store.dump(graph, "application/n-triples"), format="nt")
        assert isomorphic(stored, expected), name
        assert summary.graphs[graph] == len(expected)
    notes = store.select(
        "SELECT DISTINCT ?n WHERE { ?g <https://w3id.org/goalgraph/ontology#note> ?n }"
    )
    assert len(notes) == 2  # blank nodes belong to their file


def test_the_first_broken_file_of_a_data_folder_is_the_one_named(tmp_path: Path) -> None:
    files = {f"k{i:02d}.ttl": GOOD for i in range(12)}
    files["k05.ttl"] = GOOD + "<https://w3id.org/goalgraph/id/test/x> gg:p\n"
    files["k09.ttl"] = "not turtle at all"
    folder = _data_folder(tmp_path / "data", files)
    store = OxigraphStore(tmp_path / "store")
    with pytest.raises(InputError, match=r"k05\.ttl:5"):
        load_data(store, folder)
    (folder / "municipalities" / "k05.ttl").write_text(
        "@prefix gg: <https://w3id.org/goalgraph/ontology#> .\n", encoding="utf-8"
    )
    with pytest.raises(InputError, match=r"k05\.ttl: holds no RDF triples"):
        load_data(store, folder)
    assert store.named_graphs() == []
