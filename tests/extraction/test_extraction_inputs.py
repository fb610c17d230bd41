"""Drafts from the forms municipalities publish (PDF, Word, HTML, text) and the bad files
they sometimes are: each refused with a clear error naming the file, nothing drafted."""

from __future__ import annotations

import io

import pytest
from corpus_inputs import build, documents, to_docx, to_html, to_pdf

from goalgraph.authoring.errors import AuthoringError
from goalgraph.authoring.extraction import extract_bytes, read_document, score_gold
from goalgraph.authoring.extraction.review import review_bytes
from goalgraph.authoring.workbook import read_workbook_bytes
from goalgraph.namespaces import GG
from goalgraph.validation.graph import validate_graph

DEV = {ident: (text, meta, gold) for ident, text, meta, gold in documents("dev")}


def _goals(data: bytes, source: str) -> list[tuple[str, str]]:
    draft = extract_bytes(data, source, "tomelilla")
    return [(s.text, s.detail) for s in draft.statements if s.kind == "goal"]


@pytest.mark.parametrize("form", ["txt", "html", "pdf", "docx"])
def test_every_form_gives_the_strategy_and_goal_areas_with_their_numbered_levels(
    form: str,
) -> None:
    text, meta, _ = DEV["tomelilla-overgripande-mal"]
    data, suffix = build(text, form, meta["title"])
    goals = _goals(data, "overgripande-mal" + suffix)
    assert goals[:3] == [
        ("hållbar utveckling", "Strategiområde"),
        ("Förenkling leder till att fler kan göra det som är långsiktigt hållbart.", "Målområde"),
        ("God utbildning ges.", "Målområde"),
    ]
    assert len(goals) == 9
    assert [level for _, level in goals].count("Strategiområde") == 3


@pytest.mark.parametrize("form", ["txt", "html", "pdf", "docx"])
def test_grouped_lists_give_strategic_goals_with_their_result_goals_below(form: str) -> None:
    text, meta, gold = DEV["kungalv-strategiska-mal-2014"]
    data, suffix = build(text, form, meta["title"])
    draft = extract_bytes(data, "strategiska-mal" + suffix, "kungalv")
    score = score_gold(draft, gold)
    assert score.counts["goals (exact)"] == (21, 21, 21)
    assert (score.level_agree, score.level_pairs) == (21, 21)
    decision = next(s for s in draft.statements if s.kind == "decision")
    assert (decision.text, decision.detail) == ("KF 2014-12-11", "2014-12-11")
    parent = GG.supports
    child = next(s for s in draft.statements if s.text == "Barnfattigdomen ska minska")
    node = draft.graph.namespace_manager.expand_curie(f"kungalv:{child.resource}")
    assert str(draft.graph.value(draft.graph.value(node, parent), GG.atLevel)).endswith(
        "level-strategisktmal"
    )


def test_a_nested_list_under_a_list_of_level_names_gets_the_top_and_bottom_level() -> None:
    text, meta, gold = DEV["klippan-stratsys-kultur-fritid"]
    draft = extract_bytes(to_html(text, meta["title"]), "mal.html", "klippan")
    score = score_gold(draft, gold)
    assert score.counts["goals (exact)"] == (14, 14, 14)
    assert score.level_agree == 14
    assert "Målvärde" not in {s.text for s in draft.statements if s.kind == "goal"}


def test_a_pdf_keeps_page_and_line_and_rejoins_wrapped_sentences() -> None:
    text, _, _ = DEV["kungalv-strategiska-mal-2018"]
    draft = extract_bytes(to_pdf(text, repeat=2), "mal.pdf", "kungalv")
    assert draft.pages == 2
    goals = [s for s in draft.statements if s.kind == "goal"]
    assert {g.page for g in goals} == {1, 2} and all(g.line > 0 for g in goals)
    decisions = {(s.text, s.page) for s in draft.statements if s.kind == "decision"}
    assert ("KF 2018-12-06", 1) in decisions  # the sentence wraps over two PDF lines
    locators = {str(o) for o in draft.graph.objects(None, GG.locator)}
    assert any(loc.startswith("sida 2, rad ") for loc in locators)


def test_html_scripts_navigation_and_markup_are_not_text() -> None:
    page = (
        b"<!DOCTYPE html><html><head><script>var t = 'KF 2001-01-01';</script></head><body>"
        b"<nav><ul><li>Meny</li></ul></nav><h2>Kommunfullm&auml;ktiges inriktningsm&aring;l</h2>"
        b"<p>Staden har tre inriktningsm&aring;l:</p><ol><li>En stad f&ouml;r alla</li>"
        b"<li>En h&aring;llbar stad</li><li>En trygg stad</li></ol></body></html>"
    )
    document = read_document(page, "mal.html")
    assert "KF 2001" not in document.text and "Meny" not in document.text
    goals = _goals(page, "mal.html")
    assert goals == [("En stad för alla", "Inriktningsmål"), ("En hållbar stad", "Inriktningsmål"),
                     ("En trygg stad", "Inriktningsmål")]  # fmt: skip


def test_the_review_sheet_of_a_pdf_draft_imports_and_cites_page_line_and_confidence() -> None:
    text, _, _ = DEV["nordanstig-kf-mal-2020-2023"]
    draft = extract_bytes(to_pdf(text), "kf-mal.pdf", "nordanstig", code="2132")
    sheet = review_bytes(draft, "xlsx")
    slug, graph = read_workbook_bytes(sheet, "kf-mal-utkast.xlsx")
    assert slug == "nordanstig"
    assert validate_graph(graph, audit=False).conforms
    yaml_text = review_bytes(draft, "yaml").decode("utf-8")
    assert "locator: sida 1, rad" in yaml_text and "comment_sv: säkerhet 0." in yaml_text
    goal = next(s for s in draft.statements if s.kind == "goal")
    assert goal.confidence >= 0.6 and goal.page == 1


# --- bad files ---------------------------------------------------------------------------


def _error(data: bytes, source: str) -> str:
    with pytest.raises(AuthoringError) as exc:
        extract_bytes(data, source, "provby")
    (issue,) = exc.value.issues
    assert issue.source == source
    return issue.message_en


def test_a_scanned_pdf_without_a_text_layer_says_so() -> None:
    from fpdf import FPDF

    pdf = FPDF()
    for _ in range(3):
        pdf.add_page()
        pdf.rect(20, 20, 150, 200, style="F")  # a page that is a picture
    message = _error(bytes(pdf.output()), "inskannad.pdf")
    assert "no text layer" in message and "3 pages" in message and "OCR" in message


def test_an_encrypted_pdf_is_refused() -> None:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(to_pdf("Mål 2024\n\nKommunen ska växa."))))
    writer.encrypt(user_password="hemligt", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    assert "encrypted" in _error(out.getvalue(), "krypterad.pdf")


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage", to_pdf("Mål\n\nText.")[:400]],
    ids=["garbage", "truncated"],
)
def test_a_damaged_pdf_is_refused(data: bytes) -> None:
    assert "damaged" in _error(data, "trasig.pdf")


def test_a_file_named_pdf_that_is_not_one() -> None:
    assert "not a PDF file" in _error(b"<html>hej</html>", "budget.pdf")


def test_a_docx_that_is_not_a_zip_is_refused() -> None:
    assert "not a Word file" in _error("Mål och budget 2024, sparad som text".encode(), "mal.docx")


def test_a_zip_that_is_not_a_word_file_is_refused() -> None:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hej")
    assert "no word/document.xml" in _error(out.getvalue(), "mal.docx")


def test_a_page_in_another_language_is_refused() -> None:
    page = (
        b"<html><body><h1>Council goals</h1><p>The council has decided that the city will "
        b"work for a sustainable future. The goals are set for the whole term of office and "
        b"they are followed up by the boards in their plans, which are reported to the "
        b"council in the annual report of the city.</p></body></html>"
    )
    message = _error(page, "goals.html")
    assert "appears to be in English" in message


def test_a_word_file_with_tables_reads_the_goal_column() -> None:
    from docx import Document

    document = Document()
    document.add_heading("Nämndmål 2024", level=1)
    table = document.add_table(rows=3, cols=2)
    for row, cells in enumerate([("Nämndmål", "Indikator"), ("Fler läser böcker", "Lån per "
                                 "invånare"), ("Tryggare parker", "Andel trygga")]):  # fmt: skip
        for column, value in enumerate(cells):
            table.cell(row, column).text = value
    out = io.BytesIO()
    document.save(out)
    assert _goals(out.getvalue(), "namndmal.docx") == [
        ("Fler läser böcker", "Nämndmål"),
        ("Tryggare parker", "Nämndmål"),
    ]


def test_word_inputs_keep_list_nesting() -> None:
    text = "Våra fokusområden:\n  • Trygghet\n    • Fler trygga platser\n  • Hälsa\n"
    blocks = read_document(to_docx(text), "x.docx").blocks
    assert [(b.kind, b.depth) for b in blocks[1:]] == [("item", 0), ("item", 1), ("item", 0)]
