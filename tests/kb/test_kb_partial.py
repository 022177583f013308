"""Interrupted ingests: partial documents are listed, skipped by search, resumed, deleted, and
passages of unlisted files are found and repaired."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.fake_ollama import FakeOllama
from tests.kb_fixtures import embedded_store
from workbench.docchat import collection_rows, search_collections
from workbench.kb import collections as kb
from workbench.kb.chunking import ChunkSettings
from workbench.kb.documents import SourceFile
from workbench.kb.ingest import ingest_files
from workbench.kb.progress import IngestProgress
from workbench.kb.retrieval import search
from workbench.kb.store import ChromaStore
from workbench.ollama.client import OllamaService

BIG = " ".join(f"Zorblax fact {i} is about quenthar {i}." for i in range(200))
SMALL = "The capital of Zorblax is Quenthar. It lies on a river."
KB = "kb"


class Cancelled(Exception):
    """What a page's rerun raises inside the progress callback."""


@pytest.fixture
def store(tmp_path: Path) -> ChromaStore:
    return embedded_store(tmp_path)


@pytest.fixture
def collection(store: ChromaStore, service: OllamaService) -> str:
    kb.create_collection(store, service, KB, "bge-m3", ChunkSettings(100, 0))
    return KB


def text(name: str, body: str) -> SourceFile:
    return SourceFile(name, data=body.encode("utf-8"))


def cancel_after(chunks: int):
    def callback(progress: IngestProgress) -> None:
        if progress.chunks_done >= chunks:
            raise Cancelled

    return callback


def interrupted(store: ChromaStore, service: OllamaService) -> None:
    ingest_files(store, service, KB, [text("small.txt", SMALL)])
    with pytest.raises(Cancelled):
        ingest_files(store, service, KB, [text("big.txt", BIG)], cancel_after(8), batch_size=4)


def test_a_cancelled_ingest_leaves_a_listed_partial_document(store, service, collection):
    interrupted(store, service)
    documents = {d.source: d for d in kb.list_documents(store, collection)}
    big = documents["big.txt"]
    assert big.partial and not documents["small.txt"].partial
    assert big.stored == 8 == kb.find_collection(store, collection).chunks - 1
    assert big.chunks > big.stored
    assert kb.orphan_chunks(store, collection) == {}
    assert kb.find_collection(store, collection).partial == 1
    row = collection_rows(kb.list_collections(store), "en")[0]
    assert row["Warning"] == "⚠️ 1 partial document(s): resume or delete them in Documents"


@pytest.mark.parametrize("hybrid", [True, False])
def test_search_skips_partial_documents_unless_asked(store, service, collection, hybrid):
    interrupted(store, service)
    default = search(store, service, collection, "Zorblax fact quenthar", 5, hybrid=hybrid)
    assert {hit.source for hit in default} == {"small.txt"}
    wider = search(
        store, service, collection, "Zorblax fact quenthar", 5, hybrid=hybrid, include_partial=True
    )
    assert "big.txt" in {hit.source for hit in wider}
    chat = search_collections(store, service, [collection], "Zorblax fact quenthar", 5)
    assert {hit.source for hit in chat} == {"small.txt"}


def test_running_again_resumes_and_completes(store, service, collection, fake_daemon):
    interrupted(store, service)
    before = len(fake_daemon.requests)
    final = ingest_files(store, service, KB, [text("big.txt", BIG)], batch_size=4)
    embedded = [
        t
        for _, path, body in fake_daemon.requests[before:]
        if path == "/api/embed"
        for t in body["input"]
    ]
    big = next(d for d in kb.list_documents(store, collection) if d.source == "big.txt")
    assert not big.partial and big.stored == big.chunks == final.chunks_total
    assert len(embedded) == big.chunks - 8
    hits = search(store, service, collection, "Zorblax fact 150 quenthar 150", 5)
    assert "big.txt" in {hit.source for hit in hits}


def test_deleting_a_partial_document_removes_every_passage(store, service, collection):
    interrupted(store, service)
    assert kb.delete_document(store, collection, "big.txt") == 8
    assert [d.source for d in kb.list_documents(store, collection)] == ["small.txt"]
    assert kb.find_collection(store, collection).chunks == 1


def test_repair_finds_and_deletes_passages_of_unlisted_files(store, service, collection):
    interrupted(store, service)
    chroma = kb.open_collection(store, collection)
    dimension = int(chroma.metadata["embedding_dim"])
    store.upsert(
        chroma,
        ids=["old-1", "old-2"],
        embeddings=[[1.0] * dimension, [0.5] * dimension],
        documents=["left over", "left over too"],
        metadatas=[
            {"source": "legacy.txt", "position": 0},
            {"source": "legacy.txt", "position": 1},
        ],
    )
    assert kb.orphan_chunks(store, collection) == {"legacy.txt": ["old-1", "old-2"]}
    hits = search(store, service, collection, "left over", 5, include_partial=True)
    assert "legacy.txt" not in {hit.source for hit in hits}
    assert kb.delete_orphans(store, collection) == 2
    assert kb.orphan_chunks(store, collection) == {}
    assert kb.find_collection(store, collection).chunks == 9


KILLED_INGEST = """
import sys
from pathlib import Path
from tests.kb_fixtures import embedded_store
from tests.kb.test_kb_partial import BIG, KB
from workbench.kb import collections as kb
from workbench.kb.chunking import ChunkSettings
from workbench.kb.documents import SourceFile
from workbench.kb.ingest import ingest_files
from workbench.ollama.client import OllamaService

store = embedded_store(Path(sys.argv[1]))
service = OllamaService(sys.argv[2])
kb.create_collection(store, service, KB, "bge-m3", ChunkSettings(100, 0))
ingest_files(store, service, KB, [SourceFile("big.txt", data=BIG.encode())],
             lambda p: print(p.chunks_done, flush=True), batch_size=4)
print("finished", flush=True)
"""


def test_a_killed_process_leaves_a_partial_document_that_resumes(tmp_path: Path):
    with FakeOllama(token_delay=0.05) as daemon:
        child = subprocess.Popen(
            [sys.executable, "-c", KILLED_INGEST, str(tmp_path), daemon.url],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parents[2],
        )
        assert child.stdout is not None
        for line in child.stdout:
            if line.strip() != "finished" and int(line) >= 12:
                break
        child.kill()
        child.wait()
        assert line.strip() != "finished"
        store = embedded_store(tmp_path)
        [big] = kb.list_documents(store, KB)
        assert big.partial and 12 <= big.stored < big.chunks
        assert kb.orphan_chunks(store, KB) == {}
        service = OllamaService(daemon.url)
        final = ingest_files(store, service, KB, [text("big.txt", BIG)], batch_size=32)
        service.close()
    [big] = kb.list_documents(store, KB)
    assert not final.failed and not big.partial and big.stored == big.chunks
