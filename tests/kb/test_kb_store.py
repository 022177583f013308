"""Collections, ingest, search and re-index against the embedded store AND a real Chroma server."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from chromadb.api.types import DefaultEmbeddingFunction

from tests.fake_ollama import FakeOllama
from tests.kb_fixtures import (
    chroma_server,
    embed_requests,
    embedded_store,
    make_pdf,
    server_store,
)
from workbench.kb import collections as kb
from workbench.kb import errors
from workbench.kb.chunking import ChunkSettings
from workbench.kb.documents import SourceFile
from workbench.kb.ingest import ingest_files
from workbench.kb.reindex import reindex_collection
from workbench.kb.retrieval import search
from workbench.kb.store import ChromaStore
from workbench.ollama.client import OllamaService
from workbench.settings import load_settings

VALID_CHROMA_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9._-]{1,510}[a-zA-Z0-9]$")
SEOUL = "Seoul is the capital of Korea. It has many royal palaces.\n\nBusan is a port city."
JEJU = "제주도는 한국에서 가장 큰 섬이다. 한라산은 제주도 중앙에 있는 화산이다."


@pytest.fixture(scope="module")
def chroma_address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    """A real `chroma run` server for this module."""
    with chroma_server(tmp_path_factory.mktemp("chroma-server")) as address:
        yield address


@pytest.fixture(params=["embedded", "server"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> ChromaStore:
    """The same tests on the embedded PersistentClient and on an HttpClient."""
    if request.param == "embedded":
        return embedded_store(tmp_path)
    host, port = request.getfixturevalue("chroma_address")
    return server_store(tmp_path, host, port)


@pytest.fixture(autouse=True)
def no_default_embedding_function(monkeypatch: pytest.MonkeyPatch) -> None:
    """Chroma's default embedding function downloads a model: fail if anything calls it."""

    def refuse(self: object, input: object) -> None:
        raise AssertionError("Chroma's default embedding function was used")

    monkeypatch.setattr(DefaultEmbeddingFunction, "__call__", refuse)


def files(**texts: str) -> list[SourceFile]:
    return [SourceFile(name, data=text.encode("utf-8")) for name, text in texts.items()]


@pytest.mark.parametrize(
    "display",
    [
        "Docs",
        "내 문서",
        "ab",
        "  spaced  name  ",
        "ü-Ñ/..//x",
        "x" * 200,
        "...",
        "한국어 + English",
    ],
)
def test_chroma_names_are_valid_and_deterministic(display: str):
    name = kb.chroma_name(display)
    assert VALID_CHROMA_NAME.match(name) and ".." not in name
    assert kb.chroma_name(display) == name
    assert kb.chroma_name("!" + display[:-1]) != name


@pytest.mark.parametrize("display", ["", "   ", "x" * 201])
def test_bad_display_names_are_refused(display: str):
    with pytest.raises(errors.KbError) as caught:
        kb.chroma_name(display)
    assert caught.value.code == "error.kb_collection_name"


def test_create_list_and_delete(store: ChromaStore, service: OllamaService):
    info = kb.create_collection(store, service, "회사 규정", "bge-m3", ChunkSettings(300, 30))
    assert (info.embedding_model, info.embedding_dim) == ("bge-m3:latest", 1024)
    assert (info.chunk_size, info.chunk_overlap, info.documents, info.chunks) == (300, 30, 0, 0)
    kb.create_collection(store, service, "English notes", "all-minilm:latest")
    listed = kb.list_collections(store)
    assert [(c.display_name, c.embedding_dim) for c in listed] == [
        ("English notes", 384),
        ("회사 규정", 1024),
    ]
    with pytest.raises(errors.KbError) as caught:
        kb.create_collection(store, service, "회사 규정", "bge-m3")
    assert caught.value.code == "error.kb_collection_exists"
    kb.delete_collection(store, "회사 규정")
    assert [c.display_name for c in kb.list_collections(store)] == ["English notes"]
    with pytest.raises(errors.CollectionNotFound):
        kb.find_collection(store, "회사 규정")


@pytest.mark.parametrize(
    ("model", "code"),
    [
        ("gemma3:270m", "error.kb_not_embedding_model"),
        ("qwen3:0.6b", "error.kb_not_embedding_model"),
        ("nomic-embed-text", "error.kb_model_not_installed"),
    ],
)
def test_only_installed_embedding_models_build_collections(
    store: ChromaStore, service: OllamaService, model: str, code: str
):
    with pytest.raises(errors.EmbeddingModelRefused) as caught:
        kb.create_collection(store, service, "kb", model)
    assert caught.value.code == code
    assert kb.list_collections(store) == []


def test_ingest_search_and_reingest(
    store: ChromaStore, service: OllamaService, fake_daemon: FakeOllama
):
    kb.create_collection(store, service, "지식", "bge-m3", ChunkSettings(60, 0))
    report = ingest_files(store, service, "지식", files(**{"seoul.txt": SEOUL, "jeju.md": JEJU}))
    assert not report.failed
    info = kb.find_collection(store, "지식")
    assert (info.documents, info.chunks) == (2, report.chunks_total)
    calls = len(embed_requests(fake_daemon))

    again = ingest_files(store, service, "지식", files(**{"seoul.txt": SEOUL, "jeju.md": JEJU}))
    assert len(embed_requests(fake_daemon)) == calls
    assert [f.chunks_skipped for f in again.files] == [f.chunks_total for f in again.files]
    assert kb.find_collection(store, "지식").chunks == info.chunks

    english = search(store, service, "지식", "What is the capital of Korea?", k=1)
    assert english[0].source == "seoul.txt" and "capital" in english[0].text
    korean = search(store, service, "지식", "한라산은 어디에 있나요?", k=1)
    assert korean[0].source == "jeju.md" and "한라산" in korean[0].text
    assert 0 < korean[0].score <= 1


def test_changed_file_replaces_its_chunks(store: ChromaStore, service: OllamaService):
    kb.create_collection(store, service, "kb", "all-minilm", ChunkSettings(60, 0))
    ingest_files(store, service, "kb", files(**{"seoul.txt": SEOUL, "jeju.md": JEJU}))
    changed = "Seoul is the capital of Korea. It has many royal palaces.\n\nIncheon has an airport."
    report = ingest_files(store, service, "kb", files(**{"seoul.txt": changed}))
    assert (report.files[0].chunks_skipped, report.files[0].chunks_removed) == (1, 1)
    documents = {d.source: d for d in kb.list_documents(store, "kb")}
    assert set(documents) == {"seoul.txt", "jeju.md"}
    texts = [c.text for c in search(store, service, "kb", "port city airport", k=5)]
    assert any("Incheon" in t for t in texts) and not any("Busan" in t for t in texts)
    assert documents["seoul.txt"].chunks == kb.find_collection(store, "kb").chunks - 1


def test_browse_a_documents_chunks_in_reading_order(store: ChromaStore, service: OllamaService):
    kb.create_collection(store, service, "kb", "bge-m3", ChunkSettings(60, 0))
    pdf = make_pdf(["Page one. " * 12, "Page two is short."])
    ingest_files(store, service, "kb", [SourceFile("book.pdf", data=pdf)])
    chunks = kb.document_chunks(store, "kb", "book.pdf")
    assert [(c.page, c.position) for c in chunks] == [(1, 0), (1, 1), (2, 0)]
    assert chunks[-1].text == "Page two is short."
    assert kb.document_chunks(store, "kb", "missing.pdf") == []


def test_delete_one_document(store: ChromaStore, service: OllamaService):
    kb.create_collection(store, service, "kb", "bge-m3")
    ingest_files(store, service, "kb", files(**{"seoul.txt": SEOUL, "jeju.md": JEJU}))
    assert kb.delete_document(store, "kb", "jeju.md") == 1
    assert [d.source for d in kb.list_documents(store, "kb")] == ["seoul.txt"]
    assert {c.source for c in search(store, service, "kb", "한라산", k=5)} == {"seoul.txt"}
    assert kb.delete_document(store, "kb", "jeju.md") == 0


def test_search_with_another_embedding_model_is_refused(store: ChromaStore, service):
    kb.create_collection(store, service, "kb", "bge-m3")
    ingest_files(store, service, "kb", files(**{"seoul.txt": SEOUL}))
    assert search(store, service, "kb", "capital", embedding_model="bge-m3")
    with pytest.raises(errors.EmbeddingModelRefused) as caught:
        search(store, service, "kb", "capital", embedding_model="all-minilm")
    assert caught.value.code == "error.kb_model_mismatch"
    assert caught.value.params == {
        "collection": "kb",
        "built_with": "bge-m3:latest",
        "requested": "all-minilm",
    }


def test_reindex_with_another_model_swaps_in_a_new_collection(
    store: ChromaStore, service: OllamaService
):
    kb.create_collection(store, service, "지식", "all-minilm", ChunkSettings(60, 0))
    ingest_files(store, service, "지식", files(**{"seoul.txt": SEOUL, "jeju.md": JEJU}))
    before = kb.find_collection(store, "지식")
    seen: list[tuple[int, int]] = []
    after = reindex_collection(
        store, service, "지식", "bge-m3", on_progress=lambda d, t: seen.append((d, t)), batch_size=2
    )
    assert (after.embedding_model, after.embedding_dim) == ("bge-m3:latest", 1024)
    assert (after.chunks, after.documents, after.name) == (before.chunks, 2, before.name)
    assert seen[-1] == (before.chunks, before.chunks)
    names = sorted(c.name for c in store.collections())
    assert len(names) == 2 and names[0] == before.name  # the entry, then the active copy
    assert search(store, service, "지식", "한라산", k=1, embedding_model="bge-m3")[0].source == (
        "jeju.md"
    )
    with pytest.raises(errors.EmbeddingModelRefused):
        search(store, service, "지식", "한라산", embedding_model="all-minilm")


def test_unreachable_chroma_server_is_a_clear_error(tmp_path: Path, dead_host: str):
    port = dead_host.rsplit(":", 1)[1]
    settings = load_settings(
        {"WORKBENCH_DATA_DIR": str(tmp_path), "CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": port}
    )
    with pytest.raises(errors.StoreUnavailable) as caught:
        ChromaStore.from_settings(settings)
    assert caught.value.params["location"] == f"127.0.0.1:{port}"


def test_a_chroma_server_that_stops_is_a_clear_error(tmp_path: Path, service: OllamaService):
    with chroma_server(tmp_path) as (host, port):
        store = server_store(tmp_path, host, port)
        kb.create_collection(store, service, "kb", "bge-m3")
    with pytest.raises(errors.StoreUnavailable) as caught:
        kb.list_collections(store)
    assert caught.value.code == "error.kb_store_unavailable"
    assert "CHROMA_HOST" in caught.value.message
    with pytest.raises(errors.StoreUnavailable):
        ingest_files(store, service, "kb", files(**{"seoul.txt": SEOUL}))
