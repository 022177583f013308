"""knowledge_search: Document chat's retrieval as the search_knowledge tool's Search."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kb_fixtures import embedded_store, make_pdf
from workbench.docchat import knowledge_search, search_collections
from workbench.errors import WorkbenchError
from workbench.kb.collections import create_collection
from workbench.kb.documents import SourceFile
from workbench.kb.ingest import ingest_files
from workbench.kb.store import ChromaStore
from workbench.ollama import OllamaService, ToolCall
from workbench.tools import run_builtin

BRIDGE = "The Golden Gate Bridge in San Francisco opened to traffic in May 1937."
TEA = "Green tea leaves are steamed or pan-fired soon after picking, which stops oxidation."
CSV = "item,price\nbridge toll,8.75\ncable car,8.00\nferry,10.00\n"


@pytest.fixture
def store(tmp_path: Path, service: OllamaService) -> ChromaStore:
    """Two knowledge bases: a PDF and a CSV in one, a text in Korean's multilingual one."""
    store = embedded_store(tmp_path)
    create_collection(store, service, "Travel", "all-minilm")
    create_collection(store, service, "차", "bge-m3")
    files = [
        SourceFile("guide.pdf", data=make_pdf(["Contents", BRIDGE])),
        SourceFile("prices.csv", data=CSV.encode()),
    ]
    ingest_files(store, service, "Travel", files)
    ingest_files(store, service, "차", [SourceFile("tea.txt", data=TEA.encode())])
    return store


def test_passages_carry_document_chats_labels(store: ChromaStore, service: OllamaService) -> None:
    search = knowledge_search(store, service, ["Travel"])
    passages = search("When did the Golden Gate Bridge open?", 3)
    labels = [label for label, _ in passages]
    assert passages[0] == ("guide.pdf, p. 2", BRIDGE)
    assert "prices.csv, rows 2-4" in labels  # the CSV's rows 2-4 are one passage
    assert len(passages) <= 3


def test_it_returns_what_document_chat_finds(store: ChromaStore, service: OllamaService) -> None:
    question = "bridge toll and green tea"
    chunks = search_collections(store, service, ["Travel", "차"], question, k=4)
    passages = knowledge_search(store, service, ["Travel", "차"])(question, 4)
    assert [text for _, text in passages] == [c.text for c in chunks]
    assert "tea.txt" in [label for label, _ in passages]


def test_labels_follow_the_language(store: ChromaStore, service: OllamaService) -> None:
    passages = knowledge_search(store, service, ["Travel"], language="ko")("Golden Gate", 1)
    assert passages == [("guide.pdf, 2쪽", BRIDGE)]


def test_k_limits_the_passages(store: ChromaStore, service: OllamaService) -> None:
    search = knowledge_search(store, service, ["Travel", "차"], hybrid=False)
    assert len(search("price", 1)) == 1
    assert search("   ", 3) == []
    assert knowledge_search(store, service, [])("bridge", 3) == []


def test_the_tool_cites_the_knowledge_base(store: ChromaStore, service: OllamaService) -> None:
    search = knowledge_search(store, service, ["Travel"])
    call = ToolCall("search_knowledge", {"query": "Golden Gate Bridge opening", "top_k": 1})
    result = run_builtin(call, search)
    assert not result.error
    assert result.content.endswith(f"[1] (guide.pdf, p. 2)\n{BRIDGE}")


def test_a_missing_knowledge_base_is_an_error_for_the_model(
    store: ChromaStore, service: OllamaService
) -> None:
    search = knowledge_search(store, service, ["Gone"])
    with pytest.raises(WorkbenchError):
        search("bridge", 3)
    result = run_builtin(ToolCall("search_knowledge", {"query": "bridge"}), search)
    assert result.error and "Gone" in result.content
