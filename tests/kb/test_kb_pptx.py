"""PPTX: each slide's text in reading order, tables and speaker notes, located by slide."""

from __future__ import annotations

import io
import zipfile

import pytest
from pptx import Presentation
from pptx.util import Inches

from workbench.kb.chunking import ChunkSettings, chunk_document
from workbench.kb.documents import SourceFile
from workbench.kb.errors import FileRejected
from workbench.kb.loaders import load_document
from workbench.kb.pptx import NOTES_MARK

OLE_HEADER = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
TITLE_ONLY, TITLE_AND_CONTENT, BLANK = 5, 1, 6


def _deck() -> bytes:
    """Slide 1 (Korean): a text box placed above the title, the title, a table and notes;
    slide 2 blank; slide 3 (English): title and bullet points inside a group."""
    deck = Presentation()
    first = deck.slides.add_slide(deck.slide_layouts[TITLE_ONLY])
    box = first.shapes.add_textbox(Inches(1), Inches(0.1), Inches(4), Inches(0.5))
    box.text_frame.text = "대외비"
    first.shapes.title.text = "2026년 사업 계획"
    first.shapes.title.top = Inches(2)
    table = first.shapes.add_table(2, 2, Inches(1), Inches(3), Inches(4), Inches(1)).table
    for (row, col), text in {
        (0, 0): "분기",
        (0, 1): "목표",
        (1, 0): "1분기",
        (1, 1): "출시",
    }.items():
        table.cell(row, col).text = text
    first.notes_slide.notes_text_frame.text = "예산 질문이 나오면 3쪽을 보여 줄 것."
    deck.slides.add_slide(deck.slide_layouts[BLANK])
    third = deck.slides.add_slide(deck.slide_layouts[BLANK])
    group = third.shapes.add_group_shape()
    lower = group.shapes.add_textbox(Inches(1), Inches(3), Inches(4), Inches(1))
    lower.text_frame.text = "Second point"
    upper = group.shapes.add_textbox(Inches(1), Inches(1), Inches(4), Inches(1))
    upper.text_frame.text = "First point"
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _load(data: bytes, name: str = "deck.pptx"):
    return load_document(SourceFile(name, data=data))


def test_slides_are_read_title_first_then_top_to_bottom_with_notes_marked() -> None:
    document = _load(_deck())
    assert document.kind == "pptx"
    assert document.pages == 3
    assert [s.slide for s in document.sections] == [1, 3]
    first, third = (s.text for s in document.sections)
    assert first == (
        "2026년 사업 계획\n\n대외비\n\n분기 | 목표\n1분기 | 출시\n\n"
        f"{NOTES_MARK}\n예산 질문이 나오면 3쪽을 보여 줄 것."
    )
    assert third == "First point\nSecond point"


def test_chunks_carry_the_slide_number() -> None:
    chunks = chunk_document(_load(_deck()), ChunkSettings(800, 100))
    assert [c.slide for c in chunks] == [1, 3]
    assert all(c.page is None for c in chunks)


def test_a_deck_without_text_is_refused_as_empty() -> None:
    deck = Presentation()
    deck.slides.add_slide(deck.slide_layouts[BLANK])
    buffer = io.BytesIO()
    deck.save(buffer)
    with pytest.raises(FileRejected) as excinfo:
        _load(buffer.getvalue())
    assert excinfo.value.code == "error.kb_empty_file"


def test_an_encrypted_deck_is_refused_as_password_protected() -> None:
    with pytest.raises(FileRejected) as excinfo:
        _load(OLE_HEADER + b"\x00" * 2048, "잠긴 발표.pptx")
    assert excinfo.value.code == "error.kb_office_encrypted"


def test_text_named_pptx_is_refused_as_not_a_deck() -> None:
    with pytest.raises(FileRejected) as excinfo:
        _load("발표 메모\nslide notes".encode(), "notes.pptx")
    assert excinfo.value.code == "error.kb_not_a_package"


def test_a_damaged_deck_is_refused() -> None:
    source = zipfile.ZipFile(io.BytesIO(_deck()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "ppt/presentation.xml":
                content = content[: len(content) // 2]
            target.writestr(item, content)
    with pytest.raises(FileRejected) as excinfo:
        _load(buffer.getvalue())
    assert excinfo.value.code == "error.kb_package_corrupt"


def test_a_zip_bomb_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("ppt/slides/slide1.xml", b" " * (64 * 1024 * 1024))
    with pytest.raises(FileRejected) as excinfo:
        _load(buffer.getvalue(), "bomb.pptx")
    assert excinfo.value.code in {"error.kb_archive_too_large", "error.kb_archive_ratio"}


def test_an_oversized_deck_is_refused() -> None:
    with pytest.raises(FileRejected) as excinfo:
        load_document(SourceFile("big.pptx", data=_deck()), max_bytes=1000)
    assert excinfo.value.code == "error.kb_file_too_large"
