"""Stream one generation of a comparison cell and measure it into an Attempt."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Literal

from workbench.compare.fairness import Job, RunSettings
from workbench.compare.results import CANCELLED, DONE, ERROR, Attempt
from workbench.errors import Reason, WorkbenchError
from workbench.ollama import GenerationStats, OllamaService, TextStream
from workbench.tools import tool_payload

PieceKind = Literal["token", "thinking"]


def generate_attempt(
    service: OllamaService,
    job: Job,
    options: dict[str, Any],
    settings: RunSettings,
    queue_wait: float,
    on_piece: Callable[[PieceKind, str], None],
    cancelled: Callable[[], bool],
    host: str = "",
    name: str | None = None,
) -> Attempt:
    """Send the request now (for model `name`, default the cell's, on the daemon labelled
    `host`), report every piece, and return the measured attempt."""
    cell = job.cell
    base = {"cell_id": cell.id, "repeat": job.repeat, "model": cell.model, "options": options}
    base["host"] = host
    started_at, sent = time.time(), time.perf_counter()
    first: float | None = None
    stream: TextStream | None = None
    status, error = DONE, None
    try:
        stream = service.chat(
            name or cell.model,
            list(cell.messages),
            options=options,
            think=settings.think,
            keep_alive=settings.keep_alive,
            format=cell.output_schema,
            tools=[tool_payload(tool) for tool in cell.tools] or None,
        )
        pieces = stream.pieces()
        try:
            for piece in pieces:
                if cancelled():
                    status = CANCELLED
                    break
                if first is None:
                    first = time.perf_counter() - sent
                on_piece("thinking" if piece.thinking else "token", piece.text)
        finally:
            pieces.close()
    except WorkbenchError as exc:
        status, error = ERROR, exc
    except Exception as exc:  # anything unexpected still belongs to this cell only
        status, error = ERROR, WorkbenchError(detail=str(exc))
    total = time.perf_counter() - sent
    stats = stream.stats if stream is not None and status == DONE else None
    return Attempt(
        **base,
        status=status,
        text=stream.text if stream else "",
        thinking=stream.thinking if stream else "",
        queue_wait=queue_wait,
        time_to_first_token=first,
        total_time=total,
        started_at=started_at,
        error_code=error.code if error else "",
        error_message=error.message if error else "",
        error_params=plain_params(error.params) if error else {},
        tool_calls=_calls(stream) if stream else [],
        **_daemon_metrics(stats),
    )


def plain_params(params: dict[str, Any]) -> dict[str, Any]:
    """Error parameters as JSON-ready values, to translate the message later."""
    return {key: _plain(value) for key, value in params.items()}


def _plain(value: Any) -> str | int | float | bool:
    """A parameter as JSON-ready: a nested catalog reason (e.g. "none") as a dash."""
    if isinstance(value, str | int | float | bool):
        return value
    return "—" if isinstance(value, Reason) else str(value)


def _calls(stream: TextStream) -> list[dict[str, Any]]:
    """The tool calls the model made, as plain data."""
    return [{"name": call.name, "arguments": dict(call.arguments)} for call in stream.tool_calls]


def _daemon_metrics(stats: GenerationStats | None) -> dict[str, Any]:
    if stats is None:
        return {}
    return {
        "load_time": stats.load_duration,
        "prompt_tokens": stats.prompt_tokens,
        "output_tokens": stats.output_tokens,
        "tokens_per_second": stats.tokens_per_second,
        "done_reason": stats.done_reason,
    }
