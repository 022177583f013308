"""Ingest: batching, progress, bad files, idempotency and resuming after the daemon dies."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from tests.fake_ollama import FakeOllama, default_models
from tests.kb_fixtures import embed_requests, embedded_store, make_pdf
from workbench.errors import DaemonUnavailable
from workbench.kb import collections as kb
from workbench.kb.chunking import ChunkSettings
from workbench.kb.documents import SourceFile
from workbench.kb.errors import CollectionNotFound, KbError
from workbench.kb.ingest import ingest_files
from workbench.kb.progress import FileStatus, IngestProgress, ProgressTracker
from workbench.kb.reindex import reindex_collection
from workbench.kb.retrieval import search
from workbench.kb.store import ChromaStore
from workbench.ollama.client import OllamaService

SENTENCES = " ".join(f"Sentence number {i} talks about topic {i % 7}." for i in range(60))


@pytest.fixture
def store(tmp_path: Path) -> ChromaStore:
    return embedded_store(tmp_path)


@pytest.fixture
def collection(store: ChromaStore, service: OllamaService) -> str:
    kb.create_collection(store, service, "문서", "bge-m3", ChunkSettings(100, 0))
    return "문서"


def text_file(name: str, text: str = SENTENCES) -> SourceFile:
    return SourceFile(name, data=text.encode("utf-8"))


@pytest.mark.parametrize(("batch_size", "calls"), [(1, 30), (8, 4), (32, 1)])
def test_one_embed_request_per_batch(
    store, service, collection, fake_daemon: FakeOllama, batch_size: int, calls: int
):
    report = ingest_files(store, service, collection, [text_file("a.txt")], batch_size=batch_size)
    requests = embed_requests(fake_daemon)
    assert report.chunks_total == 30
    assert len(requests) == calls
    assert all(len(batch) <= batch_size for batch in requests)
    embedded = [text for batch in requests for text in batch]
    assert len(embedded) == len(set(embedded)) == 30


def test_progress_reports_every_stage(store, service, collection):
    snapshots: list[IngestProgress] = []
    files = [
        text_file("a.txt"),
        SourceFile("b.pdf", data=make_pdf(["Page text."])),
        text_file("c.md", SENTENCES.replace("topic", "theme")),
    ]
    final = ingest_files(store, service, collection, files, snapshots.append, batch_size=10)
    statuses = [[f.status for f in s.files] for s in snapshots]
    assert statuses[0] == [FileStatus.READING, FileStatus.QUEUED, FileStatus.QUEUED]
    for name_index in range(3):
        seen = [s[name_index] for s in statuses]
        order = [FileStatus.READING, FileStatus.QUEUED, FileStatus.EMBEDDING, FileStatus.DONE]
        assert sorted(set(seen), key=order.index) == order
    dones = [s.chunks_done for s in snapshots]
    assert dones == sorted(dones) and dones[-1] == final.chunks_total == 61
    assert final.finished and final.fraction == 1.0
    assert final.chunks_per_second and final.chunks_per_second > 0
    assert final.files[1].pages == 1


def test_rate_and_time_left_come_from_the_clock():
    ticks = iter([0.0, 0.0, 10.0, 10.0])
    tracker = ProgressTracker(["a.txt"], clock=lambda: next(ticks))
    tracker.update(0, chunks_total=30)
    tracker.start_embedding()
    tracker.embedded(0, 10)
    snapshot = tracker.snapshot()
    assert snapshot.chunks_per_second == pytest.approx(1.0)
    assert snapshot.seconds_left == pytest.approx(20.0)


def test_bad_files_fail_alone_with_reasons(store, service, collection):
    files = [
        text_file("good.txt"),
        SourceFile("photo.txt", data=b"\x89PNG\r\n\x1a\n" + bytes(300)),
        SourceFile("locked.pdf", data=make_pdf(["secret"], password="pw")),
        SourceFile("scan.pdf", data=make_pdf([""], blank_pages=[1])),
        SourceFile("opened.pdf", data=make_pdf(["Unlocked text."], password="pw"), password="pw"),
        SourceFile("mixed.pdf", data=make_pdf(["Text.", ""], blank_pages=[2])),
    ]
    report = ingest_files(store, service, collection, files)
    outcome = {f.name: (f.status, f.error_code) for f in report.files}
    assert outcome == {
        "good.txt": (FileStatus.DONE, ""),
        "photo.txt": (FileStatus.FAILED, "error.kb_binary_file"),
        "locked.pdf": (FileStatus.FAILED, "error.kb_pdf_password_required"),
        "scan.pdf": (FileStatus.FAILED, "error.kb_pdf_no_text"),
        "opened.pdf": (FileStatus.DONE, ""),
        "mixed.pdf": (FileStatus.DONE, ""),
    }
    assert report.files[1].reason.startswith("photo.txt is not a text file")
    assert report.files[2].error_params == {"file": "locked.pdf"}
    warning = report.files[5].warnings[0]
    assert (warning.code, warning.params) == (
        "warning.kb_pages_without_text",
        {"file": "mixed.pdf", "pages": "2"},
    )
    sources = {d.source for d in kb.list_documents(store, collection)}
    assert sources == {"good.txt", "opened.pdf", "mixed.pdf"}


def test_rerun_after_the_daemon_dies_embeds_only_what_is_missing(
    store: ChromaStore, collection: str, tmp_path: Path
):
    files = [text_file("a.txt"), text_file("b.txt", SENTENCES.replace("topic", "subject"))]
    with FakeOllama() as first:
        service = OllamaService(first.url, connect_timeout=1, request_timeout=5, stream_timeout=5)

        def stop_after_three_batches(progress: IngestProgress) -> None:
            if progress.chunks_done >= 15:
                first.stop()

        broken = ingest_files(store, service, collection, files, stop_after_three_batches, 5)
        embedded_before = [t for batch in embed_requests(first) for t in batch]
        service.close()
    assert len(embedded_before) == 15
    assert [f.status for f in broken.files] == [FileStatus.FAILED, FileStatus.FAILED]
    assert broken.files[0].error_code == "error.daemon_unavailable"
    assert kb.find_collection(store, collection).chunks == 15

    with FakeOllama() as second:
        service = OllamaService(second.url)
        finished = ingest_files(store, service, collection, files, batch_size=5)
        embedded_after = [t for batch in embed_requests(second) for t in batch]
        service.close()
    assert not finished.failed
    assert not set(embedded_before) & set(embedded_after)
    assert len(embedded_before) + len(embedded_after) == finished.chunks_total == 60
    assert kb.find_collection(store, collection).chunks == 60
    assert len(kb.list_documents(store, collection)) == 2


def test_daemon_down_fails_every_file_quickly(store, collection, dead_host: str):
    service = OllamaService(dead_host, connect_timeout=1)
    files = [text_file("a.txt"), text_file("b.txt", SENTENCES.replace("topic", "theme"))]
    report = ingest_files(store, service, collection, files)
    assert [f.error_code for f in report.files] == ["error.daemon_unavailable"] * 2
    assert kb.find_collection(store, collection).chunks == 0


def test_reingesting_an_unchanged_file_changes_nothing(store, service, collection, fake_daemon):
    ingest_files(store, service, collection, [text_file("a.txt")])
    before = kb.list_documents(store, collection)
    revision = store.collection(kb.chroma_name(collection)).metadata["revision"]
    fake_daemon.clear_requests()
    ingest_files(store, service, collection, [text_file("a.txt")])
    assert embed_requests(fake_daemon) == []
    assert kb.list_documents(store, collection) == before
    assert store.collection(kb.chroma_name(collection)).metadata["revision"] == revision


def test_a_shorter_version_removes_the_extra_chunks(store, service, collection):
    ingest_files(store, service, collection, [text_file("a.txt")])
    short = SENTENCES[: len(SENTENCES) // 3]
    report = ingest_files(store, service, collection, [text_file("a.txt", short)])
    assert report.files[0].chunks_removed > 0
    (document,) = kb.list_documents(store, collection)
    assert document.chunks == report.files[0].chunks_total
    assert kb.find_collection(store, collection).chunks == document.chunks
    hits = search(store, service, collection, "Sentence number 59", k=3, hybrid=False)
    assert all("number 59" not in hit.text for hit in hits)


def test_unknown_collection(store, service):
    with pytest.raises(CollectionNotFound):
        ingest_files(store, service, "nope", [text_file("a.txt")])


def test_a_replaced_model_with_another_dimension_is_reported(
    store, service, collection, fake_daemon: FakeOllama
):
    ingest_files(store, service, collection, [text_file("a.txt")])
    bge = next(m for m in default_models() if m.name == "bge-m3:latest")
    fake_daemon.add_model(replace(bge, embedding_length=512))
    with pytest.raises(KbError) as caught:
        search(store, service, collection, "topic")
    assert caught.value.code == "error.kb_dimension_mismatch"
    assert caught.value.params["expected"] == 1024 and caught.value.params["got"] == 512
    report = ingest_files(store, service, collection, [text_file("b.txt", "New text.")])
    assert report.files[0].error_code == "error.kb_dimension_mismatch"


def test_an_interrupted_reindex_continues_where_it_stopped(store: ChromaStore, collection: str):
    with FakeOllama() as first:
        service = OllamaService(first.url, connect_timeout=1, request_timeout=5, stream_timeout=5)
        ingest_files(store, service, collection, [text_file("a.txt")])

        def stop_after_ten(done: int, total: int) -> None:
            if done >= 10:
                first.stop()

        first.clear_requests()
        with pytest.raises(DaemonUnavailable):
            reindex_collection(store, service, collection, "all-minilm", stop_after_ten, 5)
        before = [t for batch in embed_requests(first) for t in batch]
        service.close()
    assert len(before) == 10
    assert kb.find_collection(store, collection).embedding_model == "bge-m3:latest"
    assert kb.list_collections(store)[0].chunks == 30

    with FakeOllama() as second:
        service = OllamaService(second.url)
        info = reindex_collection(store, service, collection, "all-minilm", batch_size=5)
        after = [t for batch in embed_requests(second) for t in batch]
        service.close()
    assert (info.embedding_model, info.embedding_dim, info.chunks) == ("all-minilm:latest", 384, 30)
    assert len(after) == 20 and not set(before) & set(after)
