"""Loaders: PDF (normal, Korean, encrypted, scanned, corrupt), text encodings, CSV, bad input."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kb_fixtures import aes_encrypt, make_pdf
from workbench.kb import errors
from workbench.kb.documents import SourceFile
from workbench.kb.encoding import decode_text, hangul_ratio
from workbench.kb.loaders import load_csv, load_document, load_pdf_file, load_text, loader_for

KOREAN = "대한민국의 수도는 서울이다. 서울에는 약 천만 명이 산다.\n한강이 도시를 가로질러 흐른다요."
ENGLISH_PAGES = ["The first page talks about apples.", "The second page talks about pears."]


def load(name: str, data: bytes, password: str | None = None, max_bytes: int = 10**6):
    return load_document(SourceFile(name, data=data, password=password), max_bytes)


@pytest.mark.parametrize(
    ("pdf", "password", "pages", "texts"),
    [
        (make_pdf(ENGLISH_PAGES), None, 2, ["apples", "pears"]),
        (make_pdf([KOREAN], korean=True), None, 1, ["서울에는 약 천만 명이 산다."]),
        (make_pdf(ENGLISH_PAGES, password="s3cret"), "s3cret", 2, ["apples", "pears"]),
        (aes_encrypt(make_pdf(ENGLISH_PAGES), "s3cret"), "s3cret", 2, ["apples", "pears"]),
    ],
    ids=["english", "korean", "rc4-password", "aes-password"],
)
def test_pdf_pages_keep_their_numbers(pdf: bytes, password: str | None, pages: int, texts):
    document = load("doc.pdf", pdf, password)
    assert document.kind == "pdf" and document.pages == pages
    assert [s.page for s in document.sections] == list(range(1, pages + 1))
    for section, text in zip(document.sections, texts, strict=True):
        assert text in section.text


def test_pdf_pages_without_text_are_flagged():
    document = load("mixed.pdf", make_pdf(["Page one text.", "", "Page three."], blank_pages=[2]))
    assert document.pages_without_text == (2,)
    assert [s.page for s in document.sections] == [1, 3]


def test_owner_only_password_opens_without_asking():
    pdf = aes_encrypt(make_pdf(ENGLISH_PAGES), "")
    assert load("owner.pdf", pdf).pages == 2


LOCKED = make_pdf(ENGLISH_PAGES, password="pw")
BAD_FILES = [
    ("locked.pdf", LOCKED, None, errors.PdfPasswordRequired, "error.kb_pdf_password_required"),
    ("locked.pdf", LOCKED, "wrong", errors.PdfWrongPassword, "error.kb_pdf_wrong_password"),
    (
        "aes.pdf",
        aes_encrypt(make_pdf(ENGLISH_PAGES), "pw"),
        "nope",
        errors.PdfWrongPassword,
        "error.kb_pdf_wrong_password",
    ),
    (
        "scan.pdf",
        make_pdf(["", ""], blank_pages=[1, 2]),
        None,
        errors.FileRejected,
        "error.kb_pdf_no_text",
    ),
    (
        "broken.pdf",
        b"%PDF-1.4\n this is not really a pdf",
        None,
        errors.FileRejected,
        "error.kb_pdf_corrupt",
    ),
    ("half.pdf", make_pdf(ENGLISH_PAGES)[:300], None, errors.FileRejected, "error.kb_pdf_corrupt"),
    ("empty.pdf", b"", None, errors.FileRejected, "error.kb_empty_file"),
    ("empty.txt", b"", None, errors.FileRejected, "error.kb_empty_file"),
    ("blank.md", b" \n\t\n", None, errors.FileRejected, "error.kb_empty_file"),
    (
        "photo.txt",
        b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4,
        None,
        errors.FileRejected,
        "error.kb_binary_file",
    ),
    (
        "noise.txt",
        bytes((i * 37 + 11) % 256 for i in range(4096)),
        None,
        errors.FileRejected,
        "error.kb_binary_data",
    ),
    (
        "report.hwp.txt",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500),
        None,
        errors.FileRejected,
        "error.kb_binary_format",
    ),
    ("slides.odp", b"PK\x03\x04", None, errors.FileRejected, "error.kb_unsupported_type"),
    ("broken.csv", b'a,b\n"1,2\n3,4\n', None, errors.FileRejected, "error.kb_csv_unreadable"),
    ("huge.txt", b"x" * (10**6 + 1), None, errors.FileRejected, "error.kb_file_too_large"),
]


@pytest.mark.parametrize(
    ("name", "data", "password", "error", "code"),
    [pytest.param(*case, id=f"{case[0]}-{case[4]}") for case in BAD_FILES],
)
def test_bad_files_are_refused_with_a_clear_error(name, data, password, error, code):
    with pytest.raises(error) as caught:
        load(name, data, password)
    assert caught.value.code == code
    assert caught.value.params["file"] == name
    assert name in caught.value.message


def test_scanned_pdf_says_ocr_not_empty():
    with pytest.raises(errors.FileRejected) as caught:
        load("scan.pdf", make_pdf(["", ""], blank_pages=[1, 2]))
    assert "scanned" in caught.value.message and "OCR" in caught.value.message
    assert caught.value.params["pages"] == 2


def test_size_limit_is_checked_before_reading(tmp_path: Path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 5000)
    with pytest.raises(errors.FileRejected) as caught:
        load_document(SourceFile.from_path(path), max_bytes=4000)
    assert caught.value.code == "error.kb_file_too_large"


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (KOREAN.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + KOREAN.encode("utf-8"), "utf-8-sig"),
        (KOREAN.encode("cp949"), "cp949"),
        (KOREAN.encode("euc-kr"), "cp949"),
        (KOREAN.encode("utf-16"), "utf-16"),
        (KOREAN.encode("utf-16-le"), "utf-16-le"),
        (("Title\n" + KOREAN).encode("utf-16-be"), "utf-16-be"),
    ],
    ids=["utf8", "utf8-bom", "cp949", "euc-kr", "utf16-bom", "utf16le-no-bom", "utf16be-no-bom"],
)
def test_korean_text_decodes_in_every_common_encoding(data: bytes, encoding: str):
    text, found = decode_text(data, "k.txt")
    assert found == encoding
    assert "서울에는 약 천만 명이 산다." in text
    assert not text.startswith("\ufeff")


@pytest.mark.parametrize(
    ("text", "codec"),
    [
        ("Café crème, naïve résumé, déjà vu. Ça va très bien à Paris.", "latin-1"),
        ("これは日本語のテキストです。東京は日本の首都です。", "shift_jis"),
    ],
)
def test_other_encodings_are_guessed(text: str, codec: str):
    assert decode_text(text.encode(codec), "x.txt")[0] == text


def test_decomposed_korean_is_normalised_to_nfc():
    decomposed = "\u1112\u1161\u11ab\u1100\u1173\u11af"  # 한글 as macOS writes it
    assert decode_text(decomposed.encode("utf-8"), "nfd.md")[0] == "한글"


def test_markdown_and_text_keep_their_lines():
    document = load("notes.md", "# 제목\r\n\r\n- 첫째\r\n- 둘째\r\n".encode("cp949"))
    assert document.kind == "text" and document.encoding == "cp949"
    assert document.sections[0].text == "# 제목\n\n- 첫째\n- 둘째"
    assert document.sections[0].page is None


@pytest.mark.parametrize(
    ("name", "data", "rows"),
    [
        (
            "people.csv",
            "name,age,city\n김철수,30,서울\nBob,25,\n".encode("cp949"),
            [(2, "name: 김철수\nage: 30\ncity: 서울"), (3, "name: Bob\nage: 25")],
        ),
        ("semi.csv", b"a;b\n1;2\n;\n3;4\n", [(2, "a: 1\nb: 2"), (4, "a: 3\nb: 4")]),
        (
            "tabs.tsv",
            b"q\tanswer\nwhy\tbecause, really\n",
            [(2, "q: why\nanswer: because, really")],
        ),
    ],
)
def test_csv_rows_become_header_value_lines(name: str, data: bytes, rows):
    document = load(name, data)
    assert document.kind == "csv"
    assert [(s.row, s.text) for s in document.sections] == rows


@pytest.mark.parametrize(
    ("name", "loader"),
    [
        ("a.PDF", load_pdf_file),
        ("b.md", load_text),
        ("c.markdown", load_text),
        ("d.txt", load_text),
        ("e.csv", load_csv),
        ("f.tsv", load_csv),
    ],
)
def test_loader_by_extension(name: str, loader):
    assert loader_for(name) is loader


@pytest.mark.parametrize(
    ("text", "ratio"),
    [("", 0.0), ("hello", 0.0), ("안녕", 1.0), ("안녕 hi", 0.5), ("123 !?", 0.0)],
)
def test_hangul_ratio(text: str, ratio: float):
    assert hangul_ratio(text) == pytest.approx(ratio)
