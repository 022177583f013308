"""Read pages without text (scanned PDF pages, image files) with a local vision model.

Each picture goes to Ollama's /api/chat as an image with a prompt for a faithful transcription
(catalog key vision.prompt, English or Korean). Reads are one at a time in the whole process,
since a CPU daemon gets slower, not faster, with two pictures at once. Each transcription is
kept on disk by document, page, model and language, so a stopped or repeated ingest never
sends a page twice. A page that cannot be read (no picture, a model error, the model gone) stays
flagged without text and the other pages go on.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from workbench.errors import DaemonUnavailable, Reason, WorkbenchError
from workbench.i18n import translate
from workbench.kb import errors
from workbench.kb.documents import LoadedDocument, Section, SourceFile
from workbench.kb.images import PictureMissing, ScannedPdf, check_picture, fit_picture
from workbench.kb.language import KbWarning
from workbench.kb.loaders import load_document
from workbench.kb.pdf import clean_page_text
from workbench.ollama import OllamaService

UNREADABLE = "[unreadable]"
WAIT_STEP = 0.5
_ONE_AT_A_TIME = threading.Lock()

PageCallback = Callable[[int, int], None]


@dataclass
class VisionReader:
    """A vision model reading pictures for one ingest: the model, the prompt's language, the
    transcription cache and the time each page took (for the next estimate)."""

    service: OllamaService
    model: str
    cache: Path
    language: str = "en"
    seconds: list[float] = field(default_factory=list)
    gone: WorkbenchError | None = None

    def prompt(self) -> str:
        """The transcription prompt in the reader's language."""
        return translate("vision.prompt", self.language, unreadable=UNREADABLE)

    def cached(self, document: LoadedDocument, page: int) -> str | None:
        """A page's transcription kept from an earlier read, if any."""
        path = self._path(document, page)
        return path.read_text(encoding="utf-8") if path.is_file() else None

    def keep(self, document: LoadedDocument, page: int, text: str) -> None:
        """Keep a page's transcription."""
        path = self._path(document, page)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    def _path(self, document: LoadedDocument, page: int) -> Path:
        key = "\x1f".join((document.sha256, str(page), self.model, self.language))
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return self.cache / digest[:2] / f"{digest}.txt"


def load_for_reading(
    source: SourceFile, max_bytes: int, reader: VisionReader | None
) -> LoadedDocument:
    """Load a file; with a reader, a file with no text at all (a scanned PDF, an image) is
    returned with its pages to read instead of refused."""
    try:
        return load_document(source, max_bytes)
    except errors.NeedsVision as exc:
        if reader is None:
            raise
        return exc.document


def pages_to_read(document: LoadedDocument, reader: VisionReader) -> list[int]:
    """The pages without text whose transcription is not kept yet (what an estimate counts)."""
    return [p for p in document.pages_without_text if reader.cached(document, p) is None]


def count_pages_to_read(
    files: Sequence[SourceFile], max_bytes: int, reader: VisionReader | None = None
) -> int:
    """How many pages without text (scanned PDF pages, image files) the files hold; with a
    reader, only those it has not read before. Files that cannot be loaded count none."""
    total = 0
    for source in files:
        try:
            document = load_document(source, max_bytes)
        except errors.NeedsVision as exc:
            document = exc.document
        except Exception:
            continue
        pages = pages_to_read(document, reader) if reader else document.pages_without_text
        total += len(pages)
    return total


def read_pages(
    document: LoadedDocument,
    source: SourceFile,
    reader: VisionReader,
    on_page: PageCallback | None = None,
) -> tuple[LoadedDocument, tuple[KbWarning, ...]]:
    """The document with a section (read_by the model) for each page the model read; pages it
    could not read stay in pages_without_text, explained by one warning per reason."""
    pages = document.pages_without_text
    pictures = _pictures(document, source)
    read: dict[int, Section] = {}
    failed: list[tuple[Reason, list[int]]] = []
    for done, page in enumerate(pages):
        if on_page is not None:
            on_page(done, len(pages))
        try:
            text = _read_page(reader, document, page, pictures)
        except PictureMissing as exc:
            _note(failed, Reason(exc.code), page)
            continue
        except WorkbenchError as exc:
            _note(failed, Reason(exc.code, dict(exc.params)), page)
            continue
        if text.replace(UNREADABLE, "").strip():
            located = page if document.kind == "pdf" else None
            read[page] = Section(text, page=located, read_by=reader.model)
        else:
            _note(failed, Reason("vision.nothing_read"), page)
    if on_page is not None:
        on_page(len(pages), len(pages))
    sections = sorted((*document.sections, *read.values()), key=lambda s: s.page or 0)
    unread = tuple(p for p in pages if p not in read)
    warnings = tuple(_not_read(document.name, reader.model, r, p) for r, p in failed)
    return replace(document, sections=tuple(sections), pages_without_text=unread), warnings


def _note(failed: list[tuple[Reason, list[int]]], reason: Reason, page: int) -> None:
    """Add a page to the pages that failed for the same reason."""
    for known, pages in failed:
        if known == reason:
            pages.append(page)
            return
    failed.append((reason, [page]))


def _pictures(document: LoadedDocument, source: SourceFile) -> Callable[[int], bytes]:
    """Where each page's picture comes from: the image file itself, or the PDF's page."""
    if document.kind != "pdf":
        return lambda _page: source.read()
    scans: list[ScannedPdf] = []

    def picture(page: int) -> bytes:
        if not scans:
            scans.append(ScannedPdf(source.read(), source.password))
        return scans[0].picture(page)

    return picture


def _read_page(
    reader: VisionReader,
    document: LoadedDocument,
    page: int,
    pictures: Callable[[int], bytes],
) -> str:
    kept = reader.cached(document, page)
    if kept is not None:
        return kept
    if reader.gone is not None:
        raise reader.gone
    picture = pictures(page)
    try:
        check_picture(document.name, picture)
    except errors.FileRejected as exc:
        raise PictureMissing("vision.picture_unreadable") from exc
    with _ONE_AT_A_TIME:
        started = time.monotonic()
        try:
            text = transcribe(reader, fit_picture(picture))
        except DaemonUnavailable as exc:
            reader.gone = exc
            raise
        reader.seconds.append(time.monotonic() - started)
    if text:
        reader.keep(document, page, text)
    return text


def transcribe(reader: VisionReader, picture: bytes) -> str:
    """One picture's text as the model reads it (temperature 0), cleaned like PDF text."""
    message = {"role": "user", "content": reader.prompt(), "images": [picture]}
    stream = reader.service.chat(reader.model, [message], options={"temperature": 0})
    return clean_page_text(stream.consume())


def _not_read(file: str, model: str, reason: Reason, pages: Sequence[int]) -> KbWarning:
    shown = ", ".join(str(p) for p in pages)
    params = {"file": file, "pages": shown, "model": model, "reason": reason}
    return KbWarning(code="warning.kb_pages_not_read", params=params)
