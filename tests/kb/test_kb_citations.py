"""Citations: the numbered context block, citation records, and the markers an answer used."""

from __future__ import annotations

import pytest

from workbench.kb.citations import Citation, build_context, cited_numbers, used_citations
from workbench.kb.retrieval import RetrievedChunk

CHUNKS = [
    RetrievedChunk(id="c1", text="Seoul is the capital.\n", source="guide.pdf", score=0.9, page=3),
    RetrievedChunk(id="c2", text="부산은 항구 도시이다.", source="notes.md", score=0.8),
    RetrievedChunk(
        id="c3", text="name: Bob", source="people.csv", score=0.7, row_start=2, row_end=5
    ),
    RetrievedChunk(id="c4", text="one row", source="one.csv", score=0.6, row_start=7, row_end=7),
]


def test_context_block_and_records():
    context, citations = build_context(CHUNKS)
    assert context == (
        "[1] (guide.pdf, p. 3)\nSeoul is the capital.\n\n"
        "[2] (notes.md)\n부산은 항구 도시이다.\n\n"
        "[3] (people.csv, rows 2-5)\nname: Bob\n\n"
        "[4] (one.csv, row 7)\none row"
    )
    assert citations[0] == Citation(
        n=1, file="guide.pdf", page=3, chunk_id="c1", text="Seoul is the capital.\n"
    )
    assert [c.n for c in citations] == [1, 2, 3, 4]
    assert [c.chunk_id for c in citations] == ["c1", "c2", "c3", "c4"]


def test_no_chunks_no_context():
    assert build_context([]) == ("", [])


@pytest.mark.parametrize(
    ("answer", "numbers"),
    [
        ("Seoul is the capital [1].", [1]),
        ("Busan [2] and Seoul [1][2].", [2, 1]),
        ("See [1, 3] and [2,4].", [1, 3, 2, 4]),
        ("Sources [1-3].", [1, 2, 3]),
        ("서울입니다【1】 그리고 부산［2］.", [1, 2]),
        ("As OpenAI-style tools cite 【3†source】.", [3]),
        ("In [2023] and [0] and [9] nothing valid.", []),
        ("No citations at all.", []),
        ("Markdown [link](http://x) and [1]", [1]),
    ],
)
def test_cited_numbers(answer: str, numbers: list[int]):
    assert cited_numbers(answer, count=4) == numbers


def test_used_citations_returns_the_records():
    _, citations = build_context(CHUNKS)
    used = used_citations("부산 [2], Seoul [1], again [2]", citations)
    assert [(c.n, c.file) for c in used] == [(2, "notes.md"), (1, "guide.pdf")]
