"""Probes against a real server on loopback, as an outsider and as a token holder would send
them: no outbound request from XML or JSON-LD input, bodies over the limit refused before
they are read, tokens compared in constant time, labels escaped in every page and diagram,
and no path outside the service's own resources."""

from __future__ import annotations

import ast
import http.client
import json
import socket
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

import httpx
import pytest
from defusedxml import ElementTree

from api.launch import ROOT, ServerStartError, running_server
from tests.security.conftest import WRITE_TOKEN, Listener
from tests.security.homes import home_with_labels

GG = "https://w3id.org/goalgraph/ontology#"
SHORT = GG + "shortLabel"


def _graph(base: str, slug: str = "nora") -> list[bytes]:
    response = httpx.get(f"{base}/graph/{slug}", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    return sorted(response.content.splitlines())


# --- no outbound request -----------------------------------------------------------------------


def _xxe(url: str) -> str:
    return (
        f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [<!ENTITY xxe SYSTEM "{url}/xxe">]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:ex="http://example.org/"><rdf:Description rdf:about="http://example.org/a">'
        "<ex:p>&xxe;</ex:p></rdf:Description></rdf:RDF>"
    )


def _remote_contexts(url: str) -> dict[str, object]:
    node = {"@id": "https://w3id.org/goalgraph/id/nora", "name": "x"}
    return {
        "string": {"@context": f"{url}/ctx", **node},
        "list": {"@context": [f"{url}/ctx1", {"name": "http://schema.org/name"}], **node},
        "import": {"@context": {"@import": f"{url}/ctx2"}, **node},
        "nested": {
            "@context": {"name": "http://schema.org/name"},
            "@graph": [{"@context": f"{url}/ctx3", **node}],
        },
        "scoped": {
            "@context": {"knows": {"@id": "http://schema.org/knows", "@context": f"{url}/ctx4"}},
            **node,
            "knows": {"name": "y"},
        },
    }


def test_xml_external_entities_are_refused_and_fetch_nothing(
    live_server: str, auth: dict[str, str], listener: Listener
) -> None:
    before = _graph(live_server)
    body = _xxe(listener.url).encode()
    for method, path, headers in (
        ("PUT", "/graph/nora", auth),
        ("POST", "/validation", {}),
    ):
        response = httpx.request(
            method,
            live_server + path,
            content=body,
            headers={**headers, "Content-Type": "application/rdf+xml"},
        )
        assert response.status_code in (400, 415, 422), (path, response.text)
    assert listener.requests == []
    assert _graph(live_server) == before


def test_remote_json_ld_contexts_are_refused_and_fetch_nothing(
    live_server: str, auth: dict[str, str], listener: Listener
) -> None:
    before = _graph(live_server)
    for name, document in _remote_contexts(listener.url).items():
        body = json.dumps(document).encode()
        for method, path, headers in (("PUT", "/graph/nora", auth), ("POST", "/validation", {})):
            response = httpx.request(
                method,
                live_server + path,
                content=body,
                headers={**headers, "Content-Type": "application/ld+json"},
            )
            assert response.status_code in (400, 422), (name, path, response.text)
            assert response.json()["message"], (name, path)
    assert listener.requests == []
    assert _graph(live_server) == before


# --- bodies over the limit -------------------------------------------------------------------


def _headers_only(base: str, request: str) -> tuple[str, float]:
    """Send a request's head (no body) and read the answer; the status line and seconds."""
    parts = urlsplit(base)
    with socket.create_connection((parts.hostname, parts.port), timeout=10) as sock:
        started = time.monotonic()
        sock.sendall(request.encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                break
            answer += chunk
        return answer.split(b"\r\n", 1)[0].decode(), time.monotonic() - started


@pytest.mark.parametrize(
    ("method", "path", "content_type", "authorised"),
    [
        ("PUT", "/graph/nora", "text/turtle", True),
        ("POST", "/sparql", "application/sparql-query", False),
        ("POST", "/validation", "text/turtle", False),
        (
            "PUT",
            "/graph/nora/sheet",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            True,
        ),
    ],
)
def test_a_body_over_the_limit_is_refused_before_it_is_sent(
    live_server: str, method: str, path: str, content_type: str, authorised: bool
) -> None:
    head = (
        f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {50 * 1024 * 1024}\r\n"
    )
    if authorised:
        head += f"Authorization: Bearer {WRITE_TOKEN}\r\n"
    status, seconds = _headers_only(live_server, head + "\r\n")
    assert status == "HTTP/1.1 413 Request Entity Too Large", status
    assert seconds < 5


def test_a_chunked_body_over_the_limit_is_refused(live_server: str) -> None:
    chunk = b"# " + b"x" * (1024 * 1024 - 3) + b"\n"

    def body() -> Iterator[bytes]:
        for _ in range(8):  # 8 MiB, over the 5 MiB default
            yield chunk

    try:
        response = httpx.post(
            f"{live_server}/validation",
            content=body(),
            headers={"Content-Type": "text/turtle"},
            timeout=30,
        )
    except httpx.HTTPError:
        return  # the server closed the connection while the client still sent: refused too
    assert response.status_code == 413, response.text


# --- tokens ------------------------------------------------------------------------------------


def test_the_token_is_compared_in_constant_time() -> None:
    """The token check calls a constant-time comparison, and compares the token with nothing
    else (no ``==``, ``!=``, ``in`` or ``startswith`` on it)."""
    tree = ast.parse((ROOT / "api" / "deps.py").read_text(encoding="utf-8"))
    check = next(
        n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "require_writer"
    )
    calls = [
        n.func.attr
        for n in ast.walk(check)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
    ]
    assert "compare_digest" in calls
    assert "startswith" not in calls and "find" not in calls
    for node in ast.walk(check):
        if isinstance(node, ast.Compare):
            names = {ast.unparse(x) for x in (node.left, *node.comparators)}
            token_compared = any(
                "write_token" in n or "credentials.credentials" in n for n in names
            )
            identity_only = all(isinstance(op, (ast.Is, ast.IsNot)) for op in node.ops)
            assert not token_compared or identity_only, ast.unparse(node)


def test_the_token_check_goes_through_compare_digest(monkeypatch: pytest.MonkeyPatch) -> None:
    """Called for real, the check hands both tokens to ``compare_digest`` and nothing else
    decides."""
    from fastapi.security import HTTPAuthorizationCredentials

    from api import deps
    from api.settings import Settings

    seen: list[tuple[bytes, bytes]] = []

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return False  # the spy says "different" even for the right token: it alone decides

    monkeypatch.setattr(deps.secrets, "compare_digest", spy)
    settings = Settings(write_token=WRITE_TOKEN)
    right = HTTPAuthorizationCredentials(scheme="Bearer", credentials=WRITE_TOKEN)
    with pytest.raises(deps.WriteAuthError):
        deps.require_writer(settings, right)
    assert seen == [(WRITE_TOKEN.encode(), WRITE_TOKEN.encode())]


@pytest.mark.parametrize(
    "token",
    [
        "",
        "s",
        WRITE_TOKEN[:-1],
        WRITE_TOKEN + "x",
        WRITE_TOKEN.upper(),
        "x" * len(WRITE_TOKEN),
        WRITE_TOKEN * 50,
        WRITE_TOKEN[:-1] + "N",
    ],
    ids=["empty", "one", "prefix", "longer", "upper", "same-length", "very-long", "last-char"],
)
def test_wrong_tokens_are_refused(live_server: str, token: str) -> None:
    before = _graph(live_server)
    response = httpx.patch(
        f"{live_server}/graph/nora",
        # a no-op, so that even a wrongly accepted token changes nothing the other tests see
        content=b"DELETE DATA { <urn:x:none> <urn:x:none> <urn:x:none> }",
        headers={
            "Authorization": f"Bearer {token}".rstrip(),
            "Content-Type": "application/sparql-update",
        },
    )
    assert response.status_code == 401, (token, response.text)
    assert _graph(live_server) == before


def test_a_token_in_another_scheme_is_refused(live_server: str) -> None:
    for value in (f"Basic {WRITE_TOKEN}", WRITE_TOKEN, f"Token {WRITE_TOKEN}"):
        response = httpx.put(
            f"{live_server}/graph/nora",
            content=b"",
            headers={"Authorization": value, "Content-Type": "text/turtle"},
        )
        assert response.status_code == 401, value


# --- labels are escaped ----------------------------------------------------------------------

MUNICIPALITY = "Nora <script>alert('municipality')</script> kommun"
GOAL = "Ekonomi <img src=x onerror=alert('goal')> \" onmouseover=\"alert('attr')\" &amp;"
SHORT_LABEL = "<svg onload=alert('short')>kort</svg>"
PAYLOAD_MARK = "alert("


class _Markup(HTMLParser):
    """The elements, attributes and text of an HTML page or SVG document."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []
        self._stack: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, attrs))
        self._stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._stack and self._stack[-1] == tag:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._stack and self._stack[-1] == "script" and PAYLOAD_MARK in data:
            self.elements.append(("script-with-payload", [("text", data)]))


def _assert_escaped(body: str, where: str, expected: tuple[str, ...]) -> None:
    """No payload became markup (an element, an event attribute, a script); each expected
    label is in the text (so it was really rendered, as text)."""
    markup = _Markup()
    markup.feed(body)
    for tag, attrs in markup.elements:
        assert tag not in ("script-with-payload", "img"), (where, tag, attrs)
        if tag == "svg" and any(name == "onload" for name, _ in attrs):
            pytest.fail(f"{where}: an <svg onload> element")
        for name, value in attrs:
            assert not name.startswith("on"), (where, tag, name, value)
            assert "javascript:" not in (value or "").lower(), (where, tag, name, value)
    text = "".join(markup.text)
    for label in expected:
        assert label in text, (where, label)


@pytest.fixture(scope="module")
def xss_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The service over data where Nora's name and a goal's labels carry markup."""
    home = home_with_labels(
        tmp_path_factory.mktemp("xss"),
        {
            "nora": {
                ("nora", "sv"): MUNICIPALITY,
                ("nora", "en"): MUNICIPALITY,
                ("goal-kf1", "sv"): GOAL,
                ("goal-kf1", "en"): GOAL,
                ("goal-kf1", "sv", SHORT): SHORT_LABEL,
                ("goal-kf1", "en", SHORT): SHORT_LABEL,
            }
        },
    )
    try:
        with running_server({"GOALGRAPH_HOME": str(home)}) as base:
            yield base
    except ServerStartError as exc:
        pytest.fail(str(exc))


GOAL_IRI = "https://w3id.org/goalgraph/id/nora/goal-kf1"
#: Every page that shows Nora's name or the goal's labels, and what it must show.
PAGES = {
    "/": (MUNICIPALITY,),
    "/id/nora": (MUNICIPALITY,),
    "/id/nora/goal-kf1": (GOAL,),
    "/id/nora/body-kf": (GOAL,),
    "/sdg/16": (GOAL,),
    "/sdg/16.6": (GOAL,),
    "/validation": (),
    "/validation/nora": (MUNICIPALITY,),
    "/comparison": (MUNICIPALITY,),
}
DIAGRAMS = {
    "chain": ["nora"],
    "goal": [GOAL_IRI],
    "process": ["https://w3id.org/goalgraph/id/nora/process-malkedja"],
    "comparison": ["nora", "vaggeryd"],
}


@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("path", list(PAGES))
def test_labels_are_escaped_in_every_page(xss_server: str, path: str, lang: str) -> None:
    response = httpx.get(
        xss_server + path, params={"lang": lang}, headers={"Accept": "text/html"}, timeout=120
    )
    assert response.status_code == 200, (path, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    _assert_escaped(response.text, path, PAGES[path])


@pytest.mark.parametrize("kind", list(DIAGRAMS))
def test_labels_are_escaped_in_every_diagram(xss_server: str, kind: str) -> None:
    response = httpx.get(
        f"{xss_server}/diagrams/{kind}",
        params=[("target", t) for t in DIAGRAMS[kind]] + [("format", "svg")],
        timeout=120,
    )
    assert response.status_code == 200, (kind, response.text[:500])
    assert response.headers["content-type"].startswith("image/svg+xml")
    assert "script-src 'none'" in response.headers.get("content-security-policy", "") or (
        "default-src" in response.headers.get("content-security-policy", "")
    )
    _assert_escaped(response.text, kind, ())
    # the SVG parsed as XML: the labels are text and attribute values, never elements
    root = ElementTree.fromstring(response.content)
    for element in root.iter():
        name = element.tag.rsplit("}", 1)[-1]
        assert name not in ("script", "img", "foreignObject", "iframe", "object"), (kind, name)
        for attribute, value in element.attrib.items():
            assert not attribute.rsplit("}", 1)[-1].startswith("on"), (kind, attribute, value)
            assert not value.lower().startswith("javascript:"), (kind, attribute, value)
    text = "".join(root.itertext()) + "".join(v for e in root.iter() for v in e.attrib.values())
    assert PAYLOAD_MARK in text, f"{kind}: the labels were not drawn"


# --- paths -------------------------------------------------------------------------------------

TRAVERSALS = [
    "/static/../pyproject.toml",
    "/static/../../etc/passwd",
    "/static/%2e%2e/pyproject.toml",
    "/static/%2e%2e/%2e%2e/etc/passwd",
    "/static/..%2fpyproject.toml",
    "/static/..%2F..%2Fetc%2Fpasswd",
    "/static/%252e%252e/pyproject.toml",
    "/static/....//pyproject.toml",
    "/static/..\\pyproject.toml",
    "/static//etc/passwd",
    "/static/%00../pyproject.toml",
    "/id/../../etc/passwd",
    "/id/..%2F..%2Fetc%2Fpasswd",
    "/id/nora/..%2F..%2F..%2Fetc%2Fpasswd",
    "/id/nora/%2e%2e",
    "/id/%2e%2e/pyproject.toml",
    "/graph/..%2F..%2Fetc%2Fpasswd",
    "/graph/nora%2F..%2F..%2Fpyproject",
    "/graph/..%2Fnora/sheet",
    "/validation/..%2F..%2Fetc%2Fpasswd",
    "/sdg/..%2F..%2Fetc%2Fpasswd",
    "/diagrams/chain?target=../../etc/passwd",
    "/diagrams/chain?target=..%2F..%2Fetc%2Fpasswd",
    "/diagrams/goal?target=file:///etc/passwd",
    "/diagrams/process?target=/etc/passwd",
    "/comparison?m=../../etc/passwd",
    "/comparison?m=nora&m=..%2F..%2Fetc%2Fpasswd",
    "/id/nora/diff?old=../../etc/passwd&new=x",
]
SECRETS = (b"root:", b"[build-system]", b"[project]", b"/bin/bash", b"/bin/sh")


def _raw_get(base: str, target: str) -> tuple[int, bytes]:
    """GET the target exactly as written (no client-side normalisation of dot segments)."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=30)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("target", TRAVERSALS)
def test_path_traversal_is_refused(live_server: str, target: str) -> None:
    status, body = _raw_get(live_server, target)
    assert status in (400, 404, 405, 406, 422), (target, status, body[:200])
    for secret in SECRETS:
        assert secret not in body, (target, secret)


def test_slug_parameters_are_checked(live_server: str, auth: dict[str, str]) -> None:
    """A slug is a slug: dots, slashes and encoded forms are refused before any lookup."""
    for slug in ("..", ".", "nora.", "%2e%2e", "nora..", "-nora", "NORA", "no ra", "a" * 200):
        response = httpx.put(
            f"{live_server}/graph/{slug}",
            content=b"<a:b> <a:c> <a:d> .",
            headers={**auth, "Content-Type": "text/turtle"},
        )
        assert response.status_code in (404, 405, 422), (slug, response.status_code)


def test_static_files_are_served(live_server: str) -> None:
    """The static folder itself works (so the refusals above are about the paths)."""
    names = sorted(p.name for p in (ROOT / "api" / "static").iterdir() if p.is_file())
    assert names
    status, body = _raw_get(live_server, f"/static/{names[0]}")
    assert status == 200
    assert body == (ROOT / "api" / "static" / names[0]).read_bytes()
