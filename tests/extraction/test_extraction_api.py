"""POST /extract with the files municipalities publish: the draft, its report, the review
sheet; bad files are a 4xx naming the file and the problem, and nothing is stored."""

from __future__ import annotations

import io
from collections.abc import Iterator

import httpx
import pytest
from corpus_inputs import documents, to_docx, to_html, to_pdf
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from goalgraph.authoring.workbook import read_workbook_bytes
from goalgraph.store.oxigraph import OxigraphStore

DEV = {ident: text for ident, text, _, _ in documents("dev")}


@pytest.fixture(scope="module")
def client(store: OxigraphStore) -> Iterator[TestClient]:
    app = create_app(store=store, settings=Settings(write_token=None, warm_up=False))
    with TestClient(app) as test_client:
        yield test_client


def _post(client: TestClient, name: str, data: bytes, **params: str) -> httpx.Response:
    fields = {"municipality": "kungalv", "code": "1482"}  # Kungälv's municipality code
    return client.post("/extract", params=params, files={"file": (name, data)}, data=fields)


@pytest.mark.parametrize(
    ("name", "build"),
    [("mal.pdf", to_pdf), ("mal.docx", to_docx), ("mal.html", to_html)],
    ids=["pdf", "docx", "html"],
)
def test_extract_drafts_a_published_document_with_its_review(
    client: TestClient, name: str, build: object
) -> None:
    data = build(DEV["kungalv-strategiska-mal-2018"])  # type: ignore[operator]
    response = _post(client, name, data)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["stored"] is False and body["source"] == name
    goals = [s for s in body["review"]["statements"] if s["kind"] == "goal"]
    assert len(goals) == 8 and {g["detail"] for g in goals} == {"Strategiskt mål"}
    assert all(0 < g["confidence"] <= 1 and g["line"] >= 1 for g in goals)
    assert body["review"]["form"] == name.rsplit(".", 1)[1]
    decisions = [s["text"] for s in body["review"]["statements"] if s["kind"] == "decision"]
    assert decisions == ["KF 2018-12-06"]


def test_extract_answers_the_review_sheet_that_imports(client: TestClient) -> None:
    response = _post(client, "mal.pdf", to_pdf(DEV["kungalv-strategiska-mal-2018"]), sheet="xlsx")
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"] == 'attachment; filename="mal-utkast.xlsx"'
    assert response.headers["goalgraph-conforms"] == "true"
    slug, graph = read_workbook_bytes(response.content, "mal-utkast.xlsx")
    assert slug == "kungalv" and len(graph) > 100
    yaml_sheet = _post(client, "mal.html", to_html(DEV["tomelilla-overgripande-mal"]), sheet="yaml")
    assert "Målområde" in yaml_sheet.text and "locator: rad" in yaml_sheet.text


def _scanned() -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 100, 100, style="F")
    return bytes(pdf.output())


def _encrypted() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(to_pdf("Mål\n\nKommunen ska växa."))))
    writer.encrypt(user_password="x", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("skannad.pdf", _scanned(), "no text layer"),
        ("krypterad.pdf", _encrypted(), "encrypted"),
        ("trasig.pdf", b"%PDF-1.4\n%%EOF garbage", "damaged"),
        ("mal.docx", b"not a zip at all", "not a Word file"),
        (
            "goals.html",
            b"<p>The council has decided that the city will work for a sustainable future. The "
            b"goals are set for the whole term of office and they are followed up by the boards "
            b"in their plans, which are reported to the council in the annual report.</p>",
            "English",
        ),
    ],
    ids=["scanned", "encrypted", "corrupt", "docx-not-zip", "english"],
)
def test_bad_documents_are_422_naming_the_file(
    client: TestClient, store: OxigraphStore, name: str, data: bytes, message: str
) -> None:
    before = sorted(store.named_graphs())
    response = client.post(
        "/extract?lang=en", files={"file": (name, data)}, data={"municipality": "kungalv"}
    )
    assert response.status_code == 422, response.text
    [issue] = response.json()["issues"]
    assert issue["source"] == name and message in issue["message"]
    assert sorted(store.named_graphs()) == before


def test_an_upload_of_200_mb_is_refused_before_it_is_read(client: TestClient) -> None:
    response = client.post(
        "/extract",
        content=b"x",
        headers={
            "Content-Type": "multipart/form-data; boundary=b",
            "Content-Length": str(200 * 1024 * 1024),
        },
    )
    assert response.status_code == 413
    assert "larger than the limit" in response.text


def test_a_pdf_with_more_text_than_a_draft_takes_is_422_naming_it(
    client: TestClient,
) -> None:
    text = "\n".join(f"Rad {n} om kommunens mål och arbete med budget och uppföljning." for n in
                     range(9000))  # fmt: skip
    response = client.post(
        "/extract?lang=en",
        files={"file": ("lang.pdf", to_pdf(text))},
        data={"municipality": "kungalv"},
    )
    assert response.status_code == 422, response.text
    [issue] = response.json()["issues"]
    assert issue["source"] == "lang.pdf" and "characters of text" in issue["message"]
