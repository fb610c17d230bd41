"""Entity declarations in XML are refused, fast and in little memory, wherever goalgraph
reads XML: RDF/XML files through the CLI (``validate``, a data folder) and every parse path,
and request bodies through the API (RDF/XML, workbooks). An external entity or DTD is never
fetched: the recording listener receives nothing."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from api.launch import ROOT
from goalgraph.errors import InputError
from goalgraph.store.load import file_nquads, parse_bytes, parse_file
from tests.security.conftest import Listener

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: A refusal takes milliseconds; the bounds leave room for a loaded machine and are still far
#: below what the expansion would cost (minutes and gigabytes).
API_SECONDS = 3.0
PARSE_SECONDS = 0.5
#: Ten levels of ten: 10^10 "lol"s (30 GB) once expanded; 1.4 KB as written.
LAUGHS = "\n".join(
    ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 11)]
)
BILLION_LAUGHS = f"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [
{LAUGHS}
]>
<rdf:RDF xmlns:rdf="{RDF}" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>&lol10;</ex:p></rdf:Description>
</rdf:RDF>
"""
PLAIN = f"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="{RDF}" xmlns:ex="http://example.org/">
  <rdf:Description rdf:about="http://example.org/a"><ex:p>lol</ex:p></rdf:Description>
</rdf:RDF>
"""


def xxe_documents(url: str) -> dict[str, str]:
    """RDF/XML documents that would make a careless parser read a URL or a file."""
    body = (
        f'<rdf:RDF xmlns:rdf="{RDF}" xmlns:ex="http://example.org/">'
        '<rdf:Description rdf:about="http://example.org/a"><ex:p>&xxe;</ex:p>'
        "</rdf:Description></rdf:RDF>"
    )
    return {
        "external entity (http)": f'<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "{url}/xxe">]>{body}',
        "external entity (file)": '<!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        + body,
        "parameter entity": f'<!DOCTYPE rdf:RDF [<!ENTITY % p SYSTEM "{url}/p"> %p;]>{body}',
        "external DTD": f'<!DOCTYPE rdf:RDF SYSTEM "{url}/dtd">{body.replace("&xxe;", "x")}',
        "public DTD": f'<!DOCTYPE rdf:RDF PUBLIC "-//X//Y" "{url}/pub">'
        + body.replace("&xxe;", "x"),
        "unparsed entity": f'<!DOCTYPE rdf:RDF [<!ENTITY u SYSTEM "{url}/u" NDATA png>]>'
        + body.replace("&xxe;", "x"),
    }


def _cli(*args: str, cwd: Path = ROOT) -> tuple[int, str, float, int]:
    """Run ``goalgraph``; its exit code, standard error, seconds and peak memory (KiB)."""
    wrapper = (
        "import resource, subprocess, sys, time\n"
        "t = time.monotonic()\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stdout.write(f'{p.returncode} {time.monotonic() - t} '\n"
        "                 f'{resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}\\n')\n"
        "sys.stdout.write(p.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", wrapper, sys.executable, "-m", "goalgraph", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    head, _, stderr = done.stdout.partition("\n")
    code, seconds, peak = head.split()
    return int(code), stderr, float(seconds), int(peak)


@pytest.mark.parametrize("name", ["bomb.rdf", "bomb.owl"])
def test_the_cli_refuses_billion_laughs_at_once(tmp_path: Path, name: str) -> None:
    assert len(BILLION_LAUGHS.encode()) < 2000
    path = tmp_path / name
    path.write_text(BILLION_LAUGHS, encoding="utf-8")
    code, stderr, seconds, peak_kib = _cli("validate", str(path))
    assert code == 2, stderr
    assert f"{path}:3: RDF/XML with an entity declaration (<!ENTITY lol0>) is refused" in stderr
    assert seconds < 20  # the interpreter and the shapes load; the parse itself is instant
    assert peak_kib < 600 * 1024, peak_kib


def test_a_data_folder_with_an_entity_bomb_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    (data / "municipalities" / "bomb.rdf").write_text(BILLION_LAUGHS, encoding="utf-8")
    code, stderr, _, peak_kib = _cli("--data", str(data), "validate")
    assert code == 2, stderr
    assert "bomb.rdf:3: RDF/XML with an entity declaration" in stderr
    assert peak_kib < 600 * 1024, peak_kib


def test_the_cli_refuses_external_entities_and_fetches_nothing(
    tmp_path: Path, listener: Listener
) -> None:
    for what, text in xxe_documents(listener.url).items():
        path = tmp_path / "xxe.rdf"
        path.write_text(text, encoding="utf-8")
        code, stderr, _, _ = _cli("validate", str(path))
        assert code == 2, (what, stderr)
        assert f"{path}:1: RDF/XML with an" in stderr, (what, stderr)
        assert "passwd" not in stderr.replace("file:///etc/passwd", "")
    assert listener.requests == []


def test_plain_rdf_xml_still_loads(tmp_path: Path) -> None:
    path = tmp_path / "plain.rdf"
    path.write_text(PLAIN, encoding="utf-8")
    assert len(parse_file(path)) == 1
    with_doctype = PLAIN.replace("<rdf:RDF", "<!DOCTYPE rdf:RDF>\n<rdf:RDF", 1)
    assert len(parse_bytes(with_doctype.encode(), ox.RdfFormat.RDF_XML, source="x.rdf")) == 1
    path.write_text(with_doctype, encoding="utf-8")
    assert b"http://example.org/a" in file_nquads(path, "urn:graph")[0]


@pytest.mark.parametrize("reader", ["parse_bytes", "parse_file", "file_nquads"])
def test_every_parse_path_refuses_entities_fast(
    tmp_path: Path, reader: str, listener: Listener
) -> None:
    documents = {"billion laughs": BILLION_LAUGHS, **xxe_documents(listener.url)}
    for what, text in documents.items():
        path = tmp_path / "x.rdf"
        path.write_text(text, encoding="utf-8")
        started = time.perf_counter()
        with pytest.raises(InputError) as caught:
            if reader == "parse_bytes":
                parse_bytes(text.encode(), ox.RdfFormat.RDF_XML, source=str(path))
            elif reader == "parse_file":
                parse_file(path)
            else:
                file_nquads(path, "urn:graph")
        assert time.perf_counter() - started < PARSE_SECONDS, what
        assert caught.value.source == str(path)
        assert "is refused" in caught.value.detail, (what, caught.value.detail)
    assert listener.requests == []


def _graph(base: str, slug: str) -> bytes:
    response = httpx.get(f"{base}/graph/{slug}", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    return b"\n".join(sorted(response.content.splitlines()))


def test_the_api_refuses_xml_entities_in_a_write(
    live_server: str, auth: dict[str, str], listener: Listener
) -> None:
    before = _graph(live_server, "nora")
    documents = {"billion laughs": BILLION_LAUGHS, **xxe_documents(listener.url)}
    for what, text in documents.items():
        started = time.perf_counter()
        response = httpx.put(
            f"{live_server}/graph/nora",
            content=text.encode(),
            headers={**auth, "Content-Type": "application/rdf+xml"},
            timeout=30,
        )
        assert time.perf_counter() - started < API_SECONDS, what
        assert response.status_code in (400, 415, 422), (what, response.text)
        assert "error" in response.json(), what
    assert listener.requests == []
    assert _graph(live_server, "nora") == before


def _workbook_with(doctype: str, entity: str) -> bytes:
    """The template with a DOCTYPE in one of its sheets and an entity used in a cell."""
    from goalgraph.authoring.tabular import template_tables
    from goalgraph.authoring.xlsx import xlsx_bytes

    data = xlsx_bytes(template_tables())
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet3.xml":
                text = content.decode()
                if text.startswith("<?xml"):
                    declaration, _, text = text.partition("?>")
                    text = f"{declaration}?>{doctype}{text}"
                else:
                    text = doctype + text
                text = text.replace(
                    "<sheetData>",
                    f'<sheetData><row r="99"><c r="A99" t="inlineStr"><is><t>'
                    f"{entity}</t></is></c></row>",
                    1,
                )
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


def test_the_api_refuses_entities_in_an_uploaded_workbook(
    live_server: str, auth: dict[str, str], listener: Listener
) -> None:
    before = _graph(live_server, "nora")
    cases = {
        "billion laughs": (f"<!DOCTYPE worksheet [{LAUGHS}]>", "&lol10;"),
        "external entity": (
            f'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "{listener.url}/xxe">]>',
            "&xxe;",
        ),
    }
    for what, (doctype, entity) in cases.items():
        body = _workbook_with(doctype, entity)
        started = time.perf_counter()
        response = httpx.put(
            f"{live_server}/graph/nora/sheet",
            content=body,
            headers={**auth, "Content-Type": XLSX},
            timeout=30,
        )
        assert time.perf_counter() - started < API_SECONDS, what
        assert response.status_code in (400, 422), (what, response.text)
        assert "the workbook declares XML entities (<!ENTITY" in response.text, response.text
    assert listener.requests == []
    assert _graph(live_server, "nora") == before
