"""The daemon calls of model-backed checks, made straight through an OllamaService (Compare
wraps them in its scheduler instead)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from workbench.ollama import OllamaService


class DaemonCheckModels:
    """CheckModels on an OllamaService: embeddings, and chat with a JSON schema at
    temperature 0 without thinking."""

    def __init__(self, service: OllamaService) -> None:
        self.service = service

    def embed(self, model: str, texts: Sequence[str]) -> list[list[float]]:
        """One embedding per text."""
        return self.service.embed(model, list(texts))

    def chat(self, model: str, messages: list[dict[str, Any]], schema: dict[str, Any]) -> str:
        """The model's whole answer, asked to follow `schema`."""
        stream = self.service.chat(
            model, messages, options={"temperature": 0}, think=False, format=schema
        )
        return stream.consume()
