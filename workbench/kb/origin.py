"""Where a knowledge base was embedded: the host's label and URL and the model's digest."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from chromadb.api.models.Collection import Collection

from workbench.hosts import host_label
from workbench.kb.store import ChromaStore
from workbench.ollama import OllamaService

HOST_KEY = "embedding_host"
URL_KEY = "embedding_host_url"
DIGEST_KEY = "embedding_digest"
SHORT_DIGEST = 12


@dataclass(frozen=True)
class EmbeddingOrigin:
    """The host a knowledge base embedded on and its embedding model's digest ("" = unknown:
    a collection made before several hosts were supported)."""

    host: str = ""
    url: str = ""
    digest: str = ""

    def metadata(self) -> dict[str, str]:
        """The collection metadata entries for the known parts."""
        entries = {HOST_KEY: self.host, URL_KEY: self.url, DIGEST_KEY: self.digest}
        return {key: value for key, value in entries.items() if value}


UNKNOWN_ORIGIN = EmbeddingOrigin()


def origin_from_metadata(meta: Mapping[str, Any] | None) -> EmbeddingOrigin:
    """The origin a collection's metadata records (empty parts for an older collection)."""
    meta = meta or {}
    return EmbeddingOrigin(
        host=str(meta.get(HOST_KEY, "")),
        url=str(meta.get(URL_KEY, "")),
        digest=str(meta.get(DIGEST_KEY, "")),
    )


def embedded_on(service: OllamaService, digest: str, host: str = "") -> EmbeddingOrigin:
    """The origin of vectors made by `service`'s daemon (labelled `host`, else "host:port")."""
    return EmbeddingOrigin(host or host_label(service.host), service.host, digest)


def short_digest(digest: str) -> str:
    """The first 12 hex digits of a digest, as `ollama list` shows it ("-" when unknown)."""
    return digest.removeprefix("sha256:")[:SHORT_DIGEST] or "-"


def remember_origin(store: ChromaStore, collection: Collection, origin: EmbeddingOrigin) -> bool:
    """Record the origin on a collection that has no digest yet (an older one learns it on its
    next embed); True when it was written."""
    meta = collection.metadata or {}
    if origin_from_metadata(meta).digest or not origin.digest:
        return False
    store.modify(collection, metadata={**meta, **origin.metadata()})
    return True
