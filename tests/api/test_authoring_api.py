"""Authoring through the API: template, sheet export and validated import, period diff,
indicator status, SDG suggestions and draft extraction."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from api_helpers import AUTH
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from rdflib.compare import isomorphic

from api.settings import Settings
from goalgraph import resources
from goalgraph.authoring.workbook import import_graph, municipality_graph_of, read_workbook
from goalgraph.store.oxigraph import OxigraphStore

XLSX = {"Content-Type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
YAML = {"Content-Type": "application/yaml"}
NORA = "https://w3id.org/goalgraph/graph/nora"
PROVBY = Path(__file__).resolve().parents[1] / "authoring" / "fixtures" / "provby.yaml"
SOURCES = resources.data_dir() / "sources"


def _dump(store: OxigraphStore, graph: str = NORA) -> bytes:
    return store.dump(graph, "application/n-triples")


def _edit(workbook: bytes, sheet: str, row_id: str, column: str, value: str) -> tuple[bytes, int]:
    """The workbook with one cell changed, and the row number of that cell."""
    book = load_workbook(io.BytesIO(workbook))
    ws = book[sheet]
    headers = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == row_id:
            row[headers.index(column)].value = value
            number = row[0].row
            break
    else:
        raise AssertionError(f"no row {row_id} on {sheet}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue(), number


@pytest.fixture
def provby_client(fresh_store: OxigraphStore, make_client: Callable[..., TestClient]) -> TestClient:
    """A client over a store that also holds the synthetic municipality Provby."""
    slug, graph = read_workbook(PROVBY)
    import_graph(fresh_store, slug, graph)
    return make_client()


# -- template and sheets ---------------------------------------------------------------------


def test_template_is_the_workbook_with_every_sheet(client: TestClient) -> None:
    response = client.get("/template")
    assert response.status_code == 200
    assert response.headers["content-type"] == XLSX["Content-Type"]
    assert 'filename="goalgraph-mall.xlsx"' in response.headers["content-disposition"]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert {"Läs mig", "Listor", "Kommun", "Mål", "Indikatorer"} <= set(book.sheetnames)
    yaml_form = client.get("/template?form=yaml")
    assert yaml_form.headers["content-type"].startswith("application/yaml")
    assert yaml_form.text.startswith("goalgraph: mall 1")
    # Every sheet with its columns, as a commented example row (it used to be the header only).
    assert "\ngoals:\n  # - id:" in yaml_form.text and "\nindicators:\n" in yaml_form.text


def test_export_nora_and_reimport_it_with_the_token_leaves_the_store_identical(
    writer: TestClient, fresh_store: OxigraphStore
) -> None:
    before = municipality_graph_of(fresh_store, "nora")
    sheet = writer.get("/graph/nora/sheet")
    assert sheet.status_code == 200 and sheet.headers["content-type"] == XLSX["Content-Type"]
    assert 'filename="nora.xlsx"' in sheet.headers["content-disposition"]
    response = writer.put("/graph/nora/sheet", content=sheet.content, headers={**AUTH, **XLSX})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["slug"] == "nora" and not body["created"] and body["triples"] == len(before)
    assert "ersattes med" in body["message"]
    assert isomorphic(municipality_graph_of(fresh_store, "nora"), before)


def test_a_yaml_sheet_imports_as_a_form_upload(
    writer: TestClient, fresh_store: OxigraphStore
) -> None:
    before = municipality_graph_of(fresh_store, "vaggeryd")
    sheet = writer.get("/graph/vaggeryd/sheet?form=yaml")
    assert sheet.headers["content-type"].startswith("application/yaml")
    response = writer.put(
        "/graph/vaggeryd/sheet?lang=en",
        files={"file": ("vaggeryd.yaml", sheet.content, "application/octet-stream")},
        headers=AUTH,
    )
    assert response.status_code == 200, response.text
    assert "from vaggeryd.yaml" in response.json()["message"]
    assert isomorphic(municipality_graph_of(fresh_store, "vaggeryd"), before)


def test_an_import_is_visible_at_once(writer: TestClient) -> None:
    assert "hushålla" not in writer.get("/id/nora/goal-kf1").text  # now in the cache
    sheet = writer.get("/graph/nora/sheet").content
    edited, _ = _edit(sheet, "Mål", "goal-kf1", "namn", "Nora kommun ska hushålla väl")
    response = writer.put("/graph/nora/sheet", content=edited, headers={**AUTH, **XLSX})
    assert response.status_code == 200, response.text
    assert writer.get("/id/nora/goal-kf1").json()["label"] == "Nora kommun ska hushålla väl"


def test_an_import_without_the_token_is_refused(
    make_client: Callable[..., TestClient], fresh_store: OxigraphStore
) -> None:
    before = _dump(fresh_store)
    writer = make_client()
    sheet = writer.get("/graph/nora/sheet").content
    assert writer.put("/graph/nora/sheet", content=sheet, headers=XLSX).status_code == 401
    wrong = {"Authorization": "Bearer nope", **XLSX}
    assert writer.put("/graph/nora/sheet", content=sheet, headers=wrong).status_code == 401
    closed = make_client(Settings(write_token=None, warm_up=False))
    response = closed.put("/graph/nora/sheet", content=sheet, headers={**AUTH, **XLSX})
    assert response.status_code == 403
    assert _dump(fresh_store) == before


def test_a_sheet_with_an_unknown_reference_is_422_naming_sheet_row_and_column(
    writer: TestClient, fresh_store: OxigraphStore
) -> None:
    before = _dump(fresh_store)
    sheet = writer.get("/graph/nora/sheet").content
    edited, row = _edit(sheet, "Mål", "goal-kf1", "nivå", "level-x")
    response = writer.put("/graph/nora/sheet", content=edited, headers={**AUTH, **XLSX})
    assert response.status_code == 422
    body = response.json()
    assert body["error"] == "invalid-content" and "inget har importerats" in body["message"]
    [issue] = body["issues"]
    assert (issue["source"], issue["sheet"], issue["row"], issue["column"]) == (
        "nora.xlsx",
        "Mål",
        row,
        "nivå",
    )
    assert issue["message"].startswith("okänd hänvisning 'level-x'")
    assert issue["message_en"].startswith("unknown reference 'level-x'")
    assert issue["location"] == f'nora.xlsx, blad "Mål", rad {row}, kolumn "nivå"'
    english = writer.put("/graph/nora/sheet?lang=en", content=edited, headers={**AUTH, **XLSX})
    assert f'sheet "Mål", row {row}, column "nivå"' in english.json()["issues"][0]["location"]
    assert _dump(fresh_store) == before


def test_a_sheet_that_fails_validation_is_422_with_the_report(
    writer: TestClient, fresh_store: OxigraphStore
) -> None:
    before = _dump(fresh_store)
    sheet = writer.get("/graph/nora/sheet?form=yaml").text
    broken = sheet.replace("rank: 4", "rank: 3", 1)  # two levels of one rank
    response = writer.put("/graph/nora/sheet", content=broken.encode(), headers={**AUTH, **YAML})
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "validation-failed" and not body["report"]["conforms"]
    assert any(r["shape_id"] == "M04" for r in body["report"]["results"])
    assert _dump(fresh_store) == before


@pytest.mark.parametrize(
    ("content", "headers", "status", "error"),
    [
        (b"PK\x03\x04 not a workbook", XLSX, 422, "invalid-content"),
        (b"municipality:\n  - id: !!python/name:os.system x\n", YAML, 422, "invalid-content"),
        (b"goals:\n  - id: g\n    date: !!timestamp 2020-99-99\n", YAML, 422, "invalid-content"),
        (b"\xff\xfe\x00", YAML, 422, "invalid-content"),
        (b"municipality:\n  - id: nora\x00\n", YAML, 422, "invalid-content"),
        (b"[" * 5000, YAML, 422, "invalid-content"),
        (b"municipality:\n  - id: vaggeryd\n", YAML, 422, "invalid-content"),
        (b"@prefix : <x> .", {"Content-Type": "text/turtle"}, 415, "unsupported-media-type"),
    ],
)
def test_bad_sheets_are_a_clear_4xx_and_change_nothing(
    writer: TestClient,
    fresh_store: OxigraphStore,
    content: bytes,
    headers: dict[str, str],
    status: int,
    error: str,
) -> None:
    before = _dump(fresh_store)
    response = writer.put("/graph/nora/sheet", content=content, headers={**AUTH, **headers})
    assert response.status_code == status, response.text
    assert response.json()["error"] == error
    assert _dump(fresh_store) == before


@pytest.mark.parametrize(
    ("content", "source", "message"),
    [
        (b"goals:\n  - id: !foo g\n", "nora.yaml:2:9", "unknown or unsupported YAML tag !foo"),
        (
            b"goals:\n  - id: g\n    date: !!timestamp 2020-99-99\n",
            "nora.yaml:3:11",
            "'2020-99-99' is not a valid date",
        ),
        (b"goals:\n  - id: g\x00\n", "nora.yaml:2:10", "the character U+0000 is not allowed"),
        (b"\xff\xfeg\x00o\x00\n\x00:", "nora.yaml:2", "not valid UTF-16"),
    ],
)
def test_a_bad_yaml_sheet_names_the_file_and_line(
    writer: TestClient, content: bytes, source: str, message: str
) -> None:
    response = writer.put("/graph/nora/sheet?lang=en", content=content, headers={**AUTH, **YAML})
    assert response.status_code == 422, response.text
    [issue] = response.json()["issues"]
    assert issue["source"] == source and message in issue["message"]


def test_a_workbook_with_broken_xml_is_422_naming_the_sheet(
    writer: TestClient, fresh_store: OxigraphStore
) -> None:
    before = _dump(fresh_store)
    sheet = writer.get("/graph/nora/sheet").content
    part = f"xl/worksheets/sheet{load_workbook(io.BytesIO(sheet)).sheetnames.index('Mål') + 1}.xml"
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(sheet)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            target.writestr(info, data[: len(data) // 2] if info.filename == part else data)
    response = writer.put(
        "/graph/nora/sheet?lang=en", content=out.getvalue(), headers={**AUTH, **XLSX}
    )
    assert response.status_code == 422, response.text
    [issue] = response.json()["issues"]
    assert (issue["source"], issue["sheet"]) == ("nora.xlsx", "Mål")
    assert "the workbook contains broken XML" in issue["message"]
    assert _dump(fresh_store) == before


def test_a_workbook_upload_need_not_be_named_xlsx(writer: TestClient) -> None:
    sheet = writer.get("/graph/nora/sheet").content
    response = writer.put(
        "/graph/nora/sheet?lang=en",
        files={"file": ("nora-export", sheet, XLSX["Content-Type"])},
        headers=AUTH,
    )
    assert response.status_code == 200, response.text
    assert "from nora-export" in response.json()["message"]


def test_a_sheet_for_another_municipality_or_a_reference_graph_is_refused(
    writer: TestClient, fresh_store: OxigraphStore
) -> None:
    before = _dump(fresh_store)
    sheet = writer.get("/graph/vaggeryd/sheet").content
    response = writer.put("/graph/nora/sheet?lang=en", content=sheet, headers={**AUTH, **XLSX})
    assert response.status_code == 422
    assert "describes 'vaggeryd', not 'nora'" in response.json()["issues"][0]["message"]
    reference = writer.put("/graph/sdg/sheet", content=sheet, headers={**AUTH, **XLSX})
    assert reference.status_code == 403
    assert _dump(fresh_store) == before


def test_unknown_municipality_sheet_is_404(client: TestClient) -> None:
    assert client.get("/graph/atlantis/sheet").status_code == 404
    assert client.get("/graph/nora/sheet?form=csv").status_code == 422


# -- mandate periods and indicators on the synthetic Provby ----------------------------------


def test_diff_between_two_mandate_periods(provby_client: TestClient) -> None:
    url = "/id/provby/diff?old=2019-2022&new=2023-2026"
    body = provby_client.get(url).json()
    assert body["counts"] == {
        "added": 1,
        "removed": 1,
        "replaced": 1,
        "changed": 3,
        "unchanged": 2,
    }
    assert body["old_period"]["iri"].endswith("/provby/period-2019-2022")
    text = provby_client.get(url + "&format=text&lang=en")
    assert text.headers["content-type"].startswith("text/plain")
    assert "added: 1, removed: 1, replaced: 1, new version: 3, unchanged: 2" in text.text
    by_id = provby_client.get("/id/provby/diff?old=period-2019-2022&new=period-2023-2026")
    assert by_id.json()["counts"] == body["counts"]


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/id/provby/diff?old=2019-2022&new=2031-2034", 422),
        ("/id/provby/diff?old=2019-2022", 422),
        ("/id/atlantis/diff?old=a&new=b", 404),
        ("/id/provby/diff?old=2019-2022&new=2023-2026&format=pdf", 406),
        ("/id/provby/status?year=20x4", 422),
        ("/id/provby/status?year=99999", 422),
        ("/id/atlantis/status", 404),
    ],
)
def test_bad_diff_and_status_requests_are_4xx(
    provby_client: TestClient, url: str, status: int
) -> None:
    response = provby_client.get(url)
    assert response.status_code == status, response.text
    assert response.json()["status"] == status


def test_status_as_json_markdown_and_svg(provby_client: TestClient) -> None:
    body = provby_client.get("/id/provby/status?year=2024").json()
    assert body["year"] == 2024 and body["goals"] and body["indicators"]
    markdown = provby_client.get("/id/provby/status?year=2024&format=md")
    assert markdown.headers["content-type"].startswith("text/markdown")
    assert "| Nya bostäder per år | 2024 | 45 antal | 60 antal | 75 % |" in markdown.text
    svg = provby_client.get("/id/provby/status?year=2024", headers={"Accept": "image/svg+xml"})
    assert svg.headers["content-type"] == "image/svg+xml" and "#f2c94c" in svg.text
    assert "sandbox" in svg.headers["content-security-policy"]


# -- suggestions and drafts --------------------------------------------------------------------


def test_suggest_sdg_returns_climate_targets_with_reasons(client: TestClient) -> None:
    text = "Kommunen ska minska utsläppen av växthusgaser och sin klimatpåverkan"
    response = client.post("/suggest-sdg", json={"text": text, "limit": 3})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["lang"] == "sv" and body["stored"] is False
    notations = [s["notation"] for s in body["suggestions"]]
    assert len(notations) == 3 and notations[0].startswith("13.")
    assert body["suggestions"][0]["reason"].startswith("Automatiskt förslag (Matchade termer")
    form = client.post("/suggest-sdg?lang=en", data={"text": text, "lang": "sv", "limit": "2"})
    assert [s["notation"] for s in form.json()["suggestions"]] == notations[:2]
    assert form.json()["suggestions"][0]["reason"].startswith("Automatic suggestion")


@pytest.mark.parametrize(
    ("kwargs", "status"),
    [
        ({"json": {"text": ""}}, 422),
        ({"json": {"text": "klimat", "limit": 0}}, 422),
        ({"json": {"text": "klimat", "lang": "fr"}}, 422),
        ({"json": {"text": "x" * 4001}}, 422),
        ({"json": {"text": "klimat", "extra": 1}}, 422),
        ({"json": {"text": "   "}}, 400),
        ({"content": b"{oops", "headers": {"Content-Type": "application/json"}}, 422),
        ({"content": b"\xff\xfe{", "headers": {"Content-Type": "application/json"}}, 422),
        ({"content": b"klimat", "headers": {"Content-Type": "text/plain"}}, 415),
        ({"data": {"lang": "sv"}}, 422),
    ],
)
def test_bad_suggestion_requests_are_4xx(
    client: TestClient, kwargs: dict[str, object], status: int
) -> None:
    response = client.post("/suggest-sdg", **kwargs)
    assert response.status_code == status, response.text


def test_extract_drafts_nora_and_names_kf_112(client: TestClient) -> None:
    source = SOURCES / "nora-kf-2022-112-tydliga-och-matbara-mal.txt"
    files = {"file": (source.name, source.read_bytes(), "text/plain")}
    response = client.post("/extract", files=files, data={"municipality": "nora", "code": "1884"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["stored"] is False and body["slug"] == "nora" and body["source"] == source.name
    assert body["counts"]["goal"] >= 10 and body["report"]["conforms"]
    assert response.headers["goalgraph-conforms"] == "true"
    assert "KF § 112" in str(body["graph"])
    turtle = client.post(
        "/extract",
        files=files,
        data={"municipality": "nora"},
        headers={"Accept": "text/turtle"},
    )
    assert turtle.headers["content-type"].startswith("text/turtle")
    assert turtle.text.startswith("# Valideringsrapport") and "KF § 112" in turtle.text
    assert turtle.headers["goalgraph-conforms"] == "false"  # no municipality code yet
    assert "I12" in turtle.text.split("@prefix")[0]


@pytest.mark.parametrize("source", sorted(SOURCES.glob("*.txt")), ids=lambda p: p.stem)
def test_extract_every_source_document_as_jsonld(client: TestClient, source: Path) -> None:
    slug = source.name.split("-", 1)[0]
    response = client.post(
        "/extract?format=jsonld",
        files={"file": (source.name, source.read_bytes())},
        data={"municipality": slug},
    )
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/ld+json")
    assert f"https://w3id.org/goalgraph/id/{slug}" in response.text
    assert int(response.headers["goalgraph-violations"]) >= 0


@pytest.mark.parametrize(
    ("content", "fields", "status"),
    [
        (b"", {"municipality": "nora"}, 422),
        ("KF § 49 2020-02-31 beslut".encode(), {"municipality": "nora"}, 422),
        ("Antagen av kommunfullmäktige 31 februari 2020".encode(), {"municipality": "nora"}, 422),
        (b"\xff\xfeN", {"municipality": "nora"}, 422),
        (b" \n\n", {"municipality": "nora"}, 422),
        (b"\xff\xfe\x00", {"municipality": "nora"}, 422),
        (b"\x80abc", {"municipality": "nora"}, 422),
        (b"a\x00b", {"municipality": "nora"}, 422),
        (b"Nora kommun ska vara bra.\n" * 3000, {"municipality": "nora"}, 422),
        (b"text", {"municipality": "Nora!"}, 422),
        (b"text", {"municipality": "nora", "code": "18a4"}, 422),
        (b"text", {}, 422),
    ],
)
def test_bad_extract_requests_are_4xx(
    client: TestClient, content: bytes, fields: dict[str, str], status: int
) -> None:
    response = client.post("/extract", files={"file": ("doc.txt", content)}, data=fields)
    assert response.status_code == status, response.text
    assert response.json()["status"] == status


def test_an_impossible_date_in_a_document_names_the_line(client: TestClient) -> None:
    text = "Nora kommun\n\nKF § 49 2020-02-31 beslut\n".encode()
    response = client.post(
        "/extract?lang=en", files={"file": ("mål.txt", text)}, data={"municipality": "nora"}
    )
    assert response.status_code == 422, response.text
    [issue] = response.json()["issues"]
    assert (issue["source"], issue["row"]) == ("mål.txt:3", 3)
    assert issue["message"] == "the date '2020-02-31' does not exist"


def test_openapi_describes_the_authoring_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {
        "/template",
        "/graph/{slug}/sheet",
        "/id/{slug}/diff",
        "/id/{slug}/status",
        "/suggest-sdg",
        "/extract",
    } <= set(paths)
    put = paths["/graph/{slug}/sheet"]["put"]
    assert set(put["requestBody"]["content"]) >= {XLSX["Content-Type"], "multipart/form-data"}
    assert put["security"] and {"401", "403", "413", "415", "422"} <= set(put["responses"])
    suggest = paths["/suggest-sdg"]["post"]["requestBody"]["content"]
    assert {"application/json", "application/x-www-form-urlencoded"} <= set(suggest)
    status = paths["/id/{slug}/status"]["get"]["responses"]["200"]["content"]
    assert {"application/json", "text/markdown", "image/svg+xml"} <= set(status)
