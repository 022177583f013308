"""A streamed answer: text chunks while it runs, timing and token stats afterwards."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

NANOS = 1e9


@dataclass(frozen=True)
class GenerationStats:
    """What one generation cost: measured here (wall clock) and reported by the daemon."""

    time_to_first_token: float | None
    wall_time: float
    total_duration: float
    load_duration: float
    prompt_tokens: int
    output_tokens: int
    eval_duration: float
    done_reason: str

    @property
    def tokens_per_second(self) -> float | None:
        """Output speed from the daemon's own eval_count / eval_duration."""
        return self.output_tokens / self.eval_duration if self.eval_duration > 0 else None


def stats_from_final_chunk(
    final: Any, time_to_first_token: float | None, wall_time: float
) -> GenerationStats:
    """Read the metrics of a chat/generate final chunk (durations arrive in nanoseconds)."""

    def number(name: str) -> float:
        value = getattr(final, name, None) if final is not None else None
        return float(value or 0)

    return GenerationStats(
        time_to_first_token=time_to_first_token,
        wall_time=wall_time,
        total_duration=number("total_duration") / NANOS,
        load_duration=number("load_duration") / NANOS,
        prompt_tokens=int(number("prompt_eval_count")),
        output_tokens=int(number("eval_count")),
        eval_duration=number("eval_duration") / NANOS,
        done_reason=str(getattr(final, "done_reason", "") or ""),
    )


@dataclass(frozen=True)
class ToolCall:
    """A function the model asked to call, with its arguments (a JSON object)."""

    name: str
    arguments: dict[str, Any]


@dataclass(frozen=True)
class Piece:
    """One streamed chunk: either answer text or thinking text."""

    text: str
    thinking: bool = False


class TextStream:
    """Iterate to get answer text; afterwards `.text`, `.thinking`, `.tool_calls` and `.stats`
    are filled."""

    def __init__(
        self,
        chunks: Iterable[Any],
        split: Callable[[Any], tuple[str, str]],
        guard: Callable[[Iterator[Any]], Iterator[Any]],
        calls: Callable[[Any], list[ToolCall]] | None = None,
    ) -> None:
        self._chunks = chunks
        self._split = split
        self._guard = guard
        self._calls = calls
        self.text = ""
        self.thinking = ""
        self.tool_calls: list[ToolCall] = []
        self.stats: GenerationStats | None = None

    def __iter__(self) -> Iterator[str]:
        for piece in self.pieces():
            if not piece.thinking:
                yield piece.text

    def pieces(self) -> Iterator[Piece]:
        """Yield answer and thinking chunks in arrival order, recording stats at the end."""
        started = time.perf_counter()
        first: float | None = None
        final = None
        for chunk in self._guard(iter(self._chunks)):
            thinking, text = self._split(chunk)
            if (thinking or text) and first is None:
                first = time.perf_counter() - started
            if thinking:
                self.thinking += thinking
                yield Piece(thinking, thinking=True)
            if text:
                self.text += text
                yield Piece(text)
            if self._calls is not None:
                self.tool_calls += self._calls(chunk)
            if getattr(chunk, "done", False):
                final = chunk
        self.stats = stats_from_final_chunk(final, first, time.perf_counter() - started)

    def consume(self) -> str:
        """Read the whole stream and return the answer text."""
        for _ in self:
            pass
        return self.text
