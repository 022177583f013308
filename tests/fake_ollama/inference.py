"""Helpers shared by the model-running endpoints: keep_alive, think, options, metrics."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from .gofmt import go_quote, parse_keep_alive
from .models import FakeModel
from .options import OptionError, effective_options
from .transport import ApiError

THINK_LEVELS = ("high", "medium", "low", "max")
_THINK_CHOICES = '"high", "medium", "low", "max", true, or false'


def keep_alive_of(body: dict[str, Any]) -> float | None:
    """The request's keep_alive in seconds (inf = forever, None = default); 400 when bad."""
    try:
        return parse_keep_alive(body.get("keep_alive"))
    except ValueError as exc:
        raise ApiError(400, str(exc)) from None


def think_of(body: dict[str, Any]) -> bool | str | None:
    """The request's think value; 400 when it is not a bool or a known level."""
    value = body.get("think")
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value in THINK_LEVELS:
            return value
        raise ApiError(400, f"invalid think value: {go_quote(value)} (must be {_THINK_CHOICES})")
    raise ApiError(400, f"think must be a boolean or string ({_THINK_CHOICES})")


def options_of(model: FakeModel, body: dict[str, Any]) -> dict[str, Any]:
    """Model parameters merged with request options; 500 on a mistyped option."""
    try:
        return effective_options(model.parameters, body.get("options"))
    except OptionError as exc:
        raise ApiError(500, str(exc)) from None


def context_length(model: FakeModel, options: dict[str, Any]) -> int:
    """The context window a runner would be loaded with."""
    wanted = int(options.get("num_ctx") or 4096)
    return max(min(wanted, model.context_length), 1)


def require_model(state: Any, name: str, message: str) -> FakeModel:
    """Look a model up or answer 404 with the given message."""
    model = state.find(name) if name else None
    if model is None:
        raise ApiError(404, message)
    return model


@dataclass
class Clock:
    """Timings of one request, reported as integer nanoseconds."""

    start: int = field(default_factory=time.monotonic_ns)
    load_ns: int = 0
    eval_start: int = 0

    def begin_eval(self) -> None:
        """Mark when token generation starts."""
        self.eval_start = time.monotonic_ns()

    def metrics(self, prompt_eval_count: int, eval_count: int) -> dict[str, int]:
        """The done-chunk metrics, in Ollama's key order."""
        now = time.monotonic_ns()
        prompt_ns = prompt_eval_count * 250_000 + 1_000_000
        eval_ns = max(now - (self.eval_start or now), eval_count * 1_000_000, 1)
        total = max(now - self.start, self.load_ns + prompt_ns + eval_ns)
        return {
            "total_duration": total,
            "load_duration": self.load_ns,
            "prompt_eval_count": prompt_eval_count,
            "prompt_eval_duration": prompt_ns,
            "eval_count": eval_count,
            "eval_duration": eval_ns,
        }
