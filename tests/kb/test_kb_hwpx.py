"""HWPX: the sections' paragraphs and tables in order (spine order of content.hpf), outline
heading paths and paragraph numbers, in Korean and English; bad packages are refused."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.kb_fixtures import make_pdf
from tests.office_fixtures import make_hwpx, zip_bomb
from workbench.kb import errors
from workbench.kb.documents import SourceFile
from workbench.kb.loaders import load_document

KOREAN = [
    [
        ("개요 1", "1. 사업 개요"),
        ("p", "이 사업은 지역 도서관을 지원한다."),
        ("개요 2", "1.1 예산"),
        ("table", [["항목", "금액"], ["도서 구입", "300만 원"], ["인건비", "1,200만 원"]]),
        ("memo", "예산은 분기마다 검토한다."),
    ],
    [
        ("개요 1", "2. 추진 일정"),
        ("p", "3월에 시작하여\n12월에 마친다."),
    ],
]


def load(name: str, data: bytes, max_bytes: int = 10**7):
    return load_document(SourceFile(name, data=data), max_bytes)


def located(document) -> list[tuple[str | None, int | None, str]]:
    return [(s.heading, s.paragraph, s.text) for s in document.sections]


def test_korean_sections_in_order_with_outline_headings_and_paragraph_numbers():
    document = load("사업계획서.hwpx", make_hwpx(KOREAN))
    assert document.kind == "hwpx"
    assert located(document) == [
        ("1. 사업 개요", 1, "1. 사업 개요"),
        ("1. 사업 개요", 2, "이 사업은 지역 도서관을 지원한다."),
        ("1. 사업 개요 › 1.1 예산", 3, "1.1 예산"),
        ("1. 사업 개요 › 1.1 예산", 4, "항목: 도서 구입\n금액: 300만 원"),
        ("1. 사업 개요 › 1.1 예산", 4, "항목: 인건비\n금액: 1,200만 원"),
        ("1. 사업 개요 › 1.1 예산", 5, "예산은 분기마다 검토한다."),
        ("2. 추진 일정", 6, "2. 추진 일정"),
        ("2. 추진 일정", 7, "3월에 시작하여 12월에 마친다."),
    ]


def test_memo_text_is_not_body_text():
    document = load("a.hwpx", make_hwpx(KOREAN))
    assert not any("메모" in s.text for s in document.sections)


def test_english_with_outline_levels_from_paragraph_shapes():
    sections = [
        [
            ("p", "Foreword before any heading."),
            ("outline 1", "Chapter One"),
            ("p", "The library opens at nine."),
            ("outline 2", "Opening hours"),
            ("table", [["Day", "Hours"], ["Monday", "9-18"]]),
        ]
    ]
    document = load("guide.hwpx", make_hwpx(sections))
    assert located(document) == [
        (None, 1, "Foreword before any heading."),
        ("Chapter One", 2, "Chapter One"),
        ("Chapter One", 3, "The library opens at nine."),
        ("Chapter One › Opening hours", 4, "Opening hours"),
        ("Chapter One › Opening hours", 5, "Day: Monday\nHours: 9-18"),
    ]


def test_sections_follow_the_spine_not_the_file_names():
    data = make_hwpx([[("p", "첫째 구역")], [("p", "둘째 구역")]])
    source, target = io.BytesIO(data), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            content = old.read(item)
            if item.filename == "Contents/content.hpf":
                content = content.replace(
                    b'<opf:itemref idref="section0" linear="yes"/>'
                    b'<opf:itemref idref="section1" linear="yes"/>',
                    b'<opf:itemref idref="section1" linear="yes"/>'
                    b'<opf:itemref idref="section0" linear="yes"/>',
                )
            new.writestr(item, content)
    document = load("a.hwpx", target.getvalue())
    assert [s.text for s in document.sections] == ["둘째 구역", "첫째 구역"]


def _rewrite(data: bytes, part: str, content: bytes | None) -> bytes:
    """The package with `part` replaced (or left out when content is None)."""
    target = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            if item.filename != part:
                new.writestr(item, old.read(item))
            elif content is not None:
                new.writestr(item, content)
    return target.getvalue()


def test_without_manifest_sections_are_read_by_number():
    data = _rewrite(make_hwpx([[("p", "하나")], [("p", "둘")]]), "Contents/content.hpf", None)
    assert [s.text for s in load("a.hwpx", data).sections] == ["하나", "둘"]


ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]>'
    b'<hs:sec xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section">&lol2;</hs:sec>'
)


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (make_hwpx(KOREAN)[:300], "error.kb_package_corrupt"),
        (make_hwpx([[("p", "  ")]]), "error.kb_empty_file"),
        (make_hwpx(KOREAN, mimetype="application/zip"), "error.kb_not_a_package"),
        (_rewrite(make_hwpx(KOREAN), "Contents/section0.xml", ENTITY_BOMB), "error.kb_xml_unsafe"),
        (
            _rewrite(make_hwpx(KOREAN), "Contents/section1.xml", b"<hs:sec"),
            "error.kb_package_corrupt",
        ),
        (
            _rewrite(make_hwpx([[("p", "a")]]), "Contents/section0.xml", None),
            "error.kb_package_corrupt",
        ),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504), "error.kb_hwp_binary"),
        (make_pdf(["A PDF named .hwpx"]), "error.kb_not_a_package"),
        (zip_bomb("Contents/section0.xml", 300 * 1024 * 1024), "error.kb_archive_too_large"),
    ],
    ids=[
        "damaged",
        "empty",
        "wrong-mimetype",
        "doctype",
        "broken-xml",
        "no-section",
        "hwp5-renamed",
        "pdf",
        "bomb",
    ],
)
def test_bad_hwpx_is_refused_with_a_reason(data: bytes, code: str):
    with pytest.raises(errors.FileRejected) as caught:
        load("bad.hwpx", data, max_bytes=10**8)
    assert caught.value.code == code
    assert caught.value.params["file"] == "bad.hwpx"


def test_binary_hwp_is_refused_with_how_to_save_it_as_hwpx_or_pdf():
    with pytest.raises(errors.FileRejected) as caught:
        load("보고서.hwp", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert caught.value.code == "error.kb_hwp_binary"
