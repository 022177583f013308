"""Re-index a knowledge base with another embedding model: re-embed into a copy, then switch."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import Any

from chromadb.api.models.Collection import Collection

from workbench.kb.collections import (
    ACTIVE,
    CollectionInfo,
    active,
    base_collection,
    find_collection,
)
from workbench.kb.embedding import EmbeddingModel, embed_batch, resolve_embedding_model
from workbench.kb.ingest import RATE_KEY
from workbench.kb.origin import DIGEST_KEY, HOST_KEY, URL_KEY, EmbeddingOrigin, embedded_on
from workbench.kb.store import ChromaStore
from workbench.ollama import EMBED_BATCH, OllamaService

ReindexProgress = Callable[[int, int], None]


def reindex_collection(
    store: ChromaStore,
    service: OllamaService,
    display_name: str,
    embedding_model: str,
    on_progress: ReindexProgress | None = None,
    batch_size: int = EMBED_BATCH,
    host: str = "",
) -> CollectionInfo:
    """Re-embed every chunk with `embedding_model` on `service`'s host (labelled `host`,
    else its "host:port") into a staging copy, then switch to it; the copy records that host
    and the model's digest.

    The switch is one metadata write on the knowledge base's entry, so a failure at any point
    leaves either the old collection or the new one whole and in use. An interrupted run
    leaves the staging copy behind; running again continues it."""
    base = base_collection(store, display_name)
    live = active(store, base)
    model = resolve_embedding_model(service, embedding_model)
    origin = embedded_on(service, model.digest, host)
    staging = _staging(store, base.name, dict(live.metadata or {}), model, origin)
    done = {chunk_id for page in store.pages(staging, include=[]) for chunk_id in page["ids"]}
    total = store.count(live)
    copied = len(done)
    if on_progress:
        on_progress(copied, total)
    for page in store.pages(live):
        rows = [
            (chunk_id, text or "", dict(metadata or {}))
            for chunk_id, text, metadata in zip(
                page["ids"], page["documents"] or [], page["metadatas"] or [], strict=True
            )
            if chunk_id not in done
        ]
        for start in range(0, len(rows), batch_size):
            batch = rows[start : start + batch_size]
            texts = [text for _, text, _ in batch]
            vectors = embed_batch(service, model.name, texts, model.dimension, display_name)
            store.upsert(
                staging, [row[0] for row in batch], vectors, texts, [row[2] for row in batch]
            )
            copied += len(batch)
            if on_progress:
                on_progress(copied, total)
    _switch(store, base, live, staging)
    return find_collection(store, display_name)


def _staging(
    store: ChromaStore,
    base_name: str,
    meta: dict[str, Any],
    model: EmbeddingModel,
    origin: EmbeddingOrigin,
) -> Collection:
    """The staging copy for this model (one per model, so a re-run continues it)."""
    name = f"{base_name}-{hashlib.sha256(model.name.encode()).hexdigest()[:8]}"
    staging = store.collection(name)
    if staging is None:
        dropped = (RATE_KEY, ACTIVE, HOST_KEY, URL_KEY, DIGEST_KEY)
        kept = {key: value for key, value in meta.items() if key not in dropped}
        staging = store.create(
            name,
            {
                **kept,
                "embedding_model": model.name,
                "embedding_dim": model.dimension,
                "revision": uuid.uuid4().hex,
                **origin.metadata(),
            },
        )
    return staging


def _switch(store: ChromaStore, base: Collection, live: Collection, staging: Collection) -> None:
    """Point the entry at the staging copy in one write, then free the old chunks."""
    store.modify(base, metadata={**(base.metadata or {}), ACTIVE: staging.name})
    if live.name != base.name:
        store.drop(live.name)
        return
    for page in list(store.pages(base, include=[])):
        store.delete(base, page["ids"])
