"""The Chroma store: embedded or a server, always with our own precomputed embeddings."""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from typing import Any, ParamSpec, TypeVar

import chromadb
import httpx
import numpy as np
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError, NotFoundError

from workbench.kb.errors import store_unavailable
from workbench.settings import Settings

P = ParamSpec("P")
R = TypeVar("R")
SPACE = {"hnsw": {"space": "cosine"}}
STORE_FAILURES = (ChromaError, httpx.HTTPError, OSError, sqlite3.Error)
MAX_DETAIL = 300


def _guarded(method: Callable[P, R]) -> Callable[P, R]:
    """Report a Chroma, network or disk failure inside a store method as StoreUnavailable."""

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return method(*args, **kwargs)
        except STORE_FAILURES as exc:
            location = str(getattr(args[0], "location", "Chroma"))
            detail = (str(exc) or type(exc).__name__)[:MAX_DETAIL]
            raise store_unavailable(location, detail) from exc

    return wrapper


class ChromaStore:
    """Every call the knowledge base makes to Chroma, with errors mapped to ours."""

    def __init__(self, client: ClientAPI, location: str) -> None:
        self.client = client
        self.location = location

    @classmethod
    def from_settings(cls, settings: Settings) -> ChromaStore:
        """A Chroma server when CHROMA_HOST is set, else the embedded store in the data dir."""
        chroma_settings = ChromaSettings(anonymized_telemetry=False)
        if settings.chroma_host:
            location = f"{settings.chroma_host}:{settings.chroma_port or 8000}"
            try:
                client = chromadb.HttpClient(
                    host=settings.chroma_host,
                    port=settings.chroma_port or 8000,
                    settings=chroma_settings,
                )
            except (ValueError, *STORE_FAILURES) as exc:
                raise store_unavailable(location, str(exc)[:MAX_DETAIL]) from exc
            return cls(client, location)
        settings.chroma_dir.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(path=str(settings.chroma_dir), settings=chroma_settings)
        return cls(client, str(settings.chroma_dir))

    @functools.cached_property
    def max_batch(self) -> int:
        """The most records Chroma accepts in one call."""
        return int(self.client.get_max_batch_size())

    @_guarded
    def collections(self) -> list[Collection]:
        """Every collection in the store."""
        return list(self.client.list_collections())

    @_guarded
    def collection(self, name: str) -> Collection | None:
        """The collection with this Chroma name, or None."""
        try:
            return self.client.get_collection(name, embedding_function=None)
        except NotFoundError:
            return None

    @_guarded
    def create(self, name: str, metadata: dict[str, Any]) -> Collection:
        """A new cosine-space collection without an embedding function."""
        return self.client.create_collection(
            name, metadata=metadata, configuration=SPACE, embedding_function=None
        )

    @_guarded
    def drop(self, name: str) -> None:
        """Delete a collection and everything in it."""
        self.client.delete_collection(name)

    @_guarded
    def modify(self, collection: Collection, **changes: Any) -> None:
        """Rename a collection or replace its metadata."""
        collection.modify(**changes)

    @_guarded
    def count(self, collection: Collection, where: dict[str, Any] | None = None) -> int:
        """How many records the collection holds (matching `where`, if given)."""
        if where is None:
            return collection.count()
        return len(collection.get(where=where, include=[])["ids"])

    @_guarded
    def ids(self, collection: Collection, where: dict[str, Any]) -> list[str]:
        """Ids of the records whose metadata match `where`."""
        return list(collection.get(where=where, include=[])["ids"])

    @_guarded
    def records(
        self,
        collection: Collection,
        ids: Sequence[str] | None = None,
        where: dict[str, Any] | None = None,
        include: Sequence[str] = ("documents", "metadatas"),
        limit: int | None = None,
        offset: int | None = None,
    ) -> dict[str, Any]:
        """Records by id, filter or page, with the requested fields."""
        return dict(
            collection.get(
                ids=list(ids) if ids is not None else None,
                where=where,
                include=list(include),  # type: ignore[arg-type]
                limit=limit,
                offset=offset,
            )
        )

    def pages(
        self, collection: Collection, include: Sequence[str] = ("documents", "metadatas")
    ) -> Iterator[dict[str, Any]]:
        """Every record of a collection, one page of at most `max_batch` records at a time."""
        offset = 0
        while True:
            page = self.records(collection, include=include, limit=self.max_batch, offset=offset)
            if not page["ids"]:
                return
            yield page
            offset += len(page["ids"])

    @_guarded
    def upsert(
        self,
        collection: Collection,
        ids: Sequence[str],
        embeddings: Sequence[Sequence[float]],
        documents: Sequence[str],
        metadatas: Sequence[dict[str, Any]],
    ) -> None:
        """Store records with their precomputed embeddings, in batches Chroma accepts."""
        step = self.max_batch
        for start in range(0, len(ids), step):
            end = start + step
            collection.upsert(
                ids=list(ids[start:end]),
                embeddings=np.asarray(embeddings[start:end], dtype=np.float32),
                documents=list(documents[start:end]),
                metadatas=list(metadatas[start:end]),
            )

    @_guarded
    def update_metadata(
        self, collection: Collection, ids: Sequence[str], metadatas: Sequence[dict[str, Any]]
    ) -> None:
        """Merge new metadata into existing records."""
        collection.update(ids=list(ids), metadatas=list(metadatas))

    @_guarded
    def delete(self, collection: Collection, ids: Sequence[str]) -> None:
        """Delete records by id, in batches Chroma accepts."""
        for start in range(0, len(ids), self.max_batch):
            collection.delete(ids=list(ids[start : start + self.max_batch]))

    @_guarded
    def query(
        self,
        collection: Collection,
        vector: Sequence[float],
        n_results: int,
        where: dict[str, Any] | None = None,
    ) -> list[tuple[str, str, dict[str, Any], float]]:
        """Nearest records to a query vector: (id, text, metadata, cosine distance)."""
        found = collection.query(
            query_embeddings=np.asarray([vector], dtype=np.float32),
            n_results=n_results,
            where=where,
            include=["documents", "metadatas", "distances"],
        )
        ids = found["ids"][0]
        documents = (found["documents"] or [[]])[0]
        metadatas = (found["metadatas"] or [[]])[0]
        distances = (found["distances"] or [[]])[0]
        return [
            (ids[i], documents[i] or "", dict(metadatas[i] or {}), float(distances[i]))
            for i in range(len(ids))
        ]
