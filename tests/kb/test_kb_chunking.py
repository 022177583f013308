"""Chunking: sizes, overlap, paragraph and (Korean) sentence boundaries, stable ids."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workbench.kb.chunking import ChunkSettings, chunk_document, chunk_id, split_text
from workbench.kb.documents import LoadedDocument, Section
from workbench.kb.errors import KbError

K = [
    "대한민국의 수도는 서울이다.",
    "서울에는 약 천만 명이 산다.",
    "한강이 도시를 가로지른다.",
    "부산은 두 번째로 큰 도시예요.",
    "바다가 아름다워요?",
    "네, 정말 그래요!",
    "제주도는 섬이다.",
]
KOREAN = " ".join(K)
ENGLISH = (
    "The first paragraph has one sentence. It has a second one too.\n\n"
    "The second paragraph is a little longer than the first, and it keeps going for a while.\n"
    "A new line starts here.\n\nThird."
)


def doc(*sections: Section, kind: str = "text", name: str = "a.txt") -> LoadedDocument:
    return LoadedDocument(name=name, kind=kind, sha256="0", sections=sections)


@pytest.mark.parametrize(
    ("text", "size", "overlap", "expected"),
    [
        ("short text", 50, 10, ["short text"]),
        ("", 50, 10, []),
        (
            KOREAN,
            50,
            0,
            [" ".join(K[:3]), " ".join(K[3:])],
        ),
        (
            KOREAN,
            60,
            20,
            [" ".join(K[:3]), " ".join(K[2:6]), " ".join(K[5:])],
        ),
        (
            ENGLISH,
            100,
            0,
            [
                "The first paragraph has one sentence. It has a second one too.",
                "The second paragraph is a little longer than the first, "
                "and it keeps going for a while.",
                "A new line starts here.\n\nThird.",
            ],
        ),
        ("제주도는 섬이다.그리고 한라산이 있다. " * 3, 50, 0, None),
        ("supercalifragilistic " * 6, 50, 0, ["supercalifragilistic supercalifragilistic"] * 3),
        ("x" * 120, 50, 10, ["x" * 50, "x" * 50, "x" * 20]),
        ("東京は日本の首都です。大阪は二番目の都市です。京都は古い都です。" * 2, 50, 0, None),
    ],
    ids=[
        "fits",
        "empty",
        "korean-sentences",
        "korean-overlap-starts-at-sentence",
        "paragraphs-first",
        "korean-period-without-space",
        "words-not-split",
        "hard-cut-without-spaces",
        "cjk-full-stops",
    ],
)
def test_split_text(text: str, size: int, overlap: int, expected: list[str] | None):
    pieces = split_text(text, size, overlap)
    if expected is not None:
        assert pieces == expected
    assert all(len(piece) <= size for piece in pieces)
    if "." in text or "。" in text:
        assert all(re.search(r"[.。!?]$", piece) for piece in pieces), pieces


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(
        st.sampled_from(
            ["서울", "부산은", "바다다.", "apple", "pear.", "a", "loooooooong", "\n\n"]
        ),
        max_size=120,
    ),
    size=st.integers(50, 200),
    overlap_share=st.floats(0, 0.5),
)
def test_chunks_respect_size_and_keep_every_word_in_order(words, size, overlap_share):
    text = " ".join(words)
    overlap = int(size * overlap_share)
    pieces = split_text(text, size, overlap)
    assert all(0 < len(piece) <= size for piece in pieces)
    tokens = text.split()
    if not overlap:
        assert " ".join(pieces).split() == tokens
    covered = [token for piece in pieces for token in piece.split()]
    assert set(covered) == set(tokens)
    for piece in pieces:
        assert all(token in tokens for token in piece.split()), "a word was split"


def test_overlap_repeats_the_end_of_the_previous_chunk():
    text = " ".join(f"word{i:03d}" for i in range(60))
    pieces = split_text(text, 100, 30)
    for before, after in itertools.pairwise(pieces):
        shared = after.split()[0]
        assert shared in before.split()
        assert len(before) - before.index(shared) <= 30


@pytest.mark.parametrize(
    ("size", "overlap"),
    [(10, 0), (49, 0), (20_001, 0), (100, 51), (100, -1)],
)
def test_bad_chunk_settings_are_refused(size: int, overlap: int):
    with pytest.raises(KbError) as caught:
        ChunkSettings(size, overlap)
    assert caught.value.code == "error.kb_chunk_settings"


def test_pdf_chunks_keep_their_pages_and_ids_are_stable():
    document = doc(
        Section("Page one text. " * 10, page=1),
        Section("Page three text.", page=3),
        kind="pdf",
        name="manual.pdf",
    )
    first = chunk_document(document, ChunkSettings(60, 10))
    again = chunk_document(document, ChunkSettings(60, 10))
    assert [c.id for c in first] == [c.id for c in again]
    assert len({c.id for c in first}) == len(first)
    assert {c.page for c in first} == {1, 3}
    assert first[-1].metadata() == {"source": "manual.pdf", "position": 0, "page": 3}


@pytest.mark.parametrize(
    ("change", "same"),
    [
        ({}, True),
        ({"source": "other.pdf"}, False),
        ({"page": 2}, False),
        ({"position": 1}, False),
        ({"text": "Page one text!"}, False),
    ],
)
def test_chunk_id_depends_on_source_page_position_and_content(change: dict, same: bool):
    base = {"source": "a.pdf", "text": "Page one text.", "position": 0, "page": 1}
    assert (chunk_id(**base) == chunk_id(**{**base, **change})) is same


def test_editing_one_page_keeps_the_other_pages_ids():
    before = chunk_document(
        doc(Section("Alpha.", page=1), Section("Beta.", page=2), kind="pdf"), ChunkSettings()
    )
    after = chunk_document(
        doc(Section("Alpha changed.", page=1), Section("Beta.", page=2), kind="pdf"),
        ChunkSettings(),
    )
    assert before[0].id != after[0].id
    assert before[1].id == after[1].id


def test_csv_rows_are_packed_with_row_ranges():
    rows = tuple(Section(f"name: person {i}\ncity: 서울", row=i) for i in range(2, 12))
    chunks = chunk_document(doc(*rows, kind="csv", name="p.csv"), ChunkSettings(100, 0))
    assert chunks[0].row_start == 2 and chunks[-1].row_end == 11
    assert all(len(c.text) <= 100 for c in chunks)
    assert [r for c in chunks for r in range(c.row_start, c.row_end + 1)] == list(range(2, 12))
    assert "page" not in chunks[0].metadata()
