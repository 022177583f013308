"""Re-index a knowledge base with another embedding model: re-embed into a copy, then swap."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from chromadb.api.models.Collection import Collection

from workbench.kb.collections import CollectionInfo, find_collection, open_collection
from workbench.kb.embedding import EmbeddingModel, embed_batch, resolve_embedding_model, same_model
from workbench.kb.ingest import RATE_KEY
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
) -> CollectionInfo:
    """Re-embed every chunk with `embedding_model` into a staging copy and swap it in.

    An interrupted run leaves the staging copy behind; running again continues it."""
    live = open_collection(store, display_name)
    meta = dict(live.metadata or {})
    model = resolve_embedding_model(service, embedding_model)
    staging = _staging(store, f"{live.name}-reindex", meta, model)
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
    _swap(store, live, staging)
    return find_collection(store, display_name)


def _staging(
    store: ChromaStore, name: str, meta: dict[str, Any], model: EmbeddingModel
) -> Collection:
    staging = store.collection(name)
    if staging is not None and not same_model(
        str((staging.metadata or {}).get("embedding_model", "")), model.name
    ):
        store.drop(name)
        staging = None
    if staging is None:
        staging = store.create(
            name,
            {
                **{key: value for key, value in meta.items() if key != RATE_KEY},
                "embedding_model": model.name,
                "embedding_dim": model.dimension,
                "revision": uuid.uuid4().hex,
            },
        )
    return staging


def _swap(store: ChromaStore, live: Collection, staging: Collection) -> None:
    """Rename the old collection aside, the staging copy into place, then drop the old one."""
    live_name, retired_name = live.name, f"{live.name}-retired"
    if store.collection(retired_name) is not None:
        store.drop(retired_name)
    store.modify(live, name=retired_name)
    store.modify(staging, name=live_name)
    store.drop(retired_name)
