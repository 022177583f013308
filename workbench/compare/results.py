"""The outcome of one generation in a comparison: output, thinking, timings, tokens or error."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

DONE = "done"
ERROR = "error"
CANCELLED = "cancelled"
METRICS = (
    "queue_wait",
    "time_to_first_token",
    "total_time",
    "load_time",
    "prompt_tokens",
    "output_tokens",
    "tokens_per_second",
)


@dataclass(frozen=True)
class Attempt:
    """One repeat of one cell: `status` is done, error or cancelled; times are in seconds;
    `tool_calls` are the calls the model made, each {"name": ..., "arguments": {...}};
    `checks` are the cell's check verdicts on this answer (workbench.checks result dicts);
    `host` is the label of the daemon that answered ("" for a run on one service)."""

    cell_id: str
    repeat: int
    model: str
    status: str
    text: str = ""
    thinking: str = ""
    queue_wait: float | None = None
    time_to_first_token: float | None = None
    total_time: float | None = None
    load_time: float | None = None
    prompt_tokens: int | None = None
    output_tokens: int | None = None
    tokens_per_second: float | None = None
    done_reason: str = ""
    error_code: str = ""
    error_message: str = ""
    error_params: dict[str, Any] = field(default_factory=dict)
    options: dict[str, Any] = field(default_factory=dict)
    started_at: float | None = None
    tool_calls: list[dict[str, Any]] = field(default_factory=list)
    checks: list[dict[str, Any]] = field(default_factory=list)
    host: str = ""

    @property
    def key(self) -> str:
        """`cell_id#repeat`, unique within a run."""
        return f"{self.cell_id}#{self.repeat}"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of every field."""
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attempt:
        """Rebuild an attempt from to_dict output (unknown keys are ignored)."""
        names = cls.__dataclass_fields__
        return cls(**{k: v for k, v in data.items() if k in names})
