"""Embedding models for knowledge bases: check the choice, embed one batch per request."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from workbench.kb import errors
from workbench.ollama import OllamaService, with_default_tag


@dataclass(frozen=True)
class EmbeddingModel:
    """An installed embedding model, the size of its vectors and its digest (from /api/tags)."""

    name: str
    dimension: int
    digest: str = ""


def same_model(a: str, b: str) -> bool:
    """True when two names denote the same model (':latest' implied, case ignored)."""
    return with_default_tag(a.strip()).lower() == with_default_tag(b.strip()).lower()


def resolve_embedding_model(service: OllamaService, model: str) -> EmbeddingModel:
    """The installed model with embedding capability and its dimension; others are refused."""
    installed = service.list_models()
    match = next((m for m in installed if same_model(m.name, model)), None)
    if match is None:
        raise errors.model_not_installed(model)
    if not match.is_embedding:
        available = [m.name for m in installed if m.is_embedding]
        raise errors.not_embedding_model(match.name, available)
    dimension = service.show(match.name).embedding_length
    if not dimension:
        dimension = len(service.embed(match.name, ["dimension probe"])[0])
    return EmbeddingModel(match.name, dimension, match.digest)


def embed_batch(
    service: OllamaService, model: str, texts: Sequence[str], dimension: int, collection: str
) -> list[list[float]]:
    """Embed texts in ONE /api/embed request and check the vector size the collection expects."""
    if not texts:
        return []
    vectors = service.embed(model, list(texts), batch_size=len(texts))
    for vector in vectors:
        if len(vector) != dimension:
            raise errors.dimension_mismatch(collection, model, dimension, len(vector))
    return vectors
