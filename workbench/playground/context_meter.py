"""How much of the model's context a prompt takes: an estimate before sending, the daemon's own
count after, and which context size applies."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.tokens import estimate_text_tokens

AUTO_CONTEXT = 4096  # Ollama's automatic num_ctx on a CPU or with under 24 GiB of VRAM
TOKENS_PER_MESSAGE = 4  # the chat template's role markers around each message
NEARLY_FULL = 0.9  # a prompt this close to the context was probably cut by the daemon


@dataclass(frozen=True)
class ContextSize:
    """The context a request gets, and where that number comes from."""

    tokens: int
    source: str  # "option", "model", "loaded" or "automatic"


def context_size(
    options: Mapping[str, Any],
    model_parameters: Mapping[str, Any],
    loaded_context: int | None,
    trained_context: int | None,
) -> ContextSize:
    """num_ctx sent with the request, else the model's own PARAMETER num_ctx, else what the loaded
    runner uses (/api/ps), else Ollama's automatic value, never above the trained length."""
    for value, source in (
        (options.get("num_ctx"), "option"),
        (model_parameters.get("num_ctx"), "model"),
        (loaded_context, "loaded"),
    ):
        if isinstance(value, int) and value > 0:
            return ContextSize(value, source)
    size = min(AUTO_CONTEXT, trained_context) if trained_context else AUTO_CONTEXT
    return ContextSize(size, "automatic")


def estimate_prompt_tokens(messages: Sequence[Mapping[str, Any]]) -> int:
    """The estimated prompt size of a chat: every message's text plus its role markers."""
    return sum(
        estimate_text_tokens(str(m.get("content", ""))) + TOKENS_PER_MESSAGE for m in messages
    )


def probably_cut(prompt_tokens: int, size: int) -> bool:
    """True when the prompt filled the context so far that Ollama likely dropped its start."""
    return prompt_tokens >= size * NEARLY_FULL
