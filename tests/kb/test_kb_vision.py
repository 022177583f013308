"""Scanned pages and images read by a vision model through the fake daemon: what is sent, what
lands in the knowledge base, how it is cited, and every way it can go wrong."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from tests.fake_ollama import FakeOllama
from tests.kb_fixtures import embedded_store, make_pdf
from tests.vision_fixtures import jpeg_with_text, png_with_text, scanned_pdf
from workbench.kb import collections as kb
from workbench.kb.chunking import ChunkSettings
from workbench.kb.citations import citations_for
from workbench.kb.documents import SourceFile
from workbench.kb.errors import FileRejected
from workbench.kb.images import MAX_PIXELS
from workbench.kb.ingest import ingest_files
from workbench.kb.loaders import load_document
from workbench.kb.location import location_text
from workbench.kb.progress import FileStatus, IngestProgress
from workbench.kb.retrieval import search
from workbench.kb.store import ChromaStore
from workbench.kb.vision import VisionReader, count_pages_to_read
from workbench.kb.vision_setting import (
    ASSUMED_SECONDS_PER_PAGE,
    choose_vision_model,
    vision_setting,
)
from workbench.ollama.client import OllamaService

INVOICE = "The scanned invoice says the repair of the roof costs 4,200 euros in total."
KOREAN = "스캔한 계약서: 임대료는 매달 120만 원이며 계약 기간은 2년입니다."
PREFACE = "This report has a typed first page and a scanned second page."
MODEL = "llava:7b"


@pytest.fixture
def store(tmp_path: Path) -> ChromaStore:
    return embedded_store(tmp_path)


@pytest.fixture
def collection(store: ChromaStore, service: OllamaService) -> str:
    kb.create_collection(store, service, "스캔", "bge-m3", ChunkSettings(400, 0))
    return "스캔"


def reader(service: OllamaService, tmp_path: Path, language: str = "en") -> VisionReader:
    return VisionReader(service, MODEL, tmp_path / "vision-cache", language)


def chats(daemon: FakeOllama) -> list[dict]:
    return [body for _, path, body in daemon.requests if path == "/api/chat"]


def stored(store: ChromaStore, collection: str, source: str) -> list[tuple[str, dict]]:
    found = store.records(kb.open_collection(store, collection), where={"source": source})
    return list(zip(found["documents"] or [], found["metadatas"] or [], strict=True))


def test_a_scanned_pdf_page_is_read_stored_and_cited(
    store, service, collection, fake_daemon: FakeOllama, tmp_path: Path
):
    pdf = scanned_pdf([PREFACE, jpeg_with_text(INVOICE)])
    report = ingest_files(
        store,
        service,
        collection,
        [SourceFile("scan.pdf", data=pdf)],
        vision=reader(service, tmp_path),
    )
    assert [(f.status, f.warnings) for f in report.files] == [(FileStatus.DONE, ())]
    [request] = chats(fake_daemon)
    assert request["model"] == MODEL
    [message] = request["messages"]
    assert "Transcribe" in message["content"] and "[unreadable]" in message["content"]
    assert base64.b64decode(message["images"][0]).startswith(b"\xff\xd8")
    chunks = {meta["page"]: (text, meta) for text, meta in stored(store, collection, "scan.pdf")}
    assert chunks[2][0] == INVOICE and chunks[2][1]["read_by"] == MODEL
    assert "read_by" not in chunks[1][1]
    [document] = kb.list_documents(store, collection)
    assert document.pages_without_text == ()
    hits = search(store, service, collection, "roof repair costs", 2)
    citation = next(c for c in citations_for(hits) if c.page == 2)
    assert citation.location == "scan.pdf, p. 2 (read by llava:7b)"
    assert location_text(citation.file, citation, "ko") == "scan.pdf, 2쪽 (llava:7b 모델이 읽음)"


def test_a_korean_png_comes_back_korean_with_the_korean_prompt(
    store, service, collection, fake_daemon: FakeOllama, tmp_path: Path
):
    files = [SourceFile("계약서.png", data=png_with_text(KOREAN))]
    report = ingest_files(store, service, collection, files, vision=reader(service, tmp_path, "ko"))
    assert report.files[0].status is FileStatus.DONE
    [request] = chats(fake_daemon)
    assert "옮겨 적으세요" in request["messages"][0]["content"]
    [(text, meta)] = stored(store, collection, "계약서.png")
    assert text == KOREAN and meta["read_by"] == MODEL and "page" not in meta
    [document] = kb.list_documents(store, collection)
    assert document.kind == "image"


def test_a_page_read_once_is_never_sent_again(
    store, service, collection, fake_daemon: FakeOllama, tmp_path: Path
):
    files = [SourceFile("scan.png", data=png_with_text(INVOICE))]
    assert count_pages_to_read(files, 10**8, reader(service, tmp_path)) == 1
    ingest_files(store, service, collection, files, vision=reader(service, tmp_path))
    kb.delete_document(store, collection, "scan.png")
    again = ingest_files(store, service, collection, files, vision=reader(service, tmp_path))
    assert again.files[0].status is FileStatus.DONE
    assert len(chats(fake_daemon)) == 1
    assert count_pages_to_read(files, 10**8, reader(service, tmp_path)) == 0
    assert count_pages_to_read(files, 10**8) == 1


def test_without_a_vision_model_nothing_is_sent_and_pages_stay_flagged(
    store, service, collection, fake_daemon: FakeOllama
):
    files = [
        SourceFile("mixed.pdf", data=scanned_pdf([PREFACE, jpeg_with_text(INVOICE)])),
        SourceFile("all-scan.pdf", data=scanned_pdf([jpeg_with_text(INVOICE)])),
        SourceFile("photo.jpg", data=jpeg_with_text(INVOICE)),
    ]
    report = ingest_files(store, service, collection, files)
    outcome = {f.name: (f.status, f.error_code) for f in report.files}
    assert outcome == {
        "mixed.pdf": (FileStatus.DONE, ""),
        "all-scan.pdf": (FileStatus.FAILED, "error.kb_pdf_no_text"),
        "photo.jpg": (FileStatus.FAILED, "error.kb_image_needs_vision"),
    }
    assert "llava:7b" in report.files[1].reason and "llava:7b" in report.files[2].reason
    assert report.files[0].warnings[0].code == "warning.kb_pages_without_text"
    assert "vision model" in report.files[0].warnings[0].message
    assert chats(fake_daemon) == []
    [document] = kb.list_documents(store, collection)
    assert document.pages_without_text == (2,)


def test_bad_images_are_refused_and_the_others_go_on(
    store, service, collection, fake_daemon: FakeOllama, tmp_path: Path
):
    files = [
        SourceFile("fake.png", data=b"this is only text with a .png name"),
        SourceFile("cut.png", data=png_with_text(INVOICE)[:60]),
        SourceFile("huge.png", data=png_with_text(None, 10_000, 8_000)),
        SourceFile("good.png", data=png_with_text(INVOICE)),
    ]
    report = ingest_files(store, service, collection, files, vision=reader(service, tmp_path))
    outcome = {f.name: (f.status, f.error_code) for f in report.files}
    assert outcome == {
        "fake.png": (FileStatus.FAILED, "error.kb_image_unreadable"),
        "cut.png": (FileStatus.FAILED, "error.kb_image_unreadable"),
        "huge.png": (FileStatus.FAILED, "error.kb_image_too_large"),
        "good.png": (FileStatus.DONE, ""),
    }
    assert report.files[2].error_params["megapixels"] == 80.0
    assert report.files[2].error_params["limit"] == MAX_PIXELS // 1_000_000
    assert len(chats(fake_daemon)) == 1


def test_a_model_error_loses_one_page_and_the_rest_are_read(
    store, service, collection, fake_daemon: FakeOllama, tmp_path: Path
):
    pages = [jpeg_with_text(f"Page {n}: {INVOICE}") for n in (1, 2, 3)]
    fake_daemon.fail_stream_after(0, "llama runner process has terminated")
    files = [SourceFile("three.pdf", data=scanned_pdf(pages))]
    report = ingest_files(store, service, collection, files, vision=reader(service, tmp_path))
    [file] = report.files
    assert file.status is FileStatus.DONE
    [warning] = file.warnings
    assert warning.code == "warning.kb_pages_not_read"
    assert warning.params["pages"] == "1" and warning.params["model"] == MODEL
    assert "llava:7b could not read pages 1" in warning.message
    assert sorted(m["page"] for _, m in stored(store, collection, "three.pdf")) == [2, 3]
    assert kb.list_documents(store, collection)[0].pages_without_text == (1,)


def test_a_model_that_disappears_midway_keeps_what_it_read(
    store, service, collection, fake_daemon: FakeOllama, tmp_path: Path
):
    pages = [jpeg_with_text(f"Page {n}: {INVOICE}") for n in (1, 2, 3)]

    def remove_after_first_page(progress: IngestProgress) -> None:
        if progress.files[0].pages_read == 1:
            fake_daemon.remove_model(MODEL)

    files = [SourceFile("three.pdf", data=scanned_pdf(pages))]
    vision = reader(service, tmp_path)
    report = ingest_files(store, service, collection, files, remove_after_first_page, vision=vision)
    [file] = report.files
    assert file.status is FileStatus.DONE
    assert [(w.code, w.params["pages"]) for w in file.warnings] == [
        ("warning.kb_pages_not_read", "2, 3")
    ]
    assert [m["page"] for _, m in stored(store, collection, "three.pdf")] == [1]


def test_no_page_read_refuses_the_file_with_the_reason(
    store, service, collection, fake_daemon: FakeOllama, tmp_path: Path
):
    files = [SourceFile("drawn.pdf", data=make_pdf(["", ""], blank_pages=[1, 2]))]
    report = ingest_files(store, service, collection, files, vision=reader(service, tmp_path))
    [file] = report.files
    assert (file.status, file.error_code) == (FileStatus.FAILED, "error.kb_nothing_read")
    assert file.reason == (
        "llava:7b could not read any page of drawn.pdf (the page has no image to read). "
        "Check that the model still runs (Models page), or OCR the file and upload the result."
    )
    assert chats(fake_daemon) == []
    assert kb.list_documents(store, collection) == []


def test_the_vision_setting_is_kept_per_knowledge_base(store, service, collection, tmp_path):
    setting = vision_setting(store, collection)
    assert (setting.model, setting.seconds_per_page, setting.measured) == (
        "",
        ASSUMED_SECONDS_PER_PAGE,
        False,
    )
    choose_vision_model(store, collection, MODEL)
    assert vision_setting(store, collection).model == MODEL
    files = [SourceFile("a.png", data=png_with_text(INVOICE))]
    ingest_files(store, service, collection, files, vision=reader(service, tmp_path))
    measured = vision_setting(store, collection)
    assert measured.measured and measured.seconds_per_page > 0
    choose_vision_model(store, collection, "")
    assert vision_setting(store, collection).model == ""
    kb.create_collection(store, service, "other", "bge-m3")
    assert vision_setting(store, "other").model == ""


def test_an_image_without_a_reader_is_refused_by_the_loader():
    with pytest.raises(FileRejected) as caught:
        load_document(SourceFile("photo.png", data=png_with_text(INVOICE)))
    assert caught.value.code == "error.kb_image_needs_vision"
