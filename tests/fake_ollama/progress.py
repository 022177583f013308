"""Progress streams for /api/pull and /api/create: status lines, errors before or after the
first line, and the non-streamed single answer."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeAlias

from .gofmt import PLAIN_JSON_CT
from .models import FakeModel
from .state import DaemonState
from .transport import Exchange


@dataclass
class ProgressError:
    """An error inside a progress stream; status applies only before the first line."""

    message: str
    status: int = 500


Event: TypeAlias = "dict[str, Any] | ProgressError"


def send_progress(ex: Exchange, events: Iterable[Event], stream: bool) -> None:
    """Answer with a progress stream (or, when not streaming, the last event)."""
    latest: dict[str, Any] = {}
    out = None
    for event in events:
        if isinstance(event, ProgressError):
            if out is None:
                ex.send_json(event.status, {"error": event.message}, PLAIN_JSON_CT)
            else:
                out.send({"error": event.message})
                out.end()
            return
        if stream:
            out = out or ex.stream()
            out.send(event)
        latest = event
    if out is not None:
        out.end()
    else:
        ex.send_json(200, latest, PLAIN_JSON_CT)


def pull_events(state: DaemonState, model: FakeModel) -> Iterator[dict[str, Any]]:
    """The layer download lines of a pull, up to and including "writing manifest"."""
    yield {"status": "pulling manifest"}
    for _, digest, total in model.layers():
        status = {"status": f"pulling {digest[:12]}", "digest": f"sha256:{digest}"}
        steps = 4 if total > 1_000_000 else 1
        yield {**status, "total": total}
        for step in range(1, steps + 1):
            state.sleep(state.settings.token_delay)
            yield {**status, "total": total, "completed": total * step // steps}
    yield {"status": "verifying sha256 digest"}
    yield {"status": "writing manifest"}
