"""Events a comparison run puts on its queue for the UI thread to draw."""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass
from typing import Any, Literal

EventKind = Literal[
    "policy",
    "warmup",
    "queued",
    "started",
    "token",
    "thinking",
    "done",
    "checked",
    "error",
    "cancelled",
    "warning",
    "finished",
]
CELL_KINDS = frozenset(
    {"queued", "started", "token", "thinking", "done", "checked", "error", "cancelled"}
)


@dataclass(frozen=True)
class CompareEvent:
    """One thing that happened: `at` is seconds since the run started; cell_id None = run-wide."""

    kind: EventKind
    cell_id: str | None
    repeat: int
    payload: Any
    at: float


class EventQueue:
    """A thread-safe FIFO of events that the UI thread drains without blocking the workers."""

    def __init__(self) -> None:
        self._queue: queue.SimpleQueue[CompareEvent] = queue.SimpleQueue()
        self._ready = threading.Event()

    def put(self, event: CompareEvent) -> None:
        """Add an event (called from worker threads)."""
        self._queue.put(event)
        self._ready.set()

    def drain(self) -> list[CompareEvent]:
        """Every event queued so far, oldest first; never blocks."""
        self._ready.clear()
        events = []
        while True:
            try:
                events.append(self._queue.get_nowait())
            except queue.Empty:
                return events

    def wait(self, timeout: float) -> list[CompareEvent]:
        """Wait up to `timeout` seconds for at least one event, then drain."""
        self._ready.wait(timeout)
        return self.drain()
