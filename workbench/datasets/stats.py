"""Per-example size: characters and estimated tokens, with the Playground's token estimate."""

from __future__ import annotations

from workbench.datasets.selection import Example
from workbench.playground import estimate_prompt_tokens


def example_stats(item: Example) -> dict[str, int]:
    """Characters and estimated tokens of the prompt messages and of the target answer (both
    token counts include each message's role markers), and the tokens in all."""
    answer = ({"role": "assistant", "content": item.target},)
    prompt_tokens = estimate_prompt_tokens(item.messages)
    answer_tokens = estimate_prompt_tokens(answer)
    return {
        "prompt_chars": sum(len(str(m.get("content", ""))) for m in item.messages),
        "answer_chars": len(item.target),
        "prompt_tokens": prompt_tokens,
        "answer_tokens": answer_tokens,
        "total_tokens": prompt_tokens + answer_tokens,
    }
