"""Knowledge-base collections: names, the settings stored on them, listing and deleting."""

from __future__ import annotations

import hashlib
import re
import unicodedata
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from chromadb.api.models.Collection import Collection

from workbench.kb import errors
from workbench.kb.chunking import Chunk, ChunkSettings
from workbench.kb.embedding import resolve_embedding_model
from workbench.kb.language import KbWarning, korean_model_warning
from workbench.kb.location import location_from_metadata, reading_order
from workbench.kb.origin import (
    UNKNOWN_ORIGIN,
    EmbeddingOrigin,
    embedded_on,
    origin_from_metadata,
)
from workbench.kb.store import ChromaStore
from workbench.ollama import OllamaService

MAX_NAME_LENGTH = 200
MARKER = "workbench_kb"
HEAD = {"doc_head": True}
ACTIVE = "active_collection"
PARTIAL = "partial"
COMPLETE = "complete"
LANGUAGE_SAMPLE = 200


@dataclass(frozen=True)
class CollectionInfo:
    """A knowledge base as the pages show it."""

    display_name: str
    name: str
    embedding_model: str
    embedding_dim: int
    chunk_size: int
    chunk_overlap: int
    created_at: str
    documents: int
    chunks: int
    partial: int = 0
    origin: EmbeddingOrigin = UNKNOWN_ORIGIN

    @property
    def chunking(self) -> ChunkSettings:
        """The chunk settings every file of this collection is split with."""
        return ChunkSettings(self.chunk_size, self.chunk_overlap)


@dataclass(frozen=True)
class DocumentInfo:
    """One ingested file of a knowledge base."""

    source: str
    kind: str
    chunks: int
    pages: int
    pages_without_text: tuple[int, ...]
    sha256: str
    ingested_at: str
    status: str = COMPLETE
    stored: int = 0
    url: str = ""
    retrieved_at: str = ""

    @property
    def partial(self) -> bool:
        """True while the ingest of this file has not finished (stopped or still running)."""
        return self.status == PARTIAL


def clean_display_name(display_name: str) -> str:
    """The display name as stored: NFC, trimmed; empty or too long names are refused."""
    name = unicodedata.normalize("NFC", display_name).strip()
    if not name or len(name) > MAX_NAME_LENGTH:
        raise errors.bad_collection_name(display_name, MAX_NAME_LENGTH)
    return name


def chroma_name(display_name: str) -> str:
    """A valid Chroma name derived deterministically from any display name (Korean too)."""
    name = clean_display_name(display_name)
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40].strip("-")
    return f"kb-{slug}-{digest}" if slug else f"kb-{digest}"


def now_iso() -> str:
    """The current UTC time, to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def collection_metadata(
    display_name: str,
    model: str,
    dimension: int,
    chunking: ChunkSettings,
    origin: EmbeddingOrigin = UNKNOWN_ORIGIN,
) -> dict[str, Any]:
    """What a collection records about itself."""
    return {
        MARKER: 1,
        "display_name": display_name,
        "embedding_model": model,
        "embedding_dim": dimension,
        "chunk_size": chunking.size,
        "chunk_overlap": chunking.overlap,
        "created_at": now_iso(),
        "revision": uuid.uuid4().hex,
        **origin.metadata(),
    }


def create_collection(
    store: ChromaStore,
    service: OllamaService,
    display_name: str,
    embedding_model: str,
    chunking: ChunkSettings | None = None,
    host: str = "",
) -> CollectionInfo:
    """Create an empty knowledge base that embeds with `embedding_model` on `service`'s host
    (labelled `host`, else its "host:port"), recording that host and the model's digest."""
    name = clean_display_name(display_name)
    chunking = chunking or ChunkSettings()
    if store.collection(chroma_name(name)) is not None:
        raise errors.collection_exists(name)
    model = resolve_embedding_model(service, embedding_model)
    origin = embedded_on(service, model.digest, host)
    metadata = collection_metadata(name, model.name, model.dimension, chunking, origin)
    return describe(store, store.create(chroma_name(name), metadata))


def base_collection(store: ChromaStore, display_name: str) -> Collection:
    """The collection named after a knowledge base (its entry), or CollectionNotFound."""
    collection = store.collection(chroma_name(display_name))
    if collection is None or not (collection.metadata or {}).get(MARKER):
        raise errors.collection_not_found(display_name.strip())
    return collection


def active(store: ChromaStore, base: Collection) -> Collection:
    """The collection that holds a knowledge base's chunks: the one its entry points at after
    a re-index, else the entry itself."""
    target = (base.metadata or {}).get(ACTIVE)
    found = store.collection(str(target)) if target else None
    return found if found is not None else base


def open_collection(store: ChromaStore, display_name: str) -> Collection:
    """The Chroma collection that holds a knowledge base's chunks, or CollectionNotFound."""
    return active(store, base_collection(store, display_name))


def describe(store: ChromaStore, collection: Collection) -> CollectionInfo:
    """The collection's settings and its document and chunk counts."""
    meta = collection.metadata or {}
    return CollectionInfo(
        display_name=str(meta["display_name"]),
        name=chroma_name(str(meta["display_name"])),
        embedding_model=str(meta["embedding_model"]),
        embedding_dim=int(meta["embedding_dim"]),
        chunk_size=int(meta["chunk_size"]),
        chunk_overlap=int(meta["chunk_overlap"]),
        created_at=str(meta.get("created_at", "")),
        documents=store.count(collection, HEAD),
        chunks=store.count(collection),
        partial=store.count(collection, {"$and": [HEAD, {"doc_status": PARTIAL}]}),
        origin=origin_from_metadata(meta),
    )


def find_collection(store: ChromaStore, display_name: str) -> CollectionInfo:
    """One knowledge base by its display name."""
    return describe(store, open_collection(store, display_name))


def list_collections(store: ChromaStore) -> list[CollectionInfo]:
    """Every knowledge base with its counts, by name (staging copies of a re-index hidden)."""
    infos = []
    for collection in store.collections():
        meta = collection.metadata or {}
        display = meta.get("display_name")
        if meta.get(MARKER) and display and collection.name == chroma_name(str(display)):
            infos.append(describe(store, active(store, collection)))
    return sorted(infos, key=lambda info: info.display_name.casefold())


def delete_collection(store: ChromaStore, display_name: str) -> None:
    """Delete a knowledge base and all its chunks."""
    base = base_collection(store, display_name)
    holder = active(store, base)
    if holder.name != base.name:
        store.drop(holder.name)
    store.drop(base.name)


def touch(store: ChromaStore, collection: Collection) -> None:
    """Record that the collection's contents changed (keyword indexes rebuild)."""
    metadata = {**(collection.metadata or {}), "revision": uuid.uuid4().hex}
    store.modify(collection, metadata=metadata)


def list_documents(store: ChromaStore, display_name: str) -> list[DocumentInfo]:
    """The files ingested into a knowledge base, by name."""
    collection = open_collection(store, display_name)
    heads = store.records(collection, where=HEAD, include=["metadatas"])
    documents = [_document(store, collection, meta) for meta in heads["metadatas"] or []]
    return sorted(documents, key=lambda doc: doc.source.casefold())


def listed_sources(store: ChromaStore, collection: Collection, include_partial: bool) -> list[str]:
    """The file names a search may return chunks of: complete documents, and partial ones
    when asked (chunks of unlisted files never)."""
    heads = store.records(collection, where=HEAD, include=["metadatas"])
    return sorted(
        str(meta["source"])
        for meta in heads["metadatas"] or []
        if include_partial or meta.get("doc_status", COMPLETE) != PARTIAL
    )


def orphan_chunks(store: ChromaStore, display_name: str) -> dict[str, list[str]]:
    """Chunk ids by file name for files the knowledge base does not list (no entry)."""
    collection = open_collection(store, display_name)
    listed = set(listed_sources(store, collection, include_partial=True))
    orphans: dict[str, list[str]] = {}
    for page in store.pages(collection, include=["metadatas"]):
        for chunk_id, meta in zip(page["ids"], page["metadatas"] or [], strict=True):
            source = str((meta or {}).get("source", ""))
            if source not in listed:
                orphans.setdefault(source, []).append(chunk_id)
    return orphans


def delete_orphans(store: ChromaStore, display_name: str) -> int:
    """Delete every chunk whose file the knowledge base does not list; returns how many."""
    ids = [chunk_id for ids in orphan_chunks(store, display_name).values() for chunk_id in ids]
    if ids:
        collection = open_collection(store, display_name)
        store.delete(collection, ids)
        touch(store, collection)
    return len(ids)


def _document(store: ChromaStore, collection: Collection, meta: Any) -> DocumentInfo:
    pages = str(meta.get("doc_pages_without_text", ""))
    status = str(meta.get("doc_status", COMPLETE))
    chunks = int(meta.get("doc_chunks", 0))
    stored = store.count(collection, {"source": meta["source"]}) if status == PARTIAL else chunks
    return DocumentInfo(
        source=str(meta["source"]),
        kind=str(meta.get("doc_kind", "")),
        chunks=chunks,
        pages=int(meta.get("doc_pages", 0)),
        pages_without_text=tuple(int(p) for p in pages.split(",") if p),
        sha256=str(meta.get("doc_sha256", "")),
        ingested_at=str(meta.get("doc_ingested_at", "")),
        status=status,
        stored=stored,
        url=str(meta.get("doc_url", "")),
        retrieved_at=str(meta.get("doc_retrieved_at", "")),
    )


def document_chunks(store: ChromaStore, display_name: str, source: str) -> list[Chunk]:
    """One file's stored chunks in reading order, for browsing."""
    collection = open_collection(store, display_name)
    found = store.records(collection, where={"source": source})
    chunks = [
        Chunk(
            id=chunk_id,
            text=text or "",
            source=source,
            position=int(meta.get("position", 0)),
            **location_from_metadata(meta),
        )
        for chunk_id, text, meta in zip(
            found["ids"], found["documents"] or [], found["metadatas"] or [], strict=True
        )
    ]
    return reading_order(chunks)


def delete_document(store: ChromaStore, display_name: str, source: str) -> int:
    """Delete one file's chunks from a knowledge base; returns how many were removed."""
    collection = open_collection(store, display_name)
    ids = store.ids(collection, {"source": source})
    if ids:
        store.delete(collection, ids)
        touch(store, collection)
    return len(ids)


def language_warning(
    store: ChromaStore, display_name: str, model: str | None = None
) -> KbWarning | None:
    """Warn when a knowledge base is mostly Korean but embedded (or, with `model`, about to be
    re-indexed) with an English-only model."""
    collection = open_collection(store, display_name)
    sample = store.records(collection, include=["documents"], limit=LANGUAGE_SAMPLE)
    model = model or str((collection.metadata or {}).get("embedding_model", ""))
    return korean_model_warning(display_name.strip(), model, sample["documents"] or [])
