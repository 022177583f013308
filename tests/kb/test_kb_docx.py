"""DOCX: paragraphs and tables in document order, heading paths and paragraph numbers, in English
and Korean; damaged, empty, encrypted, oversized, zip-bomb and impostor files are refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.kb_fixtures import make_pdf
from tests.office_fixtures import encrypt_office, make_docx, zip_bomb
from workbench.kb import errors
from workbench.kb.documents import SourceFile
from workbench.kb.loaders import load_document

ENGLISH = [
    ("h1", "1. Overview"),
    ("p", "The plan covers the year."),
    ("h1", "2. Budget"),
    ("p", "The budget is split in three parts."),
    ("h2", "2.3 Costs"),
    ("p", "Travel costs are capped at 500 dollars."),
    ("table", [["Item", "Cost"], ["Travel", "500"], ["Food", "120"]]),
    ("p", "Costs are reviewed monthly."),
    ("h1", "3. Risks"),
    ("p", "Exchange rates may change."),
]
KOREAN = [
    ("h1", "1. 개요"),
    ("p", "이 계획은 한 해 동안의 사업을 다룬다."),
    ("h2", "1.1 예산"),
    ("table", [["항목", "금액"], ["출장비", "50만 원"]]),
    ("p", "예산은 매달 검토한다."),
]


def load(name: str, data: bytes, max_bytes: int = 10**7):
    return load_document(SourceFile(name, data=data), max_bytes)


def located(document) -> list[tuple[str | None, int | None, str]]:
    return [(s.heading, s.paragraph, s.text) for s in document.sections]


def test_english_paragraphs_and_tables_keep_their_order_and_heading_path():
    document = load("plan.docx", make_docx(ENGLISH))
    assert document.kind == "docx"
    assert located(document) == [
        ("1. Overview", 1, "1. Overview"),
        ("1. Overview", 2, "The plan covers the year."),
        ("2. Budget", 3, "2. Budget"),
        ("2. Budget", 4, "The budget is split in three parts."),
        ("2. Budget › 2.3 Costs", 5, "2.3 Costs"),
        ("2. Budget › 2.3 Costs", 6, "Travel costs are capped at 500 dollars."),
        ("2. Budget › 2.3 Costs", 7, "Item: Travel\nCost: 500"),
        ("2. Budget › 2.3 Costs", 7, "Item: Food\nCost: 120"),
        ("2. Budget › 2.3 Costs", 8, "Costs are reviewed monthly."),
        ("3. Risks", 9, "3. Risks"),
        ("3. Risks", 10, "Exchange rates may change."),
    ]


def test_korean_text_table_and_headings():
    document = load("계획서.docx", make_docx(KOREAN))
    assert located(document) == [
        ("1. 개요", 1, "1. 개요"),
        ("1. 개요", 2, "이 계획은 한 해 동안의 사업을 다룬다."),
        ("1. 개요 › 1.1 예산", 3, "1.1 예산"),
        ("1. 개요 › 1.1 예산", 4, "항목: 출장비\n금액: 50만 원"),
        ("1. 개요 › 1.1 예산", 5, "예산은 매달 검토한다."),
    ]


def test_korean_style_names_and_outline_levels_are_headings():
    blocks = [
        ("제목 1", "제1장 총칙"),
        ("p", "이 규정은 휴가에 관한 것이다."),
        ("outline2", "제2조 연차"),
        ("p", "연차는 15일이다."),
    ]
    document = load("규정.docx", make_docx(blocks))
    assert [s.heading for s in document.sections] == [
        "제1장 총칙",
        "제1장 총칙",
        "제1장 총칙 › 제2조 연차",
        "제1장 총칙 › 제2조 연차",
    ]


def test_text_before_any_heading_has_no_heading_and_empty_paragraphs_are_not_counted():
    blocks = [("p", "Preface."), ("p", ""), ("p", "  "), ("p", "Second."), ("h1", "Start")]
    document = load("a.docx", make_docx(blocks))
    assert located(document) == [
        (None, 1, "Preface."),
        (None, 2, "Second."),
        ("Start", 3, "Start"),
    ]


def test_a_one_row_table_reads_as_cells():
    document = load("a.docx", make_docx([("table", [["Seoul", "Busan"]])]))
    assert [s.text for s in document.sections] == ["Seoul | Busan"]


def _damaged_zip() -> bytes:
    data = make_docx(ENGLISH)
    return data[: len(data) // 2]


def _zip_without_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a word document")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (_damaged_zip(), "error.kb_package_corrupt"),
        (_zip_without_document(), "error.kb_package_corrupt"),
        (make_docx([("p", "   ")]), "error.kb_empty_file"),
        (encrypt_office(make_docx(ENGLISH)), "error.kb_office_encrypted"),
        (make_pdf(["A PDF named .docx"]), "error.kb_not_a_package"),
        ("그냥 텍스트 파일입니다.".encode(), "error.kb_not_a_package"),
        (zip_bomb("word/document.xml", 300 * 1024 * 1024), "error.kb_archive_too_large"),
        (zip_bomb("word/document.xml", 20 * 1024 * 1024), "error.kb_archive_ratio"),
    ],
    ids=["damaged", "no-document", "empty", "encrypted", "pdf", "text", "bomb", "ratio"],
)
def test_bad_docx_is_refused_with_a_reason(data: bytes, code: str):
    with pytest.raises(errors.FileRejected) as caught:
        load("bad.docx", data, max_bytes=10**8)
    assert caught.value.code == code
    assert caught.value.params["file"] == "bad.docx"


def test_oversized_docx_is_refused_before_it_is_opened():
    with pytest.raises(errors.FileRejected) as caught:
        load("big.docx", make_docx(ENGLISH), max_bytes=1000)
    assert caught.value.code == "error.kb_file_too_large"
