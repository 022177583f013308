"""Retrieval: the top-k chunks for a question, by vector or hybrid (BM25 + vector, RRF)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from chromadb.api.models.Collection import Collection

from workbench.kb import errors
from workbench.kb.collections import listed_sources, open_collection
from workbench.kb.embedders import Embedders, embedding_service
from workbench.kb.embedding import embed_batch, same_model
from workbench.kb.keywords import Bm25Index, IndexCache
from workbench.kb.location import Located, location_from_metadata
from workbench.kb.store import ChromaStore

RRF_K = 60
MIN_CANDIDATES = 20


@dataclass(frozen=True)
class RetrievedChunk(Located):
    """A chunk found for a question: its text, where it comes from and how close it is."""

    id: str
    text: str
    source: str
    score: float
    keyword_score: float = 0.0
    fused_score: float = 0.0


@dataclass(frozen=True)
class _KeywordIndex:
    ids: list[str]
    texts: list[str]
    metadatas: list[dict[str, Any]]
    bm25: Bm25Index


_INDEXES: IndexCache[_KeywordIndex] = IndexCache()


def search(
    store: ChromaStore,
    service: Embedders,
    display_name: str,
    query: str,
    k: int = 5,
    embedding_model: str | None = None,
    hybrid: bool = True,
    include_partial: bool = False,
) -> list[RetrievedChunk]:
    """The k chunks that best answer `query`, never the same text twice; chunks of partial
    documents only with `include_partial`, of unlisted files never. Another embedding model
    than the collection's is refused. With FleetEmbedders the question is embedded on a daemon
    whose model has the collection's digest (kb.placement.embedding_host)."""
    collection = open_collection(store, display_name)
    meta = collection.metadata or {}
    built_with = str(meta["embedding_model"])
    if embedding_model and not same_model(embedding_model, built_with):
        raise errors.model_mismatch(str(meta["display_name"]), built_with, embedding_model)
    sources = listed_sources(store, collection, include_partial)
    where = {"source": {"$in": sources}}
    total = store.count(collection, where) if sources else 0
    if not query.strip() or total == 0:
        return []
    dimension = int(meta["embedding_dim"])
    embedder = embedding_service(store, service, display_name)
    vector = embed_batch(embedder, built_with, [query], dimension, str(meta["display_name"]))[0]
    candidates = min(max(k * 4, MIN_CANDIDATES), total)
    hits = [
        _chunk(chunk_id, text, metadata, 1.0 - distance)
        for chunk_id, text, metadata, distance in store.query(collection, vector, candidates, where)
    ]
    if not hybrid:
        return distinct(hits, k)
    return _fuse(store, collection, query, vector, hits, candidates, k, set(sources))


def distinct(hits: Sequence[RetrievedChunk], k: int) -> list[RetrievedChunk]:
    """The first k hits whose text has not been seen in an earlier hit."""
    seen: set[str] = set()
    kept = []
    for hit in hits:
        if hit.text not in seen:
            seen.add(hit.text)
            kept.append(hit)
    return kept[:k]


def _chunk(chunk_id: str, text: str, metadata: dict[str, Any], score: float) -> RetrievedChunk:
    return RetrievedChunk(
        id=chunk_id,
        text=text,
        source=str(metadata.get("source", "")),
        score=score,
        **location_from_metadata(metadata),
    )


def _fuse(
    store: ChromaStore,
    collection: Collection,
    query: str,
    vector: Sequence[float],
    hits: list[RetrievedChunk],
    candidates: int,
    k: int,
    sources: set[str],
) -> list[RetrievedChunk]:
    """Reciprocal-rank fusion of the vector hits and the BM25 hits of the allowed sources."""
    index = keyword_index(store, collection)
    keyword_hits = [
        (position, score)
        for position, score in index.bm25.top(query, candidates * 2)
        if index.metadatas[position].get("source") in sources
    ][:candidates]
    fused: dict[str, float] = {}
    for rank, hit in enumerate(hits, start=1):
        fused[hit.id] = fused.get(hit.id, 0.0) + 1.0 / (RRF_K + rank)
    keyword_scores: dict[str, float] = {}
    for rank, (position, score) in enumerate(keyword_hits, start=1):
        chunk_id = index.ids[position]
        keyword_scores[chunk_id] = score
        fused[chunk_id] = fused.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank)
    by_id = {hit.id: hit for hit in hits}
    text_of = {index.ids[position]: index.texts[position] for position, _ in keyword_hits}
    text_of.update({hit.id: hit.text for hit in hits})
    ranked = sorted(fused, key=lambda chunk_id: (-fused[chunk_id], chunk_id))
    seen: set[str] = set()
    best = []
    for chunk_id in ranked:
        if text_of[chunk_id] not in seen:
            seen.add(text_of[chunk_id])
            best.append(chunk_id)
    best = best[:k]
    missing = [chunk_id for chunk_id in best if chunk_id not in by_id]
    by_id.update(_keyword_only(store, collection, index, missing, vector))
    return [
        replace(
            by_id[chunk_id],
            keyword_score=keyword_scores.get(chunk_id, 0.0),
            fused_score=fused[chunk_id],
        )
        for chunk_id in best
    ]


def _keyword_only(
    store: ChromaStore,
    collection: Collection,
    index: _KeywordIndex,
    ids: list[str],
    vector: Sequence[float],
) -> dict[str, RetrievedChunk]:
    """Chunks found only by keywords, with their real similarity to the question."""
    if not ids:
        return {}
    found = store.records(collection, ids=ids, include=["embeddings"])
    embeddings = dict(zip(found["ids"], found["embeddings"], strict=True))
    position = {chunk_id: i for i, chunk_id in enumerate(index.ids)}
    chunks = {}
    for chunk_id in ids:
        i = position[chunk_id]
        similarity = cosine(vector, embeddings.get(chunk_id))
        chunks[chunk_id] = _chunk(chunk_id, index.texts[i], index.metadatas[i], similarity)
    return chunks


def cosine(a: Sequence[float], b: Sequence[float] | None) -> float:
    """Cosine similarity of two vectors (0.0 when one is missing or zero)."""
    if b is None:
        return 0.0
    dot = sum(x * y for x, y in zip(a, b, strict=False))
    norm = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return float(dot / norm) if norm else 0.0


def keyword_index(store: ChromaStore, collection: Collection) -> _KeywordIndex:
    """The collection's BM25 index, rebuilt only when its contents changed."""
    meta = collection.metadata or {}
    key = (str(collection.id), str(meta.get("revision", "")), str(store.count(collection)))
    cached = _INDEXES.get(key)
    if cached is not None:
        return cached
    ids: list[str] = []
    texts: list[str] = []
    metadatas: list[dict[str, Any]] = []
    for page in store.pages(collection):
        ids.extend(page["ids"])
        texts.extend(text or "" for text in page["documents"] or [])
        metadatas.extend(dict(m or {}) for m in page["metadatas"] or [])
    index = _KeywordIndex(ids, texts, metadatas, Bm25Index(texts))
    _INDEXES.put(key, index)
    return index
