"""Ingest files into a knowledge base: read, chunk, embed in batches, store, resume safely."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from chromadb.api.models.Collection import Collection

from workbench.errors import DaemonUnavailable, RequestTimedOut, WorkbenchError
from workbench.kb import errors
from workbench.kb.chunking import Chunk, ChunkSettings, chunk_document
from workbench.kb.collections import COMPLETE, HEAD, PARTIAL, now_iso, open_collection, touch
from workbench.kb.documents import LoadedDocument, SourceFile
from workbench.kb.embedders import Embedders, embedding_service
from workbench.kb.embedding import embed_batch
from workbench.kb.language import KbWarning, korean_model_warning
from workbench.kb.loaders import DEFAULT_MAX_BYTES, load_document
from workbench.kb.placement import NoEmbeddingHost
from workbench.kb.progress import FileStatus, IngestProgress, ProgressCallback, ProgressTracker
from workbench.kb.store import ChromaStore
from workbench.kb.vision import VisionReader, load_for_reading, read_pages
from workbench.kb.vision_setting import remember_page_rate
from workbench.ollama import EMBED_BATCH, OllamaService

ASSUMED_RATE = 8.0
RATE_KEY = "embed_rate"
MIN_MEASURED = 32


@dataclass(frozen=True)
class IngestEstimate:
    """What an ingest would do before it starts: passages to embed and the time it takes."""

    passages: int
    rate: float
    measured: bool

    @property
    def seconds(self) -> float:
        """Estimated embedding time at the model's measured (or assumed) speed."""
        return self.passages / self.rate


@dataclass(frozen=True)
class _Prepared:
    """A file that was read and chunked, with the chunks still to embed and those to drop."""

    index: int
    document: LoadedDocument
    chunks: list[Chunk]
    todo: list[Chunk]
    stale: list[str]


@dataclass(frozen=True)
class _Target:
    """The collection being filled and the model settings it was built with."""

    store: ChromaStore
    collection: Collection
    display_name: str
    model: str
    dimension: int
    chunking: ChunkSettings


def ingest_files(
    store: ChromaStore,
    service: Embedders,
    display_name: str,
    files: Sequence[SourceFile],
    on_progress: ProgressCallback | None = None,
    batch_size: int = EMBED_BATCH,
    max_bytes: int = DEFAULT_MAX_BYTES,
    clock: Callable[[], float] = time.monotonic,
    vision: VisionReader | None = None,
) -> IngestProgress:
    """Add files to a knowledge base; chunks already stored are never embedded again.

    Each batch is stored as soon as it is embedded, so after a crash, a dead daemon or a
    cancel (raise from `on_progress`) running the same files again finishes the job. With
    `vision`, pages without text are read by its model first (see vision.read_pages). With
    FleetEmbedders the chunks are embedded on a daemon whose model has the collection's digest;
    when there is none every file fails with the reason."""
    embedder = _embedder(store, service, display_name)
    target = _target(store, display_name)
    tracker = ProgressTracker([f.name for f in files], on_progress, clock)
    known = _stored_contents(target)
    prepared = [
        item
        for index, source in enumerate(files)
        if (item := _prepare(target, tracker, index, source, max_bytes, known, vision))
    ]
    for position, item in enumerate(prepared):
        try:
            if isinstance(embedder, NoEmbeddingHost):
                raise embedder
            _embed_and_store(target, embedder, tracker, item, batch_size)
        except (DaemonUnavailable, RequestTimedOut, NoEmbeddingHost) as exc:
            for rest in prepared[position:]:
                tracker.fail(rest.index, exc)
            break
        except WorkbenchError as exc:
            tracker.fail(item.index, exc)
    final = tracker.snapshot()
    _remember_rate(store, display_name, final)
    if vision is not None and vision.seconds:
        seconds = sum(vision.seconds) / len(vision.seconds)
        remember_page_rate(store, display_name, vision.model, seconds)
    return final


def _embedder(
    store: ChromaStore, service: Embedders, display_name: str
) -> OllamaService | NoEmbeddingHost:
    """The service that embeds this run (chosen before the collection is read, since an older
    collection records its digest then), or why no daemon can."""
    try:
        return embedding_service(store, service, display_name)
    except NoEmbeddingHost as exc:
        return exc


def estimate_ingest(
    store: ChromaStore,
    display_name: str,
    files: Sequence[SourceFile],
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> IngestEstimate:
    """How many passages these files would add and how long that takes, at the speed the
    knowledge base's model was last measured at (8 passages/s, a 2-core CPU, when never)."""
    target = _target(store, display_name)
    tracker = ProgressTracker([f.name for f in files])
    known = _stored_contents(target)
    passages = sum(
        len(item.todo)
        for index, source in enumerate(files)
        if (item := _prepare(target, tracker, index, source, max_bytes, known)) is not None
    )
    rate = (target.collection.metadata or {}).get(RATE_KEY)
    measured = isinstance(rate, int | float) and rate > 0
    return IngestEstimate(passages, float(rate) if measured else ASSUMED_RATE, measured)


def _remember_rate(store: ChromaStore, display_name: str, progress: IngestProgress) -> None:
    """Keep the measured embedding speed on the collection for the next estimate."""
    embedded = sum(f.chunks_done - f.chunks_skipped for f in progress.files)
    if progress.chunks_per_second and embedded >= MIN_MEASURED:
        collection = open_collection(store, display_name)
        metadata = {**(collection.metadata or {}), RATE_KEY: progress.chunks_per_second}
        store.modify(collection, metadata=metadata)


def _target(store: ChromaStore, display_name: str) -> _Target:
    collection = open_collection(store, display_name)
    meta = collection.metadata or {}
    return _Target(
        store=store,
        collection=collection,
        display_name=str(meta["display_name"]),
        model=str(meta["embedding_model"]),
        dimension=int(meta["embedding_dim"]),
        chunking=ChunkSettings(int(meta["chunk_size"]), int(meta["chunk_overlap"])),
    )


def _stored_contents(target: _Target) -> dict[str, str]:
    """The file name stored for each content hash."""
    heads = target.store.records(target.collection, where=HEAD, include=["metadatas"])
    return {
        str(meta.get("doc_sha256", "")): str(meta["source"]) for meta in heads["metadatas"] or []
    }


def _prepare(
    target: _Target,
    tracker: ProgressTracker,
    index: int,
    source: SourceFile,
    max_bytes: int,
    known: dict[str, str],
    vision: VisionReader | None = None,
) -> _Prepared | None:
    """Read and chunk one file (its pages without text read by `vision`'s model); a file whose
    bytes another stored file has is skipped."""
    tracker.update(index, status=FileStatus.READING)
    notes: tuple[KbWarning, ...] = ()
    try:
        if vision is None:
            document = load_document(source, max_bytes)
        else:
            document, notes = _read(tracker, index, source, max_bytes, vision)
        chunks = chunk_document(document, target.chunking)
        stored = set(target.store.ids(target.collection, {"source": document.name}))
    except WorkbenchError as exc:
        tracker.fail(index, exc)
        return None
    except Exception as exc:
        tracker.fail(index, errors.file_unreadable(source.name, str(exc) or type(exc).__name__))
        return None
    twin = known.setdefault(document.sha256, document.name)
    if twin != document.name:
        message = f"Same content as {twin}, skipped."
        tracker.skip(index, "knowledge.same_content", message, file=twin)
        return None
    todo = [chunk for chunk in chunks if chunk.id not in stored]
    stale = sorted(stored - {chunk.id for chunk in chunks})
    tracker.update(
        index,
        status=FileStatus.QUEUED,
        chunks_total=len(chunks),
        chunks_done=len(chunks) - len(todo),
        chunks_skipped=len(chunks) - len(todo),
        pages=document.pages,
        warnings=_warnings(target, document, notes),
    )
    return _Prepared(index, document, chunks, todo, stale)


def _read(
    tracker: ProgressTracker, index: int, source: SourceFile, max_bytes: int, vision: VisionReader
) -> tuple[LoadedDocument, tuple[KbWarning, ...]]:
    """Load a file and have the vision model read its pages without text, reporting each page;
    a file of which no page has or gets text is refused with the first reason."""
    document = load_for_reading(source, max_bytes, vision)
    if not document.pages_without_text:
        return document, ()

    def on_page(done: int, total: int) -> None:
        tracker.update(index, pages_read=done, pages_to_read=total)

    document, notes = read_pages(document, source, vision, on_page)
    if not document.sections:
        raise errors.nothing_read(document.name, vision.model, notes[0].params["reason"])
    return document, notes


def _warnings(
    target: _Target, document: LoadedDocument, read_notes: tuple[KbWarning, ...] = ()
) -> tuple[KbWarning, ...]:
    texts = (section.text for section in document.sections)
    korean = korean_model_warning(target.display_name, target.model, texts)
    found = (korean,) if korean else ()
    if read_notes or not document.pages_without_text:
        return (*found, *read_notes)
    pages = ", ".join(str(p) for p in document.pages_without_text)
    return (
        *found,
        KbWarning(
            code="warning.kb_pages_without_text",
            params={"file": document.name, "pages": pages},
        ),
    )


def _embed_and_store(
    target: _Target,
    service: OllamaService,
    tracker: ProgressTracker,
    item: _Prepared,
    batch_size: int,
) -> None:
    """Embed the missing chunks batch by batch, storing each batch before the next request."""
    tracker.update(item.index, status=FileStatus.EMBEDDING)
    tracker.start_embedding()
    head = item.chunks[0]
    todo = sorted(item.todo, key=lambda chunk: chunk.id != head.id)
    if todo and todo[0].id != head.id:
        _mark_head(target, item, PARTIAL)
    for start in range(0, len(todo), batch_size):
        batch = todo[start : start + batch_size]
        texts = [chunk.text for chunk in batch]
        vectors = embed_batch(service, target.model, texts, target.dimension, target.display_name)
        target.store.upsert(
            target.collection,
            ids=[chunk.id for chunk in batch],
            embeddings=vectors,
            documents=texts,
            metadatas=[_chunk_metadata(chunk, head, item) for chunk in batch],
        )
        if start == 0:
            _mark_head(target, item, PARTIAL)
        tracker.embedded(item.index, len(batch))
    if item.stale:
        target.store.delete(target.collection, item.stale)
    head_changed = _mark_head(target, item, COMPLETE)
    if item.todo or item.stale or head_changed:
        touch(target.store, target.collection)
    tracker.update(item.index, status=FileStatus.DONE, chunks_removed=len(item.stale))


def _chunk_metadata(chunk: Chunk, head: Chunk, item: _Prepared) -> dict[str, Any]:
    """A chunk's metadata; the head carries the document's entry, `partial` until the end."""
    if chunk.id != head.id:
        return chunk.metadata()
    return {**chunk.metadata(), **_summary(item.document, len(item.chunks), PARTIAL)}


def _mark_head(target: _Target, item: _Prepared, status: str) -> bool:
    """Put the document's entry on its first chunk; True when anything changed."""
    document, head = item.document, item.chunks[0]
    where = {"$and": [{"source": document.name}, {"doc_head": True}]}
    current = target.store.records(target.collection, where=where, include=["metadatas"])
    heads = dict(zip(current["ids"], current["metadatas"] or [], strict=True))
    summary = _summary(document, len(item.chunks), status)
    existing = heads.get(head.id)
    if len(heads) == 1 and existing and _same_summary(existing, summary):
        return False
    old = [chunk_id for chunk_id in heads if chunk_id != head.id]
    ids = [head.id, *old]
    metadatas = [{**head.metadata(), **summary}, *({"doc_head": False} for _ in old)]
    target.store.update_metadata(target.collection, ids, metadatas)
    return True


def _summary(document: LoadedDocument, chunks: int, status: str) -> dict[str, Any]:
    return {
        "doc_head": True,
        "doc_status": status,
        "doc_kind": document.kind,
        "doc_sha256": document.sha256,
        "doc_chunks": chunks,
        "doc_pages": document.pages,
        "doc_pages_without_text": ",".join(str(p) for p in document.pages_without_text),
        "doc_ingested_at": now_iso(),
        **_origin(document),
    }


def _origin(document: LoadedDocument) -> dict[str, str]:
    """A web page's final URL and retrieval time (UTC, ISO 8601); nothing for a file."""
    if not document.url:
        return {}
    return {"doc_url": document.url, "doc_retrieved_at": document.retrieved_at}


def _same_summary(existing: Any, summary: dict[str, Any]) -> bool:
    keys = ("doc_sha256", "doc_chunks", "doc_kind", "doc_status")
    return all(existing.get(key) == summary[key] for key in keys)
