"""Dimensions, external frameworks and goal hierarchies as a user meets them: written in the
authoring form (YAML and xlsx, both ways), refused with file, sheet, row and column when
wrong, shown on the page and in the chain diagram, and counted as such in the comparison."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import SKOS

from goalgraph.analysis.compare import compare, compare_all
from goalgraph.analysis.metrics import metrics_of
from goalgraph.analysis.structure import structure_profile
from goalgraph.authoring.errors import AuthoringError
from goalgraph.authoring.table_writer import graph_to_tables
from goalgraph.authoring.workbook import (
    import_workbook,
    read_workbook,
    read_workbook_bytes,
    tables_bytes,
)
from goalgraph.diagrams import diagram_source
from goalgraph.model.reader import read_municipality
from goalgraph.model.views import Views
from goalgraph.namespaces import GG, SDG
from goalgraph.store.load import FRAMEWORK_GRAPH_PREFIX, default_store, load_files
from goalgraph.store.oxigraph import OxigraphStore
from goalgraph.validation.graph import validate_graph

FW = "https://w3id.org/goalgraph/framework/"
PROVBY = "https://w3id.org/goalgraph/id/provby/"

YAML = """goalgraph: mall 1
municipality:
- {id: provby, code: '9901', label_sv: Provby kommun}
model:
- {id: model, label_sv: Styrmodell för Provby}
levels:
- {id: level-kf, label_sv: Fullmäktigemål, rank: 1, member_class: mål, hierarchy: hierarchy-kf}
- {id: level-nm, label_sv: Nämndmål, rank: 2, member_class: mål, parents: level-kf,
   hierarchy: hierarchy-kf}
- {id: level-fokus, label_sv: Fokusområden, rank: 1, member_class: målområde,
   hierarchy: hierarchy-program}
hierarchies:
- {id: hierarchy-kf, label_sv: Fullmäktiges målkedja}
- {id: hierarchy-program, label_sv: Hållbarhetsprogrammet, defined_in: doc-program}
dimensions:
- {id: dim-perspektiv, label_sv: Perspektiv, label_en: Perspectives}
dimension_values:
- {id: dim-medborgare, dimension: dim-perspektiv, label_sv: Medborgare, colour: '#AA3377'}
- {id: dim-ekonomi, dimension: dim-perspektiv, label_sv: Ekonomi}
bodies:
- {id: body-kf, type: kommunfullmäktige, label_sv: Kommunfullmäktige}
goals:
- {id: goal-kf1, type: mål, label_sv: Provby ska vara en trygg plats, level: level-kf,
   owners: body-kf, dimension_values: dim-medborgare}
- {id: goal-kf2, type: mål, label_sv: Provby ska ha en god ekonomi, level: level-kf,
   owners: body-kf, dimension_values: [dim-ekonomi, dim-medborgare]}
- {id: goal-nm1, type: mål, label_sv: Alla elever ska känna sig trygga, level: level-nm,
   supports: goal-kf1, owners: body-kf, dimension_values: dim-medborgare}
- {id: fokus-klimat, type: målområde, label_sv: Klimat och miljö, level: level-fokus}
documents:
- {id: doc-program, type: program, label_sv: Hållbarhetsprogram}
framework_links:
- {subject: model, framework: agenda-2030, link_kind: utgår från, basis: står i källan}
- {subject: goal-kf1, framework: agenda-2030, goal: agenda-2030/11,
   link_kind: är ramverkets mål, basis: kurerad av goalgraph, reason_sv: Samma namn.}
- {subject: goal-kf2, framework: rus-vastmanland, goal: rus-vastmanland/valmaende,
   link_kind: utgår från, basis: står i källan}
"""


def _read(text: str, name: str = "provby.yaml") -> tuple[str, Graph]:
    return read_workbook_bytes(text.encode(), name, "yaml")


def _issues(
    exc: pytest.ExceptionInfo[AuthoringError],
) -> list[tuple[str | None, int | None, str | None]]:
    return [(i.sheet, i.row, i.column) for i in exc.value.issues]


@pytest.fixture(scope="module")
def store() -> OxigraphStore:
    return default_store()


@pytest.fixture(scope="module")
def provby() -> OxigraphStore:
    """The data folder plus Provby, read from the YAML form above."""
    loaded = default_store()
    slug, graph = _read(YAML)
    path = Path(__file__).parent / ".provby-structure.ttl"
    try:
        graph.serialize(path, format="turtle")
        load_files(loaded, [path])
    finally:
        path.unlink(missing_ok=True)
    assert slug == "provby"
    return loaded


# --- the authoring form ----------------------------------------------------------------------


def test_the_form_writes_each_construct_as_the_ontology_says() -> None:
    _, graph = _read(YAML)
    model, goal = URIRef(PROVBY + "model"), URIRef(PROVBY + "goal-kf2")
    assert (model, GG.hasDimension, URIRef(PROVBY + "dim-perspektiv")) in graph
    assert (
        URIRef(PROVBY + "dim-ekonomi"),
        SKOS.inScheme,
        URIRef(PROVBY + "dim-perspektiv"),
    ) in graph
    assert set(graph.objects(goal, GG.dimensionValue)) == {
        URIRef(PROVBY + "dim-ekonomi"),
        URIRef(PROVBY + "dim-medborgare"),
    }
    assert (
        URIRef(PROVBY + "level-fokus"),
        GG.inHierarchy,
        URIRef(PROVBY + "hierarchy-program"),
    ) in graph
    links = {
        (
            s,
            graph.value(o, GG.framework),
            graph.value(o, GG.frameworkGoal),
            graph.value(o, GG.linkKind),
        )
        for s, o in graph.subject_objects(GG.frameworkLink)
    }
    assert links == {
        (model, URIRef(FW + "agenda-2030"), None, GG.DerivesFrom),
        (URIRef(PROVBY + "goal-kf1"), URIRef(FW + "agenda-2030"), SDG["11"], GG.IsFrameworkGoal),
        (
            goal,
            URIRef(FW + "rus-vastmanland"),
            URIRef(FW + "rus-vastmanland/valmaende"),
            GG.DerivesFrom,
        ),
    }
    report = validate_graph(graph)
    assert report.conforms, report.to_text("en")
    assert not [r for r in report.results if r.shape_id.startswith("S")]


@pytest.mark.parametrize("form", ["xlsx", "yaml"])
def test_round_trip_through_xlsx_and_yaml(form: str) -> None:
    slug, graph = _read(YAML)
    data = tables_bytes(graph_to_tables(graph, slug), form)
    again_slug, again = read_workbook_bytes(data, f"provby.{form}", form)
    assert again_slug == slug
    assert isomorphic(graph, again)


def test_the_xlsx_workbook_refuses_an_unknown_framework_with_sheet_row_and_column(
    tmp_path: Path,
) -> None:
    slug, graph = _read(YAML)
    path = tmp_path / "provby.xlsx"
    path.write_bytes(tables_bytes(graph_to_tables(graph, slug), "xlsx"))
    from openpyxl import load_workbook

    book = load_workbook(path)
    sheet = book["Ramverk"]
    header = [c.value for c in sheet[1]]
    sheet.cell(row=2, column=header.index("ramverk") + 1, value="rus-varmland")
    book.save(path)
    with pytest.raises(AuthoringError) as exc:
        read_workbook(path)
    assert _issues(exc) == [("Ramverk", 2, "ramverk")]
    assert "provby.xlsx" in str(exc.value)
    assert "'rus-varmland' is not a known framework (known: agenda-2030, rus-vastmanland)" in str(
        exc.value
    )


@pytest.mark.parametrize(
    ("old", "new", "where", "message"),
    [
        (
            "dimension_values: dim-medborgare}\n- {id: goal-kf2",
            "dimension_values: dim-medarbetare}\n- {id: goal-kf2",
            ("goals", None, "dimension_values"),
            "unknown reference 'dim-medarbetare'",
        ),
        (
            "{id: dim-ekonomi, dimension: dim-perspektiv,",
            "{id: dim-ekonomi, dimension: dim-hallbarhet,",
            ("dimension_values", None, "dimension"),
            "unknown reference 'dim-hallbarhet'",
        ),
        (
            "hierarchy: hierarchy-program}",
            "hierarchy: hierarchy-kvalitet}",
            ("levels", None, "hierarchy"),
            "unknown reference 'hierarchy-kvalitet'",
        ),
        (
            "goal: agenda-2030/11,",
            "goal: agenda-2030/18,",
            ("framework_links", None, "goal"),
            "'agenda-2030/18' is not a goal of the framework agenda-2030",
        ),
        (
            "framework: rus-vastmanland, goal: rus-vastmanland/valmaende",
            "framework: agenda-2030, goal: rus-vastmanland/valmaende",
            ("framework_links", None, "goal"),
            "the goal does not belong to the framework agenda-2030",
        ),
        (
            "link_kind: är ramverkets mål",
            "link_kind: härstammar från",
            ("framework_links", None, "link_kind"),
            "'härstammar från' is none of: utgår från, är ramverkets mål",
        ),
    ],
)
def test_bad_structure_input_names_file_sheet_row_and_column(
    old: str, new: str, where: tuple[str, None, str], message: str
) -> None:
    assert old in YAML
    with pytest.raises(AuthoringError) as exc:
        _read(YAML.replace(old, new), "bad.yaml")
    found = _issues(exc)
    assert [(sheet, column) for sheet, _, column in found] == [(where[0], where[2])], found
    assert found[0][1] is not None  # the row (a YAML line) is named
    text = exc.value.to_text("en")
    assert "bad.yaml" in text and message in text, text


def test_a_refused_import_stores_nothing(tmp_path: Path) -> None:
    loaded = default_store()
    before = {g: loaded.graph_hash(g) for g in loaded.named_graphs()}
    path = tmp_path / "provby.yaml"
    path.write_text(
        YAML.replace(
            "link_kind: utgår från, basis: står i källan}\n- {subject: goal-kf1",
            "link_kind: utgår från, basis: står i källan}\n- {subject: body-kf",
            1,
        ),
        encoding="utf-8",
    )
    with pytest.raises(AuthoringError) as exc:
        import_workbook(loaded, path)
    assert [(s, c) for s, _, c in _issues(exc)] == [("framework_links", "subject")]
    assert {g: loaded.graph_hash(g) for g in loaded.named_graphs()} == before


# --- reading, pages and diagrams --------------------------------------------------------------


def test_frameworks_are_reference_graphs_of_their_own(store: OxigraphStore) -> None:
    graphs = {g for g in store.named_graphs() if g.startswith(FRAMEWORK_GRAPH_PREFIX)}
    assert graphs == {
        FRAMEWORK_GRAPH_PREFIX + "agenda-2030",
        FRAMEWORK_GRAPH_PREFIX + "rus-vastmanland",
    }
    rows = store.select(
        "SELECT ?g WHERE { ?g <https://w3id.org/goalgraph/ontology#inFramework> ?f }",
    )
    assert len(list(rows)) == 17 + 3


def test_each_hierarchy_has_its_own_levels_and_depth(provby: OxigraphStore) -> None:
    model = read_municipality(provby, "provby")
    profile = structure_profile(model)
    assert [(h.label, h.levels, h.elements, h.depth) for h in profile.hierarchies] == [
        ("Fullmäktiges målkedja", 2, 3, 1),
        ("Hållbarhetsprogrammet", 1, 1, 0),
    ]
    # the dimension adds no level and no depth
    without = dataclasses.replace(
        model, structure=dataclasses.replace(model.structure, dimensions=()), _index={}
    )
    assert metrics_of(without).depth == metrics_of(model).depth
    assert len(model.levels) == 3
    (dimension,) = profile.dimensions
    assert dimension.values == (("Ekonomi", 1), ("Medborgare", 3))
    assert dimension.without_value == 0


def test_the_page_groups_goals_by_dimension_value(provby: OxigraphStore) -> None:
    view = Views(provby).municipality("provby", "sv")["structure"]
    (dimension,) = view["dimensions"]
    groups = {
        v["label"]: sorted(e["iri"].rsplit("/", 1)[-1] for e in v["elements"])
        for v in dimension["values"]
    }
    assert groups == {"Ekonomi": ["goal-kf2"], "Medborgare": ["goal-kf1", "goal-kf2", "goal-nm1"]}
    frameworks = {
        f["label"]: [(k["source"]["iri"].rsplit("/", 1)[-1], k["notation"]) for k in f["links"]]
        for f in view["frameworks"]
    }
    assert frameworks == {
        "Agenda 2030": [("goal-kf1", "11"), ("model", None)],
        "Västmanlands regionala utvecklingsstrategi 2030": [("goal-kf2", "valmaende")],
    }
    assert [h["label"] for h in view["hierarchies"]] == [
        "Fullmäktiges målkedja",
        "Hållbarhetsprogrammet",
    ]


def test_the_chain_diagram_draws_dimension_bands_in_the_values_colour(
    provby: OxigraphStore,
) -> None:
    source = str(diagram_source(provby, "chain", "provby"))
    assert source.count('COLOR="#AA3377"><B>Perspektiv: Medborgare') == 2
    # a value without a colour of its own takes the palette's colour for its place
    assert 'COLOR="#0072B2"><B>Perspektiv: Ekonomi,' in source
    assert "Utgår från: Ett välmående" in source


# --- the real municipalities and the comparison ----------------------------------------------


def test_umea_groups_its_council_goals_by_dimension_not_by_level(store: OxigraphStore) -> None:
    umea = read_municipality(store, "umea")
    (dimension,) = umea.structure.dimensions
    counts = {v.label: [e.rsplit("/", 1)[-1] for e in v.elements] for v in dimension.values}
    assert counts == {
        "Finansiella mål": ["goal-mal-8"],
        "Inriktningsmål": ["goal-mal-1", "goal-mal-2", "goal-mal-3", "goal-mal-4"],
        "Personalpolitiska mål": ["goal-mal-5", "goal-mal-6", "goal-mal-7"],
    }
    assert "Inriktningsmål" not in {level.label for level in umea.levels}


def test_a_goal_that_is_an_sdg_by_name_counts_as_covering_it(store: OxigraphStore) -> None:
    result = compare(store, ["kungsor", "stenungsund"])
    row = next(r for r in result.sdg if r.goal.notation == "3")
    assert row.goals == (1, 1)
    kungsor = next(p for p in result.structure if p.slug == "kungsor")
    assert [
        (f.label, f.goals_that_are, f.goals_deriving, f.framework_goals) for f in kungsor.frameworks
    ] == [
        ("Agenda 2030", 5, 0, ("3", "4", "8", "11", "12")),
        ("Västmanlands regionala utvecklingsstrategi 2030", 0, 5, ()),
    ]
    # the goals are SDG goals by name through framework links, no longer curated SDG links
    graph = Graph().parse(Path(__file__).parents[1] / "data/municipalities/kungsor.ttl")
    assert not list(graph.subject_objects(GG.sdgContribution))


def test_nordanstig_derives_from_agenda_2030_as_a_whole(store: OxigraphStore) -> None:
    result = compare_all(store)
    nordanstig = next(p for p in result.structure if p.slug == "nordanstig")
    (agenda,) = nordanstig.frameworks
    assert (agenda.goals_deriving, agenda.goals_that_are, agenda.framework_goals) == (3, 0, ())
    assert agenda.as_whole == ("styrmodellen",)
    (dimension,) = nordanstig.dimensions
    assert [v for v, _ in dimension.values] == [
        "Ekologisk hållbarhet",
        "Ekonomisk hållbarhet",
        "Social hållbarhet",
    ]
    assert dimension.without_value == 3  # the source does not say which goal is in which
    data = result.to_json()["structure"]
    assert data["umea"]["dimensions"][0]["values"] == [
        ["Finansiella mål", 1],
        ["Inriktningsmål", 4],
        ["Personalpolitiska mål", 3],
    ]
    assert "Dimensioner tvärs över nivåerna" in result.to_markdown()


def test_labels_follow_the_language_switch(store: OxigraphStore) -> None:
    from goalgraph.model.structure import read_structure

    kungsor = read_structure(store, "kungsor", "en")
    labels = {k.goal_notation: k.goal_label for k in kungsor.framework_links if k.goal}
    assert labels["8"] == "Decent work and economic growth"
    assert read_structure(store, "kungsor", "sv").framework_links[0].goal_label == (
        "Anständiga arbetsvillkor och ekonomisk tillväxt"
    )
    umea = read_structure(store, "umea", "en")
    assert [v.label for v in umea.dimensions[0].values] == [
        "Direction goals",
        "Financial goals",
        "Personnel-policy goals",
    ]
