"""Document chat logic: merged retrieval, templates, history, prompts, and the page's rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kb_fixtures import embedded_store
from workbench.compare import compare_request
from workbench.docchat import chat as docchat
from workbench.docchat.chat import DEFAULT_TEMPLATES, DocTurn
from workbench.docchat.views import (
    IngestReport,
    collection_rows,
    escape_markdown,
    hit_label,
    ingest_rows,
    location_text,
    progress_text,
    status_label,
)
from workbench.kb import collections as kb
from workbench.kb.citations import build_context
from workbench.kb.collections import CollectionInfo
from workbench.kb.documents import SourceFile
from workbench.kb.errors import empty_file
from workbench.kb.ingest import ingest_files
from workbench.kb.location import Located
from workbench.kb.progress import FileProgress, FileStatus, IngestProgress
from workbench.kb.retrieval import RetrievedChunk
from workbench.library.store import STARTER_DIR, Library
from workbench.ollama.client import OllamaService
from workbench.templates.rendering import Message, Template, Variable

STARTERS = [e.template for e in Library(STARTER_DIR).entries() if e.template]


def info(name: str, model: str) -> CollectionInfo:
    return CollectionInfo(name, f"kb-{name}", model, 384, 800, 100, "", 1, 2)


def rag(template_id: str, *names: str) -> Template:
    return Template(
        template_id,
        template_id.title(),
        [Message("user", " ".join(f"{{{{{n}}}}}" for n in names))],
        [Variable(n) for n in names],
    )


def failed(name: str) -> FileProgress:
    error = empty_file(name)
    return FileProgress(
        name,
        FileStatus.FAILED,
        reason=error.message,
        error_code=error.code,
        error_params={**error.params},
    )


def progress(*files: FileProgress, elapsed: float = 1.0) -> IngestProgress:
    return IngestProgress(files, 0, 0, None, None, elapsed)


def test_several_collections_are_searched_with_their_own_models(
    tmp_path: Path, service: OllamaService
) -> None:
    store = embedded_store(tmp_path)
    kb.create_collection(store, service, "English", "all-minilm")
    kb.create_collection(store, service, "한국어", "bge-m3")
    english = "The office car park opens at seven. Visitors park on level two."
    korean = "주차장은 아침 7시에 열리며 방문객은 지하 2층에 주차합니다. car park"
    ingest_files(store, service, "English", [SourceFile("park.txt", data=english.encode())])
    ingest_files(store, service, "한국어", [SourceFile("주차.txt", data=korean.encode())])
    found = docchat.search_collections(store, service, ["English", "한국어"], "car park", k=5)
    assert {c.source for c in found} == {"park.txt", "주차.txt"}
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)
    assert len(docchat.search_collections(store, service, ["English", "한국어"], "park", k=1)) == 1


def test_missing_embedders() -> None:
    infos = [info("a", "bge-m3:latest"), info("b", "all-minilm"), info("c", "all-minilm")]
    assert docchat.missing_embedders(infos, ["bge-m3", "gemma3:270m"]) == ["all-minilm"]
    assert docchat.missing_embedders(infos, ["BGE-M3:latest", "all-minilm:latest"]) == []


@pytest.mark.parametrize(
    ("names", "index"),
    [
        (["all-minilm:latest", "bge-m3:latest"], 1),
        (["all-minilm:latest", "jina-embeddings:latest"], 1),
        (["all-minilm:latest", "nomic-embed-text:latest"], 0),
        ([], 0),
    ],
)
def test_preferred_embedder(names: list[str], index: int) -> None:
    assert docchat.preferred_embedder(names) == index


def test_rag_templates_prefer_the_library_and_fill_in_starters() -> None:
    mine = [
        rag("rag-answer", "context", "question"),
        rag("notes", "context"),
        rag("qa", "question", "context"),
    ]
    found = docchat.rag_templates(mine, STARTERS)
    ids = [t.id for t in found]
    assert ids[:2] == ["rag-answer", "qa"] and "notes" not in ids
    assert ids.count("rag-answer") == 1 and "rag-answer-ko" in ids
    assert found[0] is mine[0]
    assert "zero-shot" not in ids


@pytest.mark.parametrize(("language", "expected"), [("en", "rag-answer"), ("ko", "rag-answer-ko")])
def test_default_template_follows_the_language(language: str, expected: str) -> None:
    found = docchat.rag_templates([], STARTERS)
    assert found[docchat.default_template(found, language)].id == expected
    assert docchat.default_template([rag("x", "context", "question")], language) == 0


def test_history_pairs_each_answer_with_its_question() -> None:
    turns = [
        DocTurn("user", "Q1"),
        DocTurn("assistant", "A1", question="Q1"),
        DocTurn("user", "Q2"),
        DocTurn("assistant", "", question="Q2", error=empty_file("x")),
        DocTurn("user", "Q3"),
        DocTurn("assistant", "partial A3", question="Q3", error=empty_file("x")),
    ]
    assert docchat.conversation_history(turns) == [
        {"role": "user", "content": "Q1"},
        {"role": "assistant", "content": "A1"},
        {"role": "user", "content": "Q3"},
        {"role": "assistant", "content": "partial A3"},
    ]


def test_prompt_puts_history_between_system_and_the_new_question() -> None:
    template = Library(STARTER_DIR).load("rag-answer")
    history = [{"role": "user", "content": "Q1"}, {"role": "assistant", "content": "A1"}]
    messages = docchat.prompt_messages(template, "[1] (a.pdf, p. 1)\nText {{x}}", "Q2?", history)
    assert [m["role"] for m in messages] == ["system", "user", "assistant", "user"]
    assert messages[1:3] == history
    assert messages[-1]["content"] == "Context:\n[1] (a.pdf, p. 1)\nText {{x}}\n\nQuestion: Q2?"


def test_prompt_without_a_system_prompt() -> None:
    messages = docchat.prompt_messages(rag("plain", "context", "question"), "C", "Q", [])
    assert messages == [{"role": "user", "content": "C Q"}]


def test_used_citations_of_a_turn() -> None:
    chunks = [RetrievedChunk(str(n), f"text {n}", "a.pdf", 0.5, page=n) for n in (1, 2, 3)]
    _, citations = build_context(chunks)
    turn = DocTurn("assistant", "See [3] and [1, 9].", citations=citations)
    assert [c.n for c in turn.used] == [3, 1]


def test_compare_request_copies_the_messages() -> None:
    messages = [{"role": "system", "content": "S"}, {"role": "user", "content": "U"}]
    request = compare_request("Document chat: Q", messages, ["gemma3:270m"])
    assert request == {
        "name": "Document chat: Q",
        "messages": messages,
        "models": ["gemma3:270m"],
        "options": {},
        "left_out": [],
        "output_schema": None,
        "tools": [],
    }
    request["messages"][0]["content"] = "changed"
    assert messages[0]["content"] == "S"


def test_compare_request_carries_the_options_compare_can_hold_and_names_the_rest() -> None:
    options = {"temperature": 0.2, "num_predict": 60, "min_p": 0.1, "stop": ["###"], "seed": None}
    request = compare_request("Q", [{"role": "user", "content": "U"}], (), options)
    assert request["options"] == {"temperature": 0.2, "num_predict": 60}
    assert request["left_out"] == ["min_p", "stop"]


def test_shorten() -> None:
    assert docchat.shorten("  a\n b  ") == "a b"
    assert docchat.shorten("x" * 100, 10) == "x" * 9 + "…"


@pytest.mark.parametrize(
    ("file", "where", "language", "expected"),
    [
        ("a.pdf", Located(page=3), "en", "a.pdf, p. 3"),
        ("a.pdf", Located(page=3), "ko", "a.pdf, 3쪽"),
        ("t.csv", Located(row_start=2, row_end=5), "en", "t.csv, rows 2-5"),
        ("t.csv", Located(row_start=2, row_end=5), "ko", "t.csv, 2-5행"),
        ("t.csv", Located(row_start=4, row_end=4), "en", "t.csv, row 4"),
        ("notes.md", Located(), "en", "notes.md"),
    ],
)
def test_locations(file: str, where: Located, language: str, expected: str) -> None:
    assert location_text(file, where, language) == expected


def test_escape_markdown() -> None:
    assert escape_markdown("my_file*[draft].pdf") == r"my\_file\*\[draft\].pdf"


def test_report_merges_a_retry_and_knows_the_locked_pdfs() -> None:
    locked = FileProgress("l.pdf", FileStatus.FAILED, error_code="error.kb_pdf_password_required")
    first = IngestReport("KB").merged(
        progress(FileProgress("a.txt", FileStatus.DONE), locked, failed("e.txt"))
    )
    assert [f.name for f in first.locked] == ["l.pdf"]
    assert [f.name for f in first.done] == ["a.txt"] and len(first.failed) == 2
    retry = first.merged(progress(FileProgress("l.pdf", FileStatus.DONE), elapsed=3.0))
    assert [f.name for f in retry.files] == ["a.txt", "l.pdf", "e.txt"]
    assert not retry.locked and retry.elapsed == 3.0 and len(retry.done) == 2


def test_ingest_rows_translate_status_and_reason() -> None:
    rows = ingest_rows([failed("empty.txt"), FileProgress("a.txt", FileStatus.DONE, 4, 4, 2)], "ko")
    assert rows[0]["상태"] == "❌ 실패" and rows[0]["참고"].startswith("empty.txt")
    assert "비어" in rows[0]["참고"]
    assert rows[1]["구절"] == "4/4" and rows[1]["참고"] == "구절 2개는 이미 저장되어 있었습니다."
    assert status_label(FileStatus.EMBEDDING, "en") == "🧮 embedding"


def test_progress_text() -> None:
    running = IngestProgress((FileProgress("a.txt", FileStatus.EMBEDDING),), 12, 40, 8.5, 3.3, 1.0)
    assert progress_text(running, "en") == "12/40 passages · 8.5 passages/s · about 3.3 s left"
    assert progress_text(running, "ko") == "구절 12/40 · 초당 8.5개 · 약 3.3초 남음"


def test_collection_rows_and_hit_labels() -> None:
    row = collection_rows([info("문서", "bge-m3:latest")], "en")[0]
    assert row["Name"] == "문서" and row["Embedding model"] == "bge-m3:latest"
    assert (row["Documents"], row["Passages"], row["Dimension"]) == (1, 2, 384)
    hit = RetrievedChunk("1", "t", "a_b.pdf", 0.8123, page=2, keyword_score=1.5)
    assert (
        hit_label(1, hit, True, "en") == r"#1 · a\_b.pdf, p. 2 · similarity 0.812 · keywords 1.50"
    )
    assert hit_label(1, hit, False, "en") == r"#1 · a\_b.pdf, p. 2 · similarity 0.812"


@pytest.mark.parametrize(
    ("question", "language"),
    [
        ("연차는 며칠인가요?", "ko"),
        ("How many days of leave?", "en"),
        ("PTO 정책에서 연차는 며칠?", "ko"),
        ("What does 연차 mean in the handbook?", "en"),
        ("2024?", "en"),
    ],
)
def test_the_question_language_picks_the_template(question: str, language: str) -> None:
    from workbench.docchat import ChatSetup, question_language

    assert question_language(question) == language
    english = Template(id="rag-answer", name="en", messages=[Message("user", "{{question}}")])
    korean = Template(id="rag-answer-ko", name="ko", messages=[Message("user", "{{question}}")])
    automatic = ChatSetup(("kb",), "m", english, by_question=(english, korean))
    assert automatic.template_for(question).id == DEFAULT_TEMPLATES[language]
    assert ChatSetup(("kb",), "m", english).template_for(question) is english


def test_page_options_override_the_templates_parameters() -> None:
    from workbench.docchat import ChatSetup

    template = Template(
        id="t", name="t", messages=[Message("user", "x")], parameters={"temperature": 0.1}
    )
    setup = ChatSetup(("kb",), "m", template, options={"num_predict": 64, "temperature": 0.7})
    assert setup.options_for(template) == {"temperature": 0.7, "num_predict": 64}
    assert ChatSetup(("kb",), "m", template).options_for(template) == {"temperature": 0.1}
