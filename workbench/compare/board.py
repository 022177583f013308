"""What the Compare page draws: each cell's live state, folded from the run's events."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from workbench.compare.events import CELL_KINDS, CompareEvent
from workbench.compare.grid import Cell
from workbench.compare.results import Attempt


@dataclass
class CellState:
    """One cell on screen: status (queued/running/done/error/cancelled) and its current text."""

    cell: Cell
    status: str = "queued"
    repeat: int = 0
    position: int | None = None
    text: str = ""
    thinking: str = ""
    queue_wait: float | None = None
    host: str = ""  # the daemon answering now (several daemons only)
    attempts: list[Attempt] = field(default_factory=list)

    @property
    def error(self) -> str:
        """The last attempt's error message, if it failed."""
        last = self.attempts[-1] if self.attempts else None
        return last.error_message if last else ""


class Board:
    """The live grid: call apply() with every drained batch of events, then draw `cells`."""

    def __init__(self, cells: Sequence[Cell]) -> None:
        self.cells = {cell.id: CellState(cell) for cell in cells}
        self.policy: dict[str, Any] | None = None
        self.warmups: list[dict[str, Any]] = []
        self.warnings: list[dict[str, Any]] = []
        self.finished: str | None = None

    def apply(self, events: Iterable[CompareEvent]) -> None:
        """Fold events into the board, in order."""
        for event in events:
            if event.kind in CELL_KINDS and event.cell_id in self.cells:
                self._apply_cell(self.cells[event.cell_id], event)
            elif event.kind == "policy":
                self.policy = event.payload
            elif event.kind == "warmup":
                self.warmups.append(event.payload)
            elif event.kind == "warning":
                self.warnings.append(event.payload)
            elif event.kind == "finished":
                self.finished = event.payload["status"]

    def _apply_cell(self, state: CellState, event: CompareEvent) -> None:
        kind, payload = event.kind, event.payload
        if kind == "queued":
            if state.position is None:
                state.position = payload["position"]
        elif kind == "started":
            state.status, state.repeat = "running", event.repeat
            state.text, state.thinking = "", ""
            state.queue_wait = payload["queue_wait"]
            state.host = payload.get("host", "")
        elif kind == "token":
            state.text += payload
        elif kind == "thinking":
            state.thinking += payload
        elif kind == "checked":
            state.attempts = [payload if a.key == payload.key else a for a in state.attempts]
        else:
            state.attempts.append(payload)
            state.status = kind
            state.text, state.thinking = payload.text, payload.thinking

    @property
    def counts(self) -> dict[str, int]:
        """How many cells are in each status."""
        counts: dict[str, int] = {}
        for state in self.cells.values():
            counts[state.status] = counts.get(state.status, 0) + 1
        return counts
