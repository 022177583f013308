"""Rows and labels for the Knowledge and Document chat pages, in one language (no Streamlit)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from workbench.docchat.chat import shorten
from workbench.i18n import catalog, format_datetime, format_duration, format_number, translate
from workbench.kb.chunking import Chunk
from workbench.kb.collections import CollectionInfo, DocumentInfo
from workbench.kb.language import MULTILINGUAL_MODEL, KbWarning
from workbench.kb.location import location_text, place_text
from workbench.kb.progress import FileProgress, FileStatus, IngestProgress
from workbench.kb.retrieval import RetrievedChunk

PASSWORD_CODES = frozenset({"error.kb_pdf_password_required", "error.kb_pdf_wrong_password"})
PREVIEW_CHARS = 160
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~$])")


@dataclass(frozen=True)
class IngestReport:
    """The outcome of the uploads into one knowledge base, kept between reruns."""

    collection: str
    files: tuple[FileProgress, ...] = ()
    elapsed: float = 0.0
    last: tuple[FileProgress, ...] = ()

    def merged(self, progress: IngestProgress) -> IngestReport:
        """This report with a newer run's files replacing earlier attempts at the same files."""
        newer = {f.name: f for f in progress.files}
        kept = tuple(newer.pop(f.name, f) for f in self.files)
        files = kept + tuple(newer.values())
        return IngestReport(self.collection, files, progress.elapsed, progress.files)

    @property
    def done(self) -> list[FileProgress]:
        """The files now in the knowledge base."""
        return [f for f in self.files if f.status is FileStatus.DONE]

    @property
    def failed(self) -> list[FileProgress]:
        """The files that could not be indexed."""
        return [f for f in self.files if f.status is FileStatus.FAILED]

    @property
    def locked(self) -> list[FileProgress]:
        """Encrypted PDFs waiting for a (correct) password."""
        return [f for f in self.failed if f.error_code in PASSWORD_CODES]


def ingest_summary(report: IngestReport, language: str) -> str | None:
    """What the last run really added ('Nothing new: …' when it added nothing), or None when
    no file of it is in the knowledge base."""
    done = [f for f in report.last if f.status is FileStatus.DONE]
    if not done:
        return None
    added = {f.name: f.chunks_done - f.chunks_skipped for f in done}
    new = sum(added.values())
    if not new:
        stored = sum(f.chunks_skipped for f in done)
        return translate("knowledge.ingest_nothing_new", language, chunks=stored)
    files = sum(1 for count in added.values() if count)
    elapsed = format_duration(report.elapsed, language)
    return translate("knowledge.ingest_done", language, files=files, chunks=new, elapsed=elapsed)


def escape_markdown(text: str) -> str:
    """Text that st.markdown shows literally (file names, user input in labels)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def localized(code: str, message: str, params: dict[str, Any], language: str) -> str:
    """The catalog message for a code, or the English message when the catalog lacks it."""
    if code and code in catalog("en"):
        return translate(code, language, **params)
    return message


def warning_text(warning: KbWarning, language: str) -> str:
    """A knowledge-base warning in the reader's language."""
    return translate(warning.code, language, **warning.params)


def failure_text(file: FileProgress, language: str) -> str:
    """Why a file failed, in the reader's language."""
    return localized(file.error_code, file.reason, file.error_params, language)


def _table(
    language: str, names: Sequence[str], rows: Iterable[Sequence[Any]]
) -> list[dict[str, Any]]:
    """Rows as dicts keyed by the translated column names."""
    cols = [translate(f"knowledge.col.{name}", language) for name in names]
    return [dict(zip(cols, row, strict=True)) for row in rows]


def collection_rows(
    infos: Sequence[CollectionInfo], language: str, korean_flagged: Iterable[str] = ()
) -> list[dict[str, Any]]:
    """One row per knowledge base: counts, embedding model, chunking, and a warning when its
    Korean text meets an English-only model."""
    flagged = set(korean_flagged)
    names = ("name", "documents", "chunks", "model", "dimension", "chunk_size", "overlap")
    rows = (
        (
            info.display_name,
            info.documents,
            info.chunks,
            info.embedding_model,
            info.embedding_dim,
            info.chunk_size,
            info.chunk_overlap,
            _when(info.created_at, language),
            _collection_warning(info, language, info.display_name in flagged),
        )
        for info in infos
    )
    return _table(language, (*names, "created", "warning"), rows)


def _collection_warning(info: CollectionInfo, language: str, korean: bool) -> str:
    notes = []
    if info.partial:
        notes.append(f"⚠️ {translate('knowledge.partial_flag', language, count=info.partial)}")
    if korean:
        flag = translate("knowledge.korean_flag", language, suggestion=MULTILINGUAL_MODEL)
        notes.append(f"🌐 {flag}")
    return " ".join(notes)


def document_rows(documents: Sequence[DocumentInfo], language: str) -> list[dict[str, Any]]:
    """One row per ingested file."""
    rows = (
        (
            doc.source,
            document_status(doc, language),
            doc.kind,
            _count(doc.pages),
            doc.chunks,
            ", ".join(str(p) for p in doc.pages_without_text),
            _when(doc.ingested_at, language),
        )
        for doc in documents
    )
    names = ("file", "status", "kind", "pages", "chunks", "no_text", "ingested")
    return _table(language, names, rows)


def document_status(doc: DocumentInfo, language: str) -> str:
    """'✅ complete' or '⚠️ partial: 1,696/60,000 passages' in the reader's language."""
    if not doc.partial:
        return f"✅ {translate('knowledge.doc_complete', language)}"
    text = translate("knowledge.doc_partial", language, stored=doc.stored, total=doc.chunks)
    return f"⚠️ {text}"


def chunk_rows(chunks: Sequence[Chunk], language: str) -> list[dict[str, Any]]:
    """One row per stored chunk of a file: where it sits and how it begins."""
    rows = (
        (
            number,
            place_text(chunk, language),
            len(chunk.text),
            shorten(chunk.text, PREVIEW_CHARS),
        )
        for number, chunk in enumerate(chunks, start=1)
    )
    return _table(language, ("number", "location", "characters", "text"), rows)


def ingest_rows(files: Sequence[FileProgress], language: str) -> list[dict[str, Any]]:
    """One row per uploaded file: status, chunks stored of total, pages, and what went wrong."""
    rows = (
        (
            f.name,
            status_label(f.status, language),
            f"{f.chunks_done}/{f.chunks_total}",
            _count(f.pages),
            _note(f, language),
        )
        for f in files
    )
    return _table(language, ("file", "status", "chunks", "pages", "note"), rows)


def status_label(status: FileStatus, language: str) -> str:
    """A file's ingest status with an icon, in the reader's language."""
    icons = {
        "queued": "⏳",
        "reading": "📖",
        "embedding": "🧮",
        "done": "✅",
        "failed": "❌",
        "skipped": "⏭️",
    }
    return f"{icons[status.value]} {translate(f'knowledge.status.{status.value}', language)}"


def _note(file: FileProgress, language: str) -> str:
    if file.status in (FileStatus.FAILED, FileStatus.SKIPPED):
        return failure_text(file, language)
    notes = [warning_text(w, language) for w in file.warnings]
    if file.chunks_skipped:
        notes.append(translate("knowledge.skipped", language, count=file.chunks_skipped))
    return " ".join(notes)


def progress_text(progress: IngestProgress, language: str) -> str:
    """'12/40 chunks · 8.5 chunks/s · about 3.3 s left' for the progress bar."""
    parts = [
        translate(
            "knowledge.progress_chunks",
            language,
            done=progress.chunks_done,
            total=progress.chunks_total,
        )
    ]
    if progress.chunks_per_second:
        rate = format_number(progress.chunks_per_second, language, 1)
        parts.append(translate("knowledge.progress_rate", language, rate=rate))
    if progress.seconds_left is not None and not progress.finished:
        left = format_duration(progress.seconds_left, language)
        parts.append(translate("knowledge.progress_left", language, left=left))
    return " · ".join(parts)


def hit_label(rank: int, hit: RetrievedChunk, hybrid: bool, language: str) -> str:
    """'#1 · report.pdf, p. 3 · similarity 0.82 · keywords 3.10' for a retrieval preview."""
    where = location_text(hit.source, hit, language)
    parts = [f"#{rank}", escape_markdown(where)]
    parts.append(translate("knowledge.similarity", language, score=f"{hit.score:.3f}"))
    if hybrid:
        parts.append(
            translate("knowledge.keyword_score", language, score=f"{hit.keyword_score:.2f}")
        )
    return " · ".join(parts)


def _count(value: int | None) -> str:
    return str(value) if value else ""


def _when(stamp: str, language: str) -> str:
    try:
        return format_datetime(datetime.fromisoformat(stamp), language)
    except ValueError:
        return stamp
