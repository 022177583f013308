"""Locations: the text of every kind in English and Korean, the path from a document's sections
through chunks and Chroma to citations, and chunks stored before the new fields."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tests.kb_fixtures import embedded_store
from tests.office_fixtures import make_docx, make_hwpx
from workbench.kb import collections as kb
from workbench.kb.chunking import ChunkSettings, chunk_document, chunk_id
from workbench.kb.citations import build_context, citations_for
from workbench.kb.documents import LoadedDocument, Section, SourceFile
from workbench.kb.ingest import ingest_files
from workbench.kb.location import Located, location_from_metadata, location_text, place_text
from workbench.kb.retrieval import RetrievedChunk, search
from workbench.ollama.client import OllamaService

PATH = "2. Budget › 2.3 Costs"


@pytest.mark.parametrize(
    ("where", "english", "korean"),
    [
        (Located(page=3), "a, p. 3", "a, 3쪽"),
        (Located(slide=4), "a, slide 4", "a, 슬라이드 4"),
        (
            Located(sheet="Budget", row_start=10, row_end=20),
            'a, sheet "Budget" rows 10-20',
            'a, "Budget" 시트 10-20행',
        ),
        (
            Located(sheet="예산", row_start=7, row_end=7),
            'a, sheet "예산" row 7',
            'a, "예산" 시트 7행',
        ),
        (Located(sheet="Budget"), 'a, sheet "Budget"', 'a, "Budget" 시트'),
        (
            Located(heading=PATH, paragraph=12),
            f"a, §{PATH}, ¶12",
            f"a, §{PATH}, 12번째 문단",
        ),
        (Located(paragraph=5), "a, ¶5", "a, 5번째 문단"),
        (
            Located(page=4, read_by="llava:7b"),
            "a, p. 4 (read by llava:7b)",
            "a, 4쪽 (llava:7b 모델이 읽음)",
        ),
        (Located(read_by="llava:7b"), "a (read by llava:7b)", "a (llava:7b 모델이 읽음)"),
        (Located(), "a", "a"),
    ],
)
def test_location_text_in_both_languages(where: Located, english: str, korean: str):
    assert location_text("a", where, "en") == english
    assert location_text("a", where, "ko") == korean


def test_a_long_heading_path_keeps_its_last_heading():
    path = " › ".join(["A very long chapter title about the annual budget"] * 2 + ["2.3 Costs"])
    assert place_text(Located(heading=path), "en") == "§… › 2.3 Costs"


def test_paragraphs_under_one_heading_share_a_chunk_that_starts_at_the_first():
    sections = (
        Section("2.3 Costs", heading=PATH, paragraph=5),
        Section("Travel is capped.", heading=PATH, paragraph=6),
        Section("3. Risks", heading="3. Risks", paragraph=7),
    )
    document = LoadedDocument("plan.docx", "docx", "0", sections)
    chunks = chunk_document(document, ChunkSettings(200, 0))
    assert [(c.heading, c.paragraph, c.text) for c in chunks] == [
        (PATH, 5, "2.3 Costs\n\nTravel is capped."),
        ("3. Risks", 7, "3. Risks"),
    ]
    assert chunks[0].metadata() == {
        "source": "plan.docx",
        "position": 0,
        "heading": PATH,
        "paragraph": 5,
    }


def test_sheet_row_blocks_keep_their_sheet_and_last_row():
    sections = (
        Section("a: 1", sheet="Budget", row=2, row_end=3),
        Section("a: 2", sheet="Budget", row=4, row_end=9),
        Section("b: 1", sheet="예산", row=2),
    )
    chunks = chunk_document(LoadedDocument("b.xlsx", "xlsx", "0", sections), ChunkSettings())
    assert [(c.sheet, c.row_start, c.row_end) for c in chunks] == [
        ("Budget", 2, 9),
        ("예산", 2, 2),
    ]


def test_ids_of_chunks_with_only_the_old_fields_do_not_change():
    content = hashlib.sha256(b"text").hexdigest()
    key = "\x1f".join(str(v) for v in ("a.pdf", 3, None, None, 0, content))
    assert chunk_id("a.pdf", "text", 0, page=3) == hashlib.sha256(key.encode()).hexdigest()[:32]
    assert chunk_id("a.docx", "t", 0, heading="A") != chunk_id("a.docx", "t", 0, heading="B")


def test_chunks_stored_with_only_page_or_rows_still_cite_as_before():
    old = [{"source": "a.pdf", "page": 3}, {"source": "t.csv", "row_start": 2, "row_end": 5}]
    hits = [
        RetrievedChunk(str(n), "x", m["source"], 0.5, **location_from_metadata(m))
        for n, m in enumerate(old)
    ]
    assert [c.location for c in citations_for(hits)] == ["a.pdf, p. 3", "t.csv, rows 2-5"]


def test_docx_and_hwpx_locations_go_through_chroma_into_citations(
    tmp_path: Path, service: OllamaService
):
    store = embedded_store(tmp_path)
    kb.create_collection(store, service, "문서", "bge-m3")
    docx = make_docx([("h1", "2. Budget"), ("h2", "2.3 Costs"), ("p", "Travel is capped at 500.")])
    hwpx = make_hwpx([[("개요 1", "1. 사업 개요"), ("p", "도서관 예산은 삼백만 원이다.")]])
    files = [SourceFile("plan.docx", data=docx), SourceFile("계획.hwpx", data=hwpx)]
    assert not ingest_files(store, service, "문서", files).failed
    stored = kb.document_chunks(store, "문서", "plan.docx")
    assert [(c.heading, c.paragraph) for c in stored] == [("2. Budget", 1), (PATH, 2)]
    hits = search(store, service, "문서", "travel capped 500 도서관 예산", k=10)
    context, citations = build_context(hits)
    where = {c.location for c in citations}
    assert f"plan.docx, §{PATH}, ¶2" in where
    assert "계획.hwpx, §1. 사업 개요, ¶1" in where
    assert f"[1] ({citations[0].location})" in context
    korean = {location_text(c.file, c, "ko") for c in citations}
    assert f"plan.docx, §{PATH}, 2번째 문단" in korean
