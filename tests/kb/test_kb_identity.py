"""Identity by content: the same bytes under another name are skipped, search never repeats
a text, and the messages say what really happened."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.kb_fixtures import embedded_store
from workbench.docchat import IngestReport, ingest_summary, search_collections
from workbench.kb import collections as kb
from workbench.kb.chunking import ChunkSettings
from workbench.kb.documents import SourceFile
from workbench.kb.errors import FileRejected
from workbench.kb.ingest import ASSUMED_RATE, MIN_MEASURED, estimate_ingest, ingest_files
from workbench.kb.loaders import load_document
from workbench.kb.progress import FileStatus
from workbench.kb.retrieval import search
from workbench.kb.store import ChromaStore
from workbench.ollama.client import OllamaService

ZORBLAX = "The capital of Zorblax is Quenthar."
OTHER = "Bananas grow in warm places near the equator."


@pytest.fixture
def store(tmp_path: Path) -> ChromaStore:
    return embedded_store(tmp_path)


@pytest.fixture
def collection(store: ChromaStore, service: OllamaService) -> str:
    kb.create_collection(store, service, "kb", "bge-m3", ChunkSettings(100, 0))
    return "kb"


def text(name: str, body: str) -> SourceFile:
    return SourceFile(name, data=body.encode("utf-8"))


def test_same_bytes_under_another_name_are_skipped(store, service, collection):
    first = ingest_files(store, service, collection, [text("zorblax_en.txt", ZORBLAX)])
    again = ingest_files(
        store, service, collection, [text("copy.txt", ZORBLAX), text("copy2.txt", ZORBLAX)]
    )
    assert first.files[0].status is FileStatus.DONE
    assert [f.status for f in again.files] == [FileStatus.SKIPPED] * 2
    assert again.files[0].error_params == {"file": "zorblax_en.txt"}
    assert again.files[0].reason == "Same content as zorblax_en.txt, skipped."
    assert again.finished and not again.failed
    assert [d.source for d in kb.list_documents(store, collection)] == ["zorblax_en.txt"]


def test_duplicates_within_one_upload_are_skipped(store, service, collection):
    report = ingest_files(store, service, collection, [text("a.txt", OTHER), text("b.txt", OTHER)])
    assert [f.status for f in report.files] == [FileStatus.DONE, FileStatus.SKIPPED]
    assert report.files[1].error_params == {"file": "a.txt"}


@pytest.mark.parametrize("hybrid", [True, False])
def test_top_k_never_holds_the_same_text_twice(store, service, collection, hybrid):
    files = [text(f"{n}.txt", f"{ZORBLAX}\n\n{OTHER} {OTHER} Note {n}.") for n in range(4)]
    ingest_files(store, service, collection, files)
    hits = search(store, service, collection, ZORBLAX, 5, hybrid=hybrid)
    texts = [hit.text for hit in hits]
    assert sum(t.startswith(ZORBLAX) for t in texts) == 1
    assert len(texts) == len(set(texts)) == 5
    merged = search_collections(store, service, [collection, collection], ZORBLAX, 5)
    assert len({hit.text for hit in merged}) == len(merged) == 5


def test_a_pdf_name_without_a_pdf_header():
    with pytest.raises(FileRejected) as caught:
        load_document(SourceFile("garbage.pdf", data=b"hello, not a pdf"))
    assert caught.value.code == "error.kb_not_a_pdf"
    assert caught.value.message.startswith("garbage.pdf is not a PDF (no PDF header)")


def test_summary_counts_only_what_the_last_run_added(store, service, collection):
    report = IngestReport(collection)
    first = ingest_files(store, service, collection, [text("a.txt", f"{OTHER}\n\n{ZORBLAX}")])
    report = report.merged(first)
    assert ingest_summary(report, "en").startswith("Added 1 new passages from 1 file(s).")
    noop = ingest_files(store, service, collection, [text("a.txt", f"{OTHER}\n\n{ZORBLAX}")])
    assert ingest_summary(report.merged(noop), "en") == (
        "Nothing new: 1 passages were already stored."
    )
    failed = ingest_files(store, service, collection, [text("empty.txt", "")])
    assert ingest_summary(report.merged(failed), "en") is None
    assert "새 구절 1개" in ingest_summary(report, "ko")


def test_the_estimate_counts_new_passages_at_the_measured_rate(store, service, collection):
    body = " ".join(f"Fact number {i} is here." for i in range(200))
    first = estimate_ingest(store, collection, [text("a.txt", body)])
    assert not first.measured and first.rate == ASSUMED_RATE
    assert first.seconds == first.passages / ASSUMED_RATE and first.passages > MIN_MEASURED
    report = ingest_files(store, service, collection, [text("a.txt", body)])
    assert report.chunks_total == first.passages
    again = estimate_ingest(store, collection, [text("a.txt", body), text("b.txt", OTHER)])
    assert again.measured and again.rate > 0 and again.passages == 1
