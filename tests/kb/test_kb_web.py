"""Web pages by URL: fetched from a local HTTP server (never the internet), limits, refusals."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.kb_fixtures import embedded_store
from tests.local_web import local_server
from workbench.kb import collections as kb
from workbench.kb.chunking import ChunkSettings
from workbench.kb.documents import SourceFile
from workbench.kb.errors import KbError
from workbench.kb.html import load_html
from workbench.kb.ingest import ingest_files
from workbench.kb.loaders import load_document
from workbench.kb.web import WebLimits, check_url, fetch_page
from workbench.ollama.client import OllamaService


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The local web server for this module."""
    with local_server() as url:
        yield url


def _code(excinfo: pytest.ExceptionInfo[KbError]) -> str:
    return excinfo.value.code


def test_korean_page_is_fetched_named_by_title_and_url_and_read_by_heading(server: str) -> None:
    page = fetch_page(f"{server}/ko")
    assert page.final_url == f"{server}/ko"
    assert page.content_type == "text/html"
    assert page.retrieved_at.startswith("20") and page.retrieved_at.endswith("+00:00")
    assert page.name == "2026년 예산 안내 · 127.0.0.1/ko.html"
    document = load_document(page.source())
    assert document.kind == "html"
    texts = " ".join(section.text for section in document.sections)
    assert "총 예산은 3억 원입니다." in texts and "인건비가 가장 큽니다." in texts
    assert "비밀" not in texts and "메뉴" not in texts and "저작권" not in texts
    assert [s.heading for s in document.sections] == ["2026년 예산", "2026년 예산 › 비용"]


def test_the_http_header_charset_outranks_the_meta_tag(server: str) -> None:
    page = fetch_page(f"{server}/ko-header-charset")
    document = load_html(page.source(), page.data)
    assert "총 예산은 3억 원입니다." in document.sections[0].text


def test_redirects_are_followed_and_the_final_url_kept(server: str) -> None:
    page = fetch_page(f"{server}/redirect/3")
    assert page.url == f"{server}/redirect/3"
    assert page.final_url == f"{server}/en"
    assert page.redirects == 3
    assert page.name == "Release notes · 127.0.0.1/en.html"
    sections = load_document(page.source()).sections
    assert sections[0].heading == "Release 2.0"
    assert "reads web pages" in sections[0].text


def test_plain_text_is_read_as_text(server: str) -> None:
    page = fetch_page(f"{server}/notes.txt")
    assert page.name == "127.0.0.1/notes.txt"
    document = load_document(page.source())
    assert "회의록: 예산 승인" in document.sections[0].text


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/file", "file:///etc/passwd", "example.com/page", "javascript:alert(1)", ""],
)
def test_addresses_other_than_http_are_refused(url: str) -> None:
    with pytest.raises(KbError) as excinfo:
        check_url(url)
    assert _code(excinfo) == "error.kb_web_bad_url"


def test_a_redirect_to_another_scheme_is_refused(server: str) -> None:
    with pytest.raises(KbError) as excinfo:
        fetch_page(f"{server}/to-file")
    assert _code(excinfo) == "error.kb_web_bad_url"


def test_too_many_redirects_are_refused(server: str) -> None:
    with pytest.raises(KbError) as excinfo:
        fetch_page(f"{server}/redirect/4", WebLimits(max_redirects=3))
    assert _code(excinfo) == "error.kb_web_too_many_redirects"
    with pytest.raises(KbError) as loop:
        fetch_page(f"{server}/loop")
    assert _code(loop) == "error.kb_web_too_many_redirects"
    assert fetch_page(f"{server}/redirect/3", WebLimits(max_redirects=3)).redirects == 3


def test_an_error_status_is_refused_with_its_code(server: str) -> None:
    with pytest.raises(KbError) as excinfo:
        fetch_page(f"{server}/missing")
    assert _code(excinfo) == "error.kb_web_http_status"
    assert excinfo.value.params["status"] == 404


def test_other_content_types_are_refused(server: str) -> None:
    with pytest.raises(KbError) as excinfo:
        fetch_page(f"{server}/image.png")
    assert _code(excinfo) == "error.kb_web_wrong_type"
    assert excinfo.value.params["content_type"] == "image/png"


@pytest.mark.parametrize("path", ["/big-declared", "/big-streamed"])
def test_pages_over_the_size_limit_are_stopped(server: str, path: str) -> None:
    with pytest.raises(KbError) as excinfo:
        fetch_page(f"{server}{path}", WebLimits(max_bytes=2048))
    assert _code(excinfo) == "error.kb_web_too_large"


def test_a_closed_port_is_unreachable() -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(KbError) as excinfo:
        fetch_page(f"http://127.0.0.1:{port}/")
    assert _code(excinfo) == "error.kb_web_unreachable"


def test_an_unknown_host_is_unreachable() -> None:
    with pytest.raises(KbError) as excinfo:
        fetch_page("http://no-such-host.invalid/")
    assert _code(excinfo) == "error.kb_web_unreachable"


def test_a_server_that_does_not_answer_in_time_is_refused(server: str) -> None:
    with pytest.raises(KbError) as excinfo:
        fetch_page(f"{server}/slow", WebLimits(timeout=0.3))
    assert _code(excinfo) == "error.kb_web_timeout"


def test_the_page_is_stored_with_its_final_url_and_retrieval_date(
    server: str, tmp_path: Path, service: OllamaService
) -> None:
    store = embedded_store(tmp_path)
    kb.create_collection(store, service, "웹", "bge-m3", ChunkSettings(200, 0))
    page = fetch_page(f"{server}/redirect/1")
    ingest_files(store, service, "웹", [page.source(), SourceFile("a.txt", data=b"plain file")])
    documents = {d.source: d for d in kb.list_documents(store, "웹")}
    stored = documents[page.name]
    assert (stored.url, stored.retrieved_at) == (f"{server}/en", page.retrieved_at)
    assert (documents["a.txt"].url, documents["a.txt"].retrieved_at) == ("", "")
