"""HTML files and saved web pages: readable text by heading path, no scripts or navigation."""

from __future__ import annotations

import pytest

from workbench.kb.chunking import ChunkSettings, chunk_document
from workbench.kb.documents import SourceFile
from workbench.kb.errors import FileRejected
from workbench.kb.html import meta_charset
from workbench.kb.loaders import load_document

# What a browser's "Save page as… (HTML only)" writes: the saved-from comment, a base, CP949
# declared by http-equiv, scripts, a cookie banner, site navigation and a footer.
SAVED_KOREAN_PAGE = """<!DOCTYPE html>
<!-- saved from url=(0034)https://www.example.go.kr/notice/12 -->
<html lang="ko"><head><meta http-equiv="Content-Type" content="text/html; charset=EUC-KR">
<base href="https://www.example.go.kr/"><title>공지사항 | 예시청</title>
<style>.menu { display: flex }</style>
<script type="text/javascript">window.dataLayer = ["추적 코드"];</script>
<link rel="stylesheet" href="./공지사항_files/site.css"></head>
<body><div id="cookie" role="dialog" hidden>쿠키 사용에 동의하십니까?</div>
<header><a href="/">예시청</a><nav><ul><li><a href="/a">기관 소개</a></li>
<li><a href="/b">민원 안내</a></li></ul></nav></header>
<div class="wrap"><aside><h2>관련 메뉴</h2><a>자주 묻는 질문</a></aside>
<article><h1>2026년 지원 사업 공고</h1>
<p>신청 기간은 <strong>3월 2일부터 3월 31일까지</strong>입니다.</p>
<h2>1. 지원 대상</h2><ul><li>중소기업</li><li>예비 창업자</li></ul>
<h3>1.1 제외 대상</h3><p>휴업 중인 기업은 신청할 수 없습니다.</p>
<h2>2. 지원 내용</h2>
<table><tr><th>구분</th><th>금액</th></tr><tr><td>기업당</td><td>5천만 원</td></tr></table>
<noscript>자바스크립트를 켜 주세요</noscript>
<p style="display:none">숨은 문단</p>
</article></div>
<footer>주소: 세종시 · 전화 044-000-0000</footer>
<script>console.log("끝");</script></body></html>"""

ENGLISH_PAGE = """<html><head><meta charset="utf-8"><title>Guide</title></head><body>
<nav><a href="/">Home</a></nav>
<p>Intro before any heading.</p>
<h1>Install</h1><p>Run the installer.</p>
<h2>Windows</h2><p>Double-click setup.exe.</p><pre>setup.exe  /quiet
  /norestart</pre>
<h2>Linux</h2><p>Use the package.<br>Then log in again.</p>
<h1>Use</h1><p>Open the app.</p></body></html>"""


def _load(text: str | bytes, name: str = "page.html"):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return load_document(SourceFile(name, data=data))


def test_a_saved_korean_page_keeps_the_article_under_its_heading_path() -> None:
    document = _load(SAVED_KOREAN_PAGE.encode("cp949"), "공지사항.html")
    assert document.kind == "html"
    assert document.encoding == "cp949"
    assert [(s.heading, s.text) for s in document.sections] == [
        (
            "2026년 지원 사업 공고",
            "2026년 지원 사업 공고\n\n신청 기간은 3월 2일부터 3월 31일까지입니다.",
        ),
        ("2026년 지원 사업 공고 › 1. 지원 대상", "1. 지원 대상\n\n- 중소기업\n\n- 예비 창업자"),
        (
            "2026년 지원 사업 공고 › 1. 지원 대상 › 1.1 제외 대상",
            "1.1 제외 대상\n\n휴업 중인 기업은 신청할 수 없습니다.",
        ),
        (
            "2026년 지원 사업 공고 › 2. 지원 내용",
            "2. 지원 내용\n\n구분 | 금액\n\n기업당 | 5천만 원",
        ),
    ]


@pytest.mark.parametrize(
    "boilerplate",
    [
        "추적 코드",
        "쿠키",
        "기관 소개",
        "관련 메뉴",
        "자바스크립트",
        "숨은 문단",
        "세종시",
        "끝",
        "saved",
    ],
)
def test_scripts_styles_navigation_and_hidden_text_are_dropped(boilerplate: str) -> None:
    document = _load(SAVED_KOREAN_PAGE.encode("cp949"), "공지사항.html")
    assert all(boilerplate not in section.text for section in document.sections)


def test_an_english_page_without_main_reads_the_body_by_heading() -> None:
    document = _load(ENGLISH_PAGE, "guide.htm")
    assert [s.heading for s in document.sections] == [
        None,
        "Install",
        "Install › Windows",
        "Install › Linux",
        "Use",
    ]
    texts = [s.text for s in document.sections]
    assert texts[0] == "Intro before any heading."
    assert "setup.exe  /quiet\n  /norestart" in texts[2]
    assert texts[3] == "Linux\n\nUse the package.\n\nThen log in again."
    assert all("Home" not in text for text in texts)


def test_chunks_carry_the_heading_path() -> None:
    chunks = chunk_document(_load(ENGLISH_PAGE, "guide.html"), ChunkSettings(800, 100))
    assert [c.heading for c in chunks] == [
        None,
        "Install",
        "Install › Windows",
        "Install › Linux",
        "Use",
    ]


def test_the_charset_comes_from_the_meta_tag_or_the_bytes() -> None:
    assert meta_charset(b'<meta charset="ks_c_5601-1987">') == "cp949"
    assert meta_charset(b"<meta charset=UTF-8>") == "utf-8"
    assert meta_charset(b"<meta charset='nonsense'>") is None
    undeclared = "<h1>회의록</h1><p>예산을 승인했다.</p>".encode("cp949")
    document = _load(undeclared, "minutes.html")
    assert document.sections[0].text == "회의록\n\n예산을 승인했다."


def test_a_wrong_meta_charset_falls_back_to_the_bytes() -> None:
    page = '<meta charset="ascii"><h1>제목</h1><p>본문</p>'
    assert _load(page).sections[0].text == "제목\n\n본문"


def test_a_page_with_only_scripts_and_navigation_is_refused_as_empty() -> None:
    with pytest.raises(FileRejected) as excinfo:
        _load("<html><head><script>var a=1;</script></head><body><nav>Home</nav></body></html>")
    assert excinfo.value.code == "error.kb_empty_file"


def test_a_binary_file_named_html_is_refused() -> None:
    with pytest.raises(FileRejected) as excinfo:
        _load(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "image.html")
    assert excinfo.value.code == "error.kb_binary_file"


def test_an_oversized_page_is_refused() -> None:
    with pytest.raises(FileRejected) as excinfo:
        load_document(SourceFile("big.html", data=ENGLISH_PAGE.encode()), max_bytes=100)
    assert excinfo.value.code == "error.kb_file_too_large"


def test_broken_markup_is_still_read() -> None:
    document = _load("<h1>Title<p>Unclosed <b>bold <i>text</h1><p>더 읽기")
    assert "Unclosed bold text" in " ".join(s.text for s in document.sections)
    assert "더 읽기" in document.sections[-1].text
