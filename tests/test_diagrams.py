"""Diagrams: the SVGs are parsed and checked for the nodes, edges, labels and links people see."""

from __future__ import annotations

import itertools
import re
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pyoxigraph as ox
import pytest

from goalgraph import resources as _resources
from goalgraph.diagrams import render_diagram, write_diagram
from goalgraph.errors import GoalgraphError, NotFoundError
from goalgraph.namespaces import GRAPH
from goalgraph.resources import municipalities_dir
from goalgraph.store.load import default_store, load_files, parse_file
from goalgraph.store.load import municipality_files as _municipality_files
from goalgraph.store.oxigraph import OxigraphStore

#: The municipalities of data/, as an unknown municipality's message names them.
KNOWN = ", ".join(p.stem for p in _municipality_files(_resources.data_dir()))

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}href"


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return default_store()


@dataclass
class Node:
    name: str
    classes: set[str]
    texts: list[str]
    href: str | None
    links: list[str]
    fills: list[str]
    x: float
    y: float

    @property
    def text(self) -> str:
        return " ".join(self.texts)


@dataclass
class Edge:
    tail: str
    head: str
    classes: set[str]
    label: str
    style: str


@dataclass
class Diagram:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)

    def node_with(self, text: str) -> Node:
        found = [n for n in self.nodes.values() if text in n.text]
        assert len(found) == 1, f"{len(found)} nodes show {text!r}"
        return found[0]

    def of_class(self, cls: str) -> list[Node]:
        return [n for n in self.nodes.values() if cls in n.classes]

    def edges_of(self, cls: str) -> list[Edge]:
        return [e for e in self.edges if cls in e.classes]


def parse(svg: bytes) -> Diagram:
    """The visible nodes and edges of a Graphviz SVG, with their texts, links and positions."""
    root = ET.fromstring(svg)
    diagram = Diagram()
    for group in root.iter(f"{SVG}g"):
        classes = set((group.get("class") or "").split())
        title = group.findtext(f"{SVG}title") or ""
        texts = [t.text or "" for t in group.iter(f"{SVG}text")]
        if "node" in classes:
            anchors = [a.get(XLINK) for a in group.iter(f"{SVG}a")]
            first = next(group.iter(f"{SVG}text"), None)
            diagram.nodes[title] = Node(
                name=title,
                classes=classes,
                texts=texts,
                href=anchors[0] if anchors else None,
                links=[a for a in anchors if a],
                fills=[(p.get("fill") or "").lower() for p in group.iter() if p.get("fill")],
                x=float(first.get("x", 0)) if first is not None else 0.0,
                y=float(first.get("y", 0)) if first is not None else 0.0,
            )
        elif "edge" in classes and (path := next(group.iter(f"{SVG}path"), None)) is not None:
            tail, head = title.split("->")
            diagram.edges.append(
                Edge(tail, head, classes, " ".join(texts), path.get("stroke-dasharray") or "")
            )
    return diagram


def test_nora_chain_draws_every_council_goal_supporting_every_goal_above_once(store):
    diagram = parse(render_diagram(store, "chain", "nora"))
    council = [n for n in diagram.of_class("goal") if re.search(r"KF-mål \d+", n.text)]
    assert len(council) == 11
    supports = {(e.tail, e.head) for e in diagram.edges_of("supports")}
    # the 11 x 4 links of the council goals are one bundled edge per pair of levels
    bundled = {(e.tail, e.head, e.label) for e in diagram.edges_of("bundled")}
    assert {(t, h) for t, h, _ in bundled} == {
        ("id/nora/level-fullmaktigemal", "id/nora/level-overgripande-mal"),
        ("id/nora/level-fullmaktigemal", "id/nora/level-delmal"),
    }
    assert all("alla stödjer alla" in label for _, _, label in bundled)
    assert not any(goal.name == tail for goal in council for tail, _ in supports)
    overarching = diagram.node_with("13 000 invånare 2030")
    for sub_goal in ("Hållbarhet", "Attraktivitet", "Livskvalitet"):
        assert (diagram.node_with(sub_goal).name, overarching.name) in supports
    assert (overarching.name, diagram.node_with("Drömmen om livet").name) in supports


def test_chain_shows_levels_as_ranks_in_the_municipalitys_own_names_from_the_top(store):
    diagram = parse(render_diagram(store, "chain", "nora"))
    headers = sorted(diagram.of_class("level"), key=lambda n: n.x)
    assert [h.texts[0] for h in headers] == [
        "Vision",
        "Övergripande mål",
        "Delmål i det",  # "Delmål i det övergripande målet", wrapped
        "Fullmäktigemål",
        "Nämndernas och",
        "Verksamheternas",
        "Agenda 2030:",
    ]
    # each level's elements stand in its column, under its header
    council = diagram.node_with("KF-mål 7")
    header = next(h for h in headers if h.texts[0] == "Fullmäktigemål")
    assert abs(council.x - header.x) < 60 and council.y > header.y
    # levels without goals in the data are drawn, empty
    assert len(diagram.of_class("empty-level")) == 2


def test_chain_wraps_labels_and_shows_owners_and_identifiers(store):
    diagram = parse(render_diagram(store, "chain", "vaggeryd"))
    goal = diagram.node_with("KF-mål 2")
    assert goal.texts[0] == "KF-mål 2 · Ägare: KF"
    assert goal.texts[1:3] == ["Sysselsättning, näringsliv", "och utbildning"]
    assert all(len(line) <= 28 for n in diagram.of_class("element") for line in n.texts[1:])


def test_chain_shows_the_sdg_targets_and_goals_in_the_official_colours(store):
    diagram = parse(render_diagram(store, "chain", "vaggeryd"))
    goal = diagram.node_with("KF-mål 2")
    assert [t for t in goal.texts if re.fullmatch(r"\d+\.\w+", t)] == ["4.1", "4.4", "8.2", "8.5"]
    assert "#c5192d" in goal.fills and "#a21942" in goal.fills  # SDG 4 red, SDG 8 burgundy
    sdg_goals = {n.text: n for n in diagram.of_class("sdg-goal")}
    assert sorted(sdg_goals, key=lambda t: int(t.split()[0])) == [
        "3 Hälsa och välbefinnande",
        "4 God utbildning för alla",
        "8 Anständiga arbetsvillkor och ekonomisk tillväxt",
        "10 Minskad ojämlikhet",
        "11 Hållbara städer och samhällen",
        "16 Fredliga och inkluderande samhällen",
    ]
    assert "#fd9d24" in sdg_goals["11 Hållbara städer och samhällen"].fills
    assert "#00689d" in sdg_goals["16 Fredliga och inkluderande samhällen"].fills
    # KF-mål 1, 3 and 4 serve SDG 11; the links are goalgraph's curation, so dashed
    eleven = sdg_goals["11 Hållbara städer och samhällen"].name
    links = [e for e in diagram.edges_of("sdg-link") if e.tail == eleven]
    assert len(links) == 3 and all(e.style for e in links)


def test_chain_shows_the_documents_that_support_goals(store):
    diagram = parse(render_diagram(store, "chain", "vaggeryd"))
    programme = diagram.node_with("Strategiskt")
    assert "document" in programme.classes
    supported = {e.head for e in diagram.edges_of("supports-goal") if e.tail == programme.name}
    assert supported == {diagram.node_with(f"KF-mål {n}").name for n in range(1, 5)}


def test_every_node_links_to_its_page_in_the_api(store):
    diagram = parse(render_diagram(store, "chain", "nora", link_base="http://api.test"))
    goal = diagram.node_with("KF-mål 1 ·")
    assert goal.href == "http://api.test/id/nora/goal-kf1"
    assert "http://api.test/sdg/16.6" in goal.links
    assert diagram.node_with("16 Fredliga").href == "http://api.test/sdg/16"
    for node in diagram.nodes.values():
        assert node.href and node.href.startswith("http://api.test/"), node.name
    relative = parse(render_diagram(store, "chain", "nora"))
    assert relative.node_with("KF-mål 1 ·").href == "/id/nora/goal-kf1"


def test_goal_diagram_shows_the_chain_up_from_the_goal_and_its_sdg_goals(store):
    diagram = parse(render_diagram(store, "goal", "nora:goal-kf2"))
    focus = diagram.of_class("focus")
    assert [n.text for n in focus] == [diagram.node_with("KF-mål 2").text]
    assert "KF-mål 1" not in " ".join(n.text for n in diagram.nodes.values())
    elements = {
        n.texts[-1] if "KF" not in n.text else "KF-mål 2" for n in diagram.of_class("element")
    }
    assert {"Hållbarhet", "Attraktivitet", "Livskvalitet", "KF-mål 2"} <= elements
    assert diagram.node_with("13 000 invånare 2030")
    assert sorted(n.text for n in diagram.of_class("sdg-goal")) == [
        "11 Hållbara städer och samhällen",
        "13 Bekämpa klimatförändringarna",
        "9 Hållbar industri, innovationer och infrastruktur",
    ]
    full_iri = parse(render_diagram(store, "goal", "https://w3id.org/goalgraph/id/nora/goal-kf2"))
    assert set(full_iri.nodes) == set(diagram.nodes)


def test_vaggeryd_timeline_has_its_dated_steps_in_order(store):
    diagram = parse(render_diagram(store, "process", "vaggeryd"))
    expected = [
        "1. 28 aug 2019",
        "2. 19 sep 2019",
        "3. 8 okt 2019",
        "4. 16 okt 2019",
        "5. 6 nov 2019",
        "6. 25 nov 2019",
        "7. december 2019",
    ]
    steps = [diagram.node_with(heading) for heading in expected]
    assert [s.texts[0] for s in steps] == expected
    assert [s.y for s in steps] == sorted(s.y for s in steps)
    following = {(e.tail, e.head) for e in diagram.edges_of("next")}
    for earlier, later in itertools.pairwise(steps):
        assert (earlier.name, later.name) in following
    assert "KSAU" in steps[0].texts and "KF" in steps[5].texts
    assert "Glokala Sverige \u2013 kapitel" in steps[2].text
    # document 2 at KSAU 16 October, or else 4 December
    assert diagram.node_with("16 okt 2019 (alternativt 4").text.startswith("1. 16 okt 2019")


def test_nora_process_feeds_back_to_the_council_at_interim_report_and_annual_accounts(store):
    diagram = parse(render_diagram(store, "process", "nora"))
    council = [n for n in diagram.of_class("body") if n.texts[0] == "KF"]
    assert len(council) == 1
    feedback = {e.label: e.tail for e in diagram.edges_of("feedback") if e.head == council[0].name}
    assert set(feedback) == {"delårsrapport", "årsbokslut"}
    assert "vid delår" in diagram.nodes[feedback["delårsrapport"]].text
    assert "årsbokslut" in diagram.nodes[feedback["årsbokslut"]].text
    first = diagram.node_with("beslutar mål som")
    assert (council[0].name, first.name) in {(e.tail, e.head) for e in diagram.edges_of("performs")}


def test_process_diagram_of_one_process(store):
    diagram = parse(render_diagram(store, "process", "vaggeryd:process-hpu-2019"))
    assert len(diagram.of_class("step")) == 1
    with pytest.raises(NotFoundError, match="no process"):
        render_diagram(store, "process", "vaggeryd:process-none")


def test_comparison_diagram_shows_the_sdg_goals_the_municipalities_share(store):
    diagram = parse(render_diagram(store, "comparison", ["vaggeryd", "nora"]))
    shared = sorted(int(n.text.split()[0]) for n in diagram.of_class("shared"))
    assert shared == [3, 4, 8, 11, 16]
    served = {int(n.text.split()[0]) for n in diagram.of_class("sdg-goal")}
    assert served == {1, 3, 4, 8, 9, 10, 11, 13, 16, 17}
    vaggeryd = diagram.node_with("Vaggeryds kommun")
    nora = diagram.node_with("Nora kommun")
    eleven = diagram.node_with("11 Hållbara").name
    labels = {(e.tail, e.head): e.label for e in diagram.edges_of("serves")}
    assert labels[(vaggeryd.name, eleven)] == "3 mål"
    assert labels[(eleven, nora.name)] == "4 mål"


def test_english_labels_with_swedish_where_the_data_has_no_english(store):
    english = parse(render_diagram(store, "chain", "nora", lang="en"))
    assert english.node_with("Council goals")
    goal = english.node_with("KF-mål 1 ·")
    assert goal.texts[:2] == ["KF-mål 1 · Owner: KF", "Responsible, productive"]
    swedish_only = default_store()
    triples = [
        t
        for t in parse_file(municipalities_dir() / "vaggeryd.ttl")
        if not (isinstance(t.object, ox.Literal) and t.object.language == "en")
    ]
    swedish_only.replace_graph(str(GRAPH["vaggeryd"]), triples)
    fallback = parse(render_diagram(swedish_only, "chain", "vaggeryd", lang="en"))
    goal = fallback.node_with("KF-mål 2")
    assert goal.texts[:2] == ["KF-mål 2 · Owner: KF", "Sysselsättning, näringsliv"]
    assert fallback.node_with("Nämndmål")
    assert fallback.node_with("4 Quality education")


@pytest.mark.parametrize("fmt", ["svg", "png", "pdf", "dot"])
def test_output_is_deterministic(store, fmt):
    first = render_diagram(store, "chain", "nora", fmt)
    if fmt == "pdf":
        time.sleep(1.1)  # cairo stamps PDFs to the second
    assert render_diagram(default_store(), "chain", "nora", fmt) == first
    magic = {"svg": b"<?xml", "png": b"\x89PNG", "pdf": b"%PDF", "dot": b"digraph"}[fmt]
    assert first.startswith(magic)


def test_write_diagram_writes_the_file_and_nothing_else(store, tmp_path):
    out = write_diagram(store, "chain", "vaggeryd", "svg", output=tmp_path / "vaggeryd.svg")
    assert out.read_bytes() == render_diagram(store, "chain", "vaggeryd", "svg")
    assert [p.name for p in tmp_path.iterdir()] == ["vaggeryd.svg"]


@pytest.mark.parametrize(
    ("kind", "target", "fmt", "error", "message"),
    [
        (
            "chain",
            "oslo",
            "svg",
            NotFoundError,
            f"unknown municipality 'oslo'; known: {KNOWN}",
        ),
        ("goal", "nora:goal-kf99", "svg", NotFoundError, "unknown goal 'nora:goal-kf99'"),
        ("goal", "http://example.org/x", "svg", NotFoundError, "not a goalgraph goal"),
        ("tree", "nora", "svg", GoalgraphError, "unknown diagram kind 'tree'"),
        ("chain", "nora", "gif", GoalgraphError, "unknown diagram format 'gif'"),
        ("comparison", ["nora"], "svg", GoalgraphError, "two or more municipalities"),
        ("chain", ["nora", "vaggeryd"], "svg", GoalgraphError, "one target, not 2"),
    ],
)
def test_bad_requests_are_clear_errors_and_leave_no_file(
    store, tmp_path, kind, target, fmt, error, message
):
    output = tmp_path / "out.svg"
    with pytest.raises(error, match=re.escape(message)):
        write_diagram(store, kind, target, fmt, output=output)
    assert list(tmp_path.iterdir()) == []


def test_unwritable_path_is_an_error_naming_it_and_leaves_the_old_file(store, tmp_path):
    missing = tmp_path / "no" / "such" / "folder" / "x.svg"
    with pytest.raises(GoalgraphError, match=re.escape(str(missing))):
        write_diagram(store, "chain", "nora", output=missing)
    existing = tmp_path / "kept.svg"
    existing.write_bytes(b"old")
    with pytest.raises(GoalgraphError):
        write_diagram(store, "chain", "nora", "gif", output=existing)
    assert existing.read_bytes() == b"old"
    with pytest.raises(GoalgraphError, match="it is a folder"):
        write_diagram(store, "chain", "nora", output=tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.svg"]


def test_a4_size_and_explicit_layout_attributes(store):
    source = render_diagram(store, "chain", "nora", "dot").decode()
    assert 'size="11.3,7.9"' in source and "rankdir=RL" in source
    process = render_diagram(store, "process", "vaggeryd", "dot").decode()
    assert 'size="7.9,11.3"' in process
    # an SVG is for a screen: drawn at its own size (the page scrolls), its text never shrunk
    svg = render_diagram(store, "chain", "nora")
    assert b"scale(1 1)" in svg or b"scale(1.0 1.0)" in svg
    assert b'size="11.3,7.9"' not in svg


HOSTILE = r"""
@prefix gg: <https://w3id.org/goalgraph/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix id: <https://w3id.org/goalgraph/id/> .
@prefix x: <https://w3id.org/goalgraph/id/hostile/> .
id:hostile a gg:Municipality ; gg:municipalityCode "9999" ; skos:prefLabel "Ö & <b>kommun</b>"@sv .
x:model a gg:GovernanceModel ; gg:modelOf id:hostile ; gg:hasLevel x:level-top , x:level-goals .
x:level-top a gg:GovernanceLevel ; skos:prefLabel "Topp <i>"@sv ; gg:rank 1 .
x:level-goals a gg:GovernanceLevel ; skos:prefLabel "Mål \"citat\" 'enkla'"@sv ; gg:rank 2 ;
    gg:parentLevel x:level-top .
x:vision a gg:Vision ; gg:municipality id:hostile ; gg:atLevel x:level-top ;
    skos:prefLabel "<script>alert(1)</script> & vision"@sv .
x:goal-1 a gg:Goal ; gg:municipality id:hostile ; gg:atLevel x:level-goals ;
    skos:prefLabel "Mål med ]]> och \\ och {klamrar} | pipor"@sv ; gg:supports x:vision .
"""


def test_label_text_is_escaped_not_read_as_markup(tmp_path):
    path = tmp_path / "hostile.ttl"
    path.write_text(HOSTILE, encoding="utf-8")
    store = default_store()
    load_files(store, [path])
    svg = render_diagram(store, "chain", "hostile")
    diagram = parse(svg)
    assert diagram.node_with("<script>alert(1)</script> & vision")
    assert diagram.node_with("Mål med ]]> och")
    assert diagram.node_with("Topp <i>")
    assert b"<script" not in svg and b"<b>" not in svg
    assert render_diagram(store, "chain", "hostile", "png").startswith(b"\x89PNG")
