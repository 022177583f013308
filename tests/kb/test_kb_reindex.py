"""Re-index is atomic from the user's side: the old collection stays whole until one switch."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kb_fixtures import embedded_store
from workbench.kb import collections as kb
from workbench.kb.chunking import ChunkSettings
from workbench.kb.documents import SourceFile
from workbench.kb.errors import StoreUnavailable, store_unavailable
from workbench.kb.ingest import ingest_files
from workbench.kb.reindex import reindex_collection
from workbench.kb.retrieval import search
from workbench.kb.store import ChromaStore
from workbench.ollama.client import OllamaService

TEXT = " ".join(f"Sentence number {i} talks about topic {i % 7}." for i in range(60))


@pytest.fixture
def store(tmp_path: Path, service: OllamaService) -> ChromaStore:
    store = embedded_store(tmp_path)
    kb.create_collection(store, service, "kb", "bge-m3", ChunkSettings(100, 0))
    ingest_files(store, service, "kb", [SourceFile("a.txt", data=TEXT.encode())])
    return store


def failing(monkeypatch: pytest.MonkeyPatch, store: ChromaStore, method: str) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise store_unavailable("test", "disk full")

    monkeypatch.setattr(store, method, broken)


def test_a_failure_before_the_switch_leaves_the_old_collection_in_use(store, service, monkeypatch):
    with monkeypatch.context() as patch:
        failing(patch, store, "modify")
        with pytest.raises(StoreUnavailable):
            reindex_collection(store, service, "kb", "all-minilm", batch_size=8)
    info = kb.find_collection(store, "kb")
    assert (info.embedding_model, info.chunks, info.documents) == ("bge-m3:latest", 30, 1)
    assert search(store, service, "kb", "topic 3", 3)
    assert [i.display_name for i in kb.list_collections(store)] == ["kb"]


def test_a_failure_after_the_switch_leaves_the_new_collection_in_use(store, service, monkeypatch):
    with monkeypatch.context() as patch:
        failing(patch, store, "delete")
        with pytest.raises(StoreUnavailable):
            reindex_collection(store, service, "kb", "all-minilm", batch_size=8)
    info = kb.find_collection(store, "kb")
    assert (info.embedding_model, info.chunks, info.documents) == ("all-minilm:latest", 30, 1)
    assert search(store, service, "kb", "topic 3", 3, embedding_model="all-minilm")


def test_back_and_forth_then_delete_leaves_nothing(store, service):
    reindex_collection(store, service, "kb", "all-minilm")
    reindex_collection(store, service, "kb", "bge-m3")
    info = kb.find_collection(store, "kb")
    assert (info.embedding_model, info.chunks) == ("bge-m3:latest", 30)
    assert len(store.collections()) == 2  # the entry and the active copy
    assert [i.display_name for i in kb.list_collections(store)] == ["kb"]
    kb.delete_collection(store, "kb")
    assert store.collections() == []
